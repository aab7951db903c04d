"""Turns a plan's time cell ("Quý I năm 2023", "Trước 25/02/2023", "Thường xuyên") into a Deadline
resolved against the plan period.

(Over 600 lines on purpose: the grammar's three layers — tokens → parsed items → resolved deadlines —
share their small types and read best in one file, with the public functions last.)

The words are data (corpus/lexicons/time_words.csv); this module is the grammar:

    deadline   := item (("," | ";" | "+" | "và" | "hoặc") item)*
    item       := [filler] ["định kỳ"] body
    body       := continuous+ [within] [range | span]         Thường xuyên (liên tục) trong năm 2023
                | recurrence [within | before | until] [span]  Hàng năm / Hàng năm vào tháng 12
                | bare unit                                    quý, 6 tháng, năm (after "định kỳ")
                | [from] span ("-" | "đến") span               Từ tháng 3 đến tháng 6/2024
                | [before | until | to | after | within] span [recurrence] [onward]
    span       := quarter (numeral | 1-4) [yearq] | month number [yearq] | part [yearq]
                | [day] d "/" m ["/" y | yearq] | day d month m [yearq] | [year] yyyy | year
    yearq      := "/" yyyy | "năm" yyyy | yyyy | "-" yyyy          Tháng 01-2022 (not a range)

A list of continuous words ("Thường xuyên, liên tục") is one continuous item, "Q3"/"T9" are
quarter/month abbreviations only when a number follows, and parentheses are layout: "Hằng năm
(trước ngày 15/12)" reads as "Hằng năm trước ngày 15/12".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from vnplan.models.plan import Deadline, Period
from vnplan.lang.vi import fold, load, nfc

_TOKEN = re.compile(r"\d+|[^\W\d_]+|[^\w\s]")
_SPACES = re.compile(r"\s+")
_TRAILING_PUNCTUATION = re.compile(r"(?<![\s.,;:])[\s.,;:]+$")  # from a run's start: linear
# Brackets around a time are layout; each becomes a space so that offsets (and raw) stay put.
_BRACKETS = re.compile(r"[()\[\]]")
# Lexicon value of a one-letter unit abbreviation ("Q3", "T9"): a unit only before a number.
_ABBREVIATION = "abbreviation"

# TIMEX3 SET values for a frequency with no anchor in the year ("Hàng quý" = every three months).
FREQUENCY_TIMEX = {"annual": "P1Y", "semiannual": "P6M", "quarterly": "P3M", "monthly": "P1M", "weekly": "P1W",
                   "daily": "P1D"}
# frequencies the contract's `recurrence` names; a finer one ("hằng tuần", "hằng ngày") keeps only its timex
CONTRACT_RECURRENCE = ("annual", "semiannual", "quarterly", "monthly")
# Finest first: a `multiple` mixing frequencies recurs at least as often as its finest item.
_FREQUENCY_ORDER = ("monthly", "quarterly", "semiannual", "annual")
_FIRST_YEAR, _LAST_YEAR = 1900, 2100


# --- tokens -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    role: str  # a lexicon role, or number | slash | dash | separator | word
    value: str
    periodic: str  # what a bare unit means after "định kỳ" (lexicon column `periodic`)
    start: int  # character offsets in the normalized cell, so list items keep their own raw text
    end: int


def _key(word: str) -> str:
    # "06 tháng" and "6 tháng" are the same phrase: numbers compare without leading zeros.
    # (int() takes decimal digits of any script but not "²", and at most 4300 of them)
    if word.isdecimal():
        return str(int(word)) if len(word) <= 100 else (word.lstrip("0") or "0")
    return word


@lru_cache(maxsize=None)
def _phrases() -> tuple[dict[tuple[str, ...], dict[str, str]], int]:
    """Lexicon phrases keyed by their folded words, and the longest phrase length."""
    index: dict[tuple[str, ...], dict[str, str]] = {}
    for row in load("time_words"):
        words = tuple(_key(fold(m.group())) for m in _TOKEN.finditer(nfc(row["phrase"])))
        if words:
            index[words] = row
    return index, max((len(words) for words in index), default=1)


def lex(text: str) -> list[Token]:
    """Longest-match lexicon phrases over folded words; everything else by its shape."""
    index, longest = _phrases()
    pieces = [(_key(fold(m.group())), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    tokens: list[Token] = []
    i = 0
    while i < len(pieces):
        for size in range(min(longest, len(pieces) - i), 0, -1):
            row = index.get(tuple(word for word, _, _ in pieces[i:i + size]))
            dot = 0
            if row and row["value"] == _ABBREVIATION:
                # "Q3", "T9", "Q.IV": a unit only when a number or numeral follows (after one dot)
                after = i + size
                dot = int(after < len(pieces) and pieces[after][0] == ".")
                following = pieces[after + dot][0] if after + dot < len(pieces) else ""
                numeral = index.get((following,), {}).get("role") == "numeral"
                if not (following.isdigit() or numeral):
                    row = None  # "Q" or "T" with no number after it is not a quarter or a month
            if row:
                tokens.append(Token(row["role"], row["value"], row["periodic"],
                                     pieces[i][1], pieces[i + size - 1 + dot][2]))
                i += size + dot
                break
        else:
            word, start, end = pieces[i]
            if word.isdecimal() and len(word) <= 9:  # longer runs of digits are no day, month or year
                role = "number"
            elif word in ("/", "."):  # "25.02.2023" is written as well as "25/02/2023"
                role = "slash"
            elif word == "-":  # fold() already made every dash a hyphen
                role = "dash"
            elif word in (",", ";", "+"):
                role = "separator"
            else:
                role = "word"
            tokens.append(Token(role, word, "", start, end))
            i += 1
    return tokens


# --- parsed, not yet resolved against the plan period -------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A calendar unit as written; year None when the text leaves it to the plan."""

    unit: str  # date | day | month | quarter | part | year
    year: int | None = None
    number: int | None = None  # the month, or the quarter for unit quarter
    day: int | None = None
    part: str | None = None  # lexicon value for unit part: H1, H2, Q1, Q4, M01-09


@dataclass(frozen=True)
class _Item:
    shape: str  # point | range | continuous | recurring | adhoc
    span: _Span | None = None  # the point, the range start, or what a continuous task runs within
    until: _Span | None = None  # the range end (None: open)
    bounds: _Item | None = None  # a range that a continuous task runs within
    mod: str | None = None  # BEFORE | ON_OR_BEFORE
    recurrence: str | None = None
    is_onward: bool = False


class _Cursor:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.i = 0

    def role(self, ahead: int = 0) -> str | None:
        j = self.i + ahead
        return self.tokens[j].role if j < len(self.tokens) else None

    def take(self, *roles: str) -> Token | None:
        if self.role() in roles:
            self.i += 1
            return self.tokens[self.i - 1]
        return None

    def number(self, low: int, high: int) -> int | None:
        if self.role() == "number" and low <= int(self.tokens[self.i].value) <= high:
            self.i += 1
            return int(self.tokens[self.i - 1].value)
        return None

    @property
    def is_done(self) -> bool:
        return self.i >= len(self.tokens)


def _is_year_at(cur: _Cursor, ahead: int) -> bool:
    j = cur.i + ahead
    return (j < len(cur.tokens) and cur.tokens[j].role == "number"
            and _FIRST_YEAR <= int(cur.tokens[j].value) <= _LAST_YEAR)


def _year_qualifier(cur: _Cursor, dash: bool = False) -> int | None:
    """'/2024', 'năm 2023' or a bare '2023' after a month, quarter or part of the year; with DASH
    also '-2022' ("Tháng 01-2022": a dash before a four-digit year gives the year, while
    "Tháng 3-6/2024" stays a range because 6 is no year)."""
    if (cur.role() in ("slash", "year") or (dash and cur.role() == "dash")) and _is_year_at(cur, 1):
        cur.i += 1
    if _is_year_at(cur, 0):
        return cur.number(_FIRST_YEAR, _LAST_YEAR)
    return None


def _ordinal(cur: _Cursor, high: int) -> int | None:
    numeral = cur.take("numeral")
    if numeral:
        return int(numeral.value) if int(numeral.value) <= high else None
    return cur.number(1, high)


def _date_after_day(cur: _Cursor, day: int) -> _Span | None:
    """The rest of a date once its day is read: '/02/2023', '/12', ' tháng 3 năm 2024'."""
    if cur.take("slash"):
        if _is_year_at(cur, 0):  # "3/2024" is a month, not a day
            return _Span("month", year=cur.number(_FIRST_YEAR, _LAST_YEAR), number=day)
        month = cur.number(1, 12)
        if month is None:
            return None
        if cur.role() == "slash" and cur.role(1) == "number" and not _is_year_at(cur, 1):
            cur.i += 1
            short_year = cur.number(0, 99)  # "25/02/23"
            return None if short_year is None else _Span("date", year=2000 + short_year, number=month, day=day)
        return _Span("date", year=_year_qualifier(cur), number=month, day=day)
    if cur.take("month"):
        month = _ordinal(cur, 12)
        return None if month is None else _Span("date", year=_year_qualifier(cur), number=month, day=day)
    return None


def _span(cur: _Cursor) -> _Span | None:
    week = cur.take("week")
    if week:
        # "Tuần đầu tháng 4": a week of a month (days 1-7, or the last seven days for "tuần cuối")
        if not cur.take("month"):
            return None
        month = _ordinal(cur, 12)
        return None if month is None else _Span("week", year=_year_qualifier(cur, dash=True), number=month,
                                                part=week.value)
    if cur.take("quarter"):
        quarter = _ordinal(cur, 4)
        return None if quarter is None else _Span("quarter", year=_year_qualifier(cur, dash=True), number=quarter)
    if cur.take("month"):
        month = _ordinal(cur, 12)
        return None if month is None else _Span("month", year=_year_qualifier(cur, dash=True), number=month)
    part = cur.take("part")
    if part:
        return _Span("part", year=_year_qualifier(cur), part=part.value)
    if cur.take("year"):
        # a bare "năm" ("Trong năm", the last item of "Quý I, 6 tháng, năm") is the plan year
        return _Span("year", year=cur.number(_FIRST_YEAR, _LAST_YEAR))
    if cur.take("day"):
        day = cur.number(1, 31)
        if day is None:
            return None
        if cur.role() in ("slash", "month"):
            return _date_after_day(cur, day)
        return _Span("day", day=day)  # "ngày 5 hàng tháng"
    if _is_year_at(cur, 0):
        return _Span("year", year=cur.number(_FIRST_YEAR, _LAST_YEAR))
    day = cur.number(1, 31)
    if day is not None:
        return _date_after_day(cur, day)
    return None


def _range_or_span(cur: _Cursor, is_from: bool) -> _Item | None:
    first = _span(cur)
    if first is None:
        return None
    if cur.take("dash", "to") or (is_from and cur.take("until")):  # "từ tháng 10/2025 đến hết tháng 3/2026"
        last = _span(cur)
        return None if last is None else _Item("range", span=first, until=last)
    if is_from:
        return _Item("range", span=first)  # "Từ tháng 3/2024": open at its end
    return _Item("point", span=first)


def _parse_item(tokens: list[Token], is_periodic: bool) -> _Item | None:
    """One list item, or None when any of it is not understood (never a guess)."""
    cur = _Cursor(tokens)
    cur.take("filler")
    if cur.take("periodic"):
        is_periodic = True
    if cur.is_done:
        return _Item("recurring") if is_periodic else None  # "Định kỳ": how often is not said
    if cur.take("adhoc"):
        return _Item("adhoc") if cur.is_done else None

    if cur.take("continuous"):
        while cur.take("continuous"):
            pass  # "Thường xuyên liên tục": synonyms, one continuous task
        cur.take("within")
        if cur.is_done:
            return _Item("continuous")
        cur.take("stage")
        inner = _range_or_span(cur, is_from=bool(cur.take("from")))
        if inner is None or not cur.is_done:
            return None
        if inner.shape == "range":
            return _Item("continuous", bounds=inner)
        return _Item("continuous", span=inner.span)

    recurrence = cur.take("recurrence")
    if recurrence:
        if cur.is_done:
            return _Item("recurring", recurrence=recurrence.value)
        mod_token = cur.take("before", "until")  # "Hằng năm (trước ngày 15/12)"
        if mod_token is None:
            cur.take("within")
        anchor = _span(cur)  # "Hàng năm vào tháng 12"
        if anchor is None or anchor.year is not None or not cur.is_done:
            return None
        return _Item("point", span=anchor, recurrence=recurrence.value,
                     mod=mod_token.value if mod_token else None)

    if is_periodic and len(tokens) - cur.i == 1 and tokens[cur.i].periodic:
        return _Item("recurring", recurrence=tokens[cur.i].periodic)  # "quý", "6 tháng", "năm"

    mod_token = cur.take("before", "until", "to", "after")
    if mod_token is None or mod_token.value == "ON_OR_BEFORE":
        cur.take("within")  # "chậm nhất trong năm 2027": at the latest within that year
    cur.take("stage")  # "giai đoạn 2021-2025", "giai đoạn từ 2021 đến 2025"
    is_from = bool(cur.take("from"))
    item = _range_or_span(cur, is_from)
    if item is None:
        return None
    if item.shape == "range":
        if not mod_token and item.until is not None and cur.take("onward") and cur.is_done:
            return _Item("range", span=item.span)  # "Năm 2026 - 2027 và các năm tiếp theo": from 2026 on
        if mod_token or not cur.is_done:
            return None
        return item
    recurrence = cur.take("recurrence")
    is_onward = bool(cur.take("onward"))
    if not cur.is_done or (is_onward and (mod_token or recurrence)) \
            or (recurrence and mod_token and mod_token.value == "AFTER"):
        return None
    return replace(item, mod=mod_token.value if mod_token else None,
                   recurrence=recurrence.value if recurrence else None, is_onward=is_onward)


def _split(tokens: list[Token]) -> list[list[Token]]:
    groups: list[list[Token]] = [[]]
    for token in tokens:
        if token.role in ("separator", "and"):
            groups.append([])
            continue
        if token.role == "recurrence" and groups[-1] and groups[-1][-1].role == "continuous":
            continue  # "Thường xuyên hàng năm": regularly, every year: one continuous task
        groups[-1].append(token)
    return [group for group in groups if group]


def _inherit_units(groups: list[list[Token]]) -> list[list[Token]]:
    """'Quý II, III năm 2022', 'Tháng 3, 4/2024': a bare number takes the unit of the item before it."""
    result: list[list[Token]] = []
    unit = None
    for group in groups:
        first = group[0]
        is_date = len(group) >= 3 and group[1].role == "slash" and not (
            group[2].role == "number" and _FIRST_YEAR <= int(group[2].value) <= _LAST_YEAR)
        if unit and (first.role == "numeral" or (first.role == "number" and not is_date)):
            group = [replace(unit, start=first.start, end=first.start), *group]
        unit = next((t for t in reversed(group) if t.role in ("quarter", "month")), None)
        result.append(group)
    return result


def _explicit_year(item: _Item) -> int | None:
    for span in (item.span, item.until):
        if span is not None and span.year is not None:
            return span.year
    return None


def _is_yearless_point(item: _Item) -> bool:
    return item.shape == "point" and item.span.year is None and not item.is_onward


def _share_context(items: list[_Item]) -> list[_Item]:
    """A list shares its year and its frequency: 'Quý II, Quý III năm 2022', 'Quý II, III hàng năm'."""
    items = list(items)
    # A trailing "hàng năm" is said once for the whole list.
    if items[-1].shape == "point" and items[-1].recurrence:
        items = [replace(it, recurrence=items[-1].recurrence)
                 if _is_yearless_point(it) and it.recurrence is None else it for it in items]
    # After "Hằng năm, …" the anchored items recur at that frequency.
    current = None
    for n, item in enumerate(items):
        if item.shape == "recurring":
            current = item.recurrence
        elif current and _is_yearless_point(item) and item.recurrence is None:
            items[n] = replace(item, recurrence=current)
    # The year written on one item ("năm 2023" at the end) belongs to the others that lack one.
    years = [_explicit_year(it) if it.shape in ("point", "range") else None for it in items]
    for n, item in enumerate(items):
        if item.shape not in ("point", "range") or item.recurrence:
            continue
        year = next((y for y in years[n + 1:] if y), None) or next((y for y in reversed(years[:n]) if y), None)
        if year is None:
            continue
        if item.span is not None and item.span.year is None:
            item = replace(item, span=replace(item.span, year=year))
        if item.until is not None and item.until.year is None:
            item = replace(item, until=replace(item.until, year=year))
        items[n] = item
    return items


def _parse(tokens: list[Token]) -> list[tuple[_Item, int, int]] | None:
    groups = _inherit_units(_split(tokens))
    if not groups:
        return None
    # "Định kỳ quý, 6 tháng, năm", "Hàng quý, 6 tháng, hàng năm" and "6 tháng, hằng năm": a list that
    # opens with "định kỳ" or holds a bare frequency is a set of frequencies.
    is_periodic = groups[0][0].role == "periodic" or any(
        len(group) == 1 and group[0].role == "recurrence" for group in groups)
    items: list[_Item] = []
    bounds: list[tuple[int, int]] = []
    for group in groups:
        item = _parse_item(group, is_periodic)
        if item is None:
            return None
        if items and _is_same_continuous(items[-1], item):
            # "Thường xuyên, liên tục": two words for one continuous task, not two checkpoints
            items[-1] = item if _is_bare_continuous(items[-1]) else items[-1]
            bounds[-1] = (bounds[-1][0], group[-1].end)
            continue
        items.append(item)
        bounds.append((group[0].start, group[-1].end))
    if all(item.shape == "adhoc" for item in items):
        return None
    items = _share_context(items)
    return [(item, start, end) for item, (start, end) in zip(items, bounds)]


def _is_bare_continuous(item: _Item) -> bool:
    return item.shape == "continuous" and item.span is None and item.bounds is None


def _is_same_continuous(first: _Item, second: _Item) -> bool:
    """Two continuous items of which at most one names its time: one task running on."""
    return (first.shape == second.shape == "continuous"
            and (_is_bare_continuous(first) or _is_bare_continuous(second)))


# --- resolution against the plan period ---------------------------------------------------------


@dataclass(frozen=True)
class PlanYears:
    first: int | None
    last: int | None

    @classmethod
    def of(cls, period: Period) -> PlanYears:
        # A period with one year known is taken as that one year.
        first = period.start_year if period.start_year is not None else period.end_year
        last = period.end_year if period.end_year is not None else period.start_year
        return cls(first, last)

    @property
    def start(self) -> str | None:
        return None if self.first is None else f"{self.first:04d}-01-01"

    @property
    def end(self) -> str | None:
        return None if self.last is None else f"{self.last:04d}-12-31"

    @property
    def timex(self) -> str | None:
        if self.first is None:
            return None
        return str(self.first) if self.first == self.last else f"{self.first}/{self.last}"


@dataclass(frozen=True)
class _Resolved:
    kind: str
    start: date | None
    end: date | None
    timex: str


def _months(span: _Span) -> tuple[int, int]:
    if span.unit in ("date", "month", "week"):
        return span.number, span.number
    if span.unit == "quarter":
        return 3 * span.number - 2, 3 * span.number
    if span.unit == "year" or span.part == "Y":
        return 1, 12
    part = span.part
    if part[0] == "H":
        return (1, 6) if part == "H1" else (7, 12)
    if part[0] == "Q":
        return 3 * int(part[1]) - 2, 3 * int(part[1])
    first, last = part[1:].split("-")  # "M01-09"
    return int(first), int(last)


def _resolve_span(span: _Span, year: int | None) -> _Resolved | None:
    """Kind, first and last day and TIMEX3 value of a span; year None gives an 'XXXX' value."""
    year_text = "XXXX" if year is None else f"{year:04d}"
    if span.unit == "day":
        return None  # a day with no month only makes sense "hàng tháng"
    first_month, last_month = _months(span)
    if span.unit == "date":
        # Feb 29 is only checked once a year is known
        try:
            date(year if year is not None else 2000, span.number, span.day)
        except ValueError:
            return None
        kind, timex = "date", f"{year_text}-{span.number:02d}-{span.day:02d}"
    elif span.unit == "week":
        if year is None:
            return _Resolved("range", None, None, f"{year_text}-{span.number:02d}")
        last_day = calendar.monthrange(year, span.number)[1]
        first_day = last_day - 6 if span.part == "L" else 1 + 7 * (int(span.part) - 1)
        start, end = date(year, span.number, first_day), date(year, span.number, min(first_day + 6, last_day))
        return _Resolved("range", start, end, f"{start.isoformat()}/{end.isoformat()}")
    elif span.unit == "month":
        kind, timex = "month", f"{year_text}-{span.number:02d}"
    elif span.unit == "quarter" or (span.unit == "part" and span.part[0] == "Q"):
        kind, timex = "quarter", f"{year_text}-Q{(first_month + 2) // 3}"
    elif span.unit == "year" or span.part == "Y":
        kind, timex = "year", year_text  # "Đầu năm 2025": the year it names
    elif span.part[0] == "H":
        kind, timex = "half_year", f"{year_text}-{span.part}"
    else:
        kind, timex = "range", f"{year_text}-{first_month:02d}/{year_text}-{last_month:02d}"
    if year is None:
        return _Resolved(kind, None, None, timex)
    if span.unit == "date":
        start = end = date(year, span.number, span.day)
    else:
        start = date(year, first_month, 1)
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return _Resolved(kind, start, end, timex)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _resolve_range(item: _Item, plan: PlanYears) -> Deadline | None:
    if item.span.unit == "day" and item.until is not None and item.until.unit == "date":
        # "từ ngày 08 đến ngày 10 tháng 12 năm 2025": the first day takes the last one's month
        item = replace(item, span=replace(item.until, day=item.span.day))
    first_year = item.span.year or (item.until.year if item.until else None) or plan.first
    first = _resolve_span(item.span, first_year)
    if item.until is None:
        return None if first is None else Deadline(kind="range", start=_iso(first.start))
    last_year = item.until.year or first_year
    last = _resolve_span(item.until, last_year)
    if first is None or last is None or (first.start and last.end and first.start > last.end):
        return None
    return Deadline(kind="range", start=_iso(first.start), end=_iso(last.end),
                    timex=f"{first.timex}/{last.timex}")


def _resolve_item(item: _Item, plan: PlanYears) -> Deadline | None:
    if item.shape == "adhoc":
        return Deadline(kind="unknown")  # only inside a list: "… hoặc đột xuất"
    if item.shape == "continuous":
        if item.bounds is not None:
            inner = _resolve_range(item.bounds, plan)
            return None if inner is None else inner.model_copy(update={"kind": "continuous"})
        if item.span is not None:
            inner = _resolve_span(item.span, item.span.year or plan.first)
            if inner is None:
                return None
            return Deadline(kind="continuous", start=_iso(inner.start), end=_iso(inner.end), timex=inner.timex)
        return Deadline(kind="continuous", start=plan.start, end=plan.end, timex=plan.timex)
    if item.shape == "recurring":
        # Recurring tasks run over the whole plan period: start/end span it.
        return Deadline(kind="recurring", start=plan.start, end=plan.end,
                        recurrence=item.recurrence if item.recurrence in CONTRACT_RECURRENCE else None,
                        timex=FREQUENCY_TIMEX.get(item.recurrence))
    if item.shape == "range":
        return _resolve_range(item, plan)

    span = item.span
    if item.recurrence:
        # "Quý III hàng năm", "Trước 18/12 hàng năm": each year of the plan period, so start/end
        # span the period and the TIMEX3 value leaves the year open ("XXXX-Q3", "XXXX-12-18").
        if item.recurrence not in CONTRACT_RECURRENCE:
            return None
        if span.unit == "day":
            if item.recurrence != "monthly":
                return None
            timex = f"XXXX-XX-{span.day:02d}"
        else:
            anchor = _resolve_span(replace(span, year=None), None)
            if anchor is None:
                return None
            timex = anchor.timex
        return Deadline(kind="recurring", start=plan.start, end=plan.end, recurrence=item.recurrence,
                        timex=timex, timex_mod=item.mod)

    # A year-less point takes the plan's first year (a multi-year plan gives no better choice).
    resolved = _resolve_span(span, span.year or plan.first)
    if resolved is None:
        return None
    if item.is_onward:
        # "Năm 2024 và các năm tiếp theo": from then on, open at the end; TIMEX3 has no open interval.
        return Deadline(kind="range", start=_iso(resolved.start))
    if item.mod == "AFTER":
        # "sau năm 2028": from the day after, open at the end (no AFTER modifier in the contract)
        return Deadline(kind="range", start=_iso(resolved.end + timedelta(days=1)))
    if item.mod == "BEFORE":
        # "Trước 25/02/2023" ends on the named day (contract); before a longer time the last day
        # allowed is the day before it starts: "trước năm 2027" → 2026-12-31, "trước tháng 6" → 31 May.
        end = resolved.start if resolved.start == resolved.end else resolved.start - timedelta(days=1)
        return Deadline(kind="by_date", end=_iso(end), timex=resolved.timex, timex_mod="BEFORE")
    if item.mod == "ON_OR_BEFORE":
        # "Đến hết năm 2025", "chậm nhất 30/6/2024": up to the last day of the named time.
        return Deadline(kind="by_date", end=_iso(resolved.end), timex=resolved.timex, timex_mod="ON_OR_BEFORE")
    return Deadline(kind=resolved.kind, start=_iso(resolved.start), end=_iso(resolved.end), timex=resolved.timex)


def combine(checkpoints: list[Deadline]) -> Deadline:
    """A list of times: from its earliest stated start (a by_date says no start of its own: 'trước
    năm 2027 và vận hành thường xuyên' starts when the running does) to its latest end (None if
    any end is open: an open range, a relative time)."""
    # a list inside a list ("thông báo định kỳ, báo cáo hàng quý và hàng năm") is one flat list
    checkpoints = [inner for c in checkpoints for inner in (c.checkpoints if c.kind == "multiple" else [c])]
    starts = [c.start for c in checkpoints if c.start]
    ends = [c.end for c in checkpoints]
    frequencies = [c.recurrence for c in checkpoints if c.recurrence]
    return Deadline(
        kind="multiple",
        start=min(starts) if starts else None,
        end=max(ends) if all(ends) else None,
        recurrence=min(frequencies, key=_FREQUENCY_ORDER.index) if frequencies else None,
        checkpoints=checkpoints,
    )


def _drop_clock(tokens: list[Token]) -> list[Token]:
    """'Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1' → 'ngày 23 tháng 1': the hours of a day
    are finer than any deadline, so a clock time (and the 'từ', dash or comma that only joins clock
    times) is dropped and the day it is on stays."""
    drop = [False] * len(tokens)
    i = 0
    while i < len(tokens) - 1:
        if tokens[i].role == "number" and tokens[i + 1].role == "clock":
            j = i + 2
            if j < len(tokens) and tokens[j].role == "number" and int(tokens[j].value) < 60 and (
                    j + 1 >= len(tokens) or tokens[j + 1].role in ("clock", "dash", "to", "separator", "day")):
                j += 2 if j + 1 < len(tokens) and tokens[j + 1].role == "clock" else 1
            drop[i:j] = [True] * (j - i)
            if i and tokens[i - 1].role in ("from", "dash", "to", "separator"):
                drop[i - 1] = True
            if j < len(tokens) and tokens[j].role == "separator":
                drop[j] = True
            i = j
            continue
        i += 1
    if not any(drop):
        return tokens
    return [t for t, gone in zip(tokens, drop) if not gone]


# --- public -------------------------------------------------------------------------------------


def parse_deadline(raw: str | None, period: Period) -> Deadline:
    """A time cell resolved against the plan period: 'Quý IV' in a 2024 plan → 2024-10-01..2024-12-31."""
    text = _SPACES.sub(" ", nfc(raw or "")).strip()
    if not text:
        return Deadline(raw=None, kind="unknown")
    # Trailing dots and commas are layout, not meaning; so are brackets ("Hằng năm (trước ngày
    # 15/12)" is "Hằng năm trước ngày 15/12"), replaced by spaces to keep the offsets of raw.
    parsed = _parse(_drop_clock(lex(_TRAILING_PUNCTUATION.sub("", _BRACKETS.sub(" ", text)))))
    if parsed is None:
        return Deadline(raw=text, kind="unknown")
    plan = PlanYears.of(period)
    checkpoints = []
    for item, start, end in parsed:
        deadline = _resolve_item(item, plan)
        if deadline is None:
            return Deadline(raw=text, kind="unknown")
        checkpoints.append(deadline.model_copy(update={"raw": text[start:end]}))
    if len(checkpoints) == 1:
        if checkpoints[0].kind == "unknown":
            return Deadline(raw=text, kind="unknown")
        return checkpoints[0].model_copy(update={"raw": text})
    return combine(checkpoints).model_copy(update={"raw": text})


def parse_deadline_years(raw: str | None, start_year: int | None, end_year: int | None) -> Deadline:
    """parse_deadline with the plan period given as two years: ('Quý I/2024', 2024, 2024)."""
    return parse_deadline(raw, Period(start_year=start_year, end_year=end_year))
