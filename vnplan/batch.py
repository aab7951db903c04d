"""Many files → one dataset folder: workers, progress, resume by SHA-256, atomic exports."""

from __future__ import annotations

import glob
import hashlib
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from vnplan.errors import VnplanError
from vnplan.output.jsonl import write_jsonl
from vnplan.output.store import Store
from vnplan.output.tabular import TABLES, flatten, write_csv
from vnplan.pipeline import DEFAULT_MAX_PAGES, DEFAULT_OCR_TIMEOUT

STORE_NAME = "vnplan.sqlite"
READABLE_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass
class Outcome:
    path: str
    sha256: str | None
    ok: bool
    record: dict | None = None
    error: str | None = None
    stage: str | None = None
    seconds: float = 0.0


@dataclass
class Summary:
    found: int = 0
    read: int = 0
    unchanged: int = 0
    failed: list[Outcome] = field(default_factory=list)
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def expand_paths(paths: Iterable[str], exclude: Path | None = None) -> list[Path]:
    """Files, folders (searched recursively for plan files) and glob patterns → sorted unique files."""
    found: dict[str, Path] = {}
    for given in paths:
        matches = [Path(p) for p in glob.glob(given, recursive=True)] if glob.has_magic(given) else [Path(given)]
        for match in matches:
            if match.is_dir():
                for root, dirs, files in os.walk(match, followlinks=False):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        candidate = Path(root) / name
                        if name.startswith(".") or (exclude and _inside(candidate, exclude)):
                            continue
                        found.setdefault(str(candidate), candidate)
            else:
                found.setdefault(str(match), match)
    return [found[k] for k in sorted(found)]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def process_file(path: str, max_pages: int, ocr_page_timeout: float) -> Outcome:
    """Run in a worker: one file to a plan record or an error sentence. Never raises."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread per worker process
    from vnplan.pipeline import read_plan

    started = time.perf_counter()
    try:
        plan = read_plan(path, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout)
        return Outcome(path, plan.source.sha256, True, record=plan.model_dump(mode="json"),
                       seconds=time.perf_counter() - started)
    except VnplanError as exc:
        return Outcome(path, None, False, error=str(exc), stage=exc.stage, seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug must cost one file, not the batch; the message says so
        return Outcome(path, None, False, stage="internal", seconds=time.perf_counter() - started,
                       error=f"{path}: vnplan failed on this file ({type(exc).__name__}: {exc}); "
                             "please report it with the file.")


def run_import(
    paths: Iterable[str],
    out: Path,
    *,
    workers: int = 1,
    force: bool = False,
    retry_failed: bool = True,
    max_pages: int = DEFAULT_MAX_PAGES,
    ocr_page_timeout: float = DEFAULT_OCR_TIMEOUT,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Import every plan found under PATHS into OUT; skips sources already imported unchanged."""
    files = expand_paths(paths, exclude=out)
    summary = Summary(found=len(files))
    store = Store(out / STORE_NAME)
    try:
        todo: list[tuple[Path, str | None]] = []
        for path in files:
            try:
                sha = file_sha256(path)
            except OSError as exc:
                outcome = Outcome(str(path), None, False, stage="read",
                                  error=f"{path}: the file cannot be opened ({exc.strerror or exc}); "
                                        "check the path and its permissions.")
                _record(store, summary, outcome)
                if on_done:
                    on_done(outcome)
                continue
            status = store.status(sha)
            if not force and (status == "ok" or (status == "failed" and not retry_failed)):
                summary.unchanged += 1
                if status == "failed":
                    summary.failed.append(Outcome(str(path), sha, False, error="(failed before; not retried)"))
                continue
            todo.append((path, sha))
        if on_start:
            on_start(len(todo))
        for outcome in _run(todo, workers, max_pages, ocr_page_timeout):
            _record(store, summary, outcome)
            if on_done:
                on_done(outcome)
        export(store, out)
        summary.counts = store.counts()
    finally:
        store.close()
    return summary


def _record(store: Store, summary: Summary, outcome: Outcome) -> None:
    if outcome.ok:
        store.put_plan(outcome.record, seconds=outcome.seconds)
        summary.read += 1
        summary.pages += outcome.record["source"].get("pages") or 0
    else:
        store.put_error(path=outcome.path, sha256=outcome.sha256, error=outcome.error, stage=outcome.stage or "read",
                        seconds=outcome.seconds)
        summary.failed.append(outcome)


def _run(todo: list[tuple[Path, str | None]], workers: int, max_pages: int, ocr_page_timeout: float):
    if workers <= 1 or len(todo) <= 1:
        for path, sha in todo:
            outcome = process_file(str(path), max_pages, ocr_page_timeout)
            outcome.sha256 = outcome.sha256 or sha
            yield outcome
        return
    queue = list(reversed(todo))
    while queue:
        pool = ProcessPoolExecutor(max_workers=workers)
        running: dict[Future, tuple[Path, str | None]] = {}
        try:
            while queue or running:
                while queue and len(running) < workers * 2:
                    path, sha = queue.pop()
                    running[pool.submit(process_file, str(path), max_pages, ocr_page_timeout)] = (path, sha)
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    path, sha = running.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        outcome = Outcome(str(path), sha, False, stage="internal",
                                          error=f"{path}: the worker reading this file died (out of memory or a "
                                                "crash in a library); import it alone to see why.")
                    outcome.sha256 = outcome.sha256 or sha
                    yield outcome
        except BrokenProcessPool:
            for path, sha in running.values():
                yield Outcome(str(path), sha, False, stage="internal",
                              error=f"{path}: the worker reading this file died; import it alone to see why.")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def export(store: Store, out: Path) -> None:
    """Write plans.jsonl, the four CSVs and errors.jsonl from the store, each atomically."""
    records = store.records()
    write_jsonl(out / "plans.jsonl", records)
    frames = flatten(records)
    for name in TABLES:
        write_csv(frames[name], out / f"{name}.csv")
    write_jsonl(out / "errors.jsonl", store.errors())
