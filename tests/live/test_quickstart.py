"""`quickstart`'s files run a real Asterisk and its client registers with the printed password and command."""
from __future__ import annotations

import json

import pytest

from ..conftest import make_database, run_cli
from .asterisk import Asterisk

pytestmark = pytest.mark.xdist_group("live-quickstart")


@pytest.mark.parametrize("dialect", ["postgresql", "mysql", "sqlite"])
def test_quickstart_setup_registers(dialect, asterisk_binary, tmp_path):
    for db in make_database(dialect, tmp_path):
        pbx = Asterisk(asterisk_binary, tmp_path / "asterisk", db.url)
        res = run_cli("--database-url", db.url, "--json", "quickstart", "--host", "localhost", "--out",
                      str(pbx.root), "--bindaddr", "127.0.0.1", "--port", str(pbx.port), "--tls-port",
                      str(pbx.tls_port), check=True)
        doc = json.loads(res.stdout)
        assert doc["websocket_url"] == pbx.wss_url
        pbx.write_own_files()  # the files quickstart wrote are used as they are
        pbx.start()
        try:
            probe = run_cli(*doc["probe"][1:], input=doc["client"]["password"])
            assert probe.exit_code == 0, probe
            assert "Registered and unregistered." in probe.stdout
            assert doc["client"]["password"] not in probe.stdout + probe.stderr
        finally:
            pbx.stop()
