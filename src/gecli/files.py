"""Writing outputs: whole or not at all, never over an existing file without ``force``,
with the mode the user's umask gives a new file.

The finished bytes are written to a temporary file beside the target and then published
in one step: without ``force`` by a hard link, which fails if anything has appeared at the
target meanwhile (two runs racing for one name cannot both "win"); with ``force`` by a
rename over the old file. A run killed midway leaves only its temporary file, named after
its process, which the next write to the same target removes.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from gecli.i18n import Message

def _temporary_name(target: Path, pid: int | str) -> str:
    """Beside the target, hidden by the leading dot, named after the writing process."""
    return f".{target.name}.gecli-{pid}.tmp"


class OutputProblem(Exception):
    """The output cannot be written; ``message`` says why and what to do."""

    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


class OutputExists(OutputProblem):
    def __init__(self, path: Path):
        super().__init__(Message("file_exists", path=str(path)))
        self.path = path


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any work, a target that exists (without ``force``) or that is not a
    file that may be replaced: a folder, a device, a FIFO. A dangling link exists too."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputProblem(Message("output_unwritable", path=str(path), reason=error.strerror or str(error))) from None
    if stat.S_ISDIR(status.st_mode):
        raise OutputProblem(Message("output_is_directory", path=str(path)))
    if not force:
        raise OutputExists(path)
    if not (stat.S_ISREG(status.st_mode) or stat.S_ISLNK(status.st_mode)):
        raise OutputProblem(Message("output_not_regular", path=str(path)))


def write_atomic(path: Path, data: bytes | Iterable[bytes], force: bool = False) -> None:
    """Write ``data`` (bytes, or pieces of them as they are made: a national report page is
    over a hundred megabytes) to ``path`` whole or not at all. Raises :class:`OutputProblem`;
    an error while the pieces are made leaves nothing behind."""
    check_target(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(path)
        temporary = _write_temporary(path, data)
    except OSError as error:
        raise OutputProblem(Message("output_unwritable", path=str(path), reason=error.strerror or str(error))) from None
    try:
        if force:
            check_target(path, force)
            os.replace(temporary, path)
        else:
            _publish_new(temporary, path)
    except FileExistsError:
        raise OutputExists(path) from None
    except OSError as error:
        raise OutputProblem(Message("output_unwritable", path=str(path), reason=error.strerror or str(error))) from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _write_temporary(path: Path, data: bytes | Iterable[bytes]) -> str:
    temporary = str(path.parent / _temporary_name(path, os.getpid()))
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in [data] if isinstance(data, bytes) else data:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _publish_new(temporary: str, path: Path) -> None:
    """Make the finished file appear at ``path`` only if nothing is there."""
    try:
        os.link(temporary, path)
        return
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
    # A file system without hard links: claim the name first, then fill it by a rename.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    os.replace(temporary, path)


def _remove_abandoned(path: Path) -> None:
    """Temporary files a killed run left for this target (their process is gone)."""
    prefix = _temporary_name(path, "")[: -len(".tmp")]
    for leftover in path.parent.glob(glob_escape(prefix) + "*.tmp"):
        pid = leftover.name[len(prefix) : -len(".tmp")]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True

