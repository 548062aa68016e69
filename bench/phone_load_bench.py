"""How long the browser phone takes to load from Asterisk's own static HTTPS server, on loopback.

    python bench/phone_load_bench.py [--runs 20]

Runs `asterisk-ara quickstart` (SQLite) into a scratch directory, copies the phone's files where its next steps
say, starts a private Asterisk on those files (tests/live/asterisk.py: $ASTERISK_ARA_TEST_ASTERISK, `asterisk` on
PATH or /opt/asterisk/sbin/asterisk), then loads https://localhost:PORT/static/asterisk-ara-phone.html:

* with Python, each run on fresh TLS connections: the page, then jssip.min.js (the bytes a first visit fetches);
* in headless Chromium trusting the scratch CA, each run in a fresh browser context (empty cache): from the start
  of the navigation to the page's load event (TLS, both files, JsSIP parsed and run, the page's script run).

Prints the page's weight and min / median / max of each. Run from the repository root.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def figures(values: list[float]) -> str:
    return f"min {min(values):.0f} ms, median {statistics.median(values):.0f} ms, max {max(values):.0f} ms"


def python_fetch(host: str, port: int, ca: Path, paths: list[str]) -> float:
    context = ssl.create_default_context(cafile=str(ca))
    start = time.perf_counter()
    for path in paths:
        connection = http.client.HTTPSConnection(host, port, context=context, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200 and body, (path, response.status)
        connection.close()
    return (time.perf_counter() - start) * 1000


def headers(host: str, port: int, ca: Path, path: str) -> dict[str, str]:
    """The response headers of ``path`` asked for with Accept-Encoding: gzip (as browsers ask)."""
    connection = http.client.HTTPSConnection(host, port, context=ssl.create_default_context(cafile=str(ca)), timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return {k.lower(): v for k, v in response.getheaders()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()

    from asterisk_ara import phone
    from tests.live.asterisk import Asterisk, find_asterisk
    from tests.live.browser import CHROMIUM_ARGS, find_chromium, trusting_home

    binary = find_asterisk()
    if binary is None:
        sys.exit("no Asterisk found (ASTERISK_ARA_TEST_ASTERISK, asterisk on PATH, /opt/asterisk/sbin/asterisk)")
    scratch = Path(tempfile.mkdtemp(prefix="phone-load-"))
    try:
        db = f"sqlite:///{scratch / 'bench.db'}"
        pbx = Asterisk(binary, scratch / "asterisk", db)
        res = subprocess.run([sys.executable, "-m", "asterisk_ara", "--database-url", db, "--json", "quickstart",
                              "--host", "localhost", "--out", str(pbx.root), "--bindaddr", "127.0.0.1", "--port",
                              str(pbx.port), "--tls-port", str(pbx.tls_port)], capture_output=True, text=True,
                             check=True, cwd=scratch)
        doc = json.loads(res.stdout)
        pbx.write_own_files()
        for path in Path(doc["phone_page"]).parent.iterdir():
            shutil.copy(path, pbx.static_dir)
        sizes = {name: (pbx.static_dir / name).stat().st_size for name in (phone.PAGE, phone.JSSIP)}
        pbx.start()
        try:
            paths = [f"/static/{phone.PAGE}", f"/static/{phone.JSSIP}"]
            served = headers("localhost", pbx.tls_port, pbx.ca, paths[1])
            print(f"page weight: {sum(sizes.values())} bytes ({sizes[phone.PAGE]} HTML + {sizes[phone.JSSIP]} "
                  f"jssip.min.js); jssip.min.js served as {served.get('content-type')}, "
                  f"{served.get('content-encoding') or 'uncompressed'} ({served.get('content-length')} bytes)")
            python_fetch("localhost", pbx.tls_port, pbx.ca, paths)  # warm up Asterisk's file cache
            fetched = [python_fetch("localhost", pbx.tls_port, pbx.ca, paths) for _ in range(args.runs)]
            print(f"Python, page + jssip.min.js over fresh TLS connections ({args.runs} runs): {figures(fetched)}")

            from playwright.sync_api import sync_playwright

            home = trusting_home(scratch / "chromium-home", pbx.ca)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS,
                                            env={**os.environ, "HOME": str(home)})
                loads, library = [], None
                for _ in range(args.runs + 1):
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(doc["phone_url"], wait_until="load")
                    timing = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
                    library = page.evaluate("() => window.asteriskAraPhone.library")
                    loads.append(timing["loadEventEnd"] - timing["startTime"])
                    context.close()
                browser.close()
            loads = loads[1:]  # the first navigation also starts the browser's network service
            print(f"Chromium, navigation start to load event, empty cache ({args.runs} runs, {library}): "
                  f"{figures(loads)}")
        finally:
            pbx.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
