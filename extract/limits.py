"""Bounds checked before the work starts, so that no file can make a reader run away with memory or time.

Each reader calls one of these in one line; each raises ReadError with a sentence naming the file, or
returns a bounded value. The bounds are far above any real plan (a 300-page A4 scan at 300 dpi, a
DOCX of a few MB) and far below what would exhaust a worker.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from vnplan.errors import ReadError

MAX_FILE_BYTES = 1 << 30  # a 300-page colour scan at 300 dpi is a few hundred MB
MAX_PIXELS = 40_000_000  # an A4 page at 600 dpi is 35 million; one at 300 dpi about 9 million
MAX_DOCX_BYTES = 200 << 20  # every part of a DOCX once unpacked, whatever its name (media too)
MAX_NESTING = 8  # tables inside table cells: Word plans nest one or two deep


def check_file(path: Path) -> int:
    """The size of a regular file that may be read; a FIFO, a device or a huge file raises."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ReadError(f"{path}: the file cannot be opened ({exc.strerror or exc}); check the path and its "
                        "permissions.", path=str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise ReadError(f"{path}: this is {kind}, not a file; vnplan reads only regular files, so it was "
                        "skipped.", path=str(path))
    if info.st_size > MAX_FILE_BYTES:
        raise ReadError(f"{path}: the file is too large for a plan ({info.st_size >> 20} MB, the limit is "
                        f"{MAX_FILE_BYTES >> 20} MB); check that it is the right file.", path=str(path))
    return info.st_size


def render_scale(width_pt: float, height_pt: float, dpi: float) -> float:
    """The render scale (pixels per point) for a page of that size at DPI, lowered so that the
    image stays under MAX_PIXELS: a 3000 × 3000 pt page is rendered smaller, not at 5 GB."""
    scale = dpi / 72
    area = max(1.0, float(width_pt) * float(height_pt))
    if area * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / area) ** 0.5
    return scale


def check_image(path: Path, image) -> None:
    """Every frame of an opened (not yet decoded) PIL image within MAX_PIXELS."""
    for frame in range(min(getattr(image, "n_frames", 1), 10_000)):
        if frame:
            image.seek(frame)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise ReadError(f"{path}: the image has too many pixels for a scanned page ({width} × {height}; "
                            "a page at 300 dpi has about 9 million); scan it again at 300 dpi.", path=str(path))
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)


def check_docx(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """The DOCX unpacked, every part counted whatever its name, within MAX_DOCX_BYTES."""
    inflated = sum(m.file_size for m in members)
    if inflated > MAX_DOCX_BYTES:
        raise ReadError(f"{path}: the DOCX is too large once unpacked ({inflated >> 20} MB); check the file, "
                        "a plan is far smaller.", path=str(path))


_CONTROL = __import__("re").compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def without_control(text: str) -> str:
    """Text with control characters removed (tab, newline, carriage return and form feed, a page break
    in text exports, are kept): a text file is judged on its first 4 KB, the rest must not carry
    control characters into the dataset."""
    return _CONTROL.sub("", text)
