"""Batches: parallel workers, a Dask LocalCluster and a kill -9 mid-batch all give the same dataset."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from vnplan.batch import run_import
from gold import PLAN_DIR

SOURCES = ["002_d3b5d457c192368c.txt", "004_be7d98821bed4f13.txt"]


def _make_inputs(folder, copies):
    """COPIES plan files, each with its own closing line so that no two hash alike."""
    folder.mkdir()
    texts = [(PLAN_DIR / name).read_text(encoding="utf-8") for name in SOURCES]
    for i in range(copies):
        (folder / f"plan_{i:03d}.txt").write_text(texts[i % len(texts)] + f"\nBản sao số {i}.\n", encoding="utf-8")
    return folder


def _dataset(out):
    lines = sorted((out / "plans.jsonl").read_text(encoding="utf-8").splitlines())
    with sqlite3.connect(out / "vnplan.sqlite") as db:
        counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("sources", "records", "plans", "tasks", "targets", "indicators")}
    return lines, counts


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return _make_inputs(tmp_path_factory.mktemp("batch") / "in", 6)


@pytest.fixture(scope="module")
def serial(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    summary = run_import([str(inputs)], out, workers=1)
    assert summary.read == 6 and not summary.failed
    return _dataset(out)


def test_two_workers_give_the_same_dataset(inputs, serial, tmp_path):
    summary = run_import([str(inputs)], tmp_path, workers=2)
    assert summary.read == 6
    assert _dataset(tmp_path) == serial


def test_local_cluster_gives_the_same_dataset(inputs, serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = run_import([str(inputs)], tmp_path, scheduler=cluster.scheduler_address)
    assert summary.read == 6 and not summary.failed
    assert _dataset(tmp_path) == serial


def test_kill_9_then_rerun_gives_the_uninterrupted_dataset(tmp_path):
    inputs = _make_inputs(tmp_path / "in", 16)
    whole = tmp_path / "whole"
    run_import([str(inputs)], whole, workers=1)
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "vnplan.cli", "import", str(inputs), "--out", str(out), "-w", "1", "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if _stored(out) >= 3:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the batch ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 3 <= _stored(out) < 16
    summary = run_import([str(inputs)], out, workers=1)
    assert summary.unchanged >= 3 and summary.read == 16 - summary.unchanged
    assert _dataset(out) == _dataset(whole)


def test_worker_over_memory_ceiling_is_killed_and_its_files_reported(inputs, tmp_path):
    # a ceiling below what any worker needs: every file is tried twice, then reported; the batch ends
    summary = run_import([str(inputs)], tmp_path, workers=2, max_memory_mb=30)
    assert len(summary.failed) == 6 and summary.read == 0
    errors = (tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 6 and all("30 MiB memory ceiling" in line for line in errors)


def test_memory_ceiling_above_need_changes_nothing(inputs, serial, tmp_path):
    summary = run_import([str(inputs)], tmp_path, workers=2, max_memory_mb=2000)
    assert summary.read == 6
    assert _dataset(tmp_path) == serial


def _stored(out):
    try:
        with sqlite3.connect(out / "vnplan.sqlite", timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM sources WHERE status = 'ok'").fetchone()[0]
    except sqlite3.Error:
        return 0
