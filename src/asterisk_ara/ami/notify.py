"""The AMI actions that make every node see a change, sent to all nodes at once (one thread each).

* A changed endpoint, auth or aor: ``SorceryMemoryCacheExpireObject`` on ``res_pjsip/<type>``; more than
  ``PER_OBJECT_LIMIT`` of one type: ``SorceryMemoryCacheExpire`` (the whole cache of that type).
  An object that is not cached ("could not be expired") and a node without the cache ("The provided cache
  does not exist": it reads the database every time) need nothing.
* A new or changed client (up to ``WARM_LIMIT``): ``PJSIPShowEndpoint``, which makes the node read its
  endpoint, aors and auths, so they are cached (and served through a database outage) before its phone registers.
* A removed client: after its objects are expired (so that the phone cannot come straight back), ``Hangup``
  with a channel regex ``/^PJSIP/<id>-[0-9a-f]+$/`` ends every call of the endpoint, both directions.
  Its registrations went with its ps_contacts rows (on SQLite, where contacts stay in Asterisk's astdb,
  they last until they expire; no AMI action removes an inbound registration).
* ``sync``: the three whole caches, for a node that missed changes.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

from .changes import CACHE_MODULE, CACHED_TYPES, ChangeSet
from .client import AmiClient, AmiError, Answer
from .targets import Target

#: Asterisk's answers that mean "nothing to do here", not a failure.
NOT_CACHED = "could not be expired"
NO_CACHE = "cache does not exist"
#: A cache with full_backend_cache (the endpoint cache of ``conf write --load on-demand``) refuses to expire one
#: object: the whole cache is expired instead (it holds at most confgen.ENDPOINT_CACHE_OBJECTS endpoints, which
#: Asterisk reads again by id).
WHOLE_ONLY = "per-object expiration is not available"
#: Seconds one AMI message may take to arrive whole, and every node together to be told (the command then
#: goes on, naming any node not told in time as missed: `ami sync NAME` catches it up).
TIMEOUT = 3.0
DEADLINE = 20.0


@dataclass
class Miss:
    node: str
    where: str
    reason: str


@dataclass
class Outcome:
    """What one notification did: the nodes told, and those that missed it (with why)."""
    told: list[str] = field(default_factory=list)
    missed: list[Miss] = field(default_factory=list)
    hung_up: dict[str, int] = field(default_factory=dict)   # node -> channels hung up
    whole: list[str] = field(default_factory=list)          # cache types expired whole


def cache_name(kind: str) -> str:
    return f"{CACHE_MODULE}/{kind}"


def channel_regex(endpoint_id: str) -> str:
    """The AMI Hangup regex for every channel of one PJSIP endpoint (PJSIP/<id>-<8 hex>)."""
    return "/^PJSIP[/]" + re.sub(r"([.+])", r"[\1]", endpoint_id) + "-[0-9a-f]+$/"


def actions_for(changes: ChangeSet) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]], list[str]]:
    """(cache actions, call-ending and loading actions, types expired whole) for a change set."""
    expire, whole = [], []
    for kind in CACHED_TYPES.values():
        if changes.whole(kind):
            expire.append(("SorceryMemoryCacheExpire", {"Cache": cache_name(kind)}))
            whole.append(kind)
        else:
            expire += [("SorceryMemoryCacheExpireObject", {"Cache": cache_name(kind), "Object": object_id})
                       for object_id in changes.ids(kind)]
    end = [("Hangup", {"Channel": channel_regex(e)}) for e in dict.fromkeys(changes.ended)]
    end += [("PJSIPShowEndpoint", {"Endpoint": e}) for e in changes.to_warm()]
    return expire, end, whole


def sync_actions() -> list[tuple[str, dict]]:
    return [("SorceryMemoryCacheExpire", {"Cache": cache_name(kind)}) for kind in CACHED_TYPES.values()]


def _check(answer: Answer, action: tuple[str, dict]) -> None:
    if answer.ok or action[0] == "PJSIPShowEndpoint":  # loading is best effort: a client removed meanwhile
        return
    text = answer.text
    if NOT_CACHED in text or NO_CACHE in text:
        return
    raise AmiError(f"{action[0]} {action[1].get('Object') or action[1].get('Cache') or ''} was refused: "
                   f"{text or 'no reason given'}".replace("  ", " "))


def _tell_one(target: Target, expire: list, end: list, outcome: Outcome, lock: threading.Lock,
              deadline: float) -> None:
    try:
        with AmiClient(target.host, target.port, target.username, target.secret, TIMEOUT, deadline) as ami:
            answers = ami.run(expire)
            whole = sorted({action[1]["Cache"] for answer, action in zip(answers, expire)
                            if action[0] == "SorceryMemoryCacheExpireObject" and WHOLE_ONLY in answer.text})
            done = [(answer, action) for answer, action in zip(answers, expire)
                    if not (action[0] == "SorceryMemoryCacheExpireObject" and action[1]["Cache"] in whole)]
            instead = [("SorceryMemoryCacheExpire", {"Cache": cache}) for cache in whole]
            done += list(zip(ami.run(instead), instead)) if instead else []
            for answers, actions in (([a for a, _ in done], [b for _, b in done]), (ami.run(end), end)):
                for answer, action in zip(answers, actions):
                    _check(answer, action)
                    if action[0] == "Hangup":
                        with lock:
                            outcome.hung_up[target.name] = outcome.hung_up.get(target.name, 0) + sum(
                                1 for e in answer.events if e.get("Event") == "ChannelHungup")
        with lock:
            outcome.told.append(target.name)
    except AmiError as exc:
        with lock:
            outcome.missed.append(Miss(target.name, target.where, str(exc)))


def send(targets: list[Target], expire: list, end: list, deadline: float | None = None) -> Outcome:
    """Run the actions on every node in parallel, all of them done or given up by ``deadline`` (monotonic;
    DEADLINE seconds from now by default); each node's answers are checked."""
    deadline = time.monotonic() + DEADLINE if deadline is None else deadline
    outcome, lock = Outcome(), threading.Lock()
    threads = [threading.Thread(target=_tell_one, args=(t, expire, end, outcome, lock, deadline), daemon=True,
                                name=f"ami-{t.name}") for t in targets]
    for thread in threads:
        thread.start()
    for target, thread in zip(targets, threads):
        # The client keeps the deadline itself; this join is the guarantee (a name look-up can outlast it).
        thread.join(max(0.0, deadline - time.monotonic()) + 1.0)
        if thread.is_alive():
            with lock:
                outcome.missed.append(Miss(target.name, target.where, f"not done within the {DEADLINE:g} s deadline"))
    with lock:
        outcome = Outcome(list(outcome.told), list(outcome.missed), dict(outcome.hung_up), list(outcome.whole))
    outcome.told.sort()
    outcome.missed.sort(key=lambda m: m.node)
    return outcome


def tell(targets: list[Target], changes: ChangeSet) -> Outcome:
    expire, end, whole = actions_for(changes)
    outcome = send(targets, expire, end)
    outcome.whole = whole
    return outcome


def sync(targets: list[Target]) -> Outcome:
    outcome = send(targets, sync_actions(), [])
    outcome.whole = list(CACHED_TYPES.values())
    return outcome
