"""Vietnamese text helpers used by every stage: NFC, folding for matching, capitals, Roman numerals."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

_DASHES = re.compile(r"(?!(?<=\s)\s)\s*[-–—‐‑]\s*")  # never from inside a run of spaces: linear
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(text: str) -> str:
    """Composed Unicode: 'hoà' typed as 'o' + U+0300 + 'a' becomes one code point per letter."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1 << 16)  # the same cells and headings are folded again and again
def fold(text: str) -> str:
    """Lower-case, marks removed, dashes and spaces made uniform: 'Văn phòng – TK' → 'van phong-tk'."""
    # 'Đ' has no decomposition, so unidecode alone would not give 'D' for it in every version
    text = unidecode(nfc(text).replace("Đ", "D").replace("đ", "d")).lower()
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def lower_nfc(text: str) -> str:
    """Lower-case with marks kept and spacing made uniform (for matching that needs the marks)."""
    return _SPACES.sub(" ", nfc(text).lower()).strip()


@lru_cache(maxsize=1 << 16)
def simplify(text: str) -> str:
    """Folded words only: 'Văn bản QPPL (đã rà soát)' → 'van ban qppl da ra soat';
    'Văn phòng – TK,' → 'van phong tk' (marks, case, dashes, commas gone)."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def is_caps(text: str, share: float = 0.9, min_letters: int = 1) -> bool:
    """Whether TEXT is written in capitals ('II. NHIỆM VỤ TRỌNG TÂM'): more than SHARE of its
    letters (all of them when SHARE is 1), and at least MIN_LETTERS letters."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < max(1, min_letters):
        return False
    upper = sum(c.isupper() for c in letters)
    return upper == len(letters) if share >= 1 else upper / len(letters) > share


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(numeral: str) -> int:
    """'IV' → 4, 'XII' → 12: the value of a group or section number ('II. CẢI CÁCH THỂ CHẾ')."""
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        total += -value if i + 1 < len(numeral) and _ROMAN_VALUES[numeral[i + 1]] > value else value
    return total
