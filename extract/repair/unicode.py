"""Unicode clean-up: NFC, one tone-placement style, and TCVN3/VNI/VIQR legacy text to Unicode."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from vnplan.lang.vi.text import nfc

# The five tone marks as combining characters; the shape marks (circumflex, breve, horn) are not tones.
TONE_MARKS = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook", "\u0323": "dot"}
SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}
VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


@lru_cache(maxsize=65536)
def split_tone(syllable: str) -> tuple[str, str]:
    """('hoà' → ('hoa', '\\u0300')): the syllable without its tone mark, and the mark ('' if none)."""
    tone = ""
    kept = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONE_MARKS:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(toneless: str) -> int | None:
    """Index of the vowel that carries the tone in the old (traditional) style: hòa, thủy, khỏe."""
    lower = toneless.lower()
    start = 0
    # 'qu' and 'gi' (before another vowel) are initials: quý marks y, già marks a
    if lower.startswith("qu") and len(lower) > 2:
        start = 2
    elif lower.startswith("gi") and len(lower) > 2 and lower[2] in VOWELS:
        start = 2
    vowel_idx = [i for i in range(start, len(lower)) if lower[i] in VOWELS]
    if not vowel_idx:
        vowel_idx = [i for i in range(len(lower)) if lower[i] in VOWELS]
        if not vowel_idx:
            return None
    # a vowel with a shape mark takes the tone; in ươ it is ơ (the last one)
    shaped = [i for i in vowel_idx if lower[i] in "ăâêôơư"]
    if shaped:
        return shaped[-1]
    has_final = vowel_idx[-1] < len(lower) - 1
    if len(vowel_idx) == 1:
        return vowel_idx[0]
    if has_final:
        return vowel_idx[-1]  # hoàng, toán, tuyết
    if len(vowel_idx) == 2:
        return vowel_idx[0]  # hòa, thủy, mùa, tài
    return vowel_idx[1]  # ngoài, khuỷu: the middle vowel


@lru_cache(maxsize=65536)
def tone_style(syllable: str) -> str:
    """One tone placement for matching: 'hoà' → 'hòa', 'thuỷ' → 'thủy', 'Hoá' → 'Hóa'."""
    toneless, tone = split_tone(syllable)
    if not tone:
        return nfc(syllable)
    pos = _tone_position(toneless)
    if pos is None:
        return nfc(syllable)
    return nfc(toneless[: pos + 1] + tone + toneless[pos + 1 :])


_WORD = re.compile(r"[^\W\d_]+")


def normalize_tones(text: str) -> str:
    """NFC and the old tone style on every word of a text: 'Cộng hoà, uỷ ban' → 'Cộng hòa, ủy ban'."""
    return _WORD.sub(lambda m: tone_style(m.group(0)), nfc(text))


@lru_cache(maxsize=None)
def _legacy_table(name: str) -> tuple[dict[str, str], int]:
    table: dict[str, str] = {}
    path = resources.files("vnplan.corpus").joinpath("lexicons", f"legacy_{name}.csv")
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            table[row["legacy"]] = row["unicode"]
    return table, max(len(k) for k in table)


def _convert(text: str, name: str) -> str:
    table, longest = _legacy_table(name)
    out = []
    i = 0
    while i < len(text):
        for width in range(longest, 0, -1):
            piece = text[i : i + width]
            if piece in table:
                out.append(table[piece])
                i += width
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


# Characters that a Unicode Vietnamese text almost never has but TCVN3 text is full of (µ = à, · = ã …)
_TCVN3_SIGNS = set("µ¸¶·¹¨©ª«¬®»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüþ")
_TCVN3_STRONG = set("µ¸¶·¹¨©ª«¬®»¼½¾Æ×ÞßÐÑ÷þ")
_TCVN3_STRONG_RE = re.compile("[" + re.escape("".join(sorted(_TCVN3_STRONG))) + "]")
_VIETNAMESE_ONLY = re.compile("[\u1ea0-\u1ef9ăđơưĂĐƠƯ]")
# VNI writes a base vowel then a mark character: "aø" = à, "eä" = ệ, "oâ" = ô
# (é, è, á, à alone are left out: damaged OCR and French-style text are full of them)
_VNI_PAIR = re.compile(r"[aeiouyAEIOUY][øùûõïäåëüØÙÛÕÏÄÅËÜ]|[aeoAEO][âÂ]|[aA][êÊ]|[ôöÔÖ][øùûõïØÙÛÕÏ]|\Bñ")
# VIQR: a vowel followed by ^ ( + and/or a tone character, or 'dd'
_VIQR_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]*[aeiouyAEIOUY](?:[\^(+][`'?~.]?|[`'?~])[A-Za-z]*|\b[Dd][Dd][aeiouyAEIOUY]")


def detect_encoding(text: str) -> str:
    """'unicode', 'tcvn3', 'vni' or 'viqr': which legacy Vietnamese encoding a text is written in."""
    letters = sum(map(str.isalpha, text))
    if not letters:
        return "unicode"
    if _VIETNAMESE_ONLY.search(text):
        return "unicode"  # Vietnamese-only code points are never produced by the legacy fonts
    strong = len(_TCVN3_STRONG_RE.findall(text))
    if strong >= 2 and strong >= 0.02 * letters:
        return "tcvn3"
    words = text.split()
    vni = sum(bool(_VNI_PAIR.search(w)) for w in words)
    if vni >= 2 and vni >= 0.15 * len(words):
        return "vni"
    viqr = sum(bool(_VIQR_WORD.fullmatch(w.strip(",;:!\"()"))) for w in words)
    if viqr >= 2 and viqr >= 0.15 * len(words):
        return "viqr"
    return "unicode"


_VIQR_SHAPE = {"^": "\u0302", "(": "\u0306", "+": "\u031b"}
_VIQR_TONE = {"`": "\u0300", "'": "\u0301", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_LETTER = re.compile(r"([aeiouyAEIOUY])([\^(+])?([`'?~.])?|([Dd])[Dd]")


def _viqr_word(word: str) -> str:
    # a trailing '.' is read as sentence punctuation (so "la." stays "la."), a '?' after a vowel as
    # the hook tone ("chu?" = "chủ"): questions are rare in plans, hooks are not
    def replace(m: re.Match) -> str:
        if m.group(4):
            return "đ" if m.group(4) == "d" else "Đ"
        base, shape, tone = m.group(1), m.group(2), m.group(3)
        if shape and not _valid_shape(base, shape):
            return m.group(0)
        return nfc(base + (_VIQR_SHAPE[shape] if shape else "") + (_VIQR_TONE[tone] if tone else ""))

    core = word
    tail = ""
    while core and core[-1] in ".,;:!)\"" or (core[-1:] == "?" and core[-2:-1] not in "aeiouyAEIOUY^(+"):
        tail = core[-1] + tail
        core = core[:-1]
    return _VIQR_LETTER.sub(replace, core) + tail


def _valid_shape(base: str, shape: str) -> bool:
    b = base.lower()
    return (shape == "^" and b in "aeo") or (shape == "(" and b == "a") or (shape == "+" and b in "ou")


def _tcvn3_with_capitals(text: str) -> str:
    """TCVN3 capitals fonts (.VnTimeH) reuse the lower-case codes: 'CéNG HßA' is 'CỘNG HÒA'. A word whose
    plain letters are capitals is a capital word; a word with one plain letter follows its line."""
    letters = [c for c in text if c.isascii() and c.isalpha()]
    is_upper_line = bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    words = []
    for word in text.split(" "):
        converted = _convert(word, "tcvn3")
        plain = [c for c in word if c.isascii() and c.isalpha()]
        if converted != word and plain and all(c.isupper() for c in plain) and (len(plain) > 1 or is_upper_line):
            converted = converted.upper()
        words.append(converted)
    return " ".join(words)


def to_unicode(text: str, encoding: str | None = None) -> str:
    """Legacy text to Unicode NFC: 'Céng hoµ x· héi' (TCVN3) → 'Cộng hoà xã hội'; 'Vieät' (VNI) → 'Việt'."""
    encoding = encoding or detect_encoding(text)
    if encoding == "tcvn3":
        return nfc(_tcvn3_with_capitals(text))
    if encoding == "vni":
        return nfc(_convert(text, "vni"))
    if encoding == "viqr":
        return nfc(re.sub(r"\S+", lambda m: _viqr_word(m.group(0)), text))
    return nfc(text)
