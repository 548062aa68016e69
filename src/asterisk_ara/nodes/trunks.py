"""Calls between nodes: the trunk of each node to each other node, as rows of ARA's tables placed on that node.

For two nodes A and B with SIP addresses (``node add --sip``), A has the trunk ``A~B`` and B the trunk ``B~A``: each
an endpoint, an aor and an auth of one id, placed on its node in asterisk_ara_client_nodes like a client's three
objects, so that the share's views show them to that node alone. The tool writes them when a node gets an
address, rewrites the aors when it changes and deletes them when it goes (``registry``): no file is written on
the other nodes and none reloads; each looks its trunk up by id when a call needs it. The rows are ordinary rows
of ARA's tables, so a node's look-ups cost what they did (computing them in the views instead doubled every
look-up through a share on MariaDB, which materialises a view with UNION).

What a trunk is, and why (docs/how-to/several-nodes.md, "Calls between nodes"):

* SIP over TCP to the other node's address: a stopped Asterisk refuses the connection at once, so the call fails
  in milliseconds; over UDP an INVITE to a closed port waits for Timer B (32 s). No qualify: a qualified aor is
  known to Asterisk only when it loaded every aor at start, which a node loading clients on demand never does.
* Digest authentication between nodes, one generated secret per pair, in the two nodes' auths only: phones and
  nodes may share an address (a proxy, or 127.0.0.1 in the tests), so the address proves nothing. A calls B with
  the From user ``B~A``, the name of B's trunk to A, by which B identifies it (``identify_by=username``, which
  pjsip.conf's ``endpoint_identifier_order`` tries first): no identify row, and no read of every identify row.
* The caller's number travels in P-Asserted-Identity (``send_pai``, ``trust_id_inbound``/``outbound``): the
  nodes trust each other, the callee's phone shows the caller.
* Plain RTP between the nodes (ICE off, no SRTP): their own network; the phones' legs keep DTLS-SRTP.
"""
from __future__ import annotations

from typing import Any

from .names import NODE_CONTEXT, trunk_id

#: The realm of the nodes' digest challenges (their auths say it; the caller answers for it).
NODE_REALM = "asterisk-ara-nodes"
#: Where a node listens for the others when ``--sip`` names no port.
DEFAULT_SIP_PORT = 5060
#: Codecs a trunk carries: those the clients use (opus first, as WebRTC phones offer it) and the classic ones.
CODECS = "opus,ulaw,alaw,g722"
#: The tables of a trunk's three objects (one id in each).
TABLES = ("ps_endpoints", "ps_aors", "ps_auths")


def contact(host: str, port: int) -> str:
    """The aor contact of a node's address: SIP over TCP (';' stored as ^3B: the realtime drivers split on ';')."""
    host = f"[{host}]" if ":" in host else host
    return f"sip:{host}:{port}^3Btransport=tcp"


def pair_username(a: str, b: str) -> str:
    """The digest user name both trunks of a pair authenticate with (the pair's names in order)."""
    return trunk_id(*sorted((a, b)))


def rows(node: str, other: str, host: str, port: int, secret: str) -> dict[str, dict[str, Any]]:
    """``node``'s trunk to ``other`` (at host:port): table -> its row."""
    name = trunk_id(node, other)
    return {
        "ps_endpoints": {
            "id": name, "aors": name, "auth": name, "outbound_auth": name,
            # The other node identifies this one by the From user: the name of its own trunk back.
            "from_user": trunk_id(other, node), "identify_by": "username", "context": NODE_CONTEXT,
            "disallow": "all", "allow": CODECS, "direct_media": "no", "send_pai": "yes", "trust_id_inbound": "yes",
            "trust_id_outbound": "yes", "ice_support": "no", "media_encryption": "no", "dtmf_mode": "rfc4733",
        },
        "ps_aors": {"id": name, "contact": contact(host, port), "max_contacts": 0},
        "ps_auths": {"id": name, "auth_type": "userpass", "username": pair_username(node, other), "password": secret,
                     "realm": NODE_REALM},
    }


# -- upkeep: the rows as the nodes' addresses come, change and go (registry calls these in its transactions) ------

#: The generated secret of a pair (letters and digits: no ';' or '^', which the realtime drivers would read as a
#: separator or an escape).
SECRET_LENGTH = 32


def _addresses(db: Any) -> dict[str, tuple[str, int]]:
    from .names import NODES

    return {name: (host, int(port)) for name, host, port in
            db.query(f"SELECT name, sip_host, sip_port FROM {NODES} WHERE sip_host IS NOT NULL")}


def _insert(db: Any, table: str, row: dict[str, Any]) -> None:
    db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({db.placeholders(len(row))})", list(row.values()))


def link(db: Any, node: str, others: list[str] | None = None) -> list[str]:
    """Trunks between ``node`` (which has just got its address) and every other node with one (or ``others``),
    both ways, each pair with a new secret; returns their ids."""
    from .. import credentials
    from .names import CLIENT_NODES

    addresses = _addresses(db)
    made = []
    for other in sorted(addresses if others is None else others):
        if other == node:
            continue
        secret = credentials.generate_password(SECRET_LENGTH)
        for a, b in ((node, other), (other, node)):
            for table, row in rows(a, b, *addresses[b], secret).items():
                _insert(db, table, row)
            _insert(db, CLIENT_NODES, {"id": trunk_id(a, b), "node": a})
            made.append(trunk_id(a, b))
    return made


def trunk_ids(db: Any, node: str) -> list[str]:
    """The trunks to and from ``node`` that exist."""
    from .names import CLIENT_NODES

    ph = db.placeholder
    found = db.query(f"SELECT id FROM {CLIENT_NODES} WHERE id LIKE {ph} OR id LIKE {ph}",
                     (f"{trunk_id(node, '')}%", f"%{trunk_id('', node)}"))
    return sorted(r[0] for r in found if node in r[0].split("~"))


def unlink(db: Any, node: str) -> list[str]:
    """Delete the trunks to and from ``node``; returns their ids."""
    from .names import CLIENT_NODES

    ids = trunk_ids(db, node)
    for table in (CLIENT_NODES, *TABLES):
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            db.execute(f"DELETE FROM {table} WHERE id IN ({db.placeholders(len(chunk))})", chunk)
    return ids


def readdress(db: Any, node: str, host: str, port: int) -> list[str]:
    """Point every other node's trunk to ``node`` at its new address; returns their ids."""
    ids = [i for i in trunk_ids(db, node) if not i.startswith(trunk_id(node, ""))]
    for object_id in ids:
        db.execute(f"UPDATE ps_aors SET contact = {db.placeholder} WHERE id = {db.placeholder}",
                   (contact(host, port), object_id))
    return ids


def repair(db: Any, node: str) -> list[str]:
    """``node refresh``: every trunk between ``node`` and the other nodes with addresses made whole again (a pair
    missing a row is made anew, with a new secret) and calling the address each node has now; returns the ids of
    the trunks written."""
    from .names import CLIENT_NODES

    addresses = _addresses(db)
    if node not in addresses:
        return unlink(db, node)
    ph = db.placeholder
    written = []
    for other in sorted(set(addresses) - {node}):
        ids = [trunk_id(node, other), trunk_id(other, node)]
        whole = all(len(db.query(f"SELECT id FROM {table} WHERE id IN ({ph}, {ph})", ids)) == 2
                    for table in (CLIENT_NODES, *TABLES))
        if not whole:
            for table in (CLIENT_NODES, *TABLES):
                db.execute(f"DELETE FROM {table} WHERE id IN ({ph}, {ph})", ids)
            written += link(db, node, [other])
            continue
        for a, b in ((node, other), (other, node)):
            db.execute(f"UPDATE ps_aors SET contact = {ph} WHERE id = {ph} AND (contact IS NULL OR contact <> {ph})",
                       (contact(*addresses[b]), trunk_id(a, b), contact(*addresses[b])))
    return written
