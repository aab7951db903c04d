"""The command line as a script sees it: --version, import --json, value types in words, exit codes
0/1/2 alike across commands, option values checked, and pages vnplan wrote never imported."""

import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from vnplan.cli import app
from gold import PLAN_DIR

runner = CliRunner()


@pytest.fixture()
def folder(tmp_path):
    plans = tmp_path / "in"
    plans.mkdir()
    shutil.copy(PLAN_DIR / "002_d3b5d457c192368c.txt", plans / "plan.txt")
    return plans


def test_version_prints_the_package_version():
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"vnplan {version('vnplan')}"


def test_import_json_prints_one_object_with_the_summary(folder, tmp_path):
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["import", str(folder), "--out", str(tmp_path / "out"), "--workers", "1", "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)  # the whole of stdout is one JSON object
    assert (summary["files_found"], summary["read"], summary["plans"], summary["exit_code"]) == (2, 1, 1, 1)
    assert summary["tasks"] > 0 and summary["failed"][0]["path"].endswith("empty.txt")
    assert summary["failed"][0]["error"].startswith(summary["failed"][0]["path"])


@pytest.mark.parametrize("value", ["0", "-3"])
def test_workers_below_one_is_a_usage_error(folder, tmp_path, value):
    result = runner.invoke(app, ["import", str(folder), "--out", str(tmp_path / "out"), "--workers", value])
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2_in_every_command(tmp_path):
    missing = str(tmp_path / "nothing.txt")
    for args in (["import", missing, "--out", str(tmp_path / "o")], ["explain", missing],
                 ["repair", missing], ["compare", str(tmp_path), "--indicator", "online_application_rate"],
                 ["compare", str(tmp_path), "--indicator", "nonsense"], ["report", str(tmp_path)],
                 ["explain", str(PLAN_DIR / "002_d3b5d457c192368c.txt"), "--lang", "fr"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)


def test_a_plan_that_cannot_be_read_exits_1_in_explain(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["explain", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "empty.txt" in result.output


def test_help_names_value_types_in_words():
    for command in ("import", "explain", "compare", "report", "repair", "schema"):
        text = runner.invoke(app, [command, "--help"], terminal_width=160).output
        assert not re.search(r"<(bool|str|int|float|path|list\[str\])>", text), (command, text)
    text = runner.invoke(app, ["import", "--help"], terminal_width=160).output
    assert "DIR" in text and "PATH..." in text and "x>=1" in text
    assert "Exit codes" in runner.invoke(app, ["--help"], terminal_width=160).output


def test_explain_writes_into_the_output_folder_never_beside_the_plan(folder, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["explain", str(folder / "plan.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "explain" / "plan.txt.html").is_file()
    assert sorted(p.name for p in folder.iterdir()) == ["plan.txt"]


def test_import_after_explain_in_the_same_folder_gives_the_same_dataset(folder, tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    assert runner.invoke(app, ["import", str(folder), "--out", str(before), "--workers", "1", "-q"]).exit_code == 0
    for lang in ("vi", "en"):  # review pages written among the plans themselves
        result = runner.invoke(app, ["explain", str(folder / "plan.txt"), "--html", str(folder / f"plan.{lang}.html"),
                                     "--lang", lang])
        assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["report", str(before), "--out", str(folder / "report.html")]).exit_code == 0
    result = runner.invoke(app, ["import", str(folder), "--out", str(after), "--workers", "1", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["files_found"] == 1
    for name in ("plans.jsonl", "tasks.csv", "targets.csv", "plans.csv"):
        assert (after / name).read_bytes() == (before / name).read_bytes(), name
