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

from .conftest import _mysql_admin, _pg_admin, run_cli

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
