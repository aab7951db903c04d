"""Regular-expression pieces for the way Vietnamese plans write numbers, years and list labels.

Pieces are strings, to be placed inside a stage's own pattern (`rf"năm\\s+({YEAR})"`), so each
stage keeps its pattern whole and readable while the pieces are written once.
"""

from __future__ import annotations

import re

# A year of a plan: 1900–2099 ("năm 2025", "giai đoạn 2021-2025").
YEAR = r"(?:19|20)\d{2}"


def phrases(words) -> str:
    """Phrases as written ("liên quan", "có liên quan"), longest first, as one alternation in which
    a space matches any run of spaces or line breaks ("trực\nthuộc" in a wrapped cell)."""
    return "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# A Roman numeral up to LXXXIX: section and group numbers ("II. NHIỆM VỤ", "IV CẢI CÁCH TÀI CHÍNH CÔNG").
ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
# Up to XXXIX, for group rows of flattened tables: there a lone "L" or "XL" is a stray letter
# more often than a fortieth group.
ROMAN_TO_39 = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"

# The labels that open a heading or an item, in the order they must be tried ("1.1." before "1."):
# (kind, level, pattern) with the groups `num` (the label as printed) and `rest` (the text after it).
LIST_LABELS: list[tuple[str, int, re.Pattern[str]]] = [
    ("roman", 1, re.compile(rf"^(?P<num>{ROMAN})\s*[.\-–)/]\s*(?P<rest>\S.*)$")),
    ("sub", 3, re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<rest>\S.*)$")),
    ("arabic", 2, re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s*(?P<rest>\D.*)$")),
    ("letter", 4, re.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?P<rest>\S.*)$")),
    ("bullet", 5, re.compile(r"^(?P<num>[-+•–*])\s*(?P<rest>\S.*)$")),
    ("article", 1, re.compile(r"^(?P<num>Điều\s+\d+)\s*[.:]\s*(?P<rest>\S.*)$")),
]

# A Roman-numeral group row of a table: "II", "II.", "II CẢI CÁCH THỂ CHẾ" (number, then title).
ROMAN_ROW = re.compile(rf"^(?P<num>{ROMAN})\.?(?:\s+(?P<title>\S.*))?$")
