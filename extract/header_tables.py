"""Layout tables: the borderless tables Word and web pages use to place the header and signature.

A header table holds the issuer beside the national motto (then the number beside the date line,
sometimes the subject and addressees under them); a signature table holds 'Nơi nhận:' beside
'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / … / name'. Neither is a data table: their cells are read as lines of
text, like the paragraphs of a document that prints them without a table.
"""

from __future__ import annotations

import re

from vnplan.lang.vi import fold

_MOTTO = re.compile(r"cong hoa xa hoi chu nghia|doc lap\s*-\s*tu do")
_SIGNATURE = re.compile(r"^(?:tm|t/m|kt|q|tl|tuq)\s*\.|^noi nhan\b")


def layout_kind(rows: list[list[list[str]]]) -> str | None:
    """'header', 'signature' or None for ROWS of cells, each cell a list of its text lines."""
    n_rows = len(rows)
    n_cols = max((len(r) for r in rows), default=0)
    lines = [fold(ln).strip(" *") for r in rows for cell in r for ln in cell]
    if n_cols <= 3 and n_rows <= 5 and any(_MOTTO.search(ln) for ln in lines):
        return "header"
    if n_cols <= 3 and n_rows <= 3 and any(_SIGNATURE.match(ln) for ln in lines):
        return "signature"
    return None


def layout_lines(rows: list[list[list[str]]]) -> list[str] | None:
    """The lines of a layout table in reading order, or None when ROWS is a data table.

    A two-row header is read column by column (the issuer's column, then the motto's, as text
    exports print them); a taller one row by row, so the subject and 'Kính gửi' come after the date.
    A signature table is read column by column: 'Nơi nhận' first, the signature block after it.
    """
    kind = layout_kind(rows)
    if kind is None:
        return None
    out: list[str] = []
    if kind == "header" and len(rows) > 2:
        for row in rows:
            for cell in row:
                out += [ln for ln in cell if ln.strip()]
        return out
    width = max(len(r) for r in rows)
    for c in range(width):
        for row in rows:
            if c < len(row):
                out += [ln for ln in row[c] if ln.strip()]
    return out
