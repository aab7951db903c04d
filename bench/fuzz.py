"""Fuzzing at scale (issue 18 #7): N hypothesis examples per API function (default 100,000), then the
regex audit over every project pattern with all its attacks. `python bench/fuzz.py [N] [function …]`;
not part of `make bench` (hours of CPU at the default N). Prints one line per target."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

FUNCTIONS = ("parse_deadline", "find_targets", "code_owners", "repair")


def fuzz(name: str, examples: int) -> dict:
    from hypothesis import HealthCheck, given, settings

    from fuzz_targets import TEXT, YEAR, check_api

    count = 0

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(text=TEXT, start=YEAR, end=YEAR)
    def run(text, start, end):
        nonlocal count
        count += 1
        if count % 10_000 == 0:
            print(f"  {name}: {count} examples", flush=True)
        check_api(name, text, start, end)

    started = time.perf_counter()
    run()
    return {"examples": count, "seconds": round(time.perf_counter() - started, 1)}


def main() -> dict:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    names = sys.argv[2:] or FUNCTIONS
    results = {}
    for name in names:
        results[name] = fuzz(name, examples)
        print(f"{name}: {results[name]['examples']} examples without an exception or a slow case "
              f"in {results[name]['seconds']} s", flush=True)
    import regex_audit

    bad = regex_audit.audit()
    results["super_linear_regexes"] = len(bad)
    print(f"regex audit: {len(bad)} super-linear pattern(s)" + "".join(f"\n  {s[:120]!r}: {f[0]}" for s, f in bad.items()))
    return results


if __name__ == "__main__":
    main()
