"""The Python API: the same functions the command line uses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vnplan.errors import VnplanError  # noqa: F401  (re-exported for callers)
from vnplan.models import Deadline, Owner, Period, Plan, Target
from vnplan.normalize.deadlines import parse_deadline as _parse_deadline
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


def compare(directory: str | Path, indicator: str) -> pd.DataFrame:
    """One row per plan (issuer, district, province), one column per year: 'comparator percent' targets."""
    data = load_dataset(directory)
    plans, targets = data["plans"], data["targets"]
    chosen = targets[targets["indicator"] == indicator].copy()
    keys = ["plan_id", "issuer", "district", "province", "doc_number"]
    if chosen.empty:
        return pd.DataFrame(columns=keys)
    chosen["target"] = chosen["comparator"].str.replace("increase_by>=", "+≥", regex=False) + " " + \
        chosen["percent"].map(lambda p: f"{p:g}%")
    chosen["year"] = chosen["year"].map(lambda y: "no year" if y is None or y != y else str(int(y)))
    wide = chosen.pivot_table(index="plan_id", columns="year", values="target",
                              aggfunc=lambda values: "; ".join(dict.fromkeys(values)))
    wide.columns = [str(c) for c in wide.columns]
    merged = plans[keys].merge(wide.reset_index(), on="plan_id", how="inner")
    return merged.sort_values(["province", "district", "issuer"], na_position="last").reset_index(drop=True)
