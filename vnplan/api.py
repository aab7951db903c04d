"""The Python API: the same functions the command line uses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vnplan.errors import VnplanError  # noqa: F401  (re-exported for callers)
from vnplan.models import Deadline, Owner, Period, Plan, Target
from vnplan.normalize.time_in_text import read_deadline as _parse_deadline
from vnplan.normalize.owners import code_owners as _code_owners
from vnplan.normalize.targets import find_targets as _find_targets
from vnplan.output.jsonl import read_jsonl
from vnplan.output.tabular import TABLES, flatten
from vnplan.pipeline import read_plan as _read_plan


def read_plan(path: str | Path) -> Plan:
    """The plan record of one file (raises VnplanError with a readable message)."""
    return _read_plan(path)


def repair(text: str) -> str:
    """Repaired text, same lines: repair('Pjc lap - Tw do - Hanh phiic') → 'Độc lập - Tự do - Hạnh phúc'."""
    from vnplan.extract.repair import repair_text

    return repair_text(text)


def parse_deadline(raw: str, start_year: int | None, end_year: int | None) -> Deadline:
    """A deadline resolved against a plan period: parse_deadline('Quý IV', 2024, 2024).start == '2024-10-01'."""
    return _parse_deadline(raw, _period(start_year, end_year))


def code_owners(raw: str) -> list[Owner]:
    """A lead/support cell split and coded: 'Công chức VP-TK; các công chức chuyên môn'."""
    return _code_owners(raw)


def find_targets(text: str, start_year: int | None, end_year: int | None) -> list[Target]:
    """The percentage targets stated in a passage, with comparator, year and indicator code."""
    from vnplan.normalize.indicators import indicator_code

    targets = _find_targets(text, _period(start_year, end_year))
    for target in targets:
        target.indicator = indicator_code(target.text)
    return targets


def _period(start_year: int | None, end_year: int | None) -> Period:
    """A plan period; a year no plan can have (0, 40000) counts as unknown rather than failing later."""
    def year(value):
        return value if isinstance(value, int) and 1000 <= value <= 3000 else None

    return Period(start_year=year(start_year), end_year=year(end_year))


def load_dataset(directory: str | Path) -> dict[str, pd.DataFrame]:
    """`plans`, `tasks`, `targets`, `indicators` of an output folder (from plans.jsonl)."""
    records = read_jsonl(Path(directory) / "plans.jsonl")
    frames = flatten(records)
    return {name: frames[name] for name in TABLES}


def compare(directory: str | Path, indicator: str, shape: str = "wide") -> pd.DataFrame:
    """One indicator's targets across plans, numeric: `wide` gives one row per plan (issuer, commune,
    district, province, document number, period) with a percent and a comparator column per year
    ("2024": 90.0, "2024_comparator": ">"); `long` one row per target."""
    from vnplan.output.compare import compare_long, compare_wide

    if shape not in ("wide", "long"):
        raise ValueError(f"shape is 'wide' or 'long', not {shape!r}")
    long = compare_long(load_dataset(directory), indicator)
    return long if shape == "long" else compare_wide(long)


def kept_record(out_dir: str | Path, path: str | Path) -> dict | None:
    """The plan record that OUT_DIR's store holds for the exact bytes of PATH, as read by this very
    vnplan (the same extractor fingerprint), or None, and then the file must be read."""
    import json
    import sqlite3

    from vnplan.batch import STORE_NAME, file_sha256
    from vnplan.pipeline import extractor_fingerprint

    store_path = Path(out_dir) / STORE_NAME
    if not store_path.is_file():
        return None
    sha = file_sha256(Path(path))
    try:  # read-only: looking a record up must not migrate or otherwise change the store
        with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT r.record FROM records r JOIN sources s ON s.sha256 = r.sha256 "
                             "WHERE s.sha256 = ? AND s.status = 'ok' AND s.extractor = ?",
                             (sha, extractor_fingerprint())).fetchone()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None
