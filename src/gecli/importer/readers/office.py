""".doc, .odt, .rtf and Word's HTML → .docx, through LibreOffice.

The bytes already checked by the caller are written into a scratch folder under a plain
name and converted there with a private LibreOffice profile (so a running LibreOffice, or
another conversion, is not disturbed), with the input filter named — so a file that is not
what it claims fails instead of being imported as text — and a timeout that kills the whole
process group. LibreOffice exits 0 even when it fails: success is the output file existing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from gecli.i18n import Message, excerpt
from gecli.importer.readers.errors import ImportProblem, megabytes

TIMEOUT_SECONDS = 120

# Format → (extension of the scratch copy, LibreOffice input filter, name said to the user).
FORMATS = {
    "doc": (".doc", "MS Word 97", "Word 97–2003 (.doc)"),
    "odt": (".odt", "writer8", "OpenDocument (.odt)"),
    "rtf": (".rtf", "Rich Text Format", "RTF (.rtf)"),
    "html": (".html", "HTML (StarWriter)", "HTML"),
}

_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in _PLACES if os.path.isfile(place)), None)


def to_docx(raw: bytes, kind: str, shown: str, limit: int, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The bytes of ``raw`` (a ``kind`` file) converted to .docx, at most ``limit`` bytes."""
    extension, infilter, name = FORMATS[kind]
    program = soffice()
    if program is None:
        raise ImportProblem(Message("import_office_missing", path=shown, format=name))
    with tempfile.TemporaryDirectory(prefix="gecli-lo-") as scratch:
        folder = Path(scratch)
        source = folder / f"source{extension}"
        source.write_bytes(raw)
        out = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"--infilter={infilter}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group, killed whole on timeout
            )
        except OSError as error:
            raise ImportProblem(Message("import_office_failed", path=shown, format=name, reason=error.strerror or str(error))) from None
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise ImportProblem(Message("import_office_timeout", path=shown, format=name, seconds=int(timeout))) from None
        result = out / "source.docx"
        if not result.is_file():
            said = [
                line
                for line in (stdout + stderr).decode("utf-8", errors="replace").splitlines()
                if line.strip() and "javaldx" not in line
            ]
            reason = excerpt(said[-1], 120) if said else f"exit code {process.returncode}"
            raise ImportProblem(Message("import_office_failed", path=shown, format=name, reason=reason))
        size = result.stat().st_size
        if size > limit:
            raise ImportProblem(Message("import_file_too_large", path=shown, size=megabytes(size), limit=megabytes(limit)))
        return result.read_bytes()


def _kill(process: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
    except ProcessLookupError:
        pass
    process.communicate()

