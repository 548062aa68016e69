"""``--load on-demand|at-start`` in the generated files, and the ordered views (issue 28); Asterisk itself reads
them in tests/live/test_load.py."""
from __future__ import annotations

import json

from .conftest import run_cli

URLS = {"pgsql": "postgresql://ara@db.example/pbx", "odbc": "mysql://ara@db.example/pbx",
        "mysql": "mysql://ara@db.example/pbx", "sqlite3": "sqlite:////srv/pbx.db"}


def realtime(driver: str, *args: str) -> dict[str, str]:
    res = run_cli("--database-url", URLS[driver], "--json", "conf", "realtime", "--driver", driver, *args)
    assert res.exit_code == 0, res
    return json.loads(res.stdout)


def lines(text: str, *prefixes: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefixes)]


def test_each_load_writes_its_sorcery_lines_and_every_driver_leaves_the_order_to_the_views():
    on_demand, cached, at_start = realtime("pgsql"), realtime("pgsql", "--cache"), realtime("pgsql", "--load", "at-start")
    assert lines(on_demand["sorcery.conf"], "endpoint", "auth=", "aor=") == [
        "endpoint=realtime,ps_endpoints,allow_unqualified_fetch=no",  # the database first: endpoints read fresh
        "endpoint/cache=memory_cache,full_backend_cache=yes,maximum_objects=250",
        "auth=realtime,ps_auths,allow_unqualified_fetch=no", "aor=realtime,ps_aors,allow_unqualified_fetch=no"]
    assert lines(cached["sorcery.conf"], "endpoint")[0] == \
        "endpoint/cache=memory_cache,full_backend_cache=yes,maximum_objects=250,expire_on_reload=yes"
    assert lines(at_start["sorcery.conf"], "endpoint", "auth=", "aor=") == [
        "endpoint=realtime,ps_endpoints", "auth=realtime,ps_auths", "aor=realtime,ps_aors"]
    assert lines(at_start["sorcery.conf"], "contact=") == lines(on_demand["sorcery.conf"], "contact=") == [
        "contact=realtime,ps_contacts"]  # every start reads the contacts, to prune the earlier run's
    for files in (on_demand, at_start):
        assert "order_multi_row_results_by_initial_column=no" in lines(files["res_pgsql.conf"], "order")
        assert lines(files["extconfig.conf"], "ps_endpoints", "ps_contacts", "ps_domain") == [
            "ps_endpoints => pgsql,pbx,asterisk_ara_ordered_ps_endpoints",
            "ps_contacts => pgsql,pbx,asterisk_ara_ordered_ps_contacts"]
        # Domain aliases from the database with --all-types only (three empty look-ups per REGISTER otherwise).
        assert lines(files["sorcery.conf"], "domain_alias") == []
    assert "--load on-demand" in on_demand["sorcery.conf"].splitlines()[0]
    odbc = realtime("odbc")
    assert lines(odbc["res_config_odbc.conf"], "[", "order") == ["[general]",
                                                                 "order_multi_row_results_by_initial_column=no"]
    assert "ps_aors => odbc,asterisk,asterisk_ara_ordered_ps_aors" in odbc["extconfig.conf"]
    # res_config_mysql always sorts ascending and SQLite has no views: the tables are named as before.
    assert "ps_aors => mysql,asterisk,ps_aors" in realtime("mysql")["extconfig.conf"]
    assert "ps_aors => sqlite3,asterisk,ps_aors" in realtime("sqlite3", "--load", "at-start")["extconfig.conf"]


def test_conf_write_says_which_load_and_a_rerun_with_the_other_shows_what_changes(tmp_path):
    out = tmp_path / "etc"
    url = ["--database-url", URLS["pgsql"]]
    first = run_cli(*url, "conf", "write", "--out", str(out))
    assert first.exit_code == 0, first
    assert "load: on-demand (conf write --load on-demand|at-start)" in first.stderr
    assert "`pjsip show endpoints`" in first.stderr and "webrtc list" in first.stderr  # what it gives up
    assert ("[global]\ntype=global\nmax_initial_qualify_time=1\nendpoint_identifier_order=username,ip,anonymous\n"
            in (out / "pjsip.conf").read_text())
    again = run_cli(*url, "conf", "write", "--out", str(out), "--load", "at-start")
    assert again.exit_code == 1
    assert "load: at-start" in again.stderr
    kept = {line.split()[1].rsplit("/", 1)[1] for line in again.stderr.splitlines() if line.startswith("kept ")}
    assert kept == {"sorcery.conf", "extconfig.conf", "res_pgsql.conf"}, again.stderr
    forced = run_cli(*url, "--json", "conf", "write", "--out", str(out), "--load", "at-start", "--force")
    assert forced.exit_code == 0 and json.loads(forced.stdout)["load"] == "at-start"
    assert "allow_unqualified_fetch" not in (out / "sorcery.conf").read_text()
    bad = run_cli(*url, "conf", "write", "--out", str(tmp_path / "x"), "--load", "lazy")
    assert (bad.exit_code, bad.stderr) == (1, "Error: load: 'lazy' is not one of on-demand, at-start\n")
    assert not (tmp_path / "x").exists()


def test_res_config_mysql_and_sqlite_say_what_they_cannot_do(tmp_path):
    mysql = run_cli("--database-url", URLS["mysql"], "conf", "write", "--out", str(tmp_path / "m"), "--driver", "mysql",
                    "--load", "at-start")
    assert mysql.exit_code == 0 and "res_config_mysql sorts every multi-row read ascending" in mysql.stderr
    lite = run_cli("--database-url", f"sqlite:///{tmp_path / 'a.db'}", "conf", "write", "--out", str(tmp_path / "s"),
                   "--load", "at-start")
    assert lite.exit_code == 0 and "prefer --load on-demand on SQLite" in lite.stderr


def test_ordered_views_come_in_descending_byte_order_and_asterisk_can_write_contacts_through_them(db):
    if db.dialect == "sqlite":
        assert not db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")
        return
    # MariaDB's ids are case-insensitive ('B' is 'b'): the upper case one only on PostgreSQL.
    for client in ("b", "a10", "a9", "z") + (("B",) if db.dialect == "postgresql" else ()):
        db.execute("INSERT INTO ps_endpoints (id) VALUES (%s)", (client,))
    got = [r[0] for r in db.execute("SELECT id FROM asterisk_ara_ordered_ps_endpoints WHERE id LIKE '%'")]
    assert got == sorted(got, key=str.encode, reverse=True) and len(got) >= 4, got
    # What Asterisk does with a registration, through the view (PostgreSQL and MariaDB update such a view).
    view = "asterisk_ara_ordered_ps_contacts"
    db.execute(f"INSERT INTO {view} (id, uri, expiration_time, endpoint) VALUES ('b^3B@1', 'sip:b@h', 1, 'b')")
    db.execute(f"UPDATE {view} SET expiration_time = 2 WHERE id = 'b^3B@1'")
    assert db.execute("SELECT expiration_time FROM ps_contacts")[0][0] in (2, "2")
    db.execute(f"DELETE FROM {view} WHERE id = 'b^3B@1'")
    assert db.count("ps_contacts") == 0
    checked = json.loads(run_cli("--database-url", db.url, "--json", "db", "check").stdout)
    assert checked["matches"] and "load: view asterisk_ara_ordered_ps_contacts (ids in descending byte order)" in \
        checked["tuning"]


def test_prune_contacts_removes_only_what_that_asterisk_would_prune_at_start(db):
    rows = [("n1", "yes", "a"), ("n1", "no", "b"), ("n2", "yes", "c"), (None, "yes", "d"), ("", "yes", "e")]
    ph = "?" if db.dialect == "sqlite" else "%s"
    for reg_server, prune, client in rows:
        db.execute(f"INSERT INTO ps_contacts (id, uri, expiration_time, reg_server, prune_on_boot, endpoint) "
                   f"VALUES ({ph}, {ph}, 1, {ph}, {ph}, {ph})", (f"{client}^3B@1", f"sip:{client}@h", reg_server,
                                                                  prune, client))
    named = run_cli("--database-url", db.url, "db", "prune-contacts", "--systemname", "n1")
    assert named.exit_code == 0 and "Pruned 1 registration(s) of n1." in named.stderr, named
    unnamed = run_cli("--database-url", db.url, "--json", "db", "prune-contacts")
    assert json.loads(unnamed.stdout)["pruned"] == 2  # NULL and '' both mean no systemname
    assert sorted(r[0] for r in db.execute("SELECT endpoint FROM ps_contacts")) == ["b", "c"]
    missing = run_cli("--database-url", db.url, "db", "prune-contacts", "--node", "nope")
    assert (missing.exit_code, missing.stderr) == (1, "Error: node 'nope' does not exist (asterisk-ara node list)\n")
