"""Body paragraphs and indicator-table cells → percentage targets: '… đạt trên 90%' → Target(90, '>')."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from vnplan.models.plan import Period, Target
from vnplan.lang.vi import load

_NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
# "97,7%" (Vietnamese decimal comma), "100 %" (a space before the sign), "50 phần trăm".
_PERCENT = re.compile(rf"(?<![\w/.,])({_NUMBER})\s?(?:%|phần\s+trăm\b)", re.IGNORECASE)
# Item labels that open a paragraph: "c) ", "- ", "+ ", "2. ", "II. ", "1.1 ", "II Cải cách".
_LABEL = re.compile(
    r"^\s*(?:[-+•*–—]\s*"
    r"|(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]\s+"
    r"|\d{1,2}(?:\.\d{1,2})+\s+(?=\D)"
    r"|[IVXL]+\s+(?=[A-ZĐÀ-Ỹ]))"
)
_LIST_END = re.compile(rf"{_NUMBER}\s?%\s*$")
_PARENTHESES = re.compile(r"\([^()]*\)")
_MARKUP = re.compile(r"</?(?:i|b|u|em|strong)>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_SPACES_ONE = re.compile(r"\s")
_LONG_ASIDE = re.compile(r"(?!(?<=\s)\s)\s*\(([^()]*)\)")
# Patterns that open with a run (of spaces, of stops) start only where the run starts: a match from
# inside a run would also match from its start, and trying every inner start is quadratic.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+(?=\s+(\S))")
_EDGE_PUNCT = " \t,;:"
# A due year: "năm 2025", "giai đoạn 2021-2025", "đến ngày 31/12/2024", "trước tháng 6/2024".
# Dates without such a time word ("Nghị định … ngày 08/4/2020") date a referenced document.
_YEAR_PHRASES = (
    re.compile(r"\b(?:năm|giai\s+đoạn)\s+((?:19|20)\d{2})(?:\s*[-–]\s*((?:19|20)\d{2}))?", re.I),
    re.compile(r"\b(?:đến|trước|trong|hết|tới|vào|cuối)\s+(?:ngày\s+\d{1,2}/|tháng\s+)?"
               r"\d{1,2}/((?:19|20)\d{2})\b", re.I),
)
# Spans that only say when: removed before asking whether a phrase says anything else.
_TIME_ONLY = re.compile(
    r"\b(?:(?:từ\s+nay\s+)?(?:đến|tới|trong|hết|vào|cuối|trước)\s+)?"
    r"(?:ngày\s+\d{1,2}/\d{1,2}/\d{4}|tháng\s+\d{1,2}/\d{4}|năm\s+\d{4}(?:\s*[-–]\s*\d{4})?"
    r"|giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4})"
    r"|\b(?:các|những)\s+năm\s+tiếp\s+theo\b|\b(?:hàng|hằng|mỗi)\s+năm\b",
    re.IGNORECASE,
)
_HEADING_YEAR = re.compile(
    r"^(?:mục\s+tiêu\s+|chỉ\s+tiêu\s+)?(?:(?:đến\s+hết|tới\s+hết|đến|tới|trong|hết)\s+)?(?:năm|giai\s+đoạn)\s+"
    r"((?:19|20)\d{2})(?:\s*[-–]\s*((?:19|20)\d{2}))?\s*:?$",
    re.IGNORECASE,
)
# "… và đến năm 2030" closing a clause (see _split_trailing_time)
_TRAILING_TIME = re.compile(
    r"(?<!\s)\s++và\s++((?:đến|tới|trong|vào)\s+(?:hết\s+)?năm\s+(?:19|20)\d{2})\s*+[,:]?\s*+$", re.IGNORECASE)
_RANGE_BEFORE = re.compile(rf"(?<![\w.,]){_NUMBER}\s*%?\s*[-–]\s*$")  # "10 - " before "13%"
_FRACTION = re.compile(r"(?<![\w/.,])(\d{1,6})/(\d{1,6})(?![\w/])")
_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w.,]?\d)")  # "467.565", "26.353,6"
MAX_METRIC_WORDS = 20


@dataclass(frozen=True)
class _Comparator:
    phrase: str
    position: str  # before | after the number
    comparator: str


@dataclass
class _Lexicon:
    before: tuple[_Comparator, ...]  # longest first, so "tăng tối thiểu" wins over "tối thiểu"
    after: tuple[_Comparator, ...]
    phrases: dict[str, tuple[str, ...]]

    def words(self, kind: str) -> str:
        """The phrases of one kind as a regex alternation, longest first."""
        return "|".join(re.escape(p) for p in sorted(self.phrases.get(kind, ()), key=len, reverse=True))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    comparators = [_Comparator(_nfc(r["phrase"]).lower(), r["position"], r["comparator"])
                   for r in load("target_comparators")]
    phrases: dict[str, list[str]] = {}
    for row in load("target_phrases"):
        phrases.setdefault(row["kind"], []).append(_nfc(row["phrase"]).lower())
    by_length = sorted(comparators, key=lambda c: len(c.phrase), reverse=True)
    return _Lexicon(
        before=tuple(c for c in by_length if c.position == "before"),
        after=tuple(c for c in by_length if c.position == "after"),
        phrases={kind: tuple(words) for kind, words in phrases.items()},
    )


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
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
        "value_start": re.compile(rf"^(?:(?:{lex.words('goal')})\s+)?(?:(?:{before})\s+)?{_NUMBER}\s?%", re.I),
        # After ': ' a value that completes the phrase before it: "… mạng: Trên 70%".
        # (read by `_value_run` one position at a time: as one regex, "(?:(a|b)\s+)*" is exponential)
        "value_run_end": re.compile(rf"{_NUMBER}\s?%"),
        "subject_start": re.compile(rf"^(?:{lex.words('subject_start')})(?!\w)", re.I),
        "continuation": re.compile(rf"^(?:{lex.words('continuation')})(?!\w)", re.I),
        "clause_verb": re.compile(rf"(?!(?<=\s)\s)\s+và\s+(?=(?:{lex.words('clause_verb')})(?!\w))", re.I),
        "lead_in_start": re.compile(rf"^(?:{lex.words('lead_in')})(?!\w)[\s,:]*", re.I),
        "trailing_lead_in": re.compile(rf"(?<![\s,])[\s,]*(?:{lex.words('trailing_lead_in')})\s*+:?\s*+$", re.I),
        "reported": re.compile(rf"{edge}(?:{lex.words('reported')})(?!\w)", re.I),
        "goal": re.compile(rf"{edge}(?:{lex.words('goal')})(?!\w)", re.I),
        "goal_aside": re.compile(rf"{edge}(?:{lex.words('goal_aside')})(?!\w)", re.I),
        "reported_start": re.compile(rf"^(?:{lex.words('reported_start')})(?!\w)", re.I),
        "purpose": re.compile(rf"(?!(?<=\s)\s)\s+(?:{lex.words('purpose')}|{lex.words('baseline')})(?!\w)", re.I),
        "baseline_end": re.compile(rf"(?:{lex.words('baseline')})(?:\s+\S+){{0,2}}\s*$", re.I),
        "doc_reference": re.compile(rf"{edge}(?:{lex.words('doc_reference')})\s+số\s+\d", re.I),
        "rate_word": re.compile(r"\bt[ỷỉ]\s+lệ\b", re.I),
    }


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def percent_values(text: str) -> list[float]:
    """Every percentage written in TEXT: 'tương ứng là 20%, 97,7 %' → [20.0, 97.7]."""
    return [value for _, value in percent_ends(text)]


def percent_ends(text: str) -> list[tuple[int, float]]:
    """Every percentage in TEXT (NFC) with the offset just after it: 'đạt 90%' → [(7, 90.0)]."""
    return [(m.end(), _to_float(m.group(1))) for m in _PERCENT.finditer(_nfc(text))]


def _to_float(number: str) -> float:
    return float(number.replace(",", "."))


def heading_year(text: str) -> int | None:
    """The year of a block heading that dates the targets under it: '- Đến năm 2025:' → 2025."""
    body = _strip_label(_clean(text)).strip(" .")
    m = _HEADING_YEAR.match(body)
    if not m:
        return None
    return int(m.group(2) or m.group(1))


GOAL_ASIDE_MAX_GAP_WORDS = 3  # "chỉ tiêu đề ra là tối thiểu 20%": words between the goal phrase and its number
LEAD_IN_CHARS = 120  # a lead-in label ends with a colon within this many characters


def find_targets(text: str, period: Period, context_year: int | None = None, reporting: bool = False,
                 context_basis: str = "block") -> list[Target]:
    """The percentage targets stated in one body paragraph, one per number.

    'c) Tỷ lệ số hóa hồ sơ … đạt trên 90%; tỷ lệ cấp kết quả … đạt 100%; …' →
    [Target(text='Tỷ lệ số hóa hồ sơ … đạt trên 90%', percent=90, comparator='>'), …].
    The year is the one the clause states, else the paragraph's own heading ("Đến năm 2025: …"),
    else CONTEXT_YEAR (an enclosing "Đến năm 2025:" block), else the plan's end year (for a
    one-year plan that is the plan year). In a REPORTING paragraph (an account of results) only
    the clauses that set a goal ("chỉ tiêu năm 2025 là 90%", "phấn đấu … đạt 100%") state targets.
    """
    body = _strip_label(_clean(text))
    # "(Kết quả năm 2020: mức độ hài lòng đạt 88,4%; …)": a paragraph that opens as a report of
    # results reports in every clause
    opening = body.lstrip("([ ")
    if _patterns()["reported_start"].match(opening) and ":" in opening[:60]:
        return []
    # "Kết quả thực hiện số hóa hồ sơ, giấy tờ …: Tỷ lệ … đạt 82%", "Đến nay, toàn tỉnh đã …; tỷ lệ
    # … đạt 90,58%": a paragraph whose lead-in reports reads as a report: only goal clauses count
    lead_in = opening.split(":", 1)[0] if ":" in opening[:LEAD_IN_CHARS] else opening.split(",", 1)[0]
    if _patterns()["reported_start"].match(opening) or _patterns()["reported"].match(lead_in):
        reporting = True
    if context_year:
        default_year, default_basis = context_year, context_basis
    else:
        default_year = period.end_year or period.start_year
        default_basis = "plan_end" if default_year else None
    targets: list[Target] = []
    paragraph_year: int | None = None
    previous_metric: str | None = None
    carried_year: int | None = None  # a trailing "và đến năm 2030" of the clause before
    for clause in _clauses(body):
        own_clause, handed_on = _split_trailing_time(clause)
        values = list(_PERCENT.finditer(clause))
        if not values:
            paragraph_year = heading_year(clause) or paragraph_year
            carried_year = None
            continue
        asides = [m.span() for m in _PARENTHESES.finditer(clause) if _patterns()["goal_aside"].search(m.group())]
        for group in _value_groups(clause, values):
            in_aside = any(a <= group.values[0].start() < b for a, b in asides)
            in_goal_aside = in_aside and _states_the_goal(clause[: group.values[0].start()])
            if asides and not in_aside:
                continue  # "đạt 76,43% (chỉ tiêu đề ra là 100%)": the value beside its goal is a result
            # "(4/15 sở, ngành …, chỉ tiêu đề ra là tối thiểu 20%)": the aside states the goal, whatever
            # counts of results precede it there
            if not in_goal_aside and (_is_reported(group, period) or _is_in_reference(group.segment)):
                continue
            if _RANGE_BEFORE.search(clause, 0, group.values[0].start()):
                continue  # "tăng bình quân 10 - 13%/năm": a range has no comparator of the contract
            if reporting and not _patterns()["goal"].search(group.segment):
                continue
            metric = _metric(clause, group) or previous_metric
            previous_metric = metric
            # a year inside parentheses is a remark ("(năm 2025 lần lượt đạt 72,4% …)"), not the due year
            # the year said before the number, else the first one after it in its own part of the
            # clause ("đạt 20% xã … năm 2025, bảo đảm đến hết năm 2030 đạt 50% …"), else the clause's
            stated = (_stated_year(group.segment) or _first_year(clause[group.tail_start: group.tail_end])
                      or _stated_year(_PARENTHESES.sub(" ", own_clause)) or carried_year)
            year, basis = ((stated, "stated") if stated else (paragraph_year, "block") if paragraph_year
                           else (default_year, default_basis))
            for value in group.values:
                targets.append(Target(text=clause, percent=_to_float(value.group(1)),
                                      comparator=group.comparator, year=year, year_basis=basis, metric=metric))
        carried_year = _stated_year(handed_on) if handed_on else None
    return targets


def _states_the_goal(before: str) -> bool:
    """'… (4/15 sở, ngành …, chỉ tiêu đề ra là tối thiểu 20%': the words just before the number are
    the aside's goal phrase (a comparator or filler may stand between), not a scoring condition after it."""
    goal = None
    for goal in _patterns()["goal_aside"].finditer(before):
        pass
    return goal is not None and len(before[goal.end():].split()) <= GOAL_ASIDE_MAX_GAP_WORDS \
        and not re.search(r"[,;]", before[goal.end():]) and not _patterns()["reported"].search(before[goal.end():])


def _split_trailing_time(clause: str) -> tuple[str, str]:
    """'… 20% số xã … vào năm 2025 và đến năm 2030' → ('… vào năm 2025', 'đến năm 2030'): a time
    phrase joined by 'và' at the end of a clause that already states its own year opens the next."""
    m = _TRAILING_TIME.search(clause)
    if not m or not _years(clause[: m.start()]):
        return clause, ""
    return clause[: m.start()], m.group(1)


def table_target(indicator_text: str, target_cell: str | None, period: Period,
                 year: int | None = None) -> Target | None:
    """A target from an indicator-table row: ('Khai thác, sử dụng lại …', 'Trên 50%') → 50, '>'.

    None when the target cell states no percentage ('Chỉ số xếp hạng cao hơn năm 2023').
    """
    cell = _clean(target_cell or "")
    value = _PERCENT.search(cell)
    if not value:
        return None
    # The bullet of a sub-row ("- Tỷ lệ thanh toán …") is layout, not wording.
    indicator = re.sub(r"^[-–+•*]\s*", "", _clean(indicator_text))
    comparator, _ = _comparator_before(cell[: value.start()])
    suffix = _patterns()["after_start"].match(cell[value.end():])
    if suffix:
        comparator = _after_comparator(suffix.group(1)) if comparator != "increase_by>=" else comparator
    metric = _tidy_metric(_strip_lead_ins(indicator).rstrip(" .:"))
    stated = _stated_year(cell)
    plan_year = period.end_year or period.start_year
    year, basis = ((year, "heading") if year else (stated, "stated") if stated
                   else (plan_year, "plan_end" if plan_year else None))
    return Target(
        text=f"{indicator} {cell}".strip(),
        percent=_to_float(value.group(1)),
        comparator=comparator or "=",
        year=year,
        year_basis=basis,
        metric=metric or None,
    )


# --- clauses -------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _MARKUP.sub("", _nfc(text))).strip()


def _strip_label(text: str) -> str:
    return _LABEL.sub("", text, count=1).strip()


def _clauses(body: str) -> list[str]:
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
    patterns = _patterns()
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
    lex = _lexicon()
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
        if _patterns()["continuation"].match(right) and not _PERCENT.search(right_part):
            continue
        yield start + m.start(), start + m.end()


def _comma_cuts(body: str, start: int, end: int):
    # ", " opens a new clause when a new measured subject follows: "… đạt trên 90%, tỷ lệ
    # thanh toán …" or "…, 100% văn bản …", but not after a bare time phrase or lead-in
    # ("Phấn đấu trong năm 2023, tỷ lệ …", "đến ngày 31/12/2024, 100% công chức …").
    patterns = _patterns()
    left_start = start
    for m in re.finditer(r",\s+", body[start:end]):
        left = body[left_start: start + m.start()]
        right = body[start + m.end(): end]
        if _is_time_or_lead_in(left):
            continue
        value = patterns["value_start"].match(right)
        # "tương ứng là 20%, 15%; …": a bare number after a comma continues a list, and so does
        # one right after a number ("… là 80%, 60% (năm 2025 …)").
        continues_list = bool(value) and (
            bool(re.match(r"(?!(?<=\s)\s)\s*(?:[,;.]|và\s+\d|$)", right[value.end():])) or bool(_LIST_END.search(left)))
        opens_with_value = bool(value) and not continues_list
        opens_with_subject = bool(patterns["subject_start"].match(right)) and bool(_PERCENT.search(left))
        if opens_with_value or opens_with_subject:
            yield start + m.start(), start + m.end()
            left_start = start + m.end()


def _coordination_cuts(body: str, start: int, end: int):
    # "niêm yết công khai 100% các TTHC … tại trụ sở UBND xã và đẩy mạnh thực hiện …":
    # "và" + a new task verb ends the clause that stated the number.
    left_start = start
    for m in _patterns()["clause_verb"].finditer(body, start, end):
        if _PERCENT.search(body, left_start, m.start()):
            yield m.start(), m.end()
            left_start = m.end()


def _tidy_clause(text: str) -> str:
    text = text.strip()
    if text.endswith("./."):  # the closing mark of a document
        text = text[:-2]
    text = text.strip(_EDGE_PUNCT)
    text = _patterns()["trailing_lead_in"].sub("", text).strip(_EDGE_PUNCT)
    return text


def _is_time_or_lead_in(text: str) -> bool:
    """True when TEXT only says when or opens a sentence: 'Phấn đấu trong năm 2023', 'Trong đó'."""
    rest = _TIME_ONLY.sub(" ", text)
    previous = None
    while previous != rest:
        previous = rest
        rest = _patterns()["lead_in_start"].sub("", rest.strip(" ,:;")).strip()
    return not re.search(r"\w", rest)


# --- values --------------------------------------------------------------------------------


@dataclass
class _Group:
    """Numbers that share one comparator: 'tối thiểu tương ứng là 20%, 15%'."""

    values: list[re.Match[str]]
    segment: str  # the clause text between the previous group and this one
    segment_start: int
    comparator: str
    head_end: int  # where the words before the number that are not comparator or filler end
    tail_start: int  # where the text after the last number and its 'trở lên' starts
    tail_end: int  # where the words before the next group's number end, or the clause end


def _value_groups(clause: str, values: list[re.Match[str]]) -> list[_Group]:
    runs: list[list[re.Match[str]]] = []
    for value in values:
        if runs and re.fullmatch(r"\s*(?:,|;|/|và|,\s*và)?\s*", clause[runs[-1][-1].end(): value.start()]):
            runs[-1].append(value)
        else:
            runs.append([value])
    groups, previous_end = [], 0
    for run in runs:
        segment = clause[previous_end: run[0].start()]
        comparator, head_len = _comparator_before(segment)
        tail_start = run[-1].end()
        suffix = _patterns()["after_start"].match(clause[tail_start:])
        if suffix:
            tail_start += suffix.end()
            if comparator != "increase_by>=":
                comparator = _after_comparator(suffix.group(1))
        groups.append(_Group(run, segment, previous_end, comparator or "=", previous_end + head_len,
                             tail_start, len(clause)))
        previous_end = tail_start
    for group, following in zip(groups, groups[1:]):
        group.tail_end = following.head_end
    return groups


def _comparator_before(text: str) -> tuple[str | None, int]:
    """The comparator written just before a number, and where the words before it end.

    'đạt tỷ lệ tối thiểu tương ứng là' → ('>=', index of 'đạt'); fillers ('đạt', 'là',
    'tương ứng', 'tỷ lệ') may stand on either side of the comparator words.
    """
    patterns = _patterns()
    comparator, cut = None, len(text)
    while True:
        head = text[:cut]
        m = patterns["before_end"].search(head) if comparator is None else None
        if m:
            comparator = _before_comparator(m.group(1))
            cut = m.start()
            continue
        m = patterns["filler_end"].search(head)
        if m:
            cut = m.start()
            continue
        return comparator, cut


def _before_comparator(phrase: str) -> str:
    phrase = phrase.lower()
    return next(c.comparator for c in _lexicon().before if c.phrase == phrase)


def _after_comparator(phrase: str) -> str:
    phrase = phrase.lower()
    return next(c.comparator for c in _lexicon().after if c.phrase == phrase)


def _is_count_share(segment: str) -> bool:
    """'Có 34/34 địa phương hoàn thành …, đạt tỷ lệ 100%', '… là 193.457 (tỷ lệ 99,1%)': a percentage
    given as the share of things already counted is a result. A fraction counts when its total is
    above twelve and not below its part (so no day/month date), a number when it has thousands."""
    if _THOUSANDS.search(segment):
        return True
    return any(int(b) > 12 and int(b) >= int(a) and not (1900 <= int(b) <= 2100)
               for a, b in _FRACTION.findall(segment))


def _is_reported(group: _Group, period: Period) -> bool:
    """A result already reached, not a target: 'đã đạt 96,8%', 'năm 2021 đạt 85%', 'Kết quả …'."""
    patterns = _patterns()
    if patterns["reported"].search(group.segment) or _is_count_share(group.segment):
        return True
    if group.segment_start == 0 and patterns["reported_start"].match(_strip_lead_ins(group.segment)):
        return True
    # "Phấn đấu trong năm 2023, …" states a goal even when the year is before the plan's.
    if period.start_year is not None and not patterns["goal"].search(group.segment):
        years = _years(group.segment)
        if years and max(years) < period.start_year:
            return True
    return False


def _is_in_reference(segment: str) -> bool:
    """A number inside the title of a referenced document: 'Kế hoạch số 12/KH-UBND … về … 50%'."""
    patterns = _patterns()
    references = list(patterns["doc_reference"].finditer(segment))
    if not references:
        return False
    title = re.search(r"\bvề\b", segment[references[-1].end():])
    if not title:
        return False
    between = segment[references[-1].end() + title.end():]
    return not re.search(r"[,:;]", between) and not re.search(
        rf"(?<!\w)(?:{_lexicon().words('lead_in')})(?!\w)", between, re.I)


# --- years and metrics -----------------------------------------------------------------------


def _years(text: str) -> list[int]:
    """Due years stated in TEXT; a baseline ('so với năm 2021') is not one."""
    years = []
    for pattern in _YEAR_PHRASES:
        for m in pattern.finditer(text):
            if _patterns()["baseline_end"].search(text[: m.start()]):
                continue
            last = m.group(m.lastindex or 1)
            years.append(int(last))
    return years


def _first_year(text: str) -> int | None:
    """The due year written first in TEXT (by position), or None."""
    found = []
    for pattern in _YEAR_PHRASES:
        for m in pattern.finditer(text):
            if not _patterns()["baseline_end"].search(text[: m.start()]):
                found.append((m.start(), int(m.group(m.lastindex or 1))))
    return min(found)[1] if found else None


def _stated_year(text: str) -> int | None:
    years = _years(text)
    return max(years) if years else None


def _strip_lead_ins(text: str) -> str:
    previous = None
    text = text.strip(" ,:;")
    while previous != text:
        previous = text
        text = _patterns()["lead_in_start"].sub("", text).strip(" ,:;")
        m = _TIME_ONLY.match(text)
        if m:
            text = text[m.end():].strip(" ,:;")
    return text


def _metric(clause: str, group: _Group) -> str | None:
    """What is measured, in the clause's own words: the subject before the number, or the verb
    before it plus the noun phrase after it ('niêm yết công khai 100% các TTHC …')."""
    patterns = _patterns()
    head = _strip_lead_ins(clause[group.segment_start: group.head_end])
    rate = patterns["rate_word"].search(head)
    if rate:
        head = head[rate.start():]
    tail = clause[group.tail_start: group.tail_end]
    tail = re.split(r"[;:]|\.\s*$|\.\s+(?=\S)", tail, maxsplit=1)[0]
    tail = patterns["purpose"].split(tail, maxsplit=1)[0]
    tail = patterns["clause_verb"].split(tail, maxsplit=1)[0]
    tail = tail.strip(" ,")
    if _is_time_or_lead_in(tail):
        tail = ""
    metric = f"{head} {tail}".strip(" ,:") if tail and not rate else head.strip(" ,:")
    return _tidy_metric(metric) or None


def _tidy_metric(metric: str) -> str:
    metric = _LONG_ASIDE.sub(lambda m: "" if len(_SPACES_ONE.findall(m.group(1))) >= 3 else m.group(0),
                             metric)  # long asides (three spaces or more), not "(TTHC)"
    metric = re.sub(r"(?<=\s)%\s+", "", metric)  # "tỷ lệ % giữa …"
    words = metric.split()
    metric = " ".join(words[:MAX_METRIC_WORDS]).strip(" ,;:.")
    if len(metric) > 1 and not metric[1].isupper():
        metric = metric[0].lower() + metric[1:]
    return metric
