"""Repair benchmark: accuracy on the damaged Nguyễn Giáp plan, on stripped plans, on clean text; tokens/s.

Speeds are tokens per CPU second of this process, pinned to one core. A cold figure is the best of
--runs runs (default 3), each from a freshly loaded model with the per-process caches emptied (other
work on the machine slows a run down; the load average is printed beside the figures).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import time
from pathlib import Path

from unidecode import unidecode

from vnplan.extract.repair import Repairer, default_repairer, repair_lines
from vnplan.extract.repair.evaluate import token_accuracy
from vnplan.extract.repair.lm import build_lm
from vnplan.extract.repair.syllables import match_form, skeleton, split_token
from vnplan.extract.repair.unicode import split_tone, tone_style

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "corpus" / "plans"
GOLD_003 = ROOT / "corpus" / "gold" / "003_nguyen_giap_parallel.dev.tsv"
# plans the model never saw (not in corpus/plans): hand-written test fixtures, and their OCR damage made
# by tests/fixtures/make_unseen_ocr.py the way corpus/lm/build.py makes the training pairs
UNSEEN = ROOT / "tests" / "fixtures" / "text"
UNSEEN_TEXTS = ("thi_tran_plan.txt", "pdf_copy_plan.txt", "markdown_plan.md")
UNSEEN_OCR = ROOT / "tests" / "fixtures" / "unseen_ocr_pairs.tsv"
CLEAN = ("000", "001", "002", "004")  # 003 is the damaged plan
# whole documents of the administrative-text corpus that the LM was not trained on (corpus/lm/heldout.py,
# listed in corpus/lm/heldout_docs.tsv), and their Tesseract `eng` damage (ocr_pairs.tsv)
HELDOUT = ROOT / "tests" / "fixtures" / "repair_heldout"
RUNS = 3


def cold_start() -> None:
    """A freshly loaded model and empty per-process caches: what a new process repairing its first
    document has (model loading itself is not timed)."""
    default_repairer.cache_clear()
    for cached in (match_form, skeleton, split_token, split_tone, tone_style):
        cached.cache_clear()
    gc.collect()
    default_repairer()


def clean_plans() -> dict[str, Path]:
    return {p.name[:3]: p for p in sorted(PLANS.glob("*.txt")) if p.name[:3] in CLEAN}


def strip_marks(line: str) -> str:
    """What copy-paste through an accent-stripping system leaves: 'Cải cách' → 'Cai cach'."""
    return re.sub(r"[^\W\d_]+", lambda m: unidecode(m.group(0)), line)


def gold_003() -> tuple[list[str], list[str]]:
    rows = [line.rstrip("\n").split("\t") for line in GOLD_003.read_text(encoding="utf-8").splitlines()]
    return [r[1] for r in rows], [r[2] for r in rows]


def bench_003(adapt: bool) -> tuple[float, float, float]:
    """The 203 damaged lines as one document, repaired from cold caches (a fresh model)."""
    damaged, printed = gold_003()
    seconds = float("inf")
    for _ in range(RUNS):
        cold_start()
        started = time.process_time()
        repaired = [line.text for line in repair_lines("\n".join(damaged), adapt=adapt)]
        seconds = min(seconds, time.process_time() - started)
    before = token_accuracy(damaged, printed)
    after = token_accuracy(repaired, printed)
    return before[0] / before[1], after[0] / after[1], after[1] / seconds


def bench_full_003() -> tuple[int, float, float]:
    """The whole damaged plan 003 (745 lines), cold and then warm caches; no accuracy (no full gold)."""
    text = (PLANS / "003_78ef7b8a9b47c483.txt").read_text(encoding="utf-8")
    cold = warm = float("inf")
    for _ in range(RUNS):
        cold_start()
        started = time.process_time()
        lines = repair_lines(text)
        cold = min(cold, time.process_time() - started)
        started = time.process_time()
        repair_lines(text)
        warm = min(warm, time.process_time() - started)
    tokens = sum(len(line.tokens) for line in lines)
    return tokens, tokens / cold, tokens / warm


def bench_leave_one_out() -> dict[str, tuple[float, int, float]]:
    """Each clean plan stripped of marks, repaired with an LM built from the other three."""
    plans = clean_plans()
    channel = default_repairer().channel
    results = {}
    for held_out, path in plans.items():
        lm = build_lm(p.read_text(encoding="utf-8") for name, p in plans.items() if name != held_out)
        repairer = Repairer(lm, channel)
        printed = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        stripped = [strip_marks(line) for line in printed]
        started = time.process_time()
        repaired = [repairer.repair_line(line).text for line in stripped]
        seconds = time.process_time() - started
        correct, total = token_accuracy(repaired, printed)
        results[held_out] = (correct / total, total, total / seconds)
    return results


def unseen_ocr_documents() -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """(plan, rendering) → (read lines, printed lines) from tests/fixtures/unseen_ocr_pairs.tsv."""
    docs: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for row in UNSEEN_OCR.read_text(encoding="utf-8").splitlines():
        source, rendering, printed, read = row.split("\t")
        doc = docs.setdefault((source, rendering), ([], []))
        doc[0].append(read)
        doc[1].append(printed)
    return docs


def bench_unseen_stripped() -> tuple[float, int, float]:
    """The unseen plans stripped of marks, each repaired as one document by the committed model."""
    correct = total = 0
    seconds = 0.0
    for name in UNSEEN_TEXTS:
        printed = [line for line in (UNSEEN / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        started = time.process_time()
        repaired = [line.text for line in repair_lines("\n".join(strip_marks(line) for line in printed))]
        seconds += time.process_time() - started
        c, n = token_accuracy(repaired, printed)
        correct, total = correct + c, total + n
    return correct / total, total, total / seconds


def bench_unseen_ocr() -> tuple[float, float, int, float]:
    """OCR `eng` damage of the unseen plans (each plan × rendering one document), from cold caches."""
    best = float("inf")
    for _ in range(RUNS):
        before = correct = total = 0
        seconds = 0.0
        cold_start()
        for read, printed in unseen_ocr_documents().values():
            started = time.process_time()
            repaired = [line.text for line in repair_lines("\n".join(read))]
            seconds += time.process_time() - started
            c, n = token_accuracy(repaired, printed)
            correct, total = correct + c, total + n
            before += token_accuracy(read, printed)[0]
        best = min(best, seconds)
    return before / total, correct / total, total, total / best


def heldout_stripped() -> dict[str, tuple[list[str], list[str]]]:
    """Held-out corpus document → (lines stripped of marks, printed lines)."""
    docs = {}
    for path in sorted(HELDOUT.glob("doc_*.txt")):
        printed = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        docs[path.stem] = ([strip_marks(line) for line in printed], printed)
    return docs


def heldout_ocr() -> dict[str, tuple[list[str], list[str]]]:
    """'doc_NN/r' (held-out document, rendering) → (lines read by Tesseract `eng`, printed lines)."""
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for row in (HELDOUT / "ocr_pairs.tsv").read_text(encoding="utf-8").splitlines():
        name, rendering, printed, read = row.split("\t")
        doc = docs.setdefault(f"{name[:-4]}/{rendering}", ([], []))
        doc[0].append(read)
        doc[1].append(printed)
    return docs


def bench_documents(docs: dict[str, tuple[list[str], list[str]]]) -> tuple[dict[str, tuple[float, int]], float, float, float]:
    """Each document repaired by repair_lines: accuracy per document, overall accuracy, tokens/s with
    cold caches (best of RUNS) and warm (the same documents again, same process)."""
    cold = warm = float("inf")
    for _ in range(RUNS):
        cold_start()
        started = time.process_time()
        repaired = {name: [line.text for line in repair_lines("\n".join(read))] for name, (read, _) in docs.items()}
        cold = min(cold, time.process_time() - started)
        started = time.process_time()
        for read, _ in docs.values():
            repair_lines("\n".join(read))
        warm = min(warm, time.process_time() - started)
    per_doc = {}
    correct = total = 0
    for name, (_, printed) in docs.items():
        c, n = token_accuracy(repaired[name], printed)
        per_doc[name] = (c / n, n)
        correct, total = correct + c, total + n
    return per_doc, correct / total, total / cold, total / warm


def bench_clean() -> tuple[float, int, float]:
    """Clean plans through repair_lines: share of tokens left exactly as they were."""
    total = same = 0
    started = time.process_time()
    for path in clean_plans().values():
        for line in repair_lines(path.read_text(encoding="utf-8")):
            total += len(line.tokens)
            same += sum(not t.changed for t in line.tokens)
    return same / total, total, total / (time.process_time() - started)


def main() -> None:
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS, help="cold runs whose best is reported (default 3)")
    RUNS = max(1, parser.parse_args().runs)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    if hasattr(os, "getloadavg"):
        print("load average (1, 5, 15 min) at start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    started = time.perf_counter()
    default_repairer()
    print(f"model load: {time.perf_counter() - started:.2f} s")
    for label, docs in (("marks stripped", heldout_stripped()), ("Tesseract eng damage", heldout_ocr())):
        per_doc, acc, cold, warm = bench_documents(docs)
        print(f"held-out corpus documents (tests/fixtures/repair_heldout), {label}: token accuracy {acc:.4f} "
              f"over {sum(n for _, n in per_doc.values())} tokens; {cold:,.0f} tokens/s cold, {warm:,.0f} warm "
              f"(best of {RUNS})")
        print("    " + ", ".join(f"{name} {a:.3f}" for name, (a, _) in per_doc.items()))
    for adapt in (False, True):
        before, after, speed = bench_003(adapt)
        print(f"003 Nguyễn Giáp gold (203 damaged lines), {'with' if adapt else 'without'} adaptation: token "
              f"accuracy {before:.4f} untouched → {after:.4f} repaired; {speed:,.0f} tokens/s "
              f"(cold caches, best of {RUNS})")
    tokens, cold, warm = bench_full_003()
    print(f"whole plan 003 ({tokens} tokens): {cold:,.0f} tokens/s cold, {warm:,.0f} tokens/s warm (best of {RUNS})")
    results = bench_leave_one_out()
    correct = sum(acc * n for acc, n, _ in results.values())
    total = sum(n for _, n, _ in results.values())
    for name, (acc, n, speed) in results.items():
        print(f"stripped plan {name} (LM without it): token accuracy {acc:.4f} over {n} tokens; {speed:,.0f} tokens/s")
    print(f"stripped, leave-one-plan-out overall: {correct / total:.4f}")
    unchanged, n, speed = bench_clean()
    print(f"clean plans through repair: {unchanged:.4f} of {n} tokens unchanged; {speed:,.0f} tokens/s")
    acc, n, speed = bench_unseen_stripped()
    print(f"unseen plans (tests/fixtures/text), stripped: token accuracy {acc:.4f} over {n} tokens; "
          f"{speed:,.0f} tokens/s")
    before, after, n, speed = bench_unseen_ocr()
    print(f"unseen plans, OCR eng damage ({n} tokens, 5 renderings): token accuracy {before:.4f} untouched → "
          f"{after:.4f} repaired; {speed:,.0f} tokens/s (cold caches, best of {RUNS})")
    if hasattr(os, "getloadavg"):
        print("load average (1, 5, 15 min) at end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
