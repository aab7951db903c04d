"""Codes reform-area headings and table group rows ("III CẢI CÁCH THỦ TỤC HÀNH CHÍNH" → procedures).

A heading is matched against the known headings of corpus/lexicons/areas.csv (whole, at its start,
or inside it); one that matches none is coded by the distinctive keywords of
corpus/lexicons/area_keywords.csv ("Công tác kiểm soát thủ tục hành chính" → procedures), and is
'other' when they point to no area or to more than one."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from vnplan.models.plan import AREA_CODES
from vnplan.errors import VnplanError
from vnplan.lang.vi import load
from vnplan.normalize.terms import expand_terms

# A whole heading matching an areas.csv row at least this well (rapidfuzz ratio) is that heading.
# Typos such as "ĐIÈUF HÀNH" for "ĐIỀU HÀNH" score 98, but the generic "cải cách hành chính" scores
# 86 against "cải cách tài chính", so the bar sits between.
HEADING_CUTOFF = 90
# A heading that begins with a known one ("Công tác chỉ đạo, điều hành năm 2024") is coded by it
# when its first len(known) letters match at least this well.
HEAD_CUTOFF = 92

# "VII", "1.", "2.3", "a)", "IV." before the title; Roman numerals only in capitals, so that a
# title word is never taken for one.
_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ](?=[.)]))(?:[.):/-]\s*|\s+)")
def _canonical(heading: str) -> str:
    """'VII XÂY DỰNG … CHÍNH QUYỀN SỐ' → 'xay dung … chinh quyen so' (number dropped, CCHC expanded)."""
    for _ in range(2):  # "II. 1. …"
        heading = _NUMBERING.sub("", heading, count=1)
    return expand_terms(heading)


@lru_cache(maxsize=None)
def _headings() -> dict[str, str]:
    """areas.csv as {canonical heading: area code}."""
    headings: dict[str, str] = {}
    for row in load("areas"):
        if row["code"] not in AREA_CODES:
            raise VnplanError(f"corpus/lexicons/areas.csv: {row['heading']!r} has code "
                              f"{row['code']!r}; use one of {', '.join(AREA_CODES)}.", stage="normalize")
        headings.setdefault(_canonical(row["heading"]), row["code"])
    return headings


@lru_cache(maxsize=2048)
def _best_heading(canonical: str) -> tuple[str, float] | None:
    found = process.extractOne(canonical, _headings().keys(), scorer=fuzz.ratio)
    return (found[0], found[1]) if found else None


def is_area_heading(text: str | None) -> bool:
    """Whether TEXT is a known reform-area heading as a whole: 'II CẢI CÁCH THỂ CHẾ' → True."""
    if not text or not text.strip():
        return False
    best = _best_heading(_canonical(text))
    return best is not None and best[1] >= HEADING_CUTOFF


def area_code(heading: str | None) -> str | None:
    """Area code of a heading: 'I CÔNG TÁC CHỈ ĐẠO ĐIÈUF HÀNH' → 'direction'; unknown → 'other'."""
    if not heading or not heading.strip():
        return None
    canonical = _canonical(heading)
    best = _best_heading(canonical)
    if best is not None and best[1] >= HEADING_CUTOFF:
        return _headings()[best[0]]
    # "Cải cách thủ tục hành chính, thực hiện cơ chế một cửa liên thông": the longest known heading
    # of two words or more that the text begins with, typos allowed.
    heads = [known for known in _headings() if " " in known and len(canonical) > len(known)
             and canonical[len(known)] == " "
             and fuzz.ratio(canonical[: len(known)], known) >= HEAD_CUTOFF]
    if heads:
        return _headings()[max(heads, key=len)]
    # "Đẩy mạnh xây dựng chính quyền điện tử": the longest known heading of three words or more
    # found anywhere in the text.
    padded = f" {canonical} "
    inside = [known for known in _headings() if known.count(" ") >= 2 and f" {known} " in padded]
    if inside:
        return _headings()[max(inside, key=len)]
    return _keyword_area(canonical)


_WEIGHTS = ("strong", "weak")


@lru_cache(maxsize=None)
def _keywords() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """area_keywords.csv as one whole-word pattern (longest first) and {keyword: (code, weight)}."""
    keywords: dict[str, tuple[str, str]] = {}
    for row in load("area_keywords"):
        if row["code"] not in AREA_CODES or row["weight"] not in _WEIGHTS:
            raise VnplanError(f"corpus/lexicons/area_keywords.csv: {row['keyword']!r} has code {row['code']!r} "
                              f"and weight {row['weight']!r}; use one of {', '.join(AREA_CODES)} and one of "
                              f"{', '.join(_WEIGHTS)}.", stage="normalize")
        keywords.setdefault(expand_terms(row["keyword"]), (row["code"], row["weight"]))
    alternatives = sorted(keywords, key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\S)"), keywords


def _keyword_area(canonical: str) -> str:
    """The one area that the keywords of a heading point to, strong ones first; else 'other'.

    'cong tac tuyen truyen cai cach hanh chinh' → direction; 'ung dung cong nghe thong tin trong
    giai quyet thu tuc hanh chinh' → digital_government (TTHC is only a weak keyword);
    'cai cach hanh chinh' → other (no keyword)."""
    pattern, keywords = _keywords()
    found = [keywords[match.group(0)] for match in pattern.finditer(canonical)]
    for weight in _WEIGHTS:
        codes = {code for code, w in found if w == weight}
        if codes:
            return codes.pop() if len(codes) == 1 else "other"
    return "other"
