"""A private, real Asterisk for a test module: our generated files, its own temporary directory and free ports.

The instance reads exactly what ``asterisk-ara conf write`` generated (http.conf, pjsip.conf,
extconfig.conf, sorcery.conf, the driver's file) and keys from ``asterisk-ara tls init``. This
module owns only what an administrator's Asterisk already has: asterisk.conf (the directories),
logger.conf and modules.conf (autoload, plus the generated modules.conf.snippet). An instance on
``quickstart``'s files (``quickstart_pbx``) reads nothing but them and asterisk.conf's directories.

Asterisk is found through $ASTERISK_ARA_TEST_ASTERISK, then ``asterisk`` on PATH, then
/opt/asterisk/sbin/asterisk (what ../shared/asterisk/install.sh installs).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import warnings
from pathlib import Path

from ..conftest import run_cli

#: Realtime drivers the fixture keeps from loading unless the generated snippet asks for them.
REALTIME_MODULES = ("res_config_pgsql.so", "res_config_odbc.so", "res_odbc.so", "res_config_mysql.so",
                    "res_config_sqlite3.so", "res_config_curl.so", "res_config_ldap.so")


def find_asterisk() -> Path | None:
    for candidate in (os.environ.get("ASTERISK_ARA_TEST_ASTERISK"), shutil.which("asterisk"),
                      "/opt/asterisk/sbin/asterisk"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Asterisk:
    """One running Asterisk; ``cli()`` runs an Asterisk CLI command against it and returns the output."""

    def __init__(self, binary: Path, root: Path, database_url: str, driver: str | None = None,
                 cache: bool = False, realtime_transports: bool = False, http_prefix: str | None = None,
                 all_types: bool = False, node: str | None = None, ami: bool = False,
                 extra: tuple[str, ...] = ()):
        self.binary = binary
        self.root = root
        self.etc = root / "etc"
        self.keys = root / "keys"
        self.database_url = database_url
        self.driver = driver
        self.cache = cache
        self.realtime_transports = realtime_transports
        self.all_types = all_types
        self.http_prefix = http_prefix
        self.node = node
        self.port = free_port()
        self.tls_port = free_port()
        #: AMI for asterisk-ara (conf write --ami-permit): the port and the secret of its user.
        self.ami_port = free_port() if ami else None
        self.ami_secret = f"ami-{secrets.token_urlsafe(18)};x" if ami else None
        self.process: subprocess.Popen | None = None
        self.extra = tuple(extra)  # more `conf write` options
        #: The unixODBC data sources Asterisk reads (ODBCINI): the generated odbc.ini itself unless a test
        #: registered it with odbcinst (register_data_source).
        self.odbc_ini: Path | None = None

    # -- files -----------------------------------------------------------------------------------
    def generate(self) -> None:
        """Our own files, by our own commands, exactly as a user runs them."""
        args = ["--database-url", self.database_url, "conf", "write", "--out", str(self.etc), "--tls-dir",
                str(self.keys), "--bindaddr", "127.0.0.1", "--port", str(self.port), "--tls-port", str(self.tls_port)]
        if self.driver:
            args += ["--driver", self.driver]
        if self.cache:
            args.append("--cache")
        if self.realtime_transports:
            args.append("--realtime-transports")
        if self.all_types:
            args.append("--all-types")
        if self.node:
            args += ["--node", self.node]
        args += list(self.extra)
        env = {}
        if self.ami_port:
            args += ["--ami-permit", "127.0.0.1/32", "--ami-bindaddr", "127.0.0.1", "--ami-port", str(self.ami_port),
                     "--ami-secret-env", "TEST_AMI_SECRET"]
            env["TEST_AMI_SECRET"] = self.ami_secret
        run_cli(*args, check=True, env=env)
        if not (self.keys / "asterisk.crt").exists():
            run_cli("tls", "init", "--host", "localhost", "--dir", str(self.keys), check=True)
        if self.http_prefix:  # a setting the administrator added by hand (probe diagnoses it)
            http = self.etc / "http.conf"
            http.write_text(http.read_text() + f"prefix={self.http_prefix}\n")
        self.write_own_files()

    @property
    def static_dir(self) -> Path:
        """This instance's ASTDATADIR/static-http: what Asterisk serves at /static/ (enablestatic=yes)."""
        return self.root / "data" / "static-http"

    def _data_dir(self, installed: Path) -> Path:
        # The installed data (sounds, documentation, ...) linked in, but a static-http of our own, so that a
        # test's page never lands in the shared installation.
        data = self.root / "data"
        data.mkdir(parents=True, exist_ok=True)
        for entry in installed.iterdir() if installed.is_dir() else ():
            if entry.name != "static-http" and not (data / entry.name).exists():
                (data / entry.name).symlink_to(entry)
        self.static_dir.mkdir(exist_ok=True)
        return data

    def write_own_files(self) -> None:
        """asterisk.conf, logger.conf, modules.conf and extensions.conf: what an administrator's Asterisk already
        has (extensions.conf with the one #include line the quickstart's next steps give)."""
        self.write_asterisk_conf()
        if (self.etc / "extensions_asterisk_ara.conf").exists():
            (self.etc / "extensions.conf").write_text("[general]\n\n#include extensions_asterisk_ara.conf\n")
        (self.etc / "logger.conf").write_text(
            "[logfiles]\nmessages.log => notice,warning,error,verbose(4)\n")
        snippet = (self.etc / "modules.conf.snippet").read_text()
        wanted = {line.split("=>", 1)[1].split(";")[0].strip() for line in snippet.splitlines()
                  if "=>" in line and not line.lstrip().startswith(";")}
        body = "[modules]\nautoload = yes\n"
        body += "".join(f"noload => {m}\n" for m in REALTIME_MODULES if m not in wanted)
        # The generated snippet, as the docs tell administrators to merge it.
        body += "".join(line + "\n" for line in snippet.splitlines() if "=>" in line and not line.startswith(";"))
        (self.etc / "modules.conf").write_text(body)

    def write_asterisk_conf(self) -> None:
        """asterisk.conf: where this instance's directories are, which stays the administrator's file."""
        for sub in ("lib", "spool", "run", "log", "cache"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        prefix = self.binary.parent.parent
        data = self._data_dir(prefix / "var/lib/asterisk")
        (self.root / "asterisk.conf").write_text(
            "[directories]\n"
            f"astetcdir => {self.etc}\n"
            f"astmoddir => {prefix / 'lib/asterisk/modules'}\n"
            f"astdatadir => {data}\n"
            + "".join(f"{key} => {self.root / sub}\n" for key, sub in (
                ("astvarlibdir", "lib"), ("astdbdir", "lib"), ("astkeydir", "lib"), ("astspooldir", "spool"),
                ("astrundir", "run"), ("astlogdir", "log"), ("astcachedir", "cache")))
            + "[options]\nnofork = yes\n" + self._snippet_options())

    def register_data_source(self) -> None:
        """The one step outside etc/asterisk on MariaDB: register the generated odbc.ini with unixODBC's
        odbcinst, as the how-to says. As a user data source in a file of this instance's own (ODBCINI): the
        machine's /etc/odbc.ini, which `odbcinst -l` writes, is shared with every other test."""
        self.odbc_ini = self.root / "odbc-data-sources.ini"
        subprocess.run(["odbcinst", "-i", "-s", "-h", "-f", str(self.etc / "odbc.ini")], check=True,
                       capture_output=True, env={**os.environ, "ODBCINI": str(self.odbc_ini)}, timeout=30)

    def _snippet_options(self) -> str:
        """The [options] lines of a generated asterisk.conf.snippet (a node's systemname), merged as the
        snippet's own comment tells an administrator to."""
        snippet = self.etc / "asterisk.conf.snippet"
        if not snippet.exists():
            return ""
        return "".join(line + "\n" for line in snippet.read_text().splitlines()
                       if "=" in line and not line.lstrip().startswith(";"))

    # -- process ---------------------------------------------------------------------------------
    @property
    def conf(self) -> Path:
        return self.root / "asterisk.conf"

    def start(self, timeout: float = 30, env: dict[str, str] | None = None) -> "Asterisk":
        """``env``: more environment variables for Asterisk's process (as an administrator sets in systemd)."""
        env = {**os.environ, **(env or {})}
        if (self.etc / "asterisk-openssl.cnf").exists():
            env["OPENSSL_CONF"] = str(self.etc / "asterisk-openssl.cnf")  # as quickstart's next steps say
        if self.odbc_ini or (self.etc / "odbc.ini").exists():
            # unixODBC reads data sources from here, not from /etc/odbc.ini (see register_data_source)
            env["ODBCINI"] = str(self.odbc_ini or self.etc / "odbc.ini")
        drop_in = self.etc / "asterisk-ara-database.conf"
        if drop_in.exists():  # the systemd drop-in's Environment= lines, pointed at this instance's etc
            for line in drop_in.read_text().splitlines():
                if line.startswith("Environment="):
                    key, _, value = line.removeprefix("Environment=").partition("=")
                    env[key] = value.replace("/etc/asterisk", str(self.etc))
        self.console = open(self.root / "log" / "console.log", "ab")
        self.process = subprocess.Popen([str(self.binary), "-C", str(self.conf), "-f", "-n"], cwd=self.root,
                                        env=env, stdin=subprocess.DEVNULL, stdout=self.console,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Asterisk exited with {self.process.returncode} while starting:\n{self.log_tail()}")
            done = subprocess.run([str(self.binary), "-C", str(self.conf), "-rx", "core waitfullybooted"],
                                  capture_output=True, timeout=timeout)
            if done.returncode == 0:
                return self
            time.sleep(0.1)
        raise RuntimeError(f"Asterisk did not boot within {timeout} s:\n{self.log_tail()}")

    def cli(self, command: str) -> str:
        done = subprocess.run([str(self.binary), "-C", str(self.conf), "-rx", command], capture_output=True,
                              text=True, timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"asterisk -rx {command!r} failed: {done.stderr}{done.stdout}")
        return done.stdout

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        subprocess.run([str(self.binary), "-C", str(self.conf), "-rx", "core stop now"], capture_output=True,
                       timeout=30)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.console.close()

    def log_tail(self, lines: int = 80) -> str:
        path = self.root / "log" / "messages.log"
        text = path.read_text(errors="replace") if path.exists() else "(no messages.log)"
        return "\n".join(text.splitlines()[-lines:])

    # -- what the tests ask ----------------------------------------------------------------------
    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def wss_url(self) -> str:
        return f"wss://localhost:{self.tls_port}/ws"

    @property
    def ca(self) -> Path:
        return self.keys / "ca.crt"

    def ara(self, *args: str, input: str | None = None, check: bool = False):
        """asterisk-ara against this instance's database."""
        return run_cli("--database-url", self.database_url, *args, input=input, check=check)

    def registers(self, user: str, password: str, secure: bool = False) -> bool:
        """The probe's own API, in-process (no CLI start-up): for checking many clients quickly."""
        from asterisk_ara.probe import probe

        report = probe(self.wss_url if secure else self.ws_url, user, password, ca=str(self.ca) if secure else None,
                       timeout=15)
        return report.ok

    def probe(self, user: str, password: str, *, secure: bool = False, url: str | None = None,
              ca: Path | None = None, rows: bool = False, extra: tuple[str, ...] = (),
              retry: bool = True) -> tuple[int, dict]:
        """Run ``asterisk-ara --json probe``; returns (exit code, the JSON report)."""
        args = ["--json", "probe", url or (self.wss_url if secure else self.ws_url), "--user", user,
                "--password-stdin", "--timeout", "15", *extra]
        if secure or (url or "").startswith("wss"):
            args += ["--ca", str(ca or self.ca)]
        if rows:
            args = ["--database-url", self.database_url, *args]
        result = run_cli(*args, input=password)
        assert result.exit_code in (0, 1), result
        assert password not in result.stdout + result.stderr
        report = json.loads(result.stdout)
        if retry and result.exit_code == 1 and _closed_before_upgrade(report):
            # Seen once in CI under full load: Asterisk's HTTPS server closed a fresh connection, after
            # the TLS handshake, without answering the upgrade; never reproduced in 560 probes since. It is
            # not what these tests are about, so it is retried once and said as a warning, never hidden.
            warnings.warn(f"{getattr(self, 'name', 'asterisk')}: the WebSocket upgrade got no "
                          f"answer ({failure(report)}); probing once more")
            return self.probe(user, password, secure=secure, url=url, ca=ca, rows=rows, extra=extra, retry=False)
        return result.exit_code, report

    def endpoint(self, name: str) -> str:
        return self.cli(f"pjsip show endpoint {name}")

    def settings(self, kind: str, name: str) -> dict[str, str]:
        """The ``ParameterName : ParameterValue`` table of ``pjsip show KIND NAME``."""
        text = self.cli(f"pjsip show {kind} {name}")
        return {k.strip(): v.strip() for k, sep, v in (line.partition(" : ") for line in text.splitlines())
                if sep and k.startswith(" ") and not k.strip().startswith(("=", "ParameterName"))}

    def contacts(self) -> str:
        return self.cli("pjsip show contacts")


def quickstart_pbx(asterisk_binary, root: Path, db_url: str, driver: str | None, name: str,
                   keys: Path | None = None, extra: tuple[str, ...] = ()) -> Asterisk:
    """Asterisk on nothing but what `quickstart` wrote (its complete configuration directory) and asterisk.conf's
    directories, with the steps of its next steps and of the how-to *Run Asterisk on these files*: the phone's
    files copied to the static directory and, on MariaDB, the data source registered with odbcinst. ``keys``: the
    TLS files of another instance (quickstart keeps them), so that browsers trusting its CA trust this one;
    ``extra``: more quickstart options."""
    pbx = Asterisk(asterisk_binary, root / "asterisk", db_url, driver)
    pbx.name = name
    if keys:
        shutil.copytree(keys, pbx.keys)
    res = run_cli("--database-url", db_url, "--json", "quickstart", "--host", "localhost", "--out", str(pbx.root),
                  "--bindaddr", "127.0.0.1", "--port", str(pbx.port), "--tls-port", str(pbx.tls_port), *extra,
                  check=True)
    pbx.quickstart = json.loads(res.stdout)
    pbx.write_asterisk_conf()
    if pbx.quickstart["odbc_ini"]:
        pbx.register_data_source()
    for path in Path(pbx.quickstart["phone_page"]).parent.iterdir():  # the page and the JsSIP it loads
        shutil.copy(path, pbx.static_dir)
    return pbx


class Registration:
    """A phone that registers and stays registered until closed (the probe always unregisters)."""

    def __init__(self, pbx: Asterisk, user: str, password: str):
        from asterisk_ara.probe import sip
        from asterisk_ara.probe.network import open_tcp, open_websocket

        self.ws = open_websocket(open_tcp("127.0.0.1", pbx.port, 5), "127.0.0.1", pbx.port, "/ws", 5)
        self.user, self.password = user, password
        self.dialog = sip.Registration(user, "127.0.0.1", secure=False, expires=300)
        self.response = self.refresh()
        assert self.response.status == 200, self.response

    def refresh(self):
        """REGISTER again on the same dialog (challenge and answer): the final response."""
        from asterisk_ara.probe import digest, sip

        self.ws.send(self.dialog.register())
        offered = self.offered(self.response_to_us())
        answer = digest.authorization(digest.choose([c for c in offered if c]), self.user, self.password,
                                      "REGISTER", self.dialog.request_uri)
        self.ws.send(self.dialog.register(authorization=answer))
        return self.response_to_us()

    def response_to_us(self):
        """The next response on the WebSocket; requests Asterisk sends meanwhile (the OPTIONS that qualify this
        contact) are answered 200 OK, as a browser phone answers them."""
        from asterisk_ara.probe import sip

        while True:
            message = self.ws.recv(timeout=5)
            reply = sip.answer_request(message)
            if reply is None:
                return sip.parse(message)
            self.ws.send(reply)

    def listed_in(self, response) -> bool:
        """Whether a 200 to REGISTER lists this phone's contact (Asterisk rewrites it, keeping our host)."""
        return any(self.dialog.contact_host in c["uri"] for c in response.contacts())

    @staticmethod
    def offered(challenge) -> list:
        """The digest challenges of a 401 answer to REGISTER."""
        from asterisk_ara.probe import digest

        assert challenge.status == 401, challenge
        return [digest.parse_challenge(h) for h in challenge.all("www-authenticate")]

    @classmethod
    def challenge(cls, pbx: Asterisk, user: str) -> list:
        """What Asterisk challenges an unauthenticated REGISTER of ``user`` with (and nothing more is sent)."""
        from asterisk_ara.probe import sip
        from asterisk_ara.probe.network import open_tcp, open_websocket

        ws = open_websocket(open_tcp("127.0.0.1", pbx.port, 5), "127.0.0.1", pbx.port, "/ws", 5)
        try:
            ws.send(sip.Registration(user, "127.0.0.1", secure=False, expires=60).register())
            return cls.offered(sip.parse(ws.recv(timeout=5)))
        finally:
            ws.close()

    def close(self) -> None:
        self.ws.close()


def _closed_before_upgrade(report: dict) -> bool:
    failed = [s for s in report["steps"] if not s["ok"]]
    return bool(failed) and failed[0]["name"] == "websocket" and "did not receive a valid HTTP response" in \
        failed[0]["summary"]


def failure(report: dict) -> str:
    """The failed step of a probe report, for assertion messages."""
    return "; ".join(f"{s['name']}: {s['summary']} / {s.get('cause')}" for s in report["steps"] if not s["ok"]) \
        or "no step failed"
