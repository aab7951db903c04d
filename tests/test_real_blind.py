"""The normalizer on real provincial and central documents it never saw: tests/fixtures/real_blind/
was annotated blind (see its README) from the development documents of corpus/real — owner
cells above the commune, deadline cells and sentences, target excerpts — by a helper that saw
neither vnplan's code nor its output, before vnplan was run on them (issue 14).

Each measure prints its figure and the misses. First run (the normalizer of issue 14 before any
fix was made on this set) and the figures now are in the README of the fixture folder.
Floors are the issue's goal (0.95) where it is met; where it is not yet, the floor is the figure
reached, so that nothing slides back, and the README says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gold import excerpt_targets, score_excerpts
from vnplan.extract.tables import is_limit_header
from vnplan.models import Period
from vnplan.normalize.nlp import Context, annotate, deadline_of, owners_of

FIXTURES = Path(__file__).parent / "fixtures"
# the contract has no strict "<": "dưới 50%" is coded "<=" (docs/CONTRACT.md; the real gold does the same)
_COMPARATOR = {"<": "<="}
# The goal is 0.95 on each measure. Per set the floors are the figures reached (README of
# each fixture folder), kept from sliding back. real_blind was scored first and then used to fix what it
# showed (a development set now); real_final was annotated later by another helper, from other
# cells of the same documents, and scored once, untuned; real_final3 was annotated blind by a third
# helper from cells neither earlier set used (its README), scored once untuned at 3c29b88, then fixed;
# real_final4 likewise by a fourth helper, sampled systematically, scored once untuned at 10d2d5b;
# real_final5 by a fifth, from the candidates real_final4 did not take, scored once at 4d99c41;
# real_final6 by a sixth, from the candidates no earlier set took, scored once at db342e6. Each was
# then worked on; the first-run (blind) figures are in each README. Pooled over the six sets the
# issue's 0.95 holds on each measure (test_pooled_figures_meet_the_goal).
FLOORS = {  # owners, deadlines, targets F1, targets comparator+year
    "real_blind": (0.97, 0.98, 0.98, 0.95),
    "real_final": (0.99, 0.94, 0.98, 0.95),
    "real_final3": (0.95, 0.93, 0.94, 0.95),
    "real_final4": (0.93, 0.95, 0.92, 0.95),
    "real_final5": (0.98, 1.00, 0.93, 0.95),
    "real_final6": (0.96, 0.90, 0.95, 0.95),
}
SETS = pytest.mark.parametrize("folder", sorted(FLOORS))


def _rows(folder: str, name: str) -> list[list[str]]:
    lines = [ln for ln in (FIXTURES / folder / name).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    rows = [ln.split("\t") for ln in lines]
    return rows[1:] if rows and rows[0][0] == "cell" else rows


def _period(text: str) -> Period:
    start, end = text.strip().split("-")
    return Period(start_year=int(start), end_year=int(end))


def _owner_score(folder: str) -> tuple[int, int, int, int, list[str]]:
    right = total = cells_right = 0
    misses = []
    rows = _rows(folder, "owners.tsv")
    for cell, expected in rows:
        want = json.loads(expected)
        got = owners_of(annotate(cell, Context("lead", Period())))
        cell_ok = len(got) == len(want)
        for w in want:
            total += 1
            raw = " ".join(w["raw"].split())
            found = next((o for o in got if o.raw == raw), None) or next(
                (o for o in got if raw in o.raw and len([x for x in want if x["raw"] in o.raw]) == 1), None)
            ok = found is not None and (found.code, found.level) == (w["code"], w["level"])
            right += ok
            cell_ok = cell_ok and ok
            if not ok:
                misses.append(f"{cell!r}: {w['raw']!r} want {w['code']}/{w['level']}, got "
                              f"{[(o.raw, o.code, o.level) for o in got]}")
        cells_right += cell_ok
    return right, total, cells_right, len(rows), misses


@SETS
def test_owner_function_and_level_on_real_cells(folder):
    right, total, cells_right, cells, misses = _owner_score(folder)
    print(f"\n{folder} owners: function and level {right}/{total} ({right / total:.1%}); "
          f"cells wholly right {cells_right}/{cells} ({cells_right / cells:.1%})")
    for miss in misses:
        print("  ", miss)
    assert right / total >= FLOORS[folder][0]


def _fields(d: dict) -> tuple:
    return (d["kind"], d["start"], d["end"], d["recurrence"], d.get("anchor") if d["kind"] == "relative" else None)


def _deadline_score(folder: str) -> tuple[int, int, int, int, list[str]]:
    right = timex_right = total = convention = 0
    misses = []
    # the printed header of the column a table cell came from, where the annotator named it: an
    # import reads a cell with its header ("Thời hạn hoàn thành" makes a bare date a due date)
    headers = dict(_rows(folder, "columns.tsv")) if (FIXTURES / folder / "columns.tsv").exists() else {}
    for cell, period, expected in _rows(folder, "deadlines.tsv"):
        want = json.loads(expected)
        context = Context("deadline", _period(period), due=is_limit_header(headers.get(cell)))
        got = deadline_of(annotate(cell, context)).model_dump(mode="json")
        total += 1
        parent = (lambda d: _fields(d)[:3]) if want["kind"] == "multiple" else _fields
        ok = parent(got) == parent(want) and (
            want["kind"] != "multiple"
            or [_fields(c) for c in got["checkpoints"]] == [_fields(c) for c in want.get("checkpoints", [])])
        right += ok
        timex_right += (got["timex"], got["timex_mod"]) == (want.get("timex"), want.get("timex_mod"))
        # a bare date in a time column: the project reads a date (tests/test_deadlines.py), one
        # annotator read "by that day" — counted apart, not as right
        convention += not ok and got["kind"] == "date" and want["kind"] == "by_date" and got["end"] == want["end"]
        if not ok:
            misses.append(f"{cell!r} ({period}): want {_fields(want)}, got {_fields(got)}")
    return right, timex_right, total, convention, misses


@SETS
def test_deadlines_on_real_cells_and_sentences(folder):
    right, timex_right, total, convention, misses = _deadline_score(folder)
    print(f"\n{folder} deadlines: kind and dates {right}/{total} ({right / total:.1%}); "
          f"timex and mod {timex_right}/{total} ({timex_right / total:.1%}); of the misses {convention} are "
          f"bare dates read as a date where the annotator read by_date")
    for miss in misses:
        print("  ", miss)
    assert right / total >= FLOORS[folder][1]


def _excerpt_targets(path: Path, tmp_path: Path) -> list[dict]:
    """The excerpt imported like a text plan; its 'cell | cell' lines become the tab-separated
    rows of a table, as a text export writes them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [ln.replace(" | ", "\t") for ln in lines[1:] if not ln.startswith("#")]
    return excerpt_targets("\n".join(body) + "\n", path.name, _period(lines[0].split(":", 1)[1]), tmp_path)


def _target_score(folder: str, tmp_path: Path):
    paths = sorted((FIXTURES / folder / "targets").glob("*.txt"))
    return score_excerpts(paths, lambda path: _excerpt_targets(path, tmp_path), also=("year_basis",),
                          comparator=lambda c: _COMPARATOR.get(c, c))


@SETS
def test_targets_on_real_excerpts(folder, tmp_path):
    score = _target_score(folder, tmp_path)
    f1, hit, comparator_year = score.f1, score.hit, score.comparator_year
    print(f"\n{folder} targets: F1 {f1:.3f} (precision {score.precision:.3f}, recall {score.recall:.3f}); "
          f"comparator and year {comparator_year}/{hit}; year_basis {score.agree['year_basis']}/{hit}")
    for line in score.lines:
        print("  ", line)
    assert f1 >= FLOORS[folder][2]
    assert comparator_year / max(hit, 1) >= FLOORS[folder][3]


def test_pooled_figures_meet_the_goal(tmp_path):
    """All the blind-annotated cases together: owner cells (and owners), deadlines and targets F1 each
    >= 0.95 (issue 14)."""
    scored = [_owner_score(folder) for folder in FLOORS]
    owners = [score[:2] for score in scored]
    # the issue counts owner cells: a cell is right when every owner in it has its function and level
    cell_rate = sum(score[2] for score in scored) / sum(score[3] for score in scored)
    deadlines = [(r, t) for r, _, t, _, _ in map(_deadline_score, FLOORS)]
    scores = [_target_score(folder, tmp_path) for folder in FLOORS]
    hit, found, want = (sum(getattr(s, name) for s in scores) for name in ("hit", "found", "want"))
    owner_rate = sum(r for r, _ in owners) / sum(t for _, t in owners)
    deadline_rate = sum(r for r, _ in deadlines) / sum(t for _, t in deadlines)
    f1 = 2 * hit / (found + want)
    print(f"\npooled over {len(FLOORS)} sets: owner cells {cell_rate:.3f} (owners {owner_rate:.3f}), deadlines "
          f"{deadline_rate:.3f}, targets F1 {f1:.3f} (precision {hit / found:.3f}, recall {hit / want:.3f})")
    assert min(cell_rate, owner_rate, deadline_rate, f1) >= 0.95
