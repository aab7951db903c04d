"""Plans the gold does not cover: a thị trấn plan with a two-column 'UBND HUYỆN / UBND THỊ TRẤN' header,
a tab-separated table with a note column, and body targets including a reported result."""

from pathlib import Path

import pytest

from vnplan import api

FIXTURES = Path(__file__).parent / "fixtures" / "text"


@pytest.fixture(scope="module")
def plan():
    return api.read_plan(FIXTURES / "thi_tran_plan.txt")


def test_header_of_a_town_plan(plan):
    doc = plan.document.model_dump(mode="json")
    assert doc == {
        "issuer": "UBND thị trấn Mộ Đức", "admin_level": "thị trấn", "unit_name": "Mộ Đức",
        "district": "Đức Phổ", "province": "Quảng Ngãi", "doc_number": "45/KH-UBND", "doc_type": "Kế hoạch",
        "issue_date": "2025-01-15", "place": "Mộ Đức", "title": "Cải cách hành chính thị trấn Mộ Đức năm 2025",
        "period": {"start_year": 2025, "end_year": 2025}, "signer": "Nguyễn Văn An", "signer_title": "Chủ tịch",
    }


def test_tasks_with_note_column_and_group_rows(plan):
    rows = [(t.row_no, t.area, t.task, [o.code for o in t.lead], [o.code for o in t.support], t.deadline.kind,
             t.deadline.start, t.deadline.end, t.note) for t in plan.tasks]
    assert rows == [
        ("1", "direction", "Xây dựng Kế hoạch cải cách hành chính năm 2025", ["van_phong"], ["all_related"],
         "month", "2025-01-01", "2025-01-31", None),
        ("2", "direction", "Tuyên truyền về cải cách hành chính", ["van_hoa"], ["other"],  # Đài truyền thanh: the contract lists no code for it
         "continuous", "2025-01-01", "2025-12-31", None),
        ("3", "procedures", "Rà soát, công bố thủ tục hành chính", ["tu_phap"], ["mot_cua"],
         "quarter", "2025-04-01", "2025-06-30", None),
        ("4", "procedures", "Đo lường mức độ hài lòng của người dân", ["mot_cua"], ["van_phong"],
         "by_date", None, "2025-11-30", "Báo cáo kết quả"),
    ]
    assert plan.tasks[0].table == "III. NHIỆM VỤ CỤ THỂ"


def test_targets_skip_reported_results(plan):
    got = [(t.percent, t.comparator, t.year, t.indicator) for t in plan.targets]
    assert got == [(98.0, ">=", 2025, "ontime_rate"), (95.0, ">", 2025, "satisfaction_rate"),
                   (100.0, "=", 2025, "tthc_public_rate")]


def test_sections_form_a_tree(plan):
    assert [(s.number, s.title) for s in plan.sections] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "CHỈ TIÊU"), ("III", "NHIỆM VỤ CỤ THỂ"), ("IV", "TỔ CHỨC THỰC HIỆN")]
    assert [(s.number, s.title, s.level) for s in plan.sections[0].children] == [("1", "Mục đích", 2)]


# A PDF copy-paste export (every line followed by an empty line), a flattened task table whose
# group numerals stand alone and whose numbering runs on across groups, 'Số' without a colon,
# and a 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / (Đã ký)' signature.
@pytest.fixture(scope="module")
def copied():
    return api.read_plan(FIXTURES / "pdf_copy_plan.txt")


def test_header_of_a_pdf_copy_export(copied):
    doc = copied.document
    assert (doc.issuer, doc.district, doc.province, doc.doc_number, doc.issue_date, doc.place) == (
        "UBND xã Tân Phú", "Đồng Phú", "Bình Phước", "07/KH-UBND", "2024-01-20", "Tân Phú")
    assert (doc.title, doc.signer, doc.signer_title) == (
        "Cải cách hành chính xã Tân Phú năm 2024", "Trần Thị Bình", "Phó Chủ tịch")


def test_flattened_table_with_numbering_running_across_groups(copied):
    rows = [(t.row_no, t.area_raw, t.task, t.lead_raw, t.support_raw, t.deadline_raw) for t in copied.tasks]
    assert rows == [
        ("1", "I CẢI CÁCH THỂ CHẾ", "Rà soát văn bản quy phạm pháp luật do xã ban hành",
         "Công chức Tư pháp - Hộ tịch", "Các ban ngành liên quan", "Quý III năm 2024"),
        ("2", "I CẢI CÁCH THỂ CHẾ", "Tự kiểm tra việc ban hành văn bản", "Công chức Tư pháp - Hộ tịch",
         "Văn phòng - Thống kê", "Tháng 10/2024"),
        ("3", "II CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa",
         "Công chức Văn phòng - Thống kê", "Các ban ngành liên quan", "Thường xuyên"),
        ("4", "II CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Hướng dẫn người dân nộp hồ sơ trực tuyến", "Bộ phận Một cửa",
         "Đoàn Thanh niên", "Hằng năm"),
    ]
    assert [t.support[0].code for t in copied.tasks] == ["all_related", "van_phong", "all_related", "mat_tran"]
    assert copied.warnings == []


def test_targets_of_a_wrapped_paragraph(copied):
    got = [(t.percent, t.comparator, t.year, t.indicator) for t in copied.targets]
    assert got == [(100.0, "=", 2024, "ontime_rate"), (80.0, ">=", 2024, "digitization_rate")]


def test_markdown_pipe_table_reads_like_tab_rows():
    plan = api.read_plan(FIXTURES / "markdown_plan.md")
    assert (plan.document.issuer, plan.document.doc_number, plan.document.signer) == (
        "UBND phường An Phú", "12/KH-UBND", "Lê Minh Châu")
    rows = [(t.row_no, t.area, t.task, t.lead_raw, t.support_raw, t.deadline.kind, t.deadline.end) for t in plan.tasks]
    assert rows == [
        ("1", "public_finance", "Công khai dự toán ngân sách", "Tài chính - Kế toán", "Văn phòng - Thống kê",
         "quarter", "2025-03-31"),
        ("2", "public_finance", "Rà soát quy chế chi tiêu nội bộ", "Tài chính - Kế toán", "Các bộ phận liên quan",
         "half_year", "2025-06-30"),
    ]
    assert [(t.percent, t.comparator, t.year) for t in plan.targets] == [(50.0, ">=", 2025)]
