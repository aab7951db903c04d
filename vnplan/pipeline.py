"""One file through every stage: read → repair → parse → normalize. Pure except for reading the file."""

from __future__ import annotations

from pathlib import Path

from vnplan.extract.document import Document
from vnplan.extract.parse import parse_document
from vnplan.extract.read import read_document
from vnplan.models import Plan
from vnplan.normalize.build import build_plan

DEFAULT_MAX_PAGES = 300
DEFAULT_OCR_TIMEOUT = 180.0
LOW_CONFIDENCE = 0.5


def repair_document(doc: Document) -> Document:
    """Repair lines whose Vietnamese is damaged, keeping each original beside its repair."""
    from vnplan.extract.repair import needs_repair, repair_line

    text = "\n".join(line.text for line in doc.lines)
    if not needs_repair(text):
        return doc
    doubtful = 0
    for line in doc.lines:
        if not line.text.strip() or not needs_repair(line.text):
            continue
        repaired = repair_line(line.text)
        if repaired.text != line.text:
            line.original, line.text = line.text, repaired.text
            line.repair_confidence = repaired.confidence
            doc.repaired = True
            doubtful += repaired.confidence < LOW_CONFIDENCE
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                if cell.text and needs_repair(cell.text):
                    cell.text = repair_line(cell.text).text
                    doc.repaired = True
    if doc.repaired:
        doc.warnings.append(
            "the text had lost or mangled Vietnamese marks and was repaired; originals are kept"
            + (f", {doubtful} line(s) with low confidence" if doubtful else "")
        )
    return doc


def read_plan_and_draft(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES,
                        ocr_page_timeout: float = DEFAULT_OCR_TIMEOUT):
    """The plan record and the PlanDraft it was built from (for explaining a plan)."""
    doc = repair_document(read_document(path, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout))
    draft = parse_document(doc)
    return build_plan(draft, doc), draft


def read_plan(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES,
              ocr_page_timeout: float = DEFAULT_OCR_TIMEOUT) -> Plan:
    """The plan record of one file; raises VnplanError with a readable message."""
    doc = read_document(path, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout)
    doc = repair_document(doc)
    return build_plan(parse_document(doc), doc)
