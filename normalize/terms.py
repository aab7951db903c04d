"""Plan wording → a comparable key: folded, punctuation gone, TTHC/QPPL/CCHC… expanded (term_abbreviations.csv)."""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.lang.vi import load, simplify



@lru_cache(maxsize=None)
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    expansions = {simplify(row["abbreviation"]): simplify(row["expansion"]) for row in load("term_abbreviations")}
    alternatives = sorted(expansions, key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\S)"), expansions


def expand_terms(text: str) -> str:
    """'Tỷ lệ TTHC … (BCCI)' → 'ty le thu tuc hanh chinh … buu chinh cong ich'."""
    pattern, expansions = _abbreviations()
    return pattern.sub(lambda found: expansions[found.group(0)], simplify(text))
