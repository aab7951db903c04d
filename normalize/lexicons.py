"""Loads the data files of corpus/lexicons/ (CSV with a header row and a `comment` column), once."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from unidecode import unidecode

_DASHES = re.compile(r"(?!(?<=\s)\s)\s*[-–—‐‑]\s*")  # never from inside a run of spaces: linear
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=None)
def load(name: str) -> tuple[dict[str, str], ...]:
    """Rows of corpus/lexicons/NAME.csv as dicts; lines starting with '#' are comments."""
    text = resources.files("vnplan.corpus").joinpath("lexicons", f"{name}.csv").read_text("utf-8")
    lines = [ln for ln in io.StringIO(text) if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1 << 16)  # the same cells and headings are folded again and again
def fold(text: str) -> str:
    """Lower-case, marks removed, dashes and spaces made uniform: 'Văn phòng – TK' → 'van phong-tk'."""
    text = unidecode(nfc(text).replace("Đ", "D").replace("đ", "d")).lower()
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def lower_nfc(text: str) -> str:
    """Lower-case with marks kept and spacing made uniform (for matching that needs the marks)."""
    return _SPACES.sub(" ", nfc(text).lower()).strip()
