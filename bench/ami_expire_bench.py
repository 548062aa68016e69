"""Where bulk changes should switch from expiring objects one by one to expiring a whole cache (AMI).

    python bench/ami_expire_bench.py [--clients 20000] [--sizes 100,1000,2000,5000,20000] [--rounds 3]

(about 10 minutes with the defaults: Asterisk takes a minute to start with 20,000 realtime clients)

On a scratch PostgreSQL database (ASTERISK_ARA_TEST_POSTGRES_URL, as the tests) with CLIENTS clients, a
private Asterisk (/opt/asterisk or $ASTERISK_ARA_TEST_ASTERISK) reads them through res_config_pgsql with
`conf write --cache`. Over one AMI session it measures, median of ROUNDS (min-max):

  fill    PJSIPShowEndpoint for every client, caches empty: Asterisk reads endpoint, aor and auth from the
          database (what a whole-cache expiry costs later, as phones come back)
  warm    the same with every object cached
  expire  SorceryMemoryCacheExpireObject for N endpoints, pipelined as asterisk-ara sends them, for each N
  whole   SorceryMemoryCacheExpire of the endpoint cache

and prints the figures the threshold (ami.changes.PER_OBJECT_LIMIT) rests on.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG = os.environ.get("ASTERISK_ARA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20000)
    ap.add_argument("--sizes", default="100,1000,2000,5000,20000")  # the limit: ami.changes.PER_OBJECT_LIMIT
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    sizes = [n for n in map(int, args.sizes.split(",")) if n <= args.clients]

    import psycopg

    from asterisk_ara.ami.client import AmiClient
    from asterisk_ara.dburl import parse
    from tests.conftest import run_cli
    from tests.live.asterisk import Asterisk, find_asterisk

    server = parse(PG)
    name = f"ara_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(host=server.host, port=server.port or 5432, user=server.username,
                            password=server.password, dbname=server.database or "postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = server.with_database(name)._render(mask=False)
    tmp = Path(tempfile.mkdtemp(prefix="ara-ami-bench-"))
    pbx = None
    try:
        run_cli("--database-url", url, "db", "upgrade", check=True)
        ids = [f"b{i:07d}" for i in range(args.clients)]
        (tmp / "c.csv").write_text("id\n" + "\n".join(ids) + "\n")
        run_cli("--database-url", url, "import", str(tmp / "c.csv"), "--passwords-out", str(tmp / "pw.csv"),
                check=True)
        pbx = Asterisk(find_asterisk(), tmp / "asterisk", url, cache=True, ami=True)
        pbx.generate()
        started = time.perf_counter()
        pbx.start(timeout=600)  # Asterisk reads every endpoint at start-up
        booted = time.perf_counter() - started
        show = [("PJSIPShowEndpoint", {"Endpoint": i}) for i in ids]
        fill, warm, whole = [], [], []
        expire: dict[int, list[float]] = {n: [] for n in sizes}
        with AmiClient("127.0.0.1", pbx.ami_port, "asterisk-ara", pbx.ami_secret, timeout=120) as ami:
            def timed(actions) -> float:
                start = time.perf_counter()
                answers = ami.run(actions)
                took = time.perf_counter() - start
                bad = [a.text for a in answers if not a.ok and "could not be expired" not in a.text]
                assert not bad, bad[:3]
                return took

            for _ in range(args.rounds):
                for kind in ("endpoint", "aor", "auth"):
                    timed([("SorceryMemoryCacheExpire", {"Cache": f"res_pjsip/{kind}"})])
                fill.append(timed(show))
                warm.append(timed(show))
                for n in sizes:
                    expire[n].append(timed([("SorceryMemoryCacheExpireObject",
                                             {"Cache": "res_pjsip/endpoint", "Object": i}) for i in ids[:n]]))
                    timed(show[:n])  # cached again
                whole.append(timed([("SorceryMemoryCacheExpire", {"Cache": "res_pjsip/endpoint"})]))
        print(f"AMI, one node, {args.clients} clients cached (PostgreSQL, res_config_pgsql), "
              f"median of {args.rounds} (min-max); Asterisk booted in {booted:.1f} s:")
        print(f"  fill: PJSIPShowEndpoint x {args.clients}, caches empty   {median(fill)}"
              f"  = {statistics.median(fill) / args.clients * 1e6:.0f} us per client from the database")
        print(f"  warm: the same, all cached                     {median(warm)}"
              f"  = {statistics.median(warm) / args.clients * 1e6:.0f} us per client")
        for n in sizes:
            per = statistics.median(expire[n]) / n * 1e6
            print(f"  expire {n:>6} endpoints one by one             {median(expire[n])}  = {per:.0f} us each")
        print(f"  expire the whole endpoint cache                {median(whole)}")
    finally:
        if pbx is not None:
            pbx.stop()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
