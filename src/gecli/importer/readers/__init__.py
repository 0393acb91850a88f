"""Readers for `gecli import`: any published plan file into one :class:`SourceDocument`.

:func:`read` chooses the reader by what the file is, not by its name — many Vietnamese
".doc" files are RTF or HTML, and a ".txt" may be a PDF. The first bytes decide:

- ``PK`` (a zip): .docx (``word/document.xml``), or .odt (its ``mimetype``) through LibreOffice;
- ``%PDF-``: PDF, read with pypdfium2;
- ``D0 CF 11 E0`` (OLE2): Word 97–2003 .doc through LibreOffice (a password-protected .docx
  is OLE2 too, and is refused as such);
- ``{\\rtf``: RTF, ``<html``: Word's web page — both through LibreOffice;
- anything else: UTF-8 text (a BOM is fine; UTF-16 with its BOM too); NUL bytes or an image's
  or archive's signature: refused.

Before anything is parsed the file must be a regular file (not a folder, FIFO or device)
within the size limit of its kind (checked with fstat, before reading). A zip's directory is
checked — member count, the sum of declared sizes, the largest XML part — before any member
is opened (Python's zipfile never inflates a member past its declared size). A PDF's page
count is checked before its pages are read. Anything that cannot be read raises
:class:`ImportProblem`, whose message names the file and whose hint says what to do.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from gecli.i18n import Message
from gecli.importer.blocks import SourceDocument
from gecli.importer.readers.errors import ImportProblem, megabytes

__all__ = ["ImportProblem", "read", "read_bytes", "sniff"]

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # .docx, .pdf, .doc, .odt, .rtf, .html
MAX_TEXT_BYTES = 5 * 1024 * 1024  # .txt
MAX_ZIP_MEMBERS = 1_000  # a plan's .docx has 10–60 parts
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # declared sizes, all members together
MAX_XML_MEMBER_BYTES = 32 * 1024 * 1024  # one XML part, parsed whole (a plan's document.xml: < 5 MB)
MAX_PDF_PAGES = 300
SNIFF_BYTES = 8192

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIPS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ODT_TYPES = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template")
# Files that are surely not text: images, archives, executables.
_BINARY = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"MZ", b"\x7fELF", b"II*\x00", b"MM\x00*")
_WHITESPACE = b" \t\r\n\x0c"
# A password-protected .docx is an OLE2 file holding this stream.
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


def sniff(head: bytes) -> str:
    """What the first bytes say the file is: "zip", "pdf", "doc", "rtf", "html", "binary" or "text"."""
    if head.startswith(_ZIPS):
        return "zip"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE2):
        return "doc"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with its BOM
    start = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    start = start.lstrip(_WHITESPACE)
    if start.startswith(b"{\\rtf"):
        return "rtf"
    lowered = start[:256].lower()
    if lowered.startswith((b"<html", b"<!doctype html")) or (lowered.startswith(b"<?xml") and b"<html" in lowered):
        return "html"
    if head.startswith(_BINARY) or b"\x00" in head:
        return "binary"
    return "text"


def limit_for(kind: str) -> int:
    return MAX_TEXT_BYTES if kind == "text" else MAX_DOCUMENT_BYTES


def read(path: Path, shown: str) -> SourceDocument:
    """Read a published plan (``shown`` is how messages name it). Raises :class:`ImportProblem`."""
    kind, raw = _read_file(Path(path), shown)
    return _dispatch(kind, raw, shown)


def read_checked_docx(path: Path, shown: str) -> bytes:
    """The bytes of a .docx that passed the size and zip checks (for `gecli annotate`,
    which edits the file rather than reading it into blocks)."""
    kind, raw = _read_file(path, shown)
    if kind != "zip" or inspect_zip(raw, shown) != "docx":
        raise ImportProblem(Message("annotate_docx_only", path=shown))
    return raw


def read_bytes(raw: bytes, shown: str) -> SourceDocument:
    """Read a plan already in memory (a download), with the same checks as :func:`read`."""
    if not raw:
        raise ImportProblem(Message("import_file_empty", path=shown))
    kind = sniff(raw[:SNIFF_BYTES])
    _check_size(len(raw), kind, shown)
    return _dispatch(kind, raw, shown)


def _check_size(size: int, kind: str, shown: str) -> None:
    limit = limit_for(kind)
    if size > limit:
        raise ImportProblem(Message("import_file_too_large", path=shown, size=megabytes(size), limit=megabytes(limit)))


def _read_file(path: Path, shown: str) -> tuple[str, bytes]:
    """(kind, bytes) of a regular file within its kind's size limit; nothing else is read.
    As ``gecli.source.read_limited``: O_NONBLOCK so that a FIFO does not wait for a writer,
    then fstat refuses it; the limit is checked before reading and again after."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ImportProblem(Message("import_file_missing", path=shown)) from None
    except IsADirectoryError:
        raise ImportProblem(Message("import_file_is_directory", path=shown)) from None
    except OSError as error:
        raise ImportProblem(Message("import_file_unreadable", path=shown, reason=error.strerror or str(error))) from None
    status = os.fstat(handle)
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_DOCUMENT_BYTES:
        os.close(handle)
        if status.st_size > MAX_DOCUMENT_BYTES and stat.S_ISREG(status.st_mode):  # too large for any kind
            _check_size(status.st_size, "document", shown)
        key = "import_file_is_directory" if stat.S_ISDIR(status.st_mode) else "import_file_not_regular"
        raise ImportProblem(Message(key, path=shown))
    with os.fdopen(handle, "rb") as stream:
        if status.st_size == 0:
            raise ImportProblem(Message("import_file_empty", path=shown))
        try:
            head = stream.read(SNIFF_BYTES)
            kind = sniff(head)
            _check_size(status.st_size, kind, shown)
            rest = stream.read(limit_for(kind) + 1 - len(head))  # the file may have grown since fstat
        except OSError as error:
            raise ImportProblem(Message("import_file_unreadable", path=shown, reason=error.strerror or str(error))) from None
    raw = head + rest
    if not raw:
        raise ImportProblem(Message("import_file_empty", path=shown))
    _check_size(len(raw), kind, shown)
    return kind, raw


def _dispatch(kind: str, raw: bytes, shown: str) -> SourceDocument:
    if kind == "zip":
        kind = inspect_zip(raw, shown)
    if kind == "docx":
        from gecli.importer.readers.docx import read_docx

        return read_docx(raw, shown)
    if kind == "pdf":
        from gecli.importer.readers.pdf import read_pdf

        return read_pdf(raw, shown, MAX_PDF_PAGES)
    if kind == "doc" and _ENCRYPTED_OOXML in raw:
        raise ImportProblem(Message("import_file_encrypted", path=shown))
    if kind in ("doc", "odt", "rtf", "html"):
        from gecli.importer.readers.docx import read_docx
        from gecli.importer.readers.office import to_docx

        converted = to_docx(raw, kind, shown, MAX_DOCUMENT_BYTES)
        if inspect_zip(converted, shown) != "docx":  # pragma: no cover - LibreOffice wrote something else
            raise ImportProblem(Message("import_office_failed", path=shown, format=kind, reason="no .docx written"))
        return read_docx(converted, shown)
    if kind == "binary":
        raise ImportProblem(Message("import_file_unknown_format", path=shown))
    from gecli.importer.readers.text import read_text

    return read_text(raw, shown)


def inspect_zip(raw: bytes, shown: str) -> str:
    """"docx" or "odt", from the zip's directory alone, or :class:`ImportProblem`: a damaged
    zip, a zip bomb (too many members, or more declared bytes than a plan can have), or a
    zip that is not a text document (.xlsx, .pptx, a plain archive)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportProblem(Message("import_zip_broken", path=shown, reason=str(error) or type(error).__name__)) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ImportProblem(Message("import_zip_too_many_members", path=shown, members=len(members), limit=MAX_ZIP_MEMBERS))
        declared = sum(member.file_size for member in members)
        if declared > MAX_UNZIPPED_BYTES:
            raise ImportProblem(Message("import_zip_too_large", path=shown, size=megabytes(declared), limit=megabytes(MAX_UNZIPPED_BYTES)))
        xml = max((m.file_size for m in members if m.filename.endswith((".xml", ".rels"))), default=0)
        if xml > MAX_XML_MEMBER_BYTES:
            raise ImportProblem(Message("import_zip_too_large", path=shown, size=megabytes(xml), limit=megabytes(MAX_XML_MEMBER_BYTES)))
        names = {member.filename for member in members}
        if "word/document.xml" in names or ("[Content_Types].xml" in names and any(n.startswith("word/") for n in names)):
            return "docx"
        if "mimetype" in names:
            try:
                mimetype = archive.read("mimetype").strip()  # its declared size is already bounded
            except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError) as error:
                raise ImportProblem(Message("import_zip_broken", path=shown, reason=str(error) or type(error).__name__)) from None
            if mimetype in _ODT_TYPES:
                return "odt"
        what = "xlsx" if "xl/workbook.xml" in names else "pptx" if "ppt/presentation.xml" in names else "zip"
        raise ImportProblem(Message("import_zip_not_document", path=shown, what=what))
