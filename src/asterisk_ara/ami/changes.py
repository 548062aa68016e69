"""What one transaction changed that running Asterisk nodes must learn; recorded by the writers, sent after commit.

The writers (provisioning, the CSV import, ``conf import``) call ``Database.changed()`` and note the objects
they updated or deleted, and the clients whose calls must end. Created objects are not noted: Asterisk's
memory cache holds only objects it has found, so no node can hold one that did not exist.
A savepoint that rolls back takes its notes with it (``mark``/``reset``).
"""
from __future__ import annotations

import os

#: The res_pjsip object types that ``conf write --cache`` caches, by table; the caches are named
#: ``res_pjsip/<type>`` (Asterisk names a cache after the sorcery module and type unless told otherwise).
CACHED_TYPES = {"ps_endpoints": "endpoint", "ps_auths": "auth", "ps_aors": "aor"}
CACHE_MODULE = "res_pjsip"
#: Up to this many changed objects of one type are expired one by one; more, and the type's whole cache is
#: expired with one action. Measured by bench/ami_expire_bench.py (README, "Changes reach every node"): one by
#: one costs a node about 50 us each (10,000 in about half a second), while a whole cache costs nothing at once
#: but makes Asterisk read every client it held from the database again (about 1 ms each) and leaves them
#: uncached, so exposed to a database outage, until then. $ASTERISK_ARA_AMI_PER_OBJECT_LIMIT overrides it.
PER_OBJECT_LIMIT = 10000
LIMIT_ENV = "ASTERISK_ARA_AMI_PER_OBJECT_LIMIT"


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

    def objects(self, table: str, ids, count: int | None = None) -> None:
        """Objects of ``table`` (ps_endpoints, ps_auths, ps_aors; others are not cached) that changed.

        ``count``: how many changed, when a bulk load hands over only the first of their ids."""
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

    def ids(self, kind: str) -> list[str]:
        """The changed ids of one type, each once, in the order noted."""
        return list(dict.fromkeys(i for k, i in self._objects if k == kind))

    def whole(self, kind: str) -> bool:
        """More changed than the limit (or some not named): expire the type's whole cache instead."""
        return self.counts[kind] > self._kept[kind] or len(self.ids(kind)) > self.limit

    def __bool__(self) -> bool:
        return bool(self._objects or self.ended or any(self.counts.values()))

    def mark(self) -> tuple:
        return len(self._objects), dict(self._kept), dict(self.counts), len(self.ended)

    def reset(self, mark: tuple | None) -> None:
        """Forget what was noted since ``mark`` (None: everything)."""
        zero = dict.fromkeys(self.counts, 0)
        objects, kept, counts, ended = mark or (0, zero, zero, 0)
        del self._objects[objects:]
        self._kept, self.counts = dict(kept), dict(counts)
        del self.ended[ended:]
