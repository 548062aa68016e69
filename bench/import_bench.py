"""Bulk import benchmark: asterisk-ara import against the database's own floor.

    python bench/import_bench.py [--users 1000000] [--skip-mysql] [--skip-sqlite]

For N generated WebRTC users it measures, each on a fresh scratch database:
  (a) `asterisk-ara import FILE` into empty tables (a separate process, as users run it), with peak RSS
  (b) `asterisk-ara import FILE --mode upsert` of the same file over the rows (a) wrote
  (c) the floor, PostgreSQL only: `psql \\copy` of the same rows, pre-rendered as three CSV files,
      into the three tables in one transaction
  (d) a naive SQLAlchemy ORM loop (add + commit per user) on a 2,000-user sample, scaled to N
and prints users/s, the ratios a/c, b/c, d/a, for PostgreSQL, then MariaDB and SQLite (a, b, d).
Server URLs: ASTERISK_ARA_TEST_POSTGRES_URL / ASTERISK_ARA_TEST_MYSQL_URL as in the tests.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import os
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


def generate(path: Path, n: int) -> None:
    with path.open("w", newline="") as f:
        f.write("id,password\n")
        for i in range(n):
            f.write(f"{100000 + i},bench-{i:08d}-secret\n")


def render_floor_csvs(directory: Path, n: int) -> dict[str, Path]:
    """The rows `import` writes, pre-rendered for psql \\copy (hashing done here, outside the timing)."""
    files = {t: directory / f"{t}.csv" for t in ("ps_aors", "ps_auths", "ps_endpoints")}
    with files["ps_aors"].open("w", newline="") as a, files["ps_auths"].open("w", newline="") as u, \
            files["ps_endpoints"].open("w", newline="") as e:
        wa, wu, we = csv.writer(a), csv.writer(u), csv.writer(e)
        for i in range(n):
            uid = str(100000 + i)
            md5 = hashlib.md5(f"{uid}:asterisk:bench-{i:08d}-secret".encode()).hexdigest()
            wa.writerow([uid, 5, "yes"])
            wu.writerow([uid, uid, "md5", "asterisk", md5])
            we.writerow([uid, uid, uid, "yes", "yes", "default", "all", "opus,ulaw"])
    return files


def run_cli(url: str, *args: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one CLI process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "asterisk_ara", "--database-url", url, *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"asterisk-ara {' '.join(args)} failed: {proc.stderr.read().decode()[:500]}")
    return elapsed, usage.ru_maxrss


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


def floor_psql(scratch: Scratch, files: dict[str, Path]) -> float:
    s = parse(scratch.url)
    script = "BEGIN;\n" + "".join(
        f"\\copy {t} ({cols}) FROM '{files[t]}' WITH (FORMAT csv)\n" for t, cols in (
            ("ps_aors", "id, max_contacts, remove_existing"),
            ("ps_auths", "id, username, auth_type, realm, md5_cred"),
            ("ps_endpoints", "id, aors, auth, webrtc, dtls_auto_generate_cert, context, disallow, allow"))) + "COMMIT;\n"
    env = {**os.environ, "PGPASSWORD": s.password or ""}
    start = time.perf_counter()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", s.host or "127.0.0.1", "-p", str(s.port or 5432),
                    "-U", s.username or "postgres", "-d", s.database], input=script.encode(), check=True, env=env)
    return time.perf_counter() - start


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


def bench(dialect: str, n: int, csv_path: Path, tmp: Path) -> dict:
    out: dict = {"dialect": dialect, "users": n}
    s = Scratch(dialect, tmp)
    try:
        s.upgrade_if_sqlite()
        settle(s)
        out["a"], out["rss_a"] = run_cli(s.url, "import", str(csv_path), "--quiet")
        settle(s)
        out["b"], out["rss_b"] = run_cli(s.url, "import", str(csv_path), "--mode", "upsert", "--quiet")
    finally:
        s.drop()
    if dialect == "postgresql":
        floor_dir = tmp / "floor"
        floor_dir.mkdir(exist_ok=True)
        files = render_floor_csvs(floor_dir, n)
        f = Scratch(dialect, tmp)
        try:
            settle(f)
            out["c"] = floor_psql(f, files)
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
    rate = lambda sec: f"{n / sec:>10,.0f} users/s"  # noqa: E731
    print(f"\n{r['dialect']}, {n:,} users")
    print(f"  (a) import, insert      {r['a']:8.2f} s {rate(r['a'])}   peak RSS {r['rss_a'] / 1024:.0f} MB")
    print(f"  (b) import --mode upsert{r['b']:8.2f} s {rate(r['b'])}   peak RSS {r['rss_b'] / 1024:.0f} MB")
    if "c" in r:
        print(f"  (c) psql \\copy floor    {r['c']:8.2f} s {rate(r['c'])}")
    d_sec = n / r["d_rate"]
    print(f"  (d) naive ORM loop      {d_sec:8.2f} s {r['d_rate']:>10,.0f} users/s   (measured on {ORM_SAMPLE:,}, scaled)")
    if "c" in r:
        print(f"  a/c = {r['a'] / r['c']:.2f}   b/c = {r['b'] / r['c']:.2f}   d/a = {d_sec / r['a']:.1f}")
    else:
        print(f"  d/a = {d_sec / r['a']:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=1_000_000)
    ap.add_argument("--also", type=int, default=100_000, help="a second, smaller size for PostgreSQL (0 = none)")
    ap.add_argument("--skip-mysql", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        sizes = [args.users] + ([args.also] if args.also and args.also != args.users else [])
        for n in sizes:
            path = tmp / f"users_{n}.csv"
            generate(path, n)
            report(bench("postgresql", n, path, tmp))
        path = tmp / f"users_{args.users}.csv"
        for dialect, skip in (("mysql", args.skip_mysql), ("sqlite", args.skip_sqlite)):
            if not skip:
                report(bench(dialect, args.users, path, tmp))


if __name__ == "__main__":
    main()
