"""Issue 6: quickstart, the command reference cannot drift from the CLI, and docker/ (README and docs blocks: test_docs)."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import make_database, run_cli
from .test_tls_conf import opts, read_asterisk_conf
from .test_webrtc import SEED_ENDPOINT, row

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_quickstart_makes_a_complete_consistent_setup_and_is_idempotent(dialect, tmp_path):
    for db in make_database(dialect, tmp_path):
        env = {"ASTERISK_ARA_DATABASE_URL": db.url}
        res = run_cli("--json", "quickstart", "--host", "pbx.example.com", cwd=tmp_path, env=env)
        assert res.exit_code == 0, res
        doc = json.loads(res.stdout)
        assert doc["changed"] is True and doc["websocket_url"] == "wss://pbx.example.com:8089/ws"
        assert doc["sip_uri"] == "sip:webrtc_client@pbx.example.com"
        password = doc["client"]["password"]
        assert len(password) >= 24
        out = tmp_path / "asterisk"
        # Rows: the seed's objects, with the printed password.
        assert row(db, "ps_endpoints", "webrtc_client") == SEED_ENDPOINT
        assert row(db, "ps_auths", "webrtc_client")["md5_cred"] == \
            hashlib.md5(f"webrtc_client:asterisk:{password}".encode()).hexdigest()
        # Files: every one the setup needs, consistent with each other and with the keys.
        etc = {p.name: p.read_text() for p in (out / "etc").iterdir()}
        driver_files = {"res_config_sqlite3.conf"} if dialect == "sqlite" else \
            {"res_pgsql.conf", "pg_service.conf", "asterisk-ara-database.conf"}
        assert set(etc) == {"http.conf", "pjsip.conf", "extconfig.conf", "sorcery.conf", *driver_files, "rtp.conf",
                            "extensions_asterisk_ara.conf", "asterisk-openssl.cnf",
                            "modules.conf", "extensions.conf", "logger.conf"}
        assert "autoload = no" in etc["modules.conf"] and "#include extensions_asterisk_ara.conf" in etc["extensions.conf"]
        http = opts(etc["http.conf"], "general")
        assert http["tlscertfile"] == str(out / "keys" / "asterisk.crt")
        assert http["tlsprivatekey"] == str(out / "keys" / "asterisk.key")
        assert Path(http["tlscertfile"]).exists() and Path(http["tlsprivatekey"]).exists()
        assert dict(read_asterisk_conf(etc["pjsip.conf"])["transport-wss"])["protocol"] == "wss"
        driver = "sqlite3" if dialect == "sqlite" else "pgsql"
        ext = dict(read_asterisk_conf(etc["extconfig.conf"])["settings"])
        assert ext["ps_endpoints"].startswith(f"{driver},")
        if dialect == "sqlite":
            dbfile = opts(etc["res_config_sqlite3.conf"], "asterisk")["dbfile"]
            assert Path(dbfile) == Path(db.parsed.database).resolve()
        else:
            assert opts(etc["res_pgsql.conf"], "general")["dbname"] == db.parsed.database
            assert ext["ps_endpoints"] == f"pgsql,{db.parsed.database},asterisk_ara_ordered_ps_endpoints"
        # tls check finds quickstart's keys without being told where they are.
        assert run_cli("tls", "check", "--host", "pbx.example.com", cwd=tmp_path).exit_code == 0
        assert run_cli("db", "check", env=env).exit_code == 0
        snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        # Second run: nothing changes, and it says so.
        again = run_cli("quickstart", "--host", "pbx.example.com", cwd=tmp_path, env=env)
        assert again.exit_code == 0 and "Nothing to do" in again.stdout
        # The credential block ends the output, on a re-run too: what happened to the password, and the way on.
        assert again.stdout.rstrip().splitlines()[-1] == \
            "  password   unchanged: shown only when the client was created; a new one: " \
            "asterisk-ara webrtc passwd webrtc_client"
        assert password not in again.stdout
        rerun = json.loads(run_cli("--json", "quickstart", "--host", "pbx.example.com", cwd=tmp_path, env=env).stdout)
        assert rerun["client"]["password"] is None and "webrtc passwd" in rerun["client"]["password_note"]
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot
        assert row(db, "ps_auths", "webrtc_client")["md5_cred"] == \
            hashlib.md5(f"webrtc_client:asterisk:{password}".encode()).hexdigest()
        if dialect == "sqlite":
            assert "postgresql://asterisk:PASSWORD@localhost/asterisk quickstart" in again.stdout
            assert "mysql://asterisk:PASSWORD@localhost/asterisk quickstart" in again.stdout


def test_a_new_host_gets_a_certificate_from_the_same_ca(tmp_path):
    """Issue 30: adding a name never replaces the CA the phones trust; the first run's text ends with the password."""
    first = run_cli("quickstart", "--host", "a.example", cwd=tmp_path, check=True)
    lines = first.stdout.rstrip().splitlines()
    assert lines[-2].startswith("  password   ") and "shown once" in lines[-1]
    keys = tmp_path / "asterisk" / "keys"
    ca = (keys / "ca.crt").read_bytes()
    res = run_cli("quickstart", "--host", "b.example", cwd=tmp_path)
    assert res.exit_code == 0, res
    assert "added b.example; same CA, ca.crt unchanged" in res.stdout
    assert (keys / "ca.crt").read_bytes() == ca
    for host in ("a.example", "b.example"):
        assert run_cli("tls", "check", "--host", host, cwd=tmp_path).exit_code == 0


def test_readme_starts_with_install_and_quickstart_then_tests():
    blocks = re.findall(r"```(\S*)[^\n]*\n(.*?)```", README, re.S)
    assert blocks[0][1].strip().splitlines() == ["pip install .", "asterisk-ara quickstart --host pbx.example.com"]
    assert blocks[1][1].strip().splitlines() == ["pip install -e '.[test]'", "python -m pytest"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest" in ci and '".[test' in ci


def _commands():
    import typer.main

    from asterisk_ara.cli import app

    root = typer.main.get_command(app)

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, [*path, name])
        else:
            yield " ".join(path), cmd

    return list(walk(root, []))


def test_every_command_has_help_and_is_in_the_command_reference():
    """The reference (docs/reference/cli.md, generated from the app; tests/test_docs.py keeps it current) has a
    section for every command, and every option's help appears in --help as written."""
    reference = (ROOT / "docs" / "reference" / "cli.md").read_text()
    commands = _commands()
    assert len(commands) == 48  # node (8), db tune, db prune-contacts, ami (5: add/list/show/remove/sync) joined the 33
    for path, cmd in commands:
        assert (cmd.help or "").strip(), f"{path} has no help text"
        assert f"## `asterisk-ara {path}`" in reference, f"`asterisk-ara {path}` is not in docs/reference/cli.md"
        res = run_cli(*path.split(), "--help")
        assert res.exit_code == 0 and "Usage" in res.stdout
        # Every option's help is printed as written (rich markup once ate "[default: ...]", leaving "keys .").
        shown = "".join(res.stdout.split())  # the wrapper breaks lines at spaces and after hyphens
        for param in cmd.params:
            if getattr(param, "help", None):
                assert "".join(param.help.split()) in shown, f"{path} {param.name}: help text altered"


def test_docker_files_are_consistent_and_the_setup_command_is_real(tmp_path):
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "setup", "asterisk"}
    for name, svc in services.items():
        if "build" in svc:
            context = (ROOT / "docker" / svc["build"]["context"]).resolve()
            dockerfile = context / svc["build"]["dockerfile"]
            assert dockerfile.is_file(), f"{name}: {dockerfile} is missing"
            for src in re.findall(r"^COPY (.+) \S+$", dockerfile.read_text(), re.M):
                for part in src.split():
                    assert (context / part).exists(), f"{name}: COPY source {part} is missing"
        for volume in svc.get("volumes", []):
            assert volume.split(":")[0] in compose["volumes"], f"{name}: volume {volume} is not declared"
        for dep in svc.get("depends_on", {}):
            assert dep in services
    assert services["asterisk"]["ports"] == ["8088:8088", "8089:8089", "10000-10099:10000-10099/udp"]
    asterisk_df = (ROOT / "docker" / "asterisk" / "Dockerfile").read_text()
    assert re.search(r"ARG ASTERISK_SHA256=[0-9a-f]{64}\n", asterisk_df) and "sha256sum -c" in asterisk_df
    for module in ("res_config_pgsql", "res_srtp", "res_http_websocket", "res_pjsip_transport_websocket", "res_crypto"):
        assert f"--enable {module}" in asterisk_df
    # The one-shot service runs a real command: run it here against SQLite, into a scratch "volume".
    setup = services["setup"]
    assert setup["command"][setup["command"].index("--rtp-ports") + 1] == "10000-10099"
    args = [a.replace("/asterisk-ara", str(tmp_path / "volume")) for a in setup["command"]]
    res = run_cli(*args, cwd=tmp_path, env={"ASTERISK_ARA_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"})
    assert res.exit_code == 0, res
    assert (tmp_path / "volume" / "etc" / "http.conf").exists()
    assert (tmp_path / "volume" / "keys" / "asterisk.crt").exists()
    assert setup["environment"]["ASTERISK_ARA_DATABASE_URL"].startswith("postgresql://")
    assert "/asterisk-ara/etc/" in asterisk_df
    # What the generated files need from the container (quickstart's next steps), all named in the entrypoint.
    entrypoint = re.search(r'^ENTRYPOINT \["sh", "-c", "(.*?)"\]$', asterisk_df, re.S | re.M)[1]
    # quickstart's complete directory is copied as it is: its extensions.conf includes the dialplan.
    assert "cp /asterisk-ara/etc/*.conf /etc/asterisk/" in entrypoint and "extensions.conf" not in entrypoint
    assert "#include extensions_asterisk_ara.conf" in (tmp_path / "volume" / "etc" / "extensions.conf").read_text()
    # The README names the release the Dockerfile builds (issue 30: it had drifted).
    version = re.search(r"^ARG ASTERISK_VERSION=(\S+)$", asterisk_df, re.M)[1]
    readme = (ROOT / "docker" / "README.md").read_text()
    assert set(re.findall(r"Asterisk (\d+\.\d+\.\d+) built from", readme)) == {version}
    assert "/asterisk-ara/static-http/" in entrypoint and (tmp_path / "volume" / "static-http").is_dir()
    assert "OPENSSL_CONF=/asterisk-ara/etc/asterisk-openssl.cnf" in entrypoint
    assert (tmp_path / "volume" / "etc" / "asterisk-openssl.cnf").exists()
