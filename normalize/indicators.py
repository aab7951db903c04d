"""Codes a target clause by what it measures ("tỷ lệ hồ sơ trực tuyến đạt 90%" → online_application_rate)."""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.models.plan import INDICATOR_CODES
from vnplan.errors import VnplanError
from vnplan.normalize.lexicons import load
from vnplan.normalize.terms import expand_terms

# A '*' in an indicators.csv phrase stands for this many words at most: "thủ tục hành chính nội bộ
# giữa cơ quan hành chính nhà nước được công khai" puts nine between the two halves.
WILDCARD_MAX_WORDS = 10

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
