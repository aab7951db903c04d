"""Plan records → flat tables (plans, tasks, targets, indicators, task_owners), one row each, carrying
plan_id and, on task/target/indicator rows, the plan's context; typed by output/columns.py."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from vnplan.output.atomic import atomic_open
from vnplan.output.columns import COLUMNS
from vnplan.output.safe import spreadsheet_cell

LIST_SEPARATOR = "; "
TABLES = ("plans", "tasks", "targets", "indicators", "task_owners")

# pandas dtypes per column kind: nullable integers and booleans, so that a year is written "2024"
# (never "2024.0") and an empty cell stays empty
_DTYPES = {"text": "object", "list": "object", "date": "object", "integer": "Int64", "number": "Float64",
           "boolean": "boolean"}


def _owners(owners: list[dict], field: str) -> str:
    # each code once: "all_related; all_related" says nothing more than "all_related"
    return LIST_SEPARATOR.join(dict.fromkeys(str(o[field]) for o in owners))


def context_row(plan: dict) -> dict:
    """The plan's context that task, target and indicator rows carry."""
    doc = plan["document"]
    start, end = doc["period"]["start_year"], doc["period"]["end_year"]
    period = None if start is None and end is None else (
        str(start or end) if start == end or end is None or start is None else f"{start}-{end}")
    return {**{k: doc[k] for k in ("issuer", "admin_level", "unit_name", "district", "province", "doc_number")},
            "period": period, "period_start_year": start, "period_end_year": end}


def owner_rows(plan_id: str, task: dict) -> list[dict]:
    return [{"plan_id": plan_id, "task_id": task["task_id"], "role": role, "position": i + 1,
             "raw": owner["raw"], "code": owner["code"], "kind": owner["kind"], "level": owner.get("level"),
             "name": owner.get("name")}
            for role in ("lead", "support") for i, owner in enumerate(task[role])]


def plan_row(plan: dict) -> dict:
    doc, src = plan["document"], plan["source"]
    return {
        "plan_id": plan["plan_id"], "schema_version": plan["schema_version"],
        "source_path": src["path"], "source_sha256": src["sha256"], "source_format": src["format"],
        "source_pages": src["pages"], "source_ocr": src["ocr"], "source_repaired": src["repaired"],
        "source_pages_left_out": LIST_SEPARATOR.join(map(str, src.get("pages_left_out") or [])),
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
        "line": prov.get("line"), "section": prov.get("section"), "deadline_anchor": task["deadline"].get("anchor"),
    }


def target_row(plan_id: str, index: int, target: dict) -> dict:
    prov = target["provenance"]
    return {
        "plan_id": plan_id, "target_no": index + 1, "indicator": target["indicator"], "percent": target["percent"],
        "comparator": target["comparator"], "year": target["year"], "metric": target["metric"],
        "text": target["text"], "page": prov["page"], "section": prov["section"],
        "table_index": prov.get("table_index"), "row_index": prov.get("row_index"), "line": prov.get("line"),
        "year_basis": target.get("year_basis"),
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
    """The tables of a list of plan records (dicts as dumped from the models), typed per output/columns.py."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for plan in plans:
        pid, context = plan["plan_id"], context_row(plan)
        rows["plans"].append(plan_row(plan))
        rows["tasks"].extend(task_row(pid, t) | context for t in plan["tasks"])
        rows["targets"].extend(target_row(pid, i, t) | context for i, t in enumerate(plan["targets"]))
        rows["indicators"].extend(indicator_row(pid, i, t) | context for i, t in enumerate(plan["indicators"]))
        for task in plan["tasks"]:
            rows["task_owners"].extend(owner_rows(pid, task))
    return {name: typed_frame(rows[name], name) for name in TABLES}


def typed_frame(rows: list[dict], name: str) -> pd.DataFrame:
    """Rows → a frame with the table's columns in order and each column's declared type."""
    columns = COLUMNS[name]
    frame = pd.DataFrame(rows, columns=[c.name for c in columns])
    for column in columns:
        dtype = _DTYPES[column.kind]
        if dtype != "object":
            frame[column.name] = frame[column.name].astype(dtype)
        else:  # None, not NaN, for a missing text (the store and the writers see one kind of empty)
            frame[column.name] = frame[column.name].astype(object).where(frame[column.name].notna(), None)
    return frame


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM, so that Excel shows Vietnamese correctly; integers as integers ("2024"); text
    cells that a spreadsheet would run as a formula are neutralised (vnplan.output.safe)."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:  # text and list columns; numbers stay numbers
            frame[column] = frame[column].map(spreadsheet_cell)
    with atomic_open(path, encoding="utf-8-sig", newline="") as handle:
        frame.to_csv(handle, index=False, float_format="%.10g")  # 90, 12.5: never "90.0"


def write_outputs(frames: dict[str, pd.DataFrame], out: Path) -> None:
    """Every flat output of a dataset folder: the CSVs, one Parquet file per table, dataset.xlsx."""
    from vnplan.output.parquet import write_parquet
    from vnplan.output.workbook import write_workbook

    for name in TABLES:
        write_csv(frames[name], out / f"{name}.csv")
        write_parquet(frames[name], name, out / f"{name}.parquet")
    write_workbook(frames, out / "dataset.xlsx")
