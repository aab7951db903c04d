"""The words of the flattened-table reader, from the lexicons: header phrases, the cue words of
owner, deadline and note cells, cell openers, owner heads; and how a cell's text is split into words."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from vnplan.lang.vi import fold, is_caps, load, lower_nfc
from vnplan.extract.tables import cell_words, owner_heads


ROLE_KIND = {
    "row_no": "number", "objective": "text", "task": "text", "activity": "text", "output": "text",
    "lead": "owner", "support": "owner", "deadline": "deadline", "note": "note",
}

_BULLETS = ("-", "+", "•")
_CONNECTORS = ("-", "–", "&", ",", "và", "của", "/")

_DATE_OR_NUMBER = re.compile(r"^\d+(?:[/.\-–]\d+)*[/.\-–]?$")
_WORD_PUNCT = ".,;:()[]\"'“”…!?"

# --- the lexicon -------------------------------------------------------------------------------


FLAT_ROLES = frozenset({"row_no", "objective", "task", "activity", "output", "lead", "support", "deadline", "note"})


@lru_cache(maxsize=None)
def _header_phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    # grid-only roles (indicator tables, spanning parents) are not columns of a flattened task table
    rows = [r for r in load("table_headers") if r["role"] in FLAT_ROLES]
    phrases = {(tuple(_header_tokens(r["phrase"])), r["role"]) for r in rows}
    return tuple(sorted(phrases, key=lambda p: -len(p[0])))


@lru_cache(maxsize=None)
def _role_priority() -> dict[str, int]:
    """How strongly a header word names its role (table_headers.csv 'priority'; the grid parser's too)."""
    out: dict[str, int] = {}
    for r in load("table_headers"):
        if r["role"] in FLAT_ROLES and (r.get("priority") or "").strip().isdigit():
            out[r["role"]] = max(out.get(r["role"], 0), int(r["priority"]))
    return out


@lru_cache(maxsize=None)
def _cue_words(kind: str) -> frozenset[str]:
    words = {w for phrase in cell_words(kind) for w in _words(phrase)}
    if kind == "owner":  # the words of the units' names ("Văn hóa - Thông tin") are an owner's too
        words |= {w for r in load("units") if r.get("name")
                  for w in _words(r["name"].replace("*", " ")) if any(c.isalpha() for c in w)}
    return frozenset(words)


@lru_cache(maxsize=None)
def _openers() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words, 'product' | 'action') from corpus/lexicons/cell_openers.csv, longest first."""
    rows = [(tuple(_words(r["phrase"])), r["kind"]) for r in load("cell_openers")]
    return tuple(sorted(rows, key=lambda p: -len(p[0])))


@lru_cache(maxsize=65536)
def _opener(text: str) -> str | None:
    """'product' or 'action' when a capitalized cell or item opens with one ("- Kế hoạch", "Thẩm định")."""
    stripped = text.lstrip()
    if stripped[:1] in _BULLETS:
        stripped = stripped[1:].lstrip()
    if not stripped[:1].isupper():
        return None
    words = tuple(_words(" ".join(stripped.split()[:4])))
    for phrase, kind in _openers():
        if words[:len(phrase)] == phrase:
            return kind
    return None


def _is_item_start(text: str) -> bool:
    """'- Kế hoạch', '+ Báo cáo': an item of a list inside a cell."""
    stripped = text.lstrip()
    return stripped[:1] in _BULLETS and stripped[1:2].isspace()


def _first_word(text: str) -> str:
    """The first word of a text ('' when it opens with a bullet or a dash: those join nothing)."""
    words = _words(text)
    return words[0] if words and any(c.isalnum() for c in words[0]) else ""


def _last_word(text: str) -> str:
    words = _words(text)
    return words[-1] if words and any(c.isalnum() for c in words[-1]) else ""


def word_pairs(texts) -> Counter:
    """How often each pair of words stands side by side on one line of `texts` (dashes, bullets
    and other marks between two words part them)."""
    pairs: Counter = Counter()
    for text in texts:
        words = _words(text)
        pairs.update((a, b) for a, b in zip(words, words[1:])
                     if any(c.isalnum() for c in a) and any(c.isalnum() for c in b))
    return pairs


@lru_cache(maxsize=None)
def _unit_name_pairs() -> Counter:
    return word_pairs(r["name"].replace("*", " ") for r in load("units") if r.get("name"))


def _header_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s/,;:()]+", fold(text)) if t]


def _words(text: str) -> list[str]:
    """Lower-cased words with edge punctuation removed; '&' and codes like 'vp-tk' kept."""
    out = []
    for token in lower_nfc(text).split():
        word = token.strip(_WORD_PUNCT)
        if word:
            out.append(word)
    return out


@lru_cache(maxsize=None)
def _owner_heads() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_words(phrase)) for phrase in owner_heads())


@lru_cache(maxsize=65536)
def _has_owner_head(text: str) -> bool:
    words = tuple(_words(" ".join(text.split()[:3])))
    return any(words[:len(head)] == head for head in _owner_heads())


@lru_cache(maxsize=65536)
def _is_lone_head(text: str) -> bool:
    """'Công chức', 'Bộ phận' alone on a line: the unit's name follows, capitalized or not.
    ('UBND' and 'Các' open or close names; they are not read so.)"""
    words = tuple(_words(text))
    return _case_of(text) == "title" and words != ("các",) and any(words == head for head in _owner_heads())


@lru_cache(maxsize=65536)
def _is_broken_head(text: str) -> bool:
    """'Công' alone on a line: the head 'Công chức' broke over two lines, so the cell goes on."""
    words = tuple(_words(text))
    return len(words) == 1 and any(len(head) > 1 and words == head[:1] for head in _owner_heads())


def _case_of(text: str) -> str:
    """'title' (Các, Văn), 'acronym' (UBND, HĐND), 'lower', or 'other' ('- Soạn', '100%')."""
    first = text.split()[0] if text.split() else ""
    if not first or not first[0].isalpha():
        return "other"
    if first[0].islower():
        return "lower"
    letters = [c for c in first if c.isalpha()]
    return "acronym" if len(letters) > 1 and all(c.isupper() for c in letters) else "title"


def _ends_dangling(text: str) -> bool:
    last = text.split()[-1] if text.split() else ""
    return last.lower() in ("-", "–", "&", "và", "của") or last.endswith(("-", "–"))


def _is_upper(text: str) -> bool:
    """Every letter a capital ('CẢI CÁCH THỂ CHẾ'), and at least one letter."""
    return is_caps(text, share=1)
