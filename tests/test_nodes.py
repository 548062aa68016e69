"""Issue 22: Asterisk nodes on one database (node add/list/show/check/refresh/spread/remove, clients placed on
nodes by every door, the nodes' views and logins, conf write --node) and db tune, on PostgreSQL and MariaDB.

What an Asterisk does with the views is in tests/live/test_nodes.py; here, what the database holds and who
may read it.
"""
from __future__ import annotations

import csv
import json
import uuid

import pytest

from .conftest import _mysql_admin, _pg_admin, refused_before_the_database, run_cli

PW = "correct-horse-battery-9"
SERVERS = ["postgresql", "mysql"]


@pytest.fixture(params=SERVERS)
def server_db(request, tmp_path, _templates):
    """A database at head on a server (nodes need PostgreSQL or MariaDB)."""
    yield from _templates.copy(request.param, tmp_path)


def ara(db, *args, input=None, check=False):
    return run_cli("--database-url", db.url, *args, input=input, check=check)


def add_client(db, client_id, *args, check=True):
    return ara(db, "webrtc", "add", client_id, "--password-stdin", *args, input=PW, check=check)


def login_url(db, node):
    """The node's own login, as its Asterisk connects (MariaDB: into the node's database)."""
    login, password, share = db.execute(
        f"SELECT login, login_password, share FROM asterisk_ara_nodes WHERE name = '{node}'")[0]
    p = db.parsed
    database = share if db.dialect == "mysql" else p.database
    return f"{db.dialect}://{login}:{password}@{p.host}:{p.port}/{database}", share


def query_as(url, sql):
    """Run ``sql`` with another login; returns rows or the server's error message."""
    from asterisk_ara.dbapi import connect
    from asterisk_ara.dburl import parse

    db = connect(parse(url))
    try:
        return db.query(sql)
    except db.module.Error as exc:
        return f"error: {exc}"
    finally:
        db.close()


def view(db, share, table):
    q = '`' if db.dialect == "mysql" else '"'
    return f"{q}{share}{q}.{q}{table}{q}"


def test_nodes_need_a_server_and_refuse_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    run_cli("--database-url", url, "db", "upgrade", check=True)
    res = run_cli("--database-url", url, "node", "add", "n1")
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert "nodes need PostgreSQL or MariaDB/MySQL" in res.stderr


def test_a_node_sees_only_its_clients_and_its_registrations(server_db):
    db = server_db
    for node in ("n1", "n2"):
        ara(db, "node", "add", node, "--wss-url", f"wss://{node}.example.com:8089/ws", check=True)
    add_client(db, "alice", "--node", "n1")
    add_client(db, "bob", "--node", "n2")
    url1, share1 = login_url(db, "n1")
    for table in ("ps_endpoints", "ps_aors", "ps_auths"):
        assert query_as(url1, f"SELECT id FROM {view(db, share1, table)}") == [("alice",)], table
    # Registrations: the node reads and writes only those of its systemname.
    db.execute("INSERT INTO ps_contacts (id, uri, reg_server) VALUES ('alice^3B@1', 'sip:a@x', 'n1')")
    db.execute("INSERT INTO ps_contacts (id, uri, reg_server) VALUES ('bob^3B@2', 'sip:b@y', 'n2')")
    assert query_as(url1, f"SELECT id FROM {view(db, share1, 'ps_contacts')}") == [("alice^3B@1",)]
    refused = query_as(url1, f"INSERT INTO {view(db, share1, 'ps_contacts')} (id, uri, reg_server) "
                             "VALUES ('bob^3B@3', 'sip:b@z', 'n2')")
    assert isinstance(refused, str) and "check option" in refused.lower(), refused
    # Nothing of the base tables is within its reach.
    denied = query_as(url1, "SELECT id FROM ps_endpoints" if db.dialect == "postgresql"
                      else f"SELECT id FROM `{db.parsed.database}`.ps_endpoints")
    assert isinstance(denied, str) and ("denied" in denied), denied
    # Each client is listed, shown and exported with its node.
    listed = json.loads(ara(db, "--json", "webrtc", "list", check=True).stdout)["clients"]
    assert {c["id"]: c["node"] for c in listed} == {"alice": "n1", "bob": "n2"}
    shown = json.loads(ara(db, "--json", "webrtc", "show", "bob", check=True).stdout)
    assert (shown["node"], shown["wss_url"]) == ("n2", "wss://n2.example.com:8089/ws")
    nodes = json.loads(ara(db, "--json", "node", "list", check=True).stdout)["nodes"]
    assert {n["name"]: n["clients"] for n in nodes} == {"n1": 1, "n2": 1}
    assert "login_password" not in json.dumps(nodes) and PW not in json.dumps(nodes)
    assert ara(db, "node", "check", "n1").exit_code == 0
    assert ara(db, "db", "check").exit_code == 0  # our tables beside ARA's are no drift


def test_clients_on_nodes_are_refused_without_a_node_or_with_an_unknown_one(server_db):
    db = server_db
    add_client(db, "early")  # before any node: on none, as before
    ara(db, "node", "add", "n1", check=True)
    res = add_client(db, "late", check=False)
    assert res.exit_code == 1 and res.stderr.count("\n") == 1
    assert "nodes are defined (n1)" in res.stderr and "give --node NAME" in res.stderr
    res = add_client(db, "late", "--node", "n9", check=False)
    assert res.exit_code == 1 and "'n9' is not a node (known: n1)" in res.stderr
    res = add_client(db, "late", "--node", "N-1", check=False)
    assert res.exit_code == 1 and "is not a node name" in res.stderr
    assert db.count("ps_endpoints") == 1 and db.count("asterisk_ara_client_nodes") == 0  # nothing half-written
    placed = json.loads(ara(db, "--json", "node", "spread", check=True).stdout)["placed"]
    assert placed == {"n1": 1} and db.execute("SELECT node FROM asterisk_ara_client_nodes")[0][0] == "n1"


def test_moving_a_client_takes_its_old_registrations_away(server_db):
    db = server_db
    for node in ("n1", "n2"):
        ara(db, "node", "add", node, check=True)
    add_client(db, "carol", "--node", "n1")
    db.execute("INSERT INTO ps_contacts (id, uri, reg_server) VALUES ('carol^3B@1', 'sip:c@x', 'n1')")
    res = ara(db, "webrtc", "update", "carol", "--node", "n2")
    assert res.exit_code == 0 and "node n2" in res.stderr, res
    assert db.execute("SELECT node FROM asterisk_ara_client_nodes WHERE id = 'carol'")[0][0] == "n2"
    assert db.count("ps_contacts") == 0
    assert ara(db, "webrtc", "update", "carol", "--node", "n7").exit_code == 1
    res = ara(db, "node", "remove", "n2", "--yes")
    assert res.exit_code == 2 and "serves 1 client(s); move them with --move-to NODE" in res.stderr
    res = ara(db, "--json", "node", "remove", "n2", "--yes", "--move-to", "n1")
    assert res.exit_code == 0 and json.loads(res.stdout)["moved"] == 1, res
    share2 = "node_n2" if db.dialect == "postgresql" else f"{db.parsed.database}_node_n2"
    shares = db.execute("SELECT schema_name FROM information_schema.schemata WHERE schema_name = %s", (share2,))
    assert shares == [] or shares == ()
    assert ara(db, "webrtc", "remove", "carol", "--yes").exit_code == 0
    assert db.count("asterisk_ara_client_nodes") == 0


def test_import_places_clients_by_cell_option_or_spread(server_db, tmp_path):
    db = server_db
    for node in ("n1", "n2", "n3"):
        ara(db, "node", "add", node, check=True)
    src = tmp_path / "users.csv"
    with open(src, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "password", "node"])
        w.writerow(["u0000", PW, "n3"])
        for i in range(1, 3000):
            w.writerow([f"u{i:04d}", PW, ""])
    res = ara(db, "import", str(src))
    assert res.exit_code == 1 and "users.csv:3: node: nodes are defined" in res.stderr
    assert db.count("ps_endpoints") == 0
    res = ara(db, "--json", "import", str(src), "--spread")
    assert res.exit_code == 0, res
    counts = dict(db.execute("SELECT node, COUNT(*) FROM asterisk_ara_client_nodes GROUP BY node"))
    assert sum(counts.values()) == 3000 and max(counts.values()) - min(counts.values()) <= 1, counts
    assert db.execute("SELECT node FROM asterisk_ara_client_nodes WHERE id = 'u0000'")[0][0] == "n3"
    # Upsert: an existing client without a node cell keeps its node; a cell moves it; a new one needs a node.
    before = dict(db.execute("SELECT id, node FROM asterisk_ara_client_nodes"))
    moved = [k for k, v in before.items() if v == "n1" and k != "u0001"][0]
    upsert = tmp_path / "upsert.csv"
    upsert.write_text(f"id,password,node\nu0001,,\n{moved},,n2\nnewbie,{PW},\n")
    res = ara(db, "import", str(upsert), "--mode", "upsert")
    assert res.exit_code == 1 and "upsert.csv:4: node:" in res.stderr and "(a new client)" in res.stderr, res
    assert dict(db.execute("SELECT id, node FROM asterisk_ara_client_nodes")) == before  # nothing was written
    res = ara(db, "--json", "import", str(upsert), "--mode", "upsert", "--spread")
    assert res.exit_code == 0, res
    after = dict(db.execute("SELECT id, node FROM asterisk_ara_client_nodes"))
    assert after["u0001"] == before["u0001"] and after[moved] == "n2" and after["newbie"] in ("n1", "n2", "n3")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"id,password,node\nx1,{PW},n9\n")
    res = ara(db, "import", str(bad))
    assert res.exit_code == 1 and "bad.csv:2: node: 'n9' is not a node" in res.stderr
    # export writes each client's node: the file imports onto the same nodes.
    out = tmp_path / "out.csv"
    assert ara(db, "export", str(out)).exit_code == 0
    rows = list(csv.DictReader(open(out)))
    assert {r["id"]: r["node"] for r in rows} == after


def test_node_add_without_the_right_to_make_a_login_leaves_nothing(server_db):
    db = server_db
    user, secret = f"lim_{uuid.uuid4().hex[:8]}", "limited-account-pw-1"
    p = db.parsed
    if db.dialect == "postgresql":
        admin = _pg_admin(p)
        admin.execute(f"CREATE ROLE {user} LOGIN PASSWORD '{secret}'")
        admin.execute(f'ALTER DATABASE "{p.database}" OWNER TO {user}')
        admin.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO {user}')
    else:
        admin = _mysql_admin(p)
        admin.cursor().execute(f"CREATE USER '{user}'@'%' IDENTIFIED BY '{secret}'")
        admin.cursor().execute(f"GRANT ALL ON `{p.database}`.* TO '{user}'@'%'")
        admin.cursor().execute(f"GRANT ALL ON `{p.database}\\_node\\_%`.* TO '{user}'@'%'")
    limited = f"{db.dialect}://{user}:{secret}@{p.host}:{p.port}/{p.database}"
    try:
        res = run_cli("--database-url", limited, "node", "add", "n1")
        assert res.exit_code == 1 and res.stderr.count("\n") == 1, res
        assert "CREATEROLE" in res.stderr or "CREATE USER" in res.stderr, res
        assert "--no-login" in res.stderr and secret not in res.stderr
        assert db.count("asterisk_ara_nodes") == 0
        share = "node_n1" if db.dialect == "postgresql" else f"{p.database}_node_n1"
        assert not db.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (share,))
        # Without a login of its own the node uses the account's, and that is all it needs.
        res = run_cli("--database-url", limited, "node", "add", "n1", "--no-login")
        assert res.exit_code == 0, res
        assert db.execute("SELECT login FROM asterisk_ara_nodes")[0][0] is None
        run_cli("--database-url", limited, "node", "remove", "n1", "--yes", check=True)
    finally:
        if db.dialect == "postgresql":
            admin.execute(f'ALTER DATABASE "{p.database}" OWNER TO postgres')
            admin.execute(f'REASSIGN OWNED BY {user} TO postgres')
            admin.execute(f'DROP OWNED BY {user}')
            admin.execute(f"DROP ROLE {user}")
        else:
            admin.cursor().execute(f"DROP USER '{user}'@'%'")
        admin.close()


def test_conf_write_for_a_node(server_db, tmp_path):
    db = server_db
    ara(db, "node", "add", "n1", "--systemname", "pbx_one", check=True)
    out = tmp_path / "etc"
    res = ara(db, "conf", "write", "--node", "n1", "--out", str(out))
    assert res.exit_code == 0, res
    login, password, share = db.execute("SELECT login, login_password, share FROM asterisk_ara_nodes")[0]
    assert "systemname = pbx_one" in (out / "asterisk.conf.snippet").read_text()
    ext = (out / "extconfig.conf").read_text()
    if db.dialect == "postgresql":
        assert f"ps_endpoints => pgsql,{db.parsed.database},node_n1.ps_endpoints" in ext
        conf = (out / "res_pgsql.conf").read_text()
        assert f"user={login}\n" in conf and f"password={password}\n" in conf
        mode = (out / "res_pgsql.conf").stat().st_mode & 0o777
    else:
        assert "ps_endpoints => odbc,asterisk,ps_endpoints" in ext
        assert f"Database = {share}\n" in (out / "odbc.ini").read_text()
        conf = (out / "res_odbc.conf").read_text()
        assert f"username => {login}\n" in conf and f"password => {password}\n" in conf
        mode = (out / "res_odbc.conf").stat().st_mode & 0o777
    assert mode == 0o640 and password not in res.stdout + res.stderr
    # A login that lost a right is named, with the fix, before any file is written.
    if db.dialect == "postgresql":
        db.execute(f'REVOKE SELECT ON "{share}".ps_auths FROM "{login}"')
    else:
        db.execute(f"REVOKE SELECT ON `{share}`.* FROM '{login}'@'%'")
    res = ara(db, "conf", "write", "--node", "n1", "--out", str(tmp_path / "etc2"))
    assert res.exit_code == 1 and res.stderr.count("\n") == 1, res
    assert "cannot read" in res.stderr and "asterisk-ara node refresh n1" in res.stderr
    assert not (tmp_path / "etc2").exists()
    assert ara(db, "node", "refresh", "n1").exit_code == 0
    assert ara(db, "node", "check", "n1").exit_code == 0


def test_db_tune_serves_the_contact_lookup_from_an_index_and_is_not_drift(server_db):
    db = server_db
    rows = ", ".join(f"('u{i}^3B@{i:x}', 'sip:u{i}@h', 'n1', {1000 + i})" for i in range(3000))
    db.execute(f"INSERT INTO ps_contacts (id, uri, reg_server, expiration_time) VALUES {rows}")
    db.execute("ANALYZE ps_contacts" if db.dialect == "postgresql" else "ANALYZE TABLE ps_contacts")
    # As the drivers send it: res_config_pgsql ESCAPE '\', res_config_odbc ESCAPE '\\' (one backslash, escaped).
    escape = "'\\'" if db.dialect == "postgresql" else "'\\\\'"
    lookup = f"SELECT * FROM ps_contacts WHERE id LIKE 'u1234^3B@%' ESCAPE {escape} ORDER BY id"
    sweep = "SELECT * FROM ps_contacts WHERE expiration_time <= '1010'"

    def plan(sql):
        text = db.execute(f"EXPLAIN {sql}")
        return " ".join(str(v) for row in text for v in row)

    if db.dialect == "postgresql":
        assert "Seq Scan" in plan(lookup)  # the collation is not C: the unique index cannot serve LIKE
    res = ara(db, "--json", "db", "tune")
    assert res.exit_code == 0, res
    made = {t["index"] for t in json.loads(res.stdout)["tuning"] if t["created"]}
    assert "asterisk_ara_tune_ps_contacts_expiration" in made
    if db.dialect == "postgresql":
        assert "asterisk_ara_tune_ps_contacts_id_pattern" in made
        assert "Index" in plan(lookup) and "Seq Scan" not in plan(lookup), plan(lookup)
    else:
        assert "range" in plan(lookup)  # MariaDB's own unique index serves LIKE 'prefix%'
    assert "asterisk_ara_tune_ps_contacts_expiration" in plan(sweep)
    again = json.loads(ara(db, "--json", "db", "tune", check=True).stdout)["tuning"]
    assert not any(t["created"] for t in again)  # idempotent
    check = ara(db, "db", "check")
    assert check.exit_code == 0 and "tuning: ps_contacts: index asterisk_ara_tune_ps_contacts_expiration" in check.stdout
    ara(db, "db", "downgrade", "0001_ara_head", check=True)
    indexes = db.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'ps_contacts'") \
        if db.dialect == "postgresql" else db.execute("SHOW INDEX FROM ps_contacts")
    assert "asterisk_ara_tune" not in str(indexes)


def test_db_upgrade_and_quickstart_tune_on_request(pg_db, tmp_path):
    db = pg_db
    doc = json.loads(ara(db, "--json", "db", "upgrade", "--tune", check=True).stdout)
    assert {(t["kind"], t["index"]) for t in doc["tuning"]} == {
        ("index", "asterisk_ara_tune_ps_contacts_id_pattern"), ("index", "asterisk_ara_tune_ps_contacts_expiration"),
        *(("view", f"asterisk_ara_ordered_{t}") for t in ("ps_endpoints", "ps_aors", "ps_auths", "ps_contacts"))}
    ara(db, "db", "downgrade", "0001_ara_head", check=True)  # takes them away
    assert not db.execute("SELECT 1 FROM information_schema.views WHERE table_name LIKE 'asterisk_ara_ordered%'")
    res = ara(db, "--json", "quickstart", "--host", "pbx.example.com", "--out", str(tmp_path / "a"), "--tune")
    assert res.exit_code == 0, res
    assert "index asterisk_ara_tune_ps_contacts_id_pattern" in json.loads(res.stdout)["created"]


def test_downgrade_takes_the_nodes_views_and_logins_away(server_db):
    db = server_db
    ara(db, "node", "add", "n1", check=True)
    add_client(db, "dora", "--node", "n1")
    login, share = db.execute("SELECT login, share FROM asterisk_ara_nodes")[0]
    ara(db, "db", "downgrade", "base", "--yes", check=True)
    assert not db.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (share,))
    logins = "SELECT 1 FROM pg_roles WHERE rolname = %s" if db.dialect == "postgresql" else \
        "SELECT 1 FROM mysql.user WHERE User = %s"
    assert not db.execute(logins, (login,))


# -- Calls between nodes (issue 29): what the database holds; what Asterisk does with it is tests/live/test_node_calls.py

def trunk_secret(db, trunk):
    return db.execute(f"SELECT password FROM ps_auths WHERE id = '{trunk}'")[0][0]


def trunk_ids(db):
    return {r[0] for r in db.execute("SELECT id FROM asterisk_ara_client_nodes WHERE id LIKE '%~%'")}


def test_nodes_with_sip_addresses_get_a_trunk_to_each_other_that_only_they_see(server_db):
    db = server_db
    ara(db, "node", "add", "n1", "--sip", "10.0.0.1", check=True)
    added = ara(db, "--json", "node", "add", "n2", "--wss-url", "wss://n2.example.com:8089/ws", "--sip",
                "[2001:db8::2]:5070", check=True)
    ara(db, "node", "add", "n3", check=True)  # no SIP address: no part in calls between nodes
    add_client(db, "alice", "--node", "n1")
    add_client(db, "bob", "--node", "n2")
    assert json.loads(added.stdout)["sip"] == "[2001:db8::2]:5070"
    assert trunk_ids(db) == {"n1~n2", "n2~n1"}
    secret = trunk_secret(db, "n1~n2")  # one secret per pair, in the two trunks' auths only
    assert len(secret) == 32 and secret.isalnum() and trunk_secret(db, "n2~n1") == secret
    assert secret not in added.stdout + added.stderr
    url1, share1 = login_url(db, "n1")
    endpoints = query_as(url1, f"SELECT id, context, aors, auth, outbound_auth, from_user, identify_by, allow, "
                               f"direct_media, ice_support FROM {view(db, share1, 'ps_endpoints')} ORDER BY id")
    assert [tuple(map(str, r)) for r in endpoints] == [
        ("alice", "default", "alice", "alice", "None", "None", "None", "opus,ulaw", "None", "None"),
        # n1 calls n2 as the From user n2~n1: the name of n2's trunk back, by which n2 knows n1.
        ("n1~n2", "asterisk-ara-nodes", "n1~n2", "n1~n2", "n1~n2", "n2~n1", "username", "opus,ulaw,alaw,g722", "no",
         "no")], endpoints
    aors = dict(query_as(url1, f"SELECT id, contact FROM {view(db, share1, 'ps_aors')}"))
    assert aors == {"alice": None, "n1~n2": "sip:[2001:db8::2]:5070^3Btransport=tcp"}
    auths = {r[0]: r[1:] for r in query_as(
        url1, f"SELECT id, auth_type, username, password, realm FROM {view(db, share1, 'ps_auths')}")}
    assert auths == {"alice": auths["alice"], "n1~n2": ("userpass", "n1~n2", secret, "asterisk-ara-nodes")}
    url2, share2 = login_url(db, "n2")
    assert dict(query_as(url2, f"SELECT id, contact FROM {view(db, share2, 'ps_aors')}"))["n2~n1"] == \
        "sip:10.0.0.1:5060^3Btransport=tcp"
    # Which node serves every client: ids and node names only, for the dialplan's REALTIME_FIELD.
    placed = dict(query_as(url1, f"SELECT * FROM {view(db, share1, 'asterisk_ara_client_nodes')}"))
    assert (placed["alice"], placed["bob"]) == ("n1", "n2")
    # Trunks are neither clients nor counted as such.
    listed = json.loads(ara(db, "--json", "webrtc", "list", check=True).stdout)["clients"]
    assert [c["id"] for c in listed] == ["alice", "bob"]
    nodes = json.loads(ara(db, "--json", "node", "list", check=True).stdout)["nodes"]
    assert {n["name"]: (n["clients"], n["sip"]) for n in nodes} == {
        "n1": (1, "10.0.0.1:5060"), "n2": (1, "[2001:db8::2]:5070"), "n3": (0, None)}
    # A node given an address gets its trunks at once (nothing to write on the others); a new address is
    # called at once; no address, no trunks.
    ara(db, "node", "update", "n3", "--sip", "pbx3.example.com:5080", check=True)
    assert trunk_ids(db) == {"n1~n2", "n2~n1", "n1~n3", "n3~n1", "n2~n3", "n3~n2"}
    ara(db, "node", "update", "n3", "--sip", "pbx3.example.com:5090", check=True)
    aors = dict(query_as(url1, f"SELECT id, contact FROM {view(db, share1, 'ps_aors')}"))
    assert aors["n1~n3"] == "sip:pbx3.example.com:5090^3Btransport=tcp"
    res = ara(db, "--json", "node", "update", "n2", "--no-sip", check=True)
    assert json.loads(res.stdout)["changed"] == {"sip_host": None, "sip_port": None}
    assert trunk_ids(db) == {"n1~n3", "n3~n1"}
    assert db.execute("SELECT COUNT(*) FROM ps_endpoints WHERE id LIKE '%~%'")[0][0] == 2
    res = ara(db, "--json", "node", "remove", "n3", "--yes")  # serves no client: its trunks do not count
    assert res.exit_code == 0 and trunk_ids(db) == set(), res
    assert db.execute("SELECT COUNT(*) FROM ps_auths WHERE id LIKE '%~%'")[0][0] == 0
    # Where each client's phone goes: its node's page, the user filled in.
    shown = json.loads(ara(db, "--json", "webrtc", "show", "bob", check=True).stdout)
    assert shown["phone_url"] == "https://n2.example.com:8089/static/asterisk-ara-phone.html?user=bob"
    assert "phone: https://n2.example.com:8089/static/asterisk-ara-phone.html?user=bob" in \
        ara(db, "webrtc", "show", "bob", check=True).stdout
    import asterisk_ara

    with asterisk_ara.connect(db.url) as api:
        assert api.show_webrtc_client("bob").phone_url == shown["phone_url"]


@refused_before_the_database("args, error", [
    (("node", "add", "n1", "--sip", "bad host!"), "sip: 'bad host!' is not host[:port]"),
    (("node", "add", "n1", "--sip", "10.0.0.1:70000"), "sip: 70000 is not a port"),
    (("node", "update", "n0", "--sip", "10.0.0.1", "--no-sip"), "--sip and --no-sip: give one"),
    (("node", "update", "n0"), "nothing to change: give --sip HOST[:PORT], --no-sip or --wss-url URL"),
])
def test_node_sip_addresses_are_checked(db, args, error):
    res = ara(db, *args)
    assert res.exit_code in (1, 2) and res.stderr.count("\n") == 1 and error in res.stderr, res
    assert db.count("asterisk_ara_nodes") == 0


def test_export_writes_each_clients_phone_url_and_import_takes_it_back(pg_db, tmp_path):
    db = pg_db
    ara(db, "db", "upgrade", check=True)
    ara(db, "node", "add", "n1", "--wss-url", "wss://pbx1.example.com:8089/ws", check=True)
    ara(db, "node", "add", "n2", "--wss-url", "wss://pbx2.example.com/asterisk/ws", check=True)
    add_client(db, "alice", "--node", "n1")
    add_client(db, "bob", "--node", "n2")
    exported = tmp_path / "clients.csv"
    ara(db, "export", str(exported), check=True)
    rows = {r["id"]: r for r in csv.DictReader(exported.open())}
    assert rows["alice"]["phone_url"] == "https://pbx1.example.com:8089/static/asterisk-ara-phone.html?user=alice"
    # A page the WebSocket's path does not give away is told the server.
    assert rows["bob"]["phone_url"] == ("https://pbx2.example.com/asterisk/static/asterisk-ara-phone.html?server="
                                        "wss%3A%2F%2Fpbx2.example.com%2Fasterisk%2Fws&user=bob")
    res = ara(db, "import", str(exported), "--mode", "upsert")
    assert res.exit_code == 0, res
    assert dict(db.execute("SELECT id, node FROM asterisk_ara_client_nodes")) == {"alice": "n1", "bob": "n2"}


def test_conf_write_for_a_node_that_takes_calls_from_the_others(server_db, tmp_path):
    db = server_db
    ara(db, "node", "add", "n1", "--sip", "127.0.0.1:5071", check=True)
    ara(db, "node", "add", "n2", check=True)
    out = tmp_path / "etc"
    ara(db, "conf", "write", "--node", "n1", "--out", str(out), check=True)
    pjsip = (out / "pjsip.conf").read_text()
    assert "[transport-nodes]\ntype=transport\nprotocol=tcp\nbind=127.0.0.1:5071\n" in pjsip
    ext = (out / "extconfig.conf").read_text()
    family = "pgsql,{},node_n1.".format(db.parsed.database) if db.dialect == "postgresql" else "odbc,asterisk,"
    assert f"asterisk_ara_client_nodes => {family}asterisk_ara_client_nodes\n" in ext
    plan = (out / "extensions_asterisk_ara.conf").read_text()
    assert "REALTIME_FIELD(asterisk_ara_client_nodes,id,${EXTEN},node)" in plan
    assert '"${ARA_NODE}" != "n1"' in plan and "Dial(PJSIP/${EXTEN}@n1~${ARA_NODE},30)" in plan
    assert "\n[asterisk-ara-nodes]\n" in plan and " same => n,Hangup(27)\n" in plan
    assert "load => func_realtime.so" in (out / "modules.conf.snippet").read_text()
    # Without a SIP address: no transport, no routing, and a note saying what the node misses.
    res = ara(db, "conf", "write", "--node", "n2", "--out", str(tmp_path / "etc2"), check=True)
    assert "node n2 has no SIP address" in res.stderr
    assert "transport-nodes" not in (tmp_path / "etc2" / "pjsip.conf").read_text()
    assert "REALTIME_FIELD" not in (tmp_path / "etc2" / "extensions_asterisk_ara.conf").read_text()
    res = ara(db, "conf", "write", "--node", "n1", "--realtime-transports", "--out", str(tmp_path / "etc3"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "asterisk-ara node update n1 --no-sip" in res.stderr
    assert not (tmp_path / "etc3").exists()


def test_node_check_names_the_pair_and_the_fix_when_a_node_does_not_listen(pg_db):
    from tests.live.asterisk import free_port

    db = pg_db
    ara(db, "db", "upgrade", check=True)
    ports = {}
    for node in ("n1", "n2"):
        ports[node] = free_port()  # nothing listens there
        ara(db, "node", "add", node, "--sip", f"127.0.0.1:{ports[node]}", check=True)
    ara(db, "node", "add", "n3", check=True)
    res = ara(db, "--json", "node", "check")
    assert res.exit_code == 1, res
    doc = json.loads(res.stdout)
    assert doc["problems"] == [] and doc["nodes"] == ["n1", "n2", "n3"]
    assert trunk_secret(db, "n1~n2") not in res.stdout + res.stderr
    assert [(p["caller"], p["callee"], p["ok"]) for p in doc["pairs"]] == [("n1", "n2", False), ("n2", "n1", False)]
    assert doc["pairs"][0]["summary"] == (f"n2's SIP address 127.0.0.1:{ports['n2']} refuses connections (its "
                                          "Asterisk is stopped, or runs without the TCP transport for calls between "
                                          "nodes)")
    assert doc["pairs"][0]["fix"] == "start n2's Asterisk on the files of: asterisk-ara conf write --node n2"
    res = ara(db, "node", "check", "n3")
    assert res.exit_code == 0 and "Calls between nodes: not checked: n3 has no SIP address" in res.stdout, res
    # A trunk that lost a row is named, and `node refresh` makes the pair anew.
    db.execute("DELETE FROM ps_auths WHERE id = 'n1~n2'")
    res = ara(db, "node", "check", "n1")
    assert "n1 -> n2: n1 has no trunk n1~n2; write the trunks again: asterisk-ara node refresh n1" in \
        res.stdout.splitlines(), res
    ara(db, "node", "refresh", "n1", check=True)
    assert trunk_secret(db, "n1~n2") == trunk_secret(db, "n2~n1")
    assert "n1 has no trunk" not in ara(db, "node", "check", "n1").stdout


def test_downgrade_and_upgrade_remake_the_views_without_and_with_the_trunks(server_db):
    db = server_db
    ara(db, "node", "add", "n1", "--sip", "10.0.0.1", check=True)
    ara(db, "node", "add", "n2", "--sip", "10.0.0.2", check=True)
    url1, share1 = login_url(db, "n1")
    trunks = f"SELECT id FROM {view(db, share1, 'ps_aors')}"
    assert query_as(url1, trunks) == [("n1~n2",)]
    refused = ara(db, "db", "downgrade", "0003_ami")  # the nodes' SIP addresses are the operator's data
    assert refused.exit_code == 2 and "asterisk_ara_nodes.sip_host (2 rows)" in refused.stderr, refused
    ara(db, "db", "downgrade", "0003_ami", "--yes", check=True)  # PostgreSQL would refuse to drop columns the views read
    here = "current_schema()" if db.dialect == "postgresql" else "DATABASE()"
    columns = db.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'asterisk_ara_nodes' "
                         f"AND table_schema = {here}")
    assert query_as(url1, trunks) == [] and "sip_host" not in {r[0] for r in columns} and trunk_ids(db) == set()
    assert "error" in str(query_as(url1, f"SELECT id FROM {view(db, share1, 'asterisk_ara_client_nodes')}"))
    ara(db, "db", "upgrade", check=True)
    ara(db, "node", "update", "n1", "--sip", "10.0.0.1", check=True)
    ara(db, "node", "update", "n2", "--sip", "10.0.0.2", check=True)
    assert query_as(url1, trunks) == [("n1~n2",)]
    assert ara(db, "node", "check", "n1").stdout.startswith("node n1: its login reads every view of its share.")
