"""`make bench`: every benchmark in bench/, figures printed and written to bench/results/latest.json."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ("bench_pace", "bench_repair", "bench_read", "bench_import", "bench_real", "bench_varied")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    sys.path.insert(0, str(HERE.parent / "tests"))
    results, failed = {}, []
    for name in BENCHES:
        if not (HERE / f"{name}.py").exists():
            continue
        print(f"\n== {name} ==", flush=True)
        started = time.perf_counter()
        try:
            figures = _load(name).main()
        except Exception:  # one broken bench must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
            continue
        results[name] = {"seconds": round(time.perf_counter() - started, 1), **(figures or {})}
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nfigures written to {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
