"""Writing outputs: atomically, and never over an existing file without ``force``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputExists(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def write_atomic(path: Path, data: bytes, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so a reader
    never sees half a file and an interrupted run leaves the old file intact."""
    if path.exists() and not force:
        raise OutputExists(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
