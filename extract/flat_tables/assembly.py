"""Flattened text → FlatTables: find each header, read the body, cut every row twice (the second
time with what the first taught about each column), and attach the rows' warnings."""

from __future__ import annotations

import math
import statistics
from dataclasses import replace

from vnplan.extract.document import DraftRow, DraftTable, Line
from vnplan.extract.flat_tables.evidence import NO_EVIDENCE, Evidence
from vnplan.extract.flat_tables.vocabulary import (
    _ends_dangling, _is_broken_head, _unit_name_pairs, _words, ROLE_KIND, word_pairs
)
from vnplan.extract.flat_tables.header import _decoded_header, _is_header_start
from vnplan.extract.flat_tables.body import (
    _glued_words, _heading_above, _KIND_WORDS, _lineno, _RawRow, _read_body, _read_header, FlatTable
)
from vnplan.extract.flat_tables.columns import _ColumnModel, _Cut, _learn, _learn_interleaved
from vnplan.extract.flat_tables.segmenter import _cut_row, _sub_rows
from vnplan.extract.flat_tables.interleaved import _cut_interleaved


def _spread_width(rows: list[_RawRow]) -> float:
    """Lines longer than this may hold several cells side by side: well above the long lines of one
    column. When most rows open with such a line (the first lines of all cells side by side, the rest
    cell after cell) those lines alone fill the top of the lengths, so the lines after them decide."""
    return min(_long_line(len(f.text) for r in rows for f in r.fragments if not f.is_empty_marker),
               _long_line((len(f.text) for r in rows for f in r.fragments
                           if not f.is_empty_marker and not f.is_row_first), at_least=10))


def _long_line(lengths, at_least: int = 1) -> float:
    lengths = sorted(lengths)
    if len(lengths) < at_least:
        return math.inf
    top = lengths[int(len(lengths) * 0.8):] or lengths
    return statistics.median(top) * 1.3


def _row_warnings(cells: dict[str, str | None], models: list[_ColumnModel], cut: _Cut) -> list[str]:
    warnings = []
    if cut.wrapped:
        warnings.append(f"row at line {cut.lineno}: one printed line held the first lines of several "
                        "cells; the cells were rebuilt from interleaved text")
    for lineno in cut.split_lines:
        warnings.append(f"line {lineno} was cut between two cells")
    if cut.run_on and not cut.wrapped and not cut.split_lines:
        warnings.append(f"row at line {cut.lineno}: its cells run on after a page break or an interleaved line "
                        f"(line {cut.run_on[0]}); the pieces were given to columns in order")
    for lineno, left, right in cut.torn:
        warnings.append(f"line {lineno}: a cell was cut between {left!r} and {right!r}, words that stand "
                        "together elsewhere in the text; check the row")
    for model in models:
        text = cells.get(model.role)
        if model.role == "task" and not text:
            warnings.append("task cell is empty")
        if text and model.kind == "owner" and (_ends_dangling(text) or _is_broken_head(text)):
            warnings.append(f"the {model.role} cell {text!r} looks cut short; check the row")
        if text and model.kind in ("owner", "deadline"):
            vocabulary = model.vocabulary()
            words = _words(text)
            known = (model.evidence.is_known_unit(text) if model.kind == "owner"
                     else model.evidence.is_time_expression(text))
            if not known and sum(1 for w in words if not model.is_own_word(w, vocabulary)) > len(words) / 2:
                warnings.append(f"the {model.role} cell {text!r} does not look like {_KIND_WORDS.get(model.kind, model.kind)}; "
                                "check the row")
    return warnings


def _build_table(lines: list[Line], header_start: int, roles: list[str], body_start: int,
                 index: int, evidence: Evidence) -> tuple[FlatTable, int] | None:
    header_text = " ".join(" ".join(ln.text.split()) for ln in lines[header_start:body_start] if ln.text.strip())
    raw_rows, last_used = _read_body(lines, body_start, roles, _glued_words(lines), header_text)
    if not raw_rows:
        return None
    if "row_no" not in roles and any(r.row_no for r in raw_rows):
        roles = ["row_no", *roles]  # the rows are numbered although the header names no column for it
    has_objective = "objective" in roles
    cell_roles = [r for r in roles if r != "row_no"]
    models = [_ColumnModel(r, ROLE_KIND[r], evidence=evidence) for r in cell_roles]
    spread = _spread_width(raw_rows)
    # word pairs of the whole text, but not of the table's wide lines: those may hold several cells
    spread_lines = {f.lineno for r in raw_rows for f in r.fragments if len(f.text) > spread}
    pairs = word_pairs(ln.text for k, ln in enumerate(lines) if _lineno(lines, k) not in spread_lines)
    pairs.update(_unit_name_pairs())  # "Ban | thường vụ Đảng ủy": the words of the units' names

    # a header printed line by line across its cells: the rows are printed so too
    header_parts = [ln.text.strip() for ln in lines[header_start:body_start] if ln.text.strip()]
    decoded = _decoded_header(header_parts)
    interleaved = decoded is not None and decoded[1] == "interleaved"
    if interleaved:  # the table's lines join words of cells side by side: only the text around it teaches
        table_lines = {f.lineno for r in raw_rows for f in r.fragments}
        pairs = word_pairs(ln.text for k, ln in enumerate(lines) if _lineno(lines, k) not in table_lines
                           and not header_start <= k < body_start)
        pairs.update(_unit_name_pairs())

    def cut_all(models: list[_ColumnModel]) -> list[tuple[_RawRow, int, _Cut]]:
        out = []
        for row in raw_rows:
            if interleaved and row.fragments:
                out.append((row, 0, _cut_interleaved(row.fragments, models, pairs)))
                continue
            for sub_index, fragments in enumerate(_sub_rows(row, has_objective)):
                sub_models = models if sub_index == 0 else [m for m in models if m.role != "objective"]
                out.append((row, sub_index, _cut_row(fragments, sub_models, spread, pairs)))
        return out

    first_pass = cut_all(models)
    models = (_learn_interleaved if interleaved else _learn)(models, [c for _, _, c in first_pass])
    second_pass = cut_all(models)

    heading, heading_first = _heading_above(lines, header_start)
    draft_rows: list[DraftRow] = []
    objective: str | None = None
    for row, sub_index, cut in second_pass:
        cells: dict[str, str | None] = {}
        for role in roles:
            if role == "row_no":
                cells[role] = row.row_no
            else:
                cells[role] = cut.cells.get(role) or None
        if has_objective:
            if sub_index == 0:
                objective = cells.get("objective")
            else:
                cells["objective"] = objective  # a merged "Mục tiêu" cell repeats on each row
        if not any(cells.get(r) for r in cell_roles):
            continue
        draft_rows.append(DraftRow(
            cells=cells, area_raw=row.area_raw, table_index=index, row_index=len(draft_rows),
            lineno=cut.lineno, warnings=_row_warnings(cells, models, cut),
        ))
    table = DraftTable(heading=heading, roles=roles, rows=draft_rows, kind="tasks", index=index)
    first_index = heading_first if heading_first < header_start else header_start
    return FlatTable(table, _lineno(lines, first_index), _lineno(lines, last_used)), last_used


def find_flat_tables(lines: list[Line], evidence: Evidence = NO_EVIDENCE) -> list[FlatTable]:
    """Tables whose cells were flattened one fragment a line ('STT Nội dung thực hiện', 'Công chức,',
    'ban ngành', 'thực hiện', …) → one FlatTable each, rows cut into cells by column role.
    `evidence`: the deadline grammar's and the owner coder's word on a cell (built by the pipeline,
    `vnplan.normalize.evidence.cutting_evidence()`); without it cells are cut by the text alone."""
    # a CRLF file read without newline translation leaves "\r" at the ends
    lines = [replace(ln, text=ln.text.rstrip("\r\n")) if ln.text.endswith(("\r", "\n")) else ln
             for ln in lines]
    tables: list[FlatTable] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        if "\t" not in text and _is_header_start(text):
            header = _read_header(lines, i)
            if header is not None:
                roles, body_start = header
                built = _build_table(lines, i, roles, body_start, len(tables), evidence)
                if built is not None:
                    tables.append(built[0])
                    i = max(body_start, built[1] + 1)
                    continue
        i += 1
    return tables
