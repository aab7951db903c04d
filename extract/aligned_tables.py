"""Tables without vertical rules → cell boxes: columns from the white gaps between words, rows from
horizontal rules when there are some, else from the text lines (a row is then a line, and the table
parser joins a cell's wrapped lines on the evidence of the row-number column)."""

from __future__ import annotations

from typing import Callable, Protocol, TypeVar

Box = tuple[float, float, float, float]


class _Word(Protocol):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


W = TypeVar("W", bound=_Word)

# share of a table's many-column lines that may cross a column gap (a slip of OCR or of alignment)
_CROSSING_SHARE = 0.05
_MIN_GAP = 2.0  # points between two columns' text, at the least


def baseline_rows(words: list[W], by_first_word: bool = False) -> list[list[W]]:
    """Words on one baseline, top to bottom, each row left to right: a word joins the row above when
    its centre lies within 0.45 of a line height of the row's mean centre (the height of the taller
    of the word and the row's tallest word, or with BY_FIRST_WORD of the row's first word, as the
    alignment finder below was measured with)."""
    rows: list[list[W]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        center = (word.top + word.bottom) / 2
        if rows:
            last = rows[-1]
            last_center = sum((w.top + w.bottom) / 2 for w in last) / len(last)
            row_height = (last[0].bottom - last[0].top if by_first_word
                          else max(w.bottom - w.top for w in last))
            if abs(center - last_center) <= 0.45 * max(word.bottom - word.top, row_height):
                last.append(word)
                continue
        rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _is_caps_title(words: list[_Word]) -> bool:
    """'CẢI CÁCH THỦ TỤC HÀNH CHÍNH' after a misread numeral: a group heading spanning the columns."""
    letters = [c for w in words for c in w.text if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


def word_space(lines: list[list[_Word]]) -> float:
    """The widest gap still a space between two words of one phrase: 1.6 × the usual gap between
    neighbouring words (a text layer's boxes include the glyphs' side bearings, OCR boxes hug the
    ink, so the gap is measured, not assumed); columns sit at least two cell paddings apart."""
    gaps = sorted(b.x0 - a.x1 for line in lines for a, b in zip(line, line[1:]) if b.x0 > a.x1)
    if len(gaps) < 5:
        heights = sorted(w.bottom - w.top for line in lines for w in line) or [10.0]
        return 0.35 * heights[len(heights) // 2]
    return 1.6 * gaps[len(gaps) // 2]


def _runs(line: list[_Word], space: float) -> list[tuple[float, float]]:
    """A line's phrases (words joined by ordinary spaces) as x ranges."""
    runs: list[list[float]] = []
    for word in line:
        if runs and word.x0 - runs[-1][1] <= space:
            runs[-1][1] = max(runs[-1][1], word.x1)
        else:
            runs.append([word.x0, word.x1])
    return [(a, b) for a, b in runs]


def column_gaps(lines: list[list[_Word]], x0: float, x1: float, space: float) -> list[float]:
    """x positions between columns: gaps that no phrase of a line spread over three or more
    columns crosses (group headings, wrapped cell lines, prose and page numbers are left out)."""
    spread = [line for line in lines if len(_runs(line, space)) >= 3]
    if not spread:
        return []
    width = int(x1 - x0) + 2
    crossing = [0] * width
    for line in spread:
        for a, b in _runs(line, space):
            for x in range(max(0, int(a - x0)), min(width, int(b - x0) + 1)):
                crossing[x] += 1
    limit = int(_CROSSING_SHARE * len(spread))
    gaps: list[float] = []
    start = None
    ink_seen = False
    for x, count in enumerate(crossing):
        if count <= limit:
            if start is None:
                start = x
        else:
            if start is not None and ink_seen and x - start >= _MIN_GAP:
                gaps.append(x0 + _emptiest(crossing, start, x))
            start = None
            ink_seen = True
    return gaps


def _emptiest(crossing: list[int], start: int, end: int) -> float:
    """The middle of the longest stretch crossed by the fewest phrases in [start, end): a lone
    header word ('STT' wider than its numbers) stays in its column."""
    least = min(crossing[start:end])
    best, run_start, best_len = (start + end) / 2, None, 0
    for x in range(start, end + 1):
        if x < end and crossing[x] == least:
            run_start = x if run_start is None else run_start
        elif run_start is not None:
            if x - run_start > best_len:
                best, best_len = (run_start + x) / 2, x - run_start
            run_start = None
    return best


def _row_cells(top: float, bottom: float, gaps: list[float], x0: float, x1: float,
               lines: list[list[_Word]], space: float) -> list[Box]:
    """A row's cell boxes; a phrase running over a column gap (a group heading) makes one cell of
    the columns it covers."""
    edges = [x0, *gaps, x1]
    joined = [False] * len(gaps)
    for line in lines:
        for a, b in _runs(line, space):
            for i, gap in enumerate(gaps):
                if a < gap < b:
                    joined[i] = True
    boxes: list[Box] = []
    left = edges[0]
    for i in range(len(gaps)):
        if not joined[i]:
            boxes.append((left, top, edges[i + 1], bottom))
            left = edges[i + 1]
    boxes.append((left, top, edges[-1], bottom))
    return boxes


def ruled_row_table(words: list[_Word], row_edges: list[float], x0: float, x1: float) -> list[Box]:
    """Cell boxes of a table whose rows are ruled by horizontal lines only."""
    inside = [w for w in words if row_edges[0] <= (w.top + w.bottom) / 2 <= row_edges[-1] and x0 <= w.x0 <= x1]
    lines = baseline_rows(inside, by_first_word=True)
    space = word_space(lines)
    gaps = column_gaps(lines, x0, x1, space)
    boxes: list[Box] = []
    for top, bottom in zip(row_edges, row_edges[1:]):
        row_lines = [ln for ln in lines if top <= (ln[0].top + ln[0].bottom) / 2 <= bottom]
        boxes += _row_cells(top, bottom, gaps, x0, x1, row_lines, space)
    return boxes


def borderless_table(words: list[_Word], is_header_line: Callable[[str], bool],
                     is_label: Callable[[str], bool]) -> list[Box]:
    """Cell boxes of a text-aligned table: from the first header-like line to the last line that
    keeps to the columns; the header's lines are one row, every other line a row of its own."""
    lines = baseline_rows(words, by_first_word=True)
    space = word_space(lines)
    start = next((i for i, ln in enumerate(lines) if len(_runs(ln, space)) >= 3
                  and is_header_line(" ".join(w.text for w in ln))), None)
    has_header = start is not None
    if start is None:
        # a page that continues a table whose header was printed on page 1 only: it opens with a
        # numbered row spread over three or more columns (the table parser decides if it continues)
        start = next((i for i, ln in enumerate(lines[:3]) if len(_runs(ln, space)) >= 3 and is_label(ln[0].text)), None)
        if start is None:
            return []
    x0 = min(w.x0 for ln in lines[start:] for w in ln)
    x1 = max(w.x1 for ln in lines[start:] for w in ln)
    gaps = column_gaps(lines[start:], x0, x1, space)
    if len(gaps) < 2:
        return []
    # the table ends before the first line that crosses a gap and is no group heading
    end = len(lines)
    # or before a line set far below the one above it (the signature, the page number)
    pitches = sorted(lines[i + 1][0].top - lines[i][0].top for i in range(start, len(lines) - 1))
    pitch = pitches[len(pitches) // 2] if pitches else 0.0
    for i in range(start + 1, len(lines)):
        runs = _runs(lines[i], space)
        if pitch and lines[i][0].top - lines[i - 1][0].top > 2.5 * pitch:
            end = i
            break
        crosses = any(a < g < b for a, b in runs for g in gaps)
        first = lines[i][0]
        # a group row: a numeral in the first column before a title, or a title in capitals set at
        # the left edge of the second column (a scan may drop the numeral)
        is_group = (first.x1 <= gaps[0] and (is_label(first.text) or _is_caps_title(lines[i][1:]))) or (
            _is_caps_title(lines[i]) and gaps[0] <= first.x0 < gaps[0] + 0.15 * (gaps[1] - gaps[0]))
        if crosses and not is_group or len(runs) == 1 and runs[0][0] > gaps[-1]:
            end = i
            break
    body = lines[start:end]
    gaps = column_gaps(body, x0, x1, space)
    if len(gaps) < 2 or sum(1 for ln in body if len(_runs(ln, space)) >= 3) < 3:
        return []
    first_col_end = gaps[0]
    pad = 1.0
    top = min(w.top for w in body[0]) - pad
    boxes: list[Box] = []
    head_end, previous = 0, top
    if has_header:
        # header lines run until the first line that opens with a row label in the first column
        # (or a group title, or after four lines: a scan may drop the lone row numbers)
        head_end = next((i for i, ln in enumerate(body) if i and (ln[0].x1 <= first_col_end and is_label(ln[0].text)
                                                                 or _is_caps_title(ln) or i >= 4)), 1)
        previous = min(w.top for w in body[head_end]) - pad if head_end < len(body) else max(w.bottom for w in body[-1])
        boxes = _row_cells(top, previous, gaps, x0 - pad, x1 + pad, [], space)
    for i in range(head_end, len(body)):
        bottom = (max(w.bottom for w in body[i]) + min(w.top for w in body[i + 1])) / 2 if i + 1 < len(body) \
            else max(w.bottom for w in body[i]) + pad
        boxes += _row_cells(previous, bottom, gaps, x0 - pad, x1 + pad, [body[i]], space)
        previous = bottom
    return boxes
