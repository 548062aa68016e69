"""What one transaction changed that running Asterisk nodes must learn; recorded by the writers, sent after commit.

The writers (provisioning, the CSV import, ``conf import``, ``node update``) call ``hook.changes_of(db)`` and
note the objects they updated or deleted (to expire), the clients whose calls must end, and the clients new or
changed (to load into the caches again, so that they are served through a database outage). Created objects need no expiry:
Asterisk's memory cache holds only objects it has found, so no node can hold one that did not exist.
A savepoint that rolls back takes its notes with it (``mark``/``reset``).

The database layer knows nothing of this package: ``hook`` registers a ChangeSet as work to do after the
commit (``Database.after_commit``).
"""
from __future__ import annotations

import os

from ..nodes.names import CLIENT_NODES

#: The res_pjsip object types that ``conf write --cache`` caches, by table; the caches are named
#: ``res_pjsip/<type>`` (Asterisk names a cache after the sorcery module and type unless told otherwise).
CACHED_TYPES = {"ps_endpoints": "endpoint", "ps_auths": "auth", "ps_aors": "aor"}
CACHE_MODULE = "res_pjsip"
#: Up to this many changed objects of one type are expired one by one; more, and the type's whole cache is
#: expired with one action. Measured by bench/ami_expire_bench.py (README, "Several Asterisk nodes"): one by
#: one costs a node 25-105 us each (5,000 in 0.3-0.6 s, 20,000 in 0.8-1.8 s), while a whole cache costs nothing at
#: once but makes Asterisk read every client it held from the database again (about 1 ms each) and leaves them
#: uncached, so exposed to a database outage, until then. $ASTERISK_ARA_AMI_PER_OBJECT_LIMIT overrides it.
PER_OBJECT_LIMIT = 5000
LIMIT_ENV = "ASTERISK_ARA_AMI_PER_OBJECT_LIMIT"
#: Up to this many new or changed clients are loaded into every node's caches right away (PJSIPShowEndpoint
#: reads a client's endpoint, aors and auths: about 2-3 ms each on a node), so that a database outage before the
#: phone's first REGISTER does not refuse it; beyond, phones load their objects when they register.
WARM_LIMIT = 200


def per_object_limit() -> int:
    value = os.environ.get(LIMIT_ENV, "")
    return int(value) if value.isdigit() else PER_OBJECT_LIMIT


class ChangeSet:
    def __init__(self) -> None:
        self.limit = per_object_limit()
        self._objects: list[tuple[str, str]] = []   # (type, id), of each type the first limit + 1
        self._kept: dict[str, int] = dict.fromkeys(CACHED_TYPES.values(), 0)
        self.counts: dict[str, int] = dict.fromkeys(CACHED_TYPES.values(), 0)   # noted, kept or not
        self.ended: list[str] = []                   # endpoint ids whose calls are hung up (removed clients)
        self._warm: list[str] = []                   # endpoint ids to load into the caches (new or changed)
        self.warm_count = 0

    def objects(self, table: str, ids, count: int | None = None) -> None:
        """Objects of ``table`` (ps_endpoints, ps_auths, ps_aors; others are not cached) that changed.

        ``count``: how many changed, when a bulk load hands over only the first of their ids."""
        if table == CLIENT_NODES:  # clients moved to another node: every node forgets their three objects
            for each in CACHED_TYPES:
                self.objects(each, ids, count)
            return
        kind = CACHED_TYPES.get(table)
        if kind is None:
            return
        ids = [i for i in ids if i]
        room = self.limit + 1 - self._kept[kind]
        if room > 0:
            self._objects += [(kind, object_id) for object_id in ids[:room]]
            self._kept[kind] += len(ids[:room])
        self.counts[kind] += len(ids) if count is None else count

    def end_calls(self, endpoint_ids) -> None:
        self.ended.extend(i for i in endpoint_ids if i)

    def warm(self, endpoint_ids, count: int | None = None) -> None:
        """Clients (by endpoint id) to load into every node's caches once committed; ``count`` as for objects."""
        ids = [i for i in endpoint_ids if i]
        room = WARM_LIMIT + 1 - len(self._warm)
        if room > 0:
            self._warm += ids[:room]
        self.warm_count += len(ids) if count is None else count

    def to_warm(self) -> list[str]:
        """The clients to load, each once; none when more than WARM_LIMIT were noted."""
        ids = list(dict.fromkeys(self._warm))
        return [] if self.warm_count > len(self._warm) or len(ids) > WARM_LIMIT else ids

    def ids(self, kind: str) -> list[str]:
        """The changed ids of one type, each once, in the order noted."""
        return list(dict.fromkeys(i for k, i in self._objects if k == kind))

    def whole(self, kind: str) -> bool:
        """More changed than the limit (or some not named): expire the type's whole cache instead."""
        return self.counts[kind] > self._kept[kind] or len(self.ids(kind)) > self.limit

    def __bool__(self) -> bool:
        return bool(self._objects or self.ended or self._warm or any(self.counts.values()))

    def mark(self) -> tuple:
        return (len(self._objects), dict(self._kept), dict(self.counts), len(self.ended), len(self._warm),
                self.warm_count)

    def reset(self, mark: tuple | None) -> None:
        """Forget what was noted since ``mark`` (None: everything)."""
        zero = dict.fromkeys(self.counts, 0)
        objects, kept, counts, ended, warm, warm_count = mark or (0, zero, zero, 0, 0, 0)
        del self._objects[objects:]
        self._kept, self.counts = dict(kept), dict(counts)
        del self.ended[ended:]
        del self._warm[warm:]
        self.warm_count = warm_count
