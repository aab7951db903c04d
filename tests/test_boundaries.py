"""The typed values handed between stages: warnings with their stage, group rows as a flag, the
repaired Document beside the one read, the header as fields."""

from __future__ import annotations

from vnplan.extract.document import Block, Cell, Document, DraftHeader, Line, StageWarning, Table, render_warnings
from vnplan.extract.repair.document import repair_document
from vnplan.extract.tables import interpret_tables


def test_a_warning_reads_as_the_record_writes_it():
    warning = StageWarning("normalize", "table 1, row II.3", "the time 'Quý V' is not a form vnplan knows.")
    assert str(warning) == "table 1, row II.3: the time 'Quý V' is not a form vnplan knows."
    assert str(StageWarning("repair", None, "the text was repaired")) == "the text was repaired"
    # a reader's plain sentence passes through as it is
    assert render_warnings([warning, "page 2: OCR"]) == [str(warning), "page 2: OCR"]


def _grid(rows: list[list[str]]) -> Table:
    return Table(rows=[[Cell(text, r, c) for c, text in enumerate(row)] for r, row in enumerate(rows)])


def test_a_roman_row_is_a_group_that_names_the_area_of_the_rows_below():
    table = _grid([
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
        ["I", "CẢI CÁCH THỂ CHẾ", "", ""],
        ["1", "Rà soát văn bản quy phạm pháp luật", "Văn phòng - Thống kê", "Quý IV/2024"],
        ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", ""],
        ["2", "Niêm yết công khai thủ tục hành chính", "Công chức Tư pháp - Hộ tịch", "Thường xuyên"],
    ])
    [draft] = interpret_tables([table], [None])
    assert [row.cells["task"] for row in draft.rows] == [
        "Rà soát văn bản quy phạm pháp luật", "Niêm yết công khai thủ tục hành chính"]
    assert [row.area_raw for row in draft.rows] == ["I CẢI CÁCH THỂ CHẾ", "II CẢI CÁCH THỦ TỤC HÀNH CHÍNH"]
    assert not any(row.is_group for row in draft.rows) and all(row.warnings == [] for row in draft.rows)


def test_repair_returns_a_new_document_with_originals_beside_repairs():
    damaged = "Uy ban nhan dan xa Nguyen Giap"
    doc = Document(path="plan.txt", sha256="0" * 64, format="txt", blocks=[
        Block(line=Line(damaged, lineno=1)),
        Block(line=Line("Kế hoạch cải cách hành chính năm 2025", lineno=2)),
        Block(table=_grid([["Cong chuc Tu phap - Ho tich"]])),
    ])
    repaired = repair_document(doc)
    assert repaired is not doc
    assert doc.lines[0].text == damaged and doc.lines[0].original is None and not doc.repaired
    first = repaired.lines[0]
    assert first.original == damaged and first.text != damaged and first.is_repaired
    assert repaired.lines[1] is doc.lines[1]  # a clean line is left as it was
    cell = repaired.tables[0].rows[0][0]
    assert cell.original == "Cong chuc Tu phap - Ho tich" and cell.text != cell.original
    assert doc.tables[0].rows[0][0].original is None
    assert repaired.repaired and [r["original"] for r in repaired.repairs] == [damaged, cell.original]
    assert [w.stage for w in repaired.warnings if isinstance(w, StageWarning)] == ["repair"]


def test_the_header_is_fields_not_a_dict():
    header = DraftHeader(doc_number="15/KH-UBND", start_year=2026, end_year=2030)
    assert header.doc_number == "15/KH-UBND" and header.issuer is None
    assert (header.start_year, header.end_year) == (2026, 2030)


def test_cutting_evidence_is_the_normalizers_word_on_a_cell():
    from vnplan.extract.flat_tables import NO_EVIDENCE
    from vnplan.normalize.evidence import cutting_evidence

    evidence = cutting_evidence()
    cells = ["Quý IV/2024", "Thường xuyên", "VP-TK, TP-HT", "Công chức Văn phòng - Thống kê", "Rà soát văn bản quy phạm"]
    assert [evidence.is_time_expression(c) for c in cells] == [True, True, False, False, False]
    assert [evidence.is_known_unit(c) for c in cells] == [False, False, True, True, False]
    assert not any(NO_EVIDENCE.is_time_expression(c) or NO_EVIDENCE.is_known_unit(c) for c in cells)
