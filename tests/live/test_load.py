"""How Asterisk loads the clients (``conf write --load``, issue 28), on the suite's Asterisk and real databases.

Each Asterisk runs on the files ``conf write`` generates: ``on-demand`` on PostgreSQL (res_config_pgsql) and on
MariaDB (res_config_odbc), ``at-start`` on PostgreSQL. What is checked is what an operator relies on: nothing is
read at start with on-demand; a registered client's endpoint state is right (not ``Unavailable``) within 5 s,
whether the client existed when Asterisk started or was added after, and ``Unavailable`` again within 5 s of
its phone going away; a restart after a crash prunes the registrations the earlier run left in the database;
MariaDB returns an ordered view's rows in the view's order through ODBC; and two browser phones call each other
on on-demand files (MariaDB), their endpoints ``In use`` during the call.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import pytest

from ..conftest import make_database
from .asterisk import quickstart_pbx
from .browser import Phone as BrowserPhone, chromium_trusting, require
from .conftest import new_id, start_pbx
from .phone import Phone

pytestmark = pytest.mark.xdist_group("live-load")
PASSWORD = "correct-horse-battery-staple"
SETUPS = {"pgsql-on-demand": ("pgsql", "on-demand"), "odbc-mariadb-on-demand": ("odbc-mariadb", "on-demand"),
          "pgsql-at-start": ("pgsql", "at-start")}


def add(pbx, prefix: str = "c") -> str:
    client = new_id(prefix)
    pbx.ara("webrtc", "add", client, "--password-stdin", input=PASSWORD, check=True)
    return client


@pytest.fixture(scope="module", params=list(SETUPS))
def pbx(request, asterisk_binary, tmp_path_factory):
    driver, load = SETUPS[request.param]
    for pbx in start_pbx(asterisk_binary, tmp_path_factory, driver, start=False, extra=("--load", load)):
        pbx.load = load
        pbx.present = add(pbx, "p")  # in the database before Asterisk starts
        pbx.start()
        yield pbx


def state(pbx, client: str) -> str:
    """The endpoint's state as ``pjsip show endpoint`` shows it (Unavailable, Not in use, In use, ...)."""
    text = pbx.endpoint(client)
    found = re.search(rf"^\s*Endpoint:\s+{re.escape(client)}\S*\s+(.+?)\s+\d+ of ", text, re.M)
    assert found, text
    return found.group(1).strip()


def state_within(pbx, client: str, wanted, seconds: float = 5.0) -> str:
    """Poll the state until ``wanted(state)``: the issue's bound is 5 s."""
    deadline = time.monotonic() + seconds
    while True:
        now = state(pbx, client)
        if wanted(now) or time.monotonic() > deadline:
            return now
        time.sleep(0.2)


def registered_phone(pbx, client: str) -> Phone:
    """A phone on ws that stays registered and answers Asterisk's OPTIONS (as JsSIP does)."""
    phone = Phone(pbx.port, client, PASSWORD)
    answer = phone.register()
    assert answer.kind == "registered", answer
    return phone


def test_states_follow_registrations_of_clients_present_at_start_and_added_after(pbx):
    listed = pbx.cli("pjsip show endpoints")
    if pbx.load == "on-demand":
        assert "No objects found" in listed, listed  # nothing was read at start
    else:
        assert pbx.present in listed, listed
    added = add(pbx, "a")  # provisioned while Asterisk runs
    phones = {client: registered_phone(pbx, client) for client in (pbx.present, added)}
    try:
        for client in phones:
            now = state_within(pbx, client, lambda s: s != "Unavailable")
            assert now == "Not in use", (client, now, pbx.contacts())
        listed = pbx.cli("pjsip show endpoints")
        assert pbx.present in listed and added in listed, listed  # the endpoints used since start
        phones.pop(added).close()  # the WebSocket goes: Asterisk removes the contact
        assert state_within(pbx, added, lambda s: s == "Unavailable") == "Unavailable"
        assert state(pbx, pbx.present) == "Not in use"
    finally:
        for phone in phones.values():
            phone.close()
    assert state_within(pbx, pbx.present, lambda s: s == "Unavailable") == "Unavailable"


def test_restart_after_a_crash_prunes_the_registrations_of_the_earlier_run(pbx):
    client = add(pbx, "r")
    phone = registered_phone(pbx, client)
    try:
        pbx.process.kill()  # no orderly shutdown: the registration stays in ps_contacts
        pbx.process.wait()
        pbx.console.close()
    finally:
        phone.close()
    stored = pbx.database.execute("SELECT id, prune_on_boot FROM ps_contacts WHERE endpoint = %s", (client,))
    assert [row[1] for row in stored] == ["yes"], stored
    pbx.start()
    assert not pbx.database.execute("SELECT id FROM ps_contacts WHERE endpoint = %s", (client,))
    assert client not in pbx.contacts()
    phone = registered_phone(pbx, client)  # and the client registers again, with its state
    try:
        assert state_within(pbx, client, lambda s: s != "Unavailable") == "Not in use"
    finally:
        phone.close()


# -- a browser call on on-demand files, MariaDB through ODBC -----------------------------------------------------

def quickstarted(asterisk_binary, root, dialect: str, driver: str | None, load: str, keys=None):
    """Asterisk on the files quickstart writes with ``--load``, a client present before it starts."""
    for db in make_database(dialect, root):
        pbx = quickstart_pbx(asterisk_binary, root, db.url, driver, dialect, keys=keys, extra=("--load", load))
        pbx.database = db
        assert pbx.quickstart["load"] == load
        pbx.present = add(pbx, "present")  # read at start with at-start; the others are added after
        pbx.start()
        try:
            yield pbx
        finally:
            pbx.stop()


@pytest.fixture(scope="module")
def maria(asterisk_binary, tmp_path_factory):
    """quickstart's files on MariaDB (res_config_odbc), on-demand."""
    yield from quickstarted(asterisk_binary, tmp_path_factory.mktemp("load-browser"), "mysql", "odbc", "on-demand")


@pytest.fixture(scope="module")
def pg_at_start(asterisk_binary, tmp_path_factory, maria):
    """quickstart --load at-start on PostgreSQL, with maria's TLS files (one CA for the browser to trust)."""
    yield from quickstarted(asterisk_binary, tmp_path_factory.mktemp("load-browser-pg"), "postgresql", None,
                            "at-start", keys=maria.keys)


@pytest.fixture(scope="module")
def chromium(maria, tmp_path_factory):
    with chromium_trusting(tmp_path_factory.mktemp("load-chromium"), maria.ca) as browser:
        yield browser


def browser_call_with_states(pbx, chromium, caller_id: str, callee_id: str) -> None:
    """Two JsSIP phones register (each not Unavailable within 5 s), call each other (both In use), hang up and
    close (both Unavailable within 5 s)."""
    context = chromium.new_context()
    context.set_default_timeout(10000)
    try:
        caller = BrowserPhone(context.new_page(), pbx.quickstart["phone_url"])
        callee = BrowserPhone(context.new_page(), pbx.quickstart["phone_url"] + "?autoanswer=1")
        caller.register(caller_id, PASSWORD)
        callee.register(callee_id, PASSWORD)
        for client in (caller_id, callee_id):  # JsSIP answers the OPTIONS that qualify its contact
            assert state_within(pbx, client, lambda s: s != "Unavailable") == "Not in use"
        caller.call(callee_id)
        for phone in (caller, callee):
            phone.in_call()
        for phone in (caller, callee):
            phone.expect(lambda s: s["stats"].get("packetsReceived", 0) > 20, "no audio arrives")
        for client in (caller_id, callee_id):
            assert state_within(pbx, client, lambda s: s == "In use") == "In use"
        caller.click("#hangup")
        callee.expect(lambda s: s["call"] == "idle", "the call did not end")
    finally:
        context.close()  # the pages go, and their WebSockets with them
    for client in (caller_id, callee_id):
        assert state_within(pbx, client, lambda s: s == "Unavailable") == "Unavailable"


def test_browser_call_between_two_clients_on_demand_with_their_states(maria, chromium):
    browser_call_with_states(maria, chromium, add(maria, "alice"), add(maria, "bob"))


def test_browser_call_at_start_between_a_client_present_at_start_and_one_added_after(pg_at_start, chromium):
    browser_call_with_states(pg_at_start, chromium, pg_at_start.present, add(pg_at_start, "bob"))


def test_mariadb_returns_an_ordered_views_rows_in_its_order_through_odbc(maria):
    """What res_config_odbc reads with order_multi_row_results_by_initial_column=no: the view's order."""
    require("isql", shutil.which("isql"))
    for client in ("m5", "b2", "z9", "b10"):
        maria.database.execute("INSERT INTO ps_endpoints (id) VALUES (%s)", (client + new_id(""),))
    sql = "SELECT id FROM {} WHERE id LIKE '%'"

    def read(table: str) -> list[str]:
        done = subprocess.run(["isql", "-b", "-d,", "asterisk", maria.database.parsed.username or "root",
                               maria.database.parsed.password or ""], input=sql.format(table), capture_output=True,
                              text=True, timeout=30, env={**os.environ, "ODBCINI": str(maria.etc / "odbc.ini")})
        assert done.returncode == 0, done
        return [line.strip() for line in done.stdout.splitlines() if line.strip()]

    ordered = read("asterisk_ara_ordered_ps_endpoints")
    assert len(ordered) >= 5 and ordered == sorted(ordered, key=str.encode, reverse=True), ordered
    assert read("ps_endpoints") == sorted(ordered, key=str.encode), "the table itself comes in index order"
