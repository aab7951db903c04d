"""The values handed between stages: a read Document, and the PlanDraft parsed from it.

Document: pages → lines (text, bbox, confidence, origin) and tables (grids of cells with spans).
PlanDraft: header fields, the section tree, table rows with their column roles, body paragraphs;
still raw strings, each with provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Origin = Literal["text", "ocr", "docx", "txt"]


@dataclass
class Line:
    """One line of text as read, with the repaired text beside the original when repair ran."""

    text: str
    page: int | None = None
    lineno: int | None = None  # 1-based line in a text source
    bbox: tuple[float, float, float, float] | None = None
    confidence: float | None = None
    origin: Origin = "txt"
    original: str | None = None  # what the document said, when `text` is a repair of it
    repair_confidence: float | None = None

    @property
    def is_repaired(self) -> bool:
        return self.original is not None and self.original != self.text


@dataclass
class Cell:
    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    lineno: int | None = None


@dataclass
class Table:
    """A grid as it appears on one page (or in one DOCX table): rows of cells in column order."""

    rows: list[list[Cell]]
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    index: int = 0
    lineno: int | None = None  # first line of the table in a text source
    # rows drawn by rules (or DOCX rows): a row with a task cell of its own is a row, not the
    # wrapped continuation of the row above, which text lines and text-aligned grids can be
    is_ruled: bool = False

    @property
    def n_cols(self) -> int:
        return max((c.col + c.col_span for r in self.rows for c in r), default=0)


@dataclass
class Block:
    """A body element in reading order: a line of text, or a table."""

    line: Line | None = None
    table: Table | None = None


@dataclass
class Document:
    """What was read from one source file, in reading order."""

    path: str
    sha256: str
    format: Literal["pdf", "docx", "txt", "image"]
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    ocr_pages: list[int] = field(default_factory=list)
    repaired: bool = False
    warnings: list[str] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)  # models.Repair fields: originals beside repairs

    @property
    def lines(self) -> list[Line]:
        return [b.line for b in self.blocks if b.line is not None]

    @property
    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.table is not None]


# --- PlanDraft: what the parsers make of a Document ------------------------------------------

Role = Literal[
    "row_no", "objective", "task", "activity", "output", "lead", "support", "deadline", "note",
    "indicator", "target", "ignore",
]


@dataclass
class DraftRow:
    """One table row with its cells keyed by column role (raw strings, joined fragments)."""

    cells: dict[str, str | None]
    area_raw: str | None = None
    page: int | None = None
    table_index: int | None = None
    row_index: int | None = None
    lineno: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class DraftTable:
    """A logical table (stitched across pages) with its heading and the roles of its columns."""

    heading: str | None
    roles: list[str]
    rows: list[DraftRow]
    kind: Literal["tasks", "indicators"] = "tasks"
    index: int = 0
    page: int | None = None
    target_year: int | None = None  # "Chỉ tiêu phấn đấu năm 2024" in a header cell


@dataclass
class Paragraph:
    """A body paragraph (line-broken fragments joined) with the section it sits in."""

    text: str
    section: str | None = None  # the number/title path of the enclosing heading, e.g. "II.2"
    section_title: str | None = None
    page: int | None = None
    lineno: int | None = None
    context_year: int | None = None  # from an enclosing "Đến năm 2025:" block
    headings: list[str] = field(default_factory=list)  # enclosing headings, outermost first: "II MỤC TIÊU…"


@dataclass
class BodyTask:
    """An item of a task section in the body ("- Rà soát, đánh giá…" under "b) Nhiệm vụ")."""

    text: str  # the item without its label
    row_no: str | None  # the item's number or letter as printed ("1", "a"); None for a bullet
    headings: list[str]
    section: str | None
    page: int | None = None
    lineno: int | None = None


@dataclass
class DraftSection:
    number: str | None
    title: str
    level: int
    lineno: int | None = None
    children: list[DraftSection] = field(default_factory=list)


@dataclass
class PlanDraft:
    header: dict[str, object]
    sections: list[DraftSection]
    tables: list[DraftTable]
    paragraphs: list[Paragraph]
    warnings: list[str] = field(default_factory=list)
    body_tasks: list[BodyTask] = field(default_factory=list)
