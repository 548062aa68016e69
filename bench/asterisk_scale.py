"""Asterisk nodes at scale: start-up time and memory per node, REGISTERs under load, SQL per REGISTER.

    python bench/asterisk_scale.py --dialect postgresql --total 200000 --share 10000 --run-nodes 2 --cache
    python bench/asterisk_scale.py --dialect mysql --total 1000000 --share 10000 --run-nodes 1
    python bench/asterisk_scale.py --dialect postgresql --total 200000 --sweep 2500,5000,10000,20000

What it does, with real parts only:

1. Starts a private database server in a temporary directory on a free port (PostgreSQL 15 with
   pg_stat_statements, database collation C.UTF-8, which like en_US.UTF-8 is not "C"; MariaDB with the
   performance schema on), so that statement statistics can be switched on without touching any server of
   yours, and nothing else runs against it.
2. Makes the schema (``db upgrade``, ``db tune`` unless ``--no-tune``), TOTAL / SHARE nodes (``node add``),
   imports TOTAL clients with ``import --spread`` and stores CONTACTS registrations spread over the nodes,
   as other nodes' Asterisks would have left them.
3. Starts RUN-NODES Asterisks on the files of ``conf write --node`` (plus a UDP transport for SIPp), one after
   the other, all left running: start-up time (to ``core waitfullybooted``) and resident memory of each.
4. SIPp (Debian's sip-tester) REGISTERs with digest authentication at RATE per second for SECONDS against the
   first node, each user once: REGISTERs that got 200, failures, latency p50/p99 (first REGISTER to final
   200, the 401 round included); then the statements the database ran per REGISTER, each one's mean time,
   and the plans of the look-ups on the node's views. With ``--cache`` again after restarting the node on
   ``conf write --cache`` files; with two or more nodes running, once more with SIPp at RATE against every
   node at the same time.

Needs: Asterisk (../shared/asterisk/install.sh), sipp, the PostgreSQL 15 server binaries
(/usr/lib/postgresql/15/bin) or mariadb-install-db + mariadbd, and a `postgres` system user for initdb.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
from tests.live.asterisk import Asterisk, find_asterisk, free_port  # noqa: E402  (the live tests' private Asterisk)
from tests.live.dbserver import process_tree  # noqa: E402

PASSWORD = "scale-bench-password"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


# -- private database servers ----------------------------------------------------------------------------
class PrivatePostgres:
    dialect = "postgresql"

    def __init__(self, root: Path):
        self.root, self.port = root, free_port()
        self.data = root / "pgdata"
        root.mkdir(parents=True, exist_ok=True)
        shutil.chown(root, "postgres")
        self._pg("initdb", "-D", str(self.data), "--locale=C.UTF-8", "-E", "UTF8", "-A", "trust", "-U", "postgres")
        options = (f"-c port={self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} "
                   "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all "
                   "-c max_connections=300 -c shared_buffers=512MB -c fsync=on")
        self._pg("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(root / "server.log"), "-w", "start")

    def _pg(self, tool: str, *args: str) -> None:
        done = subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / tool), *args], capture_output=True,
                              text=True, cwd="/tmp")
        if done.returncode:
            raise RuntimeError(f"{tool}: {done.stderr.strip() or done.stdout.strip()}")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True)

    def create(self, database: str) -> None:
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        with self.admin(database) as conn:
            conn.execute("CREATE EXTENSION pg_stat_statements")

    def reset_statements(self, database: str) -> None:
        with self.admin(database) as conn:
            conn.execute("SELECT pg_stat_statements_reset()")

    def statements(self, database: str, login: str) -> list[tuple[str, int, float, float]]:
        """(statement, calls, mean ms, max ms) of what ``login`` ran since the reset."""
        with self.admin(database) as conn:
            return [(q, int(c), float(m), float(x)) for q, c, m, x in conn.execute(
                "SELECT query, calls, mean_exec_time, max_exec_time FROM pg_stat_statements s "
                "JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = %s ORDER BY calls DESC", (login,))]

    def explain(self, database: str, sql: str) -> str:
        with self.admin(database) as conn:
            return "\n".join(r[0] for r in conn.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) {sql}"))

    def pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


class PrivateMariaDB:
    dialect = "mysql"

    def __init__(self, root: Path):
        self.root, self.port = root, free_port()
        data = root / "data"
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--user=root", "--skip-test-db",
                        "--auth-root-authentication-method=normal"], check=True, capture_output=True)
        self.log = open(root / "server.log", "ab")
        self.process = subprocess.Popen(
            ["mariadbd", "--no-defaults", f"--datadir={data}", f"--socket={root / 'sock'}", f"--port={self.port}",
             "--bind-address=127.0.0.1", "--user=root", "--performance-schema=ON", "--skip-log-bin",
             "--local-infile=1", "--innodb-buffer-pool-size=1G", "--max-connections=300",
             f"--pid-file={root / 'pid'}"], stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(120):
            try:
                self.admin().close()
                return
            except Exception:
                time.sleep(0.5)
        raise RuntimeError(f"MariaDB did not start: see {root / 'server.log'}")

    def url(self, database: str) -> str:
        return f"mysql://root@127.0.0.1:{self.port}/{database}"

    def admin(self, database: str | None = None):
        import pymysql

        return pymysql.connect(host="127.0.0.1", port=self.port, user="root", database=database, autocommit=True)

    def create(self, database: str) -> None:
        conn = self.admin()
        conn.cursor().execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        conn.close()

    def reset_statements(self, database: str) -> None:
        conn = self.admin()
        conn.cursor().execute("TRUNCATE performance_schema.events_statements_summary_by_user_by_event_name")
        conn.close()

    def statements(self, database: str, login: str) -> list[tuple[str, int, float, float]]:
        """(command, count, mean ms, max ms) of ``login`` since the reset. MariaDB's ODBC driver prepares each
        statement on the server, so the performance schema sees Prepare/Execute/Close per statement (plus
        res_odbc's Ping before each use), not their text: counted by command."""
        conn = self.admin()
        cur = conn.cursor()
        cur.execute("SELECT EVENT_NAME, COUNT_STAR, AVG_TIMER_WAIT / 1e9, MAX_TIMER_WAIT / 1e9 "
                    "FROM performance_schema.events_statements_summary_by_user_by_event_name "
                    "WHERE USER = %s AND COUNT_STAR > 0 ORDER BY COUNT_STAR DESC", (login,))
        rows = [(q, int(c), float(m), float(x)) for q, c, m, x in cur.fetchall()]
        conn.close()
        return rows

    def explain(self, database: str, sql: str) -> str:
        conn = self.admin(database)
        cur = conn.cursor()
        cur.execute(f"ANALYZE FORMAT=JSON {sql}")
        text = cur.fetchone()[0]
        conn.close()
        tables = re.findall(r'"table_name": "(\w+)"', text)
        access = re.findall(r'"access_type": "(\w+)"', text)
        keys = re.findall(r'"key": "(\w+)"', text)
        total = sum(float(t) for t in re.findall(r'"r_total_time_ms": ([\d.]+)', text))
        if not access:
            return "no rows to read (the table is empty); 0 ms"
        steps = [f"{a} {k} ({t})" for t, a, k in zip(tables, access, keys + ["-"] * len(access))]
        return "; ".join(steps) + f"; {total:.3f} ms"

    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


# -- the database ------------------------------------------------------------------------------------------
def ara(url: str, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "asterisk_ara", "--database-url", url, *args], input=input,
                          capture_output=True, text=True, env=env)
    if done.returncode:
        raise RuntimeError(f"asterisk-ara {' '.join(args)}: {done.stderr.strip()}")
    return done


def node_names(count: int) -> list[str]:
    width = max(2, len(str(count)))
    return [f"n{i:0{width}d}" for i in range(1, count + 1)]


def users_csv(work: Path, count: int) -> Path:
    """The CSV of clients u0000000 .. (count - 1), all with the bench's password."""
    src = work / "users.csv"
    with open(src, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "password"])
        writer.writerows([f"u{n:07d}", PASSWORD] for n in range(count))
    return src


def populate(server, database: str, total: int, shares: list[tuple[str, int]], filler: list[str],
             contacts: int, tune: bool, work: Path, running: list[str]) -> dict[str, float]:
    """Schema, nodes, clients, registrations: the ``filler`` nodes get theirs by ``import --spread``, then the
    named ``shares`` are added with exactly their number of clients (by node cells, in a second import, so that
    the spread does not reach them)."""
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes import add_node

    url = server.url(database)
    timings = {}
    ara(url, "db", "upgrade")
    if tune:
        ara(url, "db", "tune")
    started = time.perf_counter()
    for name in filler:
        add_node(parse(url), name)
    timings["node add (the spread's nodes)"] = time.perf_counter() - started
    spread = total - sum(count for _, count in shares)
    src = users_csv(work, spread)
    started = time.perf_counter()
    ara(url, "import", str(src), "--spread", "--quiet")
    timings[f"import --spread of {spread:,} clients"] = time.perf_counter() - started
    if shares:
        with open(src, "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["id", "password", "node"])
            n = spread
            for name, count in shares:
                add_node(parse(url), name)
                writer.writerows([f"u{i:07d}", PASSWORD, name] for i in range(n, n + count))
                n += count
        ara(url, "import", str(src), "--quiet")
    store_contacts(server, database, contacts, running)
    return timings


def store_contacts(server, database: str, count: int, running: list[str]) -> None:
    """``count`` registrations as Asterisk writes them (id '<aor>^3B@<hash>', reg_server = the node's
    systemname), of clients of the nodes the bench does not start: the other nodes' registrations, which a node
    must not see, nor pay for at start-up."""
    if not count:
        return
    far = int(time.time()) + 86400 * 30
    cols = "(id, uri, expiration_time, qualify_frequency, reg_server, endpoint, via_port, prune_on_boot)"
    skip = ", ".join(f"'{name}'" for name in running) or "''"
    select = (f"SELECT CONCAT(c.id, '^3B@', MD5(c.id)), CONCAT('sip:', c.id, '@192.0.2.1:5060'), {far}, 0, "
              f"c.node, c.id, 5060, 'no' FROM asterisk_ara_client_nodes c WHERE c.node NOT IN ({skip}) "
              "ORDER BY c.id LIMIT %d" % count)
    if server.dialect == "postgresql":
        with server.admin(database) as conn:
            conn.execute(f"INSERT INTO ps_contacts {cols} {select}")
            conn.execute("ANALYZE")
    else:
        conn = server.admin(database)
        conn.cursor().execute(f"INSERT INTO ps_contacts {cols} {select}")
        conn.cursor().execute("ANALYZE TABLE ps_contacts, ps_endpoints, ps_aors, ps_auths, asterisk_ara_client_nodes")
        conn.close()


def clients_of(server, database: str, node: str, limit: int) -> list[str]:
    sql = f"SELECT id FROM asterisk_ara_client_nodes WHERE node = '{node}' ORDER BY id LIMIT {limit}"
    if server.dialect == "postgresql":
        with server.admin(database) as conn:
            return [r[0] for r in conn.execute(sql)]
    conn = server.admin(database)
    cur = conn.cursor()
    cur.execute(sql)
    ids = [r[0] for r in cur.fetchall()]
    conn.close()
    return ids


# -- Asterisk ----------------------------------------------------------------------------------------------
class Node:
    """One Asterisk on ``conf write`` files (``--node NAME`` unless ``node`` is False: the whole database)."""

    def __init__(self, binary: Path, root: Path, url: str, dialect: str, name: str, cache: bool,
                 load: str = "on-demand", driver: str | None = None, node: bool = True):
        self.name = name
        driver = driver or ("odbc" if dialect == "mysql" else None)
        self.pbx = Asterisk(binary, root, url, driver, cache=cache, node=name if node else None,
                            extra=("--load", load))
        self.pbx.generate()
        self.sip_port = free_port()
        with open(self.pbx.etc / "pjsip.conf", "a") as f:  # SIPp speaks UDP; the clients' rows name no transport
            f.write(f"\n[transport-udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:{self.sip_port}\n")
        self.boot_seconds = self.rss_mb = 0.0

    def start(self, timeout: float) -> "Node":
        started = time.perf_counter()
        RUNNING.append(self)
        self.pbx.start(timeout=timeout)
        self.boot_seconds = time.perf_counter() - started
        self.rss_mb = rss_mb(self.pbx.process.pid)
        return self

    def stop(self) -> None:
        self.pbx.stop()
        if self in RUNNING:
            RUNNING.remove(self)


#: Every node started and not stopped yet: stopped whatever ends the run.
RUNNING: list[Node] = []


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


SCENARIO = """<?xml version="1.0" encoding="UTF-8" ?>
<scenario name="register">
  <send retrans="500" start_rtd="1"><![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[field0]@[remote_ip]>;tag=[call_number]
To: <sip:[field0]@[remote_ip]>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:[field0]@[local_ip]:[local_port]>
Max-Forwards: 70
Expires: 3600
User-Agent: asterisk-ara scale bench
Content-Length: 0

]]></send>
  <recv response="401" auth="true"/>
  <send retrans="500"><![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[field0]@[remote_ip]>;tag=[call_number]
To: <sip:[field0]@[remote_ip]>
Call-ID: [call_id]
CSeq: 2 REGISTER
Contact: <sip:[field0]@[local_ip]:[local_port]>
[field1]
Max-Forwards: 70
Expires: 3600
User-Agent: asterisk-ara scale bench
Content-Length: 0

]]></send>
  <recv response="200" rtd="1"/>
</scenario>
"""


def start_sipp(node: Node, users: list[str], rate: int, seconds: int, work: Path,
               fresh_contact: bool = False, expires: int = 3600,
               local_port: int | None = None) -> tuple[subprocess.Popen, Path]:
    """``-aa`` answers the OPTIONS Asterisk qualifies each contact with; ``fresh_contact``: a new contact URI per
    REGISTER (as a browser phone has per session)."""
    work.mkdir(parents=True, exist_ok=True)
    scenario = SCENARIO.replace("<sip:[field0]@[local_ip]", "<sip:[field0]-[call_number]@[local_ip]") \
        if fresh_contact else SCENARIO
    scenario = scenario.replace("Expires: 3600", f"Expires: {expires}")
    (work / "register.xml").write_text(scenario)
    count = rate * seconds
    with open(work / "users.csv", "w") as f:
        # SIPp takes the whole authentication keyword from the injection file, not fields inside it.
        f.write("SEQUENTIAL\n" + "".join(f"{u};[authentication username={u} password={PASSWORD}]\n"
                                          for u in users[:count]))
    if len(users) < count:
        raise SystemExit(f"node {node.name} has {len(users)} clients, fewer than {count} REGISTERs")
    args = ["sipp", f"127.0.0.1:{node.sip_port}", "-sf", "register.xml", "-inf", "users.csv", "-m", str(count), "-aa",
            "-r", str(rate), "-rp", "1000", "-t", "u1", "-i", "127.0.0.1", "-p", str(local_port or free_port()), "-nostdin",
            "-trace_rtt", "-rtt_freq", "1", "-trace_err", "-trace_msg", "-trace_stat", "-stf", "stat.csv", "-fd", "1",
            "-recv_timeout", "10000", "-timeout", f"{seconds + 60}s", "-max_retrans", "2"]
    return subprocess.Popen(args, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), work


def wait_sipp(process: subprocess.Popen, work: Path, timeout: float) -> dict[str, float]:
    process.wait(timeout=timeout)
    return sipp_results(work)


def sipp_results(work: Path) -> dict[str, float]:
    rows = list(csv.reader(open(work / "stat.csv"), delimiter=";"))
    last = dict(zip(rows[0], rows[-1]))
    rtts, ends = [], []
    for path in work.glob("*_rtt.csv"):  # Date_ms;response_time_ms;rtd_no, one line per REGISTER that got 200
        for line in open(path):
            parts = line.strip().split(";")
            if len(parts) >= 2 and parts[1].isdigit():
                ends.append(float(parts[0]))
                rtts.append(float(parts[1]))
    rtts.sort()

    def pct(p: float) -> float:
        return rtts[min(len(rtts) - 1, int(round(p / 100 * (len(rtts) - 1))))] if rtts else float("nan")

    ok = int(last.get("SuccessfulCall(C)", 0))
    span = (max(ends) - min(ends)) / 1000 if len(ends) > 1 else 0.0
    return {"sent": int(last.get("TotalCallCreated", 0)), "ok": ok, "failed": int(last.get("FailedCall(C)", 0)),
            "p50": pct(50), "p99": pct(99), "max": rtts[-1] if rtts else float("nan"),
            "mean": statistics.fmean(rtts) if rtts else float("nan"),
            "per_second": (len(ends) - 1) / span if span else 0.0}


def register_load(nodes: list[Node], server, database: str, rate: int, seconds: int, work: Path,
                  offset: int = 0) -> list[dict[str, float]]:
    """SIPp at ``rate`` against every node of ``nodes`` at once; each node's own clients, each once."""
    running = []
    for node in nodes:
        users = clients_of(server, database, node.name, offset + rate * seconds)[offset:]
        running.append(start_sipp(node, users, rate, seconds, work / f"sipp-{node.name}-{offset}"))
    return [wait_sipp(p, w, seconds + 120) for p, w in running]


# -- statements --------------------------------------------------------------------------------------------
def statement_report(server, database: str, node: Node, registers: int) -> list[str]:
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes import node_login

    login = node_login(parse(server.url(database)), node.name)
    every = server.statements(database, login.user)
    rows = [r for r in every if r[1] >= registers // 2]
    # MariaDB: a statement is an Execute (or a plain statement/sql/...); Ping, Prepare and Close go with it.
    overhead = ("statement/com/Ping", "statement/com/Prepare", "statement/com/Close stmt")
    total = sum(r[1] for r in every if r[0] not in overhead)
    lines = [f"  statements per REGISTER: {total / registers:.1f} ({total:,} for {registers:,} REGISTERs)"]
    for query, calls, mean, peak in rows:
        text = re.sub(r"\s+", " ", query)[:110]
        lines.append(f"    {calls / registers:4.1f}x  mean {mean:7.3f} ms  max {peak:8.3f} ms  {text}")
    return lines


def settle(server, database: str, node: Node, quiet_seconds: float = 3, limit: float = 300) -> None:
    """After "fully booted" Asterisk still looks up each endpoint and aor once (device state, qualify): wait
    until the node's login has been quiet for a while, so that the count covers the REGISTERs only."""
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes import node_login

    login = node_login(parse(server.url(database)), node.name).user
    deadline = time.monotonic() + limit
    last = -1
    while time.monotonic() < deadline:
        now = sum(r[1] for r in server.statements(database, login))
        if now == last:
            return
        last = now
        time.sleep(quiet_seconds)


def plans(server, database: str, node: Node, client: str) -> list[str]:
    share = f"node_{node.name}" if server.dialect == "postgresql" else f"`{database}_node_{node.name}`"
    q = lambda t: f"{share}.{t}"  # noqa: E731
    escape = "'\\'" if server.dialect == "postgresql" else "'\\\\'"
    statements = {
        "endpoint by id": f"SELECT * FROM {q('ps_endpoints')} WHERE id = '{client}' LIMIT 1",
        "auth by id": f"SELECT * FROM {q('ps_auths')} WHERE id = '{client}' LIMIT 1",
        "aor by id": f"SELECT * FROM {q('ps_aors')} WHERE id = '{client}' LIMIT 1",
        "domain alias by id": f"SELECT * FROM {q('ps_domain_aliases')} WHERE id = '127.0.0.1' LIMIT 1",
        "identify (all)": f"SELECT * FROM {q('ps_endpoint_id_ips')} WHERE id LIKE '%' ESCAPE {escape} ORDER BY id",
        "contacts of the AOR": f"SELECT * FROM {q('ps_contacts')} WHERE id LIKE '{client}^3B@%' ESCAPE {escape} "
                               "ORDER BY id",
        "expired contacts (every 30 s)": f"SELECT * FROM {q('ps_contacts')} WHERE expiration_time <= '1000'",
    }
    out = []
    for name, sql in statements.items():
        plan = server.explain(database, sql)
        if server.dialect == "postgresql":
            steps = re.findall(r"(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan) "
                               r"(?:using|on) (\w+)", plan)
            total = re.search(r"Execution Time: ([\d.]+) ms", plan)
            plan = "; ".join(f"{kind} {what}" for kind, what in steps) + f"; {total.group(1) if total else '?'} ms"
        out.append(f"    {name:30} {plan}")
    return out


# -- node sizing (issue 28): conf write --load on-demand | at-start ---------------------------------------------
def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root: int) -> float:
    """CPU of ``root`` and of every process below it (PostgreSQL's backends), ended children included."""
    total = 0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def sql(server, database: str, statement: str, fetch: bool = False) -> list[tuple]:
    if server.dialect == "postgresql":
        with server.admin(database) as conn:
            cur = conn.execute(statement)
            return list(cur.fetchall()) if fetch else []
    conn = server.admin(database)
    try:
        cur = conn.cursor()
        cur.execute(statement)
        return list(cur.fetchall()) if fetch else []
    finally:
        conn.close()


def populate_sizing(server, database: str, total: int, shares: list[int], work: Path) -> list[str]:
    """``total`` clients u0000000.. (db upgrade, db tune, import), then one node per share size holding the first
    clients (s<size>, by rows of asterisk_ara_client_nodes); returns the share nodes' names."""
    from asterisk_ara.dburl import parse
    from asterisk_ara.nodes import add_node

    url = server.url(database)
    ara(url, "db", "upgrade")
    ara(url, "db", "tune")
    src = users_csv(work, total)
    started = time.perf_counter()
    ara(url, "import", str(src), "--quiet")
    print(f"  import of {total:,} clients: {time.perf_counter() - started:.0f} s", flush=True)
    names, first = [], 0
    for size in shares:
        name = f"s{size}"
        add_node(parse(url), name)
        sql(server, database, f"INSERT INTO asterisk_ara_client_nodes (id, node) SELECT id, '{name}' FROM ps_endpoints "
                              f"WHERE id >= 'u{first:07d}' AND id < 'u{first + size:07d}'")
        names.append(name)
        first += size
    sql(server, database, "ANALYZE" if server.dialect == "postgresql" else
        "ANALYZE TABLE ps_endpoints, ps_aors, ps_auths, ps_contacts, asterisk_ara_client_nodes")
    return names


def store_own_contacts(server, database: str, count: int, first: int, reg_server: str) -> None:
    """``count`` registrations a crashed Asterisk left (prune_on_boot=yes, as a WebSocket phone's), on loopback
    addresses nobody answers."""
    far = int(time.time()) + 86400
    sql(server, database, "INSERT INTO ps_contacts (id, uri, expiration_time, qualify_frequency, reg_server, endpoint, "
                          "via_port, prune_on_boot) "
                          f"SELECT CONCAT(id, '^3B@', MD5(id)), CONCAT('sip:', id, '@127.0.0.1:9'), {far}, 0, "
                          f"'{reg_server}', id, 9, 'yes' FROM ps_endpoints WHERE id >= 'u{first:07d}' "
                          f"AND id < 'u{first + count:07d}'")


class Sizing:
    """The figures of one run, printed as they come and as a table at the end."""

    def __init__(self):
        self.rows: list[tuple[str, ...]] = []

    def add(self, *row) -> None:
        self.rows.append(tuple(str(c) for c in row))
        print("  | " + " | ".join(self.rows[-1]) + " |", flush=True)


def timed_register(node: Node, users: list[str], rate: int, work: Path, fresh: bool = False,
                   port: int | None = None, server=None) -> dict[str, float]:
    """``port``: SIPp's own, the same for REGISTERs that renew a registration (the contact URI holds it).
    ``server``: also the database server's CPU (every process of it) over the same time."""
    pid = node.pbx.process.pid
    cpu, wall = cpu_seconds(pid), time.perf_counter()
    db_cpu = tree_cpu_seconds(server.pid()) if server else 0.0
    seconds = max(1, len(users) // rate)
    # Registrations expire after 2 minutes: SIPp is gone by then, and Asterisk would go on qualifying them.
    process, where = start_sipp(node, users, rate, seconds, work, fresh_contact=fresh, expires=120, local_port=port)
    result = wait_sipp(process, where, seconds + 180)
    elapsed = time.perf_counter() - wall
    result["cpu"] = 100 * (cpu_seconds(pid) - cpu) / elapsed
    if server:
        result["db_cpu"] = 100 * (tree_cpu_seconds(server.pid()) - db_cpu) / elapsed
    return result


def reg_cells(r: dict[str, float]) -> tuple:
    db = (f"database CPU {r['db_cpu']:.0f} %",) if "db_cpu" in r else ()
    return (f"{r['ok']:,}", f"{r['failed']:,}", f"{r['p50']:.0f} ms", f"{r['p99']:.0f} ms", f"{r['cpu']:.0f} %",
            *db)


def ready_seconds(node: Node, client: str, limit: float = 120) -> float:
    """From fully booted until a client present at start, registered over ws, shows a state other than
    Unavailable (its phone answers OPTIONS, as JsSIP does)."""
    from tests.live.phone import Phone

    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            phone = Phone(node.pbx.port, client, PASSWORD)
        except Exception:  # noqa: BLE001 - seen: HTTP 404 for /ws after "fully booted" (50,000 at start, ODBC)
            time.sleep(0.5)
            continue
        try:
            if phone.register(timeout=10).status == 200:
                for _ in range(25):
                    shown = re.search(r"Endpoint:\s+\S+\s+(.+?)\s+\d+ of", node.pbx.cli(f"pjsip show endpoint {client}"))
                    if shown and shown.group(1).strip() != "Unavailable":
                        return time.perf_counter() - started
                    time.sleep(0.2)
        finally:
            phone.close()
    return float("nan")


def sizing(args, binary: Path, work: Path) -> None:
    """Every figure of the node sizing, per driver: on-demand over the whole database, at-start per share."""
    rates = [int(r) for r in args.rates.split(",")]
    shares = [int(s) for s in args.at_start_shares.split(",")] if args.at_start_shares else []
    drivers = args.drivers.split(",")
    table = Sizing()
    servers: dict[str, object] = {}
    print(f"asterisk-ara node sizing: Asterisk {_version(binary)}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB; "
          f"load average {os.getloadavg()[0]:.2f} at the start ({'quiet' if os.getloadavg()[0] < 0.5 else 'busy'})")
    print("  | driver | setup | figure | value | ... |")
    try:
        for driver in drivers:
            dialect = "mysql" if driver == "odbc-mariadb" else "postgresql"
            if dialect not in servers:
                server = (PrivatePostgres if dialect == "postgresql" else PrivateMariaDB)(work / f"server-{dialect}")
                servers[dialect] = server
                server.create("sizing")
                print(f"{dialect}: populating {args.total:,} clients and shares {shares}", flush=True)
                servers[dialect + "-shares"] = populate_sizing(server, "sizing", args.total, shares, work)
            server, names = servers[dialect], servers[dialect + "-shares"]
            url = server.url("sizing")
            conf_driver = {"pgsql": None, "odbc-postgresql": "odbc", "odbc-mariadb": "odbc"}[driver]
            sizing_driver(args, binary, work / driver, server, url, dialect, driver, conf_driver, names, shares,
                          rates, table)
    finally:
        for node in list(RUNNING):
            node.stop()
        for key, server in servers.items():
            if not key.endswith("-shares"):
                server.stop()
    print("\nEvery figure (markdown):\n| driver | setup | figure | values |\n|---|---|---|---|")
    for row in table.rows:
        print("| " + " | ".join(row[:3]) + " | " + " / ".join(row[3:]) + " |")
    print(f"load average at the end: {os.getloadavg()}")


def sizing_driver(args, binary, work, server, url, dialect, driver, conf_driver, names, shares, rates, table):
    next_client = sum(shares)  # clients beyond the shares: each REGISTER run takes fresh ones (first REGISTERs)

    def take(count: int) -> list[str]:
        nonlocal next_client
        if next_client + count > args.total:
            next_client = sum(shares)
        users = [f"u{n:07d}" for n in range(next_client, next_client + count)]
        next_client += count
        random.shuffle(users)
        return users

    if args.knee:  # the REGISTER rates alone, without --cache
        node = Node(binary, work / "knee", url, dialect, "all", cache=False, driver=conf_driver, node=False)
        node.start(args.boot_timeout)
        for rate in rates:
            r = timed_register(node, take(rate * args.seconds), rate, work / f"knee-{rate}", server=server)
            table.add(driver, "on-demand", f"first REGISTERs offered at {rate}/s", *reg_cells(r))
        node.stop()
        return

    # 1. on-demand over the whole database: start-up and RSS, then with the node's own contacts to prune
    node = Node(binary, work / "on-demand", url, dialect, "all", cache=False, driver=conf_driver, node=False)
    node.start(args.boot_timeout)
    table.add(driver, "on-demand", f"start-up, {args.total:,} clients", f"{node.boot_seconds:.2f} s",
              f"RSS {node.rss_mb:.0f} MB")
    node.stop()
    if args.contacts_own:
        store_own_contacts(server, "sizing", args.contacts_own, 0, "")
        started = time.perf_counter()
        node.start(args.boot_timeout)
        left = sql(server, "sizing", "SELECT COUNT(*) FROM ps_contacts", fetch=True)[0][0]
        while sql(server, "sizing", "SELECT COUNT(*) FROM ps_contacts", fetch=True)[0][0] and \
                time.perf_counter() - started < args.boot_timeout:
            time.sleep(0.5)
        table.add(driver, "on-demand", f"start-up with {args.contacts_own:,} own contacts, pruned by Asterisk",
                  f"{node.boot_seconds:.2f} s to fully booted ({left:,} left then)",
                  f"{time.perf_counter() - started:.1f} s until all pruned",
                  f"RSS {rss_mb(node.pbx.process.pid):.0f} MB")
        node.stop()
        sql(server, "sizing", "DELETE FROM ps_contacts")
        store_own_contacts(server, "sizing", args.contacts_own, 0, "")
        started = time.perf_counter()
        ara(url, "db", "prune-contacts")  # what ExecStartPre runs
        pruned = time.perf_counter() - started
        node.start(args.boot_timeout)
        table.add(driver, "on-demand", f"start-up with {args.contacts_own:,} own contacts, `db prune-contacts` first",
                  f"{node.boot_seconds:.2f} s (prune-contacts {pruned:.1f} s)", f"RSS {node.rss_mb:.0f} MB")
        node.stop()
        sql(server, "sizing", "DELETE FROM ps_contacts")

    # 2. REGISTERs at each rate, first and repeated, without and with --cache
    for cache in (False, True):
        setup = "on-demand" + (" --cache" if cache else "")
        node = Node(binary, work / f"reg-{cache}", url, dialect, "all", cache=cache, driver=conf_driver, node=False)
        node.start(args.boot_timeout)
        for rate in rates:
            users, port = take(rate * args.seconds), free_port()
            for what in ("first", "repeated"):
                r = timed_register(node, users, rate, work / f"sipp-{cache}-{rate}-{what}", port=port,
                                   server=server)
                table.add(driver, setup, f"{what} REGISTERs offered at {rate}/s", *reg_cells(r))
        node.stop()

    # 3. a restart: every phone registers again, each a first REGISTER for the new process
    node = Node(binary, work / "restart", url, dialect, "all", cache=False, driver=conf_driver, node=False)
    node.start(args.boot_timeout)
    users, port = take(args.restart_phones), free_port()
    timed_register(node, users, args.restart_rate, work / "restart-before", port=port)
    node.stop()
    sql(server, "sizing", "DELETE FROM ps_contacts")  # what a WebSocket phone's prune_on_boot leaves
    started = time.perf_counter()
    node.start(args.boot_timeout)
    r = timed_register(node, users, args.restart_rate, work / "restart-after", port=port)
    table.add(driver, "on-demand", f"{args.restart_phones:,} phones again after a restart, offered at "
              f"{args.restart_rate}/s", f"{time.perf_counter() - started:.0f} s from start to the last", *reg_cells(r))

    # 4. memory per client seen, and per re-registration with a fresh contact
    before = rss_mb(node.pbx.process.pid)
    seen = take(args.seen)
    r = timed_register(node, seen, args.seen_rate, work / "seen")
    after = rss_mb(node.pbx.process.pid)
    # A client is seen once Asterisk read its endpoint: at its first REGISTER, whether that one succeeds or not.
    table.add(driver, "on-demand", f"{args.seen:,} distinct clients seen at {args.seen_rate}/s", *reg_cells(r),
              f"RSS {after:.0f} MB, {1024 * (after - before) / len(seen):.1f} KB per client seen")
    r = timed_register(node, take(min(rates) * args.seconds), min(rates), work / "after-seen")
    table.add(driver, "on-demand", f"first REGISTERs at {min(rates)}/s after {args.seen:,} seen", *reg_cells(r))
    group, port = seen[:args.fresh_clients], free_port()
    half = args.fresh_rounds // 2  # the first rounds fill each aor to max_contacts=5; then every one replaces one
    for round_ in range(args.fresh_rounds):
        if round_ == half:
            before = rss_mb(node.pbx.process.pid)
        timed_register(node, group, min(rates), work / f"fresh-{round_}", fresh=True, port=port)
    after = rss_mb(node.pbx.process.pid)
    count = len(group) * (args.fresh_rounds - half)
    table.add(driver, "on-demand", f"{count:,} re-registrations with a fresh contact URI",
              f"RSS +{after - before:.1f} MB", f"{1024 * 1024 * (after - before) / count:.0f} bytes each")
    node.stop()

    # 5. at-start on each share: start-up, ready, RSS; a client added after start
    if dialect == "postgresql" and conf_driver == "odbc":
        return  # a node on PostgreSQL reads its share through res_config_pgsql
    for name, size in zip(names, shares):
        node = Node(binary, work / f"at-start-{name}", url, dialect, name, cache=False, load="at-start",
                    driver=conf_driver)
        node.start(args.boot_timeout)
        present = clients_of(server, "sizing", name, 1)[0]
        ready = ready_seconds(node, present)
        table.add(driver, "at-start", f"share of {size:,}", f"start-up {node.boot_seconds:.1f} s",
                  f"ready {node.boot_seconds + ready:.1f} s", f"RSS {rss_mb(node.pbx.process.pid):.0f} MB")
        node.stop()


# -- the run -----------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dialect", choices=("postgresql", "mysql"), default="postgresql")
    parser.add_argument("--total", type=int, default=200_000, help="clients in the database")
    parser.add_argument("--share", type=int, default=10_000, help="clients per node")
    parser.add_argument("--run-nodes", type=int, default=2, help="nodes started (all left running)")
    parser.add_argument("--contacts", type=int, default=100_000, help="registrations stored before the load")
    parser.add_argument("--rate", type=int, default=100, help="REGISTERs per second per node")
    parser.add_argument("--seconds", type=int, default=30, help="length of each REGISTER run")
    parser.add_argument("--cache", action="store_true", help="also measure with conf write --cache")
    parser.add_argument("--cache-only", action="store_true",
                        help="start every node on conf write --cache files (all measurements with the cache)")
    parser.add_argument("--no-tune", action="store_true", help="leave db tune's indexes out")
    parser.add_argument("--no-load", action="store_true", help="start-up only, no REGISTERs")
    parser.add_argument("--sweep", help="start-up of nodes of these shares, one at a time (e.g. 2500,5000,10000)")
    parser.add_argument("--boot-timeout", type=float, default=900)
    parser.add_argument("--load", choices=("on-demand", "at-start"), default="on-demand",
                        help="conf write --load of the nodes (not with --sizing, which measures both)")
    sizing_args = parser.add_argument_group("node sizing (--sizing): every figure of docs/explanation/performance.md")
    sizing_args.add_argument("--sizing", action="store_true", help="run the node sizing instead")
    sizing_args.add_argument("--drivers", default="pgsql,odbc-postgresql,odbc-mariadb")
    sizing_args.add_argument("--rates", default="100,200,300,500", help="offered REGISTERs per second")
    sizing_args.add_argument("--knee", action="store_true",
                             help="only first REGISTERs at each of --rates, with the node's and the database's CPU")
    sizing_args.add_argument("--at-start-shares", default="10000,20000,50000")
    sizing_args.add_argument("--restart-phones", type=int, default=10_000)
    sizing_args.add_argument("--restart-rate", type=int, default=200)
    sizing_args.add_argument("--seen", type=int, default=100_000, help="distinct clients registered once")
    sizing_args.add_argument("--seen-rate", type=int, default=300)
    sizing_args.add_argument("--fresh-clients", type=int, default=1000)
    sizing_args.add_argument("--fresh-rounds", type=int, default=10)
    sizing_args.add_argument("--contacts-own", type=int, default=100_000,
                             help="registrations of the node's earlier run, pruned at start")
    args = parser.parse_args()
    # A stop by SIGTERM runs the clean-up below (the private server and Asterisks are stopped, the files removed).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    binary = find_asterisk()
    if binary is None or not shutil.which("sipp"):
        raise SystemExit("needs Asterisk (../shared/asterisk/install.sh) and sipp (apt-get install sip-tester)")
    work = Path(tempfile.mkdtemp(prefix="asterisk-scale-"))
    work.chmod(0o755)  # the private PostgreSQL runs as the postgres user
    if args.sizing:
        if "--total" not in sys.argv:
            args.total = 1_000_000
        if "--seconds" not in sys.argv:
            args.seconds = 20
        try:
            return sizing(args, binary, work)
        finally:
            if os.environ.get("ASTERISK_ARA_BENCH_KEEP") != "1":
                shutil.rmtree(work, ignore_errors=True)
    server = (PrivatePostgres if args.dialect == "postgresql" else PrivateMariaDB)(work / "server")
    database = "scale"
    nodes: list[Node] = []
    try:
        server.create(database)
        sweep = [(f"s{int(s)}", int(s)) for s in args.sweep.split(",")] if args.sweep else []
        rest = args.total - sum(s for _, s in sweep)
        filler = node_names(max(1, rest // args.share)) if rest > 0 else []
        t0 = time.perf_counter()
        started = [name for name, _ in sweep] + filler[:args.run_nodes]
        timings = populate(server, database, args.total, sweep, filler, args.contacts, not args.no_tune, work, started)
        shares = [s for _, s in sweep] + ([rest // len(filler)] * len(filler) if filler else [])
        print(f"asterisk-ara scale bench: {args.dialect}, Asterisk {_version(binary)}, {os.cpu_count()} cores, "
              f"{args.total:,} clients on {len(sweep) + len(filler)} nodes ({min(shares):,} to {max(shares):,} "
              f"each), {args.contacts:,} registrations stored, tuned: {not args.no_tune}; load average "
              f"{os.getloadavg()[0]:.1f} at the start")
        for what, seconds in timings.items():
            print(f"  {what}: {seconds:.1f} s")
        print(f"  set-up in all: {time.perf_counter() - t0:.1f} s")
        url = server.url(database)

        if sweep:
            print("start-up per node share (one node running at a time):")
            print("  | clients of the node | start-up | RSS |")
            for name, size in sweep:
                node = Node(binary, work / f"ast-{name}", url, args.dialect, name, cache=False,
                            load=args.load).start(args.boot_timeout)
                print(f"  | {size:,} | {node.boot_seconds:.1f} s | {node.rss_mb:.0f} MB |", flush=True)
                node.stop()
            if args.no_load and not args.run_nodes:
                return

        print(f"start-up, {args.run_nodes} node(s) of {args.share:,} clients, each left running:")
        for name in filler[:args.run_nodes]:
            node = Node(binary, work / f"ast-{name}", url, args.dialect, name, cache=args.cache_only,
                        load=args.load)
            node.start(args.boot_timeout)
            nodes.append(node)
            print(f"  {name}: {node.boot_seconds:.1f} s to fully booted, RSS {node.rss_mb:.0f} MB "
                  f"({len(nodes)} node(s) running)", flush=True)
        if args.no_load or not nodes:
            return

        first = nodes[0]
        registers = args.rate * args.seconds
        settle(server, database, first)
        server.reset_statements(database)
        (result,) = register_load([first], server, database, args.rate, args.seconds, work / "load")
        setup = "--cache" if args.cache_only else "no cache"
        print(f"REGISTER at {args.rate}/s for {args.seconds} s on {first.name} ({setup}): {_line(result)}")
        print("\n".join(statement_report(server, database, first, registers)))
        client = clients_of(server, database, first.name, 1)[0]
        print("  plans on the node's views (EXPLAIN ANALYZE):")
        print("\n".join(plans(server, database, first, client)))
        print(f"  RSS after the load: {rss_mb(first.pbx.process.pid):.0f} MB")
        offset = registers

        if len(nodes) > 1:
            results = register_load(nodes, server, database, args.rate, args.seconds, work / "load-all", offset)
            for node, result in zip(nodes, results):
                print(f"REGISTER at {args.rate}/s on each of {len(nodes)} nodes at once ({setup}), {node.name}: "
                      f"{_line(result)}")
            offset += registers

        if args.cache and not args.cache_only:
            first.stop()
            cached = Node(binary, work / f"ast-{first.name}-cache", url, args.dialect, first.name, cache=True,
                          load=args.load)
            cached.start(args.boot_timeout)
            nodes[0] = cached
            print(f"  {first.name} with --cache: {cached.boot_seconds:.1f} s to fully booted, RSS {cached.rss_mb:.0f} MB")
            settle(server, database, cached)
            # Twice over the same clients: a first REGISTER fills the cache; the second is what a phone sends
            # every expiry (and what a registration storm after a restart consists of once the cache is warm).
            for run, what in ((1, "first REGISTER of each client"), (2, "the same clients again")):
                server.reset_statements(database)
                (result,) = register_load([cached], server, database, args.rate, args.seconds,
                                          work / f"load-cache-{run}", offset)
                print(f"REGISTER at {args.rate}/s for {args.seconds} s on {first.name} (--cache, {what}): "
                      f"{_line(result)}")
                print("\n".join(statement_report(server, database, cached, registers)))
    finally:
        for node in nodes:
            node.stop()
        server.stop()
        if os.environ.get("ASTERISK_ARA_BENCH_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


def _line(r: dict[str, float]) -> str:
    return (f"{r['ok']:,} of {r['sent']:,} registered, {r['failed']:,} failed, p50 {r['p50']:.0f} ms, "
            f"p99 {r['p99']:.0f} ms, max {r['max']:.0f} ms, mean {r['mean']:.1f} ms, {r['per_second']:.0f}/s "
            "(SIPp times in whole ms)")


def _version(binary: Path) -> str:
    done = subprocess.run([str(binary), "-V"], capture_output=True, text=True)
    return done.stdout.strip().removeprefix("Asterisk ")


if __name__ == "__main__":
    main()
