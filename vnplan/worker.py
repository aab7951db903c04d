"""What a worker process runs: one file → a plan record or an error sentence (kept light to start)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from vnplan.errors import VnplanError, message_of


@dataclass
class Outcome:
    path: str
    sha256: str | None
    ok: bool
    record: dict | None = None
    error: str | None = None
    stage: str | None = None
    seconds: float = 0.0


def resident_bytes(pid: int) -> int | None:
    """Resident memory of a process (Linux /proc), or None when it is gone or unreadable."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


# A worker is replaced after this many files, so memory cannot creep; each start costs a few
# seconds of imports (spaCy alone 2–3 s), so not too often.
FILES_PER_WORKER = 200


def init_worker() -> None:
    """Set up a worker process: one Tesseract thread, so parallel workers do not fight over cores."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def process_file(path: str, max_pages: int, ocr_page_timeout: float) -> Outcome:
    """Run in a worker: one file to a plan record or an error sentence. Never raises."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from vnplan.pipeline import read_plan

    started = time.perf_counter()
    try:
        plan = read_plan(path, max_pages=max_pages, ocr_page_timeout=ocr_page_timeout)
        return Outcome(path, plan.source.sha256, True, record=plan.model_dump(mode="json"),
                       seconds=time.perf_counter() - started)
    except MemoryError:
        return Outcome(path, None, False, stage="read", seconds=time.perf_counter() - started,
                       error=f"{path}: reading this file needed more memory than a worker may use; "
                             "import it alone with a higher --max-memory.")
    except VnplanError as exc:
        return Outcome(path, None, False, error=str(exc), stage=exc.stage, seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug must cost one file, not the batch; the message says so
        known = message_of(exc)  # deep nesting, an image bomb: a sentence, not "please report"
        if known:
            return Outcome(path, None, False, stage="read", error=f"{path}: {known}",
                           seconds=time.perf_counter() - started)
        return Outcome(path, None, False, stage="internal", seconds=time.perf_counter() - started,
                       error=f"{path}: vnplan failed on this file ({type(exc).__name__}: {exc}); "
                             "please report it with the file.")
