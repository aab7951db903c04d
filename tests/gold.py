"""Scoring of imported plans against the gold annotations in corpus/gold/ (shared by tests and bench)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "corpus" / "gold"
PLAN_DIR = ROOT / "corpus" / "plans"
TASK_FIELDS = ("table", "area_raw", "row_no", "objective", "task", "activity", "output", "lead_raw",
               "support_raw", "deadline_raw", "note")
CORE_TASK_FIELDS = ("task", "lead_raw", "support_raw", "deadline_raw")
INDICATOR_FIELDS = ("row_no", "indicator", "target_raw", "lead_raw", "support_raw", "area_raw")
HEADER_FIELDS = ("issuer", "admin_level", "unit_name", "district", "province", "doc_number", "doc_type",
                 "issue_date", "place", "title", "period", "signer", "signer_title")


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source_of(gold: dict) -> Path:
    return PLAN_DIR / gold["source"]


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(what)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0


def _match_rows(gold_rows: list[dict], rows: list[dict], key_fields: tuple[str, ...]) -> list[tuple[dict, dict | None]]:
    """Pair each gold row with the predicted row of the same key (row number and text start), in order."""
    pairs, used = [], set()
    for g in gold_rows:
        best, best_score = None, 0
        for i, r in enumerate(rows):
            if i in used:
                continue
            score = sum(2 if f == "row_no" else 1 for f in key_fields if g.get(f) and g.get(f) == r.get(f))
            text_g, text_r = (g.get(key_fields[-1]) or "")[:25], (r.get(key_fields[-1]) or "")[:25]
            score += 3 if text_g and text_g == text_r else 0
            if score > best_score:
                best, best_score = i, score
        if best is not None:
            used.add(best)
        pairs.append((g, rows[best] if best is not None else None))
    return pairs


def table_tasks(record: dict) -> list[dict]:
    """The tasks that come from table rows: what the gold annotates (its notes leave body-text
    items out; vnplan reports those too, with table null)."""
    return [task for task in record["tasks"] if task["table"] is not None]


def score_rows(gold_rows: list[dict], rows: list[dict], fields: tuple[str, ...], key: tuple[str, ...]) -> tuple[Score, Score]:
    """(field score, row precision) of predicted rows against gold rows."""
    fields_score = Score()
    pairs = _match_rows(gold_rows, rows, key)
    for g, r in pairs:
        for f in fields:
            got = r.get(f) if r else None
            fields_score.add(got == g.get(f), f"{g.get('row_no')}.{f}: want {g.get(f)!r} got {got!r}")
    matched = sum(1 for _, r in pairs if r is not None)
    precision = Score(right=matched, total=len(rows))
    return fields_score, precision


def score_targets(gold_targets: list[dict], targets: list[dict]) -> dict[str, float]:
    """F1 on (percent, comparator, year), plus exact-text and comparator/year agreement."""
    remaining = list(targets)
    hit = text_exact = 0
    for g in gold_targets:
        match = next((t for t in remaining if t["percent"] == g["percent"] and t["comparator"] == g["comparator"]
                      and t["year"] == g["year"] and (t["text"] == g["text"] or g["text"][:30] in t["text"]
                                                       or t["text"][:30] in g["text"])), None)
        match = match or next((t for t in remaining if t["percent"] == g["percent"] and t["comparator"] == g["comparator"]
                               and t["year"] == g["year"]), None)
        if match:
            remaining.remove(match)
            hit += 1
            text_exact += match["text"] == g["text"]
    precision = hit / len(targets) if targets else 1.0
    recall = hit / len(gold_targets) if gold_targets else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "text_exact": text_exact / len(gold_targets) if gold_targets else 1.0}


def header_score(gold: dict, record: dict) -> Score:
    score = Score()
    for f in HEADER_FIELDS:
        score.add(record["document"][f] == gold["document"][f],
                  f"{f}: want {gold['document'][f]!r} got {record['document'][f]!r}")
    return score


def pair_targets(want: list[dict], got: list[dict]) -> tuple[list[tuple[dict, dict | None]], list[dict]]:
    """Each annotated target with the found one that states the same value in the same clause (by
    its first words, as clauses are cut differently), else the same value anywhere; and the found
    targets left over (extras)."""
    remaining = list(got)
    pairs: list[tuple[dict, dict | None]] = []
    for w in want:
        match = next((g for g in remaining if g["percent"] == w["percent"]
                      and (w["text"][:25] in g["text"] or g["text"][:25] in w["text"])), None)
        match = match or next((g for g in remaining if g["percent"] == w["percent"]), None)
        if match is not None:
            remaining.remove(match)
        pairs.append((w, match))
    return pairs, remaining


def excerpt_targets(text: str, name: str, period, folder: Path) -> list[dict]:
    """The targets of an annotated excerpt (plain text) read, parsed and built like an imported
    plan, against the plan period its annotator gave; written to FOLDER/NAME to be read as a file."""
    from vnplan.extract.parse import parse_document
    from vnplan.extract.read import read_document
    from vnplan.normalize.build import build_plan
    from vnplan.normalize.evidence import cutting_evidence

    copy = folder / name
    copy.write_text(text, encoding="utf-8")
    doc = read_document(copy)
    draft = parse_document(doc, excerpt=True, evidence=cutting_evidence())
    draft.header.start_year, draft.header.end_year = period.start_year, period.end_year
    return [t.model_dump(mode="json") for t in build_plan(draft, doc).targets]


@dataclass
class ExcerptScore:
    """Annotated target excerpts against what was found: counts, and a line per difference."""

    hit: int = 0
    found: int = 0
    want: int = 0
    comparator_year: int = 0
    agree: dict[str, int] = field(default_factory=dict)  # per further field compared: targets that agree
    lines: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.hit / max(self.found, 1)

    @property
    def recall(self) -> float:
        return self.hit / max(self.want, 1)

    @property
    def f1(self) -> float:
        return 2 * self.precision * self.recall / (self.precision + self.recall) if self.hit else 0.0


def score_excerpts(paths: list[Path], read, also: tuple[str, ...] = (), comparator=lambda c: c) -> ExcerptScore:
    """Each excerpt's expected targets (PATH.expected.json) paired with what READ(path) finds: found,
    missed and extra targets, comparator and year (the annotator's comparator mapped by COMPARATOR),
    and the fields ALSO."""
    score = ExcerptScore(agree={name: 0 for name in also})
    for path in paths:
        want = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        got = read(path)
        pairs, remaining = pair_targets(want, got)
        for w, match in pairs:
            if match is None:
                score.lines.append(f"{path.name}: missed {w['percent']}% «{w['text']}»")
                continue
            score.hit += 1
            if (match["comparator"], match["year"]) == (comparator(w["comparator"]), w["year"]):
                score.comparator_year += 1
            else:
                score.lines.append(f"{path.name}: {w['percent']}% want {w['comparator']} {w['year']}, got "
                                   f"{match['comparator']} {match['year']} «{match['text']}»")
            for name in also:
                if match.get(name) == w.get(name):
                    score.agree[name] += 1
                else:
                    score.lines.append(f"{path.name}: {w['percent']}% {name} want {w.get(name)}, got {match.get(name)}")
        score.lines += [f"{path.name}: extra {g['percent']}% «{g['text']}»" for g in remaining]
        score.found += len(got)
        score.want += len(want)
    return score
