"""Asterisk nodes: several Asterisks on one database, each serving its own share of the clients.

A stock Asterisk reads every endpoint and aor at start, at a cost that grows with the square of their
number; so a database of a million clients is served by many nodes, each of which sees only its clients
through views (``share``), reaches them with its own login, and keeps its own registrations (its
``systemname`` in ps_contacts.reg_server). ``registry`` holds the ``node`` commands, ``placement`` the rule
for which node serves a client, ``names`` what is named after a node, ``trunks`` how the nodes call each other
(each share shows the others' PJSIP endpoint, aor and auth), ``reach`` whether they can.
"""
from __future__ import annotations

from .names import CLIENT_NODES, NODES, check_node_name
from .registry import (
    Node, NodeLogin, add_node, check_node, list_nodes, node_login, refresh_node, remove_node, show_node,
    spread_clients, update_node,
)

__all__ = [
    "CLIENT_NODES", "NODES", "Node", "NodeLogin", "add_node", "check_node", "check_node_name", "list_nodes",
    "node_login", "refresh_node", "remove_node", "show_node", "spread_clients", "update_node",
]
