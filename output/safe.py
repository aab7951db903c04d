"""Cells made safe for the programs that open exports: no formula a spreadsheet would run, no control
characters. JSON Lines and SQLite keep the text as the document wrote it; CSV (and xlsx) cells pass
through `spreadsheet_cell`.
"""

from __future__ import annotations

import re

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), @SUM, +cmd|…);
# tab and carriage return at the start also open one in some programs (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 and C1 control characters except tab, newline and carriage return inside a cell, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """TEXT without control characters (tab, newline and carriage return are kept)."""
    return _CONTROL.sub("", text)


def spreadsheet_cell(value):
    """A value as a spreadsheet cell: text without control characters, and text that would start a
    formula prefixed with an apostrophe (shown as text, the way Excel itself escapes it). A number
    written as text ("-5", "+84 …") is also prefixed: the CSV is for reading, not for computing.
    Other values (numbers, None) are returned unchanged."""
    if not isinstance(value, str):
        return value
    text = strip_control(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
