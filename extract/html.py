"""HTML pages (saved from a browser, or written by an office suite) → Document.

Block elements become lines; a table becomes a grid with its rowspan/colspan, like a DOCX table; a
header or signature table (issuer | motto, 'Nơi nhận' | 'KT. CHỦ TỊCH …') is read as lines, and a
page-layout table that holds other tables is read through. Law-portal furniture around the
document is left out as in the Markdown exports (corpus/lexicons/site_furniture.csv).
"""

from __future__ import annotations

import re
import unicodedata

from vnplan.errors import ReadError
from vnplan.extract.document import Block, Cell, Document, Line, Table
from vnplan.extract.header_tables import layout_lines
from vnplan.extract.markdown import _MOTTO, _is_furniture
from vnplan.lang.vi import fold

_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*(?:<!doctype[^>]*>\s*)?<html\b|<head\b|<meta\b)",
                   re.IGNORECASE)
_SKIP = {"script", "style", "noscript", "head", "title", "template", "svg", "iframe", "button", "select", "form",
         "input", "nav"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "section", "article",
          "center", "header", "footer", "main", "aside", "dl", "dt", "dd", "pre", "address", "body", "html",
          "figure", "figcaption", "hr", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"}


def is_html(text: str) -> bool:
    return bool(_HTML.match(text[:4096]))


def _tag(node) -> str:
    return node.tag.lower() if isinstance(node.tag, str) else ""


def _walker(buffer: list[str], flush, on_table):
    """A walk over an element's text in reading order: inline text goes to BUFFER, a block element or
    <br> ends a line (FLUSH), a table goes to ON_TABLE; scripts, forms and the like are skipped."""

    def walk(el) -> None:
        if el.text:
            buffer.append(el.text)
        for child in el:
            tag = _tag(child)
            if tag in _SKIP:
                pass
            elif tag == "br":
                flush()
            elif tag == "table":
                flush()
                on_table(child)
            elif tag in _BLOCK:
                flush()
                walk(child)
                flush()
            elif tag:
                walk(child)
            if child.tail:
                # an image anchored inside a word ('T<img …/>\nỈNH') is no word break
                glued = tag == "img" and buffer and buffer[-1][-1:].isalpha()
                buffer.append(child.tail.lstrip() if glued else child.tail)

    return walk


def _lines_of(node) -> list[str]:
    """The text lines of NODE: one per block element or <br>, inline markup joined, spaces squeezed."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        if text:
            out.append(unicodedata.normalize("NFC", text))
        buffer.clear()

    def own_lines(table) -> None:
        for row in _rows(table):
            for cell in row:
                out.extend(cell[1])

    walk = _walker(buffer, flush, own_lines)
    walk(node)
    flush()
    return out


def _rows(table) -> list[list[tuple[object, list[str]]]]:
    """(td element, its lines) per row of TABLE's own rows (not those of nested tables)."""
    rows = []
    for tr in table.iter("tr"):
        if next((a for a in tr.iterancestors("table")), None) is not table:
            continue
        rows.append([(td, _lines_of(td)) for td in tr if _tag(td) in ("td", "th")])
    return rows


def _span(td, name: str) -> int:
    try:
        return max(1, min(int(td.get(name, "1")), 100))
    except ValueError:
        return 1


def _grid(rows: list[list[tuple[object, list[str]]]], index: int) -> Table:
    """Cells placed on the grid the spans make; a spanned-over slot has no cell of its own."""
    taken: set[tuple[int, int]] = set()
    grid: list[list[Cell]] = []
    for r, row in enumerate(rows):
        cells, col = [], 0
        for td, lines in row:
            while (r, col) in taken:
                col += 1
            row_span, col_span = _span(td, "rowspan"), _span(td, "colspan")
            cells.append(Cell(text="\n".join(lines), row=r, col=col, row_span=row_span, col_span=col_span))
            for dr in range(row_span):
                for dc in range(col_span):
                    taken.add((r + dr, col + dc))
            col += col_span
        grid.append(cells)
    return Table(rows=grid, index=index)


def document_from_html(text: str, *, path: str, sha256: str) -> Document:
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise ReadError(f"{path}: the HTML page cannot be parsed ({exc}); save the page again from the browser.",
                        path=path) from exc
    body = root.find("body")
    blocks: list[Block] = []
    n_tables = 0
    buffer: list[str] = []

    def line(value: str) -> None:
        blocks.append(Block(line=Line(text=value, origin="txt")))

    def flush() -> None:
        value = " ".join("".join(buffer).split())
        if value:
            line(unicodedata.normalize("NFC", value))
            line(" ")  # a block element ends a paragraph
        buffer.clear()

    def table(el) -> None:
        nonlocal n_tables
        rows = _rows(el)
        if not rows:
            return
        if any(td.find(".//table") is not None for row in rows for td, _ in row):
            for row in rows:  # a page-layout table: read what it holds
                for td, _ in row:
                    walk(td)
                    flush()
            return
        lines = layout_lines([[cell_lines for _, cell_lines in row] for row in rows])
        if lines is not None:
            for value in lines:
                line(value)
                line(" ")
            return
        blocks.append(Block(table=_grid(rows, n_tables)))
        n_tables += 1

    walk = _walker(buffer, flush, table)
    walk(body if body is not None else root)
    flush()
    doc = Document(path=path, sha256=sha256, format="txt", blocks=_without_furniture(blocks))
    for i, block in enumerate(doc.blocks, start=1):
        if block.line is not None:
            block.line.lineno = i  # the block's place in the page: a text source's line number
    if not any(b.table or (b.line and b.line.text.strip()) for b in doc.blocks):
        raise ReadError(f"{path}: the HTML page has no text; save the page itself, not a frame of it.", path=path)
    return doc


def _without_furniture(blocks: list[Block]) -> list[Block]:
    texts = [b.line.text if b.line else "" for b in blocks]
    first, last = 0, len(blocks)
    if sum(_is_furniture(t, "head") for t in texts[:400] if t.strip()) >= 2:
        motto = next((i for i, t in enumerate(texts) if _MOTTO.search(fold(t))), None)
        if motto is not None:
            first = motto
            while first > 0 and texts[first - 1].strip() and not _is_furniture(texts[first - 1], "head") \
                    and motto - first < 4:
                first -= 1  # the issuer's lines printed before the motto
    for i in range(first, len(blocks)):
        if texts[i].strip() and _is_furniture(texts[i], "tail"):
            last = i
            break
    return blocks[first:last]
