"""SQLAlchemy engines with failures turned into one-line DatabaseErrors."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa

from ..dbapi import DRIVER_PACKAGES, connect_fix, first_line
from ..dburl import DatabaseURL
from ..errors import DatabaseError


def short_reason(exc: BaseException) -> str:
    """The driver's own message, first line only: enough to act on, never a traceback."""
    return first_line(getattr(exc, "orig", None) or exc)


def create_engine(db: DatabaseURL) -> sa.Engine:
    """An engine whose connections are bounded like the fast paths' (liveness: a silent server ends a
    command within a stated time, slow work that answers is never cut)."""
    try:
        engine = sa.create_engine(db.to_sqlalchemy())
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        pkg = DRIVER_PACKAGES.get(db.dialect, db.driver)
        raise DatabaseError(f"the {db.dialect} driver is not installed ({exc}); install it with: pip install {pkg}") from None
    if db.dialect in ("postgresql", "mysql"):
        from .. import liveness

        def watched(dialect, record, cargs, cparams):
            params = {**cparams, **({"conninfo": cargs[0]} if cargs else {})}
            if db.dialect == "postgresql":
                return liveness.postgresql_connect(params)
            return liveness.mysql_connect(**params)

        sa.event.listen(engine, "do_connect", watched)
    return engine


@contextlib.contextmanager
def begin(db: DatabaseURL) -> Iterator[sa.Connection]:
    """One connection, one transaction; connection failures name the (masked) URL."""
    engine = create_engine(db)
    try:
        try:
            conn = engine.connect()
        except sa.exc.DBAPIError as exc:
            raise DatabaseError(f"cannot connect to {db.masked()}: {short_reason(exc)}"
                                f"{connect_fix(db, getattr(exc, 'orig', None) or exc)}") from None
        except TypeError as exc:  # a query parameter the driver does not take becomes an unknown keyword
            raise DatabaseError(f"cannot connect to {db.masked()}: the {db.driver} driver refused a query "
                                f"parameter of the URL ({exc})") from None
        with conn, conn.begin():
            yield conn
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(f"database error on {db.masked()}: {short_reason(exc)}") from None
    finally:
        engine.dispose()
