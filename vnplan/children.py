"""Worker processes the parent keeps on a leash: one file at a time, a wall clock and a memory ceiling
per file, and death with the parent.

Each `Child` is a `python -m vnplan.children` process that reads one job at a time from its stdin and
writes the Outcome back on its original stdout (the worker points fd 1 at /dev/null for libraries
that print). The parent waits for the answer with `select`, polling the child's resident memory
(the child and the programs it runs, such as Tesseract) every tenth of a second: a child over the
ceiling or past the deadline is killed with its process group, and exactly its file is reported.
A child sets PR_SET_PDEATHSIG and watches its parent's pid, so no worker outlives a killed batch.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from dataclasses import dataclass

DEFAULT_FILE_TIMEOUT = 900.0  # seconds per file: a 100-page scan takes a few minutes on one core
STARTUP_TIMEOUT = 300.0  # seconds for a worker's imports (spaCy), even on a machine under heavy load
_HEADER = struct.Struct("!Q")


def machine_memory_mb() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") >> 20
    except (ValueError, OSError, AttributeError):
        return 4096


def default_memory_mb(workers: int) -> int:
    """The default ceiling per worker: 3/4 of the machine's memory shared by the workers, at least
    1 GiB (a worker with spaCy loaded uses about 150 MiB; a large scan page about 600 MiB)."""
    return max(1024, machine_memory_mb() * 3 // 4 // max(1, workers))


def tree_resident_bytes(pid: int) -> int:
    """Resident memory of a process and its descendants (Linux /proc); 0 when it is gone."""
    total, todo, seen = 0, [pid], set()
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * page
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(p) for p in handle.read().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


@dataclass
class Result:
    """What became of one job: 'ok' (outcome set), 'timeout', 'memory', 'crashed' or 'cancelled'."""

    kind: str
    outcome: object = None
    detail: str = ""


class Child:
    """One worker process serving one job at a time."""

    def __init__(self, files_per_child: int = 200):
        self.process: subprocess.Popen | None = None
        self.files_per_child = files_per_child
        self.served = 0

    def start(self) -> None:
        env = dict(os.environ, VNPLAN_PARENT=str(os.getpid()), OMP_THREAD_LIMIT="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "vnplan.children"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True, close_fds=True)
        self.served = 0
        # the worker says it is ready once its imports are done (seconds on a busy machine): the
        # clock of the first file starts then, not before
        ready, _, _ = select.select([self.process.stdout], [], [], STARTUP_TIMEOUT)
        if not ready or self.process.stdout.read(_HEADER.size) != _HEADER.pack(0):
            self.kill()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def run(self, job: tuple, *, timeout: float | None, max_bytes: int | None, cancel=None) -> Result:
        """Send JOB (the arguments of worker.process_file) and wait for its Outcome within the bounds;
        CANCEL (a threading.Event) set by the batch (Ctrl-C, an error) kills the child at once."""
        if not self.alive or self.served >= self.files_per_child:
            self.stop()
            self.start()
        if self.process is None:
            return Result("crashed", detail="the worker did not start")
        try:
            payload = pickle.dumps(job)
            self.process.stdin.write(_HEADER.pack(len(payload)) + payload)
            self.process.stdin.flush()
        except OSError:
            return self._crashed()
        self.served += 1
        started = time.monotonic()
        out = self.process.stdout
        while True:
            ready, _, _ = select.select([out], [], [], 0.1)
            if ready:
                answer = self._receive()
                return Result("ok", answer) if answer is not None else self._crashed()
            if cancel is not None and cancel.is_set():
                self.kill()
                return Result("cancelled")
            if timeout and time.monotonic() - started > timeout:
                self.kill()
                return Result("timeout", detail=f"{timeout:g}")
            if max_bytes:
                used = tree_resident_bytes(self.process.pid)
                if used > max_bytes:
                    self.kill()
                    return Result("memory", detail=f"{used >> 20}")
            if self.process.poll() is not None and not select.select([out], [], [], 0)[0]:
                return self._crashed()

    def _receive(self):
        out = self.process.stdout
        header = out.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return None
        body = out.read(_HEADER.unpack(header)[0])
        try:
            return pickle.loads(body)
        except Exception:
            return None

    def _crashed(self) -> Result:
        code = self.process.wait() if self.process else None
        self.stop()
        detail = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return Result("crashed", detail=detail)

    def kill(self) -> None:
        """Kill the child and everything it started (its own process group)."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        self.process.wait()
        self.stop()

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.process.stdin.close()  # end of jobs: the worker exits
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except OSError:
                    pass
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except (OSError, AttributeError):
                pass
        self.process = None


def serve() -> None:
    """The worker's side (python -m vnplan.children): die with the parent, then answer jobs until stdin ends."""
    die_with_parent()
    results = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # a library that prints must not corrupt the answers
    from vnplan.worker import init_worker, process_file

    init_worker()
    import vnplan.pipeline  # noqa: F401  (imports paid before the first file's clock starts)

    results.write(_HEADER.pack(0))  # ready
    results.flush()

    jobs = sys.stdin.buffer
    while True:
        header = jobs.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        job = pickle.loads(jobs.read(_HEADER.unpack(header)[0]))
        outcome = process_file(*job)
        payload = pickle.dumps(outcome)
        results.write(_HEADER.pack(len(payload)) + payload)
        results.flush()


def die_with_parent() -> None:
    """SIGKILL when the parent dies (Linux prctl), and a watchdog thread that checks the parent's pid
    (other systems, and the race where the parent died before prctl was called)."""
    import threading

    parent = int(os.environ.get("VNPLAN_PARENT") or os.getppid())
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(3)
            time.sleep(0.5)

    if os.getppid() != parent:
        os._exit(3)
    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":  # a bounded worker process (vnplan.worker holds what it does per file)
    serve()
