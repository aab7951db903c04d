"""The flat outputs an analyst opens: CSV with context and integer columns, dataset.xlsx (openpyxl,
pandas, LibreOffice), Parquet with explicit types, and the typed SQLite store read through DuckDB."""

import csv
import datetime as dt
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from vnplan.output.columns import COLUMNS, CONTEXT
from vnplan.output.store import Store
from gold import gold_files, load_gold

TABLE_SHEETS = ["plans", "tasks", "targets", "indicators", "task_owners"]


def _gold_task_texts():
    return [t["task"] for path in gold_files() for t in load_gold(path)["tasks"] if t.get("task")]


def _csv(out, name):
    return list(csv.DictReader((out / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()))


def test_csv_rows_carry_the_plans_context_and_integers_read_as_integers(sample_dataset):
    plans = {p["plan_id"]: p for p in _csv(sample_dataset, "plans")}
    tasks, targets = _csv(sample_dataset, "tasks"), _csv(sample_dataset, "targets")
    for row in tasks + targets:
        plan = plans[row["plan_id"]]
        for key in ("issuer", "admin_level", "unit_name", "district", "province", "doc_number",
                    "period_start_year", "period_end_year"):
            assert row[key] == plan[key], key
    vinh_chap = next(t for t in tasks if t["issuer"] == "UBND xã Vĩnh Chấp")
    assert (vinh_chap["period"], vinh_chap["doc_number"]) == ("2023", plan_of(plans, vinh_chap)["doc_number"])
    assert any(r["period"] == "2021-2025" for r in tasks)
    for name, column in (("tasks", "table_index"), ("tasks", "row_index"), ("tasks", "line"),
                         ("targets", "year"), ("plans", "n_tasks"), ("indicators", "year")):
        values = [r[column] for r in _csv(sample_dataset, name) if r[column]]
        assert values and all(v.isdigit() for v in values), (name, column, values[:3])
    assert {t["percent"] for t in targets} >= {"90", "100"}  # "90", never "90.0"


def plan_of(plans, row):
    return plans[row["plan_id"]]


def test_list_fields_name_each_code_once(sample_dataset):
    for name in ("tasks", "indicators"):
        for row in _csv(sample_dataset, name):
            for column in ("lead_codes", "support_codes"):
                codes = row[column].split("; ") if row[column] else []
                assert len(codes) == len(set(codes)), row[column]


def test_csv_keeps_its_columns_in_order_and_gains_the_context():
    # the columns tasks.csv had before the context was added, in their order
    before = ["plan_id", "task_id", "table", "area", "area_raw", "row_no", "objective", "task", "activity",
              "output", "lead_raw", "support_raw", "lead_codes", "support_codes", "deadline_raw",
              "deadline_kind", "deadline_start", "deadline_end", "deadline_recurrence", "deadline_timex",
              "deadline_timex_mod", "note", "page", "table_index", "row_index", "line", "section"]
    names = [c.name for c in COLUMNS["tasks"]]
    assert names[:len(before)] == before
    assert names[len(before):len(before) + len(CONTEXT)] == [c.name for c in CONTEXT]
    # columns added since follow the context, so that no earlier column moves
    assert names[len(before) + len(CONTEXT):] == ["deadline_anchor"]
    assert [c.name for c in COLUMNS["targets"]][-1] == "year_basis"
    assert [c.name for c in COLUMNS["task_owners"]][-2:] == ["level", "name"]


def test_workbook_has_a_readme_and_a_frozen_filtered_sheet_per_table(sample_dataset):
    book = load_workbook(sample_dataset / "dataset.xlsx")
    assert book.sheetnames == ["README"] + TABLE_SHEETS
    for name in TABLE_SHEETS:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert [c.value for c in sheet[1]] == [c.name for c in COLUMNS[name]]
        assert sheet.column_dimensions["A"].width >= 10
    readme = [str(c.value) for row in book["README"].iter_rows() for c in row if c.value is not None]
    assert "tasks_full" not in readme and "deadline_end" in readme and "task_owners" in readme


def test_workbook_cells_are_typed_and_vietnamese_intact(sample_dataset):
    book = load_workbook(sample_dataset / "dataset.xlsx")
    tasks = book["tasks"]
    header = [c.value for c in tasks[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in tasks.iter_rows(min_row=2)]
    texts = {r["task"] for r in rows}
    gold = _gold_task_texts()
    assert len(gold) >= 50 and all(text in texts for text in gold)
    ends = [r["deadline_end"] for r in rows if r["deadline_end"] is not None]
    assert ends and all(isinstance(e, dt.datetime) for e in ends)
    assert all(isinstance(r["table_index"], int) for r in rows if r["table_index"] is not None)
    targets = book["targets"]
    header = [c.value for c in targets[1]]
    values = [dict(zip(header, (c.value for c in row))) for row in targets.iter_rows(min_row=2)]
    assert values and all(isinstance(v["percent"], (int, float)) and not isinstance(v["percent"], bool) for v in values)
    assert all(isinstance(v["year"], int) for v in values if v["year"] is not None)


def test_pandas_reads_the_workbook_with_numeric_columns(sample_dataset):
    sheets = pd.read_excel(sample_dataset / "dataset.xlsx", sheet_name=None)
    targets = sheets["targets"]
    assert pd.api.types.is_numeric_dtype(targets["percent"]) and pd.api.types.is_numeric_dtype(targets["year"])
    assert pd.api.types.is_datetime64_any_dtype(sheets["tasks"]["deadline_end"])
    assert set(_gold_task_texts()) <= set(sheets["tasks"]["task"])
    assert len(targets) == len(_csv(sample_dataset, "targets"))


def _has_calc() -> bool:
    soffice = shutil.which("soffice")
    # Calc's import filters live beside soffice; Writer alone cannot open a workbook
    return soffice is not None and (Path(os.path.realpath(soffice)).parent / "libscfiltlo.so").exists()


@pytest.mark.skipif(not _has_calc(), reason="LibreOffice Calc is not installed (scripts/system-deps.sh --test)")
def test_libreoffice_reads_the_workbook_with_vietnamese_and_numbers(sample_dataset, tmp_path):
    # every sheet to its own UTF-8 CSV (filter token 12 = -1), with a profile of its own so that
    # a LibreOffice running elsewhere on the machine does not capture the conversion
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}", "--outdir", str(tmp_path),
                    str(sample_dataset / "dataset.xlsx")], check=True, capture_output=True, timeout=120)
    tasks = list(csv.DictReader((tmp_path / "dataset-tasks.csv").read_text(encoding="utf-8").splitlines()))
    assert set(_gold_task_texts()) <= {t["task"] for t in tasks}
    targets = list(csv.DictReader((tmp_path / "dataset-targets.csv").read_text(encoding="utf-8").splitlines()))
    assert {t["percent"] for t in targets} >= {"90", "100"}
    assert all(t["year"].isdigit() for t in targets if t["year"])
    assert any(t["deadline_end"] == "2024-03-31" for t in tasks)  # a date cell shown as the date


def test_parquet_files_have_explicit_types(sample_dataset):
    tasks = pq.read_table(sample_dataset / "tasks.parquet")
    assert str(tasks.schema.field("deadline_end").type) == "date32[day]"
    assert str(tasks.schema.field("table_index").type) == "int64"
    assert str(tasks.schema.field("province").type) == "string"
    targets = pq.read_table(sample_dataset / "targets.parquet").to_pandas()
    assert targets["percent"].dtype == "float64" and len(targets) == len(_csv(sample_dataset, "targets"))
    assert set(_gold_task_texts()) <= set(tasks.column("task").to_pylist())


def _duckdb():
    duckdb = pytest.importorskip("duckdb")
    spec = importlib.util.find_spec("duckdb_extension_sqlite_scanner")
    if spec is None:
        pytest.skip("the DuckDB sqlite_scanner extension package is not installed (pip install '.[test]')")
    folder = os.path.join(spec.submodule_search_locations[0], "extensions", f"v{duckdb.__version__}")
    con = duckdb.connect()
    con.execute(f"LOAD '{os.path.join(folder, 'sqlite_scanner.duckdb_extension')}'")
    return con


def test_duckdb_reads_parquet_and_attaches_the_store(sample_dataset):
    con = _duckdb()
    per_year = con.execute(f"SELECT count(*) FROM read_parquet('{sample_dataset / 'targets.parquet'}') "
                           "WHERE indicator = 'online_application_rate' AND year = 2024").fetchone()[0]
    assert per_year >= 1
    con.execute(f"ATTACH '{sample_dataset / 'vnplan.sqlite'}' AS store (TYPE sqlite, READ_ONLY)")
    rows = con.execute("SELECT task_id, issuer, unit_name, province, period, deadline_end FROM store.tasks_full "
                       "ORDER BY task_id").fetchall()
    assert len(rows) == len(_csv(sample_dataset, "tasks"))
    by_id = {r[0]: r for r in rows}
    row = by_id["feaf486a5fc49b88-1"]
    assert row[1:5] == ("UBND phường Hoài Hảo", "Hoài Hảo", "Bình Định", "2024")
    assert str(row[5]) == "2024-03-31"
    targets = con.execute("SELECT year, percent FROM store.targets_full WHERE unit_name = 'Hoài Hảo' "
                          "AND indicator = 'online_application_rate'").fetchall()
    assert (2024, 90.0) in targets


def test_store_declares_types_keys_indexes_and_views(sample_dataset):
    with sqlite3.connect(sample_dataset / "vnplan.sqlite") as db:
        types = {r[1]: r[2] for r in db.execute("PRAGMA table_info(targets)")}
        assert (types["year"], types["percent"], types["indicator"]) == ("INTEGER", "REAL", "TEXT")
        assert [r[5] for r in db.execute("PRAGMA table_info(plans)") if r[1] == "plan_id"] == [1]
        for table in ("tasks", "targets", "indicators", "task_owners"):
            assert "plans" in {r[2] for r in db.execute(f"PRAGMA foreign_key_list({table})")}, table
        indexed = {r[0] for r in db.execute("SELECT ii.name FROM sqlite_master sm, pragma_index_info(sm.name) ii "
                                            "WHERE sm.type = 'index'")}
        assert {"province", "indicator", "year", "area", "code"} <= indexed
        views = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
        assert {"tasks_full", "targets_full"} <= views
        assert db.execute("SELECT typeof(year) FROM targets WHERE year IS NOT NULL LIMIT 1").fetchone() == ("integer",)


def test_a_store_written_before_the_typed_schema_is_migrated_in_place(sample_dataset, tmp_path):
    record = json.loads((sample_dataset / "plans.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:  # the layout of the store before typed tables: no types, no keys
        db.executescript("""
            CREATE TABLE sources (sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, status TEXT NOT NULL,
                plan_id TEXT, stage TEXT, error TEXT, pages INTEGER, seconds REAL, imported_at TEXT NOT NULL);
            CREATE TABLE records (plan_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, record TEXT NOT NULL);
            CREATE TABLE plans ("plan_id", "issuer");
            CREATE TABLE tasks ("plan_id", "task_id", "table_index");
            CREATE INDEX tasks_plan ON tasks (plan_id);
        """)
        db.execute("INSERT INTO sources VALUES (?, 'a.txt', 'ok', ?, NULL, NULL, NULL, 1.0, 'now')",
                   (record["source"]["sha256"], record["plan_id"]))
        db.execute("INSERT INTO records VALUES (?, ?, ?)", (record["plan_id"], record["source"]["sha256"],
                                                           json.dumps(record, ensure_ascii=False)))
        db.execute("INSERT INTO tasks VALUES (?, 'x', 0.0)", (record["plan_id"],))
    store = Store(path)
    try:
        assert store.records() == [record]
        assert store.counts()["tasks"] == len(record["tasks"])
        assert store.db.execute("PRAGMA user_version").fetchone()[0] >= 2
        types = {r[1]: r[2] for r in store.db.execute("PRAGMA table_info(tasks)")}
        assert types["table_index"] == "INTEGER"
        task = store.db.execute("SELECT issuer, period FROM tasks_full LIMIT 1").fetchone()
        assert task == (record["document"]["issuer"], str(record["document"]["period"]["start_year"]))
    finally:
        store.close()
    Store(path).close()  # opening it again changes nothing


def test_a_store_of_the_previous_schema_gains_the_new_columns_with_their_values(sample_dataset, tmp_path):
    path = tmp_path / "v3.sqlite"
    shutil.copy(sample_dataset / "vnplan.sqlite", path)
    current = Store(sample_dataset / "vnplan.sqlite")
    try:
        expected = current.counts()
    finally:
        current.close()
    with sqlite3.connect(path) as db:  # the store as version 3 wrote it: none of the columns added since
        for view in ("tasks_full", "targets_full", "indicators_full"):
            db.execute(f"DROP VIEW IF EXISTS {view}")
        for table, column in (("tasks", "deadline_anchor"), ("targets", "year_basis"),
                              ("task_owners", "level"), ("task_owners", "name")):
            db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        db.execute("PRAGMA user_version = 3")
    store = Store(path)
    try:
        bases = {r[0] for r in store.db.execute("SELECT year_basis FROM targets_full")}
        levels = {r[0] for r in store.db.execute("SELECT level FROM task_owners")}
        assert bases >= {"stated", "plan_end"} and "commune" in levels
        assert store.counts() == expected
    finally:
        store.close()
