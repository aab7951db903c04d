"""Legacy and open office formats (.doc, .rtf, .odt) → DOCX through LibreOffice headless.

Each conversion runs in its own temporary folder with its own LibreOffice profile, so parallel
workers never share (and lock) one profile, and is stopped after a timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from vnplan.errors import ReadError

from .document import Document

SOFFICE_NAMES = ("soffice", "libreoffice")
CONVERT_TIMEOUT = 120.0  # seconds; a 50-page .doc converts in a few seconds


def _soffice() -> str | None:
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def read_via_libreoffice(path: Path, sha256: str, kind: str, *, timeout: float = CONVERT_TIMEOUT) -> Document:
    """Convert PATH (a KIND file: 'Word 97-2003 .doc', 'RTF', 'ODT') to DOCX and read that."""
    soffice = _soffice()
    if soffice is None:
        raise ReadError(f"{path}: a {kind} file is read through LibreOffice, which is not installed; install the "
                        "Debian package libreoffice-writer-nogui (make setup does) or save the file as DOCX.",
                        path=str(path))
    with tempfile.TemporaryDirectory(prefix="vnplan-convert-") as tmp:
        work = Path(tmp)
        source = work / f"source{path.suffix.lower() or '.bin'}"
        shutil.copyfile(path, source)  # a plain name: LibreOffice trips over some characters in paths
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(f"{path}: LibreOffice did not convert the {kind} file within {timeout:.0f} s; open it in "
                            "Word or LibreOffice and save it as DOCX.", path=str(path)) from exc
        converted = work / "out" / "source.docx"
        if not converted.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ReadError(f"{path}: LibreOffice could not convert the {kind} file ({detail[0]}); open it in Word "
                            "and save it as DOCX.", path=str(path))
        from .docx import read_docx

        doc = read_docx(converted, sha256)
    doc.path = str(path)
    doc.warnings.append(f"read through LibreOffice from a {kind} file")
    return doc
