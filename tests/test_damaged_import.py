"""Importing the Nguyễn Giáp plan (003: OCR without the Vietnamese model) gives the plan in
Vietnamese, and keeps what the document said beside every repair."""

import pytest

from vnplan import api
from gold import PLAN_DIR


@pytest.fixture(scope="module")
def plan():
    return api.read_plan(PLAN_DIR / "003_78ef7b8a9b47c483.txt")


def test_header_is_read_after_repair(plan):
    document = plan.document
    # "Nguyên Giáp": the national register of administrative units (2025, corpus/lexicons/proper_names.csv,
    # built by corpus/lm/build_names.py) spells the commune with ê; the OCR read "Nguyén"/"NGUYEN",
    # which fits ê as well as ễ. The 003 line-pair gold writes "Nguyễn"; we follow the register.
    assert (document.issuer, document.admin_level, document.unit_name, document.province, document.doc_number,
            document.doc_type) == ("UBND xã Nguyên Giáp", "xã", "Nguyên Giáp", "Hải Phòng", "15/KH-UBND", "Kế hoạch")
    assert (document.period.start_year, document.period.end_year) == (2026, 2030)
    # the day of the date line is damaged beyond reading ("ngay A4 thang 9"): no date is guessed
    assert document.issue_date is None


def test_sections_and_targets_are_vietnamese(plan):
    assert [(s.number, s.title) for s in plan.sections] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "MỤC TIÊU VÀ NHIỆM VỤ CỤ THỂ"), ("III", "GIẢI PHÁP THỰC HIỆN"),
        ("IV", "KINH PHÍ"), ("V", "TỔ CHỨC THỰC HIỆN")]
    assert len(plan.targets) >= 15
    assert {t.indicator for t in plan.targets} >= {"satisfaction_rate", "online_application_rate",
                                                  "online_payment_rate", "digitization_rate"}
    assert all(t.year == 2030 for t in plan.targets)


def test_every_repair_keeps_the_original_beside_it(plan):
    assert plan.source.repaired
    assert any("repaired" in w for w in plan.warnings)
    first = plan.repairs[0]
    assert (first.line, first.original) == (1, "UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM")
    assert first.text.startswith("ỦY BAN NHÂN DÂN CỘNG HÒA")
    assert {"original": "NHAN", "repaired": "NHÂN"}.items() <= first.tokens[1].model_dump().items()
    assert all(r.original != r.text and r.tokens for r in plan.repairs)


def test_clean_plans_are_not_repaired():
    plan = api.read_plan(PLAN_DIR / "002_d3b5d457c192368c.txt")
    assert not plan.source.repaired and plan.repairs == []
