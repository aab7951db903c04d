"""Shared helpers for reader tests and the read benchmark: build fixtures once, score Documents against gold."""

from __future__ import annotations

import re
import unicodedata
import sys
from collections import Counter
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GENERATED = FIXTURES / "generated"
sys.path.insert(0, str(FIXTURES))

import make_fixtures  # noqa: E402

SPACE = re.compile(r"\s+")



def ensure_fixtures() -> Path:
    """Build the generated fixtures when they are missing (they are gitignored)."""
    if not (GENERATED / "DONE").exists():
        make_fixtures.build_all(GENERATED)
    return GENERATED


def norm(text: str) -> str:
    """Whitespace collapsed; NFKC so that '…' and '...' (which no scan can tell apart) compare equal."""
    return SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def cell_texts(document, pages: set[int] | None = None) -> Counter:
    """Every table cell's text (whitespace-normalized), as a multiset."""
    found: Counter = Counter()
    for table in document.tables:
        if pages is not None and table.page not in pages:
            continue
        for row in table.rows:
            for cell in row:
                if cell.text.strip():
                    found[norm(cell.text)] += 1
    return found


def field_recall(expected_fields: list[tuple[str, str]], found: Counter) -> tuple[int, int, list]:
    """How many gold cell values occur exactly among the found cells (each found cell used once)."""
    pool = Counter(found)
    hits, misses = 0, []
    for key, value in expected_fields:
        value = norm(value)
        if pool[value] > 0:
            pool[value] -= 1
            hits += 1
        else:
            misses.append((key, value))
    return hits, len(expected_fields), misses


def fields_on_pages(plan_id: str, reference, pages: set[int]) -> list[tuple[str, str]]:
    """Gold fields printed on the given pages, located through the text PDF (itself checked 100 %)."""
    on_pages = cell_texts(reference, pages)
    fields = []
    for key, value in make_fixtures.expected(plan_id)["fields"]:
        if on_pages[norm(value)] > 0:
            on_pages[norm(value)] -= 1
            fields.append((key, value))
    return fields


def cell_cer(reference, hypothesis, pages: set[int]) -> tuple[int, int]:
    """Character edits between cells at the same (page, table, row, col), and reference length."""
    from rapidfuzz.distance import Levenshtein

    def grid(document):
        cells = {}
        per_page: Counter = Counter()
        for table in document.tables:
            if table.page not in pages:
                continue
            k = per_page[table.page]
            per_page[table.page] += 1
            for row in table.rows:
                for cell in row:
                    cells[(table.page, k, cell.row, cell.col)] = norm(cell.text)
        return cells

    ref, hyp = grid(reference), grid(hypothesis)
    edits = sum(Levenshtein.distance(text, hyp.get(key, "")) for key, text in ref.items())
    return edits, sum(len(text) for text in ref.values())
