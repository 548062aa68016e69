"""Alembic environment for asterisk-ara.

Online runs receive their connection from ``asterisk_ara.schema.migrate`` (which also
decides about adopting ARA databases); running plain ``alembic`` with alembic.ini works too.
Our version table is ``asterisk_ara_version``, so it never meets ARA's ``alembic_version_config``.
"""
from __future__ import annotations

from alembic import context

from asterisk_ara.models import metadata

VERSION_TABLE = "asterisk_ara_version"
config = context.config


def run_offline() -> None:
    dialect = config.attributes.get("dialect_name") or config.get_main_option("sqlalchemy.url").split(":")[0]
    context.configure(
        dialect_name=dialect,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        literal_binds=True,
        render_as_batch=dialect == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        import sqlalchemy as sa

        from asterisk_ara.dburl import resolve

        url = resolve(config.get_main_option("sqlalchemy.url") or None).to_sqlalchemy()
        with sa.create_engine(url).begin() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
