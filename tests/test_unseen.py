"""The normalizer on material it has never seen: tests/fixtures/unseen/ and tests/fixtures/holdout/
were each written and annotated blind by a different helper (see their READMEs) — owner cells,
time cells, headings and target excerpts of plans and reports. `unseen` was measured first and the
normalizer was then fixed where it failed, so it has become a development set; `holdout` was
written later, by an annotator who saw neither vnplan nor `unseen`, measured once untuned (owners
93.5 %, deadlines 95.0 %, areas 29/30, targets F1 0.959 with comparator and year 74.5 %) and then
used to fix what it showed; `final` was written last, by a third annotator, and measured once,
untouched: owners 63/64 (98.4 %), deadlines 50/50, areas 25/25, targets F1 1.000 with comparator
and year 50/50 and indicator 49/50. Nothing was tuned on `final`.

Each measure goes through the same spaCy pipeline the import uses (normalize/nlp.py), and prints
its figure; the floors are the issue's: owner codes ≥ 97 %, deadline kind and dates ≥ 98 %,
targets F1 ≥ 0.95 with comparator and year ≥ 95 %, areas 100 %.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gold import excerpt_targets, score_excerpts
from vnplan.models import Period
from vnplan.normalize.nlp import Context, annotate, area_of, deadline_of, owners_of

FIXTURES = Path(__file__).parent / "fixtures"
SETS = pytest.mark.parametrize("folder", ["unseen", "holdout", "final"])


def _rows(folder: str, name: str) -> list[list[str]]:
    lines = [ln for ln in (FIXTURES / folder / name).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    rows = [ln.split("\t") for ln in lines]
    return rows[1:] if rows and rows[0][0] in ("cell", "heading") else rows  # a header line names the columns


def _period(text: str) -> Period:
    start, end = text.strip().split("-")
    return Period(start_year=int(start), end_year=int(end))


@SETS
def test_owner_codes_on_unseen_cells(folder):
    right = total = split_right = 0
    misses = []
    for cell, expected in _rows(folder, "owners.tsv"):
        want = json.loads(expected)
        got = owners_of(annotate(cell, Context("lead", Period())))
        # raw is compared with its spacing made single, as the contract writes text fields
        for w in want:
            w["raw"] = " ".join(w["raw"].split())
        split_right += [o.raw for o in got] == [w["raw"] for w in want]
        # an owner is right when a fragment of the same text got its code (code per unit named)
        for w in want:
            total += 1
            found = next((o for o in got if o.raw == w["raw"]), None)
            ok = found is not None and found.code == w["code"]
            if not ok:
                # a split that differs still names the unit: count the code when one fragment holds it
                found = next((o for o in got if w["raw"] in o.raw), None)
                ok = found is not None and found.code == w["code"] and len([x for x in want if x["raw"] in found.raw]) == 1
            right += ok
            if not ok:
                misses.append(f"{cell!r}: {w['raw']!r} want {w['code']}, got {[(o.raw, o.code) for o in got]}")
    rows = len(_rows(folder, "owners.tsv"))
    print(f"\n{folder} owners: codes {right}/{total} ({right / total:.1%}); cells split as annotated "
          f"{split_right}/{rows} ({split_right / rows:.1%})")
    for miss in misses:
        print("  ", miss)
    assert right / total >= 0.97


def _deadline_fields(d: dict) -> tuple:
    return (d["kind"], d["start"], d["end"], d["recurrence"])


@SETS
def test_deadline_kinds_and_dates_on_unseen_cells(folder):
    """Kind, start, end and recurrence of each cell (and of each checkpoint of a multiple).

    For kind multiple the parent's recurrence is not compared: our documented convention
    (normalize/deadlines.py `combine`, tests/test_deadlines.py) gives a multiple the finest
    frequency of its checkpoints ("Quý II và Quý IV hằng năm" → annual), where the annotator put
    null. The checkpoints' recurrences are still compared one by one."""
    right = timex_right = total = 0
    misses = []
    for cell, period, expected in _rows(folder, "deadlines.tsv"):
        want = json.loads(expected)
        got = deadline_of(annotate(cell, Context("deadline", _period(period)))).model_dump(mode="json")
        total += 1
        parent = (lambda d: _deadline_fields(d)[:3]) if want["kind"] == "multiple" else _deadline_fields
        ok = parent(got) == parent(want) and (
            want["kind"] != "multiple"
            or [_deadline_fields(c) for c in got["checkpoints"]] == [_deadline_fields(c) for c in want["checkpoints"]])
        right += ok
        timex_right += (got["timex"], got["timex_mod"]) == (want["timex"], want["timex_mod"])
        if not ok:
            misses.append(f"{cell!r} ({period}): want {_deadline_fields(want)}, got {_deadline_fields(got)}")
    print(f"\n{folder} deadlines: kind and dates {right}/{total} ({right / total:.1%}); "
          f"timex and mod {timex_right}/{total} ({timex_right / total:.1%})")
    for miss in misses:
        print("  ", miss)
    assert right / total >= 0.98


@SETS
def test_area_codes_on_unseen_headings(folder):
    rows = _rows(folder, "areas.tsv")
    misses = [(heading, want, area_of(annotate(heading, Context("heading", Period()))))
              for heading, want in rows]
    misses = [m for m in misses if m[1] != m[2]]
    print(f"\n{folder} areas: {len(rows) - len(misses)}/{len(rows)}")
    for miss in misses:
        print("  ", miss)
    assert misses == []


def _excerpt_targets(path: Path, tmp_path: Path) -> list[dict]:
    """The excerpt read, parsed and built like an imported plan, against the period its first line gives."""
    first, rest = path.read_text(encoding="utf-8").split("\n", 1)
    return excerpt_targets(rest, path.name, _period(first.split(":", 1)[1]), tmp_path)


@SETS
def test_targets_on_unseen_excerpts(folder, tmp_path):
    paths = sorted((FIXTURES / folder / "targets").glob("*.txt"))
    score = score_excerpts(paths, lambda path: _excerpt_targets(path, tmp_path), also=("indicator",))
    f1, hit, comparator_year = score.f1, score.hit, score.comparator_year
    print(f"\n{folder} targets: F1 {f1:.3f} (precision {score.precision:.3f}, recall {score.recall:.3f}); "
          f"comparator and year {comparator_year}/{hit} ({comparator_year / hit:.1%}); "
          f"indicator {score.agree['indicator']}/{hit}")
    for line in score.lines:
        print("  ", line)
    assert f1 >= 0.95
    assert comparator_year / hit >= 0.95
