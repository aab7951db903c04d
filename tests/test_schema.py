"""The JSON Schema of the models agrees with the field lists of docs/CONTRACT.md (a copy of the contract)."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from vnplan.cli import app
from vnplan.models import AREA_CODES, INDICATOR_CODES, UNIT_CODES, plan_json_schema

CONTRACT = (Path(__file__).resolve().parents[1] / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
SCHEMA = plan_json_schema()


def _block_after(heading: str) -> str:
    section = CONTRACT.split(heading, 1)[1]
    return section.split("```", 2)[1]


def _leading_names(block: str) -> list[str]:
    """'lead_raw, support_raw     the lead …' → ['lead_raw', 'support_raw']; also '; deadline: …'."""
    names = []
    for line in block.splitlines():
        m = re.match(r"^([a-z_]+(?:, [a-z_]+)*)\b", line)
        if m:
            names += m.group(1).split(", ")
        names += re.findall(r";\s*([a-z_]+):", re.sub(r"\([^)]*\)", "", line))
    return names


def _braced(block: str, name: str) -> list[str]:
    """Top-level field names inside the braces after NAME ('period: {start_year, end_year}' → 'period')."""
    text = block[re.search(rf"^{name}\s", block, re.MULTILINE).end():]
    text = text[text.index("{") + 1:]
    depth, part, parts = 0, "", []
    for ch in text:
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            if depth == 0:
                break
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(part)
            part = ""
        else:
            part += ch
    parts.append(part)
    return [re.match(r"\s*([a-z_0-9]+)", p).group(1) for p in parts if p.strip()]


def _props(model: str) -> set[str]:
    return set(SCHEMA["$defs"][model]["properties"]) if model != "Plan" else set(SCHEMA["properties"])


def test_plan_record_fields_are_in_the_schema():
    block = _block_after("## The plan record")
    assert set(_leading_names(block)) <= _props("Plan")
    assert set(_braced(block, "source")) <= _props("Source")
    assert set(_braced(block, "document")) <= _props("DocumentInfo")
    assert set(_braced(block, "sections")) <= _props("Section")
    assert set(_braced(block, "indicators")) <= _props("Indicator")


def test_task_owner_deadline_target_fields_are_in_the_schema():
    for heading, model in (("### task", "Task"), ("### owner", "Owner"), ("### deadline", "Deadline"),
                           ("### target", "Target")):
        names = set(_leading_names(_block_after(heading)))
        assert names and names <= _props(model), (model, names - _props(model))
    assert set(_braced(_block_after("### task"), "provenance")) <= _props("TaskProvenance")


def test_codes_agree_with_the_contract():
    codes = set(re.findall(r"`([a-z_]+)`", CONTRACT.split("## Codes", 1)[1].split("## Additions", 1)[0]))
    assert set(AREA_CODES) | set(UNIT_CODES) | set(INDICATOR_CODES) == codes - {"area", "code", "indicator"}


def test_enumerations_match_the_contract():
    deadline = SCHEMA["$defs"]["Deadline"]["properties"]
    kinds = re.search(r"^kind\s+(date \|[^\n]*)$", _block_after("### deadline"), re.MULTILINE).group(1)
    assert set(deadline["kind"]["enum"]) == {k.strip() for k in kinds.split("|")}
    assert "relative" in deadline["kind"]["enum"]  # contract Additions
    comparators = SCHEMA["$defs"]["Target"]["properties"]["comparator"]["enum"]
    assert set(comparators) == {">=", ">", "=", "<=", "increase_by>="}


def test_schema_command_prints_the_schema():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Plan"


def test_admin_levels_of_the_contract_are_the_schema_enum():
    # the contract's sentence "`admin_level` is `xã`, `phường`, … or `tỉnh`" lists the schema's values
    sentence = CONTRACT.split("`admin_level` is ", 1)[1].split("(or null)", 1)[0]
    listed = re.findall(r"`([^`]+)`", sentence)
    field = SCHEMA["$defs"]["DocumentInfo"]["properties"]["admin_level"]
    enum = next(option["enum"] for option in field["anyOf"] if "enum" in option)
    assert listed == enum
    assert {"xã", "phường", "thị trấn", "đặc khu", "huyện", "quận", "thị xã", "thành phố", "tỉnh"} == set(enum)
