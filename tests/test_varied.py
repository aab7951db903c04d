"""Task tables varied one layout axis at a time (tests/fixtures/make_varied.py): every variant as DOCX
and text PDF, five small ones as 200-dpi scans, scored field by field against the generator's truth.
The whole grid with scans is in `make bench` (bench/bench_varied.py)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

import make_varied  # noqa: E402

from vnplan.extract.document import Cell, Table  # noqa: E402
from vnplan.extract.document import NO_EVIDENCE  # noqa: E402
from vnplan.extract.tables import column_role, content_roles, interpret_tables, is_label_column  # noqa: E402
from vnplan.pipeline import EVIDENCE, read_plan  # noqa: E402

# the issue asks 0.95 of scans; the five test scans read 0.979-1.000 (the whole grid: bench_varied)
FLOORS = {"docx": 0.98, "pdf": 0.98, "scan": 0.97}
VARIANTS = {v.name: v for v in make_varied.variants()}
# scans are slow (Tesseract on a loaded machine): five small tables in the tests, the grid in the bench
SCAN_VARIANTS = (dataclasses.replace(VARIANTS["subrows"], name="scan_subrows", n_rows=6),
                 dataclasses.replace(VARIANTS["header_wrapped"], name="scan_wrapped", n_rows=6),
                 dataclasses.replace(VARIANTS["rules_horizontal"], name="scan_rules_horizontal", n_rows=6),
                 # no rules at all: lone row numbers Tesseract's page pass drops, Roman numerals of bars
                 dataclasses.replace(VARIANTS["rules_none"], name="scan_rules_none", n_rows=8),
                 # the header on page 1 only: page 2 opens with a numbered row and continues the table
                 dataclasses.replace(VARIANTS["rules_horizontal_long_page1_header"],
                                     name="scan_rules_horizontal_page1_header", n_rows=16))


@pytest.fixture(scope="module")
def varied_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("varied")


def _score(variant, fmt, out):
    record = read_plan(make_varied.build(variant, fmt, out)).model_dump(mode="json")
    right, total, misses = make_varied.score(record, variant, fmt)
    rate = right / total
    print(f"{variant.name}/{fmt}: {rate:.3f} ({right}/{total})", *misses[:5], sep="\n  ")
    return rate


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_axis_reads_its_task_rows(varied_dir, name, fmt):
    assert _score(VARIANTS[name], fmt, varied_dir) >= FLOORS[fmt]


@pytest.mark.parametrize("variant", SCAN_VARIANTS, ids=lambda v: v.name)
def test_scans_at_200_dpi_read_their_task_rows(varied_dir, variant):
    assert _score(variant, "scan", varied_dir) >= FLOORS["scan"]


def test_truth_gives_one_task_per_sub_row_sharing_the_merged_cells():
    rows = make_varied.truth(VARIANTS["subrows"])
    pairs = [(a, b) for a, b in zip(rows, rows[1:]) if a["row_no"] == b["row_no"]]
    assert pairs and all(a["task"] == b["task"] and a["lead_raw"] != b["lead_raw"] for a, b in pairs)


@pytest.mark.parametrize("header, role", [
    ("STT", "row_no"),
    ("ST\nT", "row_no"),  # a narrow column wraps its header mid-word
    ("S T T", "row_no"),
    ("Thời gi\nan hoàn\nthành", "deadline"),
    ("Kết quả/Sản\nphẩm", "output"),
    ("Sản\nphẩm", "output"),
    ("Bộ phận\nchủ\ntrì", "lead"),
    ("Phối\nhợp", "support"),
    ("Thòi gian thục hiện", "deadline"),  # OCR slips
    ("Ghi\nchú", "note"),
    ("Kinh phí", None),
])
def test_header_words_are_read_through_wrapping_and_slips(header, role):
    assert column_role(header)[0] == role


@pytest.mark.parametrize("values, expected", [
    (["1", "2", "3", "4"], True),
    (["a", "b", "c", "d"], True),
    (["1.", "2.", "", "3.", "4."], True),
    (["1", "I", "2", "3"], True),
    (["15", "200", "40"], False),  # quantities, not row numbers
    (["Quý I", "Quý II", "Tháng 3"], False),
])
def test_a_column_of_row_labels_is_the_row_number(values, expected):
    assert is_label_column(values) is expected


def test_content_names_the_columns_a_header_does_not():
    roles = ["ignore", "task", "ignore", "ignore"]
    columns = [["1", "2", "3"], ["Rà soát", "Niêm yết", "Tiếp nhận"],
               ["Văn phòng - Thống kê", "Công an xã", "Tư pháp - Hộ tịch"], ["Quý I/2025", "Thường xuyên", "Tháng 6"]]
    assert content_roles(roles, columns, EVIDENCE) == ["row_no", "task", "lead", "deadline"]
    assert content_roles(roles, columns, NO_EVIDENCE) == ["row_no", "task", "ignore", "ignore"]


def _table(rows: list[list[str]], page: int | None = 1, ruled: bool = True) -> Table:
    return Table(rows=[[Cell(text, r, c) for c, text in enumerate(row)] for r, row in enumerate(rows)],
                 page=page, is_ruled=ruled)


HEADER = ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"]


def test_a_table_without_numbers_gives_one_task_per_row():
    table = _table([HEADER[1:], ["Rà soát thủ tục", "Văn phòng", "Quý I"], ["Niêm yết công khai", "Một cửa", "Quý II"]])
    table.rows[0] = [Cell("Nhiệm vụ", 0, 0), Cell("Chủ trì", 0, 1), Cell("Thời gian", 0, 2)]
    draft = interpret_tables([table], [None])[0]
    assert [r.cells["task"] for r in draft.rows] == ["Rà soát thủ tục", "Niêm yết công khai"]


def test_a_page_opening_row_without_number_continues_the_row_above():
    first = _table([HEADER, ["1", "Rà soát thủ tục hành chính", "Văn phòng", "Quý I"]], page=1)
    second = _table([HEADER, ["", "thuộc thẩm quyền của xã", "", ""], ["2", "Niêm yết", "Một cửa", "Quý II"]], page=2)
    draft = interpret_tables([first, second], [None, None])[0]
    assert [r.cells["task"] for r in draft.rows] == ["Rà soát thủ tục hành chính thuộc thẩm quyền của xã", "Niêm yết"]
    assert not draft.rows[0].warnings


def test_a_page_opening_row_of_an_unnumbered_table_continues_only_a_sentence():
    head = HEADER[1:]
    first = _table([head, ["Rà soát thủ tục", "Văn phòng", "Quý I"]], page=1)
    second = _table([head, ["thuộc thẩm quyền", "", ""], ["Niêm yết công khai", "Một cửa", "Quý II"]], page=2)
    third = _table([head, ["Tiếp nhận phản ánh", "Văn phòng", "Quý III"]], page=3)
    draft = interpret_tables([first, second, third], [None, None, None])[0]
    assert [r.cells["task"] for r in draft.rows] == [
        "Rà soát thủ tục thuộc thẩm quyền", "Niêm yết công khai", "Tiếp nhận phản ánh"]


def test_a_capitalised_row_glued_across_a_page_break_is_warned():
    first = _table([HEADER, ["1", "Rà soát thủ tục", "Văn phòng", "Quý I"]], page=1)
    second = _table([HEADER, ["", "Niêm yết công khai", "", ""], ["2", "Tiếp nhận", "Một cửa", "Quý II"]], page=2)
    draft = interpret_tables([first, second], [None, None])[0]
    assert [r.cells["task"] for r in draft.rows] == ["Rà soát thủ tục Niêm yết công khai", "Tiếp nhận"]
    assert draft.rows[0].warnings and "page 2" in draft.rows[0].warnings[0]


def test_a_vertically_merged_task_gives_one_task_per_sub_row():
    table = _table([HEADER, ["1", "Rà soát thủ tục", "Văn phòng", "Quý I"], ["", "", "Tư pháp", "Quý III"]])
    table.rows[1][0].row_span = table.rows[1][1].row_span = 2
    table.rows[2] = [Cell("Tư pháp", 2, 2), Cell("Quý III", 2, 3)]
    draft = interpret_tables([table], [None])[0]
    assert [(r.cells["row_no"], r.cells["task"], r.cells["lead"], r.cells["deadline"]) for r in draft.rows] == [
        ("1", "Rà soát thủ tục", "Văn phòng", "Quý I"), ("1", "Rà soát thủ tục", "Tư pháp", "Quý III")]


def test_an_export_row_with_only_its_own_owners_is_a_sub_row_sharing_the_rest():
    head = ["TT", "Tên đề án", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
    table = _table([head, ["1", "Đề án phong trào bảo vệ môi trường", "Mặt trận Tổ quốc", "Các bộ, ngành", "2030"],
                    ["", "", "Ủy ban nhân dân các tỉnh", "Đài Truyền hình địa phương", ""],
                    ["", "", "", "và báo chí", ""],
                    ["2", "Đề án xử lý bãi chôn lấp", "Ủy ban nhân dân các tỉnh", "Các bộ, ngành", "2030"]],
                   page=None, ruled=False)
    draft = interpret_tables([table], [None])[0]
    assert [(r.cells["row_no"], r.cells["task"], r.cells["lead"], r.cells["support"], r.cells["deadline"])
            for r in draft.rows] == [
        ("1", "Đề án phong trào bảo vệ môi trường", "Mặt trận Tổ quốc", "Các bộ, ngành", "2030"),
        ("1", "Đề án phong trào bảo vệ môi trường", "Ủy ban nhân dân các tỉnh", "Đài Truyền hình địa phương và báo chí", "2030"),
        ("2", "Đề án xử lý bãi chôn lấp", "Ủy ban nhân dân các tỉnh", "Các bộ, ngành", "2030")]


def test_a_header_read_again_with_a_garbled_word_continues_the_table():
    head = ["STT", "Nhiệm vụ", "Bộ phận chủ trì", "Bộ phận phối hợp", "Thời gian"]
    garbled = ["ST", "Nhiệm vụ", "Bộ phận chủ trì", "phổ phận", "Thời gian"]  # as a 200-dpi scan read it
    first = _table([garbled, ["1", "Rà soát thủ tục", "Văn phòng - Thống kê", "Công an xã", "Quý I"],
                    ["2", "Niêm yết", "Bộ phận một cửa", "Các ban, ngành", "Quý II"],
                    ["3", "Tiếp nhận phản ánh", "Văn phòng - Thống kê", "Ủy ban MTTQ xã", "Quý III"]], page=1)
    second = _table([head, ["4", "Số hóa hồ sơ", "Bộ phận một cửa", "Công an xã", "Quý IV"]], page=2)
    drafts = interpret_tables([first, second], [None, None], EVIDENCE)
    assert len(drafts) == 1
    assert [(r.cells["row_no"], r.cells["support"]) for r in drafts[0].rows] == [
        ("1", "Công an xã"), ("2", "Các ban, ngành"), ("3", "Ủy ban MTTQ xã"), ("4", "Công an xã")]


@pytest.mark.parametrize("number", ["III", "HI", "Il", "I1", "IÍ", "111", "H\""])
def test_a_numbered_title_in_capitals_is_a_group_row_even_misread(number):
    table = _table([HEADER, [number, "CẢI CÁCH TỔ CHỨC BỘ MÁY", "", ""], ["7", "Rà soát chức năng", "Văn phòng", "Quý I"]])
    draft = interpret_tables([table], [None])[0]
    assert [(r.cells["row_no"], r.area_raw) for r in draft.rows] == [("7", f"{number} CẢI CÁCH TỔ CHỨC BỘ MÁY")]


def test_a_text_line_opening_a_task_owner_and_deadline_afresh_is_a_row_whose_number_was_lost():
    table = _table([HEADER, ["24", "Rà soát thủ tục", "Văn phòng", "Quý I"], ["", "hành chính", "", ""],
                    ["", "Niêm yết công khai", "Bộ phận một cửa", "Quý II"], ["26", "Tiếp nhận", "Công an xã", "Quý III"]],
                   ruled=False)
    draft = interpret_tables([table], [None])[0]
    assert [(r.cells["row_no"], r.cells["task"]) for r in draft.rows] == [
        ("24", "Rà soát thủ tục hành chính"), ("25", "Niêm yết công khai"), ("26", "Tiếp nhận")]
    assert "row number 25 was not read" in draft.rows[1].warnings[0]
