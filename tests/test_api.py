"""Issue 15: one connection for many operations, the caller's transaction, SQLAlchemy sessions."""
from __future__ import annotations

import dataclasses
import io
import json

import pytest

import asterisk_ara
from asterisk_ara import AlreadyExistsError, AraError, NotFoundError

from .conftest import raw_connection, run_cli

PASSWORD = "correct-horse-battery-staple"


def create_customers(db):
    db.execute("CREATE TABLE customers (id VARCHAR(40) PRIMARY KEY, name VARCHAR(80))")


def insert_customer(db, conn, cid):
    ph = "?" if db.dialect == "sqlite" else "%s"
    conn.cursor().execute(f"INSERT INTO customers (id, name) VALUES ({ph}, {ph})", (cid, "Customer " + cid))


def ids(db, table="ps_endpoints"):
    return sorted(r[0] for r in db.execute(f"SELECT id FROM {table}"))


def test_one_connection_many_operations_each_its_own_transaction(db):
    with asterisk_ara.connect(db.url) as ara:
        first = ara.add_webrtc_client("alice")
        assert first.generated_password and len(first.generated_password) >= 24
        ara.add_webrtc_client("bob", PASSWORD)
        with pytest.raises(AlreadyExistsError):
            ara.add_webrtc_client("bob", PASSWORD)
        ara.update_webrtc_client("bob", context="sales")
        assert ara.set_password("bob") is not None
        assert [c.id for c in ara.list_webrtc_clients()] == ["alice", "bob"]
        assert ara.show_webrtc_client("bob").endpoint["context"] == "sales"
        assert ara.remove_webrtc_client("alice").removed == {"ps_endpoints": 1, "ps_aors": 1, "ps_auths": 1,
                                                            "ps_contacts": 0}
        with pytest.raises(NotFoundError):
            ara.show_webrtc_client("alice")
    assert ids(db) == ["bob"]  # everything before the failure and after it was committed


def test_ara_transaction_is_all_or_nothing(db):
    with asterisk_ara.connect(db.url) as ara:
        ara.add_webrtc_client("keep", PASSWORD)
        with pytest.raises(AlreadyExistsError):
            with ara.transaction():
                ara.add_webrtc_client("a1", PASSWORD)
                ara.add_webrtc_client("a2", PASSWORD)
                ara.add_webrtc_client("keep", PASSWORD)
        with ara.transaction():
            ara.add_webrtc_client("b1", PASSWORD)
            ara.add_webrtc_client("b2", PASSWORD)
    assert ids(db) == ["b1", "b2", "keep"] and ids(db, "ps_auths") == ["b1", "b2", "keep"]


@pytest.mark.parametrize("outcome", ["commit", "rollback"])
def test_callers_transaction_holds_their_row_and_our_client(db, outcome):
    create_customers(db)
    conn = raw_connection(db)
    try:
        insert_customer(db, conn, "c1")
        ara = asterisk_ara.connect(conn)
        ara.add_webrtc_client("c1-phone", PASSWORD)
        assert ara.show_webrtc_client("c1-phone").id == "c1-phone"  # visible inside their transaction
        assert ids(db) == []  # not committed yet: another connection sees nothing
        getattr(conn, outcome)()
        ara.close()  # a caller's connection stays open
        conn.cursor().execute("SELECT 1")
    finally:
        conn.close()
    expected = (["c1"], ["c1-phone"]) if outcome == "commit" else ([], [])
    assert (ids(db, "customers"), ids(db)) == expected


def test_our_failure_leaves_the_callers_earlier_statements_to_them(db):
    create_customers(db)
    asterisk_ara.connect(db.url).add_webrtc_client("taken", PASSWORD)
    conn = raw_connection(db)
    try:
        insert_customer(db, conn, "c2")
        ara = asterisk_ara.connect(conn)
        with pytest.raises(AlreadyExistsError) as failure:
            ara.add_webrtc_client("taken", PASSWORD)
        assert "\n" not in str(failure.value)
        with pytest.raises(AraError):
            ara.update_webrtc_client("taken", max_contacts=0)
        ara.add_webrtc_client("c2-phone", PASSWORD)  # the transaction is still usable (PostgreSQL too)
        insert_customer(db, conn, "c3")
        conn.commit()
    finally:
        conn.close()
    assert ids(db, "customers") == ["c2", "c3"] and ids(db) == ["c2-phone", "taken"]


@pytest.mark.parametrize("kind", ["session", "connection"])
def test_sqlalchemy_session_and_connection(db, kind):
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    create_customers(db)
    engine = sa.create_engine(db.parsed.to_sqlalchemy())
    try:
        for outcome in ("rollback", "commit"):
            holder = Session(engine) if kind == "session" else engine.connect()
            with holder:
                holder.execute(sa.text("INSERT INTO customers (id, name) VALUES (:i, 'x')"), {"i": outcome})
                asterisk_ara.connect(holder).add_webrtc_client(f"{outcome}-phone", PASSWORD)
                getattr(holder, outcome)()
    finally:
        engine.dispose()
    assert ids(db, "customers") == ["commit"] and ids(db) == ["commit-phone"]


def test_results_are_typed_and_shaped_like_the_cli_json(db):
    with asterisk_ara.connect(db.url) as ara:
        ara.add_webrtc_client("carol", PASSWORD, settings=asterisk_ara.WebrtcSettings(context="internal"))
        listed = [dataclasses.asdict(c) for c in ara.list_webrtc_clients()]
        shown = dataclasses.asdict(ara.show_webrtc_client("carol"))
    assert listed == json.loads(run_cli("--database-url", db.url, "--json", "webrtc", "list").stdout)["clients"]
    assert shown == json.loads(run_cli("--database-url", db.url, "--json", "webrtc", "show", "carol").stdout)


def test_import_and_export_on_the_callers_connection(db, tmp_path):
    source = tmp_path / "users.csv"
    source.write_text("id,password\nu1,first-user-passphrase\nu2,second-user-passphrase\n")
    conn = raw_connection(db)
    try:
        ara = asterisk_ara.connect(conn)
        report = ara.import_csv(str(source))
        assert report.inserted == 2
        out = io.StringIO()
        assert ara.export_csv(out) == 2 and out.getvalue().splitlines()[1].startswith("u1,")
        conn.rollback()
    finally:
        conn.close()
    assert ids(db) == []
    with asterisk_ara.connect(db.url) as ara:
        assert ara.import_csv(str(source)).inserted == 2
    assert ids(db) == ["u1", "u2"]


def test_an_unusable_target_is_one_line():
    with pytest.raises(asterisk_ara.UsageError, match="is not one we can use"):
        asterisk_ara.connect(object())
