"""A fork server for the command line that tests run through a shell (the docs' runnable blocks).

There, ``asterisk-ara`` on PATH is a small client (``install_client``) that hands its argv, environment, working
directory and standard input, output and error (the descriptors themselves) to a server that imported
asterisk-ara once. The server forks; the child takes those descriptors, that directory and that environment,
runs the same ``main()`` the installed command runs, and tells the client its exit status. Each command is still
a process of its own (its own descriptors, signals, exit status, a pipe that closes under it), without paying the
interpreter's start-up and the imports (0.3-1 s) every time.

What only the real installed command shows (start-up imports, its console script) stays with
``run_cli(..., separate_process=True)``.
"""
from __future__ import annotations

import array
import json
import os
import signal
import socket
import struct
import subprocess
import sys
from pathlib import Path

#: Modules the server imports before it forks: what the commands import when they run.
WARM = ("asterisk_ara.cli", "asterisk_ara.cli.webrtc", "asterisk_ara.cli.db", "asterisk_ara.cli.conf",
        "asterisk_ara.cli.bulk", "asterisk_ara.provisioning", "asterisk_ara.dbapi", "asterisk_ara.schema.migrate",
        "asterisk_ara.confgen", "asterisk_ara.tls", "sqlalchemy", "alembic.command", "psycopg", "pymysql",
        "rich.console", "rich.table")

CLIENT = '''#!{python} -IS
"""asterisk-ara, through the tests' fork server (tests/forkserver.py)."""
import array, json, os, socket, struct, sys

request = json.dumps({{"argv": ["asterisk-ara", *sys.argv[1:]], "env": dict(os.environ),
                      "cwd": os.getcwd()}}).encode()
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.connect({socket_path!r})
server.sendmsg([struct.pack("!I", len(request)) + request],
               [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))])
status = b""
while len(status) < 4:
    part = server.recv(4 - len(status))
    if not part:
        sys.stderr.write("asterisk-ara (tests' fork server): the command ended without an exit status\\n")
        sys.exit(1)
    status += part
sys.exit(struct.unpack("!i", status)[0])
'''


def install_client(bindir: Path, socket_path: Path) -> Path:
    """``bindir/asterisk-ara``: the client, for a PATH that puts ``bindir`` first."""
    bindir.mkdir(parents=True, exist_ok=True)
    client = bindir / "asterisk-ara"
    client.write_text(CLIENT.format(python=sys.executable, socket_path=str(socket_path)))
    client.chmod(0o755)
    return client


def start(socket_path: Path) -> subprocess.Popen:
    """The server, in a process of its own, ready when this returns."""
    process = subprocess.Popen([sys.executable, "-c", f"from tests.forkserver import serve; serve({str(socket_path)!r})"],
                               cwd=Path(__file__).resolve().parents[1], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ready = process.stderr.readline()
    if ready.strip() != b"ready":
        process.kill()
        raise RuntimeError(f"the tests' fork server did not start: {ready + process.stderr.read()!r}")
    return process


def serve(socket_path: str) -> None:
    import importlib

    for name in WARM:
        importlib.import_module(name)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel: the clients get the status
    sys.stderr.write("ready\n")
    sys.stderr.flush()
    while True:
        conn, _ = listener.accept()
        if os.fork() == 0:
            listener.close()
            _run(conn)  # never returns
        conn.close()


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    fds = array.array("i")
    data, ancillary, _, _ = conn.recvmsg(1 << 20, socket.CMSG_SPACE(3 * fds.itemsize))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
    (size,) = struct.unpack("!I", data[:4])
    body = data[4:]
    while len(body) < size:
        body += conn.recv(size - len(body))
    return json.loads(body), list(fds)


def _run(conn: socket.socket) -> None:
    """In the forked child: become the client's command, run it, report its exit status, and end."""
    import io
    import random
    import traceback

    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # what a command starts, it waits for
        request, fds = _receive(conn)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = request["argv"]
        random.seed()  # a state of its own, as a fresh process has
        # Standard streams made for these descriptors, as Python makes them at start (line-buffered on a terminal).
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), line_buffering=os.isatty(1))
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), line_buffering=True,
                                      errors="backslashreplace")
        try:
            from asterisk_ara.cli import main

            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if exc.code is not None and not isinstance(exc.code, int):
                print(exc.code, file=sys.stderr)
        except BaseException:  # noqa: BLE001 - as the interpreter would: the traceback, status 1
            traceback.print_exc()
            code = 1
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
    finally:
        try:
            conn.sendall(struct.pack("!i", code))
        finally:
            os._exit(code)
