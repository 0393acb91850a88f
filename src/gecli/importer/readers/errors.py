"""The one exception every reader raises for a file it cannot read."""

from __future__ import annotations

from decimal import ROUND_UP, Decimal

from gecli.i18n import Message


class ImportProblem(Exception):
    """The file cannot be imported at all. ``message`` names the file and its ``.hint`` says
    what to do (save it as .docx, install LibreOffice, get the Word file instead of a scan…)."""

    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


def megabytes(size: int) -> Decimal:
    """A size for a message, in MB to one decimal (rounded up: 20.01 MB is not "20,0")."""
    return (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_UP)
