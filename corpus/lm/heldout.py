"""Whole documents of the text corpus held out of the language model, for measuring repair on text it
never saw: writes tests/fixtures/repair_heldout/doc_NN.txt (one held-out document each) and
corpus/lm/heldout_docs.tsv (which lines of corpus/text/admin_vi.txt.xz they are).

Documents: the corpus keeps its source files in order, one paragraph per line. An official document
opens with its number line "Số: 471/QĐ-UBND" (the issuer's line in capitals just before it belongs to
it) and runs to the next number line. Held out: every STRIDE-th official document (the first 38,000
lines are the official documents; the quoted-law passages after them carry no document boundaries)
with a real number, 15–200 lines and 400–4,000 tokens. corpus/lm/build.py leaves these line ranges
out of the LM.

Run from the repository root: `python corpus/lm/heldout.py` (a second or two); `--ocr` also writes
tests/fixtures/repair_heldout/ocr_pairs.tsv: the first OCR_LINES lines of each held-out document
rendered and read back by Tesseract `eng` exactly as build.py makes its training pairs (renderings
OCR_RENDERINGS of build.RENDERINGS), as rows file<TAB>rendering<TAB>printed<TAB>read (a few minutes).
"""

from __future__ import annotations

import lzma
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = ROOT / "corpus" / "text" / "admin_vi.txt.xz"
LIST = HERE / "heldout_docs.tsv"
FIXTURES = ROOT / "tests" / "fixtures" / "repair_heldout"
OFFICIAL_LINES = 38000
STRIDE = 14
_NUMBER_LINE = re.compile(r"Số: ?\d")


def corpus_lines() -> list[str]:
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        return f.read().split("\n")


def documents(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, end line) of each official document: from its number line (with the issuer's
    line in capitals before it) to the next number line."""
    starts = [i for i, line in enumerate(lines[:OFFICIAL_LINES]) if line.startswith("Số:")]
    docs = []
    for a, b in zip(starts, starts[1:] + [OFFICIAL_LINES]):
        docs.append((a - 1 if a > 0 and lines[a - 1].isupper() else a, b))
    return docs


def held_out(lines: list[str]) -> list[tuple[int, int]]:
    eligible = [(a, b) for a, b in documents(lines)
                if any(_NUMBER_LINE.match(line) for line in lines[a:a + 2]) and 15 <= b - a <= 200
                and 400 <= sum(len(line.split()) for line in lines[a:b]) <= 4000]
    return eligible[STRIDE // 2::STRIDE]


def read_list() -> list[tuple[int, int]]:
    """The held-out line ranges written by main()."""
    rows = [line.split("\t") for line in LIST.read_text(encoding="utf-8").splitlines()[1:] if line]
    return [(int(r[1]), int(r[2])) for r in rows]


OCR_LINES = 40
OCR_RENDERINGS = (1, 3)


def make_ocr_pairs(workers: int) -> None:
    import os
    import sys
    from concurrent.futures import ProcessPoolExecutor

    sys.path.insert(0, str(HERE))
    import build

    jobs, labels = [], []
    for path in sorted(FIXTURES.glob("doc_*.txt")):
        lines = build.wrapped_lines(path)[:OCR_LINES]
        for r in OCR_RENDERINGS:
            font_name, size, scale = build.RENDERINGS[r]
            per_page = (build.PAGE_HEIGHT - 300) // int(size * 1.7)
            for start in range(0, len(lines), per_page):
                jobs.append((lines[start:start + per_page], font_name, size, scale))
                labels.append((path.name, r))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    rows = []
    with ProcessPoolExecutor(workers) as pool:
        for (name, r), pairs in zip(labels, pool.map(build.ocr_page, jobs)):
            rows.extend(f"{name}\t{r}\t{printed}\t{read.replace(chr(9), ' ')}\n" for printed, read in pairs)
    (FIXTURES / "ocr_pairs.tsv").write_text("".join(rows), encoding="utf-8")
    print(f"{len(rows)} OCR line pairs from {len(jobs)} pages")


def main() -> None:
    import sys

    if "--ocr" in sys.argv:
        make_ocr_pairs(workers=1)
        return
    lines = corpus_lines()
    docs = held_out(lines)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    rows = ["file\tfirst_line\tend_line\ttokens\topening"]
    for n, (a, b) in enumerate(docs):
        name = f"doc_{n:02d}.txt"
        (FIXTURES / name).write_text("\n".join(lines[a:b]) + "\n", encoding="utf-8")
        tokens = sum(len(line.split()) for line in lines[a:b])
        rows.append(f"{name}\t{a}\t{b}\t{tokens}\t{' / '.join(lines[a:a + 2])[:100]}")
    LIST.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(docs)} documents held out, {sum(b - a for a, b in docs)} lines → {FIXTURES}")


if __name__ == "__main__":
    main()
