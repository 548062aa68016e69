"""Issue 2: our migrations create ARA head, column for column, and `db` commands behave."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from asterisk_ara.dburl import parse
from asterisk_ara.schema import describe, migrate
from asterisk_ara.schema.engine import create_engine

from .conftest import DATA, run_cli

REFERENCE = json.loads((DATA / "ara_schema.json").read_text())
ROOT = Path(__file__).resolve().parents[1]


def reference_description(dialect: str) -> describe.Description:
    """ara_schema.json (facts recorded from ARA's own migrations) in describe's normal form."""
    out = {}
    for name, t in REFERENCE["tables"].items():
        my = {c["name"]: c for c in t["mysql"]["columns"]}
        columns, enums = [], {}
        for c in t["columns"]:
            typ, nullable = c["type"], c["nullable"]
            if dialect == "mysql":
                nullable = my[c["name"]]["nullable"]
            if typ == "enum":
                enums[c["name"]] = (None if dialect == "mysql" else c["enum_name"], tuple(c["values"]))
                if dialect == "sqlite":  # no enum type: VARCHAR wide enough, CHECK named after the type
                    typ = f"varchar({max(len(v) for v in c['values'])})"
            if dialect == "sqlite" and typ == "bigint" and c["autoincrement"]:
                typ = "integer"  # SQLite autoincrements only INTEGER PRIMARY KEY
            columns.append((c["name"], typ, nullable))
        if dialect == "mysql":
            unique = {tuple(i["columns"]): i["name"] for i in t["mysql"]["indexes"]
                      if i["unique"] and i["name"] != "PRIMARY"}
            indexes = {i["name"]: tuple(i["columns"]) for i in t["mysql"]["indexes"] if not i["unique"]}
        else:
            unique = {tuple(u["columns"]): (u["name"] if dialect == "postgresql" else None)
                      for u in t["unique_constraints"]}
            indexes = {i["name"]: tuple(i["columns"]) for i in t["indexes"]}
        out[name] = {
            "columns": columns, "enums": enums,
            "primary_key": tuple(t["primary_key"]["columns"]) if t["primary_key"] else (),
            "unique": unique, "indexes": indexes,
            "foreign_keys": {tuple(f["columns"]): (f["referred_table"], tuple(f["referred_columns"]))
                             for f in t["foreign_keys"]},
        }
    return out


def live(url: str) -> describe.Description:
    engine = create_engine(parse(url))
    try:
        with engine.connect() as conn:
            return describe.describe_live(conn)
    finally:
        engine.dispose()


def test_reference_facts_are_what_the_issue_says():
    assert REFERENCE["meta"]["head_revision"] == "2285f2ace275"
    assert len(REFERENCE["tables"]) == 26
    assert sum(len(t["columns"]) for t in REFERENCE["tables"].values()) == 615


def test_upgrade_creates_ara_head_column_for_column(empty_db):
    # Upgrade to the baseline by name, not to head: the baseline must stay ARA 2285f2ace275 exactly
    # even after later revisions (and model changes) are added on top of it.
    db = empty_db
    run_cli("--database-url", db.url, "db", "upgrade", "0001_ara_head", check=True)
    expected = reference_description(db.dialect)
    actual = live(db.url)
    assert describe.diff(expected, actual) == []
    matched = sum(1 for t in expected for c in expected[t]["columns"] if c in actual[t]["columns"])
    assert matched == 615
    enum_cols = sum(len(t["enums"]) for t in actual.values())
    assert enum_cols == 181
    if db.dialect == "postgresql":
        types = {r[0] for r in db.execute("SELECT typname FROM pg_type WHERE typtype = 'e'")}
        assert types == set(REFERENCE["enums"])
        for name, values in REFERENCE["enums"].items():
            got = [r[0] for r in db.execute(
                "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
                "WHERE t.typname = %s ORDER BY e.enumsortorder", (name,))]
            assert got == values, name
    if db.dialect == "mysql":
        rows = db.execute("SELECT table_name, engine, table_collation FROM information_schema.tables "
                          "WHERE table_schema = DATABASE() AND table_name <> 'asterisk_ara_version' "
                          "AND table_type = 'BASE TABLE'")
        assert {(r[1], r[2]) for r in rows} == {("InnoDB", "utf8mb4_general_ci")}
        assert db.execute("SELECT extra FROM information_schema.columns WHERE table_schema = DATABASE() "
                          "AND table_name = 'queue_members' AND column_name = 'uniqueid'")[0][0] == "auto_increment"


def test_sqlite_enum_checks_reject_values_outside_the_enum(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    run_cli("--database-url", url, "db", "upgrade", check=True)
    import sqlite3

    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("INSERT INTO ps_aors (id, remove_existing) VALUES ('a', 'yes')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO ps_aors (id, remove_existing) VALUES ('b', 'maybe')")


def test_db_check_clean_after_upgrade_then_reports_drift(db):
    ok = run_cli("--database-url", db.url, "db", "check")
    assert ok.exit_code == 0, ok
    assert "matches ARA head 2285f2ace275" in ok.stdout
    if db.dialect != "sqlite":  # the ordered view holds its table on PostgreSQL; a missing one is a problem too
        assert "load: view asterisk_ara_ordered_ps_aors" in ok.stdout
        db.execute("DROP VIEW asterisk_ara_ordered_ps_aors")
    db.execute("ALTER TABLE ps_aors DROP COLUMN mailboxes")
    if db.dialect == "postgresql":
        db.execute("ALTER TYPE pjsip_dtls_setup_values ADD VALUE 'bogus'")
    elif db.dialect == "mysql":
        db.execute("ALTER TABLE ps_endpoints MODIFY dtls_setup ENUM('active','passive')")
    bad = run_cli("--database-url", db.url, "db", "check")
    assert bad.exit_code == 1
    assert "ps_aors.mailboxes: missing column (varchar(80))" in bad.stdout
    if db.dialect != "sqlite":
        assert "view asterisk_ara_ordered_ps_aors is missing" in bad.stdout
    if db.dialect == "postgresql":
        assert "ps_endpoints.dtls_setup: enum values are ['active', 'passive', 'actpass', 'bogus']" in bad.stdout
    elif db.dialect == "mysql":
        assert "ps_endpoints.dtls_setup: enum values are ['active', 'passive'], expected ['active', 'passive', 'actpass']" in bad.stdout


def test_check_json_shape(db):
    res = run_cli("--database-url", db.url, "--json", "db", "check")
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["matches"] is True and doc["problems"] == []


def test_downgrade_to_base_leaves_nothing_of_ours(db):
    run_cli("--database-url", db.url, "db", "downgrade", "base", check=True)
    assert db.tables() <= {"asterisk_ara_version"}
    if db.tables():
        assert db.count("asterisk_ara_version") == 0
    if db.dialect == "postgresql":
        assert db.execute("SELECT typname FROM pg_type WHERE typtype = 'e'") == []
        assert db.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                          "AND tablename <> 'asterisk_ara_version'") == []
    res = run_cli("--database-url", db.url, "db", "current")
    assert "revision: none" in res.stdout


def test_current_reports_head(db):
    res = run_cli("--database-url", db.url, "--json", "db", "current")
    doc = json.loads(res.stdout)
    assert doc["revision"] == doc["head"] == migrate.head_revision() == "0004_node_sip" and doc["at_head"] is True \
        and doc["ara_revision"] is None


def _pg_relations(db):
    return set(db.execute("SELECT relname, oid FROM pg_class WHERE relnamespace = 'public'::regnamespace")) | \
        set(db.execute("SELECT typname, oid FROM pg_type WHERE typnamespace = 'public'::regnamespace"))


@pytest.mark.parametrize("dump", ["ara_head_postgresql.sql", "ara_head_postgresql_offline.sql"])
def test_adopts_postgresql_database_made_by_ara_without_ddl(pg_db, dump):
    pg_db.run_script((DATA / dump).read_text())
    before = _pg_relations(pg_db)
    res = run_cli("--database-url", pg_db.url, "db", "upgrade")
    assert res.exit_code == 0, res
    assert "Adopted" in res.stderr and "no ARA table was changed" in res.stderr
    added = {name for name, _ in _pg_relations(pg_db) - before}
    # Only our own: the version table, the node and AMI tables, their indexes and row types: nothing of ARA's.
    assert added and all(name.lstrip("_").startswith("asterisk_ara_") for name in added), added
    assert {"asterisk_ara_nodes", "asterisk_ara_ami"} <= added
    assert before <= _pg_relations(pg_db)  # nothing of ARA's was dropped or re-created
    assert run_cli("--database-url", pg_db.url, "db", "check").exit_code == 0
    # Downgrading an adopted database must not drop ARA's tables.
    run_cli("--database-url", pg_db.url, "db", "downgrade", "base", check=True)
    assert "ps_endpoints" in pg_db.tables()


def test_adopts_mysql_database_made_by_ara(mysql_db):
    mysql_db.run_script((DATA / "ara_head_mysql.sql").read_text())
    res = run_cli("--database-url", mysql_db.url, "db", "upgrade")
    assert res.exit_code == 0 and "Adopted" in res.stderr, res
    assert run_cli("--database-url", mysql_db.url, "db", "check").exit_code == 0


def test_refuses_older_ara_revision_and_changes_nothing(pg_db):
    pg_db.run_script((DATA / "ara_head_postgresql.sql").read_text())
    pg_db.execute("UPDATE alembic_version_config SET version_num = '28887f25a46f'")
    before = _pg_relations(pg_db)
    res = run_cli("--database-url", pg_db.url, "db", "upgrade")
    assert res.exit_code == 1
    assert "ARA revision 28887f25a46f" in res.stderr and "upgrade head" in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert _pg_relations(pg_db) == before


def test_refuses_unversioned_tables(empty_db):
    empty_db.execute("CREATE TABLE ps_endpoints (id VARCHAR(255))")
    res = run_cli("--database-url", empty_db.url, "db", "upgrade")
    assert res.exit_code == 1 and "no version table" in res.stderr
    assert empty_db.tables() == {"ps_endpoints"}


@pytest.mark.parametrize("dialect", ["postgresql", "mysql", "sqlite"])
def test_offline_sql_files_have_not_drifted_from_the_models(dialect):
    committed = (ROOT / "sql" / f"{dialect}.sql").read_text()
    assert committed == migrate.offline_sql(dialect), (
        f"sql/{dialect}.sql is stale: regenerate with `asterisk-ara db sql --dialect {dialect} > sql/{dialect}.sql`")


def test_db_sql_command_prints_ddl():
    res = run_cli("db", "sql", "--dialect", "mysql")
    assert res.exit_code == 0
    assert "CREATE TABLE ps_endpoints" in res.stdout and "INSERT INTO asterisk_ara_version" in res.stdout


def test_unreachable_database_is_one_line_exit_1():
    res = run_cli("--database-url", "postgresql://u:s3cretpw@127.0.0.1:1/x", "db", "current")
    assert res.exit_code == 1
    assert res.stderr.startswith("Error: cannot connect to postgresql://u:***@127.0.0.1:1/x")
    assert res.stderr.count("\n") == 1 and "s3cretpw" not in res.stderr


def test_wrong_credentials_are_masked():
    res = run_cli("--database-url", "mysql://nosuchuser:hunter2hunter2@127.0.0.1:3306/x", "db", "current")
    assert res.exit_code == 1 and "hunter2" not in res.stderr + res.stdout
    assert "Access denied" in res.stderr


def test_unknown_revision_and_bad_scheme_exit_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    res = run_cli("--database-url", url, "db", "upgrade", "nosuchrev")
    assert res.exit_code == 2 and "nosuchrev" in res.stderr and "Traceback" not in res.stderr
    res = run_cli("--database-url", "oracle://x@y/z", "db", "current")
    assert res.exit_code == 2 and "not supported" in res.stderr


def test_missing_driver_is_one_clear_line():
    import subprocess
    import sys

    code = ("import sys; sys.modules['psycopg'] = None; sys.argv = ['asterisk-ara', '--database-url', "
            "'postgresql://x@127.0.0.1/y', 'db', 'current']; from asterisk_ara.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "driver is not installed" in proc.stderr and "pip install psycopg[binary]" in proc.stderr


def test_commands_before_the_schema_exists_say_how_to_create_it(empty_db, tmp_path):
    # A database without our tables: every command fails in one line that names the fix.
    for args in (["webrtc", "list"], ["export", "-"], ["webrtc", "show", "x"]):
        res = run_cli("--database-url", empty_db.url, *args)
        assert res.exit_code == 1 and "Traceback" not in res.stderr, res.stderr
        assert res.stderr.count("\n") == 1 and res.stderr.startswith("Error: ")
        assert "db upgrade" in res.stderr, res.stderr


def test_a_missing_sqlite_file_is_not_created_by_other_commands(tmp_path):
    res = run_cli("webrtc", "list", cwd=tmp_path)
    assert res.exit_code == 1
    assert res.stderr == ("Error: sqlite:///asterisk-ara.db: no such database file; create it with: "
                          "asterisk-ara --database-url sqlite:///asterisk-ara.db db upgrade\n")
    assert not (tmp_path / "asterisk-ara.db").exists()


def test_a_path_that_cannot_be_written_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for args in (["conf", "write", "--out", str(blocker / "etc")],
                 ["tls", "init", "--host", "pbx.example.com", "--dir", str(blocker / "keys")]):
        res = run_cli(*args, cwd=tmp_path)
        assert res.exit_code == 1 and "Traceback" not in res.stderr, res.stderr
        assert res.stderr == f"Error: {blocker / args[-1].rsplit('/', 1)[-1]}: Not a directory\n"


def test_default_database_is_sqlite_file_in_cwd(tmp_path):
    run_cli("db", "upgrade", cwd=tmp_path, check=True)
    assert (tmp_path / "asterisk-ara.db").exists()
    assert run_cli("db", "check", cwd=tmp_path).exit_code == 0


def test_catalog_has_not_drifted_from_the_models():
    from asterisk_ara.schema import catalog_gen

    committed = (ROOT / "src" / "asterisk_ara" / "catalog.py").read_text()
    assert committed == catalog_gen.render(), (
        "catalog.py is stale: python -m asterisk_ara.schema.catalog_gen > src/asterisk_ara/catalog.py")
