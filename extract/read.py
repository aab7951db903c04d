"""Read any plan file into a Document, choosing the reader by the file's bytes, not its name."""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from pathlib import Path

from vnplan.errors import ReadError

from . import limits
from .document import Document

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
MAX_TEXT_BYTES = 20 << 20  # the longest plan export seen is under 1 MB



def sniff_format(data: bytes) -> str | None:
    """'pdf', 'docx', 'image', 'office-binary', 'rtf', 'txt', or None for bytes no reader understands."""
    head = data[:1024]
    if b"%PDF-" in head:  # some producers put junk before the header; readers accept 1 KB of it
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"  # checked for word/document.xml by the DOCX reader
    if data.startswith(IMAGE_MAGIC):
        return "image"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "office-binary"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if _decode_text(data) is not None:
        return "txt"
    return None


def _decode_text(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return data.decode("utf-32")
        except UnicodeDecodeError:
            return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old Windows exports use code page 1258 (tones as combining marks); NFC composes them.
        try:
            text = unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError:
            return None
    # Control characters other than tab/newline/form feed mean a binary file, not a plan export.
    bad = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return None if bad else text


def _read_txt(path: Path, data: bytes, sha256: str) -> Document:
    text = _decode_text(data)
    if text is None:
        raise ReadError(f"{path}: the file is neither UTF-8 nor UTF-16 text; save it as UTF-8 and import it again.",
                        path=str(path))
    text = limits.without_control(text.lstrip("\ufeff"))
    if text.lstrip()[:1] in ("{", "["):
        import json

        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            raise ReadError(f"{path}: this is a JSON data file, not a plan; import the plan document itself.",
                            path=str(path))
    from .html import document_from_html, is_html
    from .markdown import document_from_pipe_export, is_pipe_export

    if is_html(text):  # a page saved from a browser, or an office suite's HTML
        return document_from_html(text, path=str(path), sha256=sha256)
    if is_pipe_export(text):  # web-page export: tables as blocks between lines holding only '|'
        return document_from_pipe_export(text, path=str(path), sha256=sha256)
    from .text import document_from_text  # tab-separated runs become table grids there

    return document_from_text(text, path=str(path), sha256=sha256)


def read_document(path: str | Path, *, max_pages: int = 300, ocr_page_timeout: float = 180) -> Document:
    """Read a PDF (text or scanned), DOCX, image or text file into a Document; a Word 97-2003 .doc,
    RTF or ODT file through LibreOffice (extract/convert.py).

    Raises ReadError for empty, unknown, corrupt or encrypted files and for more than `max_pages`.
    """
    path = Path(path)
    size = limits.check_file(path)  # a FIFO, a device or a file over the size limit stops here
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)  # the whole file, unless it is too large for text
            digest = hashlib.sha256(data)
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ReadError(f"{path}: the file cannot be opened ({exc.strerror}); check the path and permissions.",
                        path=str(path)) from exc
    if not data.strip():
        raise ReadError(f"{path}: the file is empty; export the plan again.", path=str(path))
    sha256 = digest.hexdigest()
    kind = sniff_format(data if size <= MAX_TEXT_BYTES else data[:4096])
    if size > MAX_TEXT_BYTES and kind not in ("pdf", "docx", "image", "office-binary"):
        raise ReadError(f"{path}: the file is too large for a plan export ({size >> 20} MB) and is not a PDF, "
                        "DOCX or image; check that it is the right file.", path=str(path))
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(path, sha256, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout)
    if kind == "docx":
        try:
            with zipfile.ZipFile(path) as archive:
                members = archive.infolist()
        except zipfile.BadZipFile as exc:
            raise ReadError(f"{path}: the DOCX is damaged (not a valid zip archive); save it again from Word.",
                            path=str(path)) from exc
        names = {m.filename for m in members}
        if "word/document.xml" not in names and "content.xml" in names and b"opendocument.text" in data[:200]:
            from .convert import read_via_libreoffice

            return read_via_libreoffice(path, sha256, "ODT")
        if "word/document.xml" not in names:
            if "xl/workbook.xml" in names:
                raise ReadError(f"{path}: this is an Excel spreadsheet, not a Word document; save the plan as "
                                "DOCX or PDF and import it again.", path=str(path))
            raise ReadError(f"{path}: a zip archive without word/document.xml is not a Word document; "
                            "import the plan as DOCX, PDF or text.", path=str(path))
        limits.check_docx(path, members)
        from .docx import read_docx

        return read_docx(path, sha256)
    if kind == "image":
        from .ocr import read_image

        return read_image(path, sha256, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout)
    if kind == "office-binary":
        # An OLE container: either a password-protected OOXML file or a Word 97-2003 .doc.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ReadError(f"{path}: the document is protected with a password; remove the password in Word "
                            "and import it again.", path=str(path))
        if "WordDocument".encode("utf-16-le") not in data[:1 << 16] and "WordDocument".encode("utf-16-le") not in data:
            raise ReadError(f"{path}: this is an Office binary file other than a Word document (Excel or PowerPoint "
                            "97-2003); save the plan as DOCX or PDF and import it again.", path=str(path))
        from .convert import read_via_libreoffice

        return read_via_libreoffice(path, sha256, "Word 97-2003 .doc")
    if kind == "rtf":
        from .convert import read_via_libreoffice

        return read_via_libreoffice(path, sha256, "RTF")
    if kind == "txt":
        if len(data) > MAX_TEXT_BYTES:
            raise ReadError(f"{path}: the text file is too large for a plan export ({len(data) >> 20} MB); "
                            "check that it is the right file.", path=str(path))
        return _read_txt(path, data, sha256)
    raise ReadError(f"{path}: unknown file type (not PDF, DOCX, PNG/JPEG/TIFF or UTF-8 text); "
                    "convert the plan to one of these.", path=str(path))
