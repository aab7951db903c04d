"""Web-page exports in 'pipe block' Markdown (thuvienphapluat.vn and kin) → Document.

Such an export writes an HTML table as a run of blocks separated by lines that hold only '|':
each row opens with '|', every cell is followed by '|', so two '|' lines in a row are either a row
boundary or an empty cell. Merged cells are printed once (a row under a vertical merge has fewer
cells) and column spans are lost. Bold and italics are '**' and '*'. Some exports wrap the
document in site furniture (a copyright banner, a metadata box, related-document lists).

The reader finds the rows by dynamic programming over the blocks: rows of one table have the same
width, a row starts with its number more often than not, a block holding a blank line (or a very
long one) is text between tables, never a cell. Short rows are then placed in the columns whose
content they resemble, and the cells above them span down over the columns they leave out, the way
a DOCX grid records a vertical merge.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from vnplan.extract.document import Block, Cell, Document, Line, Table
from vnplan.extract.header_tables import layout_lines
from vnplan.lang.vi import fold, load

_PIPE = re.compile(r"^\s*\|\s*$")
_RULE = re.compile(r"^\s*(?:[-_=]{3,}|#+)\s*$")  # decorative rules under the issuer and motto; bare '#'
_LABEL = re.compile(r"^(?:(?:\d{1,3}|[IVXL]{1,6})(?:\.\d{1,3})*\.?|[A-Za-zđĐ][.)]?)$")
_SUB_LABEL = re.compile(r"^(?:[IVXL]{1,6}|\d{1,3})(?:\.\d{1,3})+\.?$")  # 'III.1.1', '2.3'
_TIME = re.compile(r"(?:19|20)\d{2}|\b(?:quý|tháng|năm|hàng|thường xuyên|trước|giai đoạn)\b", re.IGNORECASE)
_TAG = re.compile(r"</?(?:i|b|u|em|strong|span|p|br)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \u00a0\t]+")
_DOC_HEADING = re.compile(r"^(?:phu luc\b|dieu \d+\s*\.|quyet dinh\s*:|quyet nghi\s*:)")
MAX_WIDTH = 16  # widest table seen in the exports: 13 columns
MAX_SPAN_LINES = 3  # a bold span (a heading) wrapped over more lines than this is not one
RIGHT_PRIOR = 0.75  # per cell of a short row that sits where right-aligning puts it (see _align)
MIN_PROFILE_ROWS = 3  # whole rows needed before a table's columns are trusted to judge other rows
MISFIT_WEIGHT = 1.0  # per unit of misfit of a cell in its column (see _fit), against row costs of 0.3-3
LONG_BLOCK = 60  # lines; a longer block in an export without blank lines is text, not a cell


def is_pipe_export(text: str) -> bool:
    """Whether TEXT is a pipe-block export: several lines holding only '|', two of them adjacent."""
    lines = text.splitlines()
    pipes = [i for i, ln in enumerate(lines) if _PIPE.match(ln)]
    adjacent = any(b == a + 1 for a, b in zip(pipes, pipes[1:]))
    return len(pipes) >= 3 and adjacent


def strip_md(text: str) -> str:
    """Text without '**'/'*' emphasis marks and inline tags (a leading '* ' bullet stays)."""
    text = _TAG.sub("", text).replace("**", "")
    bullet = re.match(r"^\s*\*\s+(?=\S)", text)
    head, rest = (text[:bullet.end()], text[bullet.end():]) if bullet else ("", text)
    return head + rest.replace("*", "")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", strip_md(text)).strip()


@lru_cache(maxsize=1)
def _furniture() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for row in load("site_furniture"):
        found.setdefault(row["where"], []).append(row["phrase"])
    return {k: tuple(v) for k, v in found.items()}


def _is_furniture(line: str, where: str) -> bool:
    folded = fold(strip_md(line)).strip(" #")
    return bool(folded) and any(folded.startswith(p.strip(" #")) for p in _furniture()[where])


_MOTTO = re.compile(r"c[oộ]ng\s+h[oò]a\s+x[aã]\s+h[oộ]i", re.IGNORECASE)


def _document_span(lines: list[str]) -> tuple[int, int]:
    """[first, last) lines of the document proper, site furniture before and after left out."""
    first, last = 0, len(lines)
    head_window = lines[:200]
    if sum(_is_furniture(ln, "head") for ln in head_window) >= 2:
        motto = next((i for i, ln in enumerate(lines)  # the motto may be wrapped: 'CỘNG' / 'HÒA XÃ HỘI …'
                      if not _PIPE.match(ln)
                      and _MOTTO.search(fold(strip_md(ln + " " + (lines[i + 1] if i + 1 < len(lines) else ""))))), None)
        if motto is not None:
            # back to the '|' that opens the header row: the separator before the motto, then the issuer cell
            pipes = [i for i in range(motto) if _PIPE.match(lines[i])]
            first = pipes[-2] if len(pipes) >= 2 else (pipes[-1] if pipes else motto)
    for i in range(first, len(lines)):
        if _is_furniture(lines[i], "tail"):
            last = i
            # the page's own title line(s) printed just before the furniture
            while last > first and lines[last - 1].strip() and not _PIPE.match(lines[last - 1]) \
                    and " ban hành" in lines[last - 1] and i - last < 3:
                last -= 1
            break
    return first, last


@dataclass
class _Segment:
    lineno: int  # 1-based line of the block's first line (of the '|' before it when empty)
    lines: list[str]

    @property
    def empty(self) -> bool:
        return not self.lines

    @property
    def text(self) -> str:
        return _clean(" ".join(self.lines))


def _cell_cost(seg: _Segment, no_blank_file: bool) -> float:
    if any(not ln.strip() for ln in seg.lines):
        return math.inf  # a cell never holds a blank line: this is text between tables
    if no_blank_file and len(seg.lines) > LONG_BLOCK:
        return 6.0
    if no_blank_file and seg.lines and _DOC_HEADING.match(fold(strip_md(seg.lines[0])).strip()):
        return 5.0  # 'PHỤ LỤC I', 'Điều 2.': the document goes on between two tables
    return 0.0


def _separator_cost(seg: _Segment, no_blank_file: bool) -> float:
    """The cost of reading a non-empty block as text between two tables (ending the first)."""
    if any(not ln.strip() for ln in seg.lines):
        return 0.0
    if not no_blank_file:
        return math.inf  # between tables an export with blank lines always has a blank line
    return 1.5 if len(seg.lines) >= 4 else 4.5


def _parse_rows(segments: list[_Segment], no_blank_file: bool,
                profile: list[tuple[float, float, float]] | None = None) -> list[tuple[str, object]]:
    """('table', [rows of segment indices]) and ('text', segment index) items in order.

    With `profile` (what the columns of one table hold, from a first reading) the segments are that
    table's alone: they are cut into rows of its width again, and a row also pays for cells that do
    not fit their columns — a short row's cells set against the last columns (the ones a vertical
    merge leaves) — so that two merged sub-rows of three cells and the empty cell between them are
    not read as one row of seven."""
    m = len(segments)
    if m == 0:
        return []
    widths = range(1, MAX_WIDTH + 1) if profile is None else [len(profile)]
    misfit = {len(profile): [[-_fit(s.text, p) if s.text else 0.0 for p in profile] for s in segments]
              } if profile else {}
    cell = [_cell_cost(s, no_blank_file) for s in segments]
    sep = [_separator_cost(s, no_blank_file) for s in segments]
    label = [bool(_LABEL.match(s.text)) for s in segments]
    sub_label = [bool(_SUB_LABEL.match(s.text)) for s in segments]
    blank = [not s.text for s in segments]
    table_start = 2.0
    inf = math.inf
    best = [[inf] * (MAX_WIDTH + 1) for _ in range(m + 1)]
    back: list[list[tuple | None]] = [[None] * (MAX_WIDTH + 1) for _ in range(m + 1)]
    for w in widths:
        best[0][w] = table_start + 0.01 * w
    final, final_back = inf, None
    for i in range(m):
        for w in widths:
            base = best[i][w]
            if base == inf:
                continue
            cost_cells = 0.0
            for k in range(1, min(w, m - i) + 1):
                cost_cells += cell[i + k - 1]
                if cost_cells == inf:
                    break
                if profile is None:
                    row = 0.0 if k == w else 1.5 + 0.5 * (w - k)
                else:  # the misfit of the cells says where a vertical merge left a short row
                    row = 0.0 if k == w else 0.3 + 0.15 * (w - k)
                if k == 2 and k < w and label[i] and not label[i + 1]:
                    row = 1.0  # a group row: 'III.1' | 'Nhóm ứng dụng …' spanning the rest
                if label[i]:
                    row -= 0.6
                if any(sub_label[i + 1:i + k]):
                    row += 1.5  # 'III.1.1' inside a row: more likely the start of the next one
                if any(blank[p - 1] and label[p] and not label[p - 2] for p in range(i + 2, i + k)):
                    row += 4.0  # an empty cell, then 'H.': the empty block was the row's end
                elif blank[i] and k > 1:
                    row += 0.3
                if all(blank[i:i + k]):
                    row += 4.0
                if w in misfit and not (k == 2 and label[i]):
                    row += MISFIT_WEIGHT * sum(misfit[w][i + j][w - k + j] for j in range(k))
                total = base + cost_cells + row
                j = i + k
                if j == m:
                    if total < final:
                        final, final_back = total, (i, w, k)
                    continue
                if segments[j].empty:
                    if j + 1 < m and total < best[j + 1][w]:
                        best[j + 1][w], back[j + 1][w] = total, (i, w, k, "gap")
                    elif j + 1 == m and total + 0.5 < final:
                        final, final_back = total + 0.5, (i, w, k)  # a stray '|' after the last row
                    continue
                if j + 1 == m:
                    if total + 1.0 < final:
                        final, final_back = total + 1.0, (i, w, k)  # text, then a lone '|'
                    continue
                if sep[j] == inf or profile is not None:
                    continue
                for w2 in range(1, MAX_WIDTH + 1):
                    t2 = total + sep[j] + table_start + 0.01 * w2
                    if t2 < best[j + 1][w2]:
                        best[j + 1][w2], back[j + 1][w2] = t2, (i, w, k, "text")
    if final_back is None:
        return [("text", j) for j in range(m)]
    # walk back: rows, gaps and text separators
    items: list[tuple[str, object]] = []
    i, w, k = final_back
    trailing = i + k if i + k < m and not segments[i + k].empty else None
    rows: list[list[int]] = [list(range(i, i + k))]
    while True:
        step = back[i][w]
        if step is None:
            break
        pi, pw, pk, kind = step
        if kind == "text":
            items.append(("table", list(reversed(rows))))
            items.append(("text", pi + pk))
            rows = []
        rows.append(list(range(pi, pi + pk)))
        i, w = pi, pw
    items.append(("table", list(reversed(rows))))
    items.reverse()
    if trailing is not None:
        items.append(("text", trailing))
    return items


def _parse_rows_twice(segments: list[_Segment], no_blank_file: bool) -> list[tuple[str, object]]:
    """A first reading, then each table whose columns are known from its surely whole rows (as
    wide as the table, opening with a row label) cut into rows again with that knowledge."""
    items = _parse_rows(segments, no_blank_file)
    for n, (kind, value) in enumerate(items):
        if kind != "table":
            continue
        width = max(len(row) for row in value)
        whole = [[segments[j].text for j in row] for row in value
                 if len(row) == width and _LABEL.match(segments[row[0]].text)]
        if len(whole) < MIN_PROFILE_ROWS or width < 3:
            continue
        first, last = value[0][0], value[-1][-1]
        again = _parse_rows(segments[first:last + 1], no_blank_file, [_profile(list(c)) for c in zip(*whole)])
        if len(again) == 1 and again[0][0] == "table":
            items[n] = ("table", [[first + j for j in row] for row in again[0][1]])
    return items


def _profile(texts: list[str]) -> tuple[float, float, float]:
    """(share of row labels, share of time expressions, mean log length) of a column."""
    filled = [t for t in texts if t]
    if not filled:
        return 0.0, 0.0, 0.0
    return (sum(bool(_LABEL.match(t)) for t in filled) / len(filled),
            sum(bool(_TIME.search(t)) and len(t) < 60 for t in filled) / len(filled),
            sum(math.log(1 + len(t)) for t in filled) / len(filled))


def _fit(text: str, profile: tuple[float, float, float]) -> float:
    is_label = 1.0 if _LABEL.match(text) else 0.0
    is_time = 1.0 if _TIME.search(text) and len(text) < 60 else 0.0
    return -(abs(is_label - profile[0]) * 2 + abs(is_time - profile[1]) * 1.5
             + abs(math.log(1 + len(text)) - profile[2]) * 0.5)


def _align(texts: list[str], profiles: list[tuple[float, float, float]]) -> list[int]:
    """Columns for the K cells of a short row: the monotone placement that fits the columns best."""
    k, w = len(texts), len(profiles)
    merged = not _LABEL.match(texts[0])  # a row that opens with its own label is no merge's remainder
    score = [[-math.inf] * (w + 1) for _ in range(k + 1)]
    choice: dict[tuple[int, int], bool] = {}
    for c in range(w + 1):
        score[0][c] = 0.0
    for a in range(1, k + 1):
        for c in range(a, w + 1):
            skip = score[a][c - 1] if c - 1 >= a else -math.inf
            take = score[a - 1][c - 1] + _fit(texts[a - 1], profiles[c - 1])
            if merged and c - 1 == w - k + a - 1:
                take += RIGHT_PRIOR  # a vertical merge most often leaves the last columns
            score[a][c], choice[(a, c)] = (take, True) if take >= skip else (skip, False)
    cols, a, c = [], k, w
    while a > 0:
        if choice[(a, c)]:
            cols.append(c - 1)
            a -= 1
        c -= 1
    return list(reversed(cols))


def _header_placement(first: list[str], second: list[str], width: int) -> tuple[list[tuple[int, int]], list[int]] | None:
    """A two-row header whose first row has one parent spanning the second row's cells:
    ((col, span) per first-row cell, column per second-row cell), or None when it does not add up."""
    if len(first) - 1 + len(second) != width or not second:
        return None
    from vnplan.extract.tables import column_role  # header words of the table lexicon (read only)

    roles = [column_role(t)[0] for t in first]
    unnamed = [i for i, r in enumerate(roles) if r in (None, "ignore")]
    parent = unnamed[-1] if unnamed else len(first) - 1
    spans, col = [], 0
    for i in range(len(first)):
        span = len(second) if i == parent else 1
        spans.append((col, span))
        col += span
    start = spans[parent][0]
    return spans, list(range(start, start + len(second)))


def _build_table(rows: list[list[_Segment]], index: int) -> Table:
    width = max(len(r) for r in rows)
    texts = [[s.text for s in r] for r in rows]
    full = [t for t in texts if len(t) == width]
    profiles = [_profile([t[c] for t in full]) for c in range(width)] if full else None
    grid: list[list[Cell]] = []
    owner_of: dict[int, Cell] = {}  # column → the cell that covers it in the row above
    first_full = next((r for r, t in enumerate(texts) if len(t) == width), len(texts))
    header_plan = None
    if first_full >= 2 and len(texts[0]) < width:
        header_plan = _header_placement(texts[0], texts[1], width)
    for r, segs in enumerate(rows):
        k = len(segs)
        if header_plan and r == 0:
            placed = [(c, span) for c, span in header_plan[0]]
        elif header_plan and r == 1:
            placed = [(c, 1) for c in header_plan[1]]
        elif 1 < k < width and r >= first_full and _LABEL.match(texts[r][0]) and not _LABEL.match(texts[r][1]) \
                and k == 2:
            placed = [(0, 1), (1, width - 1)]  # a group row: 'A.' | 'BỘ NÔNG NGHIỆP …' across the rest
        elif k == width or profiles is None or r < first_full:
            placed = [(c, 1) for c in range(k)]
        else:
            placed = [(c, 1) for c in _align(texts[r], profiles)]
        row: list[Cell] = []
        covered: set[int] = set()
        for seg, (c, span) in zip(segs, placed):
            cell = Cell(text=seg.text, row=r, col=c, col_span=span, lineno=seg.lineno)
            row.append(cell)
            covered.update(range(c, c + span))
        for c in range(width):
            if c in covered:
                continue
            above = owner_of.get(c)
            if above is not None and above.col == c:
                above.row_span = r - above.row + 1  # a vertical merge: the cell above spans down
        for cell in row:
            for c in range(cell.col, cell.col + cell.col_span):
                owner_of[c] = cell
        grid.append(row)
    return Table(rows=grid, index=index, lineno=rows[0][0].lineno)


def _logical_lines(raw: list[str]) -> list[str]:
    """Physical lines joined while an emphasis span ('**…**', '*…*') runs across them."""
    out: list[str] = []
    open_span = False
    for line in raw:
        if _RULE.match(line):
            continue
        if open_span and out:
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line.strip())
        bold = line.count("**")
        single = line.replace("**", "").count("*")
        if bold % 2 or single % 2:
            open_span = not open_span
    return [c for c in (_clean(t) for t in out) if c]


def _span_end(lines: list[str], first: int, stop: int) -> int:
    """The line where a bold span opened on line FIRST closes, when it closes within a few lines and
    no blank line; FIRST itself when it does not."""
    opened = lines[first].count("**")
    for k in range(first + 1, min(stop, first + 1 + MAX_SPAN_LINES)):
        if not lines[k].strip() or _PIPE.match(lines[k]):
            break
        opened += lines[k].count("**")
        if opened % 2 == 0:
            return k
    return first


def document_from_pipe_export(text: str, *, path: str, sha256: str) -> Document:
    raw_lines = [unicodedata.normalize("NFC", ln.replace("\ufeff", "")) for ln in text.splitlines()]
    first, last = _document_span(raw_lines)
    no_blank = sum(1 for ln in raw_lines[first:last] if not ln.strip()) < 0.02 * max(1, last - first)
    pipes = [i for i in range(first, last) if _PIPE.match(raw_lines[i])]
    doc = Document(path=path, sha256=sha256, format="txt")
    if first:
        doc.warnings.append(f"site text before the document (lines 1-{first}) left out")
    if last < len(raw_lines):
        doc.warnings.append(f"site text after the document (lines {last + 1}-{len(raw_lines)}) left out")

    def add_text(start: int, stop: int) -> None:
        previous_span = False
        i = start - 1
        while i + 1 < stop:
            i += 1
            line = raw_lines[i]
            if _RULE.match(line):
                continue
            stripped = line.strip()
            if stripped.startswith("**") and stripped.count("**") % 2:
                # a bold heading wrapped over lines ('**I. MỤC' / 'ĐÍCH, YÊU CẦU**') is one line
                end = _span_end(raw_lines, i, stop)
                if end > i:
                    line = " ".join(raw_lines[k].strip() for k in range(i, end + 1))
                    stripped = line.strip()
                    i = end
            whole_span = no_blank and stripped.startswith("*")
            if no_blank and (whole_span or previous_span) and doc.blocks:
                doc.blocks.append(Block(line=Line(text=" ", lineno=i + 1, origin="txt")))  # hard break
            clean = _SPACES.sub(" ", strip_md(line)).rstrip()
            doc.blocks.append(Block(line=Line(text=clean if clean.strip() else "", lineno=i + 1, origin="txt")))
            previous_span = no_blank and stripped.endswith("*")

    if not pipes:
        add_text(first, last)
        return doc
    add_text(first, pipes[0])
    segments = [_Segment(lineno=(a + 2 if b > a + 1 else a + 1), lines=raw_lines[a + 1:b])
                for a, b in zip(pipes, pipes[1:])]
    n_tables = 0
    for kind, value in _parse_rows_twice(segments, no_blank):
        if kind == "text":
            seg = segments[value]
            start = pipes[value] + 1
            add_text(start, start + len(seg.lines))
            continue
        rows = [[segments[j] for j in row] for row in value]
        lines = layout_lines([[_logical_lines(s.lines) for s in row] for row in rows])
        if lines is not None:
            lineno = rows[0][0].lineno
            for text_line in lines:
                doc.blocks.append(Block(line=Line(text=text_line, lineno=lineno, origin="txt")))
            doc.blocks.append(Block(line=Line(text=" ", lineno=lineno, origin="txt")))
            continue
        doc.blocks.append(Block(table=_build_table(rows, n_tables)))
        n_tables += 1
    add_text(pipes[-1] + 1, last)
    return doc
