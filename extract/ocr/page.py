"""One page image → blocks: one Tesseract pass over the whole page, its words placed into the cells
of the ruling grid by their boxes; only cells whose words are missing or doubtful are read again,
all of them together in one more Tesseract call."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..document import Block
from ..layout import Word, layout_page
from .image import prepare
from .ruling import erase_ruling, find_table_cells
from .tesseract import ocr_words

# psm 3 (automatic layout) reads paragraphs and table cells alike once the rules are erased;
# lone short text it drops as noise (a row number "1", a Roman "I") is picked up by the re-read.
PAGE_PSM = 3
# psm 6 reads the stacked cells as one block of lines and keeps lone digits.
STACK_PSM = 6
# Tesseract gives its good words 0.85-0.96; a word under DOUBTFUL is usually misread ("Phốhợẹp"
# 0.53-0.60, "_IIl" 0.08 where the page says "Phối hợp", "III").
DOUBTFUL = 0.7
SHORT_CELL = 8  # words: in a cell this short one doubtful word sends it to the re-read
STACK_GAP = 36  # px at 300 dpi of white between cells stacked for the re-read (more than a line gap)
INSET = 6  # px at 300 dpi inside the rules where a cell's text starts


@dataclass
class PageRead:
    """What OCR made of one page: its blocks, and how many table cells needed a second look."""

    blocks: list[Block]
    dpi: float  # the resolution the boxes are in
    cells_reread: int = 0
    cells: int = 0


def ocr_image(image: Image.Image, dpi: float, page: int | None, timeout: float, first_index: int = 0
              ) -> list[Block]:
    """One page image → blocks (lines and ruled tables) with OCR confidences; boxes in pixels of the
    resolution the page was read at (`read_page(...).dpi`)."""
    return read_page(image, dpi, page, timeout, first_index).blocks


def read_page(image: Image.Image, dpi: float, page: int | None, timeout: float, first_index: int = 0
              ) -> PageRead:
    """ocr_image with the count of re-read cells (the plan's warnings report it)."""
    binary, work_dpi = prepare(image, dpi)
    scale = work_dpi / 300
    tables, line_mask = find_table_cells(np.asarray(binary), scale)
    cleaned = erase_ruling(binary, line_mask, margin=max(2, round(3 * scale)))
    words = ocr_words(cleaned, timeout, psm=PAGE_PSM, scale=scale)
    words, reread, n_cells = settle_cells(cleaned, tables, words, timeout, scale)
    blocks = layout_page(words, tables, page, "ocr", first_index)
    # A lone doubtful glyph on its own line is seal or speck residue, not text.
    blocks = [b for b in blocks if b.line is None or len(b.line.text.strip()) > 2 or (b.line.confidence or 0) >= 0.5]
    return PageRead(blocks, work_dpi, reread, n_cells)


def _center(word: Word) -> tuple[float, float]:
    return (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2


def _in(cell: tuple, x: float, y: float) -> bool:
    return cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]


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


def settle_cells(image: Image.Image, tables: list[list[tuple]], words: list[Word], timeout: float,
                 scale: float = 1.0) -> tuple[list[Word], int, int]:
    """Words of the page pass kept where they sit well in a cell; cells with ink but no words, doubtful
    words, or words reaching into the next cell are read again (together, in one call)."""
    pixels = np.asarray(image)
    inset = max(3, round(INSET * scale))
    doubtful: list[tuple] = []
    n_cells = 0
    keep = list(words)
    for cells in tables:
        for cell in cells:
            n_cells += 1
            inside = [w for w in keep if _in(cell, *_center(w))]
            if not is_doubtful(inside, cell, inset):
                continue
            if not inside and not _has_ink(pixels, cell, inset, scale):
                continue
            doubtful.append(cell)
            keep = [w for w in keep if not _in(cell, *_center(w))]
    if not doubtful:
        return keep, 0, n_cells
    found = _reread(image, doubtful, timeout, scale)
    return keep + found, len(doubtful), n_cells


def _reread(image: Image.Image, cells: list[tuple], timeout: float, scale: float = 1.0) -> list[Word]:
    """The given cells cut out and stacked one under another, read in one Tesseract call, each word
    put back in page coordinates; a cell still empty may hold a sans-serif Roman numeral."""
    crops, placed = [], []  # placed: (stack top, stack bottom, dx, dy, cell)
    gap, inset = round(STACK_GAP * scale), max(3, round(INSET * scale))
    y = gap
    width = 0
    for cell in cells:
        x0, top, x1, bottom = (int(v) for v in cell)
        box = (x0 + inset, top + inset, x1 - inset, bottom - inset)
        if box[2] - box[0] < 10 or box[3] - box[1] < 10:
            continue
        crop = image.crop(box)
        crops.append((crop, y))
        placed.append((y, y + crop.height, box[0] - gap, box[1] - y, cell))
        width = max(width, crop.width)
        y += crop.height + gap
    if not crops:
        return []
    stack = Image.new("L", (width + 2 * gap, y), 255)
    for crop, top in crops:
        stack.paste(crop, (gap, top))
    found: list[Word] = []
    filled: set[int] = set()
    for word in ocr_words(stack, timeout, psm=STACK_PSM, scale=scale):
        cy = (word.top + word.bottom) / 2
        for n, (top, bottom, dx, dy, cell) in enumerate(placed):
            if top <= cy <= bottom:
                found.append(Word(word.text, word.x0 + dx, word.x1 + dx, word.top + dy, word.bottom + dy,
                                  word.confidence))
                filled.add(n)
                break
    for n, (_, _, _, _, cell) in enumerate(placed):
        if n not in filled:
            found += _bars_as_roman(image, cell, scale)
    return found


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
