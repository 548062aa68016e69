"""Which node serves a client: the one rule every door (webrtc add/update, import, the Python API) goes through.

* No node defined: clients are on no node, and every Asterisk reading the ARA tables sees them all.
* Nodes defined: every client is on exactly one node; naming none is refused (a client on no node would be
  served by no node's Asterisk), naming an unknown one too. ``--spread`` places clients evenly instead.
"""
from __future__ import annotations

import heapq
from typing import Any

from ..dbapi import Database
from ..errors import ValidationError
from .names import CLIENT_NODES, NODES, TRUNK_SEPARATOR, check_node_name


def has_node_tables(db: Database) -> bool:
    """False on a database made before revision 0002 (or adopted and never upgraded): no nodes there."""
    return bool(db.columns(NODES))


def node_counts(db: Database) -> dict[str, int]:
    """Every node with the number of clients it serves; empty when there are none (or no node tables)."""
    if not has_node_tables(db):
        return {}
    # Not the node's trunks to the other nodes (nodes.trunks), placed on it too: ids with a '~', no client has one.
    rows = db.query(f"SELECT n.name, COUNT(c.id) FROM {NODES} n LEFT JOIN {CLIENT_NODES} c ON c.node = n.name "
                    f"AND c.id NOT LIKE '%{TRUNK_SEPARATOR}%' GROUP BY n.name ORDER BY n.name")
    return {name: int(count) for name, count in rows}


def node_names(db: Database) -> list[str]:
    """The defined nodes (cheap: no count of their clients, which a million-row table would make slow)."""
    if not has_node_tables(db):
        return []
    return [r[0] for r in db.query(f"SELECT name FROM {NODES} ORDER BY name")]


def _few(nodes: list[str]) -> str:
    return ", ".join(nodes[:5]) + (", ..." if len(nodes) > 5 else "")


def missing_node_error(nodes: list[str], what: str = "give --node NAME") -> ValidationError:
    return ValidationError(f"node: nodes are defined ({_few(nodes)}) and a client on no node is served by none; {what}")


def unknown_node_error(name: str, nodes: list[str]) -> ValidationError:
    if not nodes:
        return ValidationError(f"node: {name!r} is not a node (none is defined); add it first: "
                               f"asterisk-ara node add {name} --wss-url wss://HOST:8089/ws")
    return ValidationError(f"node: {name!r} is not a node (known: {_few(nodes)}); add it with asterisk-ara node add {name}, "
                           "or see asterisk-ara node list")


def check_node_choice(name: str | None, nodes: list[str] | set[str] | dict[str, int]) -> str | None:
    """The node a new client goes to: ``name`` checked against the defined ``nodes``."""
    known = sorted(nodes)
    if name is None or name == "":
        if known:
            raise missing_node_error(known)
        return None
    check_node_name(name)
    if name not in nodes:
        raise unknown_node_error(name, known)
    return name


def node_of(db: Database, client_id: str) -> str | None:
    if not has_node_tables(db):
        return None
    rows = db.query(f"SELECT node FROM {CLIENT_NODES} WHERE id = {db.placeholder}", (client_id,))
    return rows[0][0] if rows else None


def place(db: Database, client_id: str, node: str | None) -> None:
    """Record (or change) the node of ``client_id``; ``None`` takes the client off every node."""
    if not has_node_tables(db):
        if node is not None:
            raise ValidationError("node: this database has no node tables yet; run asterisk-ara db upgrade")
        return
    ph = db.placeholder
    db.execute(f"DELETE FROM {CLIENT_NODES} WHERE id = {ph}", (client_id,))
    if node is not None:
        db.execute(f"INSERT INTO {CLIENT_NODES} (id, node) VALUES ({ph}, {ph})", (client_id, node))


def systemname_of(db: Database, node: str) -> str | None:
    rows = db.query(f"SELECT systemname FROM {NODES} WHERE name = {db.placeholder}", (node,))
    return rows[0][0] if rows else None


class Spreader:
    """Even placement: each client goes to the node serving the fewest, so nodes that start uneven even out.

    ``note(node)`` counts a client placed on a node by other means (a node cell in the same file), so that
    the clients spread around it keep the totals even."""

    def __init__(self, counts: dict[str, int]):
        if not counts:
            raise ValidationError("--spread: no node is defined; add nodes first (asterisk-ara node add NAME)")
        self._counts = dict(counts)
        self._heap = [(count, name) for name, count in counts.items()]
        heapq.heapify(self._heap)

    def note(self, node: str) -> None:
        if node in self._counts:
            self._counts[node] += 1  # its heap entry is now stale: __call__ refreshes it when it comes up

    def __call__(self, *_: Any) -> str:
        while True:
            count, name = self._heap[0]
            if count == self._counts[name]:
                break
            heapq.heapreplace(self._heap, (self._counts[name], name))
        self._counts[name] = count + 1
        heapq.heapreplace(self._heap, (count + 1, name))
        return name


class ImportPlacement:
    """The node rule of one CSV import, applied to each validated row (``rows``, as build_rows made them).

    A row's node comes from its ``node`` cell or ``--node`` (build_rows has put it in the rows, name checked);
    it must be a defined node. A row without one: ``--spread`` places a new client (insert mode) on the node
    serving the fewest; in upsert mode the client may exist and keep its node, so the decision waits until
    the rows are loaded (``place_the_unplaced``). Without ``--spread``, once nodes are defined, a new client
    on no node is an error.
    """

    def __init__(self, counts: dict[str, int], mode: str, spread: bool):
        self.counts = counts
        self.known = frozenset(counts)
        self.mode = mode
        self.spread = spread
        self.pick = Spreader(counts) if spread else None  # refuses --spread without nodes, before any row
        self.deferred = False  # an upsert row had no node: see place_the_unplaced
        self.placed: dict[str, int] = {}  # node -> clients --spread put there

    @property
    def active(self) -> bool:
        """Whether rows need this rule at all (else the import skips the call per row)."""
        return bool(self.known) or self.spread

    def __call__(self, rows: dict[str, dict[str, Any]]) -> None:
        placed = rows.get(CLIENT_NODES)
        if placed is not None:
            if placed["node"] not in self.known:
                raise unknown_node_error(placed["node"], sorted(self.known))
            if self.pick is not None and self.mode == "insert":
                self.pick.note(placed["node"])
            return
        if self.mode == "upsert":
            self.deferred = self.deferred or bool(self.known)
        elif self.pick is not None:
            node = self.pick()
            self.placed[node] = self.placed.get(node, 0) + 1
            rows[CLIENT_NODES] = {"id": rows["ps_endpoints"]["id"], "node": node}
        elif self.known:
            raise self.missing_error()

    def place_the_unplaced(self, db: Database, lines_of: Any) -> tuple[dict[str, int], list[int]]:
        """After an upsert's rows are loaded: the file's clients that are on no node (new ones without a node
        cell). With ``--spread`` they are placed: returns (node -> clients placed, []); without it, nothing is
        placed: returns ({}, their lines), for the importer to report."""
        if not self.deferred:
            return {}, []
        ids = [r[0] for r in db.query(f"SELECT e.id FROM ps_endpoints e LEFT JOIN {CLIENT_NODES} c ON c.id = e.id "
                                      "WHERE c.id IS NULL")]
        unplaced = sorted(lines_of(ids).items(), key=lambda item: item[1])  # (id, line) of this file's ids
        if not unplaced or not self.spread:
            return {}, [line for _, line in unplaced]
        pick = Spreader(node_counts(db))
        rows = []
        for client_id, _line in unplaced:
            node = pick()
            self.placed[node] = self.placed.get(node, 0) + 1
            rows.append((client_id, node))
        db.executemany(f"INSERT INTO {CLIENT_NODES} (id, node) VALUES ({db.placeholders(2)})", rows)
        return self.placed, []

    def missing_error(self) -> ValidationError:
        return missing_node_error(sorted(self.known), "give a node column, --node NAME or --spread")
