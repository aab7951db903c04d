"""The data dictionary is generated from the models and kept in docs/DATA.md; the JSON Schema names
its dialect, id and version."""

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from vnplan.cli import app
from vnplan.models import SCHEMA_VERSION, plan_json_schema
from vnplan.output.columns import COLUMNS, KINDS
from vnplan.output.dictionary import dictionary_markdown, rows

DATA_MD = Path(__file__).resolve().parents[1] / "docs" / "DATA.md"


def test_docs_data_md_is_the_generated_dictionary():
    assert DATA_MD.read_text(encoding="utf-8") == dictionary_markdown(), \
        "docs/DATA.md is out of date: python -m vnplan.output.dictionary > docs/DATA.md"


def test_every_column_has_a_type_a_meaning_and_a_model_field_that_exists():
    entries = rows()  # _model_type raises KeyError on a field the models lack
    assert len(entries) == sum(len(c) for c in COLUMNS.values())
    for entry in entries:
        assert entry["type"] in KINDS and entry["meaning"], entry
    by_name = {(e["table"], e["column"]): e for e in entries}
    assert by_name[("targets", "year")]["model_type"] == "integer | null"
    assert by_name[("tasks", "deadline_end")]["type"] == "date"


def test_schema_csv_prints_every_column():
    result = CliRunner().invoke(app, ["schema", "--csv"])
    assert result.exit_code == 0
    printed = list(csv.DictReader(result.output.splitlines()))
    assert [(r["table"], r["column"]) for r in printed] == [(t, c.name) for t, cs in COLUMNS.items() for c in cs]
    assert next(r for r in printed if r["column"] == "percent")["type"] == "number"


def test_json_schema_states_dialect_id_version_and_evolution():
    schema = plan_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(SCHEMA_VERSION) and schema["version"] == SCHEMA_VERSION
    assert "additive" in schema["$comment"]
    printed = json.loads(CliRunner().invoke(app, ["schema"]).output)
    assert printed["$id"] == schema["$id"]
