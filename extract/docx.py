"""Read a DOCX body (paragraphs, tables with merged cells, header text boxes) into a Document."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from vnplan.errors import ReadError

from .document import Block, Cell, Document, Line, Table
from .header_tables import layout_lines
from .limits import MAX_NESTING

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p) -> str:
    """Text of a w:p, skipping text boxes (read separately) and keeping tabs and breaks."""
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == W + "txbxContent":
            continue
        if tag == W + "t" and not _inside_textbox(node, p):
            parts.append(node.text or "")
        elif tag == W + "tab" and not _inside_textbox(node, p):
            parts.append("\t")
        elif tag in (W + "br", W + "cr") and not _inside_textbox(node, p):
            parts.append("\n")
    # Word keeps what was typed: some keyboards type decomposed marks ('U' + hook); compose them
    return unicodedata.normalize("NFC", "".join(parts))


def _inside_textbox(node, stop) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == W + "txbxContent":
            return True
        parent = parent.getparent()
    return False


def _textbox_paragraphs(p) -> list:
    """Paragraphs of the text boxes anchored in p (Word headers often put the issuer in one)."""
    found = []
    for box in p.iter(W + "txbxContent"):
        # A text box holds both a DrawingML and a VML fallback copy: read the first only.
        if any(box is b or _inside(box, b) for b in found):
            continue
        found.append(box)
    seen_texts: set[str] = set()
    paragraphs = []
    for box in found:
        text = "\n".join(_paragraph_text(q) for q in box.iter(W + "p"))
        if text in seen_texts:
            continue
        seen_texts.add(text)
        paragraphs += list(box.iter(W + "p"))
    return paragraphs


def _inside(node, ancestor) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _cell_text(tc, depth: int = 0) -> str:
    """Paragraphs of a cell joined by newlines; a nested table contributes its rows' text.

    One pass: each nested row is read once, through its own cells (reading every descendant row
    again at each level made 24 levels take a minute), and nesting deeper than MAX_NESTING raises."""
    if depth > MAX_NESTING:
        raise NestingError
    parts: list[str] = []
    for child in tc:
        if child.tag == W + "p":
            parts.append(_paragraph_text(child))
        elif child.tag == W + "tbl":
            for tr in (r for r in child if r.tag == W + "tr"):
                row = [_cell_text(c, depth + 1) for c in tr if c.tag == W + "tc"]
                parts.append(" ".join(r for r in row if r))
    return "\n".join(parts).strip("\n")


class NestingError(Exception):
    """Tables nested deeper than MAX_NESTING in one cell."""


def _int_attr(node, tag: str, default: int) -> int:
    found = node.find(tag)
    if found is None:
        return default
    try:
        return int(found.get(W + "val"))
    except (TypeError, ValueError):
        return default


def table_grid(tbl) -> list[list[Cell]]:
    """Rows of cells with gridSpan → col_span and vMerge → row_span on the top-left cell."""
    rows: list[list[Cell]] = []
    open_merges: dict[int, Cell] = {}  # grid column → the cell a vMerge continues
    for r, tr in enumerate(child for child in tbl if child.tag == W + "tr"):
        row: list[Cell] = []
        trPr = tr.find(W + "trPr")
        col = _int_attr(trPr, W + "gridBefore", 0) if trPr is not None else 0
        for tc in (child for child in tr if child.tag == W + "tc"):
            tcPr = tc.find(W + "tcPr")
            span = _int_attr(tcPr, W + "gridSpan", 1) if tcPr is not None else 1
            vmerge = tcPr.find(W + "vMerge") if tcPr is not None else None
            if vmerge is not None and vmerge.get(W + "val") != "restart" and col in open_merges:
                open_merges[col].row_span += 1
            else:
                cell = Cell(text=_cell_text(tc), row=r, col=col, col_span=span)
                row.append(cell)
                if vmerge is not None:
                    open_merges[col] = cell
                else:
                    open_merges.pop(col, None)
            col += span
        rows.append(row)
    return rows



def read_docx(path: Path, sha256: str) -> Document:
    """Body order of paragraphs and tables; the header layout table is read column by column."""
    import docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"{path}: the DOCX cannot be parsed ({exc}); open and save it again in Word.",
                        path=str(path)) from exc
    except Exception as exc:  # lxml raises its own XMLSyntaxError for damaged parts
        raise ReadError(f"{path}: the DOCX is damaged ({type(exc).__name__}); open and save it again in Word.",
                        path=str(path)) from exc
    blocks: list[Block] = []
    n_tables = 0
    for child in document.element.body:
        if child.tag == W + "p":
            for box_p in _textbox_paragraphs(child):
                text = _paragraph_text(box_p)
                if text.strip():
                    blocks.append(Block(line=Line(text, origin="docx")))
            text = _paragraph_text(child)
            for part in text.split("\n"):
                blocks.append(Block(line=Line(part, origin="docx")))
        elif child.tag == W + "tbl":
            try:
                rows = table_grid(child)
            except NestingError:
                raise ReadError(f"{path}: the DOCX has tables nested more than {MAX_NESTING} deep inside table "
                                "cells; a plan's tables are not, so check the file.", path=str(path)) from None
            # a borderless header or signature table (issuer | motto, 'Nơi nhận' | 'KT. CHỦ TỊCH …'): lines
            lines = layout_lines([[c.text.split("\n") for c in row] for row in rows])
            if lines is not None:
                for part in lines:
                    blocks.append(Block(line=Line(part, origin="docx")))
                continue
            blocks.append(Block(table=Table(rows=rows, index=n_tables, is_ruled=True)))
            n_tables += 1
    if not any(b.table or (b.line and b.line.text.strip()) for b in blocks):
        raise ReadError(f"{path}: the DOCX body has no text; check that the plan was saved into it.",
                        path=str(path))
    return Document(path=str(path), sha256=sha256, format="docx", blocks=blocks)
