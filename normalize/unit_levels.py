"""The level of government and the own name of an owner fragment: 'Công an tỉnh Lâm Đồng' →
province, name 'Công an tỉnh Lâm Đồng'; 'Lãnh đạo Sở Tư pháp' → province, name 'Sở Tư pháp'.

The words are data (corpus/lexicons/unit_levels.csv, the role words of unit_affixes.csv, the
centrally-run cities of provinces.csv); this module only reads a fragment with them. The function
of a unit (its `code`) is decided by normalize/owners.py; the level is independent of it, so that
'Phòng Tư pháp huyện', 'Sở Tư pháp' and 'Bộ Tư pháp' share the code `tu_phap` at three levels.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.lang.vi import fold, load, lower_nfc

_RANK = {"commune": 0, "district": 1, "province": 2, "central": 3}
_WORD = re.compile(r"\w+")
_ASIDE = re.compile(r"\([^()]*\)")
# words a start marker may follow: 'Các sở, ban, ngành', 'Lãnh đạo Sở Tư pháp'
_OPENERS = ("các", "những", "toàn thể")
_EDGE = " \t,;:.-–—"


def _words(text: str) -> list[str]:
    return _WORD.findall(lower_nfc(text))


@lru_cache(maxsize=1)
def _markers() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(words, level, position) longest first, so 'trực thuộc trung ương' wins over 'trung ương'."""
    rows = [(tuple(_words(r["phrase"])), r["level"], r["position"]) for r in load("unit_levels")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@lru_cache(maxsize=1)
def _role_words() -> tuple[tuple[str, ...], ...]:
    rows = [tuple(_words(r["text"])) for r in load("unit_affixes") if r["position"] == "role"]
    return tuple(sorted(rows, key=len, reverse=True))


@lru_cache(maxsize=1)
def _under_words() -> tuple[tuple[str, ...], ...]:
    """'thuộc', 'trực thuộc' (owner_words.csv, under): the body after them is the parent."""
    return tuple(tuple(_words(r["word"])) for r in load("owner_words") if r["role"] == "under")


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    """Folded names of the centrally-run cities: 'thành phố Cần Thơ' is a province, not a district."""
    return frozenset(fold(r["name"]) for r in load("provinces") if r.get("is_city") == "1")


def _opening(words: list[str]) -> list[int]:
    """Indices where a start marker may stand: the first word, or after 'các' and role words; a
    role's last word may open the unit too ('Trưởng Ban Quản lý các khu công nghiệp': 'Trưởng ban')."""
    starts, i = [0], 0
    while i < len(words):
        for role in (*_role_words(), *((w,) for w in _OPENERS)):
            if tuple(words[i:i + len(role)]) == role:
                i += len(role)
                starts += [i - 1, i] if len(role) > 1 else [i]
                break
        else:
            break
    return starts


@lru_cache(maxsize=16384)  # cutting flattened tables asks for the same fragments many times
def unit_level(raw: str) -> str | None:
    """The level a fragment names (see _level); an aside in brackets ('UBND các tỉnh, thành phố
    (chủ trì phần … tại địa phương)') says what the unit does, so it is read only when the rest is silent."""
    outside = _ASIDE.sub(" ", raw)
    return (_level(outside) if outside != raw else None) or _level(raw)


def _level(raw: str) -> str | None:
    """The level a fragment names: the lowest place word in it, else the kind of body it opens
    with (Sở, Bộ, Cục) unless it also names bodies found at every level ('Các sở, ban, ngành, cơ
    quan, đơn vị') or is no government body ('VNPT Lâm Đồng', 'Đại học Bách khoa Hà Nội'), else
    None; bodies of every level named together ('Các bộ, ngành, địa phương') have no level."""
    words = _words(raw)
    used = [False] * len(words)
    places: list[str] = []
    openers: list[str] = []
    every = False  # a word for bodies found at every level: no opener decides, only a place word
    nonstate = False  # an enterprise or a university: only an administrative place word gives a level
    nationals: list[str] = []
    # 'Các cơ quan trực thuộc Bộ Văn hóa …': the parent's kind of body names the level of its own
    starts = set(_opening(words)) | {i + len(u) for u in _under_words() for i in range(len(words))
                                     if tuple(words[i:i + len(u)]) == u}
    for phrase, level, position in _markers():
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if any(used[i:i + size]) or tuple(words[i:i + size]) != phrase:
                continue
            used[i:i + size] = [True] * size
            if position == "mixed":
                return None
            if position == "every":
                every = True
            elif position == "nonstate":
                nonstate = True
            elif position == "national":
                nationals.append(level)
            elif position == "any" and level:
                places.append(level)
            elif position == "start" and level and i in starts:
                openers.append(level)
    city = _city_level(raw)
    if city:
        places.append(city)
    found = places or ([] if nonstate else nationals) or ([] if every or nonstate else openers)
    if not found and not every and not nonstate and _ends_with_province(raw):
        return "province"  # "Báo và Phát thanh, Truyền hình Cần Thơ": a body named after its province
    return min(found, key=_RANK.__getitem__) if found else None


@lru_cache(maxsize=1)
def _provinces() -> tuple[str, ...]:
    return tuple(fold(r["name"]) for r in load("provinces"))


def _ends_with_province(raw: str) -> bool:
    folded = fold(raw).rstrip(" .")
    return any(folded.endswith(" " + name) for name in _provinces())


def _city_level(raw: str) -> str | None:
    """'UBND thành phố Cần Thơ' → province (a centrally-run city); 'thành phố Bảo Lộc' → district."""
    folded = fold(raw)
    at = folded.rfind("thanh pho")
    if at < 0 or folded[:at].rstrip().endswith("dia ban"):
        return None  # "trên địa bàn Thành phố" says where, not whose
    rest = folded[at + len("thanh pho"):].strip()
    if not rest or not raw.rstrip()[-1:].isalpha() or not _names_follow(raw):
        # "Công an thành phố", "Ủy ban MTTQ Việt Nam Thành phố": the city the document is about;
        # since the 2025 reform only the centrally-run cities remain, and they are provinces
        return "province"
    return "province" if any(rest == c or rest.startswith(c + " ") for c in _cities()) else "district"


def _names_follow(raw: str) -> bool:
    """True when a capitalised name follows the last 'thành phố' ('thành phố Bảo Lộc')."""
    at = lower_nfc(raw).rfind("thành phố")
    after = raw[at + len("thành phố"):].split() if at >= 0 else []
    return bool(after) and after[0][:1].isupper()


@lru_cache(maxsize=16384)
def unit_name(raw: str, kind: str) -> str | None:
    """The unit's own name when the fragment gives one: the fragment without a leading role word
    for a role ('Lãnh đạo Sở Tư pháp' → 'Sở Tư pháp'), the fragment itself for a unit; None for a
    group or when what is left does not open with a capital (a common noun names no unit)."""
    if kind == "group":
        return None
    text = " ".join(raw.split()).strip(_EDGE)
    if kind == "role":
        lowered = lower_nfc(text)
        for role in _role_words():
            phrase = " ".join(role)
            if lowered.startswith(phrase + " "):
                text = text[len(phrase) + 1:].strip(_EDGE)
                break
    if not text or not text[0].isupper():
        return None
    return text
