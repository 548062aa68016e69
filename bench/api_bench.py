"""Clients per second through the Python API on PostgreSQL, three ways a script can add them.

    python bench/api_bench.py [--url postgresql://postgres@127.0.0.1/postgres] [--users 10000]

(a) ``add_webrtc_client(url, ...)`` per client: a new connection each time (the only way before
``asterisk_ara.connect``); (b) one ``connect()``, each client its own transaction; (c) one
``connect()`` and one ``ara.transaction()`` around all of them. Each way gets its own scratch
database (created and dropped here); passwords are given, so no time goes to generating them.
"""
from __future__ import annotations

import argparse
import time
import uuid


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="postgresql://postgres@127.0.0.1/postgres", help="server URL (admin database)")
    ap.add_argument("--users", type=int, default=10_000)
    args = ap.parse_args()

    import psycopg

    import asterisk_ara
    from asterisk_ara.dburl import parse
    from asterisk_ara.schema import migrate

    server = parse(args.url)
    admin = psycopg.connect(host=server.host, port=server.port or 5432, user=server.username,
                            password=server.password, dbname=server.database or "postgres", autocommit=True)
    password = "bench-passphrase-0123456789"
    ids = [f"api{i:06d}" for i in range(args.users)]

    def per_call(url):
        for client in ids:
            asterisk_ara.add_webrtc_client(url, client, password)

    def one_connection(url):
        with asterisk_ara.connect(url) as ara:
            for client in ids:
                ara.add_webrtc_client(client, password)

    def one_transaction(url):
        with asterisk_ara.connect(url) as ara, ara.transaction():
            for client in ids:
                ara.add_webrtc_client(client, password)

    results = {}
    print(f"postgresql, {args.users:,} clients through the Python API")
    for label, run in (("(a) a connection per call", per_call), ("(b) one connection, a transaction each",
                                                                  one_connection),
                       ("(c) one connection, one transaction", one_transaction)):
        name = f"ara_bench_{uuid.uuid4().hex[:8]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = server.with_database(name)
            migrate.upgrade(url)
            started = time.perf_counter()
            run(url)
            seconds = time.perf_counter() - started
            with psycopg.connect(host=server.host, port=server.port or 5432, user=server.username,
                                 password=server.password, dbname=name) as check:
                stored = check.execute("SELECT COUNT(*) FROM ps_endpoints").fetchone()[0]
            assert stored == args.users, f"{label}: {stored} rows"
            results[label[:3]] = args.users / seconds
            print(f"  {label:<42} {seconds:8.2f} s  {args.users / seconds:9,.0f} clients/s")
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"  b/a = {results['(b)'] / results['(a)']:.1f}   c/a = {results['(c)'] / results['(a)']:.1f}")


if __name__ == "__main__":
    main()
