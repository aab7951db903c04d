"""The typed SQLite schema of the flat tables (declared types, keys, indexes, the *_full views), the
migration of stores written before it, and typed inserts."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd

from vnplan.output.columns import STORED

# PRAGMA user_version of a store with typed tables; 0 is a store from before (untyped, no keys);
# 3 added plans.source_pages_left_out; 4 added tasks.deadline_anchor, targets.year_basis and
# task_owners.level, task_owners.name (the flat tables are rebuilt from the records the store keeps)
STORE_VERSION = 4
# parents first: a row's plan must exist before it
TABLE_ORDER = ("plans", "tasks", "targets", "indicators", "task_owners")
_SQL_TYPES = {"text": "TEXT", "list": "TEXT", "date": "TEXT", "integer": "INTEGER", "number": "REAL",
              "boolean": "INTEGER"}
_KEYS = {
    "plans": "PRIMARY KEY (plan_id)",
    "tasks": "PRIMARY KEY (task_id), FOREIGN KEY (plan_id) REFERENCES plans (plan_id) ON DELETE CASCADE",
    "targets": "PRIMARY KEY (plan_id, target_no), "
               "FOREIGN KEY (plan_id) REFERENCES plans (plan_id) ON DELETE CASCADE",
    "indicators": "PRIMARY KEY (plan_id, indicator_no), "
                  "FOREIGN KEY (plan_id) REFERENCES plans (plan_id) ON DELETE CASCADE",
    "task_owners": "PRIMARY KEY (task_id, role, position), "
                   "FOREIGN KEY (plan_id) REFERENCES plans (plan_id) ON DELETE CASCADE, "
                   "FOREIGN KEY (task_id) REFERENCES tasks (task_id) ON DELETE CASCADE",
}
_NOT_NULL = {"plan_id", "task_id", "target_no", "indicator_no", "role", "position", "task", "code"}
# the usual filters: where, which indicator, which year, which area, which unit
INDEXES = {
    "plans": (("province", "district"),),
    "tasks": (("plan_id",), ("area",), ("deadline_end",)),
    "targets": (("plan_id",), ("indicator", "year"), ("year",)),
    "indicators": (("plan_id",), ("indicator_code", "year")),
    "task_owners": (("plan_id",), ("code", "role")),
}
# the plan's context joined on each row, so that `select * from tasks_full` reads alone
_CONTEXT_SQL = """p.issuer, p.admin_level, p.unit_name, p.district, p.province, p.doc_number,
    CASE WHEN p.period_start_year IS NULL AND p.period_end_year IS NULL THEN NULL
         WHEN p.period_start_year IS NULL OR p.period_end_year IS NULL OR p.period_start_year = p.period_end_year
         THEN CAST(COALESCE(p.period_start_year, p.period_end_year) AS TEXT)
         ELSE p.period_start_year || '-' || p.period_end_year END AS period,
    p.period_start_year, p.period_end_year, p.doc_type, p.issue_date, p.source_path"""
VIEWS = {name: f"CREATE VIEW IF NOT EXISTS {name}_full AS SELECT t.*, {_CONTEXT_SQL}\n"
               f"FROM {name} t JOIN plans p ON p.plan_id = t.plan_id"
         for name in ("tasks", "targets", "indicators")}


def table_ddl(name: str) -> str:
    columns = []
    for column in STORED[name]:
        sql = f'"{column.name}" {_SQL_TYPES[column.kind]}'
        if column.name in _NOT_NULL:
            sql += " NOT NULL"
        if column.kind == "boolean":
            sql += f' CHECK ("{column.name}" IN (0, 1))'
        columns.append(sql)
    return f"CREATE TABLE IF NOT EXISTS {name} (\n    " + ",\n    ".join(columns + [_KEYS[name]]) + "\n)"


def _create(db: sqlite3.Connection) -> None:
    for name in TABLE_ORDER:
        db.execute(table_ddl(name))
        for columns in INDEXES[name]:
            db.execute(f"CREATE INDEX IF NOT EXISTS {name}_{'_'.join(columns)} ON {name} ({', '.join(columns)})")
    for sql in VIEWS.values():
        db.execute(sql)


def migrate(db: sqlite3.Connection) -> None:
    """Bring a store to the typed schema in place. A store from before it (untyped tables, no keys)
    has its flat tables rebuilt from the plan records it keeps, in one transaction; sources and
    records are left as they are."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version >= STORE_VERSION:
        with db:
            _create(db)  # a view or index added since is created; nothing else changes
        return
    from vnplan.output.tabular import flatten

    records = [json.loads(r[0]) for r in db.execute("SELECT record FROM records")]
    db.execute("PRAGMA foreign_keys=OFF")  # dropping the old tables in any order
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")  # DDL too: a migration half done would lose rows
            for name in VIEWS:
                db.execute(f"DROP VIEW IF EXISTS {name}_full")
            for name in reversed(TABLE_ORDER):
                db.execute(f"DROP TABLE IF EXISTS {name}")
            _create(db)
            for record in records:
                try:
                    frames = flatten([record])
                except (KeyError, TypeError):
                    # a record of a much older vnplan: its rows come back when the next import reads
                    # the file again (the store's extractor fingerprint differs, so it will)
                    continue
                insert_frames(db, frames)
            db.execute(f"PRAGMA user_version = {STORE_VERSION}")
    finally:
        db.execute("PRAGMA foreign_keys=ON")


def insert_frames(db: sqlite3.Connection, frames: dict[str, pd.DataFrame]) -> None:
    """Insert the stored columns of each table (its own columns: the context is in plans)."""
    for name in TABLE_ORDER:
        frame = frames[name]
        if not len(frame):
            continue
        columns = [c.name for c in STORED[name]]
        values = [tuple(_sql(v) for v in row) for row in frame[columns].itertuples(index=False)]
        db.executemany(f"INSERT INTO {name} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "
                       f"VALUES ({', '.join('?' for _ in columns)})", values)


def _sql(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return None if value != value else value
    if hasattr(value, "item"):  # a numpy scalar
        return _sql(value.item())
    return value
