"""What each setup answers while the database is down for 10 s, and how fast it mends (README figures).

    python bench/outage_bench.py [--outage 10] [--phones 8] [--only pgsql,odbc,mysql] [--setups nocache,lifetime,cache]

For each database and driver (PostgreSQL through res_config_pgsql, MariaDB through res_config_odbc and through
res_config_mysql) and each setup, a private database server (tests/live/dbserver.py) and a private Asterisk
with the files `conf write` generates:

  nocache   no sorcery memory cache
  lifetime  --cache --cache-lifetime 6: cached objects go stale after 2 s and expire after 6 s, so all of them
            are stale or gone during the outage (what --cache before issue 23, 600/1800 s, does to every phone
            whose objects are that old when the database goes away)
  cache     --cache (kept until asterisk-ara expires them) and an AMI node, the generated setup

PHONES phones register every second from before the stop until all are registered again; ``late`` (added
once Asterisk runs, never registered before) and ``unseen`` (added before Asterisk started, never registered)
first register during the outage; one call to the echo test carries RTP throughout. Prints, per run, what the
REGISTERs got during the outage and how long after the database was back every phone was registered again.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DRIVERS = {"pgsql": ("postgresql", None), "odbc": ("mysql", "odbc"), "mysql": ("mysql", "mysql")}
SETUPS = {"nocache": dict(cache=False, ami=False, extra=()),
          "lifetime": dict(cache=True, ami=False, extra=("--cache-lifetime", "6")),
          "cache": dict(cache=True, ami=True, extra=())}


def run(binary, driver: str, setup: str, phones: int, outage: float) -> str:
    from tests.live.outage import Bed, measure

    dialect, drv = DRIVERS[driver]
    root = Path(tempfile.mkdtemp(prefix="ara-outage-bench-"))
    bed = Bed(binary, root, dialect, drv, phones, **SETUPS[setup])
    registered, cold, caller = bed.phones()
    try:
        assert all(p.register().kind == "registered" for p in registered)
        call = caller.call("600")
        if setup == "lifetime":
            time.sleep(2.5)  # every cached object is stale by the time the database stops
        report = measure(bed.server, registered, call, outage=outage, after=15.0, cold=cold)
        per_phone = {}
        for user, answers in report.answers.items():
            got = Counter(a.kind for a in answers if report.down_at <= a.at < report.up_at)
            per_phone[user] = ", ".join(f"{k} {n}" for k, n in sorted(got.items()))
        warm = Counter(a.kind for u, answers in report.answers.items() if u.startswith("p") for a in answers
                       if report.down_at <= a.at < report.up_at)
        recovered = [report.recovery(u) for u in report.answers]
        worst = "never (15 s)" if None in recovered else f"{max(recovered):.2f} s"
        return (f"{driver:6} {setup:9} registered phones: {dict(sorted(warm.items()))}; late: {per_phone['late']}; "
                f"unseen: {per_phone['unseen']}; all registered again {worst} after the database was back; "
                f"call {'hung up' if call.bye_at else 'up'}, {call.packets_between(report.down_at, report.up_at)}"
                f"/{call.packets_between(report.down_at, report.up_at, sent=True)} RTP packets echoed in the outage")
    finally:
        for phone in [*registered, *cold, caller]:
            phone.close()
        bed.close()
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--outage", type=float, default=10.0)
    ap.add_argument("--phones", type=int, default=8)
    ap.add_argument("--only", default="pgsql,odbc,mysql")
    ap.add_argument("--setups", default="nocache,lifetime,cache")
    args = ap.parse_args()
    from tests.live.asterisk import find_asterisk

    binary = find_asterisk()
    print(f"Database stopped for {args.outage:g} s, {args.phones} registered phones REGISTER every second; "
          "REGISTER answers during the outage (auth-failure = 401/403 to the digest answer):")
    for driver in args.only.split(","):
        for setup in args.setups.split(","):
            print(run(binary, driver, setup, args.phones, args.outage), flush=True)


if __name__ == "__main__":
    main()
