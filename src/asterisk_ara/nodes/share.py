"""A node's share of the database: the views through which one Asterisk sees only its own clients.

PostgreSQL: a schema in the database (``node_NAME``); MariaDB/MySQL: a database beside it
(``DB_node_NAME``). Either holds one view per ps_* table, named as the table:

* ``ps_endpoints``, ``ps_aors``, ``ps_auths``: the rows whose id the node serves (asterisk_ara_client_nodes);
* ``ps_contacts``: the registrations whose ``reg_server`` is the node's Asterisk ``systemname``, with
  ``WITH CHECK OPTION``, so the node can write only its own (both servers update such a simple view);
* every other ps_* table: all of it;
* from revision 0004, ``asterisk_ara_client_nodes``: the node of every client (ids and node names only), which
  the dialplan reads at call time to send a call to the callee's node. (The node's trunks to the other nodes are
  rows placed on it, shown like its clients: ``trunks``.)

Asterisk's drivers take them as tables: res_config_pgsql accepts a schema-qualified name in extconfig.conf
(``node_n1.ps_endpoints``); res_config_odbc and res_config_mysql are pointed at the node's database. The
node's own login may read the views and write ps_contacts and ps_subscription_persistence, and nothing
else: the base tables stay out of its reach (a view runs with its owner's rights).

Every statement here is built from names checked by ``names`` (letters, digits, '_'), never from free text.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ..errors import UsageError, ValidationError
from .names import CLIENT_NODES, NODES

#: The ps_* tables of ARA head: the node sees each of them through a view of the same name.
PS_TABLES = (
    "ps_aors", "ps_asterisk_publications", "ps_auths", "ps_contacts", "ps_domain_aliases", "ps_endpoint_id_ips",
    "ps_endpoints", "ps_globals", "ps_inbound_publications", "ps_outbound_publishes", "ps_registrations",
    "ps_resource_list", "ps_subscription_persistence", "ps_systems", "ps_transports",
)
#: Only the node's clients.
CLIENT_TABLES = ("ps_aors", "ps_auths", "ps_endpoints")
#: Tables Asterisk itself writes: the node's login may write them (contacts only its own).
WRITTEN_BY_ASTERISK = ("ps_contacts", "ps_subscription_persistence")
#: Views of our own tables in a share, named as the table: the node of every client (calls between nodes).
OWN_VIEWS = (CLIENT_NODES,)


class Executor(Protocol):
    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...


def quote(dialect: str, name: str) -> str:
    return f"`{name}`" if dialect == "mysql" else f'"{name}"'


def literal(value: str) -> str:
    """A string literal for DDL, which takes no bound parameters (CREATE ROLE ... PASSWORD, view bodies).
    The values are node names, systemnames and passwords checked to hold no quote or backslash."""
    if "'" in value or "\\" in value:
        raise ValidationError(f"{value!r}: quotes and backslashes cannot go into a view or login definition")
    return f"'{value}'"


def base_location(db: Executor) -> str:
    """Where the ARA tables are: the current schema (PostgreSQL) or database (MariaDB/MySQL)."""
    sql = "SELECT current_schema()" if db.dialect == "postgresql" else "SELECT DATABASE()"
    return db.query(sql)[0][0]


def view_sql(dialect: str, base: str, share: str, table: str, node: str, systemname: str) -> str:
    """The clients' and contacts' views come in descending byte order of id, what sorcery inserts at the least
    cost when Asterisk reads them whole (schema.ordered says why)."""
    from ..schema.ordered import order_by

    q = lambda name: quote(dialect, name)  # noqa: E731
    view, source = f"{q(share)}.{q(table)}", f"{q(base)}.{q(table)}"
    if table in CLIENT_TABLES:
        return (f"CREATE VIEW {view} AS SELECT t.* FROM {source} t JOIN {q(base)}.{q(CLIENT_NODES)} c "
                f"ON c.id = t.id WHERE c.node = {literal(node)} {order_by(dialect, 't.id')}")
    if table == CLIENT_NODES:
        return f"CREATE VIEW {view} AS SELECT id, node FROM {source}"
    if table == "ps_contacts":
        return (f"CREATE VIEW {view} AS SELECT * FROM {source} WHERE reg_server = {literal(systemname)} "
                f"{order_by(dialect)} WITH CASCADED CHECK OPTION")
    return f"CREATE VIEW {view} AS SELECT * FROM {source}"


def table_columns(db: Executor, schema: str, table: str) -> list[str]:
    return [r[0] for r in db.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
        "ORDER BY ordinal_position", (schema, table))]


def calls_between_nodes(db: Executor, base: str) -> bool:
    """Whether the nodes table has the SIP columns of revision 0004 (the shares then show every client's node)."""
    return "sip_host" in table_columns(db, base, NODES)


def _create_views(db: Executor, base: str, share: str, node: str, systemname: str, calls: bool) -> None:
    for table in PS_TABLES + (OWN_VIEWS if calls else ()):
        db.execute(view_sql(db.dialect, base, share, table, node, systemname))


def create_share(db: Executor, node: str, systemname: str, share: str, login: str | None,
                 password: str | None, made: list[str] | None = None) -> None:
    """The schema/database, its views, and the node's login with exactly the rights it needs.

    ``made`` collects "share" and "login" as each is created: on MariaDB/MySQL, where DDL commits at once, a
    failure is undone by dropping those, and only those (never a login that was there before)."""
    made = [] if made is None else made
    base = base_location(db)
    q = lambda name: quote(db.dialect, name)  # noqa: E731
    if db.dialect == "postgresql":
        db.execute(f"CREATE SCHEMA {q(share)}")
    else:
        db.execute(f"CREATE DATABASE {q(share)} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
    made.append("share")
    _create_views(db, base, share, node, systemname, calls_between_nodes(db, base))
    if login:
        create_login(db, share, login, password or "", made)


def scram_sha_256(password: str, salt: bytes | None = None, iterations: int = 4096) -> str:
    """PostgreSQL's SCRAM-SHA-256 verifier of ``password`` (RFC 5802/7677, as ``pg_authid`` stores it): the server
    takes it as the password and never sees the plain text. Node passwords are ASCII (registry's rule), which
    SASLprep leaves as it is."""
    import base64
    import hashlib
    import hmac
    import os

    salt = os.urandom(16) if salt is None else salt
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(hashlib.sha256(client_key).digest())}:{b64(server_key)}"


def mysql_native_hash(password: str) -> str:
    """MariaDB's mysql_native_password hash: ``*`` and SHA1(SHA1(password)) in upper-case hex."""
    import hashlib

    return "*" + hashlib.sha1(hashlib.sha1(password.encode("utf-8")).digest()).hexdigest().upper()


def create_login(db: Executor, share: str, login: str, password: str, made: list[str] | None = None) -> None:
    """The node's login, made from the password's hash: the plain text never reaches the server, so neither its
    log (``log_statement``, a failed statement) nor a statement view can show it."""
    if db.dialect == "postgresql":
        db.execute(f"CREATE ROLE {quote(db.dialect, login)} LOGIN PASSWORD {literal(scram_sha_256(password))}")
    else:
        db.execute(f"CREATE USER {mysql_account(login)} IDENTIFIED BY PASSWORD {literal(mysql_native_hash(password))}")
    if made is not None:
        made.append("login")
    grant(db, share, login)


def replace_views(db: Executor, node: str, systemname: str, share: str, login: str | None,
                  calls: bool | None = None) -> None:
    """Make the views again (after a schema upgrade added columns: a view keeps the columns it was made with).
    ``calls``: show every client's node too [default: once the nodes table has the SIP columns]."""
    base = base_location(db)
    q = lambda name: quote(db.dialect, name)  # noqa: E731
    for table in PS_TABLES + OWN_VIEWS:
        db.execute(f"DROP VIEW IF EXISTS {q(share)}.{q(table)}")
    _create_views(db, base, share, node, systemname, calls_between_nodes(db, base) if calls is None else calls)
    if login:
        grant(db, share, login)


def grant(db: Executor, share: str, login: str) -> None:
    """The login's rights on its share, granted again (after new views, or a right taken away by hand)."""
    q = lambda name: quote(db.dialect, name)  # noqa: E731
    if db.dialect == "postgresql":
        written = ", ".join(f"{q(share)}.{q(t)}" for t in WRITTEN_BY_ASTERISK)
        db.execute(f"GRANT USAGE ON SCHEMA {q(share)} TO {q(login)}")
        db.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {q(share)} TO {q(login)}")
        db.execute(f"GRANT INSERT, UPDATE, DELETE ON {written} TO {q(login)}")
    else:
        account = mysql_account(login)
        db.execute(f"GRANT SELECT ON {q(share)}.* TO {account}")
        for table in WRITTEN_BY_ASTERISK:
            db.execute(f"GRANT INSERT, UPDATE, DELETE ON {q(share)}.{q(table)} TO {account}")


def mysql_account(login: str) -> str:
    """MariaDB/MySQL logins are made for any host ('%'): the node's Asterisk connects from its own."""
    return f"{literal(login)}@'%'"


def foreign_objects(db: Executor, share: str) -> list[str]:
    """What a node's share holds beyond the views this tool made there (an operator's table, a function)."""
    if db.dialect == "postgresql":
        rows = db.query("SELECT c.relname, c.relkind = 'v' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = %s UNION ALL SELECT p.proname, false FROM pg_proc p JOIN pg_namespace n "
                        "ON n.oid = p.pronamespace WHERE n.nspname = %s", (share, share))
    else:
        rows = db.query("SELECT table_name, table_type = 'VIEW' FROM information_schema.tables WHERE table_schema = %s "
                        "UNION ALL SELECT routine_name, 0 FROM information_schema.routines WHERE routine_schema = %s",
                        (share, share))
    return sorted(name for name, is_view in rows if not (is_view and name in PS_TABLES + OWN_VIEWS))


def refuse_foreign_objects_in(db: Executor, share: str, doing: str) -> None:
    found = foreign_objects(db, share)
    if found:
        shown = ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")
        raise UsageError(f"{doing}: the node {'schema' if db.dialect == 'postgresql' else 'database'} {share} holds "
                         f"{shown}, which asterisk-ara did not make; nothing was changed (move or drop it first)")


def refuse_foreign_objects(connection: Any) -> None:
    """Before a downgrade drops every share: none may hold anything this tool did not make."""
    db = _SqlAlchemyExecutor(connection)
    for (share,) in db.query(f"SELECT share FROM {NODES}"):
        refuse_foreign_objects_in(db, share, "downgrade")


def drop_share(db: Executor, share: str, login: str | None) -> None:
    """The views this tool made, then the schema or database itself, and the login: never anything else (a share
    that holds something more is refused, see foreign_objects)."""
    q = lambda name: quote(db.dialect, name)  # noqa: E731
    refuse_foreign_objects_in(db, share, "dropping a node's share")
    if db.dialect == "postgresql":
        for table in PS_TABLES + OWN_VIEWS:
            db.execute(f"DROP VIEW IF EXISTS {q(share)}.{q(table)}")
        db.execute(f"DROP SCHEMA IF EXISTS {q(share)}")
        if login:
            db.execute(f"DROP ROLE IF EXISTS {q(login)}")
    else:
        db.execute(f"DROP DATABASE IF EXISTS {q(share)}")
        if login:
            db.execute(f"DROP USER IF EXISTS {mysql_account(login)}")


def share_exists(db: Executor, share: str) -> bool:
    return bool(db.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (share,)))


def login_exists(db: Executor, login: str) -> bool:
    if db.dialect == "postgresql":
        return bool(db.query("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)))
    try:
        return bool(db.query("SELECT 1 FROM mysql.user WHERE User = %s", (login,)))
    except Exception as exc:  # an account without SELECT on mysql.user: CREATE USER will say whether it exists
        if getattr(exc, "args", (None,))[0] != 1142:
            raise
        return False


class _SqlAlchemyExecutor:
    """The share functions on a SQLAlchemy connection (Alembic's, in the downgrade of revision 0002)."""

    def __init__(self, connection: Any):
        self.connection = connection
        self.dialect = connection.dialect.name

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        # Without parameters the driver must not %-format: a MariaDB login's host is the literal '%'.
        if params:
            return self.connection.exec_driver_sql(sql, tuple(params))
        return self.connection.exec_driver_sql(sql.replace("%", "%%") if self.dialect == "mysql" else sql)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.execute(sql, params).fetchall())


def replace_all_views(connection: Any, calls: bool | None = None) -> None:
    """Every node's views made again (revision 0004, both ways); ``calls`` as for replace_views."""
    db = _SqlAlchemyExecutor(connection)
    if db.dialect == "sqlite":
        return
    for node, systemname, share, login in db.query(f"SELECT name, systemname, share, login FROM {NODES}"):
        replace_views(db, node, systemname, share, login, calls)


def drop_all_shares(connection: Any) -> None:
    """Every node's views and login (the downgrade that removes our node tables)."""
    db = _SqlAlchemyExecutor(connection)
    if db.dialect == "sqlite":
        return
    for share, login in db.query(f"SELECT share, login FROM {NODES}"):
        drop_share(db, share, login)
