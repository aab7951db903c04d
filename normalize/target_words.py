"""The words of targets (corpus/lexicons/target_comparators.csv, target_phrases.csv) and the
patterns built from them, shared by the clause cutter (normalize/target_clauses.py) and the target
reader (normalize/targets.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vnplan.lang.vi import load, nfc

NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
# "97,7%" (Vietnamese decimal comma), "100 %" (a space before the sign), "50 phần trăm".
PERCENT = re.compile(rf"(?<![\w/.,])({NUMBER})\s?(?:%|phần\s+trăm\b)", re.IGNORECASE)
# Spans that only say when: removed before asking whether a phrase says anything else.
TIME_ONLY = re.compile(
    r"\b(?:(?:từ\s+nay\s+)?(?:đến|tới|trong|hết|vào|cuối|trước)\s+)?"
    r"(?:ngày\s+\d{1,2}/\d{1,2}/\d{4}|tháng\s+\d{1,2}/\d{4}|năm\s+\d{4}(?:\s*[-–]\s*\d{4})?"
    r"|giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4})"
    r"|\b(?:các|những)\s+năm\s+tiếp\s+theo\b|\b(?:hàng|hằng|mỗi)\s+năm\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Comparator:
    phrase: str
    position: str  # before | after the number
    comparator: str


@dataclass
class Lexicon:
    before: tuple[Comparator, ...]  # longest first, so "tăng tối thiểu" wins over "tối thiểu"
    after: tuple[Comparator, ...]
    phrases: dict[str, tuple[str, ...]]

    def words(self, kind: str) -> str:
        """The phrases of one kind as a regex alternation, longest first."""
        return "|".join(re.escape(p) for p in sorted(self.phrases.get(kind, ()), key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    comparators = [Comparator(nfc(r["phrase"]).lower(), r["position"], r["comparator"])
                   for r in load("target_comparators")]
    phrases: dict[str, list[str]] = {}
    for row in load("target_phrases"):
        phrases.setdefault(row["kind"], []).append(nfc(row["phrase"]).lower())
    by_length = sorted(comparators, key=lambda c: len(c.phrase), reverse=True)
    return Lexicon(
        before=tuple(c for c in by_length if c.position == "before"),
        after=tuple(c for c in by_length if c.position == "after"),
        phrases={kind: tuple(words) for kind, words in phrases.items()},
    )


@lru_cache(maxsize=1)
def phrase_patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    before = "|".join(re.escape(c.phrase) for c in lex.before)
    after = "|".join(re.escape(c.phrase) for c in lex.after)
    fillers = lex.words("filler")
    # Word edges that work for Vietnamese letters and for the symbols ≥, <, >.
    edge = r"(?<![\w])"
    return {
        "before_end": re.compile(rf"{edge}({before})\s*$", re.I),
        "filler_end": re.compile(rf"{edge}({fillers})\s*$", re.I),
        "after_start": re.compile(rf"^\s*({after})(?!\w)", re.I),
        # A part that opens with a number: "100% văn bản …", "Trên 70% hồ sơ …".
        "value_start": re.compile(rf"^(?:(?:{lex.words('goal')})\s+)?(?:(?:{before})\s+)?{NUMBER}\s?%", re.I),
        # After ': ' a value that completes the phrase before it: "… mạng: Trên 70%".
        # (read by `_value_run` one position at a time: as one regex, "(?:(a|b)\s+)*" is exponential)
        "value_run_end": re.compile(rf"{NUMBER}\s?%"),
        "subject_start": re.compile(rf"^(?:{lex.words('subject_start')})(?!\w)", re.I),
        "continuation": re.compile(rf"^(?:{lex.words('continuation')})(?!\w)", re.I),
        "clause_verb": re.compile(rf"(?!(?<=\s)\s)\s+và\s+(?=(?:{lex.words('clause_verb')})(?!\w))", re.I),
        "lead_in_start": re.compile(rf"^(?:{lex.words('lead_in')})(?!\w)[\s,:]*", re.I),
        "trailing_lead_in": re.compile(rf"(?<![\s,])[\s,]*(?:{lex.words('trailing_lead_in')})\s*+:?\s*+$", re.I),
        "reported": re.compile(rf"{edge}(?:{lex.words('reported')})(?!\w)", re.I),
        "goal": re.compile(rf"{edge}(?:{lex.words('goal')})(?!\w)", re.I),
        "goal_aside": re.compile(rf"{edge}(?:{lex.words('goal_aside')})(?!\w)", re.I),
        "condition": re.compile(rf"{edge}(?:{lex.words('condition')})(?!\w)[^);]*", re.I),
        "uncoded_change": re.compile(rf"{edge}(?:{lex.words('uncoded_change')})\s*$", re.I),
        "reported_start": re.compile(rf"^(?:{lex.words('reported_start')})(?!\w)", re.I),
        "purpose": re.compile(rf"(?!(?<=\s)\s)\s+(?:{lex.words('purpose')}|{lex.words('baseline')})(?!\w)", re.I),
        "baseline_end": re.compile(rf"(?:{lex.words('baseline')})(?:\s+\S+){{0,2}}\s*$", re.I),
        "doc_reference": re.compile(rf"{edge}(?:{lex.words('doc_reference')})\s+số\s+\d", re.I),
        "rate_word": re.compile(r"\bt[ỷỉ]\s+lệ\b", re.I),
    }
