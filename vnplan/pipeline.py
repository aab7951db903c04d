"""One file through every stage: read → repair → parse → normalize. Pure except for reading the file."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from vnplan.extract.parse import parse_document
from vnplan.extract.read import read_document
from vnplan.extract.repair.document import repair_document
from vnplan.models import Plan
from vnplan.normalize.build import build_plan
from vnplan.normalize.evidence import cutting_evidence

DEFAULT_MAX_PAGES = 300
DEFAULT_OCR_TIMEOUT = 180.0


_EXTRACTOR_PACKAGES = ("vnplan", "vnplan.extract", "vnplan.normalize", "vnplan.models", "vnplan.output")
_EXTRACTOR_DATA = ("lexicons", "lm")  # corpus/ folders the pipeline reads (not the sample plans or gold)


# What the normalizers know about a cell (is it a time expression? does it name known units?),
# lent to the table parsers, which never import them; parse_document takes it as its `evidence`.
EVIDENCE = cutting_evidence()


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


def read_plan_and_draft(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES,
                        ocr_page_timeout: float = DEFAULT_OCR_TIMEOUT):
    """The plan record and the PlanDraft it was built from (for explaining a plan)."""
    doc = repair_document(read_document(path, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout))
    draft = parse_document(doc, evidence=cutting_evidence())
    return build_plan(draft, doc), draft


def read_plan(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES,
              ocr_page_timeout: float = DEFAULT_OCR_TIMEOUT) -> Plan:
    """The plan record of one file; raises VnplanError with a readable message."""
    doc = read_document(path, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout)
    doc = repair_document(doc)
    return build_plan(parse_document(doc, evidence=cutting_evidence()), doc)
