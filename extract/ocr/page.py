"""One page image → blocks: one Tesseract pass over the whole page, its words placed into the cells
of the ruling grid by their boxes; only cells whose words are missing or doubtful are read again,
all of them together in one more Tesseract call (and the first-column cells that call still left
empty, each alone, in one last call that runs only when there are some). The words' slips are
fixed last (slips.py)."""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ..document import Block
from ..layout import Word, WordsByHeight, aligned_page_tables, group_rows, layout_page
from .image import prepare
from .slips import fix_slips
from .ruling import erase_ruling, find_table_cells
from .tesseract import TesseractTimeout, ocr_files, ocr_words_many, write_image

# psm 3 (automatic layout) on the page with its tables blanked keeps the two-column header apart
# and drops seal specks beside it; psm 4 (one column of lines) on the table sheet keeps lone row
# numbers ("1", "2") that psm 3 drops as noise (and reads such specks as '.', hence two runs).
PAGE_PSM = 3
TABLE_PSM = 4
COLUMN_GAP = 120  # px at 300 dpi of white between table columns on the sheet
# psm 6 reads the stacked cells as one block of lines and keeps lone digits.
STACK_PSM = 6
# Tesseract gives its good words 0.85-0.96; a word under DOUBTFUL is usually misread ("Phốhợẹp"
# 0.53-0.60, "_IIl" 0.08 where the page says "Phối hợp", "III").
DOUBTFUL = 0.7
SHORT_CELL = 8  # words: in a cell this short one doubtful word sends it to the re-read
STACK_GAP = 36  # px at 300 dpi of white between cells stacked for the re-read (more than a line gap)
INSET = 6  # px at 300 dpi inside the rules where a cell's text starts
FLUSH_MARGIN = 12  # px at 300 dpi left of a borderless table's text kept when its first column is read again
# A word read with less than this ("hổ" 0.77 where the page says "hồ") is read again on its own,
# enlarged; its second reading replaces it when Tesseract is surer of it.
WORD_DOUBTFUL = 0.8
WORD_PAD = 8  # px at 300 dpi of the page kept around a word read again
TWO_LINES = 2.0  # a word box this many times the page's usual word height holds two lines
MAX_WORDS_REREAD = 80  # per page: a page of doubtful words is a bad scan, not a few misreadings


@dataclass
class PageRead:
    """What OCR made of one page: its blocks, and how many table cells needed a second look."""

    blocks: list[Block]
    dpi: float  # the resolution the boxes are in
    cells_reread: int = 0
    cells: int = 0


class Budget:
    """Seconds left of a fixed allowance, for a sequence of Tesseract runs."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds still allowed; TesseractTimeout when none are."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TesseractTimeout("the time allowed ran out")
        return remaining


def ocr_image(image: Image.Image, dpi: float, page: int | None, timeout: float, first_index: int = 0
              ) -> list[Block]:
    """One page image → blocks (lines and ruled tables) with OCR confidences; boxes in pixels of the
    resolution the page was read at (`read_page(...).dpi`)."""
    return read_page(image, dpi, page, timeout, first_index).blocks


def read_page(image: Image.Image, dpi: float, page: int | None, timeout: float, first_index: int = 0
              ) -> PageRead:
    """ocr_image with the count of re-read cells (the plan's warnings report it)."""
    return read_pages([(image, dpi, page)], timeout, first_index)[0]


@dataclass
class _Sheet:
    """A page made ready for its Tesseract passes."""

    bits: bytes  # the page binarized, deskewed, ruling erased: packed eight pixels a byte
    size: tuple[int, int]
    tables: list[list[tuple]]
    regions: list["Region"]  # where the table sheet's pieces sit on the page
    scale: float  # resolution over 300 dpi
    dpi: float
    edges: list[dict]  # the ruling lines of a page with no ruled grid (tables drawn with rows only, or none)

    @classmethod
    def holding(cls, cleaned: Image.Image, tables: list[list[tuple]], regions: list["Region"], scale: float,
                dpi: float, edges: list[dict]) -> "_Sheet":
        """The sheet of a cleaned page (mode 'L', every pixel 0 or 255, so packing it is exact)."""
        bits = cleaned.convert("1", dither=Image.Dither.NONE).tobytes()
        return cls(bits, cleaned.size, tables, regions, scale, dpi, edges)

    def cleaned(self) -> Image.Image:
        """The cleaned page as the steps read it (mode 'L', ink 0, paper 255). A run holds its pages
        at one bit a pixel (1 MB a page at 300 dpi, not 9: PIL's own mode '1' takes a byte a pixel),
        so its memory does not grow with its length; each stage that looks at a page makes this
        copy and lets it go."""
        return Image.frombytes("1", self.size, self.bits).convert("L")


def _make_sheets(image: Image.Image, dpi: float) -> tuple[_Sheet, Image.Image, Image.Image | None]:
    binary, work_dpi = prepare(image, dpi)
    scale = work_dpi / 300
    tables, line_mask, ruling = find_table_cells(np.asarray(binary), scale)
    cleaned = erase_ruling(binary, line_mask, margin=max(2, round(3 * scale)))
    page_only, table_sheet, regions = compose(cleaned, tables, scale)
    edges = [] if tables else ruling
    return _Sheet.holding(cleaned, tables, regions, scale, work_dpi, edges), page_only, table_sheet


def read_pages(pages: Iterable[tuple[Image.Image, float, int | None]], timeout: float, first_index: int = 0
               ) -> list[PageRead]:
    """Several page images (image, dpi, page number) → one PageRead each, with at most four
    Tesseract runs for all of them (the `vie` model is loaded once a run): the pages with their tables
    blanked (psm 3), the table sheets (psm 4), the second look at every page's stack, and only when
    the stack left a first-column cell with ink empty, those cells each alone (read_alone).
    `timeout` is per page: the pages share one budget of `timeout` × their number for their
    Tesseract runs, and TesseractTimeout is raised when it runs out before the second look (which is
    then skipped, as is the look at cells alone: the page keeps its first reading).

    `pages` may be a generator that renders each page when it is reached: each image is closed once
    prepared, and the two images Tesseract reads of it are written to files at once, so what a run
    holds of each page is its cleaned image, one bit a pixel (a rendered page is the largest thing
    there is, and a run's memory does not grow with its length)."""
    prepared, texts, sheets, numbers = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="vnplan-ocr-") as folder:
        for n, (image, dpi, number) in enumerate(pages):
            ready, page_only, table_sheet = _make_sheets(image, dpi)
            image.close()
            prepared.append(ready)
            numbers.append(number)
            texts.append(write_image(page_only, folder, f"page{n:04d}"))
            sheets.append(None if table_sheet is None else write_image(table_sheet, folder, f"tables{n:04d}"))
            del page_only, table_sheet
        budget = Budget(timeout * len(prepared))
        scales = [p.scale for p in prepared]
        found = ocr_files(texts, budget.left(), PAGE_PSM, scales, inverted=True)
        ruled = [n for n, sheet in enumerate(sheets) if sheet is not None]
        in_tables = ocr_files([sheets[n] for n in ruled], budget.left() if ruled else 0, TABLE_PSM,
                              [scales[n] for n in ruled])
    for n, words in zip(ruled, in_tables):
        found[n] += place_back(words, prepared[n].regions)
    # issue 13: a page with no ruled grid may hold a table ruled by horizontal lines only, or not at
    # all, found from its words' gaps (extract/layout.py aligned_page_tables); in a row-ruled one the
    # row numbers Tesseract's layout analysis dropped are looked for again, in its first column
    aligned = {n: aligned_page_tables(found[n], p.edges, float(p.size[0]))
               for n, p in enumerate(prepared) if not p.tables}
    looks = [p.tables if n not in aligned else _first_column(*aligned[n], p.scale) for n, p in enumerate(prepared)]
    plans, stacks = [], []
    for p, look, words in zip(prepared, looks, found):
        cleaned = p.cleaned()
        plans.append(plan_second_look(cleaned, look, words, p.scale))
        stacks.append(stack_boxes(cleaned, plans[-1].boxes, p.scale))
    with_stack = [n for n, stack in enumerate(stacks) if stack.image is not None]
    try:
        second = ocr_words_many([stacks[n].image for n in with_stack], budget.left() if with_stack else 0,
                                STACK_PSM, [scales[n] * stacks[n].factor for n in with_stack])
    except TesseractTimeout:  # out of time for the second look: the first reading stands
        plans = [SecondLook(words, [], [], [], plan.n_cells) for plan, words in zip(plans, found)]
        readings = [[] for _ in plans]
    else:
        readings = [stacks[n].readings(second[with_stack.index(n)]) if n in with_stack else [[] for _ in plan.boxes]
                    for n, plan in enumerate(plans)]
        try:
            read_alone(prepared, plans, readings, budget)
        except TesseractTimeout:
            pass  # the cells the stack left empty stay empty
    reads = []
    index = first_index
    for n, (number, ready, plan) in enumerate(zip(numbers, prepared, plans)):
        cleaned = ready.cleaned()
        words = plan.apply(cleaned, readings[n], ready.scale)
        words = [count_bars(cleaned, w) for w in words]
        words = fix_slips(cleaned, words)
        tables, is_ruled = aligned.get(n, (ready.tables, True))
        blocks = layout_page(words, tables, number, "ocr", index, is_ruled)
        index += sum(1 for b in blocks if b.table)
        # A lone doubtful glyph on its own line is seal or speck residue, not text.
        blocks = [b for b in blocks
                  if b.line is None or len(b.line.text.strip()) > 2 or (b.line.confidence or 0) >= 0.5]
        reads.append(PageRead(blocks, ready.dpi, len(plan.cells), plan.n_cells))
    return reads


def _first_column(tables: list[list[tuple]], is_ruled: bool, scale: float) -> list[list[tuple]]:
    """The first-column cells of tables drawn without vertical rules (where a lone row number sits,
    which Tesseract's layout analysis drops), for a second look. A borderless table's cells are cut
    from its words' extent, with no rule to keep clear of: they are widened by the inset the second
    look takes off, and on the left by a margin, so that a number set flush with the header keeps
    its first stroke."""
    found = [[c for c in cells if c[0] <= min(b[0] for b in cells) + 1] for cells in tables if cells]
    if is_ruled:
        return found
    inset = max(3, round(INSET * scale))
    margin = inset + round(FLUSH_MARGIN * scale)
    return [[(c[0] - margin, c[1] - inset, c[2] + inset, c[3] + inset) for c in cells] for cells in found]


Region = tuple[int, int, int, int, int, int]  # x0, top, x1, bottom on the sheet; dx, dy back to the page


def compose(cleaned: Image.Image, tables: list[list[tuple]], scale: float
            ) -> tuple[Image.Image, Image.Image | None, list[Region]]:
    """The page with its tables blanked, and one sheet of its tables: each table with its columns
    pulled apart (so no text line runs across cells, and each cell's words are spaced by their own
    line), then the cells that span columns, each on its own. Regions map the sheet back."""
    gap = round(COLUMN_GAP * scale)
    page_only = cleaned.copy()
    rows: list[list[tuple[Image.Image, int, int]]] = []
    for cells in tables:
        box = tuple(int(v) for v in _bounds(cells))
        page_only.paste(255, box)
        spanning = _spanning_cells(cells)
        table_image = cleaned.crop(box)
        for cell in spanning:
            table_image.paste(255, (int(cell[0]) - box[0], int(cell[1]) - box[1], int(cell[2]) - box[0],
                                    int(cell[3]) - box[1]))
        edges = sorted({int(round(c[0])) for c in cells} | {int(round(c[2])) for c in cells})
        rows.append([(table_image.crop((a - box[0], 0, b - box[0], box[3] - box[1])), a, box[1])
                     for a, b in zip(edges, edges[1:]) if b - a > 4])
        for cell in spanning:
            c = tuple(int(v) for v in cell)
            rows.append([(cleaned.crop(c), c[0], c[1])])
    rows = [row for row in rows if row]
    if not rows:
        return page_only, None, []
    sheet_width = max(sum(p[0].width + gap for p in row) + gap for row in rows)
    sheet_height = sum(max(p[0].height for p in row) + gap for row in rows) + gap
    sheet = Image.new("L", (sheet_width, sheet_height), 255)
    regions: list[Region] = []
    y = gap
    for row in rows:
        x = gap
        for piece, page_x, page_y in row:
            sheet.paste(piece, (x, y))
            regions.append((x - gap // 2, y, x + piece.width + gap // 2, y + piece.height, page_x - x, page_y - y))
            x += piece.width + gap
        y += max(p[0].height for p in row) + gap
    return page_only, sheet, regions


def place_back(words: list[Word], regions: list[Region]) -> list[Word]:
    """Words read on the sheet, in page coordinates (a word outside every region is dropped)."""
    placed = []
    for word in words:
        cx, cy = _center(word)
        for x0, top, x1, bottom, dx, dy in regions:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                placed.append(Word(word.text, word.x0 + dx, word.x1 + dx, word.top + dy, word.bottom + dy,
                                   word.confidence))
                break
    return placed


def _bounds(cells: list[tuple]) -> tuple[float, float, float, float]:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _spanning_cells(cells: list[tuple]) -> list[tuple]:
    """Cells that cover more than one grid column (header groups, Roman-numeral group rows)."""
    edges = sorted({round(c[0]) for c in cells} | {round(c[2]) for c in cells})
    return [c for c in cells if any(c[0] + 5 < x < c[2] - 5 for x in edges)]


def _center(word: Word) -> tuple[float, float]:
    return (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2


def _crosses(word: Word, cell: tuple, inset: float) -> bool:
    """A word box reaching well over a cell's side rule: Tesseract read across two cells."""
    return word.x0 < cell[0] - 2 * inset or word.x1 > cell[2] + 2 * inset


def _has_ink(binary: np.ndarray, cell: tuple, inset: int, scale: float) -> bool:
    x0, top, x1, bottom = (int(v) for v in cell)
    inside = binary[top + inset:bottom - inset, x0 + inset:x1 - inset]
    # A few dark pixels are speckle or a rule's fringe; a glyph has dozens.
    return inside.size > 0 and int((inside < 128).sum()) >= 30 * scale * scale


def is_doubtful(words: list[Word], cell: tuple, inset: float) -> bool:
    """Whether the page pass's reading of a cell needs a second look."""
    if not words:
        return True
    if any(_crosses(w, cell, inset) for w in words):
        return True
    confidences = [w.confidence or 0.0 for w in words]
    if sum(confidences) / len(confidences) < DOUBTFUL:
        return True
    return len(words) <= SHORT_CELL and min(confidences) < DOUBTFUL


NUMBER = re.compile(r"\d{1,3}[.)]?")


def _lost_glyph(binary: np.ndarray, word: Word) -> bool:
    """A number whose box holds more separate marks than it has characters ("2" over the ink of
    "22"): Tesseract dropped a digit. Digits are set apart, so each is one run of inked columns."""
    if not NUMBER.fullmatch(word.text):
        return False
    x0, top, x1, bottom = int(word.x0), int(word.top), int(word.x1) + 1, int(word.bottom) + 1
    ink = binary[top:bottom, x0:x1] < 128
    columns = np.flatnonzero(ink.sum(axis=0) >= 2)  # a stray pixel is no mark
    if not len(columns):
        return False
    runs = len(np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1))
    return runs > len(word.text)


@dataclass
class SecondLook:
    """What the page pass left doubtful on one page: cells to read again whole, and single words."""

    keep: list[Word]  # the page pass's words, less those of the doubtful cells
    cells: list[tuple]
    unsure: list[int]  # indexes into keep
    boxes: list[tuple]  # what is cut out for the stack: the cells' insides, then the words
    n_cells: int
    labels: list[bool] = field(default_factory=list)  # per cell: in its table's first column

    def apply(self, image: Image.Image, readings: list[list[Word]], scale: float) -> list[Word]:
        """The page's words with the second readings in: a doubtful cell takes what was read in it
        (or a Roman numeral of bars), a doubtful word its new reading when Tesseract is surer of it."""
        keep = list(self.keep)
        found: list[Word] = []
        for cell, reading in zip(self.cells, readings):
            # upright bars only are a Roman numeral whatever Tesseract made of them ("H" for II)
            found += _bars_as_roman(image, cell, scale) or reading
        replaced: dict[int, list[Word]] = {}
        for i, reading in zip(self.unsure, readings[len(self.cells):]):
            # the box read again may catch the top or foot of the lines above and below: only what
            # sits inside the word's own box replaces it
            old = keep[i]
            reading = [w for w in reading if old.top <= _center(w)[1] <= old.bottom]
            confidence = sum(w.confidence or 0 for w in reading) / len(reading) if reading else 0.0
            if not reading or confidence <= (old.confidence or 0):
                continue
            if len(group_rows(reading)) > 1:
                # one box over two lines ("bài" where a narrow cell wraps "Bộ" over "trì"): each line's
                # words in their own boxes
                replaced[i] = reading
            else:
                keep[i] = Word(" ".join(w.text for w in reading), old.x0, old.x1, old.top, old.bottom, confidence)
        keep = [w for i, word in enumerate(keep) for w in replaced.get(i, [word])]
        return keep + found


def plan_second_look(image: Image.Image, tables: list[list[tuple]], words: list[Word], scale: float = 1.0
                     ) -> SecondLook:
    """Words of the page pass kept where they sit well in a cell; cells with ink but no words, doubtful
    words, or words reaching into the next cell are to be read again, and so are single doubtful
    words anywhere on the page."""
    pixels = np.asarray(image)
    inset = max(3, round(INSET * scale))
    doubtful: list[tuple] = []
    n_cells = 0
    heights = sorted(w.height for w in words if sum(ch.isalpha() for ch in w.text) >= 2)
    # a word box over two lines of a cell ("donnh" over "người dân và / doanh nghiệp") is Tesseract's
    # layout failing there: the whole cell is read again, not the word
    too_tall = TWO_LINES * heights[len(heights) // 2] if heights else float("inf")
    labels: list[bool] = []
    placed = WordsByHeight(words)
    removed: set[int] = set()
    for cells in tables:
        left = min((c[0] for c in cells), default=0.0)
        for cell in cells:
            n_cells += 1
            found = [i for i in placed.inside(cell) if i not in removed]
            inside = [words[i] for i in found]
            if not is_doubtful(inside, cell, inset) and not any(_lost_glyph(pixels, w) for w in inside) \
                    and not any(w.height > too_tall for w in inside):
                continue
            if not inside and not _has_ink(pixels, cell, inset, scale):
                continue
            doubtful.append(cell)
            labels.append(cell[0] <= left + 1)
            removed.update(found)
    keep = [w for i, w in enumerate(words) if i not in removed]
    unsure = sorted((i for i, w in enumerate(keep) if _unsure(w)), key=lambda i: keep[i].confidence or 0)
    unsure = unsure[:MAX_WORDS_REREAD]
    pad = max(2, round(WORD_PAD * scale))
    boxes = [(c[0] + inset, c[1] + inset, c[2] - inset, c[3] - inset) for c in doubtful]
    boxes += [(keep[i].x0 - pad, keep[i].top - pad, keep[i].x1 + pad, keep[i].bottom + pad) for i in unsure]
    return SecondLook(keep, doubtful, unsure, boxes, n_cells, labels)


def _unsure(word: Word) -> bool:
    """A word worth a second look: lettered, and read with less confidence than good words get."""
    return (word.confidence or 0) < WORD_DOUBTFUL and sum(ch.isalpha() for ch in word.text) >= 2


@dataclass
class Stack:
    """Boxes of a page cut out and stacked one under another for one more Tesseract read."""

    image: Image.Image | None
    placed: list[tuple | None]  # per box: (stack top, stack bottom, dx, dy), None when too small
    factor: float  # the stack's enlargement

    def readings(self, words: list[Word]) -> list[list[Word]]:
        """The words read on the stack, per box, in page coordinates."""
        found: list[list[Word]] = [[] for _ in self.placed]
        for word in words:
            f = self.factor
            word = Word(word.text, word.x0 / f, word.x1 / f, word.top / f, word.bottom / f, word.confidence)
            cy = (word.top + word.bottom) / 2
            for n, spot in enumerate(self.placed):
                if spot and spot[0] <= cy <= spot[1]:
                    _, _, dx, dy = spot
                    found[n].append(Word(word.text, word.x0 + dx, word.x1 + dx, word.top + dy, word.bottom + dy,
                                         word.confidence))
                    break
        return found


def stack_boxes(image: Image.Image, boxes: list[tuple], scale: float) -> Stack:
    """The boxes stacked with white between them, enlarged to 300 dpi when the page was read below
    it (marks are small; the stack is small)."""
    gap = round(STACK_GAP * scale)
    crops, placed = [], []
    y = gap
    width = 0
    for box in boxes:
        box = tuple(int(round(v)) for v in box)
        if box[2] - box[0] < 4 or box[3] - box[1] < 4:
            placed.append(None)
            continue
        crop = image.crop(box)
        crops.append((crop, y))
        placed.append((y, y + crop.height, box[0] - gap, box[1] - y))
        width = max(width, crop.width)
        y += crop.height + gap
    if not crops:
        return Stack(None, placed, 1.0)
    stack = Image.new("L", (width + 2 * gap, y), 255)
    for crop, top in crops:
        stack.paste(crop, (gap, top))
    factor = 1.0 / scale if scale < 0.9 else 1.0
    if factor != 1.0:
        stack = stack.resize((round(stack.width * factor), round(stack.height * factor)), Image.LANCZOS)
    return Stack(stack, placed, factor)


def read_alone(sheets: list[_Sheet], plans: list[SecondLook], readings: list[list[list[Word]]], budget: Budget
               ) -> None:
    """First-column cells with ink that the stack read left empty, each read again on an image of its
    own (all in one Tesseract run): among the stacked cells Tesseract drops a lone 'c' or '7' that it
    reads at once alone. Readings are filled in place; nothing runs when no such cell is left."""
    crops: list[Image.Image] = []
    scales: list[float] = []
    where: list[tuple[int, int, int, int, float]] = []  # page, cell, x, y of the crop, enlargement
    for n, (sheet, plan) in enumerate(zip(sheets, plans)):
        if not any(plan.labels):
            continue  # no first-column cell on this page to look at
        cleaned = sheet.cleaned()
        inset = max(3, round(INSET * sheet.scale))
        pad = round(STACK_GAP * sheet.scale)
        factor = 1.0 / sheet.scale if sheet.scale < 0.9 else 1.0
        for k, (cell, label) in enumerate(zip(plan.cells, plan.labels)):
            if not label or readings[n][k] or _bars_as_roman(cleaned, cell, sheet.scale):
                continue
            box = (int(cell[0]) + inset, int(cell[1]) + inset, int(cell[2]) - inset, int(cell[3]) - inset)
            if box[2] - box[0] < 4 or box[3] - box[1] < 4:
                continue
            canvas = Image.new("L", (box[2] - box[0] + 2 * pad, box[3] - box[1] + 2 * pad), 255)
            canvas.paste(cleaned.crop(box), (pad, pad))
            if factor != 1.0:
                canvas = canvas.resize((round(canvas.width * factor), round(canvas.height * factor)), Image.LANCZOS)
            crops.append(canvas)
            scales.append(sheet.scale * factor)
            where.append((n, k, box[0] - pad, box[1] - pad, factor))
    if not crops:
        return
    found = ocr_words_many(crops, budget.left(), STACK_PSM, scales)
    for (n, k, dx, dy, f), words in zip(where, found):
        readings[n][k] = [Word(w.text, w.x0 / f + dx, w.x1 / f + dx, w.top / f + dy, w.bottom / f + dy, w.confidence)
                          for w in words]


ROMAN_ONES = re.compile(r"(I{1,4})([,.;:)]?)")


def count_bars(image: Image.Image, word: Word) -> Word:
    """A Roman numeral of upright bars read with one bar too many or too few ("Quý II" where the
    page says "Quý III") gets as many I's as its box holds stems. The stems are counted across a
    band of the box between the serifs that join them at top and bottom and any trailing comma."""
    match = ROMAN_ONES.fullmatch(word.text)
    if not match:
        return word
    x0, top, x1, bottom = int(word.x0), int(word.top), int(word.x1) + 1, int(word.bottom) + 1
    height = bottom - top
    if height < 8:
        return word
    band = np.asarray(image.crop((x0, top + height // 4, x1, top + height * 11 // 20))) < 128
    columns = np.flatnonzero(band.any(axis=0))
    if not len(columns):
        return word
    runs = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)
    # A stem crosses the whole band and is much narrower than the numeral is tall; a comma or a
    # speck does not cross it.
    stems = [r for r in runs if band[:, r].any(axis=1).mean() >= 0.9]
    if any(len(r) > 0.4 * height for r in stems) or not 1 <= len(stems) <= 4 or len(stems) == len(match.group(1)):
        return word
    return Word("I" * len(stems) + match.group(2), word.x0, word.x1, word.top, word.bottom, word.confidence)


def _bars_as_roman(image: Image.Image, cell: tuple, scale: float = 1.0) -> list[Word]:
    """A cell holding only upright bars is a sans-serif Roman numeral ("I", "III") Tesseract
    cannot tell from a rule; group rows of plan tables are numbered this way (sizes at 300 dpi)."""
    x0, top, x1, bottom = (int(v) for v in cell)
    inset = max(3, round(INSET * scale))
    if x1 - x0 <= 2 * inset or bottom - top <= 2 * inset:
        return []  # a sliver between two rules (noise, a double line) holds no numeral
    ink = np.asarray(image.crop((x0 + inset, top + inset, x1 - inset, bottom - inset))) < 128
    rows = np.flatnonzero(ink.any(axis=1))
    if not len(rows):
        return []
    height = rows[-1] - rows[0] + 1
    columns = np.flatnonzero(ink.any(axis=0))
    runs = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)
    # Text-height bars (20-90 px at 300 dpi), each much taller than wide, solid from top to bottom.
    if not 20 * scale <= height <= 90 * scale or len(runs) > 4:
        return []
    for run in runs:
        block = ink[rows[0]:rows[-1] + 1, run[0]:run[-1] + 1]
        if len(run) > 0.35 * height or block.any(axis=1).mean() < 0.95:
            return []
    left, right = x0 + inset + columns[0], x0 + inset + columns[-1] + 1
    return [Word("I" * len(runs), float(left), float(right), float(top + inset + rows[0]),
                 float(top + inset + rows[-1] + 1), 0.5)]
