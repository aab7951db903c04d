"""Build the repair model: OCR pairs from rendered clean plans → channel.json.gz; the administrative-text
corpus (corpus/text/admin_vi.txt.xz, without the documents held out in heldout_docs.tsv) and the clean
plans → lm.npz (a modified Kneser-Ney syllable trigram LM, unpruned); and
readings.json.gz: thorough candidates for every reading seen in the OCR pairs and for the readings the
channel most likely makes of the LM's syllables (so that the run-time search is rarely needed).

Run from the repository root: `python corpus/lm/build.py` (`--skip-ocr` reuses ocr_pairs.tsv.gz;
`--lm-only` retrains lm.npz (~30 s) and rewrites readings.json.gz (~5 min); `--readings-only` rewrites
readings.json.gz alone from the files in --out). Needs Tesseract with `eng` and the fonts of RENDERINGS
(Debian tesseract-ocr-eng, fonts-dejavu-core, fonts-liberation2, fonts-freefont-ttf); OCR of ~360
rendered pages takes ~15 min on 2 cores. Clean plans only: 003 is the damaged Nguyễn Giáp plan and is
never read here.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLANS = HERE.parent / "plans"
CLEAN_PLANS = ["000", "001", "002", "004"]
FONT_DIR = Path("/usr/share/fonts/truetype")
# (font file, pixel size at 300 dpi, downscale factor). Plans are set in Times New Roman 13–14 pt
# (Decree 30/2020 on administrative documents): Liberation Serif has its metrics and FreeSerif is
# close; both carry the Vietnamese glyphs (Debian fonts-liberation2, fonts-freefont-ttf). A
# downscale factor < 1 renders coarser and scales back up, like a 180 dpi scan.
RENDERINGS = [
    ("dejavu/DejaVuSerif.ttf", 38, 1.0),
    ("liberation2/LiberationSerif-Regular.ttf", 54, 0.6),
    ("liberation2/LiberationSerif-Regular.ttf", 40, 1.0),
    ("freefont/FreeSerif.ttf", 54, 1.0),
    ("freefont/FreeSerif.ttf", 54, 0.6),
]
PAGE_HEIGHT = 3508


def clean_plan_paths(exclude: tuple[str, ...] = ()) -> list[Path]:
    return [p for p in sorted(PLANS.glob("*.txt")) if p.name[:3] in CLEAN_PLANS and p.name[:3] not in exclude]


def wrapped_lines(path: Path, width: int = 80) -> list[str]:
    lines = []
    for paragraph in path.read_text(encoding="utf-8").splitlines():
        paragraph = " ".join(paragraph.split())
        if paragraph:
            lines.extend(textwrap.wrap(paragraph, width))
    return lines


def ocr_page(job: tuple[list[str], str, int, float]) -> list[tuple[str, str]]:
    """Render one page of clean lines and read it back with Tesseract `eng`; pair lines 1:1."""
    import pytesseract
    from PIL import Image, ImageDraw, ImageFont

    lines, font_name, size, scale = job
    font = ImageFont.truetype(str(FONT_DIR / font_name), size)
    image = Image.new("L", (2480, PAGE_HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((120, 150 + i * int(size * 1.7)), line, font=font, fill=0)
    if scale != 1.0:
        small = image.resize((int(2480 * scale), int(PAGE_HEIGHT * scale)), Image.BILINEAR)
        image = small.resize((2480, PAGE_HEIGHT), Image.BILINEAR)
    text = pytesseract.image_to_string(image, lang="eng", config="--psm 6")
    read = [line for line in text.splitlines() if line.strip()]
    if len(read) != len(lines):
        return align_lines(lines, read)
    return list(zip(lines, read))


def align_lines(clean: list[str], read: list[str]) -> list[tuple[str, str]]:
    """Pair lines when Tesseract merged or dropped some: keep pairs whose skeletons are close."""
    from rapidfuzz import fuzz
    from unidecode import unidecode

    pairs = []
    j = 0
    for line in clean:
        best, best_k = 0.0, None
        for k in range(j, min(j + 3, len(read))):
            score = fuzz.ratio(unidecode(line).lower(), unidecode(read[k]).lower())
            if score > best:
                best, best_k = score, k
        if best_k is not None and best >= 60:
            pairs.append((line, read[best_k]))
            j = best_k + 1
    return pairs


def make_ocr_pairs(out: Path, workers: int) -> None:
    jobs = []
    for path in clean_plan_paths():
        lines = wrapped_lines(path)
        for font_name, size, scale in RENDERINGS:
            if not (FONT_DIR / font_name).exists():
                print(f"skipping {font_name}: font not installed", file=sys.stderr)
                continue
            per_page = (PAGE_HEIGHT - 300) // int(size * 1.7)
            for start in range(0, len(lines), per_page):
                jobs.append((lines[start : start + per_page], font_name, size, scale))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    started = time.time()
    partial = out.with_suffix(".partial")
    with ProcessPoolExecutor(workers) as pool, gzip.open(partial, "wt", encoding="utf-8") as f:
        for n, pairs in enumerate(pool.map(ocr_page, jobs), 1):
            for clean, read in pairs:
                f.write(f"{clean}\t{read}\n")
            print(f"\rOCR page {n}/{len(jobs)} ({time.time() - started:.0f} s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    partial.replace(out)


# readings the channel is likely to make of each syllable the LM knows, precomputed as well: for each
# syllable its CHANNEL_READINGS most likely piece sequences within CHANNEL_MARGIN nats of the likeliest,
# with CHANNEL_KEEP candidates each (a reading seen in training keeps 40)
CHANNEL_READINGS = 50
CHANNEL_MARGIN = 10.0
CHANNEL_KEEP = 20


def channel_readings(channel, syllables) -> set[str]:
    """The likeliest ways the channel reads each syllable: 'của' → {'cua', 'ctia', 'cia', …}."""
    import heapq

    found: set[str] = set()
    for syllable in syllables:
        partial = {"": 0.0}
        for letter in syllable:
            table = channel.usable.get(letter) or {letter: 0.0}
            grown: dict[str, float] = {}
            for prefix, lp in partial.items():
                for piece, plp in table.items():
                    read, score = prefix + piece, lp + plp
                    if score > grown.get(read, -1e18):
                        grown[read] = score
            partial = dict(heapq.nlargest(CHANNEL_READINGS, grown.items(), key=lambda x: (x[1], x[0])))
        top = max(partial.values())
        found.update(read for read, lp in partial.items() if lp >= top - CHANNEL_MARGIN and read)
    return found


def write_readings(channel, pairs, lm, out: Path) -> None:
    """Thorough candidates for every token Tesseract produced in training, and for the readings the
    channel most likely makes of the LM's syllables: the run-time search is quick and only needed
    for readings never seen here."""
    import gzip as gz
    import json

    from vnplan.extract.repair.channel import Trie, candidates
    from vnplan.extract.repair.decode import names
    from vnplan.extract.repair.syllables import inventory, match_form, split_token

    trie = Trie(sorted(inventory() | names()))
    seen = sorted({match_form(split_token(p).core) for _, read in pairs for p in read.split()} - {""})
    seen = [r for r in seen if len(r) <= 10 and not r.isdigit() or len(r) <= 3]
    likely = sorted(channel_readings(channel, sorted(w for w in lm.vocab if w.isalpha())) - set(seen))
    started = time.time()
    table = {}
    reads = [(read, 40) for read in seen] + [(read, CHANNEL_KEEP) for read in likely]
    for n, (read, keep) in enumerate(reads, 1):
        table[read] = [(w, round(lp, 3)) for w, lp in candidates(channel, trie, read, thorough=True)[:keep]]
        if n % 200 == 0:
            print(f"\rreadings {n}/{len(reads)} ({time.time() - started:.0f} s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    with gz.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(table, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    print(f"readings: {len(seen)} seen in training, {len(likely)} likely from the LM's syllables")


CORPUS = HERE.parent / "text" / "admin_vi.txt.xz"
PLAN_WEIGHT = 2  # the clean plans count twice: the texts most like those repaired
# trigrams seen fewer times are pruned: 1 keeps all (715k trigrams, lm.npz 3.8 MB, +11 MiB loaded over
# pruning those seen once), measured better on every held-out set (003 gold 0.9751 → 0.9762, held-out
# stripped 0.9833 → 0.9838, Tesseract `eng` 0.9788 → 0.9793)
CUTOFF = 1


def train_corpus_lm():
    """The syllable LM: the administrative-text corpus without its held-out documents
    (corpus/lm/heldout_docs.tsv), the clean plans and the name list."""
    import lzma

    from heldout import read_list
    from vnplan.extract.repair.lm import train_lm
    from vnplan.extract.repair.syllables import name_list

    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    drop = set()
    for a, b in read_list():
        drop.update(range(a, b))
    texts = [line for i, line in enumerate(lines) if i not in drop]
    for path in clean_plan_paths():
        texts += path.read_text(encoding="utf-8").splitlines() * PLAN_WEIGHT
    texts += list(name_list())
    started = time.time()
    lm = train_lm(texts, cutoff=CUTOFF)
    print(f"lm: {len(lines) - len(drop)} corpus lines ({len(drop)} held out), {time.time() - started:.0f} s")
    return lm


def main() -> None:
    sys.path.insert(0, str(HERE.parent.parent))
    sys.path.insert(0, str(HERE))
    from vnplan.extract.repair.channel import learn_channel

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-ocr", action="store_true", help="reuse corpus/lm/ocr_pairs.tsv.gz")
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 1)))
    parser.add_argument("--out", type=Path, default=HERE, help="where the model files go (default: corpus/lm)")
    parser.add_argument("--lm-only", action="store_true",
                        help="only retrain lm.npz from the corpus and rewrite readings.json.gz (no OCR)")
    parser.add_argument("--readings-only", action="store_true",
                        help="only rewrite readings.json.gz from the channel, LM and OCR pairs in --out")
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.lm_only:
        lm = train_corpus_lm()
        lm.save(out / "lm.npz")
        print(f"lm: {lm.summary()}")
        args.readings_only = True
    if args.readings_only:
        from vnplan.extract.repair.channel import Channel
        from vnplan.extract.repair.lm import TrigramLM

        with gzip.open(out / "ocr_pairs.tsv.gz", "rt", encoding="utf-8") as f:
            pairs = [tuple(line.rstrip("\n").split("\t", 1)) for line in f if "\t" in line]
        write_readings(Channel.load(out / "channel.json.gz"), pairs, TrigramLM.load(out / "lm.npz"),
                       out / "readings.json.gz")
        return

    pairs_path = out / "ocr_pairs.tsv.gz"
    if not (args.skip_ocr and pairs_path.exists()):
        make_ocr_pairs(pairs_path, args.workers)
    with gzip.open(pairs_path, "rt", encoding="utf-8") as f:
        pairs = [tuple(line.rstrip("\n").split("\t", 1)) for line in f if "\t" in line]
    channel = learn_channel(pairs)
    channel.save(out / "channel.json.gz")
    print(f"channel: {len(pairs)} line pairs, {channel.summary()}")

    lm = train_corpus_lm()
    lm.save(out / "lm.npz")
    print(f"lm: {lm.summary()}")

    write_readings(channel, pairs, lm, out / "readings.json.gz")
    for path in sorted(out.glob("*.gz")):
        print(f"{path.name}: {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
