"""Reader benchmark on the generated fixtures: pages/s per format, OCR CER per resolution, overhead vs pdfplumber."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest_readers import cell_cer, ensure_fixtures, make_fixtures, norm  # noqa: E402
from vnplan.extract.read import read_document  # noqa: E402


def timed(fn, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def pdfplumber_alone(path: Path) -> None:
    """What pdfplumber does by itself on the same pages: text plus ruled tables."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            for table in page.find_tables():
                table.extract()


def line_cer(reference, hypothesis, pages: set[int]) -> tuple[int, int]:
    """Edits between the non-table text of the same pages, lines joined in reading order."""
    from rapidfuzz.distance import Levenshtein

    def text(document):
        return "\n".join(norm(l.text) for l in document.lines if l.page in pages and l.text.strip())

    ref = text(reference)
    return Levenshtein.distance(ref, text(hypothesis)), len(ref)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per text document (best is kept)")
    parser.add_argument("--scan-plans", default="001,002,004", help="plans whose scans are OCRed")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "read.json")
    args = parser.parse_args()
    generated = ensure_fixtures()
    results: dict[str, object] = {}

    pdf_time = plumber_time = pdf_pages = 0.0
    references = {}
    for plan in make_fixtures.PLAN_IDS:
        path = generated / f"plan_{plan}.pdf"
        seconds, document = timed(lambda: read_document(path), args.repeat)
        references[plan] = document
        pdf_time += seconds
        pdf_pages += document.pages
        plumber_time += timed(lambda: pdfplumber_alone(path), args.repeat)[0]
    results["text_pdf_pages_per_s"] = round(pdf_pages / pdf_time, 1)
    results["vnplan_over_pdfplumber"] = round(pdf_time / plumber_time, 2)

    docx_time = 0.0
    for plan in make_fixtures.PLAN_IDS:
        docx_time += timed(lambda: read_document(generated / f"plan_{plan}.docx"), args.repeat)[0]
    # A DOCX has no pages; its PDF rendering's page count stands in.
    results["docx_pages_per_s"] = round(pdf_pages / docx_time, 1)
    results["docx_docs_per_s"] = round(len(make_fixtures.PLAN_IDS) / docx_time, 1)

    pages = set(range(1, make_fixtures.SCAN_PAGES + 1))
    for dpi in sorted(make_fixtures.SCAN_SETTINGS, reverse=True):
        seconds = n_pages = 0.0
        cell_edits = cell_chars = line_edits = line_chars = 0
        for plan in args.scan_plans.split(","):
            s, document = timed(lambda: read_document(generated / f"scan_{plan}_{dpi}.pdf"))
            seconds += s
            n_pages += len(document.ocr_pages)
            e, n = cell_cer(references[plan], document, pages)
            cell_edits, cell_chars = cell_edits + e, cell_chars + n
            e, n = line_cer(references[plan], document, pages)
            line_edits, line_chars = line_edits + e, line_chars + n
        results[f"scan_{dpi}"] = {
            "pages_per_s": round(n_pages / seconds, 3),
            "cer_cells": round(cell_edits / cell_chars, 4),
            "cer_lines": round(line_edits / line_chars, 4),
            "cer_all": round((cell_edits + line_edits) / (cell_chars + line_chars), 4),
        }
        print(dpi, results[f"scan_{dpi}"], flush=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
