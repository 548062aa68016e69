"""PostgreSQL: the worker process that validates the file and encodes the good rows as COPY-format bytes.

Validation is pure Python (~7.6 s per million rows); feeding COPY must keep pace with the server at
the same time. In one process the two share the GIL and barely overlap. So the import starts this worker: it reads
the CSV itself (its stdin is the file), runs every line through ``validate_rows`` as ever (the id index
lives here), and sends chunks of COPY CSV bytes to the parent, which only writes them into COPY
(``load_postgresql``). On two cores the server loads chunk k while the worker validates chunk k+1.

The two talk over two pipes in frames (length + pickle), so a pipe's own flow control bounds memory:
the worker blocks when the parent is behind. Worker -> parent:

  ("plan", columns)                        the header's columns per table, before any row
  ("chunk", buffers, passwords)            CHUNK_ROWS rows: one bytes per table in CLIENT_TABLES order
  ("progress", rows, position)             every 5,000 rows, when the parent shows a progress bar
  ("done", rows, generated, errors, count, passwords)
  ("failed", exception)                    the file cannot be read (empty, bad CSV or UTF-8, no room)
  ("taken", {id: line})                    answer to a ("taken",) request after a COPY conflict

Parent -> worker: the job (a dict), then ("taken",) requests, then end of file: the worker exits.

The worker never outlives the parent: it asks the kernel for SIGKILL when the parent dies (Linux), and
any write to a parent that is gone fails (EPIPE). It ignores SIGINT: Ctrl-C is the parent's to handle,
and the parent kills and reaps the worker on every way out (``EncodeWorker.close``).
"""
from __future__ import annotations

import csv
import io
import os
import pickle
import signal
import struct
import subprocess
import sys
from typing import IO, Any
from ..provisioning import (
    CLIENT_TABLES,
)
from .header import Plan
from .ids import IdIndex


_LENGTH = struct.Struct("!I")


def send(stream: IO[bytes], message: tuple) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def receive(stream: IO[bytes]) -> tuple | None:
    """The next message, or None at end of file (the other side closed its end or died)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    size, = _LENGTH.unpack(head)
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return pickle.loads(payload)


# --- the parent's side ------------------------------------------------------------------------

class WorkerGone(Exception):
    """The worker ended without a last word (killed, or crashed before it could say why)."""


class EncodeWorker:
    """The parent's handle on one worker process: start it, exchange messages, and always reap it."""

    def __init__(self, source_fd: int, job: dict[str, Any]):
        import asterisk_ara

        data_r, data_w = os.pipe()
        control_r, control_w = os.pipe()
        # The package's own directory first, so the worker imports this very code even when the
        # parent runs from a source tree that is not installed.
        package_root = os.path.dirname(os.path.dirname(os.path.abspath(asterisk_ara.__file__)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", "from asterisk_ara.csvio.encode_worker import main; main()",
                 str(data_w), str(control_r), str(os.getpid())],
                stdin=source_fd, stdout=subprocess.DEVNULL, pass_fds=(data_w, control_r), env=env)
        except BaseException:
            for fd in (data_r, data_w, control_r, control_w):
                os.close(fd)
            raise
        os.close(data_w)
        os.close(control_r)
        self._data = os.fdopen(data_r, "rb")
        self._control = os.fdopen(control_w, "wb")
        try:
            send(self._control, (job,))
        except BaseException:
            self.close(kill=True)
            raise

    def receive(self) -> tuple:
        message = receive(self._data)
        if message is None:
            code = self.proc.wait()
            raise WorkerGone(f"the import's validation worker ended unexpectedly (exit status {code})")
        return message

    def ask(self, *request: Any) -> tuple:
        send(self._control, request)
        return self.receive()

    def close(self, kill: bool = False) -> None:
        """End the worker and reap it (no zombie): it exits by itself once its control pipe closes."""
        if self.proc.returncode is not None and self._control.closed:
            return
        if kill:
            self.proc.kill()
        for stream in (self._control, self._data):
            try:
                stream.close()
            except OSError:  # a worker already gone: nothing is left to flush to
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# --- the worker's side ------------------------------------------------------------------------

class CopyEncoder:
    """The validated rows as COPY's CSV format, CHUNK_ROWS at a time, sent to the parent.

    Python's C csv writer renders COPY's CSV format directly: None becomes an unquoted empty field,
    which COPY reads as NULL (validated values are never empty strings, so nothing is lost).
    """

    CHUNK_ROWS = 10_000

    def __init__(self, plan: Plan, out: IO[bytes], passwords: io.StringIO | None):
        self.plan, self.out, self.passwords = plan, out, passwords
        self.ids = IdIndex()
        self.buffers = {t: io.StringIO() for t in CLIENT_TABLES}
        self.writers = {t: csv.writer(b, lineterminator="\n") for t, b in self.buffers.items()}
        self.columns = [(self.writers[t].writerow, plan.columns[t]) for t in CLIENT_TABLES]
        self.pending = 0
        send(out, ("plan", plan.columns))

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        for (writerow, columns), table in zip(self.columns, CLIENT_TABLES):
            writerow(map(rows[table].get, columns))
        self.pending += 1
        if self.pending >= self.CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            send(self.out, ("chunk", tuple(self.buffers[t].getvalue().encode() for t in CLIENT_TABLES),
                            self.take_passwords()))
        for b in self.buffers.values():
            b.seek(0)
            b.truncate()
        self.pending = 0

    def take_passwords(self) -> str:
        if self.passwords is None:
            return ""
        text = self.passwords.getvalue()
        self.passwords.seek(0)
        self.passwords.truncate()
        return text


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel sends us SIGKILL when the parent dies, even if it was SIGKILLed itself."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: EPIPE on our next message still ends us
            pass
    if os.getppid() != parent:  # the parent died before we asked
        os._exit(1)


def main() -> None:
    data_fd, control_fd, parent = (int(a) for a in sys.argv[1:4])
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    out = os.fdopen(data_fd, "wb")
    control = os.fdopen(control_fd, "rb")
    try:
        _serve(out, control)
    except BrokenPipeError:  # the parent is gone or stopped listening: nothing to tell anyone
        os._exit(1)


def _serve(out: IO[bytes], control: IO[bytes]) -> None:
    from ..dbapi import connect
    from ..errors import AraError
    from .validate import read_stored_auths, validate_rows

    message = receive(control)
    if message is None:
        return
    job, = message
    for name, value in job["id_index"].items():  # the parent's tuning of the index (tests shrink it)
        setattr(IdIndex, name, value)
    readers: list = []  # our own connection, for upsert look-ups and the taken ids after a conflict

    def database() -> Any:
        if not readers:
            readers.append(connect(job["url"]))
        return readers[0]

    def stored_auths(ids: list[str]) -> dict[str, dict[str, Any]]:
        return read_stored_auths(database(), ids)

    def progress(rows: int, position: int) -> None:
        send(out, ("progress", rows, position))

    passwords = io.StringIO() if job["passwords"] else None
    made: list[CopyEncoder] = []

    def encoder(plan: Plan) -> CopyEncoder:
        made.append(CopyEncoder(plan, out, passwords))
        return made[0]

    try:
        sink, errors, count = validate_rows(
            sys.stdin.buffer, job["source"], job["settings"], encoder, passwords,
            progress if job["progress"] else None, require_password=job["require_password"],
            stored_auths=stored_auths if job["mode"] == "upsert" else None)
        if not count:
            sink.flush()
        send(out, ("done", sink.rows, sink.generated, errors, count, sink.take_passwords()))
    except BrokenPipeError:
        raise
    except (AraError, OSError) as exc:  # the parent raises it as if it were its own
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # an exception class that cannot cross: its message still can
            exc = AraError(str(exc))
        send(out, ("failed", exc))
        return
    except BaseException:
        import traceback

        send(out, ("failed", RuntimeError("the import's validation worker failed:\n" + traceback.format_exc())))
        return
    while (request := receive(control)) is not None:
        if request == ("taken",):
            from .ids import taken_ids

            db = database()
            with db.transaction():
                send(out, ("taken", taken_ids(db, sink.ids)))
    for made_encoder in made:
        made_encoder.ids.close()
    for reader in readers:
        reader.close()
