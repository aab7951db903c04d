"""What the reader knows of each column: its vocabulary, widths and repeated values, learned in a
first pass; and the evidence the later stages lend (time expressions, known units)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from vnplan.extract.flat_tables.evidence import NO_EVIDENCE, Evidence
from vnplan.extract.flat_tables.settings import SETTINGS as S
from vnplan.lang.vi import lower_nfc
from vnplan.extract.flat_tables.vocabulary import _cue_words, _DATE_OR_NUMBER, _has_owner_head, _words


# --- column models ---------------------------------------------------------------------------


@dataclass
class _ColumnModel:
    role: str
    kind: str
    learned_words: frozenset[str] = frozenset()
    frequent: frozenset[str] = frozenset()
    width: float | None = None  # no line of the column is longer
    wrap_width: float | None = None  # typical length of a full line of the column
    evidence: Evidence = NO_EVIDENCE  # the later stages' grammars, lent by the caller

    def vocabulary(self) -> frozenset[str]:
        return _cue_words(self.kind) | self.learned_words

    def is_own_word(self, word: str, vocabulary: frozenset[str]) -> bool:
        return word in vocabulary or word in ("&", "-", "–", "+") or (
            self.kind == "deadline" and bool(_DATE_OR_NUMBER.match(word))) or (
            word[-1:] in "-–" and word.rstrip("-–") in vocabulary)  # "Văn hóa-" / "Thông tin"

    def text_score(self, text: str) -> float:
        """Score of a whole owner, deadline or note cell (what the column holds so far)."""
        if not text or self.kind == "text":
            return 0.0
        cache = self.__dict__.setdefault("_scores", {})
        if text not in cache:
            cache[text] = self._text_score(text)
        return cache[text]

    def _text_score(self, text: str) -> float:
        words = _words(text)
        vocabulary = self.vocabulary()
        own = sum(1 for w in words if self.is_own_word(w, vocabulary))
        return self.score_counts(len(words), own, text, self.kind == "owner" and _has_owner_head(text))

    def score_counts(self, n_words: int, n_own: int, text: str, has_head: bool = False) -> float:
        """Score from the cell's word counts; `text` is only read when the cell looks right."""
        if self.kind == "note":
            return S.other_word["note"] * n_words
        score = (S.other_word_after_head if has_head else S.other_word[self.kind]) * (n_words - n_own)
        if not n_words or n_own / n_words < (0.4 if has_head else 0.6):
            return score
        return score + self.extras(text)

    def extras(self, text: str) -> float:
        cache = self.__dict__.setdefault("_extras", {})
        if text in cache:
            return cache[text]
        score = S.looks_right
        if lower_nfc(text) in self.frequent:
            score += S.frequent_value
        # the other stages' grammars have the last word on cells that already look right
        if self.kind == "deadline" and self.evidence.is_time_expression(text):
            score += S.parsed_deadline
        if self.kind == "owner" and self.evidence.is_known_unit(text):
            score += S.coded_owner
        cache[text] = score
        return score


@dataclass
class _Cut:
    cells: dict[str, str]
    lines: dict[str, list[str]]  # printed lines that wrapped inside each column (for widths)
    score: float
    lineno: int
    split_lines: list[int] = field(default_factory=list)  # printed lines shared by two cells
    wrapped: bool = False  # cells ran on column by column after a line holding several of them
    run_on: list[int] = field(default_factory=list)  # lines where the cells run on (page break, interleaving)
    torn: list[tuple[int, str, str]] = field(default_factory=list)  # cuts between words that go together


def _learn_interleaved(models: list[_ColumnModel], cuts: list[_Cut]) -> list[_ColumnModel]:
    """Second pass of interleaved rows: `_learn`, with each column's width voted by its lines: every
    line fits the width, and a line that wrapped had no room for the next line's first word."""
    learned = _learn(models, cuts)
    out = []
    for model in learned:
        fits: list[int] = []  # the width is at least these
        wraps: list[int] = []  # … and less than these
        for c in cuts:
            pieces = c.lines.get(model.role, [])
            fits.extend(len(p) for p in pieces)
            wraps.extend(len(a) + 1 + len(b.split()[0]) for a, b in zip(pieces, pieces[1:]))
        if len(fits) < 4:
            out.append(replace(model, width=None, wrap_width=None))
            continue
        votes = {w: sum(1 for n in fits if n <= w) + sum(1 for n in wraps if n > w)
                 for w in range(min(fits), max(fits) + 1)}
        top = max(votes.values())
        agreed = [w for w, v in votes.items() if v == top]
        # proportional fonts: a cell's own width strays a little from its column's
        out.append(replace(model, width=max(agreed) + S.width_stray, wrap_width=min(agreed) - S.width_stray))
    return out


def _learn(models: list[_ColumnModel], cuts: list[_Cut]) -> list[_ColumnModel]:
    """Second pass: what each column looked like in the first (its words, widths, repeated values)."""
    learned = []
    for model in models:
        values = Counter(lower_nfc(c.cells[model.role]) for c in cuts if c.cells.get(model.role))
        word_rows: Counter[str] = Counter()
        for c in cuts:
            text = c.cells.get(model.role)
            if text and model.kind in S.other_word and model.text_score(text) > 0:
                word_rows.update(set(_words(text)))
        # lines that wrapped sit close to the column's width; a few cuts of the first pass are wrong
        widths = sorted(len(t) for c in cuts for t in c.lines.get(model.role, []))
        width = widths[int(len(widths) * S.width_quantile)] * S.width_slack + 1 if len(widths) >= 4 else None
        wrap_width = widths[int(len(widths) * 0.9)] if len(widths) >= 8 else None
        learned.append(_ColumnModel(
            model.role, model.kind,
            learned_words=frozenset(w for w, n in word_rows.items() if n >= 2),
            frequent=frozenset(v for v, n in values.items() if n >= 2 and model.kind != "text"),
            width=width, wrap_width=wrap_width, evidence=model.evidence,
        ))
    return learned
