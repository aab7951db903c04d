"""vnplan against the libraries it rests on, measured alternately (A, B, A, B …) in one run:

- scans: `read_plan` on the scan fixtures ÷ Tesseract `vie` alone on the same page images
  (one `tesseract` process over a list of the images, psm 3, one thread);
- text PDFs: `read_plan` on the text-PDF fixtures ÷ pdfplumber alone (`extract_text` and
  `extract_tables` of every page);
- peak resident memory of the process that reads (a worker does the same work);
- the start of a worker (imports before the first file) and of `vnplan --help`.

Each side is a whole process, and each figure is the median of `--repeat` runs. Whole processes
include the imports, which on a handful of small fixtures weigh more than on a 48-page plan, so
the warm figure (time after the imports, as in a worker that serves many files) is printed too.
The machine may be shared: the load average is printed beside the figures.

Run `python bench/bench_pace.py [--repeat 3] [--dpi 200]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONHASHSEED": "0"}

# Runs in a child process: read the files, print the time after imports and the peak memory.
VNPLAN_CHILD = """
import resource, sys, time, json
started = time.perf_counter()
from vnplan.pipeline import read_plan
from vnplan.extract.read import read_document
import pdfplumber, pypdfium2  # imported lazily by the readers: counted with the imports, as for pdfplumber alone
imported = time.perf_counter()
run = read_plan if sys.argv[1] == "plan" else read_document
for path in sys.argv[2:]:
    run(path)
done = time.perf_counter()
print(json.dumps({"imports": imported - started, "work": done - imported,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PDFPLUMBER_CHILD = """
import resource, sys, time, json
started = time.perf_counter()
import pdfplumber
imported = time.perf_counter()
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
done = time.perf_counter()
print(json.dumps({"imports": imported - started, "work": done - imported,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# What a worker imports before its first file (process_file imports the pipeline), then what the
# first plan adds (spaCy, the lexicon patterns), on a small text plan.
START_CHILD = """
import json, sys, time
started = time.perf_counter()
from vnplan.worker import init_worker, process_file
init_worker()
import vnplan.pipeline
ready = time.perf_counter()
loaded = [m for m in ("spacy", "pandas", "pdfplumber", "pytesseract") if m in sys.modules]
process_file(sys.argv[1], 300, 180)
print(json.dumps({"start": ready - started, "first_file": time.perf_counter() - ready, "loaded": loaded}))
"""


def _fixtures() -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest_readers import ensure_fixtures

    return ensure_fixtures()


def _run(argv: list[str]) -> tuple[float, dict | None]:
    """Wall time of a whole process, and the JSON it printed last (if any)."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=ENV, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed: {done.stderr[-2000:]}")
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    try:
        return seconds, json.loads(last)
    except ValueError:
        return seconds, None


def page_images(scans: list[Path], folder: Path) -> list[Path]:
    """The scanned image of every page, written as PNG at its own resolution (what Tesseract gets)."""
    import pypdfium2 as pdfium

    images = []
    for scan in scans:
        pdf = pdfium.PdfDocument(str(scan))
        for n, page in enumerate(pdf):
            found = [obj for obj in page.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
            bitmap = found[0].get_bitmap(render=False).to_pil()
            out = folder / f"{scan.stem}_p{n + 1}.png"
            bitmap.save(out)
            images.append(out)
        pdf.close()
    return images


def alternate(a: list[str], b: list[str], repeat: int) -> tuple[list[tuple[float, dict | None]], list[tuple[float, dict | None]]]:
    runs_a, runs_b = [], []
    for _ in range(repeat):
        runs_a.append(_run(a))
        runs_b.append(_run(b))
    return runs_a, runs_b


def _median(values) -> float:
    return statistics.median(values)


def main(repeat: int | None = None, dpi: int | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dpi", type=int, default=200, help="which scan fixtures (150, 200 or 300)")
    args = parser.parse_args([] if repeat else None)
    repeat = repeat or args.repeat
    dpi = dpi or args.dpi
    generated = _fixtures()
    results: dict = {"load_before": os.getloadavg()[0]}

    scans = sorted(generated.glob(f"scan_*_{dpi}.pdf"))
    texts = sorted(generated.glob("plan_*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        images = page_images(scans, Path(tmp))
        listing = Path(tmp) / "pages.txt"
        listing.write_text("\n".join(str(p) for p in images) + "\n")
        tesseract = ["tesseract", str(listing), "stdout", "-l", "vie", "--psm", "3"]
        vn_scan = [PYTHON, "-c", VNPLAN_CHILD, "plan", *map(str, scans)]
        runs_v, runs_t = alternate(vn_scan, tesseract, repeat)
    scan_ratio = _median(s for s, _ in runs_v) / _median(s for s, _ in runs_t)
    scan_warm = _median(r["work"] for _, r in runs_v) / _median(s for s, _ in runs_t)
    results["scan"] = {
        "pages": len(images), "dpi": dpi,
        "vnplan_s": round(_median(s for s, _ in runs_v), 2),
        "tesseract_s": round(_median(s for s, _ in runs_t), 2),
        "ratio": round(scan_ratio, 3), "ratio_after_imports": round(scan_warm, 3),
        "peak_rss_mib": round(max(r["rss_mib"] for _, r in runs_v), 1),
    }
    print(f"scans ({len(images)} pages at {dpi} dpi): vnplan {results['scan']['vnplan_s']} s, tesseract vie "
          f"{results['scan']['tesseract_s']} s: ratio {scan_ratio:.2f} (after imports {scan_warm:.2f}; goal 1.2), "
          f"peak {results['scan']['peak_rss_mib']} MiB", flush=True)

    vn_text = [PYTHON, "-c", VNPLAN_CHILD, "plan", *map(str, texts)]
    vn_read = [PYTHON, "-c", VNPLAN_CHILD, "read", *map(str, texts)]
    plumber = [PYTHON, "-c", PDFPLUMBER_CHILD, *map(str, texts)]
    runs_v, runs_p, runs_r = [], [], []
    for _ in range(repeat):
        runs_v.append(_run(vn_text))
        runs_p.append(_run(plumber))
        runs_r.append(_run(vn_read))
    read_ratio = _median(r["work"] for _, r in runs_r) / _median(r["work"] for _, r in runs_p)
    text_ratio = _median(s for s, _ in runs_v) / _median(s for s, _ in runs_p)
    text_warm = _median(r["work"] for _, r in runs_v) / _median(r["work"] for _, r in runs_p)
    results["text_pdf"] = {
        "files": len(texts),
        "vnplan_s": round(_median(s for s, _ in runs_v), 2),
        "pdfplumber_s": round(_median(s for s, _ in runs_p), 2),
        "ratio": round(text_ratio, 3), "ratio_after_imports": round(text_warm, 3),
        "read_ratio_after_imports": round(read_ratio, 3),
        "vnplan_imports_s": round(_median(r["imports"] for _, r in runs_v), 2),
        "peak_rss_mib": round(max(r["rss_mib"] for _, r in runs_v), 1),
    }
    print(f"text PDFs ({len(texts)} files): vnplan {results['text_pdf']['vnplan_s']} s, pdfplumber "
          f"{results['text_pdf']['pdfplumber_s']} s: ratio {text_ratio:.2f} (after imports {text_warm:.2f}; "
          f"goal 1.1), peak {results['text_pdf']['peak_rss_mib']} MiB; reading alone (read_document) "
          f"{read_ratio:.2f} × pdfplumber", flush=True)

    sample = sorted((ROOT / "corpus" / "plans").glob("*.txt"))[0]
    starts = [_run([PYTHON, "-c", START_CHILD, str(sample)])[1] for _ in range(repeat)]
    helps = [_run([str(Path(PYTHON).parent / "vnplan"), "--help"])[0] for _ in range(repeat)]
    results["worker_start_s"] = round(_median(s["start"] for s in starts), 2)
    results["worker_first_plan_s"] = round(_median(s["first_file"] for s in starts), 2)
    results["worker_heavy_imports_at_start"] = starts[0]["loaded"]  # spaCy, pandas, … loaded before any file
    results["vnplan_help_s"] = round(_median(helps), 2)
    results["peak_worker_rss_mib"] = max(results["scan"]["peak_rss_mib"], results["text_pdf"]["peak_rss_mib"])
    results["load_after"] = os.getloadavg()[0]
    print(f"worker start {results['worker_start_s']} s (imports before the first file; the first plan adds "
          f"{results['worker_first_plan_s']} s, mostly importing spaCy; loaded at start: "
          f"{results['worker_heavy_imports_at_start'] or 'none of spaCy, pandas, pdfplumber, pytesseract'}), `vnplan --help` {results['vnplan_help_s']} s; "
          f"peak worker memory {results['peak_worker_rss_mib']} MiB (goal 300); load "
          f"{results['load_before']:.1f} → {results['load_after']:.1f} on {os.cpu_count()} cores")
    return results


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
