"""Issue 14, the proof: Asterisk sees the same objects from a static pjsip.conf, from the rows `conf import`
wrote (res_config_pgsql on PostgreSQL, ODBC on MariaDB), and from the file `conf export` wrote back."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from asterisk_ara.pjsipconf.mapping import map_sections
from asterisk_ara.pjsipconf.reader import read_config

from ..conftest import DATA
from .asterisk import failure, free_port
from .conftest import start_pbx

pytestmark = pytest.mark.xdist_group("live-pjsipconf")
#: What `pjsip show KIND NAME` can show, for the types that have such a command.
SHOWN = ("transport", "endpoint", "aor", "auth", "identify", "registration")


def make_site(pbx, into: Path) -> Path:
    """Every test file as one configuration: the office's pjsip.conf including the others.

    The trunk's transports get free ports and this instance's certificate, so that they can start.
    """
    into.mkdir(parents=True, exist_ok=True)
    source = DATA / "pjsip"
    shutil.copytree(source / "office" / "phones", into / "phones", dirs_exist_ok=True)
    udp, tls = free_port(), free_port()
    trunk = (source / "trunk.conf").read_text()
    trunk = trunk.replace("127.0.0.1:15060", f"127.0.0.1:{udp}").replace("127.0.0.1:15061", f"127.0.0.1:{tls}")
    trunk = trunk.replace("/etc/asterisk/keys", str(pbx.keys))
    (into / "trunk.conf").write_text(trunk)
    for name in ("webrtc.conf", "features.conf"):
        shutil.copy(source / name, into / name)
    top = (source / "office" / "pjsip.conf").read_text()
    (into / "pjsip.conf").write_text(top + "\n#include webrtc.conf\n#include trunk.conf\n#include features.conf\n")
    return into / "pjsip.conf"


def objects(site: Path) -> list[tuple[str, str]]:
    rows = map_sections(read_config(site)).rows
    return sorted((r.type, r.id) for r in rows if r.type in SHOWN)


def normalised(kind: str, text: str) -> str:
    """The output without its state columns: they depend on the network and timing, not on the configuration."""
    lines = [line.rstrip() for line in text.splitlines()]
    # A contact's qualify status and round-trip time (NonQual until the first qualify ends, then Unavail, ...).
    lines = [re.sub(r"^(\s+Contact:\s+\S+\s+\S+)\s+\S+\s+\S+$", r"\1  <state>", line) for line in lines]
    # An endpoint's device state follows from its contacts' status.
    lines = [re.sub(r"^(\s+Endpoint:\s+\S+)\s+\S.*?\s+(\d+ of \S+)$", r"\1  <state>  \2", line) for line in lines]
    if kind == "registration":
        # The state column (Registered, Rejected, ...) depends on the provider's answer and timing.
        lines = [re.sub(r"\s{2,}\S+(\s+\(exp\. .*\))?$", "  <state>", line) if line.startswith(" ") and
                 "/" in line else line for line in lines]
    return "\n".join(lines)


def views(pbx, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    return {(kind, name): normalised(kind, pbx.cli(f"pjsip show {kind} {name}")) for kind, name in wanted}



@pytest.mark.parametrize("name", ["pgsql", "odbc-mariadb"])
def test_asterisk_sees_the_same_objects_static_imported_and_exported(name, asterisk_binary, tmp_path_factory):
    gen = start_pbx(asterisk_binary, tmp_path_factory, name, all_types=True, start=False)
    pbx = next(gen)
    try:
        generated = {f: (pbx.etc / f).read_text() for f in ("pjsip.conf", "sorcery.conf")}
        site = make_site(pbx, pbx.root / "site")
        wanted = objects(site)
        assert len(wanted) > 25 and {k for k, _ in wanted} == set(SHOWN)

        # 1. Asterisk on the static files.
        shutil.copytree(site.parent, pbx.etc, dirs_exist_ok=True)
        (pbx.etc / "sorcery.conf").write_text("; nothing mapped: every object comes from pjsip.conf\n")
        pbx.start()
        static = views(pbx, wanted)
        static_settings = pbx.cli("pjsip show settings")
        pbx.stop()
        missing = [k for k, v in static.items() if "Unable to find" in v or not v.strip()]
        assert not missing, f"the static file itself does not load these: {missing}\n{pbx.log_tail()}"

        # 2. Asterisk on the imported rows, with only our generated files.
        res = pbx.ara("conf", "import", str(site))
        assert res.exit_code == 0, res
        for f, text in generated.items():
            (pbx.etc / f).write_text(text)
        assert "[" not in (pbx.etc / "pjsip.conf").read_text()  # nothing static left: all from the database
        pbx.start()
        imported = views(pbx, wanted)
        assert re.search(r"named_pickup_group\s+: reception", imported[("endpoint", "103")])
        assert re.search(r"match\s+: 198.51.100.0/255.255.255.240", imported[("identify", "provider")])
        assert re.search(r"PAGE_GROUP\s+: lobby;front", imported[("endpoint", "103")])  # set_var, ; and all
        for key in wanted:
            assert imported[key] == static[key], f"{key} differs:\n--- static\n{static[key]}\n--- imported\n{imported[key]}"
        assert pbx.cli("pjsip show settings") == static_settings
        # A WebRTC client and a desk phone register over ws.
        for user, password in (("webrtc_client", "webrtc_client_Secret-1"), ("alice", "alice-Secret-2222"),
                               ("101", "desk-101-Pass")):
            code, report = pbx.probe(user, password)
            assert code == 0, (user, failure(report))
        # Hashed for the realm of the imported [global] (ps_globals): Asterisk challenges with that realm.
        res = pbx.ara("conf", "import", str(site), "--mode", "upsert", "--hash-passwords", "md5")
        assert res.exit_code == 0 and "auth: inserted 0, updated 5, unchanged 1" in res.stderr, res
        assert pbx.settings("auth", "102")["realm"] == "office.example.com"
        for user, password in (("webrtc_client", "webrtc_client_Secret-1"), ("102", "desk-102-Pass")):
            code, report = pbx.probe(user, password)
            assert code == 0, (user, failure(report))
        res = pbx.ara("conf", "import", str(site), "--mode", "upsert")  # back to the file's plaintext
        assert res.exit_code == 0, res
        pbx.stop()

        # 3. Asterisk on what conf export wrote back.
        exported = pbx.ara("conf", "export", "--include-secrets")
        assert exported.exit_code == 0, exported
        (pbx.etc / "pjsip.conf").write_text(exported.stdout)
        (pbx.etc / "sorcery.conf").write_text("; nothing mapped: every object comes from pjsip.conf\n")
        pbx.start()
        again = views(pbx, wanted)
        for key in wanted:
            assert again[key] == static[key], f"{key} differs:\n--- static\n{static[key]}\n--- exported\n{again[key]}"
    finally:
        gen.close()
