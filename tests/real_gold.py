"""Scoring of the real development documents (corpus/real/) against their gold (corpus/real/gold/).

`python tests/real_gold.py` reads the five gold documents and prints, per document, the header
fields and the task-row fields; `python tests/real_gold.py --plans OUT/plans.jsonl` scores an
import already made (`vnplan import corpus/real --out OUT`) instead of reading again.

One convention differs from tests/gold.py: the real gold was written when `admin_level` knew only
xã / phường / thị trấn, so its null there means "not a commune-level issuer". A reading that gives
a level outside those three (tỉnh, thành phố, a central body's null…) agrees with that null.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gold import HEADER_FIELDS, TASK_FIELDS, Score, load_gold, score_rows, table_tasks

ROOT = Path(__file__).resolve().parents[1]
REAL_DIR = ROOT / "corpus" / "real"
REAL_GOLD_DIR = REAL_DIR / "gold"
COMMUNE_LEVELS = {"xã", "phường", "thị trấn"}


def real_gold_files() -> list[Path]:
    return sorted(REAL_GOLD_DIR.glob("*.json"))


def real_source_of(gold: dict) -> Path:
    name = gold["source"]
    folder = "md" if name.endswith(".md") else "bin"
    return REAL_DIR / folder / name


def real_header_score(gold: dict, record: dict) -> Score:
    score = Score()
    for f in HEADER_FIELDS:
        want, got = gold["document"][f], record["document"][f]
        ok = want == got or (f == "admin_level" and want is None and got not in COMMUNE_LEVELS)
        score.add(ok, f"{f}: want {want!r} got {got!r}")
    return score


def real_task_score(gold: dict, record: dict) -> tuple[Score, Score]:
    """(task-row fields, row precision) of the table tasks; a document without gold tasks scores 1.0
    on fields when it reports no table tasks either."""
    return score_rows(gold["tasks"], table_tasks(record), TASK_FIELDS, ("row_no", "task"))


def score_all(records: dict[str, dict]) -> dict[str, dict]:
    """Per gold document: header and task figures (records keyed by source file name)."""
    figures = {}
    for path in real_gold_files():
        gold = load_gold(path)
        record = records.get(gold["source"])
        if record is None:
            figures[gold["source"]] = {"header": 0.0, "tasks": 0.0, "error": "not imported"}
            continue
        header = real_header_score(gold, record)
        fields, precision = real_task_score(gold, record)
        figures[gold["source"]] = {
            "header": round(header.rate, 3), "header_misses": header.misses,
            "tasks": round(fields.rate, 3), "task_rows": f"{len(table_tasks(record))}/{len(gold['tasks'])}",
            "row_precision": round(precision.rate, 3), "task_misses": fields.misses,
        }
    return figures


def read_records() -> dict[str, dict]:
    from vnplan import api

    return {load_gold(p)["source"]: api.read_plan(real_source_of(load_gold(p))).model_dump(mode="json")
            for p in real_gold_files()}


def records_from_jsonl(path: Path) -> dict[str, dict]:
    records = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[Path(record["source"]["path"]).name] = record
    return records


def main(argv: list[str] | None = None) -> dict[str, dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=Path, help="plans.jsonl of an import of corpus/real")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    records = records_from_jsonl(args.plans) if args.plans else read_records()
    figures = score_all(records)
    for name, fig in figures.items():
        print(f"{name:45s} header {fig['header']:.3f}  tasks {fig.get('tasks', 0):.3f} "
              f"rows {fig.get('task_rows', '-')} precision {fig.get('row_precision', 0):.3f}")
        if args.verbose:
            for miss in fig.get("header_misses", []) + fig.get("task_misses", []):
                print("    ", miss)
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
