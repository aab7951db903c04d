"""Batch import figures: files and pages per second on 1 and 2 workers (text/DOCX/PDF and scans),
LocalCluster vs the local pool, and peak resident memory per worker over a long batch (flat).

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


def _fixtures() -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest_readers import ensure_fixtures

    return ensure_fixtures()


def make_batch(folder: Path, n_files: int, *, documents: bool = True) -> Path:
    """N_FILES copies of the sample plans (and, with DOCUMENTS, of the DOCX and text-PDF fixtures),
    each with a small edit of its own so that no two hash alike."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [(p.suffix, p.read_bytes()) for p in PLANS if not p.name.startswith("003")]
    if documents:
        generated = _fixtures()
        sources += [(p.suffix, p.read_bytes()) for p in sorted(generated.glob("plan_*.pdf"))]
        sources += [(p.suffix, p.read_bytes()) for p in sorted(generated.glob("plan_*.docx"))]
    for i in range(n_files):
        suffix, data = sources[i % len(sources)]
        if suffix == ".txt":
            data += f"\nBản số {i}.\n".encode("utf-8")
        elif suffix == ".pdf":
            data += f"\n% copy {i}\n".encode()  # a comment after %%EOF: still the same PDF
        else:
            data = _docx_with_note(data, i)
        (folder / f"plan_{i:04d}{suffix}").write_bytes(data)
    return folder


def _docx_with_note(data: bytes, i: int) -> bytes:
    """The same DOCX with the copy number in the zip comment (the document itself unchanged)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.comment = f"copy {i}".encode()
    return out.getvalue()


def scan_batch(folder: Path, n_files: int = 12) -> tuple[Path, int]:
    """N_FILES scans (the scan fixtures, two pages each, then copies with a trailing PDF comment):
    OCR-bound scaling, with an even count so the two workers finish together."""
    folder.mkdir(parents=True, exist_ok=True)
    scans = sorted(_fixtures().glob("scan_*.pdf"))
    for i in range(n_files):
        source = scans[i % len(scans)]
        data = source.read_bytes() + (f"\n% copy {i}\n".encode() if i >= len(scans) else b"")
        (folder / f"{i:02d}_{source.name}").write_bytes(data)
    return folder, n_files


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
        from vnplan.worker import resident_bytes

        while not self._stop.wait(self._interval):
            for pid in self._children():
                rss = resident_bytes(pid)
                if rss is not None:
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
        results.update(mixed_24_serial_s=round(one, 2), mixed_24_two_workers_s=round(two, 2),
                       mixed_files_per_s_1=round(24 / one, 2), mixed_files_per_s_2=round(24 / two, 2))
        print(f"text/DOCX/PDF plans, 24 files: 1 worker {24 / one:.2f} files/s, 2 workers {24 / two:.2f} files/s")

        scans, n_scans = scan_batch(Path(tmp) / "scans")
        scan_one, first = timed_import(scans, workers=1)
        scan_two, _ = timed_import(scans, workers=2)
        pages = first.pages or 2 * n_scans
        efficiency = scan_one / (2 * scan_two)
        results.update(scan_pages=pages, scan_pages_per_s_1=round(pages / scan_one, 3),
                       scan_pages_per_s_2=round(pages / scan_two, 3), scan_scaling_efficiency=round(efficiency, 3))
        print(f"scans, {pages} pages: 1 worker {pages / scan_one:.2f} pages/s, 2 workers {pages / scan_two:.2f} "
              f"pages/s, scaling efficiency {efficiency:.2f} (target 0.9)")
        try:
            import distributed

            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                          dashboard_address=None) as cluster:
                timed_import(small, scheduler=cluster.scheduler_address)  # warm the workers' imports
                cluster_s, _ = timed_import(small, scheduler=cluster.scheduler_address)
            warm_pool_s, _ = timed_import(small, workers=2)
            results.update(local_cluster_s=round(cluster_s, 2), cluster_vs_pool=round(cluster_s / warm_pool_s, 3))
            print(f"LocalCluster (2 workers) {cluster_s:.1f} s vs local pool {warm_pool_s:.1f} s: "
                  f"ratio {cluster_s / warm_pool_s:.2f} (target within 1.10)")
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
