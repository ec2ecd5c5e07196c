"""Files that survive a crash: atomic writes, folders staged under a temporary name,
and advisory locks that keep a clean-up from touching another process's work.

A temporary entry is always named ``.<something>.tmp`` so that a sweep can find
what a killed process left behind.
"""

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

LOCK_NAME = ".lock"


def is_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_synced(path: Path, data: bytes) -> None:
    """Write a new file and flush it to the disk before returning."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_temporary(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, flushed to the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """A reader sees the old file or the new one, never half of one."""
    tmp = write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def temporary_folder(parent: Path, name: str) -> Path:
    """A new temporary folder in ``parent`` that will be renamed to ``name``."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}.", suffix=".tmp"))
    folder.chmod(0o755)
    return folder


def remove(path: Path) -> None:
    """Remove a file or a folder tree; what is already gone is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_private(path: Path, text: str) -> None:
    """Write a secret readable by its owner only, from the first byte on."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only; an existing file is left alone."""
    # There already, or no folder for it: the caller's own open reports that.
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


class FolderLock:
    """An advisory lock on a folder tree, held through ``<folder>/.lock``.

    Writers hold it shared while their temporary files exist; a sweep takes it
    exclusively, so it never mistakes a live writer's files for a dead one's. The
    kernel drops the lock of a killed process.
    """

    def __init__(self, folder: Path, *, exclusive: bool, wait: bool = True):
        folder.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(self._fd, flags)
            self.acquired = True
        except BlockingIOError:
            self.release()
            self.acquired = False

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "FolderLock":
        return self

    def __exit__(self, *_exc) -> None:
        self.release()
