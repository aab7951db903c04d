"""Body paragraphs and indicator-table cells → percentage targets: '… đạt trên 90%' → Target(90, '>')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnplan.models.plan import Period, Target
from vnplan.lang.vi import nfc
from vnplan.normalize.target_clauses import clauses, clean, is_time_or_lead_in, strip_label
from vnplan.normalize.target_words import NUMBER, PERCENT, TIME_ONLY, lexicon, phrase_patterns

_PARENTHESES = re.compile(r"\([^()]*\)")
_SPACES_ONE = re.compile(r"\s")
_LONG_ASIDE = re.compile(r"(?!(?<=\s)\s)\s*\(([^()]*)\)")
# A due year: "năm 2025", "giai đoạn 2021-2025", "đến ngày 31/12/2024", "trước tháng 6/2024".
# Dates without such a time word ("Nghị định … ngày 08/4/2020") date a referenced document.
_YEAR_PHRASES = (
    re.compile(r"\b(?:năm|giai\s+đoạn)\s+((?:19|20)\d{2})(?:\s*[-–]\s*((?:19|20)\d{2}))?", re.I),
    re.compile(r"\b(?:đến|trước|trong|hết|tới|vào|cuối)\s+(?:ngày\s+\d{1,2}/|tháng\s+)?"
               r"\d{1,2}/((?:19|20)\d{2})\b", re.I),
)
_HEADING_YEAR = re.compile(
    r"^(?:mục\s+tiêu\s+|chỉ\s+tiêu\s+)?(?:(?:đến\s+hết|tới\s+hết|đến|tới|trong|hết)\s+)?(?:năm|giai\s+đoạn)\s+"
    r"((?:19|20)\d{2})(?:\s*[-–]\s*((?:19|20)\d{2}))?\s*:?$",
    re.IGNORECASE,
)
# "… và đến năm 2030" closing a clause (see _split_trailing_time)
_TRAILING_TIME = re.compile(
    r"(?<!\s)\s++và\s++((?:đến|tới|trong|vào)\s+(?:hết\s+)?năm\s+(?:19|20)\d{2})\s*+[,:]?\s*+$", re.IGNORECASE)
_RANGE_BEFORE = re.compile(rf"(?<![\w.,]){NUMBER}\s*%?\s*[-–]\s*$")  # "10 - " before "13%"
_COORDINATOR = re.compile(r",|;|(?<!\w)và(?!\w)")
_RANGE_AFTER = re.compile(rf"(?<!\s)\s*+[-–]\s*+{NUMBER}\s*+%")  # "85%" before "-90%"
_FRACTION = re.compile(r"(?<![\w/.,])(\d{1,6})/(\d{1,6})(?![\w/])")
_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w.,]?\d)")  # "467.565", "26.353,6"
MAX_METRIC_WORDS = 20


def percent_values(text: str) -> list[float]:
    """Every percentage written in TEXT: 'tương ứng là 20%, 97,7 %' → [20.0, 97.7]."""
    return [value for _, value in percent_ends(text)]


def percent_ends(text: str) -> list[tuple[int, float]]:
    """Every percentage in TEXT (NFC) with the offset just after it: 'đạt 90%' → [(7, 90.0)]."""
    return [(m.end(), _to_float(m.group(1))) for m in PERCENT.finditer(nfc(text))]


def _to_float(number: str) -> float:
    return float(number.replace(",", "."))


def heading_year(text: str) -> int | None:
    """The year of a block heading that dates the targets under it: '- Đến năm 2025:' → 2025."""
    body = strip_label(clean(text)).strip(" .")
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
    body = strip_label(clean(text))
    # "(Kết quả năm 2020: mức độ hài lòng đạt 88,4%; …)": a paragraph that opens as a report of
    # results reports in every clause
    opening = body.lstrip("([ ")
    if phrase_patterns()["reported_start"].match(opening) and ":" in opening[:60]:
        return []
    # "Kết quả thực hiện số hóa hồ sơ, giấy tờ …: Tỷ lệ … đạt 82%", "Đến nay, toàn tỉnh đã …; tỷ lệ
    # … đạt 90,58%": a paragraph whose lead-in reports reads as a report: only goal clauses count
    lead_in = opening.split(":", 1)[0] if ":" in opening[:LEAD_IN_CHARS] else opening.split(",", 1)[0]
    if phrase_patterns()["reported_start"].match(opening) or phrase_patterns()["reported"].match(lead_in):
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
    for clause in clauses(body):
        own_clause, handed_on = _split_trailing_time(clause)
        values = list(PERCENT.finditer(clause))
        if not values:
            paragraph_year = heading_year(clause) or paragraph_year
            carried_year = None
            continue
        asides = [m.span() for m in _PARENTHESES.finditer(clause) if phrase_patterns()["goal_aside"].search(m.group())]
        conditions = [m.span() for m in phrase_patterns()["condition"].finditer(clause)]
        for group in _value_groups(clause, values):
            if any(a <= group.values[0].start() < b for a, b in conditions):
                continue  # "(trường hợp đạt từ 50% đến dưới 80% thì tiêu chí này đạt 50% điểm số)"
            in_aside = any(a <= group.values[0].start() < b for a, b in asides)
            in_goal_aside = in_aside and _states_the_goal(clause[: group.values[0].start()])
            if asides and not in_aside:
                continue  # "đạt 76,43% (chỉ tiêu đề ra là 100%)": the value beside its goal is a result
            # "(4/15 sở, ngành …, chỉ tiêu đề ra là tối thiểu 20%)": the aside states the goal, whatever
            # counts of results precede it there
            if not in_goal_aside and (_is_reported(group, period) or _is_in_reference(group.segment)
                                      or _is_measured(group, clause)):
                continue
            if _RANGE_BEFORE.search(clause, 0, group.values[0].start()) or _RANGE_AFTER.match(clause, group.values[-1].end()):
                continue  # "tăng bình quân 10 - 13%/năm", "85%-90%": a range has no comparator of the contract
            if phrase_patterns()["uncoded_change"].search(clause, 0, group.values[0].start()):
                continue  # "tăng trên 3%", "tăng khoảng 10%": a change with no comparator of the contract
            if reporting and not phrase_patterns()["goal"].search(group.segment):
                continue
            metric = _metric(clause, group) or previous_metric
            previous_metric = metric
            # a year inside parentheses is a remark ("(năm 2025 lần lượt đạt 72,4% …)"), not the due year
            # the year said before the number, else the first one after it in its own part of the
            # clause ("đạt 20% xã … năm 2025, bảo đảm đến hết năm 2030 đạt 50% …"), else the clause's
            # ("… tối thiểu 80% vào năm 2027 và 100% vào năm 2030": after another value, the year before
            # 'và' or a comma is that value's, so only the words after the last of them are this one's)
            own = _COORDINATOR.split(group.segment)[-1] if group.segment_start else group.segment
            stated = (_stated_year(own) or _first_year(clause[group.tail_start: group.tail_end])
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
    for goal in phrase_patterns()["goal_aside"].finditer(before):
        pass
    return goal is not None and len(before[goal.end():].split()) <= GOAL_ASIDE_MAX_GAP_WORDS \
        and not re.search(r"[,;]", before[goal.end():]) and not phrase_patterns()["reported"].search(before[goal.end():])


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
    cell = clean(target_cell or "")
    value = PERCENT.search(cell)
    if not value:
        return None
    # The bullet of a sub-row ("- Tỷ lệ thanh toán …") is layout, not wording.
    indicator = re.sub(r"^[-–+•*]\s*", "", clean(indicator_text))
    comparator, _ = _comparator_before(cell[: value.start()])
    suffix = phrase_patterns()["after_start"].match(cell[value.end():])
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
        suffix = phrase_patterns()["after_start"].match(clause[tail_start:])
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
    patterns = phrase_patterns()
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
    return next(c.comparator for c in lexicon().before if c.phrase == phrase)


def _after_comparator(phrase: str) -> str:
    phrase = phrase.lower()
    return next(c.comparator for c in lexicon().after if c.phrase == phrase)


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
    patterns = phrase_patterns()
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


def _is_measured(group: _Group, clause: str) -> bool:
    """'Tiến độ thực hiện các kiến nghị … đạt 75,2%', 'bằng 93,29% dự toán': a share that is not a
    round number (a whole or a half), with no comparator and no goal word before it in its clause,
    was measured. A goal is round, or says what it wants ('đạt tối thiểu 97,7%', 'Phấn đấu … 99,2%')."""
    return group.comparator == "=" and any(_to_float(v.group(1)) * 2 % 1 for v in group.values) \
        and not phrase_patterns()["goal"].search(clause, 0, group.values[-1].end())


def _is_in_reference(segment: str) -> bool:
    """A number inside the title of a referenced document: 'Kế hoạch số 12/KH-UBND … về … 50%'."""
    patterns = phrase_patterns()
    references = list(patterns["doc_reference"].finditer(segment))
    if not references:
        return False
    title = re.search(r"\bvề\b", segment[references[-1].end():])
    if not title:
        return False
    between = segment[references[-1].end() + title.end():]
    return not re.search(r"[,:;]", between) and not re.search(
        rf"(?<!\w)(?:{lexicon().words('lead_in')})(?!\w)", between, re.I)


# --- years and metrics -----------------------------------------------------------------------


def _due_years(text: str) -> list[tuple[int, int]]:
    """(position, year) of the due years stated in TEXT; a baseline ('so với năm 2021') is not one,
    nor a year in the title of a referenced document ('Kế hoạch số 64/KH-UBND … về … giai đoạn
    2025 - 2030, phấn đấu …')."""
    titles = _reference_titles(text)
    found = []
    for pattern in _YEAR_PHRASES:
        for m in pattern.finditer(text):
            if phrase_patterns()["baseline_end"].search(text[: m.start()]):
                continue
            if any(a <= m.start() < b for a, b in titles):
                continue
            found.append((m.start(), int(m.group(m.lastindex or 1))))
    return found


def _reference_titles(text: str) -> list[tuple[int, int]]:
    """Spans of referenced documents' numbers and titles: from 'Kế hoạch số …' to the first comma,
    semicolon or colon outside quotation marks."""
    spans = []
    for m in phrase_patterns()["doc_reference"].finditer(text):
        quoted, end = False, len(text)
        for i in range(m.end(), len(text)):
            if text[i] in "“”\"":
                quoted = text[i] != "”" and not (text[i] == '"' and quoted)
            elif text[i] in ",;:" and not quoted:
                end = i
                break
        spans.append((m.start(), end))
    return spans


def _years(text: str) -> list[int]:
    """Due years stated in TEXT (see _due_years)."""
    return [year for _, year in _due_years(text)]


def _first_year(text: str) -> int | None:
    """The due year written first in TEXT (by position), or None."""
    found = _due_years(text)
    return min(found)[1] if found else None


def _stated_year(text: str) -> int | None:
    years = _years(text)
    return max(years) if years else None


def _strip_lead_ins(text: str) -> str:
    previous = None
    text = text.strip(" ,:;")
    while previous != text:
        previous = text
        text = phrase_patterns()["lead_in_start"].sub("", text).strip(" ,:;")
        m = TIME_ONLY.match(text)
        if m:
            text = text[m.end():].strip(" ,:;")
    return text


def _metric(clause: str, group: _Group) -> str | None:
    """What is measured, in the clause's own words: the subject before the number, or the verb
    before it plus the noun phrase after it ('niêm yết công khai 100% các TTHC …')."""
    patterns = phrase_patterns()
    head = _strip_lead_ins(clause[group.segment_start: group.head_end])
    rate = patterns["rate_word"].search(head)
    if rate:
        head = head[rate.start():]
    tail = clause[group.tail_start: group.tail_end]
    tail = re.split(r"[;:]|\.\s*$|\.\s+(?=\S)", tail, maxsplit=1)[0]
    tail = patterns["purpose"].split(tail, maxsplit=1)[0]
    tail = patterns["clause_verb"].split(tail, maxsplit=1)[0]
    tail = tail.strip(" ,")
    if is_time_or_lead_in(tail):
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
