"""Reform-area headings coded by vnplan.normalize.areas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnplan.models.plan import AREA_CODES
from vnplan.normalize.areas import area_code, is_area_heading
from vnplan.lang.vi import load

GOLD_DIR = Path(__file__).resolve().parents[1] / "corpus" / "gold"
GOLD_FILES = ("001_*.json", "002_*.json", "004_*.json")

CASES = [
    ("I CÔNG TÁC CHỈ ĐẠO ĐIÈUF HÀNH", "direction"),
    ("1. Công tác chỉ đạo, điều hành", "direction"),
    ("Công tác chỉ đạo, điều hành CCHC", "direction"),
    ("CẢI CÁCH THỂ CHẾ", "institutions"),
    ("III CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "procedures"),
    ("Cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông", "procedures"),
    ("CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", "organization"),
    ("Cải cách tổ chức bộ máy", "organization"),
    ("CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "civil_service"),
    ("V CẢI CÁCH CÔNG VỤ", "civil_service"),
    ("CẢI CÁCH TÀI CHÍNH CÔNG", "public_finance"),
    ("Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "digital_government"),
    ("VII XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "digital_government"),
    ("Hiện đại hóa hành chính", "digital_government"),
    ("Cai cach the che", "institutions"),  # marks lost in extraction
    # A known heading followed by more words is still that area.
    ("2. Cải cách tài chính công năm 2024", "public_finance"),
    ("IV.CẢI CÁCH TỔ CHỨC BỘ MÁY", "organization"),
    # A known heading of three words or more inside a longer one.
    ("XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ", "digital_government"),
    ("Đẩy mạnh xây dựng chính quyền điện tử", "digital_government"),
    ("Tiếp tục cải cách thủ tục hành chính", "procedures"),
    # Propaganda on CCHC is coded direction: it is a criterion of 'chỉ đạo, điều hành' in the PAR
    # index, and the blind annotation of tests/fixtures/unseen/areas.tsv codes it so. These three were
    # 'other' before headings that match no areas.csv row were coded by area_keywords.csv.
    ("Tuyên truyền cải cách hành chính", "direction"),
    ("Công tác thông tin, tuyên truyền", "direction"),
    ("Công tác tuyên truyền CCHC", "direction"),
    ("Cải cách hành chính", "other"),  # the whole reform, no one area ("tài chính" is one letter off)
    ("1 Kết quả các chỉ số đánh giá hiệu quả cải cách hành chính của phường", "other"),
]

# Headings that match no areas.csv row, coded by the keywords of area_keywords.csv.
KEYWORD_CASES = [
    ("Kiểm tra CCHC", "direction"),
    ("Công tác kiểm soát thủ tục hành chính", "procedures"),
    ("Đổi mới cơ chế quản lý tài chính đối với cơ quan hành chính", "public_finance"),
    ("Tinh giản biên chế", "organization"),
    ("Nâng cao đạo đức công vụ", "civil_service"),
    ("Kiểm tra, rà soát VBQPPL", "institutions"),  # the longest keyword wins: not 'kiểm tra' (direction)
    ("Tuyên truyền, phổ biến, giáo dục pháp luật", "institutions"),
    # 'thủ tục hành chính' is a weak keyword: a digital heading that names TTHC stays digital
    ("Ứng dụng CNTT trong giải quyết TTHC", "digital_government"),
    ("Giải quyết TTHC trực tuyến", "digital_government"),
    ("Áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001:2015", "digital_government"),
    ("Thực hiện tự chủ tài chính đối với đơn vị sự nghiệp công lập", "public_finance"),
    # 'cán bộ, công chức' as the audience of propaganda is weak against 'tuyên truyền'
    ("Đẩy mạnh công tác thông tin, tuyên truyền, nâng cao nhận thức cho cán bộ, công chức, người dân",
     "direction"),
    # no keyword, or keywords of two areas: other, never a guess
    ("V. KINH PHÍ THỰC HIỆN", "other"),
    ("Bố trí đủ nguồn tài chính và nhân lực cho cải cách hành chính", "other"),
    ("IV. TỔ CHỨC THỰC HIỆN", "other"),
    ("Công tác cải cách hành chính năm 2024", "other"),
    ("Tuyên truyền về tinh giản biên chế", "other"),
]

# Every area_raw of the gold files and its area.
GOLD_AREAS = [
    ("1 Kết quả các chỉ số đánh giá hiệu quả cải cách hành chính của phường", "other"),
    ("3 Cải cách thủ tục hành chính", "procedures"),
    ("6 Chính quyền điện tử, chính quyền số", "digital_government"),
    ("I CÔNG TÁC CHỈ ĐẠO ĐIÈUF HÀNH", "direction"),
    ("I CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "direction"),
    ("I Công tác chỉ đạo, điều hành CCHC", "direction"),
    ("II CẢI CÁCH THỂ CHẾ", "institutions"),
    ("II Cải cách thủ tục hành chính, thực hiện cơ chế một cửa", "procedures"),
    ("III CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "procedures"),
    ("III Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "digital_government"),
    ("IV CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", "organization"),
    ("IV CẢI CÁCH TỔ CHỨC BỘ MÁY NHÀ NƯỚC", "organization"),
    ("V CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "civil_service"),
    ("V CẢI CÁCH CÔNG VỤ", "civil_service"),
    ("VI CẢI CÁCH TÀI CHÍNH CÔNG", "public_finance"),
    ("VII XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "digital_government"),
]


def _gold_area_raws() -> set[str]:
    raws: set[str] = set()
    for pattern in GOLD_FILES:
        for path in GOLD_DIR.glob(pattern):
            plan = json.loads(path.read_text("utf-8"))
            raws.update(row["area_raw"] for row in plan.get("tasks", []) + plan.get("indicators", [])
                        if row.get("area_raw"))
    return raws


@pytest.mark.parametrize(("heading", "expected"), CASES, ids=[h for h, _ in CASES])
def test_heading_is_coded(heading, expected):
    assert area_code(heading) == expected


@pytest.mark.parametrize(("heading", "expected"), KEYWORD_CASES, ids=[h for h, _ in KEYWORD_CASES])
def test_heading_without_known_row_is_coded_by_its_keywords(heading, expected):
    assert area_code(heading) == expected
    assert not is_area_heading(heading)  # keywords code a heading; they do not make text a heading


def test_area_keywords_use_contract_codes():
    assert {row["code"] for row in load("area_keywords")} <= set(AREA_CODES)
    assert {row["weight"] for row in load("area_keywords")} <= {"strong", "weak"}


@pytest.mark.parametrize("numbering", ["", "IV ", "IV. ", "4. ", "4 ", "4) ", "d) ", "II. 1. "])
def test_leading_number_does_not_matter(numbering):
    assert area_code(numbering + "CẢI CÁCH TỔ CHỨC BỘ MÁY") == "organization"
    assert is_area_heading(numbering + "CẢI CÁCH TỔ CHỨC BỘ MÁY")


@pytest.mark.parametrize("heading", [None, "", "  "])
def test_missing_heading_has_no_area(heading):
    assert area_code(heading) is None
    assert not is_area_heading(heading)


def test_table_covers_every_gold_area_raw():
    assert _gold_area_raws() == {raw for raw, _ in GOLD_AREAS}


def test_every_gold_area_raw_gets_its_area(capsys):
    right = sum(area_code(raw) == code for raw, code in GOLD_AREAS)
    with capsys.disabled():
        print(f"\nareas: {right}/{len(GOLD_AREAS)} gold area_raw values coded right "
              f"({100 * right / len(GOLD_AREAS):.0f} %)")
    assert [(raw, area_code(raw)) for raw, _ in GOLD_AREAS] == GOLD_AREAS


@pytest.mark.parametrize("heading", [raw for raw, _ in GOLD_AREAS] + [
    "CẢI CÁCH TÀI CHÍNH CÔNG", "Hiện đại hóa hành chính", "1. Công tác chỉ đạo, điều hành"])
def test_group_row_is_an_area_heading(heading):
    assert is_area_heading(heading)


@pytest.mark.parametrize("text", [
    "Xây dựng Kế hoạch tuyên truyền CCHC",
    "Cải cách thủ tục hành chính theo hướng đơn giản, hiệu quả, giảm thời gian giải quyết",
    "Tự kiểm tra công tác CCHC",
    "Cải cách hành chính",
    "a) Mục tiêu",
    "STT",
])
def test_task_text_is_not_an_area_heading(text):
    assert not is_area_heading(text)


def test_areas_lexicon_uses_contract_codes():
    assert {row["code"] for row in load("areas")} <= set(AREA_CODES)
