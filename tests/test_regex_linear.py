"""No regular expression of vnplan goes super-linear on text built from its own pieces (issue 18 #2, #16).

Every pattern the project compiles — module constants, patterns built from the lexicons, and those
compiled while real plans are read — is attacked by tests/regex_audit.py: each of its literals (and
spaces, digits, brackets) repeated n and 4n times, with an ending that makes the match fail. Time is
compared as a ratio between the two sizes, above a floor, so a busy machine does not fail the test;
a pattern that does not answer at all (exponential) is named after a few seconds.
"""

import time

import pytest

import regex_audit
from vnplan import api


@pytest.fixture(scope="module")
def patterns():
    return regex_audit.collect()


def test_the_audit_sees_the_project_patterns(patterns):
    sources = {source for source, _ in patterns}
    assert len(patterns) > 150
    # a module constant, a lexicon-built pattern and one compiled inside a function are all there
    assert any("phần\\s+trăm" in s for s in sources)
    assert any("tăng\\ lên" in s for s in sources)
    assert any("[;:]|\\.\\s*$" in s for s in sources)


def test_the_audit_finds_a_super_linear_pattern():
    # an exponential pattern and a quadratic one are named; the guarded quadratic one is not
    import re

    patterns = [re.compile(r"^(?:a|a\s|\s)*b"), re.compile(r"\s*,"), re.compile(r"(?<!\s)\s*,")]
    bad = regex_audit.audit({(p.pattern, p.flags): p for p in patterns}, stall=3, endings=("x",), prefixes=("",))
    assert set(bad) == {"^(?:a|a\\s|\\s)*b", "\\s*,"}


def test_no_project_regex_is_super_linear(patterns):
    bad = regex_audit.audit(patterns, endings=("", "x"), prefixes=("", "("))
    assert not bad, "\n".join(f"{source[:120]!r}: {found[0]}" for source, found in bad.items())


@pytest.mark.parametrize("text", [
    "Tỷ lệ hồ sơ (" + " a" * 400 + " đạt 90%",
    "Chỉ tiêu: " + "tăng lên " * 400 + "x",
    "Chỉ tiêu: " + "không vượt quá tăng tối thiểu " * 200 + "90%",
])
def test_issue_repros_of_find_targets_are_fast(text):
    # linear work: the issue's 28-word case took 26 s and doubled with each word; 400 words now
    # finish at once. The bound is generous (a busy CI machine), the old behaviour never finishes.
    started = time.perf_counter()
    api.find_targets(text, 2024, 2024)
    assert time.perf_counter() - started < 10


def test_value_run_reads_the_words_the_regex_read():
    from vnplan.normalize.target_clauses import _value_run

    assert _value_run("Trên 70% hồ sơ")
    assert _value_run("tối thiểu đạt 90 %")
    assert _value_run("90%")
    assert not _value_run("các thủ tục đạt 90%")
    assert not _value_run("tăng lên " * 300 + "x")
