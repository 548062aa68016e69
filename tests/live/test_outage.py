"""Issue 23, part 2: the database stops for 10 s and starts again while phones register and a call is up.

With the generated setup (conf write --cache, an AMI node), on PostgreSQL (res_config_pgsql) and MariaDB
(res_config_odbc), each on a private server that the test stops and starts: no REGISTER is answered as an
authentication failure, every phone is registered again within 10 s of the database being back, the call goes
on, and the tool's own commands fail with one line and write nothing (an import cut off midway leaves nothing).
bench/outage_bench.py measures the other setups (no cache, objects that expire) for the README.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from .outage import PASSWORD, Bed, measure, per_database
from ..conftest import run_cli

OUTAGE = 10.0
BULK = 60_000  # clients in the import the outage cuts off


@pytest.fixture(scope="module", params=per_database("live-outage"))
def bed(request, asterisk_binary, tmp_path_factory):
    dialect, driver = request.param
    root = tmp_path_factory.mktemp(f"outage-{dialect}")
    # --load at-start with --cache: every client is cached, so phones not used since Asterisk started register
    # through the outage too (on-demand caches only those used: docs/explanation/loading.md).
    setup = Bed(asterisk_binary, root, dialect, driver, extra=("--load", "at-start"))
    try:
        (root / "bulk.csv").write_text("id\n" + "".join(f"bulk{i:06d}\n" for i in range(BULK)))
        yield setup
    finally:
        setup.close()


def _loading(server, url: str) -> bool:
    """The import is sending its rows (COPY on PostgreSQL, LOAD DATA on MariaDB)."""
    from asterisk_ara.dburl import parse

    if server.dialect == "postgresql":
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            return bool(conn.execute("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'COPY %'").fetchall())
    import pymysql

    p = parse(url)
    conn = pymysql.connect(host=p.host, port=p.port, user=p.username)
    try:
        cur = conn.cursor()
        cur.execute("SELECT 1 FROM information_schema.processlist WHERE info LIKE 'LOAD DATA%'")
        return bool(cur.fetchall())
    finally:
        conn.close()


def test_a_database_restart_costs_no_registration_and_no_call(bed):
    server, pbx, url, root = bed.server, bed.pbx, bed.url, bed.root
    phones, cold, caller = bed.phones()
    importing = None
    try:
        assert all(p.register().kind == "registered" for p in phones)
        call = caller.call("600")
        assert call.status == 200

        def cut_off_an_import():
            """Started just before the stop, so that the stop lands while its rows are being sent."""
            nonlocal importing
            importing = subprocess.Popen(
                [sys.executable, "-m", "asterisk_ara", "--database-url", url, "import", str(root / "bulk.csv"),
                 "--passwords-out", str(root / "bulk-pw.csv")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True)
            deadline = time.monotonic() + 30
            while not _loading(server, url) and importing.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            assert importing.poll() is None, "the import ended before the database was stopped"

        def the_tool_while_down():
            return [run_cli("--database-url", url, "webrtc", "passwd", "p0", "--password-stdin",
                            input="another-long-passphrase"),
                    run_cli("--database-url", url, "webrtc", "add", "during", "--password-stdin", input=PASSWORD),
                    run_cli("--database-url", url, "webrtc", "list")]

        report = measure(server, phones, call, outage=OUTAGE, after=10.0, while_down=the_tool_while_down,
                         cold=cold, before_stop=cut_off_an_import)
        print(f"{server.dialect}: {report.summary()}")
        kinds = report.outage_kinds
        assert "auth-failure" not in kinds, report.summary()
        assert sum(kinds.values()) >= (len(phones) + len(cold)) * OUTAGE * 0.7  # the phones kept trying
        for user in report.answers:
            assert report.recovery(user) is not None and report.recovery(user) < 10, (user, report.summary())
        # The call went on: no BYE, Asterisk echoed our RTP through the outage and after it, the channel is up.
        assert call.bye_at is None
        sent = call.packets_between(report.down_at, report.up_at, sent=True)
        assert sent > OUTAGE * 40 and call.packets_between(report.down_at, report.up_at) > sent * 0.95
        assert call.packets_between(report.up_at, time.monotonic()) > 0
        assert "PJSIP/caller-" in pbx.cli("core show channels concise")
        # The tool: one line each, exit 1, and nothing written (the import cut off midway included).
        for result in report.during:
            assert result.exit_code == 1 and result.stderr.startswith("Error: cannot connect to ") and \
                result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result
        out, err = importing.communicate(timeout=60)
        assert importing.returncode == 1 and err.count("\n") == 1 and err.startswith("Error: "), err
        assert not (root / "bulk-pw.csv").exists()
        listed = run_cli("--database-url", url, "--json", "webrtc", "list", check=True)
        assert sorted(c["id"] for c in json.loads(listed.stdout)["clients"]) == sorted(bed.ids + ["late", "unseen"])
    finally:
        if importing is not None and importing.poll() is None:
            importing.kill()
        for phone in [*phones, *cold, caller]:
            phone.close()
