"""The quick parse of a text page's objects (extract/pdf_objects.py) gives what pdfplumber gives.

Real PDFs from the provinces (signed, with annotations, with a scanned page's OCR layer), the
generated plan and scan fixtures and the TCVN3 fixture: every page's objects, every field of every
character, rule and image, equal to pdfplumber's own parse of the same page."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from conftest_readers import ensure_fixtures
from vnplan.extract.pdf_objects import load_objects

ROOT = Path(__file__).resolve().parents[1]
REAL = sorted((ROOT / "corpus" / "real" / "bin").glob("*.pdf"))


@pytest.fixture(scope="module")
def generated():
    return ensure_fixtures()


def _generated_pdfs(generated: Path) -> list[Path]:
    return sorted(p for p in generated.glob("*.pdf") if not p.name.startswith("bad_"))


def _compare(path: Path) -> int:
    """Pages compared; asserts each page's objects equal pdfplumber's."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            theirs = page.parse_objects()  # pdfplumber's own parse (not cached by it)
            load_objects(page)
            assert page._objects == theirs, f"{path.name} page {page.page_number}"
            assert page.chars == theirs.get("char", [])
            page.close()
        return len(pdf.pages)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_pdfs_parse_as_pdfplumber_parses_them(path):
    assert _compare(path) >= 1


def test_generated_pdfs_parse_as_pdfplumber_parses_them(generated):
    paths = _generated_pdfs(generated)
    assert len(paths) >= 10
    assert sum(_compare(p) for p in paths) >= 20


def test_characters_are_read_once_and_kept(generated):
    with pdfplumber.open(generated / "plan_001.pdf") as pdf:
        page = pdf.pages[0]
        load_objects(page)
        chars = page.chars
        assert len(chars) > 500 and chars[0]["object_type"] == "char"
        load_objects(page)  # already parsed: left as it is
        assert page.chars is chars
        assert "Kế hoạch".lower() in page.extract_text().lower()
