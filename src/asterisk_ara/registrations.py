"""The registrations an Asterisk left in ps_contacts when it stopped, removed before it starts again.

At start Asterisk deletes the registrations of its own ``systemname`` that cannot outlive a restart
(``prune_on_boot=yes``: every WebSocket phone's), one ``DELETE`` each, before it says it is fully booted
(res_pjsip/location.c ``ast_sip_location_prune_boot_contacts``). After a crash with many phones registered that is
the slow start again (measured by ``bench/asterisk_scale.py --sizing``, ``--contacts-own``). ``db prune-contacts``
removes the same rows in one statement, for a service manager to run just before it starts that Asterisk
(systemd ``ExecStartPre=``); then Asterisk's own pass finds none. Run while that Asterisk is up it would remove
its phones' live registrations, which they restore at their next REGISTER.
"""
from __future__ import annotations

from .dbapi import open_database
from .dburl import DatabaseURL
from .errors import NotFoundError, UsageError


def prune_left_behind(url: DatabaseURL, systemname: str | None = None, node: str | None = None) -> int:
    """Delete the ``prune_on_boot`` registrations of ``systemname`` (or of ``node``'s; neither: an Asterisk without
    a systemname, whose registrations carry none). Returns how many went."""
    if systemname is not None and node is not None:
        raise UsageError("--systemname and --node name the same thing: give one")
    with open_database(url) as db:
        if node is not None:
            from .nodes.names import NODES

            rows = db.query(f"SELECT systemname FROM {NODES} WHERE name = {db.placeholder}", (node,))
            if not rows:
                raise NotFoundError(f"node {node!r} does not exist (asterisk-ara node list)")
            systemname = rows[0][0]
        where = "prune_on_boot IN ('yes', 'true', 'on', '1')"
        with db.transaction():
            if systemname:
                cur = db.execute(f"DELETE FROM ps_contacts WHERE {where} AND reg_server = {db.placeholder}",
                                 (systemname,))
            else:
                cur = db.execute(f"DELETE FROM ps_contacts WHERE {where} "
                                 "AND (reg_server IS NULL OR reg_server = '')")
            return cur.rowcount
