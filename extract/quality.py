"""Decide per page whether a PDF text layer is usable, convertible (TCVN3, split marks) or needs OCR."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from vnplan.extract.repair.unicode import to_unicode
from vnplan.lang.vi import nfc

CID = re.compile(r"\(cid:\d+\)")
# Vietnamese letters outside Latin-1: a real Unicode Vietnamese page is full of them.
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9\u0300-\u0323]")
# Latin-1 letters TCVN3 uses for Vietnamese vowels that French/German text would not produce.
TCVN3_SIGNS = set("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞß«¬\xad§¡¢£¤¥¦")
# VNI Windows writes a mark as a second byte after the vowel: "Coäng hoøa", "vieäc".
VNI_PAIR = re.compile(r"[aeiouyAEIOUY][øùûõïâäåëæ]|[aeiouy]ô[øùûõï]")
# "ĐIỀ U": a word broken right after a marked vowel, its tail left as a fragment.
SPLIT_MARK = re.compile(
    r"(?<![^\W\d_])([^\W\d_]*[\u00c0-\u00ff\u0102-\u01b0\u1ea0-\u1ef9]) "
    r"(U|I|Y|O|N|M|C|T|P|NG|NH|CH|u|i|y|o|n|m|c|t|p|ng|nh|ch)(?![^\W\d_])"
)

Action = Literal["keep", "convert", "ocr"]


@dataclass
class PageVerdict:
    """What to do with one page's text layer and why (the why goes into the plan's warnings)."""

    action: Action
    reason: str | None = None
    encoding: str | None = None  # "tcvn3" when action is "convert" for a legacy font
    detail: str | None = None  # the page's own figures behind the reason


def assess_text(text: str) -> PageVerdict:
    """Judge a page's extracted text: 'Céng hoµ x· héi' → convert (tcvn3); '(cid:12)(cid:7)' → ocr."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 20:
        return PageVerdict("ocr", "no usable text layer")
    n_cid = len(CID.findall(text))
    if n_cid and n_cid * 4 > len(text.split()):
        return PageVerdict("ocr", "glyphs without Unicode mapping ((cid:NN))")
    private = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")
    if private > 0.1 * len(letters):
        return PageVerdict("ocr", "glyphs in the private use area")
    n_vietnamese = len(VIETNAMESE.findall(nfc(text)))
    n_tcvn3 = sum(1 for ch in text if ch in TCVN3_SIGNS)
    if n_tcvn3 >= 5 and n_tcvn3 > 3 * n_vietnamese:
        return PageVerdict("convert", "legacy TCVN3 font encoding", "tcvn3")
    n_vni = len(VNI_PAIR.findall(text))
    if n_vni >= 5 and n_vni > 3 * n_vietnamese:
        # VNI spends two bytes on a marked vowel; the repair package knows its pairs.
        return PageVerdict("convert", "legacy VNI font encoding", "vni")
    if sum(1 for m in SPLIT_MARK.finditer(text) if _is_split(m)) >= 3:
        return PageVerdict("convert", "Vietnamese words split at diacritics", "split")
    return PageVerdict("keep")


# A text layer over a page image came from some OCR. Tesseract `vie` reads a clean plan page with
# about 90 % of its words valid syllables and 60-90 % marked; an OCR that did not know Vietnamese
# drops every mark ("uY BAN NgAN nAN ceNG HoA") and leaves under half valid.
LAYER_MIN_SCORE = 0.3  # repair.Quality.score: valid share × marked share (capped at 0.5)
GARBLED_VALID = 0.4  # a page without an image behind it is garbled below this valid share …
GARBLED_MARKED = 0.1  # … and this marked share (marks merely stripped are repaired, not OCRed)


def is_ocr_required(text: str, *, scanned: bool = False) -> PageVerdict:
    """The per-page decision: keep the text layer, convert it, or OCR the page image.

    A text layer is evidence, not truth. Beyond the checks of `assess_text` (no text, (cid:NN),
    private-use glyphs, legacy fonts, split marks), the layer's Vietnamese is judged by the share of
    valid, marked syllables: a scanned page (`scanned`: an image covers it) whose layer scores low
    was read by an OCR that did not know Vietnamese; any page whose words are mostly not syllables
    is garbled. Both are OCRed.
    """
    verdict = assess_text(text)
    if verdict.action != "keep":
        return verdict
    from .repair.quality import quality

    q = quality(text)
    if q.words < 20:
        return verdict
    figures = f"{q.valid_share:.0%} valid syllables, {q.marked_share:.0%} with marks"
    if scanned and q.score < LAYER_MIN_SCORE:
        return PageVerdict("ocr", "the scan's text layer is not Vietnamese OCR", detail=figures)
    if q.valid_share < GARBLED_VALID and q.marked_share < GARBLED_MARKED:
        return PageVerdict("ocr", "the text layer is garbled", detail=figures)
    return verdict


@lru_cache(maxsize=None)
def legacy_table(encoding: str = "tcvn3") -> dict[str, str]:
    """Legacy character (the byte as Latin-1) → Unicode, from corpus/lexicons/legacy_<enc>_pdf.csv."""
    table: dict[str, str] = {}
    # Through the package, so an installed (non-editable) vnplan finds its lexicons too.
    path = resources.files("vnplan.corpus").joinpath("lexicons", f"legacy_{encoding}_pdf.csv")
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            table[row["legacy"]] = row["unicode"]
    return table


def convert_tcvn3(text: str) -> str:
    """'Céng hoµ x· héi chñ nghÜa' → 'Cộng hoà xã hội chủ nghĩa'; 'CéNG HßA' → 'CỘNG HÒA'."""
    table = legacy_table("tcvn3")
    line_letters = [ch for ch in text if "a" <= ch.lower() <= "z"]
    is_upper_line = bool(line_letters) and sum(ch.isupper() for ch in line_letters) >= 0.8 * len(line_letters)
    words = []
    for word in text.split(" "):
        converted = "".join(table.get(ch, ch) for ch in word)
        ascii_letters = [ch for ch in word if "a" <= ch.lower() <= "z"]
        # Uppercase fonts (.VnTimeH) reuse the lowercase codes for marked capitals, so a word
        # whose plain letters are capitals is a capital word; with one plain letter ("Sè" = "Số",
        # "KÕ" = "KẾ") only the line around it can tell.
        if converted != word and ascii_letters and all(ch.isupper() for ch in ascii_letters):
            if len(ascii_letters) >= 2 or is_upper_line:
                converted = converted.upper()
        words.append(converted)
    return nfc(" ".join(words))


def fix_split_marks(text: str) -> str:
    """'ĐIỀ U HÀNH' → 'ĐIỀU HÀNH': rejoin a tail cut off after a marked vowel."""
    return SPLIT_MARK.sub(lambda m: m.group(1) + m.group(2) if _is_split(m) else m.group(0), text)


# Words that a Roman numeral "I" really follows: "Quý I", "Kỳ I", "Khóa I".
NUMERAL_HEADS = {"quý", "kỳ", "khóa", "khoá", "tổ", "phần", "hạng", "đợt", "cấp", "vùng", "độ"}


def _is_split(match: re.Match) -> bool:
    head, tail = match.group(1), match.group(2)
    if head[-1].isupper() != tail[0].isupper():
        return False
    return not (tail in ("I", "i") and head.lower() in NUMERAL_HEADS)


def convert_text(text: str, verdict: PageVerdict) -> str:
    """Apply the conversion a 'convert' verdict names; other verdicts return the text unchanged."""
    if verdict.action != "convert":
        return text
    if verdict.encoding == "tcvn3":
        return fix_split_marks(convert_tcvn3(text))
    if verdict.encoding == "split":
        return fix_split_marks(text)
    # VNI and the rest: the repair package's converters (legacy_vni.csv …)
    return to_unicode(text, verdict.encoding or None)


def clean_text(text: str) -> str:
    """NFC for every text-layer string (the split-mark fix runs only on pages judged split)."""
    return nfc(text)
