"""CSV import and export against a real Asterisk, on every realtime driver (issue 10, part 2: 3)."""
from __future__ import annotations

import csv
import random

import pytest

from .conftest import DRIVERS, start_pbx

pytestmark = pytest.mark.xdist_group("live-bulk")
USERS = 2000


@pytest.fixture(scope="module", params=list(DRIVERS))
def pbx(request, asterisk_binary, tmp_path_factory):
    yield from start_pbx(asterisk_binary, tmp_path_factory, request.param)


def test_imported_clients_register_and_survive_export_and_reimport(pbx, tmp_path):
    rng = random.Random(pbx.name)
    users = {f"bulk{i:05d}": f"passphrase-{rng.getrandbits(64):016x}" for i in range(USERS)}
    source = tmp_path / "users.csv"
    with source.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "password", "context"])
        writer.writerows([client, password, "bulk"] for client, password in users.items())
    pbx.ara("import", str(source), check=True)
    assert pbx.database.count("ps_endpoints") == USERS

    sample = rng.sample(sorted(users), 20)
    assert [c for c in sample if not pbx.registers(c, users[c])] == []
    assert not pbx.registers(sample[0], "not-" + users[sample[0]])

    exported = tmp_path / "export.csv"
    pbx.ara("export", str(exported), "--include-secrets", check=True)
    for table in ("ps_endpoints", "ps_aors", "ps_auths", "ps_contacts"):
        pbx.database.execute(f"DELETE FROM {table}")
    assert not pbx.registers(sample[0], users[sample[0]])  # the database is empty now

    pbx.ara("import", str(exported), check=True)
    assert pbx.database.count("ps_auths") == USERS
    sample = rng.sample(sorted(users), 20)
    assert [c for c in sample if not pbx.registers(c, users[c])] == []
    assert pbx.settings("endpoint", sample[0])["context"] == "bulk"
