"""Real provincial and national documents nobody on the project made (corpus/real/): the gold
headers and task rows, and the readers of their formats (web-page exports, HTML, legacy .doc)."""

import shutil
from pathlib import Path

import pytest

from real_gold import REAL_DIR, real_gold_files, real_header_score, real_source_of, real_task_score
from gold import load_gold, table_tasks
from vnplan import api
from vnplan.errors import ReadError
from vnplan.extract.header import parse_header
from vnplan.extract.read import read_document
from vnplan.extract.sections import RawParagraph

GOLDS = {p.stem[:3]: load_gold(p) for p in real_gold_files()}
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "real"


@pytest.fixture(scope="module")
def records():
    return {key: api.read_plan(real_source_of(gold)).model_dump(mode="json") for key, gold in GOLDS.items()}


@pytest.mark.parametrize("key", sorted(GOLDS))
def test_gold_header_fields(records, key):
    score = real_header_score(GOLDS[key], records[key])
    print(key, f"header {score.right}/{score.total}", score.misses)
    assert score.rate >= 0.95, score.misses


def test_web_export_task_table_is_read_row_by_row(records):
    # D21: STT | Tên nhiệm vụ | Chủ trì | Phối hợp | Kết quả dự kiến | Thời gian, 7 groups, 25 rows
    fields, precision = real_task_score(GOLDS["D21"], records["D21"])
    print(f"D21 task fields {fields.rate:.3f} ({fields.right}/{fields.total})")
    assert len(table_tasks(records["D21"])) == 25
    assert fields.rate >= 0.95, fields.misses[:5]
    assert precision.rate == 1.0


def test_web_export_merged_sub_row_gives_its_own_task(records):
    fields, _ = real_task_score(GOLDS["D22"], records["D22"])
    assert len(table_tasks(records["D22"])) == 4
    assert fields.rate >= 0.95, fields.misses[:5]


def test_web_export_grid_has_the_vertical_merge():
    # the sub-row prints only its two owner cells: they go under 'Chủ trì' and 'Phối hợp', and
    # the number, task and deadline of the row above span down over it
    table = read_document(REAL_DIR / "md" / "D22_cp_394_nq.md").tables[0]
    first, sub = table.rows[1], table.rows[2]
    assert [(c.col, c.row_span) for c in first] == [(0, 2), (1, 2), (2, 1), (3, 1), (4, 2)]
    assert [(c.col, c.text[:12]) for c in sub] == [(2, "Ủy ban nhân "), (3, "Đài Truyền h")]


def test_web_export_two_level_header_and_empty_cells():
    # D07 Phụ lục I: STT and Địa điểm span two header rows, 'Đối tượng quan trắc' spans four columns;
    # empty cells ('|' right after '|') stay in their columns
    table = read_document(REAL_DIR / "md" / "D07_thanhhoa_235_kh.md").tables[0]
    assert table.n_cols == 6
    assert [(c.col, c.col_span, c.row_span) for c in table.rows[0]] == [(0, 1, 2), (1, 1, 2), (2, 4, 1)]
    assert [c.col for c in table.rows[1]] == [2, 3, 4, 5]
    assert [c.text for c in table.rows[2]] == ["1", "Cửa sông lạch Càn", "1", "", "", ""]


def test_web_export_site_furniture_is_left_out():
    doc = read_document(REAL_DIR / "md" / "D23_ttg_2629_qd.md")
    text = "\n".join(line.text for line in doc.lines)
    assert "THƯ VIỆN PHÁP LUẬT" not in text and "Văn bản liên quan" not in text
    assert doc.lines[0].text == "THỦ TƯỚNG CHÍNH PHỦ"
    assert any("site text before the document" in w for w in doc.warnings)
    record = api.read_plan(REAL_DIR / "md" / "D23_ttg_2629_qd.md")
    assert (record.document.issuer, record.document.doc_number) == ("Thủ tướng Chính phủ", "2629/QĐ-TTg")
    assert (record.document.signer, record.document.signer_title) == ("Nguyễn Chí Dũng", "Phó Thủ tướng")
    # the title names no years and neither does the annex: the objectives heading does
    # ('II. MỤC TIÊU ĐẾN NĂM 2030'), from the year of issue
    assert (record.document.period.start_year, record.document.period.end_year) == (2025, 2030)


def test_web_export_merged_sub_rows_are_rows_of_their_own():
    # D24 Phụ lục I (STT | Chủ trì | Phối hợp | Nhóm | Nội dung | Chỉ tiêu | Thời hạn): a task's
    # further sub-rows print only their last three cells, one empty block apart. Read as one
    # table, with every sub-row on its own under Nội dung / Chỉ tiêu / Thời hạn — never two sub-rows
    # and the empty block between them taken for one row of seven, nor a group row ('H.' | 'BỘ TÀI
    # CHÍNH') glued to the row before it.
    tables = read_document(REAL_DIR / "md" / "D24_ttg_2530_qd.md").tables
    assert [t.n_cols for t in tables] == [7, 8]
    rows = tables[0].rows
    sub_rows = [r for r in rows if len(r) == 3]
    assert len(sub_rows) == 24 and all([c.col for c in r] == [4, 5, 6] for r in sub_rows)
    for row in rows[1:]:
        first = row[0].text
        assert row[0].col > 0 or len(first) <= 3, first  # the STT column holds labels, or nothing
    groups = [r[1].text for r in rows if len(r) == 2]
    assert groups[:3] == ["BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BỘ XÂY DỰNG", "BỘ CÔNG THƯƠNG"] and len(groups) == 14  # A-P, no F or J


def test_html_page_is_read_as_paragraphs_and_tables():
    record = api.read_plan(FIXTURES / "V03_saved.html")
    gold = GOLDS["V03"]
    score = real_header_score(gold, record.model_dump(mode="json"))
    assert score.misses == []
    assert record.source.format == "txt"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_legacy_doc_is_read_through_libreoffice():
    record = api.read_plan(REAL_DIR / "bin" / "V12_lamdong_qd_to_giup_viec_cchc.doc")
    document = record.document
    assert document.issuer == "Ban Chỉ đạo về phát triển KHCN, ĐMST, CĐS và Đề án 06 tỉnh Lâm Đồng"
    assert (document.admin_level, document.province, document.doc_number) == ("tỉnh", "Lâm Đồng", "/QĐ-BCĐ")
    assert (document.doc_type, document.signer, document.signer_title) == ("Quyết định", "Hồ Văn Mười", "Trưởng ban")
    assert any("Word 97-2003" in w for w in record.warnings)
    # the other .doc, a letter of Bình Thuận before the 2025 merger: read, with its header
    doc = read_document(REAL_DIR / "bin" / "V13_binhthuan_cv_cong_dien_131.doc")
    lines = [line.text.strip() for line in doc.lines]
    assert "TỈNH BÌNH THUẬN" in lines and "Số:            /UBND-NCKSTTHC".split()[0] in lines[2]
    # a letter on procedure reform (thủ tục hành chính) is an administrative-reform document: imported
    letter = api.read_plan(REAL_DIR / "bin" / "V13_binhthuan_cv_cong_dien_131.doc").document
    assert (letter.issuer, letter.admin_level, letter.province) == ("UBND tỉnh Bình Thuận", "tỉnh", "Bình Thuận")
    assert (letter.doc_type, letter.signer, letter.issue_date) == ("Công văn", "Đoàn Anh Dũng", None)


def test_legacy_doc_without_libreoffice_fails_with_one_sentence(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    path = REAL_DIR / "bin" / "V13_binhthuan_cv_cong_dien_131.doc"
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "libreoffice-writer-nogui" in message


def test_docx_signature_table_gives_the_signer(records):
    # V03 puts 'Nơi nhận' | 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / … / Nguyễn Ngọc Phúc' in a 1x2 table
    assert (records["V03"]["document"]["signer"], records["V03"]["document"]["signer_title"]) == (
        "Nguyễn Ngọc Phúc", "Phó Chủ tịch")


def _header(lines: list[str], body: str = "") -> dict:
    paragraphs = [RawParagraph(text=t, lines=[]) for t in lines + [body] if t.strip()]
    return parse_header(lines + [body], paragraphs)


@pytest.mark.parametrize("issuer_lines, body, want", [
    (["ỦY BAN NHÂN DÂN", "XÃ PHAN SƠN"], "Kế hoạch của xã Phan Sơn, tỉnh Lâm Đồng năm 2026.",
     ("UBND xã Phan Sơn", "xã", "Phan Sơn", None, "Lâm Đồng")),
    (["ỦY BAN NHÂN DÂN", "XÃ PHAN SƠN"], "Kế hoạch của xã Phan Sơn, huyện Bắc Bình, tỉnh Bình Thuận năm 2024.",
     ("UBND xã Phan Sơn", "xã", "Phan Sơn", "Bắc Bình", "Bình Thuận")),
    (["ỦY BAN NHÂN DÂN", "ĐẶC KHU PHÚ QUỐC"], "đặc khu Phú Quốc, tỉnh An Giang",
     ("UBND đặc khu Phú Quốc", "đặc khu", "Phú Quốc", None, "An Giang")),
    (["ỦY BAN NHÂN DÂN", "HUYỆN BẮC BÌNH"], "huyện Bắc Bình, tỉnh Bình Thuận",
     ("UBND huyện Bắc Bình", "huyện", "Bắc Bình", "Bắc Bình", "Bình Thuận")),
    (["ỦY BAN NHÂN DÂN", "THỊ XÃ HOÀI NHƠN"], "thị xã Hoài Nhơn, tỉnh Bình Định",
     ("UBND thị xã Hoài Nhơn", "thị xã", "Hoài Nhơn", "Hoài Nhơn", "Bình Định")),
    (["ỦY BAN NHÂN DÂN", "QUẬN BA ĐÌNH"], "quận Ba Đình, thành phố Hà Nội",
     ("UBND quận Ba Đình", "quận", "Ba Đình", "Ba Đình", "Hà Nội")),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ"], "thành phố Cần Thơ",
     ("UBND thành phố Cần Thơ", "thành phố", "Cần Thơ", None, "Cần Thơ")),
    (["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Lâm Đồng báo cáo",
     ("Sở Nội vụ tỉnh Lâm Đồng", "tỉnh", "Lâm Đồng", None, "Lâm Đồng")),
    (["THỦ TƯỚNG CHÍNH PHỦ"], "", ("Thủ tướng Chính phủ", None, None, None, None)),
    (["VĂN PHÒNG CHÍNH PHỦ"], "", ("Văn phòng Chính phủ", None, None, None, None)),
    (["BỘ NỘI VỤ"], "", ("Bộ Nội vụ", None, None, None, None)),
])
def test_issuer_at_every_level(issuer_lines, body, want):
    header = _header(issuer_lines + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND"], body)
    got = tuple(getattr(header, k) for k in ("issuer", "admin_level", "unit_name", "district", "province"))
    assert got == want


def test_date_line_broken_across_lines_keeps_the_whole_place():
    header = _header(["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", "Độc lập - Tự do - Hạnh phúc", "Bắc",
                      "Ninh, ngày 05 tháng 3 năm 2025"], "tỉnh Bắc Ninh")
    assert (header.place, header.issue_date) == ("Bắc Ninh", "2025-03-05")


def test_json_data_file_is_refused_in_one_sentence():
    path = REAL_DIR / "gold" / "D21_ttg_2597_qd.json"
    with pytest.raises(ReadError, match=r"JSON data file, not a plan"):
        read_document(path)


def test_status_column_is_no_deadline_and_an_unnumbered_title_row_is_a_heading():
    # D25 Phụ lục II: STT | Tên nhiệm vụ | Đơn vị chủ trì | Thời hạn | Kết quả thực hiện | Tiến độ.
    # 'Tiến độ' often names the deadline, but here it holds 'Đã hoàn thành': the column of dates
    # is the deadline and the other a note. Its first row has no number and nothing beside its
    # title, over rows numbered from 1: a heading, not a task. The header 'Thời hạn' names a time
    # limit: a bare date under it is the day the task is due by (by_date), as all three annotators
    # of the real sets read it (issue 14; it was `date` before).
    record = api.read_plan(REAL_DIR / "md" / "D25_vpcp_624_tb.md")
    rows = [t for t in record.tasks if t.table and t.table.startswith("PHỤ LỤC II")]
    assert len(rows) == 49 and [t.row_no for t in rows[:3]] == ["1", "2", "3"]
    first = rows[0].deadline
    assert (rows[0].deadline_raw, rows[0].note) == ("10/10/2025", "Đã hoàn thành quá hạn")
    assert (first.kind, first.start, first.end, first.timex, first.timex_mod) == (
        "by_date", None, "2025-10-10", "2025-10-10", "ON_OR_BEFORE")
    assert sum(t.deadline.kind == "by_date" for t in rows) >= 45
    notes = {t.note for t in rows} - {None}
    assert len(notes) >= 3 and all(len(n) < 30 and not any(ch.isdigit() for ch in n) for n in notes), notes
    assert rows[0].area_raw == "Nhiệm vụ giao Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo"
    assert not any("is not a form vnplan knows" in w for w in record.warnings)


def test_lettered_group_rows_are_headings_whatever_column_their_title_starts_in():
    # D24 Phụ lục I groups its rows by ministry: 'A.' | 'BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG' across the
    # other columns (from 'Cơ quan chủ trì'), some over one unnumbered row ('I.' | 'BỘ CÔNG AN').
    # Each is a heading over its rows, never a task, nor glued to the row under it.
    record = api.read_plan(REAL_DIR / "md" / "D24_ttg_2530_qd.md")
    rows = [t for t in record.tasks if t.table and t.table.startswith("PHỤ LỤC I ")]
    assert len(rows) == 58  # Phụ lục II, the project list, holds the rest
    assert all(t.area_raw and t.area_raw[0] in "ABCDEGHIKLMNOP" and t.area_raw[1] == "." for t in rows)
    assert not any(o.raw.isupper() for t in rows for o in t.lead)
    by_area = {t.area_raw: t for t in rows}
    assert [o.raw for o in by_area["I. BỘ CÔNG AN"].lead] == ["Bộ Công an"]
    assert [o.raw for o in by_area["E. BỘ Y TẾ"].lead] == ["Bộ Y tế"]
    assert all(t.row_no is None or t.row_no.isdigit() for t in rows)


def test_indicator_list_values_column_and_stage_rows_date_the_targets():
    # D23 Phụ lục I: TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì. 'Kết quả' names no target, but
    # its cells are percentages: the targets. Stage rows ('I Giai đoạn 2025-2027') date the rows under them.
    record = api.read_plan(REAL_DIR / "md" / "D23_ttg_2629_qd.md")
    dated = [(i.target.percent, i.target.year, i.target.year_basis) for i in record.indicators if i.target]
    assert len(dated) == 22
    assert [y for _, y, _ in dated].count(2027) == 10 and [y for _, y, _ in dated].count(2030) == 12
    assert {basis for _, _, basis in dated} == {"heading"}
    assert dated[2] == (95.0, 2027, "heading") and dated[-3] == (25.0, 2030, "heading")


def test_labelled_lines_under_a_body_item_are_its_owners_and_deadline():
    # D16 (Lai Châu, body only): 'II. NỘI DUNG KẾ HOẠCH' — its heading wrapped inside one bold span
    # ('**II. NỘI' / 'DUNG KẾ HOẠCH**') — lists items each followed by 'Cơ quan thực hiện: …',
    # 'Cơ quan phối hợp: …', 'Thời gian thực hiện: …': the item's owners and deadline, not tasks.
    record = api.read_plan(REAL_DIR / "md" / "D16_laichau_7360_kh.md")
    assert [s.title for s in record.sections][:2] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG KẾ HOẠCH"]
    first = record.tasks[0]
    assert first.task.startswith("Trên cơ sở tài liệu do Trung ương biên soạn")
    assert [(o.raw, o.code, o.level) for o in first.lead][:2] == [
        ("Sở Khoa học và Công nghệ", "khcn", "province"), ("Sở Tư pháp", "tu_phap", "province")]
    assert [o.code for o in first.support] == ["all_related", "ubnd"]
    assert (first.deadline.kind, first.deadline.start) == ("range", "2025-10-01")
    assert not any(t.task.startswith(("Cơ quan thực hiện", "Cơ quan phối hợp", "Thời gian")) for t in record.tasks)
    with_owners = [t for t in record.tasks if t.lead]
    assert len(with_owners) >= 8 and all(t.table is None for t in with_owners)


def test_a_situation_section_under_the_content_holds_no_tasks():
    # D12 'II. NỘI DUNG THỰC HIỆN' › '1. Hiện trạng' describes the province; '2. Kế hoạch …' lists the work
    record = api.read_plan(REAL_DIR / "md" / "D12_nghean_987_kh.md")
    assert len(record.tasks) == 13
    assert all(t.provenance.section.startswith("II.2") for t in record.tasks)


def test_a_reports_percentages_are_results_outside_its_task_sections():
    # V01 is a Báo cáo: '… đạt 100% kế hoạch', '100% vấn đề phát hiện qua kiểm tra đã được … khắc phục'
    # account for what was done; only a task or objectives section (or a goal word) sets targets
    record = api.read_plan(REAL_DIR / "bin" / "V01_lamdong_bc_cchc_2025.docx")
    assert record.document.doc_type == "Báo cáo"
    texts = [t.text for t in record.targets]
    assert not any("đạt 100% kế hoạch" in t or "đã được các cơ quan" in t for t in texts), texts


def test_a_term_of_office_in_the_title_is_not_the_plans_period():
    # D02: '… ĐẠI BIỂU HĐND CÁC CẤP NHIỆM KỲ 2026 - 2031' names the elected bodies' term
    record = api.read_plan(REAL_DIR / "md" / "D02_daklak_0125_kh.md")
    assert (record.document.period.start_year, record.document.period.end_year) == (2025, 2025)


def test_award_standards_are_conditions_not_targets():
    # D02 '3. Tiêu chuẩn khen thưởng' › 'Có tỷ lệ cử tri đi bầu cử đạt từ 98% trở lên' earns an award
    record = api.read_plan(REAL_DIR / "md" / "D02_daklak_0125_kh.md")
    assert not any("98%" in t.text for t in record.targets)
