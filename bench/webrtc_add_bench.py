"""Wall time of one `asterisk-ara webrtc add` process, as a provisioning script pays it.

    python bench/webrtc_add_bench.py [--url postgresql://postgres@127.0.0.1/postgres] [--runs 30]

Creates a scratch database on the server, brings it to head, then times N separate processes
(each adds one client with a password on stdin) and prints min / median / max.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import uuid


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="postgresql://postgres@127.0.0.1/postgres", help="server URL (admin database)")
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()

    import psycopg

    from asterisk_ara.dburl import parse

    server = parse(args.url)
    name = f"ara_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(host=server.host, port=server.port or 5432, user=server.username,
                            password=server.password, dbname=server.database or "postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = server.with_database(name)._render(mask=False)
    cli = [sys.executable, "-m", "asterisk_ara", "--database-url", url]
    try:
        subprocess.run([*cli, "db", "upgrade"], check=True, capture_output=True)
        times = []
        for i in range(args.runs):
            start = time.perf_counter()
            subprocess.run([*cli, "webrtc", "add", f"user{i}", "--password-stdin"], input=b"bench-password-123456",
                           check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"webrtc add, one process per user, PostgreSQL, {args.runs} runs: "
              f"min {min(times):.3f} s, median {statistics.median(times):.3f} s, max {max(times):.3f} s")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
