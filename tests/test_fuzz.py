"""Property tests (issue 18 #7): the four text functions of the API never raise and take time at most
linear in the text; the text, Markdown and DOCX readers give a Document or a ReadError. A few hundred
examples each here; `python bench/fuzz.py` runs 100,000 per API function."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_targets import TEXT, YEAR, check_api, check_docx_reader, check_text_reader

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@pytest.mark.parametrize("name", ["parse_deadline", "find_targets", "code_owners"])
@FAST
@given(text=TEXT, start=YEAR, end=YEAR)
def test_api_functions_never_raise(name, text, start, end):
    check_api(name, text, start, end)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(text=TEXT)
def test_repair_never_raises(text):
    check_api("repair", text, None, None)


@FAST
@given(text=TEXT, markdown=st.booleans())
def test_text_and_markdown_readers_never_raise(text, markdown):
    check_text_reader(text, markdown)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(paragraphs=st.lists(TEXT, max_size=4), cells=st.lists(TEXT, max_size=3))
def test_docx_reader_gives_a_document_or_a_sentence(tmp_path, paragraphs, cells):
    check_docx_reader(paragraphs, cells, tmp_path)


@pytest.mark.parametrize("text", ["1" * 5000, " " * 100000 + "x", "Quý ² năm 2024", "Tháng ٣/2024"])
def test_issue_repros_never_raise(text):
    for name in ("parse_deadline", "find_targets", "code_owners"):
        check_api(name, text, 2024, 2024)
