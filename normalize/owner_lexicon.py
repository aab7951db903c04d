"""The words the owner reader works with, loaded once from corpus/lexicons: the canonical form a
unit name is compared in ("VP-TK" → "van phong thong ke"), affixes and role words
(unit_affixes.csv), function words (owner_words.csv) and collective nouns (group_nouns.csv).

normalize/owners.py cuts cells into owners with them; nothing here decides a code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.lang.vi import load, simplify
from vnplan.lang.vi.patterns import phrases

PARENTHESES = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=None)
def abbreviation_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """The folded abbreviations of unit_abbreviations.csv as one pattern, and what each expands to."""
    # '&' is read as "và" in cells and in abbreviations alike ("VH-TT&TT")
    expansions = {simplify(row["abbreviation"].replace("&", " và ")): simplify(row["expansion"])
                  for row in load("unit_abbreviations")}
    # Longest first, so that "vp tk" is expanded as a whole before "tk" alone.
    alternatives = sorted(expansions, key=len, reverse=True)
    pattern = re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\S)")
    return pattern, expansions


@lru_cache(maxsize=1 << 16)
def canonical(text: str) -> str:
    """What a unit name is compared as: folded, parentheses dropped, abbreviations expanded."""
    pattern, expansions = abbreviation_pattern()
    simple = simplify(PARENTHESES.sub(" ", text).replace("&", " và "))
    return pattern.sub(lambda found: expansions[found.group(0)], simple)


@lru_cache(maxsize=None)
def affixes() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Canonical prefixes, suffixes and qualifiers of unit names, longest first (unit_affixes.csv)."""
    rows = load("unit_affixes")

    def of(position: str) -> tuple[str, ...]:
        return tuple(sorted({canonical(r["text"]) for r in rows if r["position"] == position}, key=len, reverse=True))

    return of("prefix"), of("suffix"), of("qualifier")


@lru_cache(maxsize=None)
def role_prefixes() -> tuple[str, ...]:
    """Role words that make the unit after them an owner of kind role ('Lãnh đạo Sở Tư pháp')."""
    return tuple(sorted({canonical(r["text"]) for r in load("unit_affixes") if r["position"] == "role"},
                        key=len, reverse=True))


@lru_cache(maxsize=None)
def owner_words(role: str) -> tuple[str, ...]:
    """Folded words of one role in owner_words.csv: plural ('các'), proper ('Chính phủ'), under ('thuộc')."""
    return tuple(simplify(r["word"]) for r in load("owner_words") if r["role"] == role)


def without_plural(words: str) -> str:
    """Folded words without a leading plural word: 'cac xa' → 'xa'."""
    first, _, rest = words.partition(" ")
    return rest if rest and first in owner_words("plural") else words


def _role_words(role: str) -> list[str]:
    """The words of one role in owner_words.csv, as written."""
    return [r["word"] for r in load("owner_words") if r["role"] == role]


@lru_cache(maxsize=None)
def under_pattern() -> re.Pattern[str]:
    """' trực thuộc ', ' thuộc ' between spaces, as written (owner_words.csv, role under)."""
    return re.compile(rf"\s(?:{phrases(_role_words('under'))})\s", re.IGNORECASE)


@lru_cache(maxsize=None)
def related_pattern() -> re.Pattern[str]:
    """'liên quan' as written (owner_words.csv, role related): a group piece ends with it."""
    return re.compile(rf"(?<!\w)(?:{phrases(_role_words('related'))})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def group_nouns() -> tuple[str, ...]:
    """Folded collective nouns (group_nouns.csv), longest first."""
    return tuple(sorted({simplify(r["noun"]) for r in load("group_nouns")}, key=len, reverse=True))


@lru_cache(maxsize=None)
def not_places() -> tuple[str, ...]:
    """Folded words that hold a place word but are none ('xã hội', 'cơ sở'): unit_levels.csv, exclude."""
    return tuple(simplify(r["phrase"]) for r in load("unit_levels") if r["position"] == "exclude")


@lru_cache(maxsize=None)
def noun_families() -> dict[str, frozenset[str]]:
    """Folded noun → its families; folding merges some nouns ('ban' a board, 'bản' a village)."""
    families: dict[str, set[str]] = {}
    for r in load("group_nouns"):
        families.setdefault(simplify(r["noun"]), set()).add(r.get("family", ""))
    return {noun: frozenset(found) for noun, found in families.items()}


def noun_of(piece: str) -> str | None:
    """The collective noun a piece opens with ('đơn vị có liên quan' → 'don vi'), or None."""
    words = simplify(piece)
    return next((n for n in group_nouns() if words == n or words.startswith(n + " ")), None)


def last_noun_of(words: str) -> str | None:
    """The collective noun folded words end with ('cac so ban nganh' → 'nganh'), or None."""
    return next((n for n in group_nouns() if words == n or words.endswith(" " + n)), None)


@lru_cache(maxsize=None)
def mixed_nouns() -> frozenset[str]:
    """Nouns that put bodies of every kind and level into a group ('địa phương')."""
    return frozenset(simplify(r["noun"]) for r in load("group_nouns") if r.get("mixes") == "1")


@lru_cache(maxsize=None)
def institutions() -> tuple[str, ...]:
    """Canonical openings of institutions named after a field ('vien', 'dai truyen hinh')."""
    return tuple(canonical(r["text"]) for r in load("unit_affixes") if r["position"] == "institution")


def is_role_word(text: str) -> bool:
    """'Lãnh đạo', 'Giám đốc', 'Đại diện': a word for a post that heads whatever unit follows it."""
    return canonical(text) in role_prefixes()


def is_institution(raw: str) -> bool:
    """'Viện Hàn lâm Khoa học và Công nghệ Việt Nam', 'Đài Truyền hình …': an institution named after
    a field, which is not that field's department (unit_affixes.csv, position institution)."""
    name = canonical(raw)
    return any(name == i or name.startswith(i + " ") for i in institutions())


@lru_cache(maxsize=None)
def tails() -> re.Pattern[str]:
    """Words that end who a cell names and begin how ('… theo chức năng, nhiệm vụ được giao')."""
    words = sorted((r["text"] for r in load("unit_affixes") if r["position"] == "tail"), key=len, reverse=True)
    return re.compile(r"(?<![\s,])[\s,]++(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def name_openers() -> tuple[str, ...]:
    """Folded words that open a body's name: table_owner_heads.csv and the institutions."""
    heads = {simplify(r["phrase"]) for r in load("table_owner_heads")}
    return tuple(sorted(heads | set(institutions()), key=len, reverse=True))


@lru_cache(maxsize=None)
def assignment_pattern() -> re.Pattern[str]:
    """'… chủ trì, phối hợp với …' as written (owner_words.csv, roles leads and supports)."""
    return re.compile(rf"(?<!\w)(?:{phrases(_role_words('leads'))})(?!\w)[\s,;]*+"
                      rf"(?P<supports>(?:{phrases(_role_words('supports'))})(?!\w))?", re.IGNORECASE)

