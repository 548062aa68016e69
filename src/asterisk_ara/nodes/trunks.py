"""The other nodes as a node's Asterisk sees them: the PJSIP endpoint, aor and auth of calls between nodes.

No row of ARA's tables holds them: each share's views compute them from asterisk_ara_nodes (share.trunk_select
appends them to the client views), so adding a node, or giving one a SIP address, rewrites no file on the others
and reloads nothing: they read the new rows the next time they look the trunk up by id. Only nodes with a SIP
address (``node add --sip``) take part.

What a trunk is, and why (docs/how-to/several-nodes.md, "Calls between nodes"):

* SIP over TCP to the other node's address: a stopped Asterisk refuses the connection at once, so the call fails
  in milliseconds; over UDP an INVITE to a closed port waits for Timer B (32 s). No qualify: a qualified aor is
  known to Asterisk only when it loaded every aor at start, which a node loading clients on demand never does.
* Digest authentication between nodes, each node with its own generated secret: phones and nodes may share an
  address (a proxy, or 127.0.0.1 in the tests), so the address proves nothing. The calling node sends its trunk
  id as the From user (``from_user``) and the other identifies it by that name (``identify_by=username``, the
  default identifier order): no identify row, so a REGISTER's identify fetch costs what it did.
* The caller's number travels in P-Asserted-Identity (``send_pai``, ``trust_id_inbound``/``outbound``): the
  nodes trust each other, the callee's phone shows the caller.
* Plain RTP between the nodes (ICE off, no SRTP): their own network; the phones' legs keep DTLS-SRTP.
"""
from __future__ import annotations

import enum

from .names import NODE_CONTEXT

#: The realm of the nodes' digest challenges (a node's auth rows say it; the caller answers for it).
NODE_REALM = "asterisk-ara-nodes"
#: Where a node listens for the others when ``--sip`` names no port.
DEFAULT_SIP_PORT = 5060
#: Codecs a trunk carries: those the clients use (opus first, as WebRTC phones offer it) and the classic ones.
CODECS = "opus,ulaw,alaw,g722"


class TrunkValue(enum.Enum):
    """Values a trunk row takes from asterisk_ara_nodes (share.trunk_select renders each as SQL)."""

    ROW_NODE_ID = "trunk id of the node the row stands for (node~NAME)"
    SHARE_NODE_ID = "trunk id of the node whose share shows the row"
    CONTACT = "sip:HOST:PORT;transport=tcp of the node the row stands for"
    SECRET = "sip_secret of the node the row stands for"


#: The columns of each trunk row that are set (every other column is NULL: Asterisk's default).
ROWS = {
    "ps_endpoints": {
        "id": TrunkValue.ROW_NODE_ID, "aors": TrunkValue.ROW_NODE_ID, "auth": TrunkValue.ROW_NODE_ID,
        "outbound_auth": TrunkValue.SHARE_NODE_ID, "from_user": TrunkValue.SHARE_NODE_ID,
        "identify_by": "username", "context": NODE_CONTEXT, "disallow": "all", "allow": CODECS,
        "direct_media": "no", "send_pai": "yes", "trust_id_inbound": "yes", "trust_id_outbound": "yes",
        "ice_support": "no", "media_encryption": "no", "dtmf_mode": "rfc4733",
    },
    "ps_aors": {"id": TrunkValue.ROW_NODE_ID, "contact": TrunkValue.CONTACT, "max_contacts": 0},
    "ps_auths": {
        "id": TrunkValue.ROW_NODE_ID, "auth_type": "userpass", "username": TrunkValue.ROW_NODE_ID,
        "password": TrunkValue.SECRET, "realm": NODE_REALM,
    },
}
#: Tables whose trunk rows include the share's own node: its auth is the credential it answers challenges with.
WITH_OWN_NODE = frozenset({"ps_auths"})
