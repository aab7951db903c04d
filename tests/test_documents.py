"""Real documents through the whole import: DOCX, text PDF, TCVN3 PDF and scans of the gold plans
(built by tests/fixtures/make_fixtures.py) give the gold header and task rows."""

import pytest

from conftest_readers import ensure_fixtures, norm
from gold import CORE_TASK_FIELDS, Score, header_score, load_gold, score_rows, table_tasks, GOLD_DIR
from vnplan.pipeline import read_plan

PLAN_IDS = ("001", "002", "004")
SCAN_FLOORS = {300: 0.97, 200: 0.97, 150: 0.90}


def gold(plan_id):
    return load_gold(next(GOLD_DIR.glob(f"{plan_id}_*.json")))


@pytest.fixture(scope="module")
def generated():
    return ensure_fixtures()


@pytest.fixture(scope="module")
def text_pdf_plans(generated):
    return {pid: read_plan(generated / f"plan_{pid}.pdf").model_dump(mode="json") for pid in PLAN_IDS}


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_document_gives_gold_header_and_task_rows(generated, plan_id, kind):
    record = read_plan(generated / f"plan_{plan_id}.{kind}").model_dump(mode="json")
    assert header_score(gold(plan_id), record).misses == []
    fields, precision = score_rows(gold(plan_id)["tasks"], table_tasks(record), CORE_TASK_FIELDS, ("row_no", "task"))
    print(f"{plan_id}.{kind}: task fields {fields.rate:.3f}, row precision {precision.rate:.3f}")
    assert fields.misses == [] and precision.rate == 1.0


def test_tcvn3_pdf_gives_gold_task_rows(generated):
    record = read_plan(generated / "tcvn3_001.pdf").model_dump(mode="json")
    fields, precision = score_rows(gold("001")["tasks"], table_tasks(record), CORE_TASK_FIELDS, ("row_no", "task"))
    print(f"tcvn3 001: task fields {fields.rate:.3f}")
    assert fields.rate >= 0.95 and precision.rate == 1.0
    assert any("TCVN3" in w for w in record["warnings"])


@pytest.mark.parametrize("dpi", sorted(SCAN_FLOORS, reverse=True))
def test_scans_give_the_task_rows_of_their_pages(generated, text_pdf_plans, dpi):
    """The scans hold the first pages of each plan: their rows must equal the text PDF's rows there."""
    total = Score()
    for plan_id in PLAN_IDS:
        scan = read_plan(generated / f"scan_{plan_id}_{dpi}.pdf").model_dump(mode="json")
        pages = set(scan["source"]["ocr_pages"])
        assert scan["source"]["ocr"] and pages
        reference = [_normalized(t) for t in table_tasks(text_pdf_plans[plan_id]) if t["provenance"]["page"] in pages]
        fields, _ = score_rows(reference, [_normalized(t) for t in table_tasks(scan)], CORE_TASK_FIELDS, ("row_no", "task"))
        total.right += fields.right
        total.total += fields.total
        total.misses += fields.misses
    print(f"scans at {dpi} dpi: {total.rate:.3f} of task fields exact ({total.right}/{total.total})")
    for miss in total.misses[:10]:
        print("   ", miss)
    assert total.total > 0 and total.rate >= SCAN_FLOORS[dpi]


def _normalized(task):
    """NFKC, as no scan can tell '…' from '...'; everything else must match to the letter."""
    return {k: norm(v) if isinstance(v, str) else v for k, v in task.items()}
