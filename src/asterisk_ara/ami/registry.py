"""``asterisk-ara ami add/list/show/remove``: the rows of ``asterisk_ara_ami`` (see ``targets``)."""
from __future__ import annotations

from ..dbapi import Database, open_database
from ..dburl import DatabaseURL
from ..errors import AlreadyExistsError, NotFoundError, ValidationError
from .targets import TABLE, Target, check_host, check_name, check_port, check_secret, check_username


def _require_table(db: Database) -> None:
    if not db.columns(TABLE):
        raise ValidationError(f"{db.url.masked()} has no table {TABLE}: run `asterisk-ara db upgrade` first")


def add_target(url: DatabaseURL, name: str, host: str, port: int, username: str, secret: str) -> Target:
    target = Target(check_name(name), check_host(host), check_port(port), check_username(username),
                    check_secret(secret, username))
    with open_database(url) as db:
        _require_table(db)
        with db.transaction():
            if db.query(f"SELECT name FROM {TABLE} WHERE name = {db.placeholder}", (target.name,)):
                raise AlreadyExistsError(f"name: AMI target {target.name!r} exists already; nothing was changed "
                                         f"(asterisk-ara ami remove {target.name} first to replace it)")
            db.execute(f"INSERT INTO {TABLE} (name, host, port, username, secret) VALUES ({db.placeholders(5)})",
                       (target.name, target.host, target.port, target.username, target.secret))
    return target


def list_targets(url: DatabaseURL) -> list[Target]:
    """Every node, without secrets."""
    with open_database(url) as db:
        _require_table(db)
        rows = db.query(f"SELECT name, host, port, username FROM {TABLE} ORDER BY name")
    return [Target(*row) for row in rows]


def get_target(url: DatabaseURL, name: str) -> Target:
    """One node with its secret (to log in), or NotFoundError."""
    with open_database(url) as db:
        _require_table(db)
        rows = db.query(f"SELECT name, host, port, username, secret FROM {TABLE} WHERE name = {db.placeholder}",
                        (name,))
    if not rows:
        raise NotFoundError(f"name: no AMI target {name!r} (asterisk-ara ami list shows them)")
    return Target(*rows[0])


def remove_target(url: DatabaseURL, name: str) -> None:
    with open_database(url) as db:
        _require_table(db)
        with db.transaction():
            if not db.execute(f"DELETE FROM {TABLE} WHERE name = {db.placeholder}", (name,)).rowcount:
                raise NotFoundError(f"name: no AMI target {name!r} (asterisk-ara ami list shows them)")
