"""Task-row field accuracy on the varied generated tables (tests/fixtures/make_varied.py), per axis × format.

`python bench/bench_varied.py [--formats docx,pdf,scan] [--only name,name]`; documents are cached in
build/varied/ (delete it after changing the generator).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
sys.path.insert(0, str(ROOT / "tests"))

import make_varied  # noqa: E402

CACHE = ROOT / "build" / "varied"


def measure(formats=make_varied.FORMATS, only: set[str] | None = None, verbose: bool = False) -> dict:
    from vnplan.pipeline import read_plan

    results: dict[str, dict[str, float]] = {}
    for variant in make_varied.variants():
        if only and variant.name not in only:
            continue
        for fmt in formats:
            path = make_varied.build(variant, fmt, CACHE)
            started = time.perf_counter()
            try:
                record = read_plan(path).model_dump(mode="json")
                right, total, misses = make_varied.score(record, variant, fmt)
            except Exception as exc:  # a failed read scores 0 and says why
                right, total, misses = 0, 1, [f"{type(exc).__name__}: {exc}"]
            results.setdefault(variant.name, {})[fmt] = round(right / total, 3) if total else 1.0
            if verbose and misses:
                print(f"  {variant.name}/{fmt} ({time.perf_counter() - started:.1f}s):", *misses[:8], sep="\n    ")
    return results


def print_table(results: dict, formats) -> None:
    print(f"{'variant':24}" + "".join(f"{f:>8}" for f in formats))
    for name, by_fmt in results.items():
        print(f"{name:24}" + "".join(f"{by_fmt.get(f, float('nan')):8.3f}" for f in formats))
    for f in formats:
        values = [r[f] for r in results.values() if f in r]
        if values:
            print(f"{'min ' + f:24}{min(values):8.3f}   mean {sum(values) / len(values):.3f}")


def main(argv: list[str] | None = None) -> dict:
    argv = argv if argv is not None else []
    formats = make_varied.FORMATS
    only = None
    verbose = "-v" in argv
    for i, arg in enumerate(argv):
        if arg == "--formats":
            formats = tuple(argv[i + 1].split(","))
        if arg == "--only":
            only = set(argv[i + 1].split(","))
    results = measure(formats, only, verbose)
    print_table(results, formats)
    return {"varied": results}


if __name__ == "__main__":
    main(sys.argv[1:])
