"""Bulk import benchmark: asterisk-ara import against the database's own floor.

    python bench/import_bench.py [--users 1000000] [--rounds 3] [--skip-mysql] [--skip-sqlite]

For N generated WebRTC users it measures, each on a fresh scratch database, ``--rounds`` times:
  (a) `asterisk-ara import FILE` into empty tables (a separate process, as users run it), with the peak RSS of
      all its processes added together (of (a) and (b), whichever is larger)
  (b) `asterisk-ara import FILE2 --mode upsert` over the rows (a) wrote, where FILE2 changes the context
      of 10% of the users
  (c) the floor: the same rows, pre-rendered (hashing done outside the timing), loaded into the three
      tables in one transaction by the database's own bulk path: PostgreSQL `psql \\copy`, MariaDB
      `LOAD DATA LOCAL INFILE` (the `mariadb` client), SQLite `executemany` of the prepared tuples
      (with the PRAGMAs the import uses)
  (d) a naive SQLAlchemy ORM loop (add + commit per user) on a 2,000-user sample, scaled to N
and prints the median of the rounds (with min-max), users/s and the ratios a/c, b/c, d/a, for
PostgreSQL, MariaDB and SQLite. Server URLs: ASTERISK_ARA_TEST_POSTGRES_URL /
ASTERISK_ARA_TEST_MYSQL_URL as in the tests.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from asterisk_ara.dburl import parse

PG = os.environ.get("ASTERISK_ARA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MY = os.environ.get("ASTERISK_ARA_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/mysql")
ORM_SAMPLE = 2000


def user(i: int) -> tuple[str, str]:
    """The id and password of generated user i."""
    return str(100000 + i), f"bench-{i:08d}-secret"


def generate(path: Path, n: int, changed_every: int = 0) -> None:
    """id,password,context; with ``changed_every`` k, every k-th user gets another context."""
    with path.open("w", newline="") as f:
        f.write("id,password,context\n")
        for i in range(n):
            context = "changed" if changed_every and i % changed_every == 0 else "default"
            f.write(",".join((*user(i), context)) + "\n")


def floor_rows(i: int) -> dict[str, list]:
    """User i's rows as `import` writes them from the generated file (FLOOR_COLUMNS)."""
    uid, password = user(i)
    md5 = hashlib.md5(f"{uid}:asterisk:{password}".encode()).hexdigest()
    return {"ps_aors": [uid, 5, "yes"], "ps_auths": [uid, uid, "md5", "asterisk", md5],
            "ps_endpoints": [uid, uid, uid, "yes", "yes", "default", "all", "opus,ulaw"]}


def render_floor_csvs(directory: Path, n: int) -> dict[str, Path]:
    """The rows `import` writes, pre-rendered for the floors (hashing done here, outside the timing).

    Lines end in LF: LOAD DATA's default line terminator. With csv's default CRLF, MariaDB kept the CR in
    each row's last field (an invalid enum value stored as '', a 33-character md5_cred, a garbled allow)
    and the floor measured the loading of wrong rows, in about half the time; check_rows guards this now.
    """
    files = {t: directory / f"{t}.csv" for t in FLOOR_COLUMNS}
    with contextlib.ExitStack() as stack:
        writers = {t: csv.writer(stack.enter_context(path.open("w", newline="")), lineterminator="\n")
                   for t, path in files.items()}
        for i in range(n):
            for table, values in floor_rows(i).items():
                writers[table].writerow(values)
    return files


def check_rows(url: str, n: int, what: str) -> None:
    """Outside the timing: all n users are stored, and a sample of them exactly as `import` writes them,
    so that every figure measures the loading of the same, right rows."""
    from asterisk_ara.dbapi import open_database

    with open_database(parse(url)) as db:
        for table, cols in FLOOR_COLUMNS.items():
            count = db.query(f"SELECT COUNT(*) FROM {table}")[0][0]
            if count != n:
                sys.exit(f"{what}: {table} holds {count:,} rows, not {n:,}")
            for i in sorted({0, 1, n // 2, n - 1}):
                want = floor_rows(i)[table]
                got = db.query(f"SELECT {', '.join(db.quote(c) for c in cols)} FROM {table} WHERE id = {db.placeholder}",
                               (want[0],))
                if [list(r) for r in got] != [want]:
                    sys.exit(f"{what}: {table} row of user {i}: {got} instead of {want}")


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, added together (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # gone meanwhile
    return total


def run_cli(url: str, *args: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one CLI run: its processes' resident memory added together, sampled
    every 10 ms (and never below the largest single process's peak, which the kernel records)."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "asterisk_ara", "--database-url", url, *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.01):
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if status != 0:
        raise SystemExit(f"asterisk-ara {' '.join(args)} failed: {proc.stderr.read().decode()[:500]}")
    return elapsed, max(peak[0], usage.ru_maxrss)


class Scratch:
    """A fresh database on a server, dropped afterwards."""

    def __init__(self, dialect: str, tmp: Path):
        self.dialect, self.name = dialect, f"ara_bench_{uuid.uuid4().hex[:8]}"
        if dialect == "sqlite":
            self.url = f"sqlite:///{tmp / (self.name + '.db')}"
            return
        server = parse(PG if dialect == "postgresql" else MY)
        self.server = server
        self.url = server.with_database(self.name)._render(mask=False)
        self._admin(f'CREATE DATABASE {self._q()}')
        subprocess.run([sys.executable, "-m", "asterisk_ara", "--database-url", self.url, "db", "upgrade"],
                       check=True, capture_output=True)

    def _q(self) -> str:
        return f'"{self.name}"' if self.dialect == "postgresql" else f"`{self.name}`"

    def _admin(self, sql: str) -> None:
        if self.dialect == "postgresql":
            import psycopg

            s = self.server
            with psycopg.connect(host=s.host, port=s.port or 5432, user=s.username, password=s.password,
                                 dbname=s.database or "postgres", autocommit=True) as c:
                c.execute(sql)
        else:
            import pymysql

            s = self.server
            c = pymysql.connect(host=s.host, port=s.port or 3306, user=s.username or "root", password=s.password or "")
            c.cursor().execute(sql)
            c.close()

    def upgrade_if_sqlite(self) -> None:
        if self.dialect == "sqlite":
            subprocess.run([sys.executable, "-m", "asterisk_ara", "--database-url", self.url, "db", "upgrade"],
                           check=True, capture_output=True)

    def drop(self) -> None:
        if self.dialect != "sqlite":
            self._admin(f"DROP DATABASE IF EXISTS {self._q()}" + (" WITH (FORCE)" if self.dialect == "postgresql" else ""))


FLOOR_COLUMNS = {
    "ps_aors": ("id", "max_contacts", "remove_existing"),
    "ps_auths": ("id", "username", "auth_type", "realm", "md5_cred"),
    "ps_endpoints": ("id", "aors", "auth", "webrtc", "dtls_auto_generate_cert", "context", "disallow", "allow"),
}


def floor_psql(scratch: Scratch, files: dict[str, Path]) -> float:
    s = parse(scratch.url)
    script = "BEGIN;\n" + "".join(
        f"\\copy {t} ({', '.join(cols)}) FROM '{files[t]}' WITH (FORMAT csv)\n" for t, cols in FLOOR_COLUMNS.items()
    ) + "COMMIT;\n"
    env = {**os.environ, "PGPASSWORD": s.password or ""}
    start = time.perf_counter()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", s.host or "127.0.0.1", "-p", str(s.port or 5432),
                    "-U", s.username or "postgres", "-d", s.database], input=script.encode(), check=True, env=env)
    return time.perf_counter() - start


def floor_mariadb(scratch: Scratch, files: dict[str, Path]) -> float:
    s = parse(scratch.url)
    script = "SET autocommit = 0;\n" + "".join(
        f"LOAD DATA LOCAL INFILE '{files[t]}' INTO TABLE {t} FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' "
        f"({', '.join(f'`{c}`' for c in cols)});\n" for t, cols in FLOOR_COLUMNS.items()) + "COMMIT;\n"
    cmd = ["mariadb", "--local-infile=1", "-h", s.host or "127.0.0.1", "-P", str(s.port or 3306),
           "-u", s.username or "root", s.database]
    env = {**os.environ, "MYSQL_PWD": s.password or ""}
    start = time.perf_counter()
    subprocess.run(cmd, input=script.encode(), check=True, env=env)
    return time.perf_counter() - start


def floor_sqlite(scratch: Scratch, files: dict[str, Path]) -> float:
    """Run in a process of its own: the prepared tuples take hundreds of MB, which this process would keep
    and the next import's process would then report as its own peak (a child's ru_maxrss starts from its
    parent's when it is spawned)."""
    out = subprocess.run([sys.executable, __file__, "--sqlite-floor", parse(scratch.url).database,
                          str(files["ps_aors"].parent)], check=True, capture_output=True, text=True).stdout
    return float(out)


def sqlite_floor_here(database: str, directory: Path) -> float:
    import sqlite3

    tuples = {t: [tuple(row) for row in csv.reader((directory / f"{t}.csv").open(newline=""))] for t in FLOOR_COLUMNS}
    start = time.perf_counter()
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")  # what the import's connection sets
    conn.execute("BEGIN IMMEDIATE")
    for t, cols in FLOOR_COLUMNS.items():
        conn.executemany(f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", tuples[t])
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


FLOORS = {"postgresql": floor_psql, "mysql": floor_mariadb, "sqlite": floor_sqlite}


def naive_orm(url: str, n: int) -> float:
    """Users/s of the obvious ORM loop, measured on a sample."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from asterisk_ara.models import PsAor, PsAuth, PsEndpoint

    engine = create_engine(parse(url).to_sqlalchemy())
    start = time.perf_counter()
    with Session(engine) as session:
        for i in range(n):
            uid = f"orm{i}"
            md5 = hashlib.md5(f"{uid}:asterisk:pw-{i}".encode()).hexdigest()
            session.add(PsAor(id=uid, max_contacts=5, remove_existing="yes"))
            session.add(PsAuth(id=uid, username=uid, auth_type="md5", realm="asterisk", md5_cred=md5))
            session.add(PsEndpoint(id=uid, aors=uid, auth=uid, webrtc="yes", dtls_auto_generate_cert="yes",
                                   context="default", disallow="all", allow="opus,ulaw"))
            session.commit()
    engine.dispose()
    return n / (time.perf_counter() - start)


def settle(scratch: Scratch) -> None:
    """Start each PostgreSQL measurement from the same state: no checkpoint of earlier WAL under way."""
    if scratch.dialect == "postgresql":
        scratch._admin("CHECKPOINT")


def bench(dialect: str, n: int, files: dict[str, Path], tmp: Path, rounds: int) -> dict:
    out: dict = {"dialect": dialect, "users": n, "a": [], "b": [], "c": [], "rss": []}
    for _ in range(rounds):
        s = Scratch(dialect, tmp)
        try:
            s.upgrade_if_sqlite()
            settle(s)
            seconds, rss_a = run_cli(s.url, "import", str(files["insert"]), "--quiet")
            out["a"].append(seconds)
            check_rows(s.url, n, f"{dialect} import")
            settle(s)
            seconds, rss_b = run_cli(s.url, "import", str(files["upsert"]), "--mode", "upsert", "--quiet")
            out["b"].append(seconds)
            out["rss"].append(max(rss_a, rss_b))
        finally:
            s.drop()
        f = Scratch(dialect, tmp)
        try:
            f.upgrade_if_sqlite()
            settle(f)
            out["c"].append(FLOORS[dialect](f, files["floor"]))
            check_rows(f.url, n, f"{dialect} floor")
        finally:
            f.drop()
    o = Scratch(dialect, tmp)
    try:
        o.upgrade_if_sqlite()
        out["d_rate"] = naive_orm(o.url, ORM_SAMPLE)
    finally:
        o.drop()
    return out


def report(r: dict) -> None:
    n = r["users"]
    med = {k: statistics.median(r[k]) for k in ("a", "b", "c")}
    spread = {k: f"{min(r[k]):.2f}-{max(r[k]):.2f}" for k in ("a", "b", "c")}
    rate = lambda sec: f"{n / sec:>10,.0f} users/s"  # noqa: E731
    floor = {"postgresql": "psql \\copy", "mysql": "LOAD DATA", "sqlite": "executemany"}[r["dialect"]]
    print(f"\n{r['dialect']}, {n:,} users, median of {len(r['a'])} round(s) (min-max)")
    print(f"  (a) import, insert        {med['a']:8.2f} s {rate(med['a'])}   ({spread['a']})   "
          f"peak RSS {max(r['rss']) / 1024:.0f} MB (all its processes)")
    print(f"  (b) upsert, 10% changed   {med['b']:8.2f} s {rate(med['b'])}   ({spread['b']})")
    print(f"  (c) floor, {floor:<14} {med['c']:8.2f} s {rate(med['c'])}   ({spread['c']})")
    d_sec = n / r["d_rate"]
    print(f"  (d) naive ORM loop        {d_sec:8.2f} s {r['d_rate']:>10,.0f} users/s   (measured on {ORM_SAMPLE:,}, scaled)")
    print(f"  a/c = {med['a'] / med['c']:.2f}   b/c = {med['b'] / med['c']:.2f}   d/a = {d_sec / med['a']:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--skip-postgresql", action="store_true")
    ap.add_argument("--skip-mysql", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--sqlite-floor", nargs=2, metavar=("DATABASE", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.sqlite_floor:
        print(sqlite_floor_here(args.sqlite_floor[0], Path(args.sqlite_floor[1])))
        return
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        n = args.users
        files = {"insert": tmp / "users.csv", "upsert": tmp / "users_10pct_changed.csv"}
        generate(files["insert"], n)
        generate(files["upsert"], n, changed_every=10)
        (tmp / "floor").mkdir()
        files["floor"] = render_floor_csvs(tmp / "floor", n)
        for dialect in ("postgresql", "mysql", "sqlite"):
            if not getattr(args, f"skip_{dialect}"):
                report(bench(dialect, n, files, tmp, args.rounds))


if __name__ == "__main__":
    main()
