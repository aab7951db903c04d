"""Many files → one dataset folder: workers, progress, resume by SHA-256, atomic exports."""

from __future__ import annotations

import glob
import hashlib
import multiprocessing
import os
import signal
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from vnplan.errors import VnplanError
from vnplan.worker import FILES_PER_WORKER, Outcome, init_worker, process_file, resident_bytes
from vnplan.output.jsonl import write_jsonl
from vnplan.output.marks import written_by_vnplan
from vnplan.output.store import Store
from vnplan.output.tabular import flatten, write_outputs
from vnplan.pipeline import DEFAULT_MAX_PAGES, DEFAULT_OCR_TIMEOUT, extractor_fingerprint

STORE_NAME = "vnplan.sqlite"
READABLE_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass
class Summary:
    found: int = 0
    read: int = 0
    unchanged: int = 0
    failed: list[Outcome] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path with the same bytes)
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
    # a page vnplan wrote (explain, report) is never a plan, wherever it was written
    return [found[k] for k in sorted(found) if not written_by_vnplan(found[k])]


def _inside(path: Path, folder: Path) -> bool:
    # realpath, not Path.resolve: a symlink loop must not stop the listing (it fails later, as one file)
    inner, outer = os.path.realpath(path), os.path.realpath(folder)
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_import(
    paths: Iterable[str],
    out: Path,
    *,
    workers: int = 1,
    force: bool = False,
    retry_failed: bool = False,
    max_pages: int = DEFAULT_MAX_PAGES,
    ocr_page_timeout: float = DEFAULT_OCR_TIMEOUT,
    max_memory_mb: int | None = None,
    scheduler: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    files: list[Path] | None = None,
) -> Summary:
    """Import every plan found under PATHS (or the FILES already listed from them) into OUT; skips
    sources already imported unchanged."""
    files = expand_paths(paths, exclude=out) if files is None else files
    summary = Summary(found=len(files))
    store = Store(out / STORE_NAME)
    try:
        todo: list[tuple[Path, str | None]] = []
        first_path: dict[str, Path] = {}
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
            if sha in first_path:  # the same bytes under another name: one plan, not two
                summary.duplicates.append((str(path), str(first_path[sha])))
                continue
            first_path[sha] = path
            status = store.status(sha, extractor_fingerprint())  # read by another vnplan: read again
            if not force and (status == "ok" or (status == "failed" and not retry_failed)):
                summary.unchanged += 1
                if status == "failed":
                    summary.failed.append(Outcome(str(path), sha, False, error="(failed before; not retried)"))
                continue
            todo.append((path, sha))
        if on_start:
            on_start(len(todo))
        if scheduler:
            outcomes = _run_dask(todo, scheduler, max_pages, ocr_page_timeout)
        else:
            outcomes = _run(todo, workers, max_pages, ocr_page_timeout, max_memory_mb)
        for outcome in outcomes:
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
        store.put_plan(outcome.record, seconds=outcome.seconds, extractor=extractor_fingerprint())
        summary.read += 1
        summary.pages += outcome.record["source"].get("pages") or 0
    else:
        store.put_error(path=outcome.path, sha256=outcome.sha256, error=outcome.error, stage=outcome.stage or "read",
                        seconds=outcome.seconds, extractor=extractor_fingerprint())
        summary.failed.append(outcome)


def _run(todo: list[tuple[Path, str | None]], workers: int, max_pages: int, ocr_page_timeout: float,
         max_memory_mb: int | None = None):
    if workers <= 1 and not max_memory_mb:
        for path, sha in todo:
            outcome = process_file(str(path), max_pages, ocr_page_timeout)
            outcome.sha256 = outcome.sha256 or sha
            yield outcome
        return
    queue = [(path, sha, 0) for path, sha in reversed(todo)]
    while queue:
        # spawn: a clean interpreter per worker (fork would copy the parent's state and threads)
        pool = ProcessPoolExecutor(max_workers=max(1, workers), mp_context=multiprocessing.get_context("spawn"),
                                   initializer=init_worker, max_tasks_per_child=FILES_PER_WORKER)
        watchdog = _MemoryWatchdog(pool, max_memory_mb) if max_memory_mb else None
        running: dict[Future, tuple[Path, str | None, int]] = {}
        broken = False
        try:
            while (queue or running) and not broken:
                while queue and len(running) < workers * 2:
                    path, sha, tries = queue.pop()
                    running[pool.submit(process_file, str(path), max_pages, ocr_page_timeout)] = (path, sha, tries)
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    path, sha, tries = running.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        broken = True
                        queue.append((path, sha, tries + 1))
                        continue
                    outcome.sha256 = outcome.sha256 or sha
                    yield outcome
        except BrokenProcessPool:
            broken = True
        finally:
            if watchdog:
                watchdog.stop()
            pool.shutdown(wait=False, cancel_futures=True)
        if broken:
            # A worker died (killed over the memory ceiling, or a crash in a library). Files in
            # flight go back in the queue once; a file that kills a worker twice is reported.
            queue.extend((path, sha, tries + 1) for path, sha, tries in running.values())
            retry = []
            for path, sha, tries in queue:
                if tries >= 2:
                    limit = f" over the {max_memory_mb} MiB memory ceiling" if watchdog and watchdog.killed else ""
                    yield Outcome(str(path), sha, False, stage="read",
                                  error=f"{path}: the worker reading this file died{limit} twice; "
                                        "import it alone (with a higher --max-memory) to see why.")
                else:
                    retry.append((path, sha, tries))
            queue = retry


class _MemoryWatchdog:
    """Kills a pool worker whose resident memory passes the ceiling (the pool then reports it broken)."""

    def __init__(self, pool: ProcessPoolExecutor, max_memory_mb: int, interval: float = 0.2):
        import threading

        self.pool, self.limit, self.interval, self.killed = pool, max_memory_mb * 1024 * 1024, interval, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            for pid in list(getattr(self.pool, "_processes", None) or {}):
                rss = resident_bytes(pid)
                if rss is not None and rss > self.limit:
                    self.killed = True
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


def _run_dask(todo: list[tuple[Path, str | None]], scheduler: str, max_pages: int, ocr_page_timeout: float):
    """The same per-file work on a Dask distributed cluster; workers need vnplan and Tesseract."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise VnplanError("--scheduler needs Dask distributed: pip install 'vnplan[cluster]'.") from exc
    client = scheduler if not isinstance(scheduler, str) else Client(scheduler)
    try:
        futures = {client.submit(process_file, str(path), max_pages, ocr_page_timeout, pure=False): (path, sha)
                   for path, sha in todo}
        for future in as_completed(futures):
            path, sha = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # a lost worker: this file fails, the batch goes on
                outcome = Outcome(str(path), sha, False, stage="internal",
                                  error=f"{path}: the cluster worker reading this file failed ({exc}); "
                                        "import it again with --retry-failed.")
            outcome.sha256 = outcome.sha256 or sha
            yield outcome
    finally:
        if isinstance(scheduler, str):
            client.close()


def export(store: Store, out: Path) -> None:
    """Write plans.jsonl, the CSVs, Parquet files, dataset.xlsx and errors.jsonl from the store, each atomically."""
    records = store.records()
    write_jsonl(out / "plans.jsonl", records)
    write_outputs(flatten(records), out)  # CSVs, Parquet files and dataset.xlsx
    write_jsonl(out / "errors.jsonl", store.errors())
