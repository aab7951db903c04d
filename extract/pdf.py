"""Read a PDF with pdfplumber: lines in reading order, ruled tables as grids; bad pages go to OCR."""

from __future__ import annotations

from pathlib import Path

from vnplan.errors import ReadError

from .document import Block, Document
from .layout import TABLE_HEADER_WORDS, Word, aligned_page_tables, layout_page
from .pdf_objects import load_objects
from .quality import PageVerdict, clean_text, convert_text, is_ocr_required

LINE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
TEXT_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text"}
# Header words that make a text-aligned grid a plan table rather than justified prose.


# --- text-layer pages ------------------------------------------------------------------------

def _page_words(page) -> list[Word]:
    load_objects(page)
    raw = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    return [Word(clean_text(w["text"]), w["x0"], w["x1"], w["top"], w["bottom"]) for w in raw if w["text"].strip()]


def _is_plan_table(table) -> bool:
    rows = table.extract()
    if len(rows) < 3 or max(len(r) for r in rows) < 3:
        return False
    head = " ".join(str(c or "") for r in rows[:2] for c in r).lower()
    return any(word in head for word in TABLE_HEADER_WORDS)


def _page_tables(page, words: list[Word]) -> tuple[list[list[tuple]], bool]:
    """Cell boxes of the page's tables, and whether rules drew their rows.

    Fully ruled grids first; then rows ruled by horizontal lines only, or none, with columns from
    the white gaps between words (kept only when a header line or a numbered row opens them); last,
    on a page with no rules at all, pdfplumber's text-aligned grid when its header reads like a plan
    table. The text strategy extracts the page's words again, so it runs only on a page whose own
    words hold a header word at all."""
    found = [[tuple(c) for c in t.cells] for t in page.find_tables(table_settings=LINE_SETTINGS)
             if len(t.cells) >= 2]
    if found:
        return found, True
    edges = page.edges
    tables, is_ruled = aligned_page_tables(words, edges, float(page.width))
    if tables or edges:
        return tables, is_ruled
    text = " ".join(w.text for w in words).lower()
    if not any(word in text for word in TABLE_HEADER_WORDS):
        return [], False
    found = [[tuple(c) for c in t.cells] for t in page.find_tables(table_settings=TEXT_SETTINGS)
             if _is_plan_table(t) and len(t.cells) >= 2]
    return found, False


def _convert_blocks(blocks: list[Block], verdict: PageVerdict) -> None:
    for block in blocks:
        if block.line is not None:
            original = block.line.text
            block.line.text = convert_text(original, verdict)
            if block.line.text != original:
                block.line.original = original
        elif block.table is not None:
            for row in block.table.rows:
                for cell in row:
                    cell.text = "\n".join(convert_text(part, verdict) for part in cell.text.split("\n"))


def read_pdf(path: Path, sha256: str, *, max_pages: int = 300, ocr_page_timeout: float = 180) -> Document:
    """Text pages through pdfplumber; pages with no usable text layer through OCR."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(str(path))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReadError(f"{path}: the PDF is encrypted; remove the password and import it again.",
                        path=str(path)) from exc
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        # pdfplumber wraps pdfminer's errors: look at the wrapped one too.
        causes = [exc, *exc.args, exc.__cause__, exc.__context__]
        name = type(exc).__name__
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise ReadError(f"{path}: the PDF is encrypted; remove the password and import it again.",
                            path=str(path)) from exc
        raise ReadError(f"{path}: the PDF is damaged and cannot be parsed ({name}); export it again.",
                        path=str(path)) from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise ReadError(f"{path}: the PDF page tree is damaged ({type(exc).__name__}); export it again.",
                            path=str(path)) from exc
        if n_pages == 0:
            raise ReadError(f"{path}: the PDF has no pages; export the plan again.", path=str(path))
        if n_pages > max_pages:
            raise ReadError(f"{path}: the PDF has {n_pages} pages, more than the limit of {max_pages}; "
                            "raise max_pages or split the file.", path=str(path))
        blocks_by_page: dict[int, list[Block]] = {}
        warnings: list[str] = []
        ocr_pages: list[int] = []
        ocr_reasons: dict[str, list[int]] = {}
        ocr_details: dict[int, str] = {}  # page → the figures behind its reason
        converted: dict[str, list[int]] = {}
        scan_dpi: dict[int, float | None] = {}
        n_tables = 0
        for number, page in enumerate(pdf.pages, 1):
            try:
                words = _page_words(page)
            except Exception as exc:
                words = []
                warnings.append(f"page {number}: text layer unreadable ({type(exc).__name__}).")
            dpi = _scan_dpi(page)
            verdict = is_ocr_required(" ".join(w.text for w in words), scanned=dpi is not None)
            if verdict.action == "ocr":
                ocr_pages.append(number)
                scan_dpi[number] = dpi
                ocr_reasons.setdefault(verdict.reason or "unreadable text", []).append(number)
                if verdict.detail:
                    ocr_details[number] = verdict.detail
                page.close()
                continue
            tables, is_ruled = _page_tables(page, words)
            page_blocks = layout_page(words, tables, number, "text", n_tables, is_ruled)
            n_tables += sum(1 for b in page_blocks if b.table)
            if verdict.action == "convert":
                _convert_blocks(page_blocks, verdict)
                converted.setdefault(verdict.reason or "", []).append(number)
            blocks_by_page[number] = page_blocks
            page.close()  # drop pdfplumber's per-page caches: memory stays flat on long files
    left_out: list[int] = []
    if ocr_pages:
        from .ocr import left_out_warning, ocr_pdf_pages

        ocr_blocks, ocr_warnings, left_out = ocr_pdf_pages(path, ocr_pages, timeout=ocr_page_timeout,
                                                             page_dpi={k: v for k, v in scan_dpi.items() if v})
        warnings += ([left_out_warning(left_out, ocr_page_timeout)] if left_out else []) + ocr_warnings
        blocks_by_page.update(ocr_blocks)
    ordered: list[Block] = []
    index = 0
    for number in sorted(blocks_by_page):
        for block in blocks_by_page[number]:
            if block.table is not None:
                block.table.index = index
                index += 1
            ordered.append(block)
    for reason, pages in ocr_reasons.items():
        details = [f"page {p}: {ocr_details[p]}" for p in pages if p in ocr_details]
        warnings.insert(0, f"OCR used on page(s) {_ranges(pages)}: {reason}"
                        + (f" ({'; '.join(details)})." if details else "."))
    for reason, pages in converted.items():
        warnings.insert(0, f"Text converted on page(s) {_ranges(pages)}: {reason}.")
    if left_out and not any(b.table or (b.line and b.line.text.strip()) for b in ordered):
        raise ReadError(f"{path}: OCR did not finish within {ocr_page_timeout:g} s a page (--ocr-timeout) on "
                        f"page(s) {_ranges(left_out)}, and nothing else was read; import it again with a larger "
                        "--ocr-timeout.", path=str(path))
    if not any(b.table or (b.line and b.line.text.strip()) for b in ordered):
        raise ReadError(f"{path}: no text could be read from the PDF, not even by OCR; "
                        "check that it is a plan and rescan it at 300 dpi.", path=str(path))
    return Document(path=str(path), sha256=sha256, format="pdf", blocks=ordered, pages=n_pages,
                    ocr_pages=ocr_pages, pages_left_out=left_out, warnings=warnings)


def _scan_dpi(page) -> float | None:
    """Resolution of the scanned image covering the page, if the page is one."""
    try:
        images = page.images
    except Exception:
        return None
    for image in images:
        width_pt = image["x1"] - image["x0"]
        if width_pt > 0.8 * float(page.width) and image.get("srcsize"):
            return image["srcsize"][0] / (width_pt / 72)
    return None


def _ranges(pages: list[int]) -> str:
    """[1, 2, 3, 7] → '1-3, 7'."""
    spans: list[list[int]] = []
    for p in sorted(pages):
        if spans and p == spans[-1][1] + 1:
            spans[-1][1] = p
        else:
            spans.append([p, p])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
