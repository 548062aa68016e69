"""Live tests: a real Asterisk per test module, on every realtime driver we generate configuration for.

Without an Asterisk the live tests are skipped with one reason, unless ASTERISK_ARA_REQUIRE_ASTERISK=1
(set by .ci/run), which turns a missing Asterisk into a failure.
"""
from __future__ import annotations

import os
import secrets

import pytest

from ..conftest import make_database
from .asterisk import Asterisk, find_asterisk

#: name -> (database dialect, --driver, how the URL reaches the server)
DRIVERS = {
    "pgsql": ("postgresql", None, "tcp"),
    "pgsql-socket": ("postgresql", None, "socket"),
    "odbc-mariadb": ("mysql", "odbc", "tcp"),
    "odbc-postgresql": ("postgresql", "odbc", "tcp"),
    "mysql": ("mysql", "mysql", "tcp"),
    "sqlite3": ("sqlite", None, "file"),
}


@pytest.fixture(scope="session")
def asterisk_binary():
    binary = find_asterisk()
    if binary is None:
        missing_asterisk("no Asterisk found (set ASTERISK_ARA_TEST_ASTERISK, put asterisk on PATH, or run "
                         "../shared/asterisk/install.sh)")
    return binary


def missing_asterisk(reason: str) -> None:
    """No Asterisk to test with: a failure in CI (ASTERISK_ARA_REQUIRE_ASTERISK=1), else a skip with the reason."""
    if os.environ.get("ASTERISK_ARA_REQUIRE_ASTERISK") == "1":
        pytest.fail(reason + "; ASTERISK_ARA_REQUIRE_ASTERISK=1 makes this a failure", pytrace=False)
    pytest.skip(reason)


def _socket_url(url: str) -> str:
    """The same PostgreSQL database reached through the local Unix socket instead of TCP."""
    from asterisk_ara.dburl import parse

    p = parse(url)
    user = f"{p.username}@" if p.username else ""
    return f"postgresql://{user}/{p.database}?host=/var/run/postgresql"


def start_pbx(binary, tmp_path_factory, name: str, start: bool = True, upgrade: bool = True, **options):
    """Generator for fixtures: a fresh database (at head unless ``upgrade=False``) and an Asterisk reading it
    through the driver ``name``; started unless ``start=False`` (the test calls ``pbx.start()``)."""
    dialect, driver, reach = DRIVERS[name]
    root = tmp_path_factory.mktemp(f"pbx-{name}")
    for database in make_database(dialect, root):
        url = _socket_url(database.url) if reach == "socket" else database.url
        pbx = Asterisk(binary, root / "asterisk", url, driver, **options)
        pbx.database = database
        pbx.name = name
        if upgrade:
            pbx.ara("db", "upgrade", check=True)
        pbx.generate()
        try:
            yield pbx.start() if start else pbx
        finally:
            pbx.stop()


def new_id(prefix: str = "u") -> str:
    return f"{prefix}{secrets.token_hex(4)}"


def pytest_collection_modifyitems(items):
    """Every test under tests/live needs a real Asterisk or a browser: mark it ``live``, so that
    ``python -m pytest -m "not live"`` runs the rest, the fast part."""
    for item in items:
        if "tests/live/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.live)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the Asterisk log to a failed live test."""
    report = yield
    if report.failed:
        for value in getattr(item, "funcargs", {}).values():
            if isinstance(value, Asterisk):
                report.sections.append((f"Asterisk log ({value.root})", value.log_tail()))
    return report
