"""Text exports (.txt/.md) → Document: one line block per line, tab-separated or Markdown pipe rows as grids."""

from __future__ import annotations

import re
import unicodedata

from vnplan.extract.document import Block, Cell, Document, Line, Table

# Formatting that exports carry but the document does not say: DOCX→Markdown bold and italics.
_MARKUP = re.compile(r"\*\*|</?(?:i|b|u|em|strong)>", re.IGNORECASE)
_SPACES = re.compile(r"[ \u00a0]+")
# Markdown pipe tables ("| STT | Nội dung | … |") are read like tab-separated rows.
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")


def strip_markup(text: str) -> str:
    return _MARKUP.sub("", text)


def clean_cell(text: str) -> str:
    """A cell or fragment as the contract stores it: markup gone, NFC, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", strip_markup(text))).strip()


def document_from_text(text: str, *, path: str, sha256: str) -> Document:
    """Lines in order; each run of consecutive tab-separated lines becomes one Table block."""
    doc = Document(path=path, sha256=sha256, format="txt")
    run: list[tuple[int, str]] = []

    def flush() -> None:
        if run:
            doc.blocks.append(Block(table=_grid(run, index=len(doc.tables))))
            run.clear()

    for lineno, raw in enumerate(text.splitlines(), start=1):
        raw = unicodedata.normalize("NFC", raw.replace("\ufeff", ""))
        if _PIPE_SEPARATOR.match(raw):
            continue  # the |---|---| line under a Markdown table header
        if _PIPE_ROW.match(raw):
            run.append((lineno, "\t".join(cell for cell in raw.strip()[1:-1].split("|"))))
            continue
        if "\t" in raw:
            run.append((lineno, raw))
            continue
        flush()
        text = strip_markup(raw)
        # a whitespace-only line stays as it is: in PDF copy-paste it marks a paragraph break
        doc.blocks.append(Block(line=Line(text=text.rstrip() if text.strip() else text, lineno=lineno, origin="txt")))
    flush()
    return doc


def _grid(run: list[tuple[int, str]], index: int) -> Table:
    rows = []
    for r, (lineno, raw) in enumerate(run):
        parts = raw.split("\t")
        rows.append([Cell(text=clean_cell(p), row=r, col=c, lineno=lineno) for c, p in enumerate(parts)])
    width = max(len(r) for r in rows)
    for r, row in enumerate(rows):  # ragged exports: pad so every row has every column
        row.extend(Cell(text="", row=r, col=c, lineno=row[0].lineno) for c in range(len(row), width))
    return Table(rows=rows, index=index, lineno=run[0][0])
