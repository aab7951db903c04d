"""`vnplan repair` as the contract states it: line N out answers line N in; --json gives tokens."""

import json

from typer.testing import CliRunner

from vnplan import api
from vnplan.cli import app

DAMAGED = "Pjc lap - Tw do - Hanh phiic\n\nS6: 15 /KH-UBND\nThuc hien cai cach hanh chinh\n"


def test_repair_keeps_every_line_in_place(tmp_path):
    source = tmp_path / "damaged.txt"
    source.write_text(DAMAGED, encoding="utf-8")
    result = CliRunner().invoke(app, ["repair", str(source)])
    assert result.exit_code == 0
    lines = result.output.split("\n")
    assert len(lines) == len(DAMAGED.split("\n"))
    assert lines[1] == "" and lines[2].startswith("Số: 15")
    assert lines[3] == "Thực hiện cải cách hành chính"


def test_repair_reads_standard_input_and_writes_json():
    result = CliRunner().invoke(app, ["repair", "--json"], input="Thuc hien cai cach\n")
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.output.splitlines()]
    assert record["text"] == "Thực hiện cải cách"
    assert [t["original"] for t in record["tokens"]][:2] == ["Thuc", "hien"]
    assert all("confidence" in t and "alternatives" in t for t in record["tokens"])


def test_api_repair_matches_the_command():
    assert api.repair("Thuc hien cai cach\nhanh chinh") == "Thực hiện cải cách\nhành chính"


def test_missing_file_is_a_usage_error(tmp_path):
    assert CliRunner().invoke(app, ["repair", str(tmp_path / "nope.txt")]).exit_code == 2
