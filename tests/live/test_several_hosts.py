"""Issue 23, part 2: libpq multi-host URLs. The tool's writes follow a promoted standby; Asterisk, given the
host list by `conf write`, follows it too when its environment asks for a read-write session.

A private primary on 127.0.0.1 and its streaming standby on 127.0.0.2, on one port (res_config_pgsql gives
libpq one port for all hosts); the URL names the standby first.
"""
from __future__ import annotations

import time

import pytest

from .asterisk import Asterisk
from .dbserver import PrivatePostgres
from .phone import Phone
from ..conftest import run_cli

pytestmark = pytest.mark.xdist_group("live-several-hosts")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def pair():
    primary = PrivatePostgres("127.0.0.1")
    standby = None
    try:
        primary.start()
        primary.create_database("ara")
        run_cli("--database-url", primary.database_url("ara"), "db", "upgrade", check=True)
        standby = PrivatePostgres("127.0.0.2", primary.port, standby_of=primary)
        standby.start()
        assert standby.read_only() and not primary.read_only()
        yield primary, standby
    finally:
        for server in (standby, primary):
            if server is not None:
                server.remove()


def registers(pbx: Asterisk, user: str, password: str = PASSWORD) -> str:
    phone = Phone(pbx.port, user, password)
    try:
        return phone.register().kind
    finally:
        phone.close()


def test_writes_and_asterisk_follow_the_promoted_standby(pair, asterisk_binary, tmp_path):
    primary, standby = pair
    url = f"postgresql://postgres@127.0.0.2:{primary.port},127.0.0.1:{primary.port}/ara?target_session_attrs=read-write"
    added = run_cli("--database-url", url, "webrtc", "add", "alice", "--password-stdin", input=PASSWORD)
    assert added.exit_code == 0 and "postgresql://postgres@127.0.0.2:" in added.stderr, added  # the URL as given
    # It went to the primary (the standby, named first, is read-only); the standby has it by replication.
    written = run_cli("--database-url", primary.database_url("ara"), "webrtc", "show", "alice")
    assert written.exit_code == 0, written
    checked = run_cli("--database-url", url, "db", "check")  # through SQLAlchemy and Alembic
    assert checked.exit_code == 0 and "matches ARA head" in checked.stdout, checked

    # Asterisk gets the host list; without a read-write session it may stay on the standby (named first):
    # it answers REGISTER, but cannot store the registration.
    pbx = Asterisk(asterisk_binary, tmp_path / "asterisk", url)
    pbx.generate()
    pgsql = (pbx.etc / "res_pgsql.conf").read_text()
    assert f"hostname=127.0.0.2,127.0.0.1\nport={primary.port}\n" in pgsql
    pbx.start()
    try:
        assert registers(pbx, "alice") == "200-without-our-contact"
    finally:
        pbx.stop()
    pbx.start(env={"PGTARGETSESSIONATTRS": "read-write"})
    try:
        assert registers(pbx, "alice") == "registered"
        # The primary goes away and the standby is promoted: the same URL writes there, and Asterisk
        # reconnects there once a query fails on the old connection.
        primary.stop()
        standby.promote()
        assert not standby.read_only()
        changed = run_cli("--database-url", url, "webrtc", "passwd", "alice", "--password-stdin",
                          input="another-long-passphrase")
        assert changed.exit_code == 0, changed
        started, kinds = time.monotonic(), []
        while time.monotonic() - started < 10:
            kinds.append(registers(pbx, "alice", "another-long-passphrase"))
            if kinds[-1] == "registered":
                break
            time.sleep(0.2)
        assert kinds[-1] == "registered", kinds
        assert "auth-failure" not in kinds[1:], kinds
    finally:
        pbx.stop()
