"""Many files → one dataset folder: workers, progress, resume by SHA-256, atomic exports."""

from __future__ import annotations

import glob
import hashlib
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from vnplan.extract.limits import MAX_FILE_BYTES
from vnplan.children import DEFAULT_FILE_TIMEOUT, Child, default_memory_mb
from vnplan.errors import UsageError, VnplanError, readable
from vnplan.output.atomic import clean_stale
from vnplan.worker import FILES_PER_WORKER, Outcome
from vnplan.output.jsonl import write_jsonl
from vnplan.output.marks import GENERATOR_META
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
    incomplete: list[Outcome] = field(default_factory=list)  # imported with pages left out
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path with the same bytes)
    skipped: list[str] = field(default_factory=list)  # vnplan's own outputs and store folders, never plans
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.incomplete else 0


def expand_paths(paths: Iterable[str], exclude: Path | None = None, skipped: list[str] | None = None) -> list[Path]:
    """Files, folders (searched recursively for plan files) and glob patterns → sorted unique files.

    A folder that holds a vnplan store (an earlier --out) and files vnplan wrote are left out (and
    named in SKIPPED): the dataset is never read back as plans."""
    found: dict[str, Path] = {}
    skipped = [] if skipped is None else skipped
    for given in paths:
        matches = [Path(p) for p in glob.glob(given, recursive=True)] if glob.has_magic(given) else [Path(given)]
        for match in matches:
            if match.is_dir():
                for root, dirs, files in os.walk(match, followlinks=False):
                    if STORE_NAME in files:
                        skipped.append(root)
                        dirs[:] = []
                        continue
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        candidate = Path(root) / name
                        if name.startswith(".") or (exclude and _inside(candidate, exclude)):
                            continue
                        if is_own_output(candidate):
                            skipped.append(str(candidate))
                            continue
                        found.setdefault(str(candidate), candidate)
            elif is_own_output(match):  # named on its own: an export or a page vnplan wrote
                skipped.append(str(match))
            else:
                found.setdefault(str(match), match)
    return [found[k] for k in sorted(found)]


# How vnplan's exports begin: JSON Lines of plan records or error lines, the flat CSVs (with the BOM
# Excel wants), the SQLite store, and HTML pages marked with vnplan as their generator.
_OWN_HEADS = (b'{"plan_id": ', b'{"schema_version": ', b'{"path": ', b"\xef\xbb\xbfplan_id,", b"plan_id,")


def is_own_output(path: Path) -> bool:
    """Whether PATH is a file vnplan wrote (an export copied or left inside an input folder)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if head.startswith(b"SQLite format 3\x00"):
        try:
            with sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro", uri=True) as db:
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return {"sources", "records"} <= tables
        except sqlite3.Error:
            return False
    if head.startswith(_OWN_HEADS):
        return True
    return GENERATOR_META.encode() in head  # a page vnplan wrote (explain, report)


def _special(path: Path) -> str | None:
    """A sentence when PATH is not a regular file (a FIFO, a device, a link to one): hashing it would hang."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # reported when it is opened
    if stat.S_ISREG(mode):
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:  # said before hashing: a 2 GB file is not read to say so
            return (f"{path}: the file is too large for a plan ({size >> 20} MB, the limit is {MAX_FILE_BYTES >> 20} "
                    "MB); check that it is the right file.")
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"{path}: this is {kind}, not a file; vnplan reads only regular files, so it was skipped."


def check_out(out: Path) -> None:
    """A sentence (UsageError, exit 2) when OUT cannot hold the dataset: a file, under a file, read-only."""
    for parent in [out, *out.parents]:
        if parent.exists():
            if not parent.is_dir():
                where = "is a file" if parent == out else f"is under a file ({readable(str(parent))})"
                raise UsageError(f"--out {readable(str(out))} {where}; give a folder for the dataset.")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise UsageError(f"--out {readable(str(out))}: the folder {readable(str(parent))} is not writable; "
                                 "give a folder you can write to.")
            break
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {readable(str(out))}: the folder cannot be created ({exc.strerror or exc}); "
                         "give a folder you can write to.") from None


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
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT,
    scheduler: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    files: list[Path] | None = None,
    skipped: list[str] | None = None,
) -> Summary:
    """Import every plan found under PATHS (or the FILES already listed from them, with what that
    listing SKIPPED) into OUT; skips sources already imported unchanged."""
    check_out(out)
    skipped = [] if skipped is None else skipped  # what the listing of FILES left out, when given
    files = expand_paths(paths, exclude=out, skipped=skipped) if files is None else files
    summary = Summary(found=len(files), skipped=skipped)
    clean_stale(out)  # exports half-written by a run that was killed
    try:
        store = Store(out / STORE_NAME)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise UsageError(f"--out {readable(str(out))}: {STORE_NAME} there is not a vnplan store ({exc}); give "
                             "another folder or move that file away.") from None
        raise VnplanError(f"{readable(str(out))}: the dataset store could not be written ({exc}); the previous "
                          "exports are kept, so free some space and run the import again.") from None
    try:
        todo: list[tuple[Path, str | None]] = []
        first_path: dict[str, Path] = {}
        for path in files:
            special = _special(path)
            if special:
                outcome = Outcome(str(path), None, False, stage="read", error=special)
                _record(store, summary, outcome)
                if on_done:
                    on_done(outcome)
                continue
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
            if not force and (status == "ok" or (status in ("failed", "incomplete") and not retry_failed)):
                summary.unchanged += 1
                if status == "failed":
                    summary.failed.append(Outcome(str(path), sha, False, error="(failed before; not retried)"))
                elif status == "incomplete":
                    summary.incomplete.append(Outcome(str(path), sha, True,
                                                      error="(pages left out before; not retried)"))
                continue
            todo.append((path, sha))
        if on_start:
            on_start(len(todo))
        if scheduler:
            outcomes = _run_dask(todo, scheduler, max_pages, ocr_page_timeout, max_memory_mb, file_timeout)
        else:
            outcomes = _run(todo, workers, max_pages, ocr_page_timeout, max_memory_mb, file_timeout)
        failed_now: dict[str, Outcome] = {}
        for outcome in outcomes:
            given = str(outcome.path)
            _record(store, summary, outcome)
            if not outcome.ok:
                failed_now[given] = outcome
            if on_done:
                on_done(outcome)
        _fail_duplicates(store, summary, failed_now, first_path, on_done)
        export(store, out)
        summary.counts = store.counts()
    except (OSError, sqlite3.Error) as exc:  # a full disk, a folder gone: the files written before stay whole
        raise VnplanError(f"{readable(str(out))}: the dataset could not be written "
                          f"({getattr(exc, 'strerror', None) or exc}); the previous exports are kept and the store "
                          "is intact, so free some space and run the import again.") from None
    finally:
        store.close()
    return summary


def _fail_duplicates(store: Store, summary: Summary, failed_now: dict[str, Outcome], first_path: dict,
                     on_done) -> None:
    """A file with the same bytes as one that failed fails too, with its own line: seven empty files
    are seven errors, not one error and six duplicates."""
    sha_of = {str(p): sha for sha, p in first_path.items()}
    for dup, first in summary.duplicates:
        original = failed_now.get(first)
        if original is None and store.status(sha_of.get(first, "")) != "failed":
            continue
        error = original.error if original else ""
        reason = error[len(readable(first)) + 2:] if error.startswith(readable(first) + ": ") else \
            f"it has the same bytes as {first}, which could not be read."
        outcome = Outcome(dup, sha_of.get(first), False, stage=original.stage if original else "read",
                          error=f"{dup}: {reason}")
        _record(store, summary, outcome)
        if on_done:
            on_done(outcome)


def _record(store: Store, summary: Summary, outcome: Outcome) -> None:
    # a file name of any bytes is stored readably ("k\\xe9.txt"), never as a lone surrogate
    outcome.path = readable(outcome.path)
    outcome.error = readable(outcome.error) if outcome.error else outcome.error
    if outcome.record:
        outcome.record = _readable_record(outcome.record)
    if outcome.ok:
        left_out = outcome.record["source"].get("pages_left_out") or []
        if left_out:
            outcome.error = (f"{outcome.path}: OCR of page(s) {', '.join(map(str, left_out))} did not finish within "
                             "the time allowed a page (--ocr-timeout), so the plan was imported without their text; "
                             "import it again with a larger --ocr-timeout and --retry-failed.")
            outcome.stage = "ocr"
            summary.incomplete.append(outcome)
        store.put_plan(outcome.record, seconds=outcome.seconds, extractor=extractor_fingerprint(),
                       problem=outcome.error if left_out else None, stage=outcome.stage)
        summary.read += 1
        summary.pages += outcome.record["source"].get("pages") or 0
    else:
        store.put_error(path=outcome.path, sha256=outcome.sha256, error=outcome.error, stage=outcome.stage or "read",
                        seconds=outcome.seconds, extractor=extractor_fingerprint())
        summary.failed.append(outcome)


def _run(todo: list[tuple[Path, str | None]], workers: int, max_pages: int, ocr_page_timeout: float,
         max_memory_mb: int | None = None, file_timeout: float | None = DEFAULT_FILE_TIMEOUT):
    """Each file in a bounded worker process (vnplan.children): WORKERS of them, each serving one
    file at a time, so that a file that hangs, crashes or eats memory is the one reported."""
    import queue as queues
    import threading

    jobs: queues.Queue = queues.Queue()
    for path, sha in todo:
        jobs.put((path, sha))
    answers: queues.Queue = queues.Queue()
    stop = threading.Event()
    max_bytes = (max_memory_mb or default_memory_mb(workers)) << 20

    def serve() -> None:
        child = Child(FILES_PER_WORKER)
        try:
            while not stop.is_set():
                try:
                    path, sha = jobs.get_nowait()
                except queues.Empty:
                    return
                outcome = _bounded(child, path, sha, max_pages, ocr_page_timeout, file_timeout, max_bytes, stop)
                if outcome is not None:
                    answers.put(outcome)
        finally:
            child.stop()
            answers.put(None)

    threads = [threading.Thread(target=serve, daemon=True) for _ in range(max(1, min(workers, len(todo))))]
    for thread in threads:
        thread.start()
    running = len(threads)
    try:
        while running:
            outcome = answers.get()
            if outcome is None:
                running -= 1
            else:
                yield outcome
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _bounded(child, path, sha, max_pages, ocr_page_timeout, file_timeout, max_bytes, cancel=None) -> Outcome | None:
    """One file in CHILD within the bounds; a crash is retried once in a fresh worker. None when the
    batch was cancelled (the file stays unread, for the next run)."""
    for attempt in (1, 2):
        result = child.run((str(path), max_pages, ocr_page_timeout), timeout=file_timeout, max_bytes=max_bytes,
                           cancel=cancel)
        if result.kind == "cancelled":
            return None
        if result.kind == "ok":
            outcome = result.outcome
            outcome.sha256 = outcome.sha256 or sha
            return outcome
        if result.kind == "timeout":
            error = (f"{path}: reading this file took longer than the {result.detail}-second limit per file "
                     "(--file-timeout), so it was stopped; if it is a long scan, import it with a higher "
                     "--file-timeout.")
            break
        if result.kind == "memory":
            error = (f"{path}: reading this file needed more than the {max_bytes >> 20} MiB memory ceiling per "
                     f"worker ({result.detail} MiB, --max-memory), so it was stopped; check the file or import "
                     "it alone with a higher --max-memory.")
            break
        error = (f"{path}: the worker reading this file crashed twice ({result.detail}); the file is "
                 "probably damaged, so open and save it again.")
    return Outcome(str(path), sha, False, stage="read", error=error)


def bounded_process_file(path: str, max_pages: int, ocr_page_timeout: float, file_timeout: float | None,
                         max_memory_mb: int | None) -> Outcome:
    """What a Dask task runs: the file in a bounded child process of the Dask worker (one per worker
    thread, kept between tasks), with the same limits as the local pool."""
    child = getattr(_DASK_CHILD, "child", None)
    if child is None:
        child = _DASK_CHILD.child = Child(FILES_PER_WORKER)
    max_bytes = (max_memory_mb or default_memory_mb(os.cpu_count() or 1)) << 20
    return _bounded(child, path, None, max_pages, ocr_page_timeout, file_timeout, max_bytes)


_DASK_CHILD = __import__("threading").local()


def _run_dask(todo: list[tuple[Path, str | None]], scheduler, max_pages: int, ocr_page_timeout: float,
              max_memory_mb: int | None = None, file_timeout: float | None = DEFAULT_FILE_TIMEOUT):
    """The same per-file work on a Dask distributed cluster; workers need vnplan and Tesseract. Paths
    go to the workers absolute (a worker's working directory is not ours) and come back as given."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise UsageError("--scheduler needs Dask distributed: pip install 'vnplan[cluster]'.") from exc
    if isinstance(scheduler, str):
        try:
            client = Client(scheduler, timeout=10)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}); check the "
                             "address and that the scheduler is running.") from None
    else:
        client = scheduler
    try:
        futures = {client.submit(bounded_process_file, os.path.abspath(path), max_pages, ocr_page_timeout,
                                 file_timeout, max_memory_mb, pure=False): (path, sha)
                   for path, sha in todo}
        for future in as_completed(futures):
            path, sha = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # a lost worker: this file fails, the batch goes on
                outcome = Outcome(str(path), sha, False, stage="internal",
                                  error=f"{path}: the cluster worker reading this file failed ({exc}); "
                                        "import it again with --retry-failed.")
            _as_given(outcome, str(path))
            outcome.sha256 = outcome.sha256 or sha
            yield outcome
    finally:
        if isinstance(scheduler, str):
            client.close()


def _as_given(outcome: Outcome, given: str) -> None:
    """Put back the path as the user gave it where the worker saw the absolute one."""
    absolute = outcome.path
    if absolute == given:
        return
    outcome.path = given
    if outcome.record:
        outcome.record["source"]["path"] = given
    if outcome.error and outcome.error.startswith(absolute):
        outcome.error = given + outcome.error[len(absolute):]


def _readable_record(value):
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, dict):
        return {k: _readable_record(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_readable_record(v) for v in value]
    return value


def export(store: Store, out: Path) -> None:
    """Write plans.jsonl, the CSVs, Parquet files, dataset.xlsx and errors.jsonl from the store, each atomically."""
    records = store.records()
    write_jsonl(out / "plans.jsonl", records)
    write_outputs(flatten(records), out)  # CSVs, Parquet files and dataset.xlsx
    write_jsonl(out / "errors.jsonl", store.errors())
