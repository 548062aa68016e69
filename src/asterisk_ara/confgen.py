"""The static Asterisk files the realtime setup still needs, rendered deterministically.

Same inputs, same bytes: a header names the tool and the options, never a timestamp.
Facts behind the choices are in the docs (docs/reference/files.md, docs/explanation/) and in comments written
into the files.
"""
from __future__ import annotations

import ipaddress
import os
import stat
import dataclasses
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .callconf import dialplan_conf, rtp_conf
from .conffile import DIALPLAN_FILE, OPENSSL_FILE, check_port, header
from .nodes.names import CLIENT_NODES
from .dburl import DatabaseURL
from .errors import UsageError, ValidationError
from .validation import check_config_text
from .files import FileSet

DRIVERS = ("pgsql", "odbc", "mysql", "sqlite3")
SECTION = "asterisk"  # the connection section in res_odbc.conf / res_config_mysql.conf / res_config_sqlite3.conf
#: extconfig families (= table names) for what res_pjsip reads from realtime.
#: The tables Asterisk reads for WebRTC clients. ps_domain_aliases is mapped with ``--all-types`` only: every
#: REGISTER looked a domain alias up three times (res_pjsip_endpoint_identifier_user, the registrar), a quarter
#: of its statements, on a table a WebRTC setup leaves empty (bench/asterisk_scale.py); unmapped, Asterisk reads
#: domain aliases from pjsip.conf, in memory.
FAMILIES = ("ps_endpoints", "ps_auths", "ps_aors", "ps_contacts", "ps_endpoint_id_ips")
ODBC_DRIVER_NAMES = {"postgresql": "PostgreSQL Unicode", "mysql": "MariaDB Unicode"}
MODE_PUBLIC, MODE_SECRET = 0o644, 0o640
#: How Asterisk loads the clients (``--load``): every one at start, or each when it is first used.
LOADS = ("on-demand", "at-start")
DEFAULT_LOAD = "on-demand"
#: on-demand: endpoints kept in memory, the most recently used first. A client's first contact makes Asterisk
#: read every endpoint (res_pjsip/pjsip_options.c ``sip_options_aor_observer_modified_task``) and sort them into a
#: list, about N²/4 steps for N cached: measured, 1,000 cost a node noticeably more CPU per first REGISTER than 100
#: (bench/asterisk_scale.py); 250 keeps that read near a tenth of a millisecond while holding each endpoint for a
#: second or more after its REGISTER even at 250 first REGISTERs a second.
ENDPOINT_CACHE_OBJECTS = 250
#: ``max_initial_qualify_time`` of pjsip.conf [global]: the first OPTIONS to a client whose aor Asterisk had not
#: seen since it started (on-demand: every client; at-start: one added after) goes within this many seconds,
#: instead of at a random time within the aor's qualify_frequency; its endpoint is ``Unavailable`` until then.
FIRST_QUALIFY_SECONDS = 1
#: pjsip.conf [global] ``endpoint_identifier_order``: Asterisk's default tries the IP identifier first, which reads
#: every identify row (res_pjsip_endpoint_identifier_ip) for each request, twice per REGISTER; clients and the
#: trunks between nodes are identified by user name.
IDENTIFIER_ORDER = "username,ip,anonymous"


def default_driver(db: DatabaseURL) -> str:
    # MariaDB/MySQL goes through ODBC: res_config_mysql is an unsupported add-on.
    return {"postgresql": "pgsql", "mysql": "odbc", "sqlite": "sqlite3"}[db.dialect]


def _absolute(path: str | Path, field: str) -> str:
    p = check_config_text(str(path), field)
    if not PurePosixPath(p).is_absolute():
        raise ValidationError(f"{field}: {p!r} is not an absolute path")
    return p


def _address(value: str, field: str) -> str:
    try:
        ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        raise ValidationError(f"{field}: {value!r} is not an IP address") from None
    return value


def http_conf(tls_dir: str, bindaddr: str = "0.0.0.0", port: int = 8088, tls_port: int = 8089,
              phone: bool = False) -> str:
    """``phone``: serve ASTDATADIR/static-http at /static/ (the browser phone page of ``conf phone``)."""
    tls_dir = _absolute(tls_dir, "tls-dir").rstrip("/")
    _address(bindaddr, "bindaddr")
    host = f"[{bindaddr}]" if ":" in bindaddr and not bindaddr.startswith("[") else bindaddr
    body = (header("http", {"tls_dir": tls_dir, "bindaddr": bindaddr, "port": port, "tls_port": tls_port,
                            "phone": phone})
            + "[general]\nenabled=yes\n"
            f"bindaddr={bindaddr}\nbindport={check_port(port, 'port')}\n"
            "tlsenable=yes\n"
            f"tlsbindaddr={host}:{check_port(tls_port, 'tls-port')}\n"
            f"tlscertfile={tls_dir}/asterisk.crt\n"
            f"tlsprivatekey={tls_dir}/asterisk.key\n")
    if phone:
        body += ("; Serve the browser phone (asterisk-ara conf phone) from ASTDATADIR/static-http at /static/:\n"
                 "; same origin and certificate as the wss /ws, so trusting one trusts both.\n"
                 "enablestatic=yes\n")
    return body


def node_transport(host: str, port: int) -> str:
    """The TCP listener of a node's calls from the other nodes (``node add --sip HOST:PORT``): bound to that
    address when it is an IP address of this host's, to every address when it is a name."""
    try:
        ipaddress.ip_address(host)
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    except ValueError:
        bind = f"0.0.0.0:{port}"
    return ("\n; Calls between nodes: the other nodes send this node's calls here, SIP over TCP (a stopped node\n"
            "; refuses the connection at once, so their callers hear so within a second), authenticated by digest.\n"
            "; Open this TCP port between the nodes only.\n"
            f"[transport-nodes]\ntype=transport\nprotocol=tcp\nbind={bind}\n")


def pjsip_conf(ws: bool = True, static_transports: bool = True, node_sip: tuple[str, int] | None = None,
               realtime_global: bool = False) -> str:
    """``node_sip``: (host, port) of a node that takes part in calls between nodes: its TCP transport.
    ``realtime_global``: sorcery.conf maps ``global`` to ps_globals (``--all-types``), so Asterisk ignores a
    [global] here: the setting goes into that row instead."""
    out = header("pjsip", {"no_ws": not ws, "realtime_transports": not static_transports,
                           **({"node_sip": f"{node_sip[0]}:{node_sip[1]}"} if node_sip else {})})
    qualify = ("; A client's endpoint state (DEVICE_STATE, hints, queues) needs its aor qualified; Asterisk sends the\n"
               "; first OPTIONS to an aor it had not seen since it started within this many seconds, not at a\n"
               "; random time within qualify_frequency (until then the endpoint shows Unavailable).\n")
    order = ("; Requests are identified by user name first: Asterisk's default (ip first) reads every identify row\n"
             "; for each request. A trunk identified by IP whose From user is also a client's id would be taken\n"
             "; for that client: then put ip first.\n")
    if realtime_global:
        out += qualify.replace("this many seconds", "max_initial_qualify_time seconds") + order + (
            f"; sorcery.conf reads global from ps_globals: set max_initial_qualify_time={FIRST_QUALIFY_SECONDS} "
            f"and\n; endpoint_identifier_order={IDENTIFIER_ORDER} in its row.\n")
    else:
        out += qualify + order + (f"[global]\ntype=global\nmax_initial_qualify_time={FIRST_QUALIFY_SECONDS}\n"
                                  f"endpoint_identifier_order={IDENTIFIER_ORDER}\n\n")
    if not static_transports:
        return out + ("; The transports are rows of ps_transports (asterisk-ara transport add), mapped in\n"
                      "; sorcery.conf; none is defined here so that the database's are the ones Asterisk uses.\n")
    out += ("; The TLS listener itself is http.conf's; for ws/wss a transport takes no other options.\n"
            "[transport-wss]\ntype=transport\nprotocol=wss\nbind=0.0.0.0\n")
    if ws:
        out += "\n[transport-ws]\ntype=transport\nprotocol=ws\nbind=0.0.0.0\n"
    if node_sip:
        out += node_transport(*node_sip)
    return out


ASTERISK_CONF_SNIPPET = "asterisk.conf.snippet"  # a node's systemname, for asterisk.conf [options]


def openssl_conf() -> str:
    """OpenSSL settings for Asterisk's own process, loaded with OPENSSL_CONF=/etc/asterisk/asterisk-openssl.cnf.

    Measured against Asterisk 22.10.1: about 1 in 100 wss connections over TLS 1.3 never got an answer to the
    WebSocket upgrade (the request came with the handshake's session tickets): 12 of 2,000; with no tickets, 0 of 2,600.
    """
    return ("# Generated by asterisk-ara conf write\n# Do not edit by hand: regenerate instead.\n"
            "# For Asterisk's process only: OPENSSL_CONF=/etc/asterisk/asterisk-openssl.cnf in its environment\n"
            "# (systemd: `systemctl edit asterisk`, then [Service] Environment=OPENSSL_CONF=...).\n"
            "# Why: Asterisk's HTTPS server sometimes leaves a WebSocket upgrade unanswered when the browser's\n"
            "# request arrives together with TLS 1.3 session tickets (about 1 connection in 100 here). Without\n"
            "# tickets that does not happen; TLS 1.3 stays on. Session resumption is all that is given up.\n"
            "openssl_conf = asterisk_ara_init\n\n"
            "[asterisk_ara_init]\nssl_conf = asterisk_ara_ssl\n\n"
            "[asterisk_ara_ssl]\nsystem_default = asterisk_ara_tls\n\n"
            "[asterisk_ara_tls]\nNumTickets = 0\n")


def _conf_value(value: str) -> str:
    # Asterisk config files treat ';' as a comment start unless escaped.
    return str(value).replace(";", r"\;")


def _login(db: DatabaseURL, user_key: str, password_key: str, sep: str) -> str:
    """The user and password lines of a driver file (each only when the URL has it)."""
    lines = f"{user_key}{sep}{_conf_value(db.username)}\n" if db.username else ""
    return lines + (f"{password_key}{sep}{_conf_value(db.password)}\n" if db.password else "")


def _dbname(db: DatabaseURL) -> str:
    if not db.database:
        raise ValidationError(f"database URL {db.masked()} names no database")
    return db.database


def check_libpq_value(field: str, value: str | None) -> None:
    """A value Asterisk writes into a libpq connection string unquoted: no whitespace, quote or backslash."""
    if value and any(c.isspace() or c in "'\"\\" for c in value):
        shown = "the password" if field == "password" else repr(value)
        raise ValidationError(f"database URL {field}: {shown} contains whitespace, a quote or a backslash; Asterisk "
                              "(res_config_pgsql) writes it into its libpq connection string without quoting, where "
                              "it would start another setting: choose another")


#: A silent database (docs/how-to/database-outage.md): seconds libpq and the MariaDB ODBC driver wait.
SILENT_CONNECT = 3
SILENT_READ = 5
#: MariaDB Connector/ODBC's OPTION bit for CLIENT_FOUND_ROWS (MySQL Connector/ODBC's FLAG_FOUND_ROWS).
ODBC_FOUND_ROWS = 2
PG_SERVICE = "asterisk_ara"
PG_SERVICE_FILE = "pg_service.conf"
SYSTEMD_DROP_IN = "asterisk-ara-database.conf"


def pg_service_conf() -> str:
    """libpq settings res_config_pgsql cannot pass: a service file libpq reads for what the connection string
    leaves out (Asterisk's sets host, port, dbname, user, password and application_name)."""
    return ("; libpq reads this file through PGSERVICEFILE and PGSERVICE in Asterisk's environment (the systemd\n"
            f"; drop-in {SYSTEMD_DROP_IN} sets both). It bounds what TCP can bound when the database goes silent:\n"
            f"; a connection attempt ends after {SILENT_CONNECT} s, an idle connection is found dead by keepalives\n"
            "; after about 11 s, and one whose data goes unacknowledged (the network drops the packets) after\n"
            "; 10 s, so Asterisk reconnects. A server that stalls while its kernel still acknowledges (a stopped\n"
            "; process, a full disk) cannot be bounded here: res_config_pgsql waits for its answer, holding one\n"
            "; lock, and the node's REGISTERs wait with it.\n"
            f"[{PG_SERVICE}]\nconnect_timeout={SILENT_CONNECT}\nkeepalives=1\nkeepalives_idle=5\n"
            "keepalives_interval=2\nkeepalives_count=3\ntcp_user_timeout=10000\n")


def systemd_drop_in(etc: str = "/etc/asterisk") -> str:
    return ("# Install as /etc/systemd/system/asterisk.service.d/asterisk-ara-database.conf, then run\n"
            "# systemctl daemon-reload and restart Asterisk. Asterisk's libpq then reads the settings of\n"
            f"# {PG_SERVICE_FILE} (copied to {etc}) for its database connection.\n"
            f"[Service]\nEnvironment=PGSERVICEFILE={etc}/{PG_SERVICE_FILE}\nEnvironment=PGSERVICE={PG_SERVICE}\n")


def _sqlite_file(db: DatabaseURL) -> str:
    # A relative path would resolve against Asterisk's working directory (/ for a daemon).
    return str(Path(_dbname(db)).resolve())


@dataclass
class RealtimeFiles:
    files: dict[str, str]      # file name -> content
    secret: set[str]           # names of files that hold a database password


def check_config_url(db: DatabaseURL) -> None:
    """Every part of the URL that may reach a config file passes check_config_text (no injected lines)."""
    parts = [("user", db.username), ("password", db.password), ("database", db.database)]
    parts += [("host", h) for h, _ in db.hosts] if db.hosts else [("host", db.host)]
    parts += [(f"query parameter {key}", value) for key, value in db.query] + [("query parameter", k) for k, _ in db.query]
    for field, value in parts:
        if value:
            check_config_text(value, f"database URL {field}", secret=field == "password" or field.startswith("query"))
    if db.dialect != "sqlite" and db.database and "," in db.database:
        raise ValidationError(f"database URL database: {db.database!r} contains ',', which separates the fields "
                              "of an extconfig.conf line")


def check_load(load: str) -> str:
    if load not in LOADS:
        raise ValidationError(f"load: {load!r} is not one of {', '.join(LOADS)}")
    return load


def endpoint_cache_options(cache: bool, lifetime: int | None) -> str:
    """on-demand's endpoint cache: every endpoint read by id is kept (up to ENDPOINT_CACHE_OBJECTS, oldest
    dropped first), and a read of every endpoint returns those instead of asking the database, which the
    realtime line answers with nothing. Asterisk's compositor of a client's state is made by such a read when
    its first contact arrives (res_pjsip/pjsip_options.c), so it finds the client's endpoint there."""
    full = f"full_backend_cache=yes,maximum_objects={ENDPOINT_CACHE_OBJECTS}"
    if not cache:
        return f"memory_cache,{full}"
    return cache_options(lifetime).replace("memory_cache,", f"memory_cache,{full},", 1)


def load_notes(load: str, driver: str, cache: bool = False) -> list[str]:
    """What the operator gets and gives up with this load on this driver (printed by conf write)."""
    load = check_load(load)
    if load == "on-demand":
        notes = ["on-demand: Asterisk reads no client at start (it starts in about a second whatever the database "
                 "holds) and reads each when it is first used. `pjsip show endpoints`, AMI PJSIPShowEndpoints and "
                 f"`sorcery memory cache show res_pjsip/endpoint` list only the last {ENDPOINT_CACHE_OBJECTS:,} "
                 "endpoints used, `pjsip show aors|auths` nothing: `asterisk-ara webrtc list` lists the clients.",
                 "on-demand: a client's endpoint state is right once its aor has qualify_frequency > 0 (webrtc add "
                 "and import set it; older rows: `asterisk-ara webrtc update ID --set aor.qualify_frequency=300`) "
                 "and the phone answers OPTIONS (JsSIP does). After `pjsip reload` or `module reload res_pjsip.so` "
                 "a client's state is right again at its next REGISTER.",
                 "on-demand: a removed or moved client's endpoint stays in the endpoint cache until asterisk-ara "
                 f"expires it (asterisk-ara ami add; ami sync) or {ENDPOINT_CACHE_OBJECTS:,} other endpoints were used: "
                 "meanwhile that "
                 "Asterisk answers its REGISTER with 500 instead of 401." if not cache else
                 f"on-demand --cache: the endpoint cache keeps the last {ENDPOINT_CACHE_OBJECTS:,} endpoints used (auth and aor "
                 "every "
                 "one): through a database outage a phone not used since Asterisk started, or not among them, "
                 "cannot register (--load at-start keeps every client); a change to one endpoint expires the "
                 "whole endpoint cache."]
    else:
        notes = ["at-start: Asterisk reads every client of the database (or of the node's share) at start; the "
                 "start takes longer the more clients it reads (docs: Node sizing)."]
    if driver == "mysql":
        notes.append(f"{load}: res_config_mysql sorts every multi-row read ascending (it has no "
                     "order_multi_row_results_by_initial_column), so the rows it reads whole at start (every client "
                     "at-start, the node's registrations to prune) cost N²/2 comparisons: prefer --driver odbc.")
    if driver == "sqlite3" and load == "at-start":
        notes.append("at-start: res_config_sqlite3 turns NULL columns into empty strings in multi-row reads, so "
                     "clients read at start with unset options fail to load: prefer --load on-demand on SQLite.")
    return notes


def cache_options(lifetime: int | None) -> str:
    """The memory cache of endpoint, auth and aor (``--cache``).

    Without a lifetime an object stays cached until asterisk-ara expires it (over AMI, after every change) or
    Asterisk reloads: measured, an object that goes stale or expires while the database is down is dropped
    (its refresh finds nothing), and that phone's next REGISTER is refused as if its password were wrong.
    ``lifetime`` (seconds) is for rows changed behind asterisk-ara's back: stale after a third of it,
    dropped after all of it."""
    if lifetime is None:
        return "memory_cache,expire_on_reload=yes"
    if not 3 <= int(lifetime) <= 31_536_000:
        raise ValidationError(f"cache-lifetime: {lifetime} is not a number of seconds from 3 to 31536000")
    return (f"memory_cache,object_lifetime_stale={int(lifetime) // 3},object_lifetime_maximum={int(lifetime)},"
            "expire_on_reload=yes")


@dataclass
class NodeView:
    """What one node's files need (``conf write --node``): its name, its Asterisk systemname, the schema or
    database of its views, and its own login (None: the URL's)."""

    name: str
    systemname: str
    share: str
    user: str | None = None
    password: str | None = dataclasses.field(default=None, repr=False)
    #: (host, port) where the other nodes send its calls; None: it takes no part in calls between nodes.
    sip: tuple[str, int] | None = None


def realtime(db: DatabaseURL, driver: str | None = None, cache: bool = False,
             transports: bool = False, all_types: bool = False, node: NodeView | None = None,
             cache_lifetime: int | None = None, load: str = DEFAULT_LOAD) -> RealtimeFiles:
    """``all_types``: map every pjsip type that has an ARA table (what ``conf import`` writes), transports too.
    ``cache_lifetime``: with ``cache``, seconds after which Asterisk drops a cached object by itself.
    ``load``: ``on-demand`` (no client read at start; endpoint, auth and aor lines with
    ``allow_unqualified_fetch=no`` and the endpoint cache of ``endpoint_cache_options``) or ``at-start``.
    Either way res_pgsql.conf and res_config_odbc.conf leave the order of multi-row reads to the views Asterisk
    reads (schema.ordered, or a node's share), so what it reads whole comes in the order it inserts cheaply.

    ``node``: the files of one node, which reads its share of views with its own login: res_config_pgsql by
    schema-qualified names (node_n1.ps_endpoints), res_config_odbc and res_config_mysql in the node's database.
    """
    transports = transports or all_types
    driver = driver or default_driver(db)
    if driver not in DRIVERS:
        raise ValidationError(f"driver: {driver!r} is not one of {', '.join(DRIVERS)}")
    if driver == "pgsql" and db.dialect != "postgresql" or driver == "mysql" and db.dialect != "mysql" \
            or driver == "sqlite3" and db.dialect != "sqlite" or driver == "odbc" and db.dialect == "sqlite":
        raise UsageError(f"driver {driver} cannot reach a {db.dialect} database ({db.masked()})")
    qualify = ""
    if node is not None:
        if driver == "odbc" and db.dialect == "postgresql":
            raise UsageError("--node: on PostgreSQL a node reads its schema of views through res_config_pgsql; "
                             "leave --driver odbc out")
        if node.user:
            db = replace(db, username=node.user, password=node.password)
        if db.dialect == "mysql":
            db = replace(db, database=node.share)
        else:
            qualify = node.share + "."
    check_config_url(db)
    load = check_load(load)
    opts = {"driver": driver, "load": load, "cache": cache, "cache_lifetime": cache_lifetime if cache else None,
            "realtime_transports": transports}
    if node is not None:
        opts["node"] = node.name
    families = [f for f in FAMILIES if not (driver == "sqlite3" and f == "ps_contacts")]
    if transports:
        families.append("ps_transports")
    if node is not None and node.sip:
        families.append(CLIENT_NODES)  # the dialplan's REALTIME_FIELD: which node serves the callee
    others: dict[str, list[tuple[str, str]]] = {}  # sorcery.conf section -> (type, table), beyond the above
    if all_types:
        from .pjsipconf.mapping import TYPES

        for object_type, spec in TYPES.items():
            if spec.table not in families:
                others.setdefault(spec.sorcery_section, []).append((object_type, spec.table))
                families.append(spec.table)
        opts["all_types"] = True
    database = _dbname(db) if driver == "pgsql" else SECTION
    ext = header("realtime", opts)
    if driver == "pgsql":
        ext += "; res_config_pgsql takes the server from res_pgsql.conf, but reconnects to the database named here.\n"
    if node is not None:
        ext += (f"; Node {node.name}: Asterisk sees only the clients this node serves and its own registrations, "
                f"through the views in {node.share}.\n")
    from .schema import ordered

    # Without --node, what Asterisk may read whole is read through the ordered views beside the tables (db upgrade
    # makes them); a node's share is ordered itself. res_config_mysql orders by itself; SQLite has no views.
    by_view = node is None and driver in ("pgsql", "odbc")
    if by_view:
        ext += ("; ps_endpoints, ps_aors, ps_auths and ps_contacts are read through views in descending id order\n"
                "; (asterisk-ara db upgrade / db tune make them): what Asterisk reads whole costs it least so.\n")
    ext += "[settings]\n" + "".join(
        f"{f} => {driver},{database},{qualify}{ordered.view_name(f) if by_view and f in ordered.TABLES else f}\n"
        for f in families)

    sorc = header("realtime", opts) + "[res_pjsip]\n"
    if cache:
        sorc += ("; Cache: Asterisk keeps endpoints, auths and aors in memory instead of querying the database on\n"
                 "; every request, and serves them while the database is down. asterisk-ara expires exactly what\n"
                 "; it changed on every Asterisk node it knows (asterisk-ara ami add; asterisk-ara ami sync\n"
                 "; expires all). Rows changed by other means are seen after `asterisk-ara ami sync`,\n"
                 "; `sorcery memory cache expire res_pjsip/endpoint` (likewise res_pjsip/auth, res_pjsip/aor)\n"
                 + ("; or a reload.\n" if cache_lifetime is None else
                    f"; a reload, or within {cache_lifetime} s (--cache-lifetime; an object that expires while the\n"
                    "; database is down is lost until it is back: that phone is refused meanwhile).\n"))
    if load == "on-demand":
        sorc += ("; on-demand: a read of every endpoint, auth or aor returns nothing (allow_unqualified_fetch=no), so\n"
                 "; Asterisk reads no client at start and each by its id when used. The endpoint cache keeps the\n"
                 f"; last {ENDPOINT_CACHE_OBJECTS} endpoints read and answers a read of every endpoint with them: "
                 "that read is how\n"
                 "; Asterisk makes a client's endpoint state when its first contact arrives.\n"
                 + ("" if cache else "; (Listed after the database: a removed client's endpoint may still be "
                    "found there until asterisk-ara\n; expires it over AMI; its REGISTER then fails with 500, not "
                    "401.)\n"))
    for obj, family in (("endpoint", "ps_endpoints"), ("auth", "ps_auths"), ("aor", "ps_aors")):
        line = f"{obj}=realtime,{family}" + (",allow_unqualified_fetch=no\n" if load == "on-demand" else "\n")
        if load == "on-demand" and obj == "endpoint":
            # Sorcery asks the wizards in this order: with --cache the cache answers first; without, the database
            # does (every endpoint read fresh, as without a cache) and the cache only answers the read of every
            # endpoint, which the database line leaves empty.
            cached = f"{obj}/cache={endpoint_cache_options(cache, cache_lifetime)}\n"
            line = cached + line if cache else line + cached
        elif cache:
            line = f"{obj}/cache={cache_options(cache_lifetime)}\n" + line
        sorc += line
    # Asterisk reads only the first section of a name: res_pjsip's other types go here, not in a second one.
    sorc += "".join(f"{t}=realtime,{table}\n" for t, table in others.pop("res_pjsip", []))
    if transports:
        sorc += ("; Transports from ps_transports: Asterisk binds each one when it first looks it up and cannot\n"
                 "; reload it; keep the static [transport-wss] of pjsip.conf unless you need them in the database.\n"
                 "transport=realtime,ps_transports\n")
    if driver == "sqlite3":
        sorc += ("; contact stays in Asterisk's own astdb (the default): res_config_sqlite3 never deletes\n"
                 "; rows by id, so expired registrations would pile up in ps_contacts.\n")
    else:
        sorc += "contact=realtime,ps_contacts\n"
    sorc += "\n[res_pjsip_endpoint_identifier_ip]\nidentify=realtime,ps_endpoint_id_ips\n"
    for section, mapped in others.items():
        sorc += f"\n[{section}]\n" + "".join(f"{t}=realtime,{table}\n" for t, table in mapped)

    files = {"extconfig.conf": ext, "sorcery.conf": sorc}
    secret = set()
    head = header("realtime", opts)
    if node is not None:
        files[ASTERISK_CONF_SNIPPET] = head + (
            "; Merge into the [options] of /etc/asterisk/asterisk.conf. Asterisk stores its systemname with every\n"
            f"; registration (ps_contacts.reg_server); node {node.name}'s views let it write and read only rows\n"
            "; that carry it, so without this line no phone can register here.\n"
            f"[options]\nsystemname = {node.systemname}\n")
    if driver == "pgsql":
        # Asterisk builds its libpq connection string as "host=%s port=%d dbname=%s user=%s password=%s"
        # without quoting: whitespace in any value starts another setting (host "db sslmode=disable").
        conninfo = [("password", db.password), ("database", db.database), ("user", db.username)]
        conninfo += [("host", h) for h, _ in db.hosts] if db.hosts else [("host", db.socket_dir or db.host)]
        for field, value in conninfo:
            check_libpq_value(field, value)
        body = head + "[general]\n"
        if db.hosts:
            ports = {p or 5432 for _, p in db.hosts}
            if len(ports) > 1:
                raise ValidationError(f"database URL {db.masked()}: res_config_pgsql gives libpq one port for every "
                                      "host, so hosts on different ports cannot work there; put them on one port")
            bad = [h for h, _ in db.hosts if "," in h or "=" in h]
            if bad:
                raise ValidationError(f"host: {bad[0]!r} cannot be written into res_pgsql.conf")
            body += ("; Several hosts: libpq tries them in order whenever Asterisk (re)connects. Asterisk passes no\n"
                     "; target_session_attrs, so without PGTARGETSESSIONATTRS=read-write in its environment it may\n"
                     "; stay on a read-only standby, where storing registrations fails.\n")
            body += f"hostname={','.join(h for h, _ in db.hosts)}\nport={ports.pop()}\n"
        elif db.socket_dir:
            # Asterisk reads `socket` only when no hostname is set; its default socket dir is /tmp.
            body += f"socket={_conf_value(db.socket_dir)}\n"
        else:
            body += f"hostname={_conf_value(db.host or 'localhost')}\n"
        if not db.hosts:
            body += f"port={db.port or 5432}\n"
        body += f"dbname={_conf_value(_dbname(db))}\n"
        body += _login(db, "user", "password", "=")
        body += "appname=asterisk\nrequirements=warn\n"
        body += _ORDER_NOTE + "order_multi_row_results_by_initial_column=no\n"
        files["res_pgsql.conf"] = body
        secret.add("res_pgsql.conf")
        # These two depend on nothing but the driver: a header naming the load or the cache would make a re-run
        # with other options report them changed.
        plain = header("realtime", {"driver": driver})
        files[PG_SERVICE_FILE] = plain + pg_service_conf()
        files[SYSTEMD_DROP_IN] = plain.replace(";", "#") + systemd_drop_in()
    elif driver == "odbc":
        if db.hosts:
            raise ValidationError(f"database URL {db.masked()} names several hosts; an ODBC DSN takes one server: "
                                  "use --driver pgsql (res_config_pgsql hands the host list to libpq)")
        body = head + f"[{SECTION}]\nenabled => yes\ndsn => {SECTION}\n" + _login(db, "username", "password", " => ")
        body += "pre-connect => yes\nmax_connections => 5\n"
        body += ("; While the database is away: give up a connection attempt after 3 s (default 10) and, after one\n"
                 "; failed, fail at once for 1 s instead of making every SIP request wait for its own attempt\n"
                 "; (default 0). Measured: with a stopped server refusing connections, res_odbc reconnects on\n"
                 "; its own within a second of the server being back.\n"
                 "connect_timeout => 3\nnegative_connection_cache => 1\n")
        files["res_odbc.conf"] = body
        secret.add("res_odbc.conf")
        files["res_config_odbc.conf"] = head + "[general]\n" + _ORDER_NOTE + (
            "order_multi_row_results_by_initial_column=no\n")
        ini = head.replace(";", "#") + (
            "# unixODBC does not read this file here: register the data source with it (as root):\n"
            "#   odbcinst -i -s -l -f odbc.ini\n"
            f"# The Driver name must be registered in odbcinst.ini (`odbcinst -q -d` lists them; Debian's\n"
            f"# {'odbc-postgresql' if db.dialect == 'postgresql' else 'odbc-mariadb'} package registers it).\n")
        ini += f"[{SECTION}]\nDriver = {ODBC_DRIVER_NAMES[db.dialect]}\n"
        if db.dialect == "postgresql":
            ini += f"Servername = {db.socket_dir or db.host or 'localhost'}\nPort = {db.port or 5432}\n"
        else:
            ini += f"Server = {db.host or 'localhost'}\nPort = {db.port or 3306}\n"
        ini += f"Database = {_dbname(db)}\n"
        if db.dialect == "mysql":
            # MariaDB counts an UPDATE that changes nothing as 0 rows; res_sorcery_realtime takes 0 for a failed
            # update, and res_pjsip_registrar then deletes the contact: every phone that registers twice within
            # one second (expiration_time has whole seconds) loses its registration. OPTION 2 makes the driver
            # ask for matched rows (CLIENT_FOUND_ROWS), as PostgreSQL always counts them.
            ini += ("# OPTION 2 (FOUND_ROWS): an UPDATE reports the rows it matched, not only those it changed;\n"
                    "# without it a phone that registers twice within a second loses its registration.\n"
                    f"OPTION = {ODBC_FOUND_ROWS}\n")
            ini += ("# A silent server (packets dropped, or the server stalled): the MariaDB driver gives up a read or\n"
                    "# write after these seconds, so a REGISTER fails instead of waiting for ever, and res_odbc\n"
                    "# reconnects (docs: Survive a database outage).\n"
                    f"CONN_TIMEOUT = {SILENT_CONNECT}\nREAD_TIMEOUT = {SILENT_READ}\nWRITE_TIMEOUT = {SILENT_READ}\n")
        files["odbc.ini"] = ini
    elif driver == "mysql":
        body = head + f"[{SECTION}]\ndbhost = {db.host or 'localhost'}\ndbport = {db.port or 3306}\n"
        body += f"dbname = {_conf_value(_dbname(db))}\n" + _login(db, "dbuser", "dbpass", " = ")
        if not db.password:
            # Without a dbpass line res_config_mysql sends the password "asterisk"; empty means none.
            body += "dbpass =\n"
        body += "dbcharset = utf8mb4\nrequirements = warn\n"
        body += ("; res_config_mysql counts only the rows an UPDATE changed and cannot be told otherwise: a phone\n"
                 "; that registers twice within one second loses its registration. The odbc driver has no such loss.\n")
        files["res_config_mysql.conf"] = body
        secret.add("res_config_mysql.conf")
    else:
        files["res_config_sqlite3.conf"] = head + (
            "; batch = 0: otherwise Asterisk holds a write transaction open and other writers\n"
            "; (asterisk-ara) fail with \"database is locked\".\n"
            f"[{SECTION}]\ndbfile => {_sqlite_file(db)}\nbatch = 0\n")
    return RealtimeFiles(files, secret)


_ORDER_NOTE = ("; Multi-row reads come in the order of the views Asterisk reads (descending id), not re-sorted\n"
               "; ascending: sorcery inserts rows so at one comparison each instead of N²/2 for N rows.\n")


def several_hosts_notes(db: DatabaseURL, driver: str | None = None) -> list[str]:
    """What Asterisk can and cannot do with a multi-host URL (printed by conf write and conf realtime)."""
    if not db.hosts:
        return []
    attrs = db.query_dict.get("target_session_attrs")
    return [
        f"{len(db.hosts)} hosts: asterisk-ara's own commands follow target_session_attrs="
        f"{attrs or 'any (libpq default)'} across them on every connection.",
        "Asterisk (res_config_pgsql) gets hostname=" + ",".join(h for h, _ in db.hosts) + ": libpq tries the hosts in "
        "order when Asterisk connects, and Asterisk reconnects only after a query fails, so it stays on a host that "
        "answers. It passes no target_session_attrs: give Asterisk PGTARGETSESSIONATTRS=read-write in its "
        "environment (systemd: Environment=), or it may settle on a read-only standby, where it cannot store "
        "registrations. One port serves every host.",
    ]


#: The realtime driver's modules: res_odbc and res_config_odbc are preloaded, as res_odbc.conf's connections must
#: exist before anything reads realtime through them (and res_odbc requires res_odbc_transaction).
DRIVER_MODULES = {"pgsql": (("load", "res_config_pgsql.so"),),
                  "odbc": (("preload", "res_odbc_transaction.so"), ("preload", "res_odbc.so"),
                           ("preload", "res_config_odbc.so")),
                  "mysql": (("load", "res_config_mysql.so"),),
                  "sqlite3": (("load", "res_config_sqlite3.so"),)}

#: Every other module the generated files use, by what needs it. The one list both forms of modules.conf are made
#: from: the snippet for an existing Asterisk and the complete file (autoload = no: Asterisk loads exactly these, so
#: a module's dependencies are listed too; measured on 20.20.1, 22.10.1 and 23.4.1). Add a module here, once.
MODULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("where pjsip objects come from: static files, astdb, the database (sorcery), and the memory cache (--cache)",
     ("res_sorcery_config.so", "res_sorcery_memory.so", "res_sorcery_astdb.so", "res_sorcery_realtime.so",
      "res_sorcery_memory_cache.so")),
    ("SIP over WebSocket (wss) for WebRTC clients: registration, digest authentication, calls",
     ("res_pjproject.so", "res_crypto.so", "res_http_websocket.so", "res_pjsip.so", "chan_pjsip.so",
      "res_pjsip_session.so", "res_pjsip_transport_websocket.so", "res_pjsip_registrar.so",
      "res_pjsip_authenticator_digest.so", "res_pjsip_outbound_authenticator_digest.so",
      "res_pjsip_endpoint_identifier_user.so", "res_pjsip_endpoint_identifier_ip.so",
      "res_pjsip_outbound_registration.so", "res_pjsip_sdp_rtp.so", "res_pjsip_caller_id.so",
      "res_pjsip_nat.so", "res_pjsip_rfc3326.so", "res_pjsip_logger.so")),
    ("what the phone page does in a call: keypad tones sent as SIP INFO, transfer (REFER)",
     ("res_pjsip_dtmf_info.so", "res_pjsip_pubsub.so", "res_pjsip_refer.so")),
    ("media: RTP with ICE, DTLS-SRTP, opus passed through, ulaw/alaw transcoded, two parties bridged",
     ("res_rtp_asterisk.so", "res_srtp.so", "res_format_attr_opus.so", "codec_ulaw.so", "codec_alaw.so",
      "res_timing_timerfd.so", "bridge_simple.so", "bridge_native_rtp.so", "bridge_holding.so",
      "bridge_builtin_features.so")),
    (f"the dialplan ({DIALPLAN_FILE}): Dial, Echo, Read, Verbose, TryExec, REGEX, the digits said back; "
     "between nodes, the callee's node (REALTIME_FIELD)",
     ("pbx_config.so", "app_dial.so", "app_echo.so", "app_read.so", "app_verbose.so", "app_exec.so",
      "func_strings.so", "func_realtime.so", "format_gsm.so", "format_wav.so", "format_pcm.so")),
)

_OPUS_NOTE = ("; codec_opus is a separate binary module that many builds lack (`module show like opus` tells).\n"
              "; Without it opus still passes between two opus phones, but Asterisk cannot transcode it (the echo\n"
              "; test then runs on ulaw). Where it is installed, uncomment:\n"
              ";load => codec_opus.so\n")


def modules_conf(driver: str, complete: bool = False) -> str:
    """The modules the setup needs: lines to merge into an existing modules.conf, or (``complete``) the whole
    file for an Asterisk without one, which loads exactly these (``autoload = no``)."""
    if driver not in DRIVERS:
        raise ValidationError(f"driver: {driver!r} is not one of {', '.join(DRIVERS)}")
    out = header("modules", {"driver": driver, "complete": complete})
    if complete:
        out += ("; The whole modules.conf for an Asterisk that has none: it loads exactly these modules.\n"
                "[modules]\nautoload = no\n")
    else:
        out += ("; Merge the load lines into the [modules] section of your modules.conf. With autoload = yes (the\n"
                "; sample file's setting) they only make sure; with autoload = no every one of them is needed.\n"
                "[modules]\n")
    out += "; the realtime driver\n" + "".join(f"{verb} => {module}\n" for verb, module in DRIVER_MODULES[driver])
    for why, modules in MODULES:
        out += f"; {why}\n" + "".join(f"load => {module}\n" for module in modules)
    return out + _OPUS_NOTE


def extensions_conf() -> str:
    """extensions.conf for an Asterisk that has none: the generated dialplan, included."""
    return (header("write", {"complete": True})
            + "; The whole extensions.conf for an Asterisk that has none. An existing one needs only the\n"
            f"; #include line below.\n[general]\n\n#include {DIALPLAN_FILE}\n")


def logger_conf() -> str:
    """logger.conf for an Asterisk that has none: problems on the console and in ASTLOGDIR/messages.log."""
    return (header("write", {"complete": True})
            + "; Where Asterisk writes what it does: the console, and messages.log in the log directory of\n"
            "; asterisk.conf (astlogdir). verbose(3) shows each call's dialplan steps and the keypad test's tones.\n"
            "[logfiles]\nconsole => notice,warning,error\nmessages.log => notice,warning,error,verbose(3)\n")


#: What ``conf write --complete`` (and quickstart) writes beyond the snippets, for an etc/asterisk that is empty.
COMPLETE_FILES = ("modules.conf", "extensions.conf", "logger.conf")


def _tighten_mode(path: Path, mode: int) -> bool:
    """Remove permission bits beyond ``mode`` from a regular file of ours (a symlink is left alone)."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode) or not stat.S_IMODE(st.st_mode) & ~mode:
        return False
    os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    return True


@dataclass
class WriteReport:
    written: list[Path]
    unchanged: list[Path]
    kept: list[Path]       # differing files left alone (no --force)
    backups: list[Path]


@dataclass
class CallOptions:
    """What ``conf write`` and ``quickstart`` put into the dialplan, rtp.conf and http.conf for calls."""
    context: str = "default"
    echo_exten: str = "600"
    rtp_ports: str = "10000-20000"
    stun: str | None = None
    phone: bool = True
    dtmf_exten: str = "601"


def all_files(db: DatabaseURL, tls_dir: str, driver: str | None = None, cache: bool = False,
              ws: bool = True, bindaddr: str = "0.0.0.0", port: int = 8088, tls_port: int = 8089,
              transports: bool = False, all_types: bool = False,
              calls: CallOptions | None = None, node: NodeView | None = None, ami=None,
              cache_lifetime: int | None = None, complete: bool = False,
              load: str = DEFAULT_LOAD) -> tuple[dict[str, str], set[str]]:
    """``ami``: an ami.manager_conf.AmiOptions, to also write manager.conf (mode 0640, it holds the AMI secret).
    ``complete``: a whole configuration for an Asterisk whose etc/asterisk is empty (COMPLETE_FILES instead of
    modules.conf.snippet); asterisk.conf, which says where Asterisk's directories are, stays the operator's.
    ``load``: how Asterisk reads the clients, "on-demand" or "at-start" (LOADS)."""
    calls = calls or CallOptions()
    driver = driver or default_driver(db)
    rt = realtime(db, driver, cache, transports, all_types, node, cache_lifetime, load)
    transports = transports or all_types
    node_sip = node.sip if node is not None else None
    if node_sip and transports:
        raise UsageError(f"--node {node.name}: the node's transport for calls between nodes is written into "
                         "pjsip.conf, which Asterisk ignores for transports once they come from the database "
                         "(--realtime-transports, --all-types); leave those out, or take the node out of calls "
                         f"between nodes: asterisk-ara node update {node.name} --no-sip")
    files = {"http.conf": http_conf(tls_dir, bindaddr, port, tls_port, calls.phone),
             "pjsip.conf": pjsip_conf(ws, static_transports=not transports, node_sip=node_sip,
                                      realtime_global=all_types),
             **rt.files,
             DIALPLAN_FILE: dialplan_conf(calls.context, calls.echo_exten, dtmf_exten=calls.dtmf_exten,
                                          node=node.name if node_sip else None),
             "rtp.conf": rtp_conf(calls.rtp_ports, calls.stun),
             OPENSSL_FILE: openssl_conf()}
    if complete:
        files.update({"modules.conf": modules_conf(driver, complete=True), "extensions.conf": extensions_conf(),
                      "logger.conf": logger_conf()})
    else:
        files["modules.conf.snippet"] = modules_conf(driver)
    if ami is not None:
        from .ami.manager_conf import manager_conf

        files["manager.conf"] = manager_conf(ami)
        rt.secret.add("manager.conf")
    return files, rt.secret


def _backup_name(path: Path) -> Path:
    """NAME.bak, or NAME.bak.1, .2 ... when taken: an older backup is never overwritten."""
    base = path.with_name(path.name + ".bak")
    for n in range(1000):
        candidate = base if n == 0 else Path(f"{base}.{n}")
        if not os.path.lexists(candidate):
            return candidate
    raise UsageError(f"{base}: no free backup name (.1 to .999 are all taken); remove old backups")


def write(out: Path, files: dict[str, str], secret: set[str], force: bool = False) -> WriteReport:
    """Write every file of ``files`` (any set), all or none; a differing existing file is kept unless ``force``
    (then saved as NAME.bak first).

    Every target is checked and every new content staged beside its target before the first is put in place:
    a target that cannot be written (a directory of that name, a read-only directory, a full disk) fails the
    whole command with nothing replaced and nothing left behind."""
    report = WriteReport([], [], [], [])
    out = Path(out)
    plan: list[tuple[Path, bytes, int, bool]] = []  # (path, data, mode, replaces an existing file)
    tighten: list[tuple[Path, int]] = []
    for name, content in files.items():
        path = out / name
        data = content.encode()
        mode = MODE_SECRET if name in secret else MODE_PUBLIC
        if not os.path.lexists(path):
            plan.append((path, data, mode, False))
            continue
        if os.path.isdir(path) or (path.exists() and not path.is_file()):
            raise UsageError(f"{path} is not a regular file (a directory or a device is there); nothing was written")
        if path.exists() and path.read_bytes() == data:
            if stat.S_IMODE(os.lstat(path).st_mode) & ~mode and not path.is_symlink():
                tighten.append((path, mode))
            else:
                report.unchanged.append(path)
            continue
        if not force:
            report.kept.append(path)
            continue
        plan.append((path, data, mode, True))
    with FileSet() as new, FileSet(force=True) as replacing:
        for path, data, mode, replaces in plan:
            if replaces:
                if path.exists():
                    backup = _backup_name(path)
                    new.add(backup, path.read_bytes(), mode)
                    report.backups.append(backup)
                replacing.add(path, data, mode)
            else:
                new.add(path, data, mode)
        new.commit()  # files that did not exist, and backups: placed only where nothing is
        replacing.commit()
    for path, mode in tighten:
        _tighten_mode(path, mode)  # same bytes, but it was readable by more than it may be
    report.written = [path for path, *_ in plan] + [path for path, _ in tighten]
    return report
