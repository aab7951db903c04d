"""OCR scanned pages and images with Tesseract `vie`: cleaned page → word boxes → lines and ruled tables."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from vnplan.errors import ReadError

from . import limits

from .document import Block, Document
from .pdf import Word, aligned_page_tables, layout_page
from .quality import clean_text

OCR_DPI = 300  # Tesseract `vie` is tuned for ~300 dpi glyphs; lower resolutions are upscaled
LANG = "vie"  # `vie+eng` measured slightly worse on plans
# No Vietnamese word is spelt with only I, l, V, X: such a token is a Roman numeral ("quý lIl").
ROMAN_LOOKALIKE = re.compile(r"([IVXl|!]*[l|!][IVXl|!]*)([,.;:)]?)")
MIN_WORD_CONFIDENCE = 0  # Tesseract gives 0 to real but doubtful words; -1 marks non-words


# --- image cleaning --------------------------------------------------------------------------

def to_gray(image: Image.Image) -> Image.Image:
    """Grayscale in which red seals fade to paper while print under the seal stays black."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return image.convert("L")
    rgb = np.asarray(image.convert("RGB"), dtype=np.int32)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    gray = (299 * red + 587 * green + 114 * blue) // 1000
    redness = red - np.maximum(green, blue)
    # In reddish pixels the red channel alone is the print: seal ink is bright there, print under
    # the seal (and its blurred edges) stays dark, so diacritics crossed by the seal survive.
    reddish = redness > 40
    gray[reddish] = red[reddish]
    return Image.fromarray(gray.astype(np.uint8))


def otsu_threshold(pixels: np.ndarray) -> int:
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = pixels.size
    cumulative = np.cumsum(histogram)
    cumulative_mean = np.cumsum(histogram * np.arange(256))
    mean = cumulative_mean[-1] / total
    denominator = cumulative * (total - cumulative)
    between = np.zeros(256)
    # At the ends one class is empty; rounding would make 0/0 look like a huge score there.
    valid = denominator > 0
    between[valid] = (mean * cumulative[valid] - cumulative_mean[valid]) ** 2 / denominator[valid]
    return int(np.argmax(between))


def estimate_skew(ink: np.ndarray, max_angle: float = 4.0) -> float:
    """Angle (degrees) that makes text rows sharpest: the variance of the row profile peaks."""
    small = Image.fromarray((ink * 255).astype(np.uint8))
    scale = 800 / max(small.size)
    if scale < 1:
        small = small.resize((int(small.width * scale), int(small.height * scale)), Image.BILINEAR)

    def score(angle: float) -> float:
        rotated = np.asarray(small.rotate(angle, resample=Image.BILINEAR), dtype=np.float32)
        profile = rotated.sum(axis=1)
        return float(np.var(np.diff(profile)))

    best = max(np.arange(-max_angle, max_angle + 0.01, 0.5), key=score)
    fine = max(np.arange(best - 0.5, best + 0.51, 0.1), key=score)
    return float(fine)


def prepare(image: Image.Image, dpi: float) -> Image.Image:
    """Upscale to 300 dpi, deskew, blur and binarize (Otsu): black ink on white, mode 'L'."""
    gray = to_gray(ImageOps.exif_transpose(image))
    factor = 1.0
    if dpi and dpi < OCR_DPI * 0.9:
        factor = min(OCR_DPI / dpi, (limits.MAX_PIXELS / max(1, gray.width * gray.height)) ** 0.5)  # pixels capped
        gray = gray.resize((round(gray.width * factor), round(gray.height * factor)), Image.LANCZOS)
    pixels = np.asarray(gray)
    ink = pixels < otsu_threshold(pixels)
    angle = estimate_skew(ink)
    if abs(angle) >= 0.1:
        gray = gray.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    # A light blur before Otsu joins broken strokes and drops JPEG speckle.
    # Upscaled pages carry their scanner noise magnified, so the blur grows with the factor.
    smooth = np.asarray(gray.filter(ImageFilter.GaussianBlur(0.5 + 0.5 * factor)))
    binary = np.where(smooth < otsu_threshold(smooth), 0, 255).astype(np.uint8)
    return Image.fromarray(binary)


# --- ruling lines → table cells --------------------------------------------------------------

def _runs(mask: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """(line index, start, end) of True runs at least min_length long, along axis 1."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    changes = np.diff(padded, axis=1)
    # Starts and ends come out in the same row-major order, so they pair up one to one.
    start_rows, start_cols = np.nonzero(changes == 1)
    _, end_cols = np.nonzero(changes == -1)
    long = (end_cols - start_cols) >= min_length
    return list(zip(start_rows[long].tolist(), start_cols[long].tolist(), end_cols[long].tolist()))


def _merge_runs(runs: list[tuple[int, int, int]], gap: int = 3) -> list[tuple[float, int, int]]:
    """Runs on adjacent pixel rows that overlap are one ruling line (lines are 2-6 px thick)."""
    lines: list[list[float]] = []  # [first index, last index, start, end]
    for index, start, end in sorted(runs):
        for line in reversed(lines):
            if index - line[1] > gap:
                lines.append([index, index, start, end])
                break
            if start < line[3] and end > line[2]:
                line[1] = index
                line[2], line[3] = min(line[2], start), max(line[3], end)
                break
        else:
            lines.append([index, index, start, end])
    return [((a + b) / 2, int(s), int(e)) for a, b, s, e in lines]


def find_ruling(binary: np.ndarray) -> tuple[list[dict], np.ndarray]:
    """Horizontal and vertical ruling lines as pdfplumber-style edges (pixels), and their ink mask."""
    ink = binary < 128
    # Longer than any glyph stroke at 300 dpi (a 13 pt capital is ~45 px tall).
    h_found = _runs(ink, 120)
    v_found = _runs(ink.T, 60)
    mask = np.zeros_like(ink)
    for y, x0, x1 in h_found:
        mask[y, x0:x1] = True
    for x, y0, y1 in v_found:
        mask[y0:y1, x] = True
    edges = []
    for y, x0, x1 in _merge_runs(h_found):
        edges.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                      "orientation": "h"})
    for x, y0, y1 in _merge_runs(v_found):
        edges.append({"x0": x, "x1": x, "top": y0, "bottom": y1, "width": 0, "height": y1 - y0,
                      "orientation": "v"})
    return edges, mask


def find_table_cells(binary: np.ndarray) -> tuple[list[list[tuple]], np.ndarray]:
    """Cell rectangles of each ruled table, via pdfplumber's own edge → cell → table steps."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges, mask = find_ruling(binary)
    if not edges:
        return [], mask
    edges = merge_edges(edges, snap_x_tolerance=6, snap_y_tolerance=6, join_x_tolerance=8, join_y_tolerance=8)
    # Edges are extended a few pixels so that corners that do not quite touch still intersect.
    for edge in edges:
        if edge["orientation"] == "h":
            edge["x0"] -= 6
            edge["x1"] += 6
        else:
            edge["top"] -= 6
            edge["bottom"] += 6
    intersections = edges_to_intersections(edges, x_tolerance=6, y_tolerance=6)
    cells = intersections_to_cells(intersections)
    tables = [t for t in cells_to_tables(cells) if len(t) >= 2]
    return tables, mask


def erase_ruling(binary: Image.Image, mask: np.ndarray, margin: int = 3) -> Image.Image:
    """Paint ruling-line pixels (and their blurred fringe) white so Tesseract does not read '|', '.' or "'"."""
    grown = mask.copy()
    for shift in range(1, margin + 1):
        grown[shift:, :] |= mask[:-shift, :]
        grown[:-shift, :] |= mask[shift:, :]
        grown[:, shift:] |= mask[:, :-shift]
        grown[:, :-shift] |= mask[:, shift:]
    pixels = np.asarray(binary).copy()
    pixels[grown] = 255
    return Image.fromarray(pixels)


# --- Tesseract ---------------------------------------------------------------------------------

def ocr_words(image: Image.Image, timeout: float, psm: int = 3) -> list[Word]:
    """Word boxes and confidences from `image_to_data` (one Tesseract thread)."""
    import pytesseract

    # Tesseract's OpenMP threads fight each other when workers run in parallel.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    data = pytesseract.image_to_data(image, lang=LANG, config=f"--psm {psm}", timeout=timeout,
                                     output_type=pytesseract.Output.DICT)
    words = []
    for text, conf, left, top, width, height in zip(data["text"], data["conf"], data["left"], data["top"],
                                                     data["width"], data["height"]):
        text = (text or "").strip()
        confidence = float(conf)
        if not text or confidence < MIN_WORD_CONFIDENCE:
            continue
        if confidence < 60 and not any(ch.isalnum() for ch in text):
            continue  # specks, seal remnants and ruling stubs read as punctuation
        if width <= 4:
            continue  # thinner than any glyph stroke at 300 dpi: a seal arc or ruling remnant
        roman = ROMAN_LOOKALIKE.fullmatch(text)
        if roman:
            text = re.sub(r"[l|!]", "I", roman.group(1)) + roman.group(2)
        words.append(Word(clean_text(text), left, left + width, top, top + height, confidence / 100))
    return words


def ocr_image(image: Image.Image, dpi: float, page: int | None, timeout: float, first_index: int = 0
              ) -> list[Block]:
    """One page image → blocks (lines and ruled tables) with OCR confidences; boxes in 300-dpi pixels."""
    binary = prepare(image, dpi)
    tables, line_mask = find_table_cells(np.asarray(binary))
    cleaned = erase_ruling(binary, line_mask)
    page_only = cleaned.copy()
    words: list[Word] = []
    for cells in tables:
        box = _bounds(cells)
        table_image = cleaned.copy()
        for cell in _spanning_cells(cells):
            # Pulling columns apart would cut a merged cell's text: read it on its own.
            words += _ocr_cell(cleaned, cell, timeout, psm=6)
            table_image.paste(255, tuple(int(v) for v in cell))
        words += _ocr_table(table_image, cells, box, timeout)
        page_only.paste(255, tuple(int(v) for v in box))
    words += ocr_words(page_only, timeout)
    words += _reread_empty_cells(cleaned, tables, words, timeout)
    is_ruled = True
    if not tables:
        # issue 13 (tables): a table ruled by horizontal lines only, or not at all, from the words'
        # gaps, as for a text layer (extract/aligned_tables.py through pdf.aligned_page_tables)
        edges, _ = find_ruling(np.asarray(binary))
        tables, is_ruled = aligned_page_tables(words, edges, float(binary.width))
        if is_ruled:  # the row numbers Tesseract's layout analysis dropped, in the first column
            first = [[c for c in cells if c[0] <= min(b[0] for b in cells) + 1] for cells in tables]
            words += _reread_empty_cells(cleaned, first, words, timeout)
    blocks = layout_page(words, tables, page, "ocr", first_index, is_ruled)
    # A lone doubtful glyph on its own line is seal or speck residue, not text.
    return [b for b in blocks if b.line is None or len(b.line.text.strip()) > 2 or (b.line.confidence or 0) >= 0.5]


def _bounds(cells: list[tuple]) -> tuple[float, float, float, float]:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


COLUMN_GAP = 120  # px of white put between table columns
# psm 4 (one column of lines) on the spread-out table keeps lone row numbers ("1", "2") that
# psm 3 drops as noise, so the per-cell second pass is rarely needed.
TABLE_PSM = 4


def _ocr_table(image: Image.Image, cells: list[tuple], box: tuple, timeout: float) -> list[Word]:
    """OCR a table with its columns pulled apart, so Tesseract never reads a line across cells."""
    x0, top, x1, bottom = (int(v) for v in box)
    edges = sorted({int(round(c[0])) for c in cells} | {int(round(c[2])) for c in cells})
    columns = [(a, b) for a, b in zip(edges, edges[1:]) if b - a > 4]
    width = sum(b - a for a, b in columns) + COLUMN_GAP * (len(columns) + 1)
    spread = Image.new("L", (width, bottom - top + 2 * COLUMN_GAP), 255)
    placed = []  # (new x, original x, width)
    x = COLUMN_GAP
    for a, b in columns:
        spread.paste(image.crop((a, top, b, bottom)), (x, COLUMN_GAP))
        placed.append((x, a, b - a))
        x += b - a + COLUMN_GAP
    words = []
    for word in ocr_words(spread, timeout, psm=TABLE_PSM):
        center = (word.x0 + word.x1) / 2
        for new_x, old_x, w in placed:
            if new_x - COLUMN_GAP / 2 <= center <= new_x + w + COLUMN_GAP / 2:
                shift = old_x - new_x
                words.append(Word(word.text, word.x0 + shift, word.x1 + shift, word.top + top - COLUMN_GAP,
                                  word.bottom + top - COLUMN_GAP, word.confidence))
                break
    return words


def _spanning_cells(cells: list[tuple]) -> list[tuple]:
    """Cells that cover more than one grid column (header groups, Roman-numeral group rows)."""
    edges = sorted({round(c[0]) for c in cells} | {round(c[2]) for c in cells})
    return [c for c in cells if any(c[0] + 5 < x < c[2] - 5 for x in edges)]


def _ocr_cell(image: Image.Image, cell: tuple, timeout: float, psm: int) -> list[Word]:
    """OCR one cell crop (inside its rules, with a white margin) in page coordinates."""
    x0, top, x1, bottom = (int(v) for v in cell)
    crop_box = (x0 + 6, top + 6, x1 - 6, bottom - 6)
    if crop_box[2] - crop_box[0] < 10 or crop_box[3] - crop_box[1] < 10:
        return []
    crop = image.crop(crop_box)
    if np.asarray(crop).min() > 128:
        return []  # an empty cell
    # A white margin helps Tesseract find the text line in a tight crop.
    padded = ImageOps.expand(crop, border=20, fill=255)
    dx, dy = crop_box[0] - 20, crop_box[1] - 20
    return [Word(w.text, w.x0 + dx, w.x1 + dx, w.top + dy, w.bottom + dy, w.confidence)
            for w in ocr_words(padded, timeout, psm=psm)]


def _reread_empty_cells(image: Image.Image, tables: list[list[tuple]], words: list[Word],
                        timeout: float) -> list[Word]:
    """Layout analysis drops lone short text (a row number, a Roman "I") as noise: OCR those cells alone."""
    found: list[Word] = []
    for cells in tables:
        for x0, top, x1, bottom in cells:
            if any(x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom for w in words):
                continue
            words_in_cell = _ocr_cell(image, (x0, top, x1, bottom), timeout, psm=7)
            found += words_in_cell or _bars_as_roman(image, (x0, top, x1, bottom))
    return found


def _bars_as_roman(image: Image.Image, cell: tuple) -> list[Word]:
    """A cell holding only upright bars is a sans-serif Roman numeral ("I", "III") Tesseract
    cannot tell from a rule; group rows of plan tables are numbered this way."""
    x0, top, x1, bottom = (int(v) for v in cell)
    if x1 - x0 <= 12 or bottom - top <= 12:
        return []  # a sliver between two rules (noise, a double line) holds no numeral
    ink = np.asarray(image.crop((x0 + 6, top + 6, x1 - 6, bottom - 6))) < 128
    rows = np.flatnonzero(ink.any(axis=1))
    if not len(rows):
        return []
    height = rows[-1] - rows[0] + 1
    columns = np.flatnonzero(ink.any(axis=0))
    runs = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)
    # Text-height bars (20-90 px at 300 dpi), each much taller than wide, solid from top to bottom.
    if not 20 <= height <= 90 or len(runs) > 4:
        return []
    for run in runs:
        block = ink[rows[0]:rows[-1] + 1, run[0]:run[-1] + 1]
        if len(run) > 0.35 * height or block.any(axis=1).mean() < 0.95:
            return []
    left, right = x0 + 6 + columns[0], x0 + 6 + columns[-1] + 1
    return [Word("I" * len(runs), float(left), float(right), float(top + 6 + rows[0]),
                 float(top + 6 + rows[-1] + 1), 0.5)]


def _image_dpi(image: Image.Image) -> float:
    dpi = image.info.get("dpi")
    if dpi and dpi[0] and dpi[0] > 30:
        return float(dpi[0])
    # No resolution recorded: assume an A4 page filled the image.
    return max(image.size) / 11.69


def ocr_pdf_pages(path: Path, pages: list[int], *, timeout: float = 180,
                  page_dpi: dict[int, float] | None = None) -> tuple[dict[int, list[Block]], list[str]]:
    """Render the given 1-based pages with pypdfium2 and OCR them.

    A page that is one scanned image is rendered at that image's own resolution (`page_dpi`) and
    upscaled here, where the blur can follow the factor; other pages are rendered at 300 dpi.
    """
    import pypdfium2 as pdfium
    import pytesseract

    results: dict[int, list[Block]] = {}
    warnings: list[str] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in pages:
            dpi = min(OCR_DPI, (page_dpi or {}).get(number) or OCR_DPI)
            scale = limits.render_scale(*pdf[number - 1].get_size(), dpi)  # a huge page: fewer dpi
            image = pdf[number - 1].render(scale=scale).to_pil()
            dpi = scale * 72
            try:
                # Boxes in PDF points, like the text-layer pages of the same file.
                results[number] = _scale_boxes(ocr_image(image, dpi, number, timeout), 72 / OCR_DPI)
            except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError) as exc:
                raise _tesseract_error(path, exc) from exc
            except RuntimeError as exc:  # pytesseract's timeout
                warnings.append(f"page {number}: OCR stopped after {timeout:.0f} s ({exc}); page left out.")
    finally:
        pdf.close()
    return results, warnings


def _scale_boxes(blocks: list[Block], factor: float) -> list[Block]:
    def scaled(box):
        return tuple(v * factor for v in box) if box else box

    for block in blocks:
        if block.line is not None:
            block.line.bbox = scaled(block.line.bbox)
        if block.table is not None:
            block.table.bbox = scaled(block.table.bbox)
    return blocks


def _tesseract_error(path: Path, exc: Exception) -> ReadError:
    return ReadError(f"{path}: OCR is needed but Tesseract with Vietnamese failed ({type(exc).__name__}); "
                     "install tesseract-ocr and tesseract-ocr-vie.", path=str(path))


def read_image(path: Path, sha256: str, *, max_pages: int = 300, ocr_page_timeout: float = 180) -> Document:
    """A PNG/JPEG/TIFF (multi-page TIFF: one page per frame) read by OCR."""
    import pytesseract

    try:
        image = Image.open(path)
        limits.check_image(path, image)  # pixels counted from the header, before decoding
        image.load()
    except ReadError:
        raise
    except Image.DecompressionBombError as exc:
        raise ReadError(f"{path}: the image has too many pixels for a scanned page (a page at 300 dpi has "
                        "about 9 million); scan it again at 300 dpi.", path=str(path)) from exc
    except Exception as exc:
        raise ReadError(f"{path}: the image is damaged ({type(exc).__name__}); scan the page again.",
                        path=str(path)) from exc
    n_frames = getattr(image, "n_frames", 1)
    if n_frames > max_pages:
        raise ReadError(f"{path}: the image has {n_frames} pages, more than the limit of {max_pages}; "
                        "raise max_pages or split the file.", path=str(path))
    blocks: list[Block] = []
    warnings: list[str] = []
    for frame in range(n_frames):
        image.seek(frame)
        try:
            page_blocks = ocr_image(image.copy(), _image_dpi(image), frame + 1, ocr_page_timeout,
                                    sum(1 for b in blocks if b.table))
        except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError) as exc:
            raise _tesseract_error(path, exc) from exc
        except RuntimeError as exc:  # pytesseract's timeout
            warnings.append(f"page {frame + 1}: OCR stopped after {ocr_page_timeout:.0f} s ({exc}); page left out.")
            continue
        blocks += page_blocks
    letters = sum(ch.isalpha() for b in blocks if b.line for ch in b.line.text)
    letters += sum(ch.isalpha() for b in blocks if b.table for r in b.table.rows for c in r for ch in c.text)
    if letters < 20:
        raise ReadError(f"{path}: no text was found in the image; it does not look like a plan "
                        "(rescan the paper at 300 dpi).", path=str(path))
    warnings.insert(0, f"OCR used on page(s) 1-{n_frames}: the file is an image." if n_frames > 1
                    else "OCR used on page 1: the file is an image.")
    return Document(path=str(path), sha256=sha256, format="image", blocks=blocks, pages=n_frames,
                    ocr_pages=list(range(1, n_frames + 1)), warnings=warnings)
