"""`quickstart`'s files run a real Asterisk and its client registers with the printed password and command."""
from __future__ import annotations

import pytest

from ..conftest import make_database, run_cli
from .asterisk import quickstart_pbx

pytestmark = pytest.mark.xdist_group("live-quickstart")


@pytest.mark.parametrize("dialect", ["postgresql", "mysql", "sqlite"])
def test_quickstart_setup_registers(dialect, asterisk_binary, tmp_path):
    for db in make_database(dialect, tmp_path):
        # quickstart's complete directory as it is, asterisk.conf's directories, and its next steps
        pbx = quickstart_pbx(asterisk_binary, tmp_path, db.url, None, dialect)
        doc = pbx.quickstart
        assert doc["websocket_url"] == pbx.wss_url
        pbx.start()
        try:
            probe = run_cli(*doc["probe"][1:], input=doc["client"]["password"])
            assert probe.exit_code == 0, probe
            assert "Registered and unregistered." in probe.stdout
            assert doc["client"]["password"] not in probe.stdout + probe.stderr
        finally:
            pbx.stop()
