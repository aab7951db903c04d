"""Words → lines and table grids, shared by the PDF text layer and OCR (boxes in any one unit)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .aligned_tables import baseline_rows, borderless_table, ruled_row_table
from .document import Block, Cell, Line, Table

# words of a task table's header row; a line with two of them opens a table (and a PDF table whose
# first rows hold one is a plan table)
TABLE_HEADER_WORDS = ("stt", "tt", "nội dung", "chủ trì", "phối hợp", "thời gian", "nhiệm vụ", "đơn vị")
_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,5}|[a-zđ])[.)]?$")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top


def group_rows(words: list[Word]) -> list[list[Word]]:
    """Words on one baseline, top to bottom, each row left to right."""
    return baseline_rows(words)


def split_segments(row: list[Word], gap: float) -> list[list[Word]]:
    segments = [[row[0]]]
    for word in row[1:]:
        if word.x0 - segments[-1][-1].x1 > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _bbox(words: list[Word]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words),
            max(w.bottom for w in words))


def _segment_line(words: list[Word], page: int | None, origin: str) -> Line:
    confidences = [w.confidence for w in words if w.confidence is not None]
    return Line(
        text=" ".join(w.text for w in words),
        page=page,
        bbox=_bbox(words),
        confidence=sum(confidences) / len(confidences) if confidences else None,
        origin=origin,  # type: ignore[arg-type]
    )


def words_to_lines(words: list[Word], page: int | None, origin: str) -> list[tuple[float, Line]]:
    """(top, Line) in reading order: a two-column block (issuer | motto) is read left column first."""
    if not words:
        return []
    heights = sorted(w.height for w in words)
    font = heights[len(heights) // 2]
    gap = 1.6 * font  # wider than any word space, narrower than the header gutter
    out: list[tuple[float, Line]] = []
    block: dict | None = None  # an open two-column block

    def close():
        nonlocal block
        if block:
            for side in ("left", "right"):
                for segment in block[side]:
                    out.append((block["top"], _segment_line(segment, page, origin)))
        block = None

    for row in group_rows(words):
        segments = split_segments(row, gap)
        top = min(w.top for w in row)
        if len(segments) >= 2:
            # Split at the widest gap: everything left of it is one column.
            gaps = [(segments[i + 1][0].x0 - segments[i][-1].x1, i) for i in range(len(segments) - 1)]
            _, at = max(gaps)
            left = [w for s in segments[: at + 1] for w in s]
            right = [w for s in segments[at + 1:] for w in s]
            gutter = (max(w.x1 for w in left), min(w.x0 for w in right))
            if block and max(gutter[0], block["gutter"][0]) < min(gutter[1], block["gutter"][1]):
                block["gutter"] = (max(gutter[0], block["gutter"][0]), min(gutter[1], block["gutter"][1]))
            else:
                close()
                block = {"top": top, "gutter": gutter, "left": [], "right": []}
            block["left"].append(left)
            block["right"].append(right)
            block["bottom"] = max(w.bottom for w in row)
            continue
        segment = segments[0]
        x0, x1 = segment[0].x0, segment[-1].x1
        near = block is not None and top - block["bottom"] < 0.9 * font
        if near and x1 <= block["gutter"][1] and x0 < block["gutter"][0] + font:
            block["left"].append(segment)
            block["bottom"] = max(w.bottom for w in row)
            continue
        if near and x0 >= block["gutter"][0]:
            block["right"].append(segment)
            block["bottom"] = max(w.bottom for w in row)
            continue
        close()
        out.append((top, _segment_line(segment, page, origin)))
    close()
    return out


def cell_text(words: list[Word]) -> str:
    """Words of one cell as its visual lines joined by newlines."""
    if not words:
        return ""
    return "\n".join(" ".join(w.text for w in row) for row in group_rows(words))


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    centers: list[float] = []
    for value in sorted(values):
        if centers and value - centers[-1] <= tolerance:
            continue
        centers.append(value)
    return centers


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


class WordsByHeight:
    """A page's words by the height of their centres, so that each cell looks only at the words
    level with it (a long table has thousands of words and cells: all against all was a tenth of a
    text PDF's time, and of an OCR page's second look)."""

    def __init__(self, words: list[Word]):
        self.words = words
        self.order = sorted(range(len(words)), key=lambda n: words[n].top + words[n].bottom)
        self.heights = [words[n].top + words[n].bottom for n in self.order]

    def inside(self, box: tuple) -> list[int]:
        """Indexes, in the words' own order, of the words whose centre is in `box` (edges included)."""
        level = self.order[bisect_left(self.heights, 2 * box[1]):bisect_right(self.heights, 2 * box[3])]
        return [n for n in sorted(level) if box[0] <= (self.words[n].x0 + self.words[n].x1) / 2 <= box[2]]


def cells_to_table(cell_boxes: list[tuple[float, float, float, float]], words: list[Word], page: int | None,
                   index: int, is_ruled: bool = True) -> Table:
    """Cell rectangles (merged cells are one larger rectangle) → a grid with row/col spans."""
    xs = _cluster([b[0] for b in cell_boxes] + [b[2] for b in cell_boxes])
    ys = _cluster([b[1] for b in cell_boxes] + [b[3] for b in cell_boxes])
    n_rows = max(len(ys) - 1, 1)
    rows: list[list[Cell]] = [[] for _ in range(n_rows)]
    placed = WordsByHeight(words)
    assigned = {i: [words[n] for n in placed.inside(box)] for i, box in enumerate(cell_boxes)}
    for i, box in enumerate(cell_boxes):
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        rows[r0].append(Cell(text=cell_text(assigned[i]), row=r0, col=c0, row_span=r1 - r0, col_span=c1 - c0))
    for row in rows:
        row.sort(key=lambda c: c.col)
    bbox = (min(b[0] for b in cell_boxes), min(b[1] for b in cell_boxes), max(b[2] for b in cell_boxes),
            max(b[3] for b in cell_boxes))
    return Table(rows=rows, page=page, bbox=bbox, index=index, is_ruled=is_ruled)


def _inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def layout_page(words: list[Word], tables: list[list[tuple]], page: int | None, origin: str,
                first_index: int, is_ruled: bool = True) -> list[Block]:
    """Blocks of one page: lines outside tables and each table at its vertical position
    (`is_ruled`: the cells come from drawn rules, not from text alignment)."""
    items: list[tuple[float, int, Block]] = []
    remaining = list(words)
    for n, cell_boxes in enumerate(tables):
        table = cells_to_table(cell_boxes, remaining, page, first_index + n, is_ruled)
        remaining = [w for w in remaining if not _inside(w, table.bbox)]
        items.append((table.bbox[1], 1, Block(table=table)))
    for top, line in words_to_lines(remaining, page, origin):
        items.append((top, 0, Block(line=line)))
    items.sort(key=lambda item: (item[0], item[1]))
    return [block for _, _, block in items]


# --- tables ruled by horizontal lines only, or not at all (issue 13): shared by PDF and OCR ---


def _is_header_line(text: str) -> bool:
    """'STT Nhiệm vụ cụ thể Kết quả Chủ trì …': two or more header words on one line."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return sum(1 for word in TABLE_HEADER_WORDS if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered)) >= 2


def _is_label(text: str) -> bool:
    """'1', '2.', 'II', 'b)' — and 'I—' as a scan reads a Roman numeral before its dash."""
    return bool(_LABEL.match(text.strip().rstrip("—–-:")))


def horizontal_rules(edges: list[dict], page_width: float) -> tuple[list[float], float, float] | None:
    """y of the horizontal rules of a table drawn without vertical ones, and their x extent (a rule
    drawn cell by cell is one rule); `edges` as pdfplumber gives them (OCR makes the same)."""
    spans: list[list[float]] = []  # [y, x0, x1]
    for edge in sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"]):
        if spans and edge["top"] - spans[-1][0] <= 1.5 * max(1.0, page_width / 600):
            spans[-1][1] = min(spans[-1][1], edge["x0"])
            spans[-1][2] = max(spans[-1][2], edge["x1"])
        else:
            spans.append([edge["top"], edge["x0"], edge["x1"]])
    rules = [s for s in spans if s[2] - s[1] > 0.3 * page_width]
    if len(rules) < 3:
        return None
    return [s[0] for s in rules], min(s[1] for s in rules), max(s[2] for s in rules)


def aligned_page_tables(words: list[Word], edges: list[dict], page_width: float) -> tuple[list[list[tuple]], bool]:
    """A table without vertical rules on a page (text layer or OCR words): rows from its horizontal
    rules, or from its text lines when it has none; columns from the white gaps between words."""
    rules = horizontal_rules(edges, page_width)
    if rules:
        ys, x0, x1 = rules
        # a page that opens with no header may continue the table of the page before (the table
        # parser decides): then it opens with a numbered row of three or more columns
        boxes = ruled_row_table(words, ys, x0, x1)
        first_row = [w for w in words if ys[0] <= (w.top + w.bottom) / 2 <= ys[1]]
        head = " ".join(" ".join(w.text for w in line) for line in group_rows(first_row))
        opens_numbered = bool(first_row) and _is_label(min(first_row, key=lambda w: w.x0).text)
        columns = len({round(b[2]) for b in boxes})
        if boxes and (_is_header_line(head) or opens_numbered and columns >= 3):
            return [boxes], True
        return [], True
    if not edges:
        boxes = borderless_table(words, _is_header_line, _is_label)
        if boxes:
            return [boxes], False
    return [], True
