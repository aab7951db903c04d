"""The text plans of corpus/plans/ against their gold annotations: header, tasks, indicators, targets."""

import pytest

from vnplan import api
from gold import (table_tasks, CORE_TASK_FIELDS, INDICATOR_FIELDS, TASK_FIELDS, gold_files, header_score, load_gold,
                  score_rows, score_targets, source_of)

GOLDS = {p.name[:3]: load_gold(p) for p in gold_files()}


@pytest.fixture(scope="module")
def records():
    return {key: api.read_plan(source_of(gold)).model_dump(mode="json") for key, gold in GOLDS.items()}


@pytest.mark.parametrize("key", sorted(GOLDS))
def test_header_fields_are_exact(records, key):
    score = header_score(GOLDS[key], records[key])
    assert score.misses == []


def test_docx_export_tasks_are_exact(records):
    # 004 is a DOCX export with tab-separated rows: every field of every task row must be exact
    fields, precision = score_rows(GOLDS["004"]["tasks"], table_tasks(records["004"]), TASK_FIELDS, ("row_no", "task"))
    print(f"004 task fields {fields.rate:.3f} ({fields.right}/{fields.total}), row precision {precision.rate:.3f}")
    assert fields.misses == []
    assert precision.rate == 1.0


def test_docx_export_indicators_are_exact(records):
    fields, precision = score_rows(GOLDS["004"]["indicators"], records["004"]["indicators"], INDICATOR_FIELDS,
                                   ("row_no", "indicator"))
    print(f"004 indicator fields {fields.rate:.3f}, row precision {precision.rate:.3f}")
    assert fields.misses == []
    assert precision.rate == 1.0


@pytest.mark.parametrize("key", sorted(GOLDS))
def test_targets_match_gold(records, key):
    figures = score_targets(GOLDS[key]["targets"], records[key]["targets"])
    print(key, {k: round(v, 3) for k, v in figures.items()})
    floor = 1.0 if key == "004" else 0.9
    assert figures["f1"] >= floor


@pytest.mark.parametrize("key", ["001", "002"])
def test_flattened_tables_recover_task_rows(records, key):
    fields, precision = score_rows(GOLDS[key]["tasks"], table_tasks(records[key]), CORE_TASK_FIELDS, ("row_no", "task"))
    print(f"{key} task fields {fields.rate:.3f} ({fields.right}/{fields.total}), row precision {precision.rate:.3f}")
    assert fields.rate >= 0.95
    assert precision.rate >= 0.95
