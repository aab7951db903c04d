"""The data files of corpus/lexicons/ (CSV with a header row and a `comment` column), loaded once
and checked against what each one must hold.

Every lexicon is declared in LEXICONS: its columns, the columns that make a row unique, and the
columns whose values must be codes the contract (models/plan.py) or the code knows. `load(name)`
checks the header when it first reads a file, so a lexicon edited with a missing column fails with
a sentence naming the file rather than a KeyError deep in a parser; tests/test_lexicons.py checks
all of it (columns, codes, duplicates, NFC) for every file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import get_args

from vnplan.errors import VnplanError
from vnplan.models.plan import AREA_CODES, INDICATOR_CODES, UNIT_CODES, Comparator, Recurrence


class LexiconError(VnplanError):
    """A lexicon file does not have the columns its loader reads."""


@dataclass(frozen=True)
class Lexicon:
    """What one file of corpus/lexicons/ holds."""

    name: str
    columns: tuple[str, ...]  # required, in any order; more columns are allowed
    key: tuple[str, ...] = ()  # columns whose values together are unique (NFC; case as key_ignores_case says)
    codes: dict[str, frozenset[str]] = field(default_factory=dict)  # column → allowed values
    vietnamese: tuple[str, ...] = ()  # columns of Vietnamese text, which must be NFC
    key_ignores_case: bool = True  # 'Văn phòng' and 'văn phòng' are one key (matching folds case)


def _codes(*values: str) -> frozenset[str]:
    return frozenset(values)


_TABLE_ROLES = _codes("row_no", "objective", "task", "activity", "output", "lead", "support", "deadline",
                      "note", "indicator", "target", "ignore", "owner", "owner_head", "empty")

LEXICONS: dict[str, Lexicon] = {lex.name: lex for lex in (
    Lexicon("admin_units", ("word", "tier", "label"), key=("word",),
            codes={"tier": _codes("commune", "district", "province")}, vietnamese=("word", "label")),
    Lexicon("area_keywords", ("code", "keyword", "weight"), key=("code", "keyword"),
            codes={"code": frozenset(AREA_CODES), "weight": _codes("strong", "weak")}, vietnamese=("keyword",)),
    Lexicon("areas", ("code", "heading"), key=("heading",), codes={"code": frozenset(AREA_CODES)},
            vietnamese=("heading",)),
    Lexicon("cell_openers", ("kind", "phrase"), key=("phrase",), codes={"kind": _codes("product", "action")},
            vietnamese=("phrase",)),
    Lexicon("deadline_columns", ("phrase",), key=("phrase",), vietnamese=("phrase",)),
    Lexicon("doc_types", ("word", "label", "plan", "reports"), key=("word",), codes={"plan": _codes("0", "1"), "reports": _codes("0", "1")},
            vietnamese=("word", "label")),
    Lexicon("header_phrases", ("kind", "phrase"), key=("kind", "phrase"),
            codes={"kind": _codes("joins_title", "body_opens", "motto", "signature_opens", "signature_note",
                                  "vision")}, vietnamese=("phrase",)),
    Lexicon("issuers", ("kind", "printed", "name"), key=("printed",), vietnamese=("printed", "name")),
    Lexicon("review_labels", ("key", "vi", "en"), key=("key",), vietnamese=("vi",)),
    Lexicon("site_furniture", ("where", "phrase"), key=("where", "phrase")),
    Lexicon("indicators", ("priority", "code", "phrase"), key=("phrase",),
            codes={"code": frozenset(INDICATOR_CODES)}, vietnamese=("phrase",)),
    Lexicon("legacy_tcvn3", ("legacy", "unicode"), key=("legacy",)),
    Lexicon("legacy_tcvn3_pdf", ("byte", "legacy", "unicode"), key=("legacy",)),
    Lexicon("legacy_vni", ("legacy", "unicode"), key=("legacy",)),
    Lexicon("proper_names", ("name", "kind"), key=("name", "kind"),
            codes={"kind": _codes("commune", "district", "province", "given name", "middle name", "surname")},
            # the register's own spellings ('AL Bá' and 'Al Bá') are both kept: repair matches case
            vietnamese=("name",), key_ignores_case=False),
    Lexicon("owner_words", ("word", "role"), key=("word", "role"), codes={"role": _codes("plural", "proper", "under", "related", "person", "member", "leads", "supports", "field")},
            vietnamese=("word",)),
    Lexicon("plan_signs", ("phrase",), key=("phrase",), vietnamese=("phrase",)),
    Lexicon("provinces", ("name", "is_city"), key=("name",), codes={"is_city": _codes("0", "1")},
            vietnamese=("name",)),
    Lexicon("repair_names", ("name", "kind"), key=("name",), vietnamese=("name",)),
    Lexicon("section_kinds", ("phrase", "kind"), key=("phrase",), codes={"kind": _codes("tasks", "results", "conditions", "other")},
            vietnamese=("phrase",)),
    Lexicon("signer_titles", ("word", "label"), key=("word",), vietnamese=("word", "label")),
    Lexicon("syllables", ("syllable",), key=("syllable",), vietnamese=("syllable",)),
    Lexicon("table_headers", ("role", "phrase", "priority"), key=("role", "phrase"),
            codes={"role": _TABLE_ROLES}, vietnamese=("phrase",)),
    Lexicon("table_cell_words", ("role", "phrase"), key=("role", "phrase"), codes={"role": _TABLE_ROLES},
            vietnamese=("phrase",)),
    Lexicon("table_owner_heads", ("phrase",), key=("phrase",), vietnamese=("phrase",)),
    Lexicon("target_comparators", ("phrase", "position", "comparator"), key=("phrase", "position"),
            codes={"position": _codes("before", "after"), "comparator": frozenset(get_args(Comparator))},
            vietnamese=("phrase",)),
    Lexicon("target_phrases", ("kind", "phrase"), key=("kind", "phrase"), vietnamese=("phrase",)),
    Lexicon("term_abbreviations", ("abbreviation", "expansion"), key=("abbreviation",),
            vietnamese=("abbreviation", "expansion")),
    Lexicon("time_labels", ("phrase",), key=("phrase",), vietnamese=("phrase",)),
    Lexicon("anchor_ends", ("phrase",), key=("phrase",), vietnamese=("phrase",)),
    Lexicon("time_words", ("phrase", "role", "value", "periodic"), key=("phrase", "role"),
            codes={"periodic": frozenset(get_args(Recurrence)) | {""}}, vietnamese=("phrase",)),
    Lexicon("unit_abbreviations", ("abbreviation", "expansion"), key=("abbreviation",),
            vietnamese=("abbreviation", "expansion")),
    Lexicon("unit_affixes", ("position", "text"), key=("position", "text"),
            codes={"position": _codes("prefix", "qualifier", "suffix", "role", "tail", "institution")},
            vietnamese=("text",)),
    Lexicon("unit_levels", ("phrase", "level", "position"), key=("phrase",),
            codes={"level": _codes("commune", "district", "province", "central", ""),
                   "position": _codes("any", "start", "exclude", "mixed", "every", "national", "nonstate")}, vietnamese=("phrase",)),
    Lexicon("group_nouns", ("noun", "mixes", "family"), key=("noun",),
            codes={"mixes": _codes("1", ""), "family": _codes("place", "body", "")}, vietnamese=("noun",)),
    Lexicon("units", ("code", "kind", "name"), key=("name",),
            codes={"code": frozenset(UNIT_CODES), "kind": _codes("unit", "group", "role")}, vietnamese=("name",)),
)}


def read_rows(name: str) -> tuple[list[str], tuple[dict[str, str], ...]]:
    """The header and the rows of corpus/lexicons/NAME.csv, unchecked; lines starting with '#' are comments."""
    text = resources.files("vnplan.corpus").joinpath("lexicons", f"{name}.csv").read_text("utf-8")
    lines = [ln for ln in io.StringIO(text) if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    rows = tuple({k: (v or "").strip() for k, v in row.items()} for row in reader)
    return list(reader.fieldnames or []), rows


@lru_cache(maxsize=None)
def load(name: str) -> tuple[dict[str, str], ...]:
    """Rows of corpus/lexicons/NAME.csv as dicts, after checking the file has the columns its
    readers use: load('units') → ({'code': 'van_phong', 'kind': 'unit', 'name': 'Văn phòng - Thống kê', …}, …)."""
    header, rows = read_rows(name)
    spec = LEXICONS.get(name)
    if spec is not None:
        missing = [c for c in spec.columns if c not in header]
        if missing:
            raise LexiconError(f"corpus/lexicons/{name}.csv: the column(s) {', '.join(missing)} are missing; "
                               f"the header must name {', '.join(spec.columns)}.")
    return rows
