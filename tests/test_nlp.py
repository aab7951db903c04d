"""The spaCy pipeline marks lexicon entities, deadlines and targets; explain and compare use it."""

import shutil

import pytest
from typer.testing import CliRunner

from vnplan import api
from vnplan.cli import app
from vnplan.models import Period
from vnplan.normalize.nlp import SPANS_KEY, Context, analyse, annotate, owners_of
from gold import PLAN_DIR

PLAN_2024 = Period(start_year=2024, end_year=2024)


def _spans(text):
    doc = analyse(text, PLAN_2024)
    return {(s.label_, s.text, s.ent_id_): s._.value for s in doc.spans[SPANS_KEY]}


def test_units_from_lexicon_and_abbreviations_are_marked_with_codes():
    spans = _spans("Công chức VP-TK; các công chức chuyên môn")
    assert ("UNIT", "VP-TK", "van_phong") in spans
    assert ("UNIT", "các công chức chuyên môn", "all_related") in spans


def test_deadline_spans_carry_the_parsed_deadline():
    spans = _spans("Hoàn thành trước ngày 10/01/2024, báo cáo Quý II/2024")
    values = {text: value for (label, text, _), value in spans.items() if label == "DEADLINE"}
    assert values["trước ngày 10/01/2024"]["kind"] == "by_date"
    assert values["trước ngày 10/01/2024"]["end"] == "2024-01-10"
    assert values["Quý II/2024"]["timex"] == "2024-Q2"


def test_target_span_carries_value_and_indicator():
    spans = _spans("Tỷ lệ thanh toán trực tuyến đạt trên 90%.")
    (value,) = [v for (label, _, _), v in spans.items() if label == "TARGET"]
    assert (value["percent"], value["comparator"], value["year"], value["indicator"]) == (
        90.0, ">", 2024, "online_payment_rate")


def test_explain_shows_each_cell_beside_what_the_import_made_of_it(tmp_path):
    # the review page shows a lead cell as the import read it: each unit with its code, a time cell
    # with the deadline it became, a target with its indicator code
    plan = tmp_path / "plan.txt"
    shutil.copy(PLAN_DIR / "004_be7d98821bed4f13.txt", plan)
    result = CliRunner().invoke(app, ["explain", str(plan), "--html", str(tmp_path / "p.html")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "Văn phòng- Thống kê → <span class='code'>van_phong</span>" in page
    assert "Quý I/2024</td><td><span class='code'>quarter</span> 2024-01-01 → 2024-03-31" in page
    assert "<span class='code'>online_application_rate</span>" in page


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(app, ["import", str(PLAN_DIR), "--out", str(out), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_compare_lists_each_plans_targets_by_year(dataset):
    # numbers, not strings: the percent and its comparator in their own columns, one per year; a
    # second target of the same year in "2023_2"
    frame = api.compare(dataset, "online_application_rate")
    hoai_hao = frame[frame["issuer"] == "UBND phường Hoài Hảo"].iloc[0]
    assert (hoai_hao["2024"], hoai_hao["2024_comparator"]) == (90.0, ">")
    assert (hoai_hao["unit_name"], hoai_hao["province"], hoai_hao["period"]) == ("Hoài Hảo", "Bình Định", "2024")
    vinh_chap = frame[frame["issuer"] == "UBND xã Vĩnh Chấp"].iloc[0]
    assert (vinh_chap["2023"], vinh_chap["2023_comparator"], vinh_chap["2023_2"]) == (60.0, ">=", 70.0)
    long = api.compare(dataset, "online_application_rate", shape="long")
    assert long["percent"].dtype.kind == "f" and long["year"].dtype.name == "Int64"
    assert set(long[long["unit_name"] == "Vĩnh Chấp"]["percent"]) == {60.0, 70.0}
    result = CliRunner().invoke(app, ["compare", str(dataset), "--indicator", "online_application_rate"])
    assert result.exit_code == 0 and "Chấp" in result.output and "│  70 │" in result.output


def test_compare_rejects_unknown_indicator(dataset):
    result = CliRunner().invoke(app, ["compare", str(dataset), "--indicator", "nonsense"])
    assert result.exit_code == 2


def test_a_post_word_heading_an_unknown_unit_does_not_lend_its_code():
    # 'Lãnh đạo' alone is the commune's leadership (ubnd), but before a unit the lexicon does not
    # know it only says who in that unit: the owner stays 'other', not the People's Committee
    owners = owners_of(annotate("Lãnh đạo Trung tâm Bảo trợ xã hội tỉnh", Context("lead", Period())))
    assert [(o.raw, o.code, o.kind) for o in owners] == [("Lãnh đạo Trung tâm Bảo trợ xã hội tỉnh", "other", "unit")]
    assert [o.code for o in owners_of(annotate("Lãnh đạo", Context("lead", Period())))] == ["ubnd"]
