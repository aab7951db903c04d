"""Codes a target clause by what it measures ("tỷ lệ hồ sơ trực tuyến đạt 90%" → online_application_rate)."""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.models.plan import INDICATOR_CODES
from vnplan.errors import VnplanError
from vnplan.lang.vi import load
from vnplan.normalize.targets import percent_ends
from vnplan.normalize.terms import expand_terms

# A '*' in an indicators.csv phrase stands for this many words at most: "thủ tục hành chính nội bộ
# giữa cơ quan hành chính nhà nước được công khai" puts nine between the two halves, and "TTHC
# thuộc thẩm quyền giải quyết của UBND xã được công khai" twelve once UBND is written out.
WILDCARD_MAX_WORDS = 14

def _canonical(text: str) -> str:
    """'Tỷ lệ TTHC … (BCCI)' → 'ty le thu tuc hanh chinh … buu chinh cong ich'."""
    return expand_terms(text)


@lru_cache(maxsize=None)
def _phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """indicators.csv as (regex, code) pairs in priority order (file order breaks ties)."""
    rows = load("indicators")
    for row in rows:
        if row["code"] not in INDICATOR_CODES:
            raise VnplanError(f"corpus/lexicons/indicators.csv: {row['phrase']!r} has code "
                              f"{row['code']!r}; use one of {', '.join(INDICATOR_CODES)}.",
                              stage="normalize")
    gap = f" (?:\\S+ ){{0,{WILDCARD_MAX_WORDS}}}"
    ordered = sorted(enumerate(rows), key=lambda pair: (int(pair[1]["priority"]), pair[0]))
    return tuple(
        (re.compile(r"(?<!\S)" + gap.join(re.escape(_canonical(part)) for part in row["phrase"].split("*"))
                    + r"(?!\S)"), row["code"])
        for _, row in ordered
    )


@lru_cache(maxsize=4096)
def indicator_code(text: str | None) -> str:
    """Indicator of a clause: 'Tỷ lệ thanh toán trực tuyến trên Cổng DVC quốc gia' → online_payment_rate."""
    if not text or not text.strip():
        return "other"
    canonical = _canonical(text)
    for regex, code in _phrases():
        if regex.search(canonical):
            return code
    return "other"


_RESPECTIVE_SPLIT = re.compile(r"(?!(?<=\s)\s)\s*(?:,|;|\bvà\b)\s*")
_SUBSET = re.compile(r"^\W*trong\s+đó\b", re.IGNORECASE)


def _code_of(target) -> str:
    """What is measured is named before the number: the clause up to the target's own value
    first ("… đạt tối thiểu 80%, trong đó tỷ lệ thanh toán …" is not about payments), then the
    whole clause."""
    for end, value in percent_ends(target.text):
        if value == target.percent:
            code = indicator_code(target.text[:end])
            if code != "other":
                return code
            break
    return indicator_code(target.text)


def code_targets(targets) -> list[str]:
    """Indicator codes of a paragraph's targets, in order, reading each with what surrounds it:

    - values stated together for several subjects ("Tỷ lệ hồ sơ trực tuyến và tỷ lệ thanh toán
      trực tuyến … tương ứng là 80%, 60%") take their subjects in turn;
    - a clause that names nothing measurable of its own ("…, mỗi năm tăng tối thiểu 20%", "trong đó
      lĩnh vực đất đai đạt 85%") measures what the clause before it did.
    """
    codes: list[str] = []
    n = 0
    while n < len(targets):
        same = [t for t in targets[n:] if t.text == targets[n].text]
        run = len(same) if all(t.text == targets[n].text for t in targets[n:n + len(same)]) else 1
        subjects = _RESPECTIVE_SPLIT.split(targets[n].metric or "") if run > 1 else []
        if run > 1 and len(subjects) == run:
            codes += [indicator_code(subject) if indicator_code(subject) != "other" else _code_of(t)
                      for subject, t in zip(subjects, targets[n:n + run])]
        else:
            codes += [_code_of(t) for t in targets[n:n + run]]
        n += run
    for i in range(1, len(targets)):
        if codes[i] == "other" and codes[i - 1] != "other" and (
                targets[i].metric == targets[i - 1].metric or _SUBSET.match(targets[i].text)):
            codes[i] = codes[i - 1]
    return codes
