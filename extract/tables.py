"""Table grids (from text, DOCX, PDF or OCR) → logical tables: column roles, rows stitched across pages.

A column's role comes from its header words (accents folded; spaces and line breaks inside a short
cell ignored, so a wrapped 'ST / T' or 'Thời gi / an' still reads; fuzzy for OCR slips) and from
its content (a column of 1, 2, 3 or a, b, c is the row number; unit names make an owner column;
time expressions a deadline column). A row is glued onto the one above only on evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from rapidfuzz import fuzz

from vnplan.extract.document import NO_EVIDENCE, DraftRow, DraftTable, Evidence, Table
from vnplan.lang.vi import fold, load
from vnplan.lang.vi.patterns import ROMAN_ROW

_ROMAN_ROW = ROMAN_ROW
_BULLET = re.compile(r"^[-+•–]\s*")
# a Roman numeral as a scan misreads it: III → HI, Il, IÍ
_ROMAN_MISREAD = re.compile(r"^(?=.*[^\d.])[IVXLHl1|!ÍÌ]{1,5}\.?$")
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")
_AMOUNT = re.compile(r"^(?:\S+\s+){0,2}?\d{1,3}(?:[.,]\d+)?\s*%$")  # 'Tối thiểu 80%', '≥ 95%'
_GROUP_LABEL = re.compile(r"^(?:[A-ZĐ]|[IVXL]{1,5})[.)]?$")  # 'A.', 'K.', 'IV': labels of row groups
# a printed row label: 1, 1.2, 3., II, a, b), đ.
_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,5}|[a-zđ])[.)]?$")
_YEAR = re.compile(r"năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_SQUEEZE = re.compile(r"[\s\-/,.;:()]+")
OWNER_ROLES = ("lead", "support")
# a header cell longer than this is prose, not a column name whose words a narrow column wrapped
_SHORT_HEADER = 48
_FUZZY_SCORE = 88


@lru_cache(maxsize=1)
def header_words() -> tuple[tuple[str, str, int], ...]:
    """(folded phrase, role, priority) of corpus/lexicons/table_headers.csv, strongest first (then longest)."""
    rows = [(fold(r["phrase"]), r["role"], int(r["priority"] or 0)) for r in load("table_headers")]
    return tuple(sorted(rows, key=lambda r: (-r[2], -len(r[0]))))


@lru_cache(maxsize=1)
def _limit_words() -> tuple[str, ...]:
    return tuple(fold(r["phrase"]) for r in load("deadline_columns"))


def is_limit_header(text: str | None) -> bool:
    """A deadline column's header that names a time limit (corpus/lexicons/deadline_columns.csv):
    a bare date under it is the day a task is due by."""
    folded = " ".join(fold(text or "").split())
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded) for w in _limit_words())


def cell_words(kind: str) -> tuple[str, ...]:
    """Words typical inside a cell of a kind (table_cell_words.csv: 'owner', 'deadline')."""
    return tuple(r["phrase"] for r in load("table_cell_words") if r["role"] == kind)


def owner_heads() -> tuple[str, ...]:
    """Words that open the name of a unit, group or official (table_owner_heads.csv)."""
    return tuple(r["phrase"] for r in load("table_owner_heads"))


def _squeeze(folded: str) -> str:
    return _SQUEEZE.sub("", folded)


@lru_cache(maxsize=4096)
def column_role(header_text: str) -> tuple[str | None, int]:
    """'Cơ quan chủ trì' → ('lead', 6); 'ST\\nT' → ('row_no', 9); 'Thời gi\\nan' → ('deadline', 8)."""
    folded = fold(header_text)
    if not folded:
        return None, 0
    phrases = header_words()
    for phrase, role, priority in phrases:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            return role, priority
    if len(folded) > _SHORT_HEADER:
        return None, 0
    # A narrow column breaks its header words anywhere: 'ST / T', 'Thời gi / an', 'Sản / phẩm'.
    squeezed = _squeeze(folded)
    for phrase, role, priority in phrases:
        joined = _squeeze(phrase)
        if joined == squeezed or (len(joined) > 3 and joined in squeezed):
            return role, priority
    # OCR and typing slips: 'Thòi gian', 'Phói hợp', 'Chu tri'
    best: tuple[int, float, str | None] = (0, 0.0, None)
    for phrase, role, priority in phrases:
        joined = _squeeze(phrase)
        if len(joined) < 6 or len(squeezed) < 5:
            continue
        score = fuzz.partial_ratio(joined, squeezed)
        if score >= _FUZZY_SCORE and (priority, score) > best[:2]:
            best = (priority, score, role)
    return (best[2], best[0]) if best[2] else (None, 0)


def _is_header_row(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    if len(filled) < 2:
        return False
    roles = [column_role(t)[0] for t in filled]
    known = sum(1 for r in roles if r)
    # most cells name a role (OCR may garble a few: 'phổ phận' for 'Bộ phận phối hợp'; the content
    # then names those columns)
    return known >= max(2, 0.6 * len(filled)) and any(r in ("row_no", "task", "indicator") for r in roles)


def _is_subheader_row(texts: list[str]) -> bool:
    """The second header row under a spanning parent ('Trách nhiệm cụ thể' → two owner columns)."""
    filled = [t for t in texts if t]
    return bool(filled) and not texts[0] and all(column_role(t)[0] in OWNER_ROLES for t in filled)


def resolve_roles(header_rows: list[list[str]]) -> list[str]:
    """One role per column from the (possibly two-row) header; the weaker of two leads supports."""
    width = max(len(r) for r in header_rows)
    roles: list[str] = []
    priorities: list[int] = []
    for col in range(width):
        texts = [r[col] for r in header_rows if col < len(r) and r[col]]
        best = max((column_role(t) for t in texts), key=lambda rp: rp[1], default=(None, 0))
        # a sub-header is more specific than the parent it sits under
        if len(texts) > 1 and column_role(texts[-1])[0]:
            best = column_role(texts[-1])
        roles.append(best[0] or "ignore")
        priorities.append(best[1])
    for role in ("lead", "task", "indicator"):
        cols = [c for c, r in enumerate(roles) if r == role]
        if len(cols) > 1:
            keep = max(cols, key=lambda c: (priorities[c], -c))
            for c in cols:
                if c != keep:
                    roles[c] = "support" if role == "lead" and "support" not in roles else "ignore"
    return roles


def _share(values: list[str], test: Callable[[str], bool]) -> float:
    filled = [v for v in values if v]
    return sum(1 for v in filled if test(v)) / len(filled) if len(filled) >= 3 else 0.0


def is_label_column(values: list[str]) -> bool:
    """1, 2, 3 … (or a, b, c; I, II between them): the row-number column, whatever its header says."""
    filled = [v.strip() for v in values if v.strip()]
    if len(filled) < 3 or _share(filled, lambda v: bool(_LABEL.match(v))) < 0.9:
        return False
    numbers = [int(v.rstrip(".)")) for v in filled if v.rstrip(".)").isdigit()]
    letters = [v for v in filled if v[0].islower()]
    # small and mostly rising: row numbers, not quantities
    rising = sum(1 for a, b in zip(numbers, numbers[1:]) if b == a + 1 or b == 1)
    return (len(numbers) >= 2 and max(numbers) <= 300 and rising >= 0.6 * (len(numbers) - 1)) or len(letters) >= 3


def _is_amount(text: str) -> bool:
    """'100%', '≥ 95 %', 'Trên 80%': a cell that is a percentage and little else."""
    return bool(_AMOUNT.match(text.strip()))


def content_roles(roles: list[str], columns: list[list[str]], evidence: Evidence) -> list[str]:
    """Give roles the header did not: a label column is the row number, a column of unit names an
    owner column, a column of time expressions the deadline. Of two columns whose headers both
    name the deadline ('Thời hạn', 'Tiến độ'), one that holds no times ('Đã hoàn thành') is a
    note when the other does."""
    roles = list(roles)
    if "indicator" in roles and "target" not in roles:
        # an indicator list whose values column has no target word ('Kết quả', 'Giá trị'): the
        # column of percentages is the target
        for col, values in enumerate(columns):
            if roles[col] in (None, "ignore", "output", "note") and _share(values, _is_amount) >= 0.75:
                roles[col] = "target"
                break
    if "task" in roles and "indicator" in roles and "target" not in roles and "output" not in roles:
        # 'Chỉ tiêu đạt được' beside the tasks, with no column of values: what each task is to achieve
        roles[roles.index("indicator")] = "output"
    dated = [col for col, role in enumerate(roles) if role == "deadline"]
    if len(dated) > 1:
        shares = {col: _share(columns[col], evidence.is_time_expression) for col in dated}
        if max(shares.values()) >= 0.75:
            for col in dated:
                if shares[col] < 0.25:
                    roles[col] = "note"
    for col, values in enumerate(columns):
        if roles[col] != "ignore" and roles[col] is not None:
            continue
        if "row_no" not in roles and col <= 1 and is_label_column(values):
            roles[col] = "row_no"
        elif "deadline" not in roles and _share(values, evidence.is_time_expression) >= 0.75:
            roles[col] = "deadline"
        elif _share(values, evidence.is_known_unit) >= 0.75:
            for role in OWNER_ROLES:
                if role not in roles:
                    roles[col] = role
                    break
    if "task" not in roles and "indicator" not in roles:
        # no header names the task column: it is the one of long sentences
        lengths = {col: sum(len(v) for v in values if v) / max(1, sum(1 for v in values if v))
                   for col, values in enumerate(columns) if roles[col] == "ignore"}
        if lengths and max(lengths.values()) >= 25:
            roles[max(lengths, key=lengths.get)] = "task"
    return roles


@dataclass
class _Open:
    draft: DraftTable
    header_key: str
    width: int
    has_numbers: bool = False
    last_page: int = -2


@dataclass
class _GridRow:
    """A row's texts by column; `inherited` marks the columns a cell merged from above fills."""

    texts: list[str]
    inherited: list[bool] = field(default_factory=list)
    lineno: int | None = None


def _clean(text: str) -> str:
    # a cell's line-broken fragments are one text, joined by single spaces
    return " ".join(text.split())


def _grid_rows(table: Table) -> list[_GridRow]:
    """Rows with the text of a vertically merged cell repeated in every row it covers."""
    rows = [_GridRow([""] * table.n_cols, [False] * table.n_cols, r[0].lineno if r else None) for r in table.rows]
    for r, cells in enumerate(table.rows):
        for cell in cells:
            text = _clean(cell.text)
            rows[r].texts[cell.col] = text
            for below in range(r + 1, min(r + cell.row_span, len(rows))):
                rows[below].texts[cell.col] = text
                rows[below].inherited[cell.col] = True
    return rows


def _row_texts(table: Table, r: int) -> list[str]:
    texts = [""] * table.n_cols
    for cell in table.rows[r]:
        texts[cell.col] = _clean(cell.text)
    return texts


def interpret_tables(tables: list[Table], headings: list[str | None], evidence: Evidence = NO_EVIDENCE) -> list[DraftTable]:
    """Page-level grids → logical tables; a grid whose header repeats the previous one continues it."""
    result: list[DraftTable] = []
    current: _Open | None = None
    for table, heading in zip(tables, headings):
        if not table.rows:
            continue
        header_rows: list[list[str]] = []
        r = 0
        texts = _row_texts(table, 0)
        if _is_header_row(texts):
            header_rows.append(texts)
            r = 1
            while r < len(table.rows) and _is_subheader_row(_row_texts(table, r)):
                header_rows.append(_row_texts(table, r))
                r += 1
        key = "|".join(fold(" ".join(col)) for col in zip(*header_rows)) if header_rows else ""
        body = _grid_rows(table)[r:]
        roles = resolve_roles(header_rows) if header_rows else []
        if roles:
            roles = content_roles(roles, [[row.texts[c] for row in body] for c in range(len(roles))], evidence)
        next_page = current is not None and table.page is not None and table.page == current.last_page + 1
        continues = current is not None and (
            (header_rows and (key == current.header_key
                              or next_page and heading == current.draft.heading
                              and _same_columns(roles, current.draft.roles)))
            or (not header_rows and table.n_cols == current.width)
        )
        if not continues:
            if not header_rows:
                continue  # a grid with no recognisable header and nothing to continue: not a task table
            kind = "indicators" if "indicator" in roles and "task" not in roles else "tasks"
            year = next((int(m.group(1)) for row in header_rows for t in row for m in [_YEAR.search(t)] if m
                         and column_role(t)[0] == "target"), None)
            limit = any(roles[c] == "deadline" and is_limit_header(row[c])
                        for row in header_rows for c in range(min(len(row), len(roles))))
            current = _Open(
                DraftTable(heading=heading, roles=roles, rows=[], kind=kind, index=len(result),
                           page=table.page, target_year=year, deadline_is_limit=limit),
                key, table.n_cols,
            )
            result.append(current.draft)
        current.last_page = table.page if table.page is not None else -2
        _add_rows(current, table, body, after_page_break=continues, is_ruled=table.is_ruled)
    for draft in result:
        _drop_group_rows(draft)
    return result


def _same_columns(roles: list[str], previous: list[str]) -> bool:
    """A header repeated on the next page, read again (by OCR, maybe with a word garbled)."""
    if len(roles) != len(previous):
        return False
    same = sum(1 for a, b in zip(roles, previous) if a == b)
    return same >= 0.75 * len(roles) and roles.count("task") == previous.count("task")


def _cells_by_role(roles: list[str], texts: list[str]) -> dict[str, str | None]:
    cells: dict[str, str | None] = {}
    for role, text in zip(roles, texts):
        if role == "ignore":
            continue
        if text:
            cells[role] = f"{cells[role]} {text}" if cells.get(role) else text
        else:
            cells.setdefault(role, None)
    return cells


def _continues_sentence(text: str) -> bool:
    """'nhân dân trên địa bàn' opens in lower case: the sentence above goes on."""
    first = text.lstrip(" ,;:-–(\"'")[:1]
    return bool(first) and first.islower()


_SUBROW_ROLES = ("output", "lead", "support", "deadline")


def _is_subrow_of(prev: DraftRow, own: dict[str, str | None]) -> bool:
    """Two or more owner/deadline/output cells of its own, each a whole value (not the lower-case
    rest of a wrapped cell), where the row above has them too: a sub-row whose task cell was merged."""
    filled = [role for role in _SUBROW_ROLES if own.get(role)]
    return (len(filled) >= 2 and all(prev.cells.get(role) for role in filled)
            and not any(_continues_sentence(own[role] or "") for role in filled))


def _glue(prev: DraftRow, cells: dict[str, str | None]) -> None:
    for role, text in cells.items():
        if text:
            prev.cells[role] = f"{prev.cells[role]} {text}" if prev.cells.get(role) else text


def _add_rows(state: _Open, table: Table, body: list[_GridRow], *, after_page_break: bool, is_ruled: bool) -> None:
    """Append a grid's body rows: group headings, tasks, sub-rows of a merged task, continuations.

    A row with no number of its own is
    - a sub-row when a merged number or task cell covers it (one task per sub-row, sharing it);
    - a continuation of the row above when the table numbers its rows and the row opens a page (a
      cell that ran over the page break), or when its text goes on with the sentence above, or
      when the table's rows are text lines rather than ruled rows;
    - otherwise a task of its own (a ruled row is a row).
    """
    draft = state.draft
    roles = draft.roles
    main = "task" if draft.kind == "tasks" else "indicator"
    main_cols = [c for c, role in enumerate(roles) if role == main]
    number_cols = [c for c, role in enumerate(roles) if role == "row_no"]
    first = True
    for grid_row in body:
        texts = grid_row.texts[:len(roles)]
        if not any(texts):
            continue
        own = [t if not inh else "" for t, inh in zip(texts, grid_row.inherited)]
        cells = _cells_by_role(roles, texts)
        number = " ".join(own[c] for c in number_cols if own[c]).strip()
        group = _group_heading(_cells_by_role(roles, own), number, main)
        if group is not None:
            draft.rows.append(DraftRow(cells={}, area_raw=group, page=table.page, table_index=draft.index,
                                       row_index=None, lineno=grid_row.lineno, is_group=True))
            first = False
            continue
        state.has_numbers = state.has_numbers or bool(number)
        is_subrow = any(grid_row.inherited[c] for c in number_cols + main_cols if c < len(grid_row.inherited))
        body_text = cells.get(main) or ""
        own_main = " ".join(own[c] for c in main_cols if own[c])
        prev = next((row for row in reversed(draft.rows) if not row.is_group), None)
        warning = None
        if number or is_subrow or prev is None or _BULLET.match(body_text):
            glue = False
        elif after_page_break and first:
            # the first row of a page: a cell that ran over the break, when the table numbers its rows
            # or the text goes on; in a table without numbers an upper-case row may be a new task
            glue = state.has_numbers or not own_main or _continues_sentence(own_main)
            if glue and own_main and not _continues_sentence(own_main):
                # the empty number says "continued", the capital says "a new sentence": say so
                warning = (f"a row opening page {table.page} with no number was joined to the row above; "
                           f"it may be a task of its own ('{own_main[:40]}')")
        elif draft.kind != "tasks":
            glue = False
        elif not is_ruled:
            own_cells = _cells_by_role(roles, own)
            glue = (state.has_numbers or not own_main or _continues_sentence(own_main)) \
                and not (not own_main and _is_subrow_of(prev, own_cells)) \
                and not (own_main and not _continues_sentence(own_main) and _is_subrow_of(prev, own_cells))
            # (the last: a task, owners and a deadline all opening afresh on one line are a new row
            # whose number was lost, as a scan drops a lone '25')
            if not glue and not own_main:
                # an export that dropped the merged cells ('| | Ủy ban nhân dân các tỉnh | Đài … |'):
                # the sub-row shares every cell it leaves empty
                for role, text in prev.cells.items():
                    if not cells.get(role) and text:
                        cells[role] = text
        else:
            glue = bool(own_main) and _continues_sentence(own_main) and state.has_numbers
        if glue:
            _glue(prev, _cells_by_role(roles, own))
            if warning:
                prev.warnings.append(warning)
            first = False
            continue
        if not own_main and prev is not None and is_ruled and not number:
            # a ruled row with owners or a deadline but no task: a sub-row of the task above
            for role in ("row_no", "objective", main):
                if not cells.get(role) and prev.cells.get(role):
                    cells[role] = prev.cells[role]
        area = next((row.area_raw for row in reversed(draft.rows) if row.is_group), None)
        draft.rows.append(DraftRow(cells=cells, area_raw=area, page=table.page, table_index=draft.index,
                                   row_index=len(draft.rows), lineno=grid_row.lineno))
        first = False


def _is_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 10 and all(c.isupper() for c in letters)


def _group_heading(cells: dict[str, str | None], number: str, main: str) -> str | None:
    """'II' + 'CẢI CÁCH THỂ CHẾ' (or both in one cell) → 'II CẢI CÁCH THỂ CHẾ'; None for a task row."""
    others = [v for k, v in cells.items() if k not in ("row_no", main, "objective") and v]
    if others:
        # a label and one title in capitals across the other columns, whichever column it starts in
        # ('K.' | 'BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH' over the rows of that ministry)
        texts = [v for k, v in cells.items() if k != "row_no" and v]
        if number and _GROUP_LABEL.match(number) and len(texts) == 1 and texts[0].isupper() \
                and sum(c.isalpha() for c in texts[0]) >= 4:  # 'BỘ Y TẾ'
            return f"{number} {texts[0]}"
        return None
    text = cells.get(main) or ""
    m = _ROMAN_ROW.match(number)
    if number and m and m.group("num"):
        return f"{number} {text}".strip() if text else number
    if number and (_ROMAN_MISREAD.match(number) or _is_title(text)) and text and text.isupper():
        # a scan reads 'III' as 'HI', 'Il', '111' or 'H"': a title in capitals with nothing beside
        # it says it is a group row
        return f"{number} {text}"
    if not number:
        m = _ROMAN_ROW.match(text)
        if m and m.group("num") and m.group("title") and m.group("title").isupper():
            return text
    return None


def _drop_group_rows(draft: DraftTable) -> None:
    """Turn group markers into area_raw; a numbered row with no values whose number prefixes the
    next rows' numbers ('3' before '3.1') is a group heading too (indicator tables), and so is a
    row with no number and nothing beside its text over a numbering that starts at 1."""
    rows = draft.rows
    main = "task" if draft.kind == "tasks" else "indicator"
    for i, row in enumerate(rows):
        if row.is_group:
            continue
        number = (row.cells.get("row_no") or "").rstrip(".")
        others = [v for k, v in row.cells.items() if k not in ("row_no", main) and v]
        nxt = next((r for r in rows[i + 1:] if not r.is_group), None)
        nxt_number = (nxt.cells.get("row_no") or "") if nxt else ""
        if number and _NUMBER.match(number) and not others and nxt_number.startswith(number + "."):
            heading = f"{number} {row.cells.get(main) or ''}".strip()
            row.is_group = True
            row.area_raw = heading
            for later in rows[i + 1:]:
                later_number = later.cells.get("row_no") or ""
                if later.is_group or (later_number and not later_number.startswith(number + ".")):
                    break
                later.area_raw = heading
        elif not number and "row_no" in row.cells and not others and row.cells.get(main) \
                and nxt_number.rstrip(".)") in ("1", "a"):
            # no number, nothing beside its text, and the numbering starts under it: a heading
            # ('Nhiệm vụ giao Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo' over rows 1, 2, 3 …)
            row.is_group = True
            for later in rows[i + 1:]:
                if later.is_group or ((later.cells.get("row_no") or "").rstrip(".)") in ("1", "a")
                                      and later is not nxt):
                    break
                later.area_raw = row.cells.get(main)
    draft.rows = [r for r in rows if not r.is_group and r.cells.get(main)]
    for i, r in enumerate(draft.rows):
        r.row_index = i
    _number_gaps(draft.rows)


def _number_gaps(rows: list[DraftRow]) -> None:
    """A row with no number between rows n and n + 2 is row n + 1 (a scan dropped the lone digit)."""
    for before, row, after in zip(rows, rows[1:], rows[2:]):
        numbers = [(x.cells.get("row_no") or "").rstrip(".") for x in (before, after)]
        if "row_no" in row.cells and not row.cells.get("row_no") and all(n.isdigit() for n in numbers) \
                and int(numbers[1]) == int(numbers[0]) + 2:
            row.cells["row_no"] = str(int(numbers[0]) + 1)
            row.warnings.append(f"row number {row.cells['row_no']} was not read; it is taken from the rows around it")
