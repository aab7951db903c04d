"""`vnplan import` end to end: dataset files, bad inputs in a batch, re-import idempotence, exit codes."""

import hashlib
import csv
import json
import shutil
import sqlite3

import pytest
from PIL import Image
from typer.testing import CliRunner

from vnplan.cli import app
from vnplan.output.atomic import atomic_open
from fixtures.make_bad_inputs import pdf_bytes
from gold import PLAN_DIR

runner = CliRunner()


@pytest.fixture()
def batch(tmp_path):
    """A folder with two good plans, an empty file, a JPEG that is not a plan and a truncated PDF."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("002_d3b5d457c192368c.txt", "004_be7d98821bed4f13.txt"):
        shutil.copy(PLAN_DIR / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    Image.effect_noise((400, 300), 64).convert("RGB").save(folder / "photo.jpg", quality=80)
    (folder / "cut.pdf").write_bytes(pdf_bytes(["Ke hoach cai cach hanh chinh"])[:180])
    return folder


def test_bad_files_become_error_lines_and_good_plans_land(batch, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["import", str(batch), "--out", str(out), "--workers", "1", "--quiet"])
    assert result.exit_code == 1, result.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(e["path"].rsplit("/", 1)[1] for e in errors) == ["cut.pdf", "empty.txt", "photo.jpg"]
    for error in errors:
        assert error["path"] in error["error"]  # the sentence names the file
        assert error["error"].endswith(".") and len(error["error"]) < 300
        assert error["stage"] in ("read", "parse")
    plans = [json.loads(line) for line in (out / "plans.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(p["document"]["issuer"] for p in plans) == ["UBND phường 2", "UBND phường Hoài Hảo"]


def test_csv_files_have_bom_and_one_row_per_record(batch, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["import", str(batch), "--out", str(out), "--workers", "1", "--quiet"])
    plans = [json.loads(line) for line in (out / "plans.jsonl").read_text(encoding="utf-8").splitlines()]
    for name, key in (("plans", None), ("tasks", "tasks"), ("targets", "targets"), ("indicators", "indicators")):
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        expected = len(plans) if key is None else sum(len(p[key]) for p in plans)
        assert len(rows) == expected, name
        assert all(r["plan_id"] for r in rows)


def test_reimport_leaves_store_counts_unchanged(batch, tmp_path):
    out = tmp_path / "out"
    args = ["import", str(batch), "--out", str(out), "--workers", "1", "--quiet"]
    runner.invoke(app, args)
    first = _counts(out / "vnplan.sqlite")
    runner.invoke(app, args)
    runner.invoke(app, args + ["--force"])
    assert _counts(out / "vnplan.sqlite") == first
    assert first["records"] == 2 and first["tasks"] > 20


def test_a_newer_vnplan_reads_unchanged_files_again(tmp_path):
    # a store written by another version of vnplan (another extractor, or none recorded: a store
    # from before the column existed) is refreshed; with the same version finished files are skipped
    from vnplan.batch import run_import

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(PLAN_DIR / "002_d3b5d457c192368c.txt", folder / "plan.txt")
    assert run_import([str(folder)], out).read == 1
    assert (run_import([str(folder)], out).read, run_import([str(folder)], out).unchanged) == (0, 1)
    with sqlite3.connect(out / "vnplan.sqlite") as db:
        db.execute("UPDATE sources SET extractor = NULL")
    again = run_import([str(folder)], out)
    assert (again.read, again.unchanged) == (1, 0)
    assert _counts(out / "vnplan.sqlite")["records"] == 1


def test_changed_file_replaces_its_rows(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    plan = folder / "plan.txt"
    plan.write_text((PLAN_DIR / "004_be7d98821bed4f13.txt").read_text(encoding="utf-8"), encoding="utf-8")
    runner.invoke(app, ["import", str(folder), "--out", str(out), "--quiet"])
    plan.write_text(plan.read_text(encoding="utf-8") + "\nGhi chú thêm.\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 0
    counts = _counts(out / "vnplan.sqlite")
    # the same path with new content: the new record replaces the old one (issue 18 #6: one plan per path)
    assert counts["records"] == 1 and counts["sources"] == 1
    lines = (out / "plans.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["source"]["sha256"] == hashlib.sha256(plan.read_bytes()).hexdigest()


def test_no_files_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["import", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2


def test_interrupted_write_keeps_previous_file(tmp_path):
    target = tmp_path / "plans.jsonl"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as handle:
            handle.write("half of a new file")
            raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plans.jsonl"]


def _counts(path):
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("sources", "records", "plans", "tasks", "targets", "indicators")}


def test_same_bytes_under_two_names_is_one_plan(tmp_path):
    from vnplan.batch import run_import

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PLAN_DIR / "002_d3b5d457c192368c.txt", folder / "a.txt")
    shutil.copy(PLAN_DIR / "002_d3b5d457c192368c.txt", folder / "b.txt")
    summary = run_import([str(folder)], tmp_path / "out")
    assert summary.read == 1 and summary.duplicates == [(str(folder / "b.txt"), str(folder / "a.txt"))]
    assert _counts(tmp_path / "out" / "vnplan.sqlite")["records"] == 1
