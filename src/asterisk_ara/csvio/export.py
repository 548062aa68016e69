"""``export_csv``: every WebRTC client in the import's own format."""
from __future__ import annotations

import csv
from typing import IO
from .. import credentials
from ..dbapi import Database, open_database
from ..dburl import DatabaseURL
from ..provisioning import (
    AORS, AUTHS, ENDPOINTS, WEBRTC_TRUE_VALUES,
)
from ..nodes.names import CLIENT_NODES, NODES
from ..nodes.placement import has_node_tables
from ..phone import client_url
from ..validation import column_names, decode_realtime


_SECRET_EXPORT = ("password", "md5_cred", "password_digest", "credential")


def export_csv(url: "DatabaseURL | Database", dest: IO[str], include_secrets: bool = False) -> int:
    """Write every WebRTC client in the import format; returns the number of clients.

    Every column an import would otherwise default is written explicitly, so export followed by
    import into an empty database gives identical rows.
    """
    with open_database(url) as db:
        truthy = WEBRTC_TRUE_VALUES
        where = f"e.webrtc IN ({db.placeholders(len(truthy))})"
        tables = {"e": ENDPOINTS, "o": AORS, "a": AUTHS}
        # Columns holding a value in at least one exported row (one COUNT per column, one query per table).
        present: dict[str, list[str]] = {}
        for alias, table in tables.items():
            cols = column_names(table)
            counts = db.query(
                f"SELECT {', '.join(f'COUNT({alias}.{db.quote(c)})' for c in cols)} FROM {ENDPOINTS} e "
                f"LEFT JOIN {AORS} o ON o.id = e.aors LEFT JOIN {AUTHS} a ON a.id = e.auth WHERE {where}", truthy)[0]
            present[alias] = [c for c, n in zip(cols, counts) if n]
        simple = [("username", "a", "username"), ("realm", "a", "realm"), ("context", "e", "context"),
                  ("codecs", "e", "allow"), ("max_contacts", "o", "max_contacts"), ("callerid", "e", "callerid"),
                  ("transport", "e", "transport")]
        covered = {("a", "id"), ("o", "id"), ("e", "id"), ("a", "username"), ("a", "realm"), ("e", "context"),
                   ("e", "allow"), ("o", "max_contacts"), ("e", "callerid"), ("e", "transport"),
                   *[("a", c) for c in ("password", "md5_cred", "password_digest", "auth_type")]}
        always = {("e", "aors"), ("e", "auth"), ("e", "webrtc"), ("e", "dtls_auto_generate_cert"), ("e", "disallow"),
                  ("o", "remove_existing")}
        extra = [(alias, c) for alias in ("e", "o", "a") for c in column_names(tables[alias])
                 if (alias, c) not in covered and (c in present[alias] or (alias, c) in always)]
        prefix = {"e": "endpoint", "o": "aor", "a": "auth"}
        header = ["id"] + [s[0] for s in simple]
        if include_secrets:
            header += list(_SECRET_EXPORT)
        header += [f"{prefix[a]}.{c}" for a, c in extra]
        select = ["e.id"] + [f"{a}.{db.quote(c)}" for _, a, c in simple]
        if include_secrets:
            select += ["a.password", "a.md5_cred", "a.password_digest", "a.auth_type"]
        select += [f"{a}.{db.quote(c)}" for a, c in extra]
        # The node serving each client, once any client has one: the same file imports onto the same nodes. Then
        # also where its phone goes (import reads that column back without effect: the node decides it).
        nodes = has_node_tables(db) and bool(db.query(f"SELECT 1 FROM {CLIENT_NODES} LIMIT 1"))
        joins = f"LEFT JOIN {CLIENT_NODES} n ON n.id = e.id LEFT JOIN {NODES} nn ON nn.name = n.node " if nodes else ""
        if nodes:
            header += ["node", "phone_url"]
            select += ["n.node", "nn.wss_url"]
        writer = csv.writer(dest, lineterminator="\n")
        writer.writerow(header)
        cur = db.execute(f"SELECT {', '.join(select)} FROM {ENDPOINTS} e LEFT JOIN {AORS} o ON o.id = e.aors "
                         f"LEFT JOIN {AUTHS} a ON a.id = e.auth {joins}WHERE {where} ORDER BY e.id", truthy)
        n = 0
        base = 1 + len(simple)
        while chunk := cur.fetchmany(5000):
            for r in chunk:
                out = ["" if v is None else decode_realtime(v) if isinstance(v, str) else v for v in r]
                if nodes:
                    out[-1] = client_url(r[-1], r[0]) or ""
                if include_secrets:
                    pw, md5, digest, auth_type = r[base:base + 4]
                    mode = "plaintext" if auth_type == "userpass" and pw else credentials.credential_mode(
                        {"md5_cred": md5, "password_digest": digest, "password": pw})
                    # One credential per row: the hash when there is one, else the plaintext password.
                    out[base:base + 4] = [pw if mode == "plaintext" else "", (md5 or "") if mode == "md5" else "",
                                          (digest or "") if mode == "digest" else "", mode or ""]
                writer.writerow(out)
                n += 1
    return n
