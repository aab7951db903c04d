"""Tasks written as body text: the items of the "NHIỆM VỤ" / "GIẢI PHÁP" sections, with table null,
their section in the provenance, an area from the enclosing heading, a deadline from the item."""

import pytest

from vnplan import api
from vnplan.extract.body_tasks import section_kind
from gold import PLAN_DIR, table_tasks

PLANS = {path.name[:3]: path for path in PLAN_DIR.glob("*.txt")}


@pytest.fixture(scope="module")
def plans():
    return {key: api.read_plan(path).model_dump(mode="json") for key, path in PLANS.items()}


def body(plan):
    return [task for task in plan["tasks"] if task["table"] is None]


@pytest.mark.parametrize(("heading", "kind"), [
    ("II. NHIỆM VỤ TRỌNG TÂM", "tasks"), ("b) Nhiệm vụ", "tasks"), ("III. GIẢI PHÁP THỰC HIỆN", "tasks"),
    ("II. MỤC TIÊU, NHIỆM VỤ CỤ THỂ CẢI CÁCH HÀNH CHÍNH", "tasks"), ("a) Mục tiêu", "other"),
    ("II. MỤC TIÊU, CHỈ TIÊU", "other"), ("V. TỔ CHỨC THỰC HIỆN", "other"), ("1. Cải cách thể chế", None),
    ("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2023", "results"),
    ("III. NHIỆM VỤ VÀ GIẢI PHÁP NÂNG CAO KẾT QUẢ CHỈ SỐ CCHC", "tasks"),
])
def test_section_kind_comes_from_the_lexicon(heading, kind):
    assert section_kind(heading) == kind


def test_the_two_items_of_002_section_ii_are_tasks(plans):
    tasks = body(plans["002"])
    assert [(t["row_no"], t["provenance"]["section"], t["table"]) for t in tasks] == [("1", "II", None), ("2", "II", None)]
    assert tasks[0]["task"].startswith("Tiếp tục duy trì, nâng cao các nội dung cải cách hành chính")
    assert tasks[1]["task"].startswith("Tập trung khắc phục những tồn tại, hạn chế")
    assert (tasks[0]["provenance"]["line"], tasks[1]["provenance"]["line"]) == (77, 83)


def test_001_section_ii_bullets_are_tasks_by_area_and_section_v_is_not(plans):
    tasks = body(plans["001"])
    by_section = {}
    for task in tasks:
        by_section.setdefault(task["provenance"]["section"], []).append(task)
    assert sorted(by_section) == ["II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "II.7"]
    assert len(by_section["II.1"]) == 7  # seven '- …' bullets; 'CCHC.' after a page break ends the fifth
    assert by_section["II.1"][4]["task"].endswith("CCHC.")
    assert {t["area"] for t in by_section["II.2"]} == {"institutions"}
    assert {t["area"] for t in by_section["II.7"]} == {"digital_government"}
    assert all(t["area_raw"] == "1 Công tác chỉ đạo, điều hành cải cách hành chính" for t in by_section["II.1"])


def test_objectives_headings_and_signatures_are_not_tasks(plans):
    for plan in plans.values():
        for task in body(plan):
            assert not task["task"].startswith(("Mục tiêu", "TM.", "KT.")), task["task"]
            assert not task["task"].isupper(), task["task"]
    # 000: the objectives "a) Mục tiêu" of every area stay out, the "b) Nhiệm vụ" items are in
    sections = {t["provenance"]["section"] for t in body(plans["000"])}
    assert not any(s.endswith(".a") for s in sections)
    assert {"II.1.b", "II.2.b", "II.7.b", "III"} <= sections


def test_a_plan_with_no_task_table_gets_its_tasks_from_the_body(plans):
    # 003 (repaired OCR) has no table: its tasks are the items of II.x.b and III.x
    tasks = plans["003"]["tasks"]
    assert table_tasks(plans["003"]) == []
    assert len(tasks) >= 40
    assert {t["area"] for t in tasks if t["provenance"]["section"].startswith("II.")} >= {
        "institutions", "procedures", "organization", "civil_service", "public_finance"}


def test_body_task_deadlines_come_from_time_expressions_in_the_item(plans):
    deadlines = {t["deadline_raw"]: t["deadline"] for t in body(plans["004"]) if t["deadline_raw"]}
    assert deadlines["trước ngày 20/11 hàng năm"]["timex"] == "XXXX-11-20"
    assert deadlines["đến ngày 31/12/2024"]["end"] == "2024-12-31"
    # a decree's date ("ngày 15 tháng 6 năm 2023") dates the decree, not the task
    assert not any(raw.startswith("tháng") for raw in deadlines)


def test_task_ids_run_on_after_the_table_rows(plans):
    plan = plans["001"]
    ids = [int(t["task_id"].rsplit("-", 1)[1]) for t in plan["tasks"]]
    assert ids == list(range(1, len(ids) + 1))
    assert plan["tasks"][len(table_tasks(plan))]["table"] is None


PLAN_WITH_FIELDS = """ỦY BAN NHÂN DÂN TỈNH BÌNH MINH
Số: 12/KH-UBND

KẾ HOẠCH
Cải cách hành chính năm 2026

II. NHIỆM VỤ TRỌNG TÂM
1. Tuyên truyền phòng, chống bạo lực gia đình
- Nội dung: Lồng ghép nội dung phòng ngừa bạo lực gia đình trong công tác truyền thông.
- Cơ quan thực hiện: Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Tư pháp và Ủy ban nhân dân các xã, phường.
- Thời gian thực hiện: Quý II/2026.
2. Theo dõi việc thực hiện dự án thành phần
+ Theo dõi các nội dung về: tổng hợp tình hình thực hiện dự án; lập, thẩm định, phê duyệt dự án đầu tư.
"""


def test_a_lead_field_that_assigns_the_work_gives_lead_and_support(tmp_path):
    path = tmp_path / "ke_hoach_2026.txt"
    path.write_text(PLAN_WITH_FIELDS, encoding="utf-8")
    tasks = body(api.read_plan(path).model_dump(mode="json"))
    first = next(t for t in tasks if "Lồng ghép" in t["task"])
    assert [(o["code"], o["level"]) for o in first["lead"]] == [("van_hoa", "province")]
    assert [o["code"] for o in first["support"]] == ["tu_phap", "ubnd"]
    assert first["lead_raw"].startswith("Sở Văn hóa, Thể thao và Du lịch chủ trì")  # as written
    assert first["support_raw"] == "Sở Tư pháp và Ủy ban nhân dân các xã, phường"
    # 'Theo dõi các nội dung về:' opens with an owner column's word, but lists work, not owners
    assert not any(t["lead_raw"] and "tổng hợp tình hình" in t["lead_raw"] for t in tasks)
