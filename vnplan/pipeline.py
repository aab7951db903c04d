"""One file through every stage: read → repair → parse → normalize. Pure except for reading the file."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from vnplan.extract.document import Document
from vnplan.extract.parse import parse_document
from vnplan.extract.read import read_document
from vnplan.extract.tables import CellKinds
from vnplan.models import Plan
from vnplan.normalize.build import build_plan

DEFAULT_MAX_PAGES = 300
DEFAULT_OCR_TIMEOUT = 180.0


_EXTRACTOR_PACKAGES = ("vnplan", "vnplan.extract", "vnplan.normalize", "vnplan.models", "vnplan.output")
_EXTRACTOR_DATA = ("lexicons", "lm")  # corpus/ folders the pipeline reads (not the sample plans or gold)


def _is_time(text: str) -> bool:
    from vnplan.normalize.deadlines import parse_deadline_years

    return parse_deadline_years(text, 2000, 2000).kind != "unknown"


def _is_owner(text: str) -> bool:
    from vnplan.normalize.owners import code_owners

    owners = code_owners(text)
    return bool(owners) and all(owner.code != "other" for owner in owners)


# What the normalizers know about a cell, handed to the table parser (which never imports them).
CELL_KINDS = CellKinds(is_time=_is_time, is_owner=_is_owner)


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """What reads the plans, as 16 hex digits: the code and the data it uses. The store records it
    per source, so that re-running an import after vnplan changed reads every file again (with
    the same version, finished files are skipped)."""
    digest = hashlib.sha256()

    def add(folder, relative: str) -> None:
        for item in sorted(folder.iterdir(), key=lambda i: i.name):
            name = f"{relative}/{item.name}"
            if item.is_dir():
                if item.name != "__pycache__":
                    add(item, name)
            elif item.name.endswith((".py", ".csv", ".gz", ".json", ".txt")):
                digest.update(name.encode() + b"\0" + item.read_bytes())

    for package in _EXTRACTOR_PACKAGES:
        add(resources.files(package), package)
    corpus = resources.files("vnplan.corpus")
    for folder in _EXTRACTOR_DATA:
        add(corpus.joinpath(folder), folder)
    return digest.hexdigest()[:16]


def repair_document(doc: Document) -> Document:
    """Repair lines whose Vietnamese is damaged, keeping each original beside its repair.

    The whole text goes through `repair_lines` at once, so the OCR channel adapts to this
    document's own damage; lines already clean come back unchanged.
    """
    from vnplan.extract.repair import needs_repair, repair_lines

    lines = [line for line in doc.lines if line.text.strip()]
    if not lines or not needs_repair("\n".join(line.text for line in lines)):
        return doc
    doubtful = 0
    for line, repaired in zip(lines, repair_lines("\n".join(line.text for line in lines))):
        if repaired.text != line.text:
            doc.repairs.append(_record(repaired, page=line.page, line=line.lineno))
            line.original, line.text = line.text, repaired.text
            line.repair_confidence = repaired.confidence
            doc.repaired = True
            doubtful += bool(repaired.low_confidence)
    cells = [(t, cell) for t, table in enumerate(doc.tables) for row in table.rows for cell in row
             if cell.text.strip()]
    if cells:
        joined = "\n".join(" ".join(c.text.split()) for _, c in cells)
        for (t, cell), repaired in zip(cells, repair_lines(joined)):
            if repaired.text != " ".join(cell.text.split()):
                doc.repairs.append(_record(repaired, page=doc.tables[t].page, line=cell.lineno, table_index=t,
                                           row_index=cell.row, col_index=cell.col))
                cell.text = repaired.text
                doc.repaired = True
    if doc.repaired:
        doc.warnings.append(
            "the text had lost or mangled Vietnamese marks and was repaired (originals kept in the source)"
            + (f"; {doubtful} line(s) repaired with low confidence" if doubtful else "")
        )
    return doc


def _record(repaired, **where) -> dict:
    """A repaired line as the plan record keeps it: the original beside the repair, token by token."""
    return {**where, "original": repaired.original, "text": repaired.text,
            "confidence": round(repaired.confidence, 4),
            "tokens": [{"original": t.original, "repaired": t.repaired, "confidence": round(t.confidence, 4)}
                       for t in repaired.tokens if t.changed]}


def read_plan_and_draft(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES,
                        ocr_page_timeout: float = DEFAULT_OCR_TIMEOUT):
    """The plan record and the PlanDraft it was built from (for explaining a plan)."""
    doc = repair_document(read_document(path, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout))
    draft = parse_document(doc, kinds=CELL_KINDS)
    return build_plan(draft, doc), draft


def read_plan(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES,
              ocr_page_timeout: float = DEFAULT_OCR_TIMEOUT) -> Plan:
    """The plan record of one file; raises VnplanError with a readable message."""
    doc = read_document(path, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout)
    doc = repair_document(doc)
    return build_plan(parse_document(doc, kinds=CELL_KINDS), doc)
