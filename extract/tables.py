"""Table grids (from text, DOCX, PDF or OCR) → logical tables: column roles, rows stitched across pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vnplan.extract.document import DraftRow, DraftTable, Table
from vnplan.lang.vi import fold, load
from vnplan.lang.vi.patterns import ROMAN_ROW

_ROMAN_ROW = ROMAN_ROW
_BULLET = re.compile(r"^[-+•–]\s*")
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")
_YEAR = re.compile(r"năm\s+((?:19|20)\d{2})", re.IGNORECASE)
OWNER_ROLES = ("lead", "support")


@lru_cache(maxsize=1)
def _role_phrases() -> list[tuple[str, str, int]]:
    """Header words of corpus/lexicons/table_columns.csv, strongest first (then longest)."""
    rows = [(fold(r["phrase"]), r["role"], int(r["priority"] or 0)) for r in load("table_columns")
            if r["kind"] == "header"]
    return sorted(rows, key=lambda r: (-r[2], -len(r[0])))


def column_role(header_text: str) -> tuple[str | None, int]:
    """'Cơ quan chủ trì' → ('lead', 6); 'Hoạt động/sản phẩm' → ('output', 4)."""
    folded = fold(header_text)
    if not folded:
        return None, 0
    for phrase, role, priority in _role_phrases():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            return role, priority
    return None, 0


def _is_header_row(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    if len(filled) < 2:
        return False
    roles = [column_role(t)[0] for t in filled]
    known = sum(1 for r in roles if r)
    return known >= max(2, len(filled) - 1) and any(r in ("row_no", "task", "indicator") for r in roles)


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


@dataclass
class _Open:
    draft: DraftTable
    header_key: str
    width: int


def _row_texts(table: Table, r: int) -> list[str]:
    texts = [""] * table.n_cols
    for cell in table.rows[r]:
        # a cell's line-broken fragments are one text, joined by single spaces
        texts[cell.col] = " ".join(cell.text.split())
    return texts


def interpret_tables(tables: list[Table], headings: list[str | None]) -> list[DraftTable]:
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
        continues = current is not None and (
            (header_rows and key == current.header_key) or (not header_rows and table.n_cols == current.width)
        )
        if not continues:
            if not header_rows:
                continue  # a grid with no recognisable header and nothing to continue: not a task table
            roles = resolve_roles(header_rows)
            kind = "indicators" if "indicator" in roles and "task" not in roles else "tasks"
            year = next((int(m.group(1)) for row in header_rows for t in row for m in [_YEAR.search(t)] if m
                         and column_role(t)[0] == "target"), None)
            current = _Open(
                DraftTable(heading=heading, roles=roles, rows=[], kind=kind, index=len(result),
                           page=table.page, target_year=year),
                key, table.n_cols,
            )
            result.append(current.draft)
        _add_rows(current.draft, table, r, after_page_break=continues)
    for draft in result:
        _drop_group_rows(draft)
    return result


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


def _add_rows(draft: DraftTable, table: Table, start: int, *, after_page_break: bool) -> None:
    main = "task" if draft.kind == "tasks" else "indicator"
    first = True
    for r in range(start, len(table.rows)):
        texts = _row_texts(table, r)
        if not any(texts):
            continue
        cells = _cells_by_role(draft.roles, texts)
        number = (cells.get("row_no") or "").strip()
        lineno = table.rows[r][0].lineno
        group = _group_heading(cells, number, main)
        if group is not None:
            draft.rows.append(DraftRow(cells={}, area_raw=group, page=table.page, table_index=draft.index,
                                       row_index=None, lineno=lineno, is_group=True))
            first = False
            continue
        body = cells.get(main) or ""
        prev = next((row for row in reversed(draft.rows) if not row.is_group), None)
        if not number and prev is not None and not _BULLET.match(body) and (after_page_break and first or draft.kind == "tasks"):
            # a row with no number continues the row above (a cell that ran over a page break)
            for role, text in cells.items():
                if text:
                    prev.cells[role] = f"{prev.cells[role]} {text}" if prev.cells.get(role) else text
            first = False
            continue
        area = next((row.area_raw for row in reversed(draft.rows) if row.is_group), None)
        draft.rows.append(DraftRow(cells=cells, area_raw=area, page=table.page, table_index=draft.index,
                                   row_index=len(draft.rows), lineno=lineno))
        first = False


def _group_heading(cells: dict[str, str | None], number: str, main: str) -> str | None:
    """'II' + 'CẢI CÁCH THỂ CHẾ' (or both in one cell) → 'II CẢI CÁCH THỂ CHẾ'; None for a task row."""
    others = [v for k, v in cells.items() if k not in ("row_no", main, "objective") and v]
    if others:
        return None
    text = cells.get(main) or ""
    m = _ROMAN_ROW.match(number)
    if number and m and m.group("num"):
        return f"{number} {text}".strip() if text else number
    if not number:
        m = _ROMAN_ROW.match(text)
        if m and m.group("num") and m.group("title") and m.group("title").isupper():
            return text
    return None


def _drop_group_rows(draft: DraftTable) -> None:
    """Turn group markers into area_raw; a numbered row with no values whose number prefixes the
    next rows' numbers ('3' before '3.1') is a group heading too (indicator tables)."""
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
    draft.rows = [r for r in rows if not r.is_group and r.cells.get(main)]
    for i, r in enumerate(draft.rows):
        r.row_index = i
