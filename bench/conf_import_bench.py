"""pjsip.conf import/export benchmark: `asterisk-ara conf import` and `conf export` on each database.

    python bench/conf_import_bench.py [--phones 10000] [--skip-mysql] [--skip-sqlite]

Generates a pjsip.conf of N desk phones (endpoint, aor and auth from templates: 3N objects),
then, on a fresh scratch database per dialect, measures (a) `conf import` into empty tables,
(b) `conf import --mode upsert` of the same file (every object unchanged), (c) `conf export
--include-secrets`, each as a separate process, and prints objects/s and peak RSS.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from import_bench import Scratch, run_cli  # noqa: E402  (same scratch databases as the CSV benchmark)

TEMPLATES = """[phone-endpoint](!)
type=endpoint
context=office
disallow=all
allow=g722
allow=ulaw,alaw
direct_media=no
rtp_symmetric=yes
set_var=DEPARTMENT=sales

[phone-aor](!)
type=aor
max_contacts=1
qualify_frequency=60

[phone-auth](!)
type=auth
auth_type=userpass
"""


def generate(path: Path, n: int) -> None:
    with path.open("w") as f:
        f.write(TEMPLATES)
        for i in range(n):
            name = 100000 + i
            f.write(f"\n[{name}](phone-endpoint)\naors={name}\nauth={name}\ncallerid=Phone {i} <{name}>\n"
                    f"[{name}](phone-aor)\n[{name}](phone-auth)\nusername={name}\npassword=bench-{i:08d}-secret\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=10000)
    parser.add_argument("--skip-mysql", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    dialects = ["postgresql"] + ([] if args.skip_mysql else ["mysql"]) + ([] if args.skip_sqlite else ["sqlite"])
    objects = 3 * args.phones
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        conf = tmp / "pjsip.conf"
        generate(conf, args.phones)
        print(f"{args.phones} phones = {objects} objects, {conf.stat().st_size / 1e6:.1f} MB of pjsip.conf")
        for dialect in dialects:
            scratch = Scratch(dialect, tmp)
            try:
                scratch.upgrade_if_sqlite()
                for label, extra in (("import", ()), ("upsert, unchanged", ("--mode", "upsert"))):
                    seconds, rss = run_cli(scratch.url, "conf", "import", str(conf), *extra)
                    print(f"{dialect:10} {label:18} {seconds:6.2f} s  {objects / seconds:8,.0f} objects/s  "
                          f"peak RSS {rss / 1024:.0f} MB")
                seconds, rss = run_cli(scratch.url, "conf", "export", "--include-secrets", "--out",
                                       str(tmp / f"export-{dialect}.conf"))
                print(f"{dialect:10} {'export':18} {seconds:6.2f} s  {objects / seconds:8,.0f} objects/s  "
                      f"peak RSS {rss / 1024:.0f} MB")
            finally:
                scratch.drop()


if __name__ == "__main__":
    main()
