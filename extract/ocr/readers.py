"""Readers that OCR: the scanned pages of a PDF (rendered with pypdfium2) and image files."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from vnplan.errors import ReadError

from .. import limits
from ..document import Block, Document
from .image import OCR_DPI, to_gray
from .page import PageRead, read_pages
from .tesseract import TesseractFailed, TesseractTimeout

# Pages read by one Tesseract run (the `vie` model is loaded once per run, and each run is three or
# four Tesseract processes). What a run holds of each page is its cleaned image packed one bit a
# pixel (0.5 MB at 200 dpi, 1.1 MB at 300); the images Tesseract reads go to files as they are made.
PAGES_PER_RUN = 10


def _image_dpi(image: Image.Image) -> float:
    dpi = image.info.get("dpi")
    if dpi and dpi[0] and dpi[0] > 30:
        return float(dpi[0])
    # No resolution recorded: assume an A4 page filled the image.
    return max(image.size) / 11.69


def ocr_pdf_pages(path: Path, pages: list[int], *, timeout: float = 180,
                  page_dpi: dict[int, float] | None = None
                  ) -> tuple[dict[int, list[Block]], list[str], list[int]]:
    """Render the given 1-based pages with pypdfium2 and OCR them.

    A page that is one scanned image is rendered at that image's own resolution (`page_dpi`) and
    upscaled here, where the blur can follow the factor; other pages are rendered at 300 dpi.
    Returns the blocks by page, warnings, and the pages left out because their OCR overran.
    """
    import pypdfium2 as pdfium

    results: dict[int, list[Block]] = {}
    pdf = pdfium.PdfDocument(str(path))

    def render(number: int) -> tuple[Image.Image, float, int]:
        dpi = min(OCR_DPI, (page_dpi or {}).get(number) or OCR_DPI)
        scale = limits.render_scale(*pdf[number - 1].get_size(), dpi)  # a huge page: fewer dpi
        # gray at once: a run's pages are held together, and a colour page is three times the size
        return to_gray(pdf[number - 1].render(scale=scale).to_pil()), scale * 72, number

    try:
        reads, left_out = read_in_runs(path, pages, render, timeout)
    finally:
        pdf.close()
    for number, read in reads.items():
        # Boxes in PDF points, like the text-layer pages of the same file.
        results[number] = _scale_boxes(read.blocks, 72 / read.dpi)
    warnings = reread_warnings({n: r.cells_reread for n, r in reads.items()})
    return results, warnings, left_out


def read_in_runs(path: Path, numbers: list[int], render, timeout: float) -> tuple[dict[int, PageRead], list[int]]:
    """OCR the pages `render(number)` gives, PAGES_PER_RUN at a time, each page allowed `timeout`
    seconds. A run that overruns is read again page by page, so that only a page that cannot be read
    in time is left out; those pages come back in the second list, for the plan to say so."""
    reads: dict[int, PageRead] = {}
    left_out: list[int] = []
    runs = [numbers[at:at + PAGES_PER_RUN] for at in range(0, len(numbers), PAGES_PER_RUN)]
    while runs:
        run = runs.pop(0)
        rendered: list[Image.Image] = []
        try:
            reads.update(zip(run, read_pages(_rendering(run, render, rendered), timeout)))
        except TesseractFailed as exc:
            raise _tesseract_error(path, exc) from exc
        except TesseractTimeout:
            if len(run) > 1:
                runs[:0] = [[number] for number in run]
            else:
                left_out += run
        finally:
            for image in rendered:
                image.close()
    return reads, sorted(left_out)


def _rendering(numbers: list[int], render, rendered: list[Image.Image]):
    """Each page rendered when read_pages reaches it, not a run's pages all at once (kept in
    `rendered`, to be closed whatever happens)."""
    for number in numbers:
        page = render(number)
        rendered.append(page[0])
        yield page


def left_out_warning(pages: list[int], timeout: float) -> str:
    """The sentence a plan carries for pages whose OCR did not finish in time."""
    return (f"page(s) {', '.join(map(str, pages))}: OCR did not finish within {timeout:g} s a page "
            "(--ocr-timeout), so their text is missing; import the file again with a larger --ocr-timeout.")


def reread_warnings(reread: dict[int, int]) -> list[str]:
    """'OCR read 12 table cell(s) again on their own (pages 1, 2)': the cells the page pass left doubtful."""
    pages = [p for p, n in sorted(reread.items()) if n]
    if not pages:
        return []
    total = sum(reread.values())
    return [f"OCR read {total} table cell(s) again on their own, where the page pass left them empty or "
            f"doubtful (page(s) {', '.join(map(str, pages))})."]


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
    return ReadError(f"{path}: OCR is needed but Tesseract with Vietnamese failed ({exc}); "
                     "install tesseract-ocr and tesseract-ocr-vie.", path=str(path))


def read_image(path: Path, sha256: str, *, max_pages: int = 300, ocr_page_timeout: float = 180) -> Document:
    """A PNG/JPEG/TIFF (multi-page TIFF: one page per frame) read by OCR."""
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

    def render(number: int) -> tuple[Image.Image, float, int]:
        image.seek(number - 1)
        return image.copy(), _image_dpi(image), number

    reads, left_out = read_in_runs(path, list(range(1, n_frames + 1)), render, ocr_page_timeout)
    blocks: list[Block] = []
    for read in (reads[n] for n in sorted(reads)):
        # Boxes in 300-dpi pixels, whatever the resolution the page was read at.
        blocks += _scale_boxes(read.blocks, OCR_DPI / read.dpi) if read.dpi != OCR_DPI else read.blocks
    for index, table in enumerate(b.table for b in blocks if b.table is not None):
        table.index = index
    warnings = [left_out_warning(left_out, ocr_page_timeout)] if left_out else []
    letters = sum(ch.isalpha() for b in blocks if b.line for ch in b.line.text)
    letters += sum(ch.isalpha() for b in blocks if b.table for r in b.table.rows for c in r for ch in c.text)
    if letters < 20 and left_out:
        raise ReadError(f"{path}: OCR did not finish within {ocr_page_timeout:g} s a page (--ocr-timeout) on "
                        f"page(s) {', '.join(map(str, left_out))}, and nothing else was read; import it again "
                        "with a larger --ocr-timeout.", path=str(path))
    if letters < 20:
        raise ReadError(f"{path}: no text was found in the image; it does not look like a plan "
                        "(rescan the paper at 300 dpi).", path=str(path))
    warnings += reread_warnings({n: r.cells_reread for n, r in reads.items()})
    warnings.insert(0, f"OCR used on page(s) 1-{n_frames}: the file is an image." if n_frames > 1
                    else "OCR used on page 1: the file is an image.")
    return Document(path=str(path), sha256=sha256, format="image", blocks=blocks, pages=n_frames,
                    ocr_pages=list(range(1, n_frames + 1)), pages_left_out=left_out, warnings=warnings)
