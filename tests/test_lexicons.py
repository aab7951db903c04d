"""Every file of corpus/lexicons/ is checked as data (as dateparser checks its language data):
the columns its loader reads, codes the contract knows, no key twice, Vietnamese text in NFC."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from vnplan.lang.vi.lexicons import LEXICONS, LexiconError, load, read_rows

LEXICON_DIR = Path(__file__).resolve().parent.parent / "corpus" / "lexicons"
FILES = sorted(p.stem for p in LEXICON_DIR.glob("*.csv"))


def test_every_lexicon_file_is_declared():
    assert FILES, "no lexicon files found"
    undeclared = [name for name in FILES if name not in LEXICONS]
    assert undeclared == [], f"declare these lexicons in vnplan/lang/vi/lexicons.py: {undeclared}"
    missing = [name for name in LEXICONS if name not in FILES]
    assert missing == [], f"declared lexicons with no file: {missing}"


@pytest.mark.parametrize("name", FILES)
def test_lexicon_has_its_columns_and_rows(name):
    header, rows = read_rows(name)
    spec = LEXICONS[name]
    assert [c for c in spec.columns if c not in header] == []
    assert len(header) == len(set(header)), f"{name}: a column is named twice: {header}"
    assert rows, f"{name}: no rows"
    assert load(name) == rows
    for number, row in enumerate(rows, 2):
        assert None not in row, f"{name}.csv row {number}: more values than columns"
        for column in spec.columns:
            # a lexicon row names its key; other columns (a value, a label) may be left empty
            if column in spec.key:
                assert row[column], f"{name}.csv row {number}: '{column}' is empty"


@pytest.mark.parametrize("name", [n for n in FILES if LEXICONS.get(n) and LEXICONS[n].codes])
def test_lexicon_codes_are_known(name):
    spec = LEXICONS[name]
    for column, allowed in spec.codes.items():
        unknown = sorted({row[column] for row in load(name)} - allowed)
        assert unknown == [], f"{name}.csv: unknown {column} value(s) {unknown}; known: {sorted(allowed)}"


def _key_text(text: str, ignore_case: bool) -> str:
    text = unicodedata.normalize("NFC", text)
    return text.lower() if ignore_case else text


@pytest.mark.parametrize("name", FILES)
def test_lexicon_has_no_duplicate_keys(name):
    spec = LEXICONS[name]
    seen: dict[tuple[str, ...], int] = {}
    duplicates = []
    for number, row in enumerate(load(name), 2):
        key = tuple(_key_text(row[c], spec.key_ignores_case) if c in spec.vietnamese else row[c]
                    for c in spec.key)
        if key in seen:
            duplicates.append((key, seen[key], number))
        seen[key] = number
    assert duplicates == [], f"{name}.csv: the same {spec.key} twice (key, first row, again): {duplicates[:5]}"


@pytest.mark.parametrize("name", FILES)
def test_lexicon_text_is_nfc(name):
    spec = LEXICONS[name]
    bad = [(row[c], c) for row in load(name) for c in spec.vietnamese
           if row[c] != unicodedata.normalize("NFC", row[c])]
    assert bad == [], f"{name}.csv: text not in NFC (decomposed marks never match the NFC input): {bad[:5]}"


def test_a_lexicon_missing_a_column_names_the_file(tmp_path, monkeypatch):
    import vnplan.lang.vi.lexicons as lexicons

    monkeypatch.setitem(lexicons.LEXICONS, "units", lexicons.Lexicon("units", ("code", "kind", "name", "region")))
    lexicons.load.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"corpus/lexicons/units\.csv: the column\(s\) region are missing"):
            lexicons.load("units")
    finally:
        monkeypatch.undo()
        lexicons.load.cache_clear()
