"""Writing files safely: the one mechanism every file the tool writes goes through.

* Never destroy what the tool did not create. A new file is staged as a private temporary file
  beside its target (mode set before any byte lands), then put in place with ``os.link``, which
  fails on any existing path, dangling symlinks included, and never follows one. Only with
  ``force`` does it replace an existing path (``os.replace``: the link itself, never its target).
* Clean-up removes only what this run created: staged temporary files, and a placed file only
  while it is still the very file (same inode) this run made.
* All or nothing for a group: ``FileSet`` stages every file first and places them at the end, so a
  failure while preparing leaves every target as it was.
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import AraError, UsageError


def _stage(path: Path, mode: int) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)  # its errors name the user's directory
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _about(exc, path) from None
    os.fchmod(fd, mode)
    return fd, tmp


def _about(exc: OSError, path: Path) -> OSError:
    """The same error naming the file the user asked for, never our staged .NAME.xxxx.tmp beside it."""
    return OSError(exc.errno, exc.strerror, str(path))


def check_directory(path: Path, option: str) -> None:
    """``path`` may be made or used as a directory: not an existing file (said in words, before any work)."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"{option}: {path} is a file; give a directory (new or existing) for the files")


def check_parent(path: "Path | str", option: str) -> None:
    """The directory a new file goes into exists: a mistyped path is said, not silently made."""
    parent = Path(path).parent
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "does not exist"
        raise UsageError(f"{option}: {parent} {what}; create it first (mkdir -p {parent}) or choose another path")


def refuse_existing(paths: list[Path], force: bool, option: str = "--force") -> None:
    """A clear error, before any work, when a target exists (a symlink counts, even a dangling one)."""
    if force:
        return
    existing = [str(p) for p in paths if os.path.lexists(p)]
    if existing:
        raise UsageError(f"{', '.join(existing)} exist{'s' if len(existing) == 1 else ''} already; "
                         f"nothing was written (use {option} to replace)")


def _place(tmp: str, path: Path, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise UsageError(f"{path} exists already; nothing was written there (use --force to replace)") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise _about(exc, path) from None
        _copy_exclusive(tmp, path)  # a file system without hard links (vfat, some FUSE)
    os.unlink(tmp)


def _copy_exclusive(tmp: str, path: Path) -> None:
    mode = os.stat(tmp).st_mode & 0o7777
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    except FileExistsError:
        raise UsageError(f"{path} exists already; nothing was written there (use --force to replace)") from None
    with os.fdopen(fd, "wb") as out, open(tmp, "rb") as src:
        out.write(src.read())
        out.flush()
        os.fsync(out.fileno())


def _write_fd(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _unlink_quietly(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def write_atomic(path: Path, data: bytes, mode: int) -> None:
    """Replace ``path`` atomically (temp file + rename): only for a path the caller may replace."""
    fd, tmp = _stage(Path(path), mode)
    try:
        _write_fd(fd, data)
        os.replace(tmp, path)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise _about(exc, Path(path)) from None
    except BaseException:
        _unlink_quietly(tmp)
        raise


def write_new(path: Path, data: bytes, mode: int, force: bool = False) -> None:
    """Create ``path`` with ``data``: refused if anything exists there, unless ``force``."""
    fd, tmp = _stage(Path(path), mode)
    try:
        _write_fd(fd, data)
        _place(tmp, Path(path), force)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def write_backup(path: Path, data: bytes, mode: int) -> Path:
    """Save ``data`` as ``path`` (or ``path.1``, ``path.2``... when taken): an older backup is never overwritten."""
    for n in range(1000):
        candidate = Path(path) if n == 0 else Path(f"{path}.{n}")
        if os.path.lexists(candidate):
            continue
        try:
            write_new(candidate, data, mode)
            return candidate
        except UsageError:
            continue  # taken meanwhile
    raise AraError(f"{path}: no free backup name (.1 to .999 are all taken); remove old backups")


class FileSet:
    """Files one command writes together: staged first, placed together at the end by ``commit()``.

    Until ``commit()`` no target is touched; ``discard()`` (or leaving the ``with`` block by an
    exception) removes the staged files and nothing else.
    """

    def __init__(self, force: bool = False, option: str = "--force"):
        self.force, self.option = force, option
        self._staged: list[tuple[Path, str]] = []
        self.placed: list[Path] = []
        self._identity: list[tuple[int, int]] = []

    def __enter__(self) -> "FileSet":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None:
            self.discard()

    def add(self, path: Path, data: bytes, mode: int) -> None:
        fd, tmp = _stage(Path(path), mode)
        self._staged.append((Path(path), tmp))
        _write_fd(fd, data)

    def open(self, path: Path, mode: int):
        """A text handle on the staged file for ``path`` (for output written while the work runs)."""
        fd, tmp = _stage(Path(path), mode)
        self._staged.append((Path(path), tmp))
        return os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> list[Path]:
        refuse_existing([p for p, _ in self._staged], self.force, self.option)
        while self._staged:
            path, tmp = self._staged[0]
            identity = os.stat(tmp)
            try:
                _place(tmp, path, self.force)
            except BaseException:
                self._remove_placed()
                raise
            self._staged.pop(0)
            self.placed.append(path)
            self._identity.append((identity.st_dev, identity.st_ino))
        return self.placed

    def staged_path(self, path: Path) -> str | None:
        return next((tmp for p, tmp in self._staged if p == Path(path)), None)

    def _remove_placed(self) -> None:
        # Placed files of this set were new (not force): ours to remove while they are still ours.
        if not self.force:
            for path, (dev, ino) in zip(self.placed, self._identity):
                try:
                    now = os.lstat(path)
                except FileNotFoundError:
                    continue
                if (now.st_dev, now.st_ino) == (dev, ino):
                    os.unlink(path)
            self.placed.clear()
            self._identity.clear()

    def discard(self) -> None:
        for _path, tmp in self._staged:
            _unlink_quietly(tmp)
        self._staged.clear()
