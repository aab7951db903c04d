"""Every regular expression vnplan runs on document text, attacked with repetitions of its own pieces.

`collect()` gathers the project's patterns three ways: compiled patterns held by any vnplan module
(module globals, and dicts, tuples and lists of them), patterns that lru-cached builders make from the
lexicons, and every pattern compiled while real plans and the API functions run (a hook on
`re._compile` records those whose caller is project code). `audit()` then times each pattern on
adversarial text — a piece of the pattern's own literals (or a space, a digit, a bracket) repeated
n and 4n times, with and without a character that makes the match fail at the end — and reports the
ones whose time grows faster than linearly. Time is compared as a ratio between the two sizes, with a
floor below which nothing is measured, so a loaded machine slows both sides alike.

Used by tests/test_regex_linear.py (a sample) and bench/fuzz.py (all of it).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_DIRS = tuple(str(ROOT / d) + "/" for d in ("extract", "normalize", "output", "vnplan", "models"))
PUMPS_ALWAYS = (" ", "a ", "a", "1", "1.", "1 ", "( a ", "(", ".", ", ", "- ", "\t", "\n", "%", "1%",
                "Đạt ", "năm 2025 ", "x/", "a/b ")
ENDINGS = ("", "x", "!", "\x00")


def _project_caller() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith(str(Path(re.__file__).parent)) and "regex_audit" not in name:
            return name.startswith(PROJECT_DIRS) or "/site-packages/vnplan" in name
        frame = frame.f_back
    return False


def collect(run_samples: bool = True) -> dict[tuple[str, int], re.Pattern]:
    """Every str pattern the project uses, by (source, flags)."""
    found: dict[tuple[str, int], re.Pattern] = {}

    def keep(value, depth=0) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found.setdefault((value.pattern, value.flags), value)
        elif depth < 2 and isinstance(value, dict):
            for item in value.values():
                keep(item, depth + 1)
        elif depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                keep(item, depth + 1)

    original = re._compile

    def recording(pattern, flags):
        compiled = original(pattern, flags)
        if isinstance(compiled, re.Pattern) and isinstance(compiled.pattern, str) and _project_caller():
            found.setdefault((compiled.pattern, compiled.flags), compiled)
        return compiled

    re._compile = recording
    try:
        modules = []
        import vnplan

        for package in ("vnplan", "vnplan.extract", "vnplan.normalize", "vnplan.output", "vnplan.models"):
            pkg = importlib.import_module(package)
            modules.append(pkg)
            for info in pkgutil.walk_packages(pkg.__path__, package + "."):
                if info.name.endswith(("cli", "__main__")):
                    continue
                try:
                    modules.append(importlib.import_module(info.name))
                except Exception:  # an optional dependency missing: that module's patterns are not ours to run
                    continue
        for module in modules:
            for name, value in list(vars(module).items()):
                keep(value)
                if callable(value) and hasattr(value, "cache_info") and getattr(value, "__module__", "").startswith(
                        "vnplan") and _takes_no_arguments(value):
                    try:
                        keep(value())
                    except Exception:
                        pass
        if run_samples:
            _run_samples()
        del vnplan
    finally:
        re._compile = original
    return found


def _takes_no_arguments(func) -> bool:
    import inspect

    try:
        return not [p for p in inspect.signature(func).parameters.values() if p.default is p.empty]
    except (TypeError, ValueError):
        return False


def _run_samples() -> None:
    """Real plans and the API functions, so patterns built inside functions are compiled (and recorded)."""
    from vnplan import api

    for path in sorted((ROOT / "corpus" / "plans").glob("00[124]_*.txt")):
        api.read_plan(path)
    for text in ("Quý IV năm 2024", "Tháng 6/2025", "Thường xuyên", "Trước ngày 31/12/2024"):
        api.parse_deadline(text, 2024, 2025)
    for text in ("Công chức VP-TK; các công chức chuyên môn", "UBND xã, MTTQ xã (phối hợp)"):
        api.code_owners(text)
    api.find_targets("Tỷ lệ hồ sơ trực tuyến đạt trên 90% năm 2025; (tối thiểu 80 %)", 2024, 2025)


def literals(pattern: str) -> list[str]:
    """The literal runs of a pattern's source (letters, digits, punctuation it names), de-duplicated."""
    pieces: list[str] = []
    try:
        from re import _parser as parser  # Python ≥ 3.11
    except ImportError:  # pragma: no cover
        import sre_parse as parser
    try:
        tree = parser.parse(pattern)
    except Exception:
        return pieces

    def walk(items) -> None:
        run = []
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                run.append(chr(arg))
                continue
            if run:
                pieces.append("".join(run))
                run = []
            if name in ("SUBPATTERN",):
                walk(arg[-1])
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(arg[2])
            elif name == "BRANCH":
                for branch in arg[1][:40]:
                    walk(branch)
            elif name in ("ASSERT", "ASSERT_NOT"):
                walk(arg[1])
            elif name == "ATOMIC_GROUP":
                walk(arg)
        if run:
            pieces.append("".join(run))

    walk(tree)
    seen, out = set(), []
    for piece in pieces:
        if piece.strip() and piece not in seen and len(piece) <= 40:
            seen.add(piece)
            out.append(piece)
    return out[:60]


def pumps(pattern: str) -> list[str]:
    """Strings to repeat: the pattern's own literals (alone, with a space, two in a row) and fixed ones."""
    words = literals(pattern)
    out = list(PUMPS_ALWAYS)
    for i, word in enumerate(words):
        out += [word, word + " "]
        if i + 1 < len(words):
            out.append(words[i] + " " + words[i + 1] + " ")
    return list(dict.fromkeys(out))


def _time(call, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        call(text)
        best = min(best, time.perf_counter() - started)
    return best


def super_linear(compiled: re.Pattern, *, size: int = 1000, floor: float = 0.01, ratio: float = 9.0,
                 endings=ENDINGS, prefixes=("", "a ", "(")) -> list[str]:
    """The attacks on which COMPILED grows faster than linearly: time(4n) > ratio × time(n) once
    time(4n) passes FLOOR seconds (linear is ×4, quadratic ×16). An exponential pattern never
    finishes: `audit` runs this in a child process and names the pattern when the child stalls."""
    calls = (compiled.search, lambda s: compiled.sub("", s), compiled.match)
    for pump in pumps(compiled.pattern):
        for ending in endings:
            for prefix in prefixes:
                reps = max(1, size // len(pump))
                small, big = prefix + pump * reps + ending, prefix + pump * (reps * 4) + ending
                for call in calls:
                    _report(f"{pump!r}×{reps}+{ending!r} (prefix {prefix!r})")
                    t_small = _time(call, small)
                    if t_small * 4 * ratio < floor:  # even quadratic growth would stay under the floor
                        continue
                    t_big = _time(call, big)
                    if t_big > floor and t_big > ratio * max(t_small, 1e-6):
                        return [f"{pump!r}×{reps}+{ending!r} (prefix {prefix!r}): "
                                f"{t_small * 1000:.1f} ms → {t_big * 1000:.1f} ms at ×4"]
    return []


_progress = None


def _report(attack: str) -> None:
    if _progress is not None:
        _progress.send(("attack", attack))


def audit(patterns: dict[tuple[str, int], re.Pattern] | None = None, *, stall: float = 5.0,
          **kwargs) -> dict[str, list[str]]:
    """{pattern source: [what made it super-linear]} for every pattern that is. Runs the attacks in a
    forked child that reports each step; a child silent for STALL seconds is stuck in an exponential
    match: it is killed, its pattern reported, and a new child goes on with the next pattern."""
    import multiprocessing

    patterns = collect() if patterns is None else patterns
    items = sorted(patterns.items())
    bad: dict[str, list[str]] = {}
    context = multiprocessing.get_context("fork")
    start = 0
    while start < len(items):
        parent, child = context.Pipe()
        process = context.Process(target=_audit_child, args=(items, start, child, kwargs), daemon=True)
        process.start()
        child.close()
        index, attack = start, ""
        while True:
            if not parent.poll(stall):
                process.kill()
                process.join()
                bad[items[index][0][0]] = [f"{attack}: no answer in {stall:.0f} s (exponential)"]
                start = index + 1
                break
            try:
                kind, value = parent.recv()
            except EOFError:
                process.join()
                start = len(items)
                break
            if kind == "pattern":
                index, attack = value, ""
            elif kind == "attack":
                attack = value
            elif kind == "bad":
                bad[items[index][0][0]] = value
            elif kind == "done":
                process.join()
                start = len(items)
                break
        parent.close()
    return bad


def _audit_child(items, start, pipe, kwargs) -> None:
    global _progress
    _progress = pipe
    for index in range(start, len(items)):
        pipe.send(("pattern", index))
        found = super_linear(items[index][1], **kwargs)
        if found:
            pipe.send(("bad", found))
    pipe.send(("done", None))


if __name__ == "__main__":
    pats = collect()
    print(f"{len(pats)} patterns")
    started = time.perf_counter()
    for source, found in audit(pats).items():
        print(f"SUPER-LINEAR {source[:160]!r}\n    {found[0]}")
    print(f"{time.perf_counter() - started:.1f}s")
