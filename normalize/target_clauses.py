"""A target paragraph cut into the clauses that each state one thing, in the document's words:
bullets, sentences, colons, semicolons, commas before a new measured subject, 'và' before a new
task verb (used by normalize/targets.py)."""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.lang.vi import nfc
from vnplan.normalize.target_words import NUMBER, PERCENT, TIME_ONLY, lexicon, phrase_patterns

# Item labels that open a paragraph: "c) ", "- ", "+ ", "2. ", "II. ", "1.1 ", "II Cải cách".
_LABEL = re.compile(
    r"^\s*(?:[-+•*–—]\s*"
    r"|(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]\s+"
    r"|\d{1,2}(?:\.\d{1,2})+\s+(?=\D)"
    r"|[IVXL]+\s+(?=[A-ZĐÀ-Ỹ]))"
)
_LIST_END = re.compile(rf"{NUMBER}\s?%\s*$")
_MARKUP = re.compile(r"</?(?:i|b|u|em|strong)>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Patterns that open with a run (of spaces, of stops) start only where the run starts: a match from
# inside a run would also match from its start, and trying every inner start is quadratic.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+(?=\s+(\S))")
_EDGE_PUNCT = " \t,;:"



def clean(text: str) -> str:
    return _SPACES.sub(" ", _MARKUP.sub("", nfc(text))).strip()


def strip_label(text: str) -> str:
    return _LABEL.sub("", text, count=1).strip()


def clauses(body: str) -> list[str]:
    """Split a paragraph into the clauses that each state one thing, in the document's words."""
    spans = [(0, len(body))]
    for splitter in (_bullet_cuts, _sentence_cuts, _colon_cuts, _semicolon_cuts, _comma_cuts, _coordination_cuts):
        spans = [part for span in spans for part in _cut(body, span, splitter)]
    clauses = []
    for start, end in spans:
        clause = _tidy_clause(body[start:end])
        if clause:
            clauses.append(clause)
    return clauses


def _cut(body: str, span: tuple[int, int], splitter) -> list[tuple[int, int]]:
    """Apply one splitter to a span; it yields (end of left part, start of right part) pairs."""
    start, end = span
    parts, left_start = [], start
    for left_end, right_start in splitter(body, left_start, end):
        if left_end <= left_start:
            continue
        parts.append((left_start, left_end))
        left_start = right_start
    parts.append((left_start, end))
    return parts


def _bullet_cuts(body: str, start: int, end: int):
    # a table cell joined from several lines keeps its "- Tỷ lệ …" sub-items inline
    for m in re.finditer(r"\s[-+•–]\s+(?=[^\W\d_])", body[start:end]):
        if body[start + m.end()].isupper():
            yield start + m.start(), start + m.end()


def _sentence_cuts(body: str, start: int, end: int):
    for m in _SENTENCE_END.finditer(body, start, end):
        following = m.group(1)[0]
        if following.isupper() or following.isdigit() or following in "\"“(":
            yield m.end(), m.end()


def _value_run(text: str) -> bool:
    """Whether TEXT opens with comparator or filler words, each followed by spaces, and then a
    percentage: "Trên 70% …", "tối thiểu đạt 90%". The same as matching
    "^(?:(?:before|filler) +)*NUMBER ?%", but every position is visited once (each word is tried
    on its own, since one alternative can be a prefix of another)."""
    patterns = phrase_patterns()
    words = _value_run_words()
    seen, frontier = {0}, [0]
    while frontier:
        pos = frontier.pop()
        if patterns["value_run_end"].match(text, pos):
            return True
        for word in words:
            m = word.match(text, pos)
            if m and m.end() not in seen:
                seen.add(m.end())
                frontier.append(m.end())
    return False


@lru_cache(maxsize=1)
def _value_run_words() -> tuple[re.Pattern[str], ...]:
    lex = lexicon()
    words = [c.phrase for c in lex.before] + list(lex.phrases.get("filler", ()))
    return tuple(re.compile(rf"{re.escape(w)}\s+", re.I) for w in words)


def _colon_cuts(body: str, start: int, end: int):
    # "…, cụ thể: Phấn đấu …" opens a new clause; "… trên môi trường mạng: Trên 70%" does not.
    for m in re.finditer(r":\s+", body[start:end]):
        right = body[start + m.end(): end]
        if not _value_run(right):
            yield start + m.start(), start + m.end()


def _semicolon_cuts(body: str, start: int, end: int):
    # "100% văn bản … được xây dựng …; được rà soát …": a part that opens with "được" and
    # states no number shares the subject before it, so it stays in that clause.
    text = body[start:end]
    for m in re.finditer(r";\s*", text):
        right = text[m.end():]
        right_part = right.split(";", 1)[0]
        if phrase_patterns()["continuation"].match(right) and not PERCENT.search(right_part):
            continue
        yield start + m.start(), start + m.end()


def _comma_cuts(body: str, start: int, end: int):
    # ", " opens a new clause when a new measured subject follows: "… đạt trên 90%, tỷ lệ
    # thanh toán …" or "…, 100% văn bản …", but not after a bare time phrase or lead-in
    # ("Phấn đấu trong năm 2023, tỷ lệ …", "đến ngày 31/12/2024, 100% công chức …").
    patterns = phrase_patterns()
    left_start = start
    for m in re.finditer(r",\s+", body[start:end]):
        left = body[left_start: start + m.start()]
        right = body[start + m.end(): end]
        if is_time_or_lead_in(left):
            continue
        value = patterns["value_start"].match(right)
        # "tương ứng là 20%, 15%; …": a bare number after a comma continues a list, and so does
        # one right after a number ("… là 80%, 60% (năm 2025 …)").
        continues_list = bool(value) and (
            bool(re.match(r"(?!(?<=\s)\s)\s*(?:[,;.]|và\s+\d|$)", right[value.end():])) or bool(_LIST_END.search(left)))
        opens_with_value = bool(value) and not continues_list
        opens_with_subject = bool(patterns["subject_start"].match(right)) and bool(PERCENT.search(left))
        if opens_with_value or opens_with_subject:
            yield start + m.start(), start + m.end()
            left_start = start + m.end()


def _coordination_cuts(body: str, start: int, end: int):
    # "niêm yết công khai 100% các TTHC … tại trụ sở UBND xã và đẩy mạnh thực hiện …":
    # "và" + a new task verb ends the clause that stated the number.
    left_start = start
    for m in phrase_patterns()["clause_verb"].finditer(body, start, end):
        if PERCENT.search(body, left_start, m.start()):
            yield m.start(), m.end()
            left_start = m.end()


def _tidy_clause(text: str) -> str:
    text = text.strip()
    if text.endswith("./."):  # the closing mark of a document
        text = text[:-2]
    text = text.strip(_EDGE_PUNCT)
    text = phrase_patterns()["trailing_lead_in"].sub("", text).strip(_EDGE_PUNCT)
    return text


def is_time_or_lead_in(text: str) -> bool:
    """True when TEXT only says when or opens a sentence: 'Phấn đấu trong năm 2023', 'Trong đó'."""
    rest = TIME_ONLY.sub(" ", text)
    previous = None
    while previous != rest:
        previous = rest
        rest = phrase_patterns()["lead_in_start"].sub("", rest.strip(" ,:;")).strip()
    return not re.search(r"\w", rest)
