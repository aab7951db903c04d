"""Plan records → flat tables (plans, tasks, targets, indicators), one row each, carrying plan_id."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from vnplan.output.atomic import atomic_open
from vnplan.output.safe import spreadsheet_cell

LIST_SEPARATOR = "; "
TABLES = ("plans", "tasks", "targets", "indicators")


def _owners(owners: list[dict], field: str) -> str:
    return LIST_SEPARATOR.join(str(o[field]) for o in owners)


def plan_row(plan: dict) -> dict:
    doc, src = plan["document"], plan["source"]
    return {
        "plan_id": plan["plan_id"], "schema_version": plan["schema_version"],
        "source_path": src["path"], "source_sha256": src["sha256"], "source_format": src["format"],
        "source_pages": src["pages"], "source_ocr": src["ocr"], "source_repaired": src["repaired"],
        **{k: doc[k] for k in ("issuer", "admin_level", "unit_name", "district", "province", "doc_number",
                               "doc_type", "issue_date", "place", "title", "signer", "signer_title")},
        "period_start_year": doc["period"]["start_year"], "period_end_year": doc["period"]["end_year"],
        "n_sections": len(plan["sections"]), "n_tasks": len(plan["tasks"]),
        "n_indicators": len(plan["indicators"]), "n_targets": len(plan["targets"]),
        "warnings": LIST_SEPARATOR.join(plan["warnings"]),
    }


def _deadline_columns(deadline: dict) -> dict:
    return {
        "deadline_kind": deadline["kind"], "deadline_start": deadline["start"], "deadline_end": deadline["end"],
        "deadline_recurrence": deadline["recurrence"], "deadline_timex": deadline["timex"],
        "deadline_timex_mod": deadline["timex_mod"],
    }


def task_row(plan_id: str, task: dict) -> dict:
    prov = task["provenance"]
    return {
        "plan_id": plan_id, "task_id": task["task_id"], "table": task["table"], "area": task["area"],
        "area_raw": task["area_raw"], "row_no": task["row_no"], "objective": task["objective"],
        "task": task["task"], "activity": task["activity"], "output": task["output"],
        "lead_raw": task["lead_raw"], "support_raw": task["support_raw"],
        "lead_codes": _owners(task["lead"], "code"), "support_codes": _owners(task["support"], "code"),
        "deadline_raw": task["deadline_raw"], **_deadline_columns(task["deadline"]), "note": task["note"],
        "page": prov["page"], "table_index": prov["table_index"], "row_index": prov["row_index"],
        "line": prov.get("line"), "section": prov.get("section"),
    }


def target_row(plan_id: str, index: int, target: dict) -> dict:
    prov = target["provenance"]
    return {
        "plan_id": plan_id, "target_no": index + 1, "indicator": target["indicator"], "percent": target["percent"],
        "comparator": target["comparator"], "year": target["year"], "metric": target["metric"],
        "text": target["text"], "page": prov["page"], "section": prov["section"],
        "table_index": prov.get("table_index"), "row_index": prov.get("row_index"), "line": prov.get("line"),
    }


def indicator_row(plan_id: str, index: int, ind: dict) -> dict:
    target = ind["target"] or {}
    return {
        "plan_id": plan_id, "indicator_no": index + 1, "row_no": ind["row_no"], "indicator": ind["indicator"],
        "area": ind.get("area"), "area_raw": ind.get("area_raw"), "target_raw": ind["target_raw"],
        "indicator_code": target.get("indicator"), "percent": target.get("percent"),
        "comparator": target.get("comparator"), "year": target.get("year"),
        "lead_raw": ind["lead_raw"], "support_raw": ind["support_raw"],
        "lead_codes": _owners(ind["lead"], "code"), "support_codes": _owners(ind["support"], "code"),
    }


def flatten(plans: Iterable[dict]) -> dict[str, pd.DataFrame]:
    """The four tables of a list of plan records (dicts as dumped from the models)."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for plan in plans:
        pid = plan["plan_id"]
        rows["plans"].append(plan_row(plan))
        rows["tasks"].extend(task_row(pid, t) for t in plan["tasks"])
        rows["targets"].extend(target_row(pid, i, t) for i, t in enumerate(plan["targets"]))
        rows["indicators"].extend(indicator_row(pid, i, t) for i, t in enumerate(plan["indicators"]))
    columns = {
        "plans": list(plan_row(_EMPTY_PLAN)),
        "tasks": list(task_row("", _EMPTY_TASK)),
        "targets": list(target_row("", 0, _EMPTY_TARGET)),
        "indicators": list(indicator_row("", 0, _EMPTY_INDICATOR)),
    }
    return {name: pd.DataFrame(rows[name], columns=columns[name]) for name in TABLES}


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM, so that Excel shows Vietnamese correctly; cells that a spreadsheet would run
    as a formula are neutralised (vnplan.output.safe)."""
    frame = frame.map(spreadsheet_cell) if len(frame) else frame  # no formulas, no control characters
    with atomic_open(path, encoding="utf-8-sig", newline="") as handle:
        frame.to_csv(handle, index=False)


_DEADLINE = {"kind": None, "start": None, "end": None, "recurrence": None, "timex": None, "timex_mod": None}
_EMPTY_PLAN = {
    "plan_id": "", "schema_version": "", "sections": [], "tasks": [], "indicators": [], "targets": [],
    "warnings": [], "source": {k: None for k in ("path", "sha256", "format", "pages", "ocr", "repaired")},
    "document": {**{k: None for k in ("issuer", "admin_level", "unit_name", "district", "province", "doc_number",
                                      "doc_type", "issue_date", "place", "title", "signer", "signer_title")},
                 "period": {"start_year": None, "end_year": None}},
}
_EMPTY_TASK = {k: None for k in ("task_id", "table", "area", "area_raw", "row_no", "objective", "task", "activity",
                                 "output", "lead_raw", "support_raw", "deadline_raw", "note")} | {
    "lead": [], "support": [], "deadline": _DEADLINE, "provenance": {"page": None, "table_index": None,
                                                                    "row_index": None}}
_EMPTY_TARGET = {k: None for k in ("indicator", "percent", "comparator", "year", "metric", "text")} | {
    "provenance": {"page": None, "section": None}}
_EMPTY_INDICATOR = {k: None for k in ("row_no", "indicator", "target_raw", "lead_raw", "support_raw", "target")} | {
    "lead": [], "support": []}
