"""The values handed between stages: a read Document, and the PlanDraft parsed from it.

Document: pages → lines (text, bbox, confidence, origin) and tables (grids of cells with spans).
PlanDraft: header fields, the section tree, table rows with their column roles, body paragraphs;
still raw strings, each with provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Literal

Origin = Literal["text", "ocr", "docx", "txt"]
Stage = Literal["read", "repair", "parse", "normalize", "write"]


@dataclass(frozen=True)
class StageWarning:
    """A doubt a stage records about the document: which stage, where, and what, as a sentence.

    The plan record keeps warnings as strings; `str(w)` is that string ("table 1, row II.3: the time
    'Quý V' is not a form vnplan knows; …"), so the record reads as it always did. (Named so as not to
    shadow Python's built-in `Warning`.) Readers that still add plain strings are rendered as they are.
    """

    stage: Stage
    where: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def render_warnings(warnings: list[StageWarning | str]) -> list[str]:
    """The record's `warnings`: each as its sentence."""
    return [str(w) for w in warnings]


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
    original: str | None = None  # what the document said, when `text` is a repair of it


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


@dataclass(frozen=True)
class Page:
    """One page of the source as the reader saw it: its size, the resolution it was read at (scans),
    and the reader's decision about its text layer (extract/quality.py's PageVerdict: keep, convert
    or ocr, with the reason)."""

    number: int  # 1-based
    width: float | None = None  # points (PDF) or pixels (image)
    height: float | None = None
    dpi: int | None = None  # the resolution an OCRed page was rendered or scanned at
    verdict: str | None = None  # "keep", "convert" or "ocr"
    reason: str | None = None  # why: "legacy TCVN3 font encoding", "no usable text layer" …


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
    pages: int | None = None  # how many pages the source has
    ocr_pages: list[int] = field(default_factory=list)
    pages_left_out: list[int] = field(default_factory=list)  # OCR did not finish within its time
    repaired: bool = False
    warnings: list[StageWarning | str] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)  # models.Repair fields: originals beside repairs
    # one Page per page, for readers that record them (additive: a reader that does not leaves it
    # empty, and `pages` still counts the pages)
    page_info: list[Page] = field(default_factory=list)

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
]  # a column's role; which header words name which role is data: corpus/lexicons/table_headers.csv


@dataclass
class DraftRow:
    """One table row with its cells keyed by column role (raw strings, joined fragments)."""

    cells: dict[Role, str | None]
    area_raw: str | None = None
    page: int | None = None
    table_index: int | None = None
    row_index: int | None = None
    lineno: int | None = None
    warnings: list[str] = field(default_factory=list)  # sentences about this row; build says where
    is_group: bool = False  # a group heading ("II CẢI CÁCH THỂ CHẾ"), which becomes the area of the rows below


@dataclass
class DraftTable:
    """A logical table (stitched across pages) with its heading and the roles of its columns."""

    heading: str | None
    roles: list[Role]
    rows: list[DraftRow]
    kind: Literal["tasks", "indicators"] = "tasks"
    index: int = 0
    page: int | None = None
    target_year: int | None = None  # "Chỉ tiêu phấn đấu năm 2024" in a header cell
    deadline_is_limit: bool = False  # the deadline column's header names a time limit ("Thời hạn hoàn thành")


@dataclass
class Paragraph:
    """A body paragraph (line-broken fragments joined) with the section it sits in."""

    text: str
    section: str | None = None  # the number/title path of the enclosing heading, e.g. "II.2"
    section_title: str | None = None
    page: int | None = None
    lineno: int | None = None
    context_year: int | None = None  # from an enclosing "Đến năm 2025:" block
    context_basis: str | None = None  # "block" ("Đến năm 2025:") or "heading" (a heading naming one year)
    headings: list[str] = field(default_factory=list)  # enclosing headings, outermost first: "II MỤC TIÊU…"
    is_reporting: bool = False  # under "I. KẾT QUẢ ĐẠT ĐƯỢC" or the like: its percentages report, not set goals


@dataclass
class BodyTask:
    """An item of a task section in the body ("- Rà soát, đánh giá…" under "b) Nhiệm vụ")."""

    text: str  # the item without its label
    row_no: str | None  # the item's number or letter as printed ("1", "a"); None for a bullet
    headings: list[str]
    section: str | None
    page: int | None = None
    lineno: int | None = None
    # labelled lines under the item ('Cơ quan thực hiện: Sở Tư pháp', 'Thời gian: Quý II/2026'),
    # by the role their label names as a table header would (lead, support, deadline, output, note)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class DraftSection:
    number: str | None
    title: str
    level: int
    lineno: int | None = None
    children: list[DraftSection] = field(default_factory=list)


@dataclass
class DraftHeader:
    """The header fields of the contract's `document` record as printed (the period as two years)."""

    issuer: str | None = None  # "UBND xã Nguyên Giáp"
    admin_level: str | None = None  # "xã", "phường", … "tỉnh" (models.plan.AdminLevel)
    unit_name: str | None = None
    district: str | None = None
    province: str | None = None
    doc_number: str | None = None  # "15/KH-UBND"
    doc_type: str | None = None  # "Kế hoạch"
    issue_date: str | None = None  # "2025-09-04"
    place: str | None = None
    title: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    start_year: int | None = None
    end_year: int | None = None


@dataclass
class PlanDraft:
    header: DraftHeader
    sections: list[DraftSection]
    tables: list[DraftTable]
    paragraphs: list[Paragraph]
    warnings: list[StageWarning | str] = field(default_factory=list)
    body_tasks: list[BodyTask] = field(default_factory=list)


# --- what later stages lend the readers -------------------------------------------------------
# Whether a cell is a time expression is the deadline grammar's knowledge, whether it names known
# units the owner coder's; both live in normalize/. The pipeline lends them as an Evidence
# (`vnplan.normalize.evidence.cutting_evidence()`), so extract/ never imports normalize/.


def _no(text: str) -> bool:
    return False


@dataclass(frozen=True)
class Evidence:
    """Predicates over a cell's whole text; each should be cached by whoever builds it."""

    is_time_expression: Callable[[str], bool] = _no  # 'Quý IV/2024', 'Thường xuyên' → True
    is_known_unit: Callable[[str], bool] = _no  # 'VP-TK, TP-HT' → True: every owner named has a unit code


NO_EVIDENCE = Evidence()  # cut by the text alone (the scores of SETTINGS without the two grammar bonuses)
