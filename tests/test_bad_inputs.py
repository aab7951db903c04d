"""Every kind of bad input in one batch: one clear error line each (or a plan), and the batch finishes."""

import json

import pytest

from vnplan.batch import run_import
from fixtures.make_bad_inputs import KINDS, build

# what the sentence for a kind must say, beyond naming the file
SAYS = {
    "empty.txt": "empty", "blank.txt": "empty", "encrypted.pdf": "password", "password.docx": "password",
    "zero_pages.pdf": "no pages", "page_tree_10000.pdf": "10000 pages", "pages_500.pdf": "500 pages",
    "bad_zip.docx": "damaged", "truncated.pdf": "damaged", "spreadsheet.xlsx": "spreadsheet",
    "spreadsheet_named.docx": "spreadsheet", "zip_bomb.docx": "too large", "huge_20000x20000.png": "pixels",
    "huge_text.txt": "too large", "symlink_loop.txt": "symbolic links", "animation.gif": "file type",
    "english.txt": "Vietnamese", "english_plan.txt": "Vietnamese", "nul_bytes.txt": "file type",
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = build(tmp_path_factory.mktemp("bad") / "in")
    out = tmp_path_factory.mktemp("out")
    summary = run_import([str(folder)], out, workers=2)
    errors = {e["path"].rsplit("/", 1)[1]: e
              for e in map(json.loads, (out / "errors.jsonl").read_text(encoding="utf-8").splitlines())}
    plans = {json.loads(line)["source"]["path"].rsplit("/", 1)[1]
             for line in (out / "plans.jsonl").read_text(encoding="utf-8").splitlines()}
    return summary, errors, plans


def test_there_are_at_least_thirty_kinds():
    assert len(KINDS) >= 30


@pytest.mark.parametrize("name", sorted(n for n, (_, expect) in KINDS.items() if expect == "error"))
def test_bad_file_gives_one_clear_error_line(imported, name):
    summary, errors, plans = imported
    assert name in errors and name not in plans
    error = errors[name]
    assert error["stage"] in ("read", "parse"), error  # never an internal crash
    assert name in error["error"] and error["error"].endswith(".") and len(error["error"]) < 300
    if name in SAYS:
        assert SAYS[name].lower() in error["error"].lower(), error["error"]


@pytest.mark.parametrize("name", sorted(n for n, (_, expect) in KINDS.items() if expect == "plan"))
def test_readable_oddities_become_plans(imported, name):
    summary, errors, plans = imported
    assert name in plans, errors.get(name)


def test_batch_reports_every_file_once(imported):
    summary, errors, plans = imported
    assert summary.found == len(KINDS)
    assert len(errors) + len(plans) == len(KINDS)
    assert summary.exit_code == 1
