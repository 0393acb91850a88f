"""PDF through LibreOffice, when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from gecli.i18n import Message

TIMEOUT = 300  # seconds; a first start of LibreOffice is slow


class PdfProblem(Exception):
    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path) -> bytes:
    program = libreoffice()
    if program is None:
        raise PdfProblem(Message("pdf_missing", docx=docx))
    with tempfile.TemporaryDirectory(prefix="gecli-pdf-") as work:
        # A profile of its own, so a LibreOffice the user has open does not block the conversion.
        profile = Path(work, "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", work, str(docx)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PdfProblem(Message("pdf_failed", docx=docx, detail=f"> {TIMEOUT} s")) from None
        produced = Path(work, docx.with_suffix(".pdf").name)
        if done.returncode != 0 or not produced.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise PdfProblem(Message("pdf_failed", docx=docx, detail=detail[0]))
        return produced.read_bytes()
