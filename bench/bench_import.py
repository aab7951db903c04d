"""Batch import figures: files and pages per second on 1 and 2 workers, LocalCluster vs the local
pool, and peak resident memory per worker over a long batch (it must stay flat).

Run `python bench/bench_import.py [N_FILES]` (default 200; BENCH_FILES in the environment too).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANS = sorted((ROOT / "corpus" / "plans").glob("*.txt"))


def make_batch(folder: Path, n_files: int) -> Path:
    """N_FILES copies of the sample plans, each with its own closing line so no two hash alike."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in PLANS if not p.name.startswith("003")]
    for i in range(n_files):
        (folder / f"plan_{i:04d}.txt").write_text(texts[i % len(texts)] + f"\nBản số {i}.\n", encoding="utf-8")
    return folder


class WorkerMemory:
    """Samples the resident memory of this process's children, tagged with the files done so far."""

    def __init__(self, interval: float = 0.25):
        self.samples: list[tuple[int, int, int]] = []  # (files done, pid, rss bytes)
        self.files_done = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._interval = interval

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _children(self) -> list[int]:
        me, pids = os.getpid(), []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as handle:
                        fields = handle.read().rsplit(")", 1)[1].split()
                    if int(fields[1]) == me:
                        pids.append(int(entry))
                except (OSError, IndexError, ValueError):
                    continue
        return pids

    def _run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.wait(self._interval):
            for pid in self._children():
                try:
                    with open(f"/proc/{pid}/statm") as handle:
                        rss = int(handle.read().split()[1]) * page
                except (OSError, ValueError, IndexError):
                    continue
                self.samples.append((self.files_done, pid, rss))

    def peak_between(self, start: int, end: int) -> float:
        values = [rss for done, _, rss in self.samples if start <= done < end]
        return max(values) / 2**20 if values else 0.0


def timed_import(folder: Path, **options) -> tuple[float, object]:
    from vnplan.batch import run_import

    out = Path(tempfile.mkdtemp(prefix="vnplan-bench-"))
    try:
        started = time.perf_counter()
        summary = run_import([str(folder)], out, **options)
        return time.perf_counter() - started, summary
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main(n_files: int | None = None) -> dict:
    n_files = n_files or int(os.environ.get("BENCH_FILES", "200"))
    results: dict = {"files": n_files}
    with tempfile.TemporaryDirectory() as tmp:
        small = make_batch(Path(tmp) / "small", 24)
        one, _ = timed_import(small, workers=1)
        two, _ = timed_import(small, workers=2)
        results.update(serial_s=round(one, 2), two_workers_s=round(two, 2),
                       files_per_s_1=round(24 / one, 2), files_per_s_2=round(24 / two, 2),
                       scaling_efficiency=round(one / (2 * two), 3))
        print(f"text plans, 24 files: 1 worker {24 / one:.2f} files/s, 2 workers {24 / two:.2f} files/s, "
              f"scaling efficiency {one / (2 * two):.2f}")
        try:
            import distributed

            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                          dashboard_address=None) as cluster:
                timed_import(small, scheduler=cluster.scheduler_address)  # warm the workers' imports
                cluster_s, _ = timed_import(small, scheduler=cluster.scheduler_address)
            results.update(local_cluster_s=round(cluster_s, 2), cluster_vs_pool=round(cluster_s / two, 3))
            print(f"LocalCluster (2 workers) {cluster_s:.1f} s vs local pool {two:.1f} s: ratio {cluster_s / two:.2f}")
        except ImportError:
            print("distributed not installed: LocalCluster figure skipped")

        big = make_batch(Path(tmp) / "big", n_files)
        from vnplan.batch import run_import

        out = Path(tmp) / "out"
        with WorkerMemory() as memory:
            def count(_outcome):
                memory.files_done += 1

            started = time.perf_counter()
            run_import([str(big)], out, workers=2, on_done=count)
            elapsed = time.perf_counter() - started
        tenth = max(1, n_files // 10)
        early, late = memory.peak_between(0, tenth), memory.peak_between(tenth, n_files + 1)
        results.update(batch_s=round(elapsed, 1), batch_files_per_s=round(n_files / elapsed, 2),
                       peak_worker_rss_mib_first_tenth=round(early, 1),
                       peak_worker_rss_mib_rest=round(late, 1))
        print(f"{n_files} files on 2 workers: {n_files / elapsed:.2f} files/s; peak worker RSS "
              f"{early:.0f} MiB in the first tenth, {late:.0f} MiB after (limit 500, must stay flat)")
    return results


if __name__ == "__main__":
    figures = main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(json.dumps(figures, indent=2))
