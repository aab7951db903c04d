"""The lines of a flattened table → raw rows: where the header ends, which lines open a row or a
group ('II CẢI CÁCH THỂ CHẾ'), which repeat the header on a new page, where the table ends."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vnplan.extract.document import DraftTable, Line
from vnplan.lang.vi import lower_nfc, roman_value
from vnplan.lang.vi.patterns import ROMAN_TO_39
from vnplan.extract.flat_tables.vocabulary import _case_of, _is_upper, _WORD_PUNCT, _words
from vnplan.extract.flat_tables.header import _decoded_roles, _is_header_start, _valid_roles, header_roles


# "\s*+" then "(?:\s++|(?<=\s))": the same matches as "^\s*(…)\s+", without handing spaces back one by
# one (quadratic on a long run of spaces)
_GROUP = re.compile(rf"^\s*+(?P<num>{ROMAN_TO_39})(?P<dot>\.?)(?:\s++|(?<=\s))(?P<rest>[^\W\d_].*)$")
_ROMAN_HEADING = re.compile(rf"^\s*(?P<num>{ROMAN_TO_39})\.\s+\S")
_ROW_START = re.compile(r"^\s*(?P<num>\d{1,3})(?P<dot>\.?)(?:\s+(?P<rest>\S.*))?$")
_TABLE_END = re.compile(r"^\s*(?:nơi nhận|tm\.|t/m|kt\.|trên đây)", re.IGNORECASE)
_APPENDIX = re.compile(r"^\s*phụ\s+lục\b", re.IGNORECASE)

@dataclass
class FlatTable:
    """A table recovered from flattened text, with the source lines it occupied (1-based, inclusive)."""

    table: DraftTable
    first_lineno: int
    last_lineno: int


# --- reading the lines of a table ------------------------------------------------------------


_KIND_WORDS = {"owner": "a unit or official", "deadline": "a time", "number": "a row number", "text": "text"}
_NUMERAL_ALONE = re.compile(rf"^\s*+(?P<num>{ROMAN_TO_39})(?P<dot>\.?)(?P<rest>)\s*+$")


def _numeral_alone(lines: list[Line], i: int, text: str):
    """'II' alone on its line with the group title in capitals on the next: a group row cut in two."""
    m = _NUMERAL_ALONE.match(text)
    if not m or not m["num"]:
        return None
    following = next((ln.text.strip() for ln in lines[i + 1:i + 4] if ln.text.strip()), "")
    return m if following and _is_upper(following) else None


@dataclass
class _Fragment:
    """One printed line (or the text after a row number) inside a table row."""

    text: str
    lineno: int
    is_empty_marker: bool = False  # a whitespace-only line, or the space before an empty cell
    starts_part: bool = False  # first line after a page break: the row's cells run on here
    is_row_first: bool = False
    glued: bool = False  # the line before ended "VP-" with no space: the word runs on ("VP-TK")


@dataclass
class _RawRow:
    row_no: str | None
    area_raw: str | None
    lineno: int
    fragments: list[_Fragment] = field(default_factory=list)
    last_lineno: int = 0


def _heading_above(lines: list[Line], start: int) -> tuple[str | None, int]:
    """The table's heading as printed, and the index of its first line (caption lines included)."""
    taken: list[str] = []
    first = start
    i = start - 1
    while i >= 0 and len(taken) < 6:
        text = lines[i].text.strip()
        if not text or "\t" in lines[i].text:
            i -= 1
            continue
        if text.startswith("(") and not taken:
            first = i  # "(Kèm theo Kế hoạch số …)" belongs to the caption, not the heading
            i -= 1
            continue
        if _ROMAN_HEADING.match(text):
            taken.append(text)
            break  # a numbered section heading stays in the section tree
        if _APPENDIX.match(text):
            taken.append(text)
            first = i
            break
        if _is_upper(text):
            taken.append(text)
            first = i
            i -= 1
            continue
        break
    if not taken:
        return None, start
    return " ".join(reversed(taken)), first


def _read_header(lines: list[Line], start: int) -> tuple[list[str], int] | None:
    """Roles of the header starting at `start`, and the index after its last line."""
    parts: list[str] = []
    i = start
    seen = 0
    while i < len(lines) and seen < 30:
        raw = lines[i].text
        if "\t" in raw:
            return None
        text = raw.strip()
        if text:
            if i > start and (_GROUP.match(text) or _ROW_START.match(text) or _numeral_alone(lines, i, text)):
                break
            parts.append(text)
            seen += 1
        i += 1
    text = " ".join(parts)
    roles = _decoded_roles(parts) or header_roles(text)
    if roles[:1] != ["row_no"] and len(text) > 200:
        return None
    return (roles, i) if _valid_roles(roles) else None


def _next_text(lines: list[Line], i: int) -> int | None:
    """Index of the next line after `i` that holds text."""
    return next((j for j in range(i + 1, min(len(lines), i + 8)) if lines[j].text.strip()), None)


def _text_follows(lines: list[Line], i: int) -> bool:
    """The next printed line opens a cell with a capital ("Rà soát …"), not a number or a group."""
    j = _next_text(lines, i)
    if j is None:
        return False
    text = lines[j].text.strip()
    return _case_of(text) == "title" and not _ROW_START.match(text) and not _GROUP.match(text)


def _header_follows(lines: list[Line], i: int, roles: list[str], header_text: str = "") -> bool:
    """The table's header starts on the next printed line: line `i` ends a page."""
    j = _next_text(lines, i)
    if j is None or "\t" in lines[j].text:
        return False
    if _repeated_header_end(lines, j, header_text) is not None:
        return True
    if not _is_header_start(lines[j].text):
        return False
    header = _read_header(lines, j)
    return header is not None and header[0] == roles


def _glued_words(lines: list[Line]) -> frozenset[str]:
    """Words of the text joined by a dash with no space ("VP-TK", "chính-Kế"), lower-cased."""
    return frozenset(w for ln in lines for w in _words(ln.text)
                     if re.search(r"\w[-–]\w", w))


def _glues(left: str, right: str, glued_words: frozenset[str]) -> bool:
    """A line ending "VP-" and the next opening "TK": one word broken at its dash ("VP-TK"), when
    the piece before the dash is a code or a number ("TP-HT", "2021-2025") or the text writes the
    two glued elsewhere; "Văn phòng-" / "Thống kê" keeps its space ("Văn phòng- Thống kê")."""
    stem = left.rstrip("-–")
    letters = [c for c in stem if c.isalpha()]
    if stem.isdigit() or (letters and all(c.isupper() for c in letters) and len(letters) > 1):
        return True
    return lower_nfc(f"{stem}-{right}").strip(_WORD_PUNCT) in glued_words


def _repeated_header_end(lines: list[Line], i: int, header_text: str) -> int | None:
    """When the lines from `i` print the table's header again word for word (a new page), the index
    after them; the rows' text that runs on below it is not read into the header."""
    if not header_text:
        return None
    taken = ""
    j = i
    while j < len(lines) and len(taken) < len(header_text):
        text = " ".join(lines[j].text.split())
        j += 1
        if not text:
            continue
        taken = f"{taken} {text}" if taken else text
        if not header_text.startswith(taken):
            return None
    return j if taken == header_text else None


def _read_body(lines: list[Line], start: int, roles: list[str],
               glued_words: frozenset[str] = frozenset(), header_text: str = "") -> tuple[list[_RawRow], int]:
    """Rows of the table body from `start`; returns them and the index of the last line used.
    `header_text`: the header's lines joined, to know it when a page repeats it."""
    rows: list[_RawRow] = []
    current: _RawRow | None = None
    area: str | None = None
    collecting_area = False
    group_value = 0
    group_has_dot = False
    last_no = 0
    numbered_before_group = 0  # numbering may restart in each group (1, 2 | 1, 2) or run on (1, 2 | 3, 4)
    prev_blank = True
    pending_part = False
    last_used = start - 1
    previous_raw = ""
    i = start
    while i < len(lines):
        raw = lines[i].text
        lineno = _lineno(lines, i)
        if "\t" in raw:
            break
        text = raw.strip()
        if raw == "":
            prev_blank = True
            i += 1
            continue
        if not text:  # whitespace only: the trace of an empty cell
            if current is not None:
                current.fragments.append(_Fragment("", lineno, is_empty_marker=True))
            prev_blank = True
            i += 1
            continue
        if _TABLE_END.match(text) or _APPENDIX.match(text):
            break
        heading = _ROMAN_HEADING.match(text)
        if heading and not (group_has_dot and roman_value(heading["num"]) == group_value + 1):
            break
        repeated = _repeated_header_end(lines, i, header_text)
        if repeated is not None:
            i = repeated  # the header row printed again on a new page, exactly as at the top
            prev_blank = True
            continue
        if _is_header_start(text):
            header = _read_header(lines, i)
            if header is not None:
                if header[0] != roles:
                    break
                i = header[1]  # a header row repeated on a new page
                prev_blank = True
                continue
        group = _GROUP.match(text) or _numeral_alone(lines, i, text)
        if group and group["num"] and roman_value(group["num"]) == group_value + 1:
            group_value += 1
            group_has_dot = bool(group["dot"])
            area = f"{group['num']} {(group['rest'] or '').strip()}".strip()
            collecting_area = True
            current = None
            numbered_before_group, last_no = max(last_no, numbered_before_group), 0
            last_used = i
            prev_blank = False
            i += 1
            continue
        row = _ROW_START.match(text)
        if row:
            number = int(row["num"])
            floor = numbered_before_group if last_no == 0 else last_no
            in_sequence = last_no < number <= last_no + 3 or floor < number <= floor + 3
            is_row = (row["rest"] is not None and in_sequence
                      and not (row["rest"][:1].isdigit() and row["dot"])) \
                or (row["rest"] is None and (number == last_no + 1
                                              or (last_no == 0 and number == numbered_before_group + 1)
                                              # a number skipped ("1, 3, 4"): a row when text follows
                                              or (in_sequence and _text_follows(lines, i)))
                    and not _header_follows(lines, i, roles, header_text))  # a page number, then the header again
            if is_row:
                previous_raw = raw
                current = _RawRow(row["num"], area, lineno, last_lineno=lineno)
                rows.append(current)
                if row["rest"]:
                    current.fragments.append(_Fragment(row["rest"], lineno, is_row_first=True))
                last_no = number
                collecting_area = False
                pending_part = False
                last_used = i
                prev_blank = False
                i += 1
                continue
            if row["rest"] is None and number < 1000 and not row["dot"]:
                pending_part = True  # a page number: what follows continues the row
                prev_blank = True
                i += 1
                continue
        if collecting_area and current is None and _is_upper(text) and area is not None:
            area = f"{area} {text}"  # a group heading wrapped onto a second line
            last_used = i
            prev_blank = False
            i += 1
            continue
        collecting_area = False
        if current is None:
            i += 1
            prev_blank = False
            continue
        leading_space = raw[:1].isspace()
        starts_part = pending_part or (leading_space and not prev_blank)
        if leading_space and prev_blank and not pending_part:
            # " Thường" after an empty line: the space is what is left of an empty cell
            current.fragments.append(_Fragment("", lineno, is_empty_marker=True))
        # "chức VP-" with no trailing space: the next line finishes the word ("VP-TK")
        glued = previous_raw.endswith(("-", "–")) and len(previous_raw.split()[-1]) > 1 \
            and not leading_space and _glues(previous_raw.split()[-1], text.split()[0], glued_words)
        current.fragments.append(_Fragment(text, lineno, starts_part=starts_part, glued=glued))
        previous_raw = raw
        current.last_lineno = lineno
        pending_part = False
        last_used = i
        prev_blank = False
        i += 1
    return rows, last_used


def _lineno(lines: list[Line], index: int) -> int:
    line = lines[index]
    return line.lineno if line.lineno is not None else index + 1
