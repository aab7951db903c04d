"""Hypothesis strategies and properties shared by tests/test_fuzz.py (a few hundred examples each)
and bench/fuzz.py (100,000 examples per API function): the API functions never raise and their time
grows at most linearly with the text; the text, Markdown and DOCX readers give a Document or a
ReadError, nothing else."""

from __future__ import annotations

import time

from hypothesis import strategies as st

# Pieces the grammars know, so that examples reach deep into them, and pieces that break them.
WORDS = ["Quý", "IV", "năm", "2024", "2025", "tháng", "6/2025", "đạt", "trên", "90%", "97,7 %", "tăng lên",
         "không thấp hơn", "tối thiểu", "Tỷ lệ", "hồ sơ", "(", ")", "UBND", "xã", "Công chức", "VP-TK", ";", ",",
         "và", "các", "phòng", "Thường xuyên", "Trước ngày", "31/12/2024", "giai đoạn", "2021-2025", "Chỉ tiêu:",
         "-", "+", "•", "I.", "1.", "a)", "|", "---", "\t", "\n", "  ", "**", "<b>", "Điều 1.", "KẾ HOẠCH",
         "Pjc lap", "Hanh phiic", "1" * 60, "9" * 5000, "\x00", "\u200b", "\ufeff", "²", "٣", "\U0001F600", "\ud800"]
CHARS = st.characters(blacklist_categories=("Cs",))
TEXT = st.one_of(
    st.text(CHARS, max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(CHARS, max_size=8)), max_size=40).map("".join),
)
YEAR = st.one_of(st.none(), st.integers(1900, 2100), st.integers(-10**6, 10**6))

# CPU seconds allowed: a constant for start-up and caches, then per character. Generous on purpose:
# the old exponential cases took minutes for a hundred characters.
BASE, PER_CHAR = 5.0, 0.01


def within_time(call, text: str) -> None:
    # CPU time of this process: a loaded machine delays the wall clock, not the work done
    started = time.process_time()
    call()
    elapsed = time.process_time() - started
    assert elapsed < BASE + PER_CHAR * len(text), f"{elapsed:.1f} s for {len(text)} characters: {text[:80]!r}"


def check_api(name: str, text: str, start, end) -> None:
    from vnplan import api

    if name == "parse_deadline":
        within_time(lambda: api.parse_deadline(text, start, end), text)
    elif name == "find_targets":
        within_time(lambda: api.find_targets(text, start, end), text)
    elif name == "code_owners":
        within_time(lambda: api.code_owners(text), text)
    elif name == "repair":
        within_time(lambda: api.repair(text), text)


def check_text_reader(text: str, markdown: bool) -> None:
    from vnplan.extract.text import document_from_text

    if markdown:
        text = "\n".join("| " + " | ".join(line.split(" ")) + " |" for line in text.split("\n"))
    doc = document_from_text(text, path="fuzz.md" if markdown else "fuzz.txt", sha256="0" * 64)
    assert doc.path


def check_docx_reader(paragraphs: list[str], cells: list[str], folder) -> None:
    import docx

    from vnplan.errors import ReadError
    from vnplan.extract.read import read_document

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(_xml_safe(text))
    if cells:
        table = document.add_table(rows=1, cols=len(cells))
        for cell, text in zip(table.rows[0].cells, cells):
            cell.text = _xml_safe(text)
    path = folder / "fuzz.docx"
    document.save(path)
    try:
        read_document(path)
    except ReadError as exc:
        assert str(exc).startswith(str(path))


def _xml_safe(text: str) -> str:
    # python-docx refuses characters XML cannot hold; a DOCX cannot contain them either
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c and c not in "\ufffe\uffff" and not "\ud800" <= c <= "\udfff"))
