"""The Vietnamese syllable inventory, skeletons (syllables without marks) and line tokenization."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from unidecode import unidecode

from .unicode import nfc, tone_style

# Punctuation that sits on either side of a syllable without being part of it
# (markdown emphasis and headings, '**KẾ HOẠCH**', '_Ghi chú_', '# Mục tiêu', are punctuation too)
LEADING = "([{\"'“‘«-–—•*+…_#"
TRAILING = ".,;:!?)]}\"'”’»…-–/*_#"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
_HAS_DIGIT = re.compile(r"\d")
# codes such as 15/KH-UBND, 3470/QĐ-UBND, 45-NQ/TW, 27/8/2025: separators with digits or capitals
# (a run's start only: a match inside a run would also match from its start, so no work is lost; the
# separator the group requires makes a look-ahead for one needless)
_CODE = re.compile(r"(?<![0-9A-Za-zĐđ])[0-9A-Za-zĐđ]+(?:[/\-][0-9A-Za-zĐđ]*)+")
_VIETNAMESE_MARKED = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


@lru_cache(maxsize=None)
def inventory() -> frozenset[str]:
    """Every Vietnamese syllable, lower case, old tone style (corpus/lexicons/syllables.csv)."""
    path = resources.files("vnplan.corpus").joinpath("lexicons", "syllables.csv")
    with path.open(encoding="utf-8") as f:
        return frozenset(row["syllable"] for row in csv.DictReader(f))


@lru_cache(maxsize=None)
def name_list() -> tuple[str, ...]:
    """Place and person names that clean plans may lack (corpus/lexicons/repair_names.csv)."""
    path = resources.files("vnplan.corpus").joinpath("lexicons", "repair_names.csv")
    with path.open(encoding="utf-8") as f:
        return tuple(nfc(row["name"]) for row in csv.DictReader(f))


@lru_cache(maxsize=None)
def proper_names() -> tuple[tuple[str, str], ...]:
    """(name, kind): Vietnamese place names (every province, district, commune/ward) and person names
    (surname, middle name, given name) from corpus/lexicons/proper_names.csv, written by
    corpus/lm/build_names.py: the decoder's prior for capitalised tokens; not LM text."""
    path = resources.files("vnplan.corpus").joinpath("lexicons", "proper_names.csv")
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8") as f:
        return tuple((nfc(row["name"]), row["kind"]) for row in csv.DictReader(f))


@lru_cache(maxsize=200000)
def skeleton(syllable: str) -> str:
    """A syllable without any mark, lower case: 'Đường' → 'duong'."""
    return unidecode(syllable).lower()


def has_marks(text: str) -> bool:
    return bool(_VIETNAMESE_MARKED.search(text.lower()))


@lru_cache(maxsize=200000)
def match_form(word: str) -> str:
    """The form used for matching and the language model: NFC, lower case, old tone style."""
    return tone_style(nfc(word).lower())


@dataclass(frozen=True)
class Token:
    """One whitespace-separated piece of a line: punctuation around a core that may be a syllable."""

    prefix: str
    core: str
    suffix: str
    kind: str  # 'word' (letters, maybe damaged), 'number', 'code', 'punct'

    @property
    def text(self) -> str:
        return self.prefix + self.core + self.suffix


def classify(core: str) -> str:
    if not core:
        return "punct"
    if _NUMBER.fullmatch(core):
        return "number"
    if _CODE.fullmatch(core) and (_HAS_DIGIT.search(core) or sum(c.isupper() for c in core) >= 2):
        return "code"
    if any(c.isalpha() for c in core) or _HAS_DIGIT.search(core):
        return "word"
    return "punct"


@lru_cache(maxsize=200000)
def split_token(piece: str) -> Token:
    """'(Điều' → Token('(', 'Điều', '', 'word'); a Token is immutable, so one per distinct piece."""
    start, end = 0, len(piece)
    while start < end and piece[start] in LEADING:
        start += 1
    while end > start and piece[end - 1] in TRAILING:
        end -= 1
    core = piece[start:end]
    return Token(piece[:start], core, piece[end:], classify(core))


def tokenize(line: str) -> list[Token]:
    return [split_token(piece) for piece in line.split()]
