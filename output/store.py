"""The embedded dataset store (SQLite): sources by SHA-256, plan records, and the four flat tables.

Re-importing a file with the same SHA-256 replaces its rows in one transaction, never duplicates them;
a path holds one source at a time: an edited file replaces its record, a file read after failing
loses its error line. A failed file's key is "<sha256>|<path>" ("path:<path>" when it could not be
hashed), so that files with the same bytes that fail (empty files) each keep their own line. A plan
kept with a problem (pages OCR could not read in time) has status 'ok' and its sentence in `error`:
it is in the dataset and in errors.jsonl.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pandas as pd

from vnplan.output.schema_sql import insert_frames, migrate
from vnplan.output.tabular import TABLES, flatten

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    plan_id TEXT,
    stage TEXT,
    error TEXT,
    pages INTEGER,
    seconds REAL,
    imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    plan_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    record TEXT NOT NULL
);
"""


class Store:
    """One SQLite file; every write is a transaction."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)
        self._ensure_tables()

    def _ensure_tables(self) -> None:
        # which vnplan read each source (a store written before this column had none)
        if "extractor" not in {row[1] for row in self.db.execute("PRAGMA table_info(sources)")}:
            self.db.execute("ALTER TABLE sources ADD COLUMN extractor TEXT")
        self.db.commit()
        migrate(self.db)

    def close(self) -> None:
        self.db.close()

    def status(self, sha256: str, extractor: str | None = None) -> str | None:
        """'ok', 'incomplete' (a plan was kept, with a problem to fix: pages OCR could not read in
        time) or 'failed' for a source read before — by the same extractor, when one is given (a
        source read by another version of vnplan is as good as new: it is read again)."""
        row = self.db.execute("SELECT status, extractor, error FROM sources WHERE sha256 = ? OR sha256 LIKE ?",
                              (sha256, sha256 + "|%")).fetchone()
        if row is None or (extractor is not None and row[1] != extractor):
            return None
        return "incomplete" if row[0] == "ok" and row[2] else row[0]

    def put_plan(self, record: dict, *, seconds: float | None = None, extractor: str | None = None,
                 problem: str | None = None, stage: str | None = None) -> None:
        """Store one plan record, replacing whatever the same source gave before; `problem` is the
        sentence for errors.jsonl when the plan is incomplete."""
        sha, pid = record["source"]["sha256"], record["plan_id"]
        frames = flatten([record])
        with self.db:
            self._delete_path(record["source"]["path"])
            self._delete(sha, pid)
            self.db.execute(
                "INSERT INTO sources (sha256, path, status, plan_id, stage, error, pages, seconds, imported_at,"
                " extractor) VALUES (?, ?, 'ok', ?, ?, ?, ?, ?, ?, ?)",
                (sha, record["source"]["path"], pid, stage if problem else None, problem, record["source"]["pages"],
                 seconds, _now(), extractor),
            )
            self.db.execute("INSERT INTO records VALUES (?, ?, ?)", (pid, sha, json.dumps(record, ensure_ascii=False)))
            insert_frames(self.db, frames)

    def put_error(self, *, path: str, sha256: str | None, error: str, stage: str, seconds: float | None = None,
                  extractor: str | None = None) -> None:
        key = f"{sha256}|{path}" if sha256 else f"path:{path}"  # an unreadable file has no hash
        with self.db:
            self._delete_path(path)
            self.db.execute("DELETE FROM sources WHERE sha256 = ?", (key,))
            self.db.execute(
                "INSERT INTO sources (sha256, path, status, plan_id, stage, error, pages, seconds, imported_at,"
                " extractor) VALUES (?, ?, 'failed', NULL, ?, ?, NULL, ?, ?, ?)",
                (key, path, stage, error, seconds, _now(), extractor),
            )

    def _delete_path(self, path: str) -> None:
        """Whatever the store holds for PATH (an older version of the file, or its error line)."""
        for (key,) in self.db.execute("SELECT sha256 FROM sources WHERE path = ?", (path,)).fetchall():
            self._delete(key, None)

    def _delete(self, sha256: str, plan_id: str | None) -> None:
        old = [r[0] for r in self.db.execute("SELECT plan_id FROM sources WHERE sha256 = ?", (sha256,)) if r[0]]
        for pid in set(old + ([plan_id] if plan_id else [])):
            for name in TABLES:
                self.db.execute(f"DELETE FROM {name} WHERE plan_id = ?", (pid,))
            self.db.execute("DELETE FROM records WHERE plan_id = ?", (pid,))
        self.db.execute("DELETE FROM sources WHERE sha256 = ?", (sha256,))

    def records(self) -> list[dict]:
        """Every stored plan record, in a stable order (by source path, then id)."""
        rows = self.db.execute(
            "SELECT r.record FROM records r JOIN sources s ON s.sha256 = r.sha256 ORDER BY s.path, r.plan_id"
        )
        return [json.loads(r[0]) for r in rows]

    def errors(self) -> list[dict]:
        rows = self.db.execute(
            "SELECT path, sha256, error, stage FROM sources WHERE status = 'failed' OR error IS NOT NULL ORDER BY path"
        )
        return [{"path": p, "sha256": None if s.startswith("path:") else s.split("|", 1)[0], "error": e, "stage": st}
                for p, s, e, st in rows]

    def counts(self) -> dict[str, int]:
        names = ("sources", "records", *TABLES)
        return {n: self.db.execute(f"SELECT COUNT(*) FROM {n}").fetchone()[0] for n in names}

    def frame(self, name: str) -> pd.DataFrame:
        return pd.read_sql_query(f"SELECT * FROM {name}", self.db)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
