"""Database URLs: one parser for every command, with the password masked in output.

Kept free of SQLAlchemy so the provisioning commands start fast; commands that
need an Engine ask for ``to_sqlalchemy()``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from .errors import UsageError

ENV_VAR = "ASTERISK_ARA_DATABASE_URL"
DEFAULT_URL = "sqlite:///asterisk-ara.db"

# Scheme -> (dialect, driver). Plain names pick the one driver we ship for them.
_SCHEMES = {
    "postgresql": ("postgresql", "psycopg"),
    "postgres": ("postgresql", "psycopg"),
    "postgresql+psycopg": ("postgresql", "psycopg"),
    "mysql": ("mysql", "pymysql"),
    "mariadb": ("mysql", "pymysql"),
    "mysql+pymysql": ("mysql", "pymysql"),
    "mariadb+pymysql": ("mysql", "pymysql"),
    "sqlite": ("sqlite", "pysqlite"),
    "sqlite+pysqlite": ("sqlite", "pysqlite"),
}


@dataclass(frozen=True)
class DatabaseURL:
    dialect: str  # postgresql | mysql | sqlite
    driver: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    host: str | None = None
    port: int | None = None
    database: str | None = None  # SQLite: the file path ("" or None = in memory)
    query: tuple[tuple[str, str], ...] = ()
    #: PostgreSQL only: every (host, port) of a libpq multi-host URL (postgresql://u@h1,h2:5433/db), in order;
    #: empty for one host. ``host``/``port`` are then the first's.
    hosts: tuple[tuple[str, int | None], ...] = ()

    @property
    def libpq_host(self) -> str | None:
        """``host`` as libpq takes it: a comma-separated list for several hosts."""
        return ",".join(h for h, _ in self.hosts) if self.hosts else self.host

    @property
    def libpq_port(self) -> str | int | None:
        """``port`` as libpq takes it: one per host (empty = 5432) for several hosts."""
        if not self.hosts:
            return self.port
        ports = [str(p) if p else "" for _, p in self.hosts]
        return ",".join(ports) if any(ports) else None

    @property
    def query_dict(self) -> dict[str, str]:
        return dict(self.query)

    @property
    def socket_dir(self) -> str | None:
        """Unix-socket directory for PostgreSQL (``?host=/run/postgresql`` or a path as host)."""
        host = self.query_dict.get("host") or self.host
        return host if host and host.startswith("/") else None

    def masked(self) -> str:
        """The URL as text, password and secret query values replaced by ``***``: safe for messages and logs."""
        return mask_url(self._render(mask=True))

    def _render(self, mask: bool) -> str:
        scheme = {"postgresql": "postgresql", "mysql": "mysql", "sqlite": "sqlite"}[self.dialect]
        if self.dialect == "sqlite":
            return f"sqlite:///{self.database or ''}"
        auth = ""
        if self.username:
            auth = self.username
            if self.password is not None:
                auth += ":" + ("***" if mask else self.password)
            auth += "@"
        if self.hosts:
            hostport = ",".join(_hostport(h, p) for h, p in self.hosts)
        else:
            hostport = _hostport(self.host or "", self.port) if self.host or self.port else ""
        query = "&".join(f"{k}={v}" for k, v in self.query)
        return f"{scheme}://{auth}{hostport}/{self.database or ''}" + (f"?{query}" if query else "")

    def to_sqlalchemy(self):
        from sqlalchemy.engine import URL

        query: dict = self.query_dict
        if self.hosts:  # SQLAlchemy's psycopg dialect hands ?host=h1,h2&port=p1,p2 to libpq as they are
            query = {**query, "host": self.libpq_host}
            if self.libpq_port:
                query["port"] = self.libpq_port
        return URL.create(
            f"{self.dialect}+{self.driver}",
            username=self.username,
            password=self.password,
            host=None if self.hosts else self.host,
            port=None if self.hosts else self.port,
            database=self.database,
            query=query,
        )

    def with_database(self, database: str) -> "DatabaseURL":
        return DatabaseURL(self.dialect, self.driver, self.username, self.password,
                           self.host, self.port, database, self.query, self.hosts)


def _hostport(host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port else host


#: Query parameters whose values are safe to print; every other value is masked.
_PLAIN_QUERY_KEYS = frozenset({"host", "port", "sslmode", "charset", "unix_socket", "connect_timeout",
                               "application_name", "target_session_attrs", "gssencmode", "ssl_mode"})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def mask_url(text: str) -> str:
    """Any URL-like text made safe to print, parsable or not, with or without a scheme: the
    password of the user-info and every query value not known to be harmless become ``***``."""
    text = str(text)
    lead_match = _SCHEME.match(text)
    lead = lead_match.group(0) if lead_match else ""
    body = text[len(lead):]
    at, colon = body.rfind("@"), body.find(":")
    # The user-info ends at the last '@': a password may itself hold '@', '/', '?' or '#'.
    if at >= 0 and 0 <= colon < at and not any(c in body[:colon] for c in "/?#["):
        user, span = body[:colon], body[colon + 1:at]
        if "?" in span and "=" in span.partition("?")[2]:
            return f"{lead}{user}:***@***"  # the last '@' was inside a query value: hide all of it
        body = f"{user}:***@{body[at + 1:]}"
    head, qmark, query = body.partition("?")
    if qmark:
        parts = []
        for pair in query.split("&"):
            key, eq, _value = pair.partition("=")
            parts.append(pair if not eq or unquote(key).lower() in _PLAIN_QUERY_KEYS else f"{key}=***")
        query = "&".join(parts)
    return lead + head + qmark + query


def parse(url: str) -> DatabaseURL:
    """Parse a database URL; a bad one is a UsageError that names the accepted forms (URL masked)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise UsageError(f"database URL {mask_url(url)!r} has no scheme; use e.g. postgresql://user@host/db, "
                         "mysql://user@host/db or sqlite:///path.db")
    scheme = scheme.lower()
    if scheme not in _SCHEMES:
        accepted = ", ".join(sorted({s.split('+')[0] for s in _SCHEMES}))
        raise UsageError(f"database URL scheme {scheme!r} is not supported (accepted: {accepted})")
    dialect, driver = _SCHEMES[scheme]
    if dialect == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy reads them.
        path = rest[1:] if rest.startswith("/") else rest
        path, _, _query = path.partition("?")
        return DatabaseURL("sqlite", driver, database=unquote(path) or None)
    try:
        parts = urlsplit(f"//{rest}")
    except ValueError as exc:  # e.g. "[::1" without its closing bracket
        raise UsageError(f"database URL {mask_url(url)!r} cannot be read: {exc}") from None
    hosts: tuple[tuple[str, int | None], ...] = ()
    if "," in parts.netloc.rpartition("@")[2]:
        if dialect != "postgresql":
            raise UsageError(f"database URL {mask_url(url)!r} names several hosts; only PostgreSQL (libpq) "
                             "URLs may: postgresql://user@host1,host2/db?target_session_attrs=read-write")
        hosts = tuple(_host_and_port(part, url) for part in parts.netloc.rpartition("@")[2].split(","))
        host, port = hosts[0]
    else:
        try:
            port = parts.port
        except ValueError:
            raise UsageError(f"database URL port is not a number (1-65535): {mask_url(url)}") from None
        host = unquote(parts.hostname) if parts.hostname else None
    database = unquote(parts.path.lstrip("/")) or None
    return DatabaseURL(
        dialect, driver,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        host=host,
        port=port,
        database=database,
        query=tuple(parse_qsl(parts.query)),
        hosts=hosts,
    )


def _host_and_port(part: str, url: str) -> tuple[str, int | None]:
    """One ``host[:port]`` (``[v6]:port``) of a multi-host URL."""
    if part.startswith("["):
        host, _, port = part[1:].partition("]")
        port = port.removeprefix(":")
    else:
        host, _, port = part.partition(":")
    if not host:
        raise UsageError(f"database URL {mask_url(url)!r}: an empty host in the host list")
    if port and (not port.isdigit() or not 1 <= int(port) <= 65535):
        raise UsageError(f"database URL port is not a number (1-65535): {mask_url(url)}")
    return unquote(host).lower(), int(port) if port else None


def resolve(url: str | None) -> DatabaseURL:
    """The URL in force: the option, else ``$ASTERISK_ARA_DATABASE_URL``, else the SQLite default."""
    return parse(url or os.environ.get(ENV_VAR) or DEFAULT_URL)


def sqlite_path(db: DatabaseURL) -> Path | None:
    return Path(db.database) if db.dialect == "sqlite" and db.database else None
