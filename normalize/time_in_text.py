"""Times in running text: the time expressions a sentence holds, and a time cell read the way a
reader means it when the grammar cannot read it whole ("Ban hành kế hoạch chậm nhất là ngày
15/01/2026 và tổ chức thực hiện" → by 2026-01-15; "Sau khi Kế hoạch được phê duyệt" → relative).

The grammar itself (tokens, items, resolution against the plan period) is normalize/deadlines.py;
this module only finds its expressions in text and decides what a sentence's deadline is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from vnplan.lang.vi import load, lower_nfc, nfc
from vnplan.lang.vi.patterns import YEAR, phrases
from vnplan.models.plan import Deadline, Period
from vnplan.normalize.deadlines import (
    CONTRACT_RECURRENCE, FREQUENCY_TIMEX, PlanYears, Token, combine, lex, parse_deadline,
)

_SPACES = re.compile(r"\s+")
_YEAR = re.compile(rf"\b{YEAR}\b")


# Roles a time expression in running text may begin with. A bare number or a day word does not
# start one: "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018" dates a document, it sets no deadline.
_OPENING_ROLES = frozenset({"before", "until", "to", "after", "within", "from", "stage", "quarter", "month", "part", "week",
                            "year", "recurrence", "continuous", "periodic"})
_CLOSING_ROLES = frozenset({"separator", "and", "slash", "dash", "filler", "to", "from", "within", "word"})
MAX_SPAN_TOKENS = 14


_ANCHORLESS_ROLES = frozenset({"continuous", "recurrence", "periodic", "part"})


@lru_cache(maxsize=None)
def _marked_phrases() -> frozenset[str]:
    return frozenset(lower_nfc(row["phrase"]) for row in load("time_words"))


def _is_time_word(text: str, token: Token, marked: bool) -> bool:
    """A lexicon word in running text: with its marks when the text has marks ('mọi quy trình' is
    not 'mỗi quý', 'Việt Nam' is not 'năm'); numbers and punctuation as they are."""
    if token.role in ("number", "slash", "dash", "separator", "word"):
        return True
    return not marked or lower_nfc(text[token.start:token.end]) in _marked_phrases()


def find_deadlines(text: str, period: Period) -> list[tuple[int, int, Deadline]]:
    """Time expressions in running text, longest first from the left, each one the grammar reads:
    'Hoàn thành trước ngày 31/12/2024' → [(10, 32, by_date 2024-12-31)]. Offsets index `text`.

    Stricter than a time cell: the words must carry their marks when the text has marks, and a
    lone unit word ("5 năm, 10 năm") with no number is not a time."""
    marked = any(ord(c) > 127 and c.isalpha() for c in text)
    tokens = [t if _is_time_word(text, t, marked) else replace(t, role="word") for t in lex(text)]
    found: list[tuple[int, int, Deadline]] = []
    i = 0
    while i < len(tokens):
        # the tail of a date ("ngày 15 tháng 6 năm 2023" of a decree) is not a time of its own
        if tokens[i].role not in _OPENING_ROLES or (i and tokens[i - 1].role in ("number", "day")):
            i += 1
            continue
        stop = i
        while stop < len(tokens) and stop - i < MAX_SPAN_TOKENS and tokens[stop].role != "word":
            stop += 1
        for j in range(stop, i, -1):
            if tokens[j - 1].role in _CLOSING_ROLES:
                continue
            start, end = tokens[i].start, tokens[j - 1].end
            if not any(t.role == "number" or t.role in _ANCHORLESS_ROLES for t in tokens[i:j]):
                continue
            deadline = parse_deadline(text[start:end], period)
            if deadline.kind != "unknown":
                found.append((start, end, deadline))
                i = j
                break
        else:
            i += 1
    if len(found) > 1:
        labels = [f for f in found if _names_a_thing(text, f[0])]
        if len(labels) < len(found):
            found = [f for f in found if f not in labels]
    return found


LABEL_WINDOW_WORDS = 6  # "Chỉ số cải cách hành chính năm 2025": how far before the year its noun may be


@lru_cache(maxsize=1)
def _label_nouns() -> re.Pattern[str]:
    words = sorted((lower_nfc(r["phrase"]) for r in load("time_labels")), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def _names_a_thing(text: str, start: int) -> bool:
    """A bare 'năm 2025' a few words after a noun it names ('Chỉ số … năm 2025', time_labels.csv),
    with no comma or preposition between: the year is the thing's, not a time."""
    tokens = lex(text[start:start + 12])
    if len(tokens) < 2 or (tokens[0].role, tokens[1].role) != ("year", "number"):
        return False  # not a bare year word and its number ("trong năm 2025" opens with "trong")
    window = re.split(r"[,;:.()]", " ".join(lower_nfc(text[:start]).split()[-LABEL_WINDOW_WORDS:]))[-1]
    return _label_nouns().search(window) is not None and not _is_time_word_before(window)


def _is_time_word_before(window: str) -> bool:
    """'… trong năm 2025': the word just before the year is a time word of the lexicon (a preposition)."""
    last = window.split()[-1:] or [""]
    return last[0] in _marked_phrases()


@lru_cache(maxsize=1)
def _anchor_ends() -> re.Pattern[str]:
    return re.compile(rf"\s(?:{phrases(lower_nfc(r['phrase']) for r in load('anchor_ends'))})\s", re.I)


def relative_deadline(raw: str | None) -> Deadline | None:
    """'Sau khi Kế hoạch được phê duyệt' → kind relative, anchor 'Kế hoạch được phê duyệt'; 'Trong
    vòng 30 ngày kể từ ngày ban hành' → anchor 'ban hành'. No dates are invented (contract)."""
    text = _SPACES.sub(" ", nfc(raw or "")).strip()
    if not text:
        return None
    tokens = lex(text)
    for token in tokens:
        if token.role == "relative":
            # the event runs to the end of its clause: "Sau khi UBND tỉnh ban hành …, Văn phòng …"
            anchor = re.split(r"[;.]\s|,\s+(?=[A-ZĐÀ-Ỹ])", text[token.end:] + " ", maxsplit=1)[0]
            # "… đưa vào sử dụng tại các cơ quan …": a place or a second time is not the event
            anchor = _anchor_ends().split(anchor, maxsplit=1)[0].strip(" ,.;:()")
            if anchor:
                return Deadline(raw=text, kind="relative", anchor=anchor)
    return None


def read_deadline(raw: str | None, period: Period) -> Deadline:
    """A time cell as a reader means it: the whole cell when the grammar reads it ('Quý I/2024');
    else the time expressions inside it ('Ban hành chậm nhất là ngày 15/01/2026 và tổ chức thực
    hiện' → by_date 2026-01-15, raw the phrase; see _sentence_deadline); else a time relative to an
    event ('Sau khi … được phê duyệt'); else unknown with the cell as raw."""
    whole = parse_deadline(raw, period)
    kinds = {(c.kind, c.end is None) for c in whole.checkpoints}
    if whole.kind == "multiple" and kinds == {("range", True), ("continuous", False)}:
        # "Triển khai từ năm 2026 và thực hiện thường xuyên, liên tục": continuous from that start
        starts = [c.start for c in whole.checkpoints if c.kind == "range"]
        return Deadline(raw=whole.raw, kind="continuous", start=min(starts), end=PlanYears.of(period).end)
    if whole.kind != "unknown" or whole.raw is None:
        return whole
    found = find_deadlines(whole.raw, period)
    if found:
        deadline = _sentence_deadline(whole.raw, found, period)
        # "… báo cáo hằng năm và tổng kết sau khi kết thúc Đề án": another activity after the times,
        # set by an event, is one more checkpoint; "Quý I/2026, sau khi có hướng dẫn" only qualifies the time
        tail = whole.raw[found[-1][1]:]
        # (only an event after which it happens: "trước khi đoàn đến làm việc" times a notice, not the task)
        event = next((t.start for t in lex(tail) if t.role == "relative" and t.value == "after"), None)
        after = relative_deadline(tail[event:]) if event is not None and re.search(r"\w", tail[:event]) else None
        if after is None or deadline.kind == "unknown":
            return deadline
        return combine([deadline, after]).model_copy(update={"raw": whole.raw})
    return relative_deadline(whole.raw) or whole


def due_by(deadline: Deadline) -> Deadline:
    """A time read under a header that names a time limit ("Thời hạn hoàn thành"): a bare day there
    is the day the task is due by, so `date` becomes `by_date` (open start, ON_OR_BEFORE); so do the
    days of a `multiple`. Every other kind already says what it spans."""
    if deadline.kind == "date":
        return deadline.model_copy(update={"kind": "by_date", "start": None, "timex_mod": "ON_OR_BEFORE"})
    if deadline.kind == "multiple" and any(c.kind == "date" for c in deadline.checkpoints):
        checkpoints = [due_by(c) for c in deadline.checkpoints]
        starts = [c.start for c in checkpoints]
        return deadline.model_copy(update={"checkpoints": checkpoints,
                                           "start": None if None in starts else min(starts)})
    return deadline


def _sentence_deadline(text: str, found: list[tuple[int, int, Deadline]], period: Period) -> Deadline:
    """The deadline of a sentence from the time expressions found in it:
    - a frequency said elsewhere in the sentence ('định kỳ hằng năm … trước ngày 15 tháng 12')
      makes a year-less time recur ('trước ngày 15/12 hằng năm'), and an open start ('hằng tháng …
      từ tháng 01/2026') bounds a recurring task;
    - 'từ năm 2026 … thường xuyên, liên tục' is continuous from then to the plan's end;
      'thường xuyên … trong năm 2026' continuous within that year; two activities joined by 'và'
      or a comma ('hoàn thành trước năm 2027 và vận hành thường xuyên') are a multiple;
    - a sentence that mentions a year and then its due date is due by that date."""
    plan = PlanYears.of(period)
    # "Ngày 23/10/2025, Bộ Nội vụ đã ban hành …, nộp báo cáo trong tháng 01/2026": a time that opens
    # the sentence and is closed by a comma sets the scene when other times follow
    if len(found) > 1 and not text[:found[0][0]].strip() and text[found[0][1]:].lstrip().startswith(","):
        found = found[1:]
    # "từ năm 2026 và thực hiện thường xuyên, liên tục" is found as one list: read its items
    if len(found) == 1 and found[0][2].kind == "multiple" and any(
            c.kind in ("continuous", "recurring") for c in found[0][2].checkpoints):
        if all(c.kind in ("recurring", "unknown") for c in found[0][2].checkpoints):
            # "báo cáo … định kỳ hằng năm hoặc đột xuất theo yêu cầu": in running text an ad-hoc
            # report is said beside the schedule, it is no time of the task (four blind annotators)
            recurring = [c for c in found[0][2].checkpoints if c.kind == "recurring"]
            return (recurring[0] if len(recurring) == 1 else combine(recurring)).model_copy(update={"raw": text})
        found = [(found[0][0], found[0][1], c) for c in found[0][2].checkpoints]
    deadlines = [d for _, _, d in found]
    # a bare frequency ("Định kỳ hằng năm") found on its own, or a frequency word outside the times
    bare = [n for n, d in enumerate(deadlines) if d.kind == "recurring" and d.timex in FREQUENCY_TIMEX.values()]
    recurrence = _recurrence_outside(text, found)
    with_bare = list(deadlines)
    if bare and len(deadlines) > len(bare):
        # "kế hoạch … hằng năm …, định kỳ hằng tháng …": the frequency said with 'định kỳ' is the task's
        said = [n for n in bare if any(t.role == "periodic" for t in lex(deadlines[n].raw or ""))]
        words = deadlines[(said or bare)[0]].raw or ""
        word = next((words[t.start:t.end] for t in lex(words) if t.role == "recurrence"), words)
        # the frequency read as a time ("định kỳ hằng tháng") over a stray word elsewhere ("kế hoạch … hằng năm")
        recurrence = (word, deadlines[(said or bare)[0]].recurrence)
        found = [f for n, f in enumerate(found) if n not in bare]
        deadlines = [d for n, d in enumerate(deadlines) if n not in bare]
    if recurrence is not None and len(deadlines) > 1:
        # a schedule of reports: "hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6),
        # năm (trước ngày 20/11 hàng năm)": the time in brackets is the day of the report named
        # before it, and a day without a year comes back every year of the plan
        named = {n for n in range(len(found) - 1) if _names_bracketed_time(text, found[n], found[n + 1])}
        found = [f for n, f in enumerate(found) if n not in named]
        deadlines = [_every_year(d, plan) for n, d in enumerate(deadlines) if n not in named]
    if recurrence is not None:
        phrase, value = recurrence
        if deadlines and all(d.kind == "range" and d.end is None for d in deadlines):
            return Deadline(raw=text, kind="recurring", start=min(d.start for d in deadlines), end=plan.end,
                            recurrence=value if value in CONTRACT_RECURRENCE else None,
                            timex=FREQUENCY_TIMEX.get(value))
        if len(deadlines) == 1 and not _YEAR.search(deadlines[0].raw or ""):
            recurring = parse_deadline(f"{deadlines[0].raw} {phrase}", period)
            if recurring.kind == "recurring":
                return recurring
            if deadlines[0].kind == "range" and value in CONTRACT_RECURRENCE:
                # "Từ tháng 3 đến tháng 11 hằng năm": the same months every year of the plan
                return Deadline(raw=text, kind="recurring", start=plan.start, end=plan.end, recurrence=value,
                                timex=FREQUENCY_TIMEX.get(value))
        if len(with_bare) > len(deadlines) and deadlines and all(
                _YEAR.search(d.raw or "") for d in deadlines):
            # "trước ngày 20 tháng 11 năm 2025 và hàng tháng": a dated time cannot recur, so the
            # frequency is a checkpoint of its own beside it
            return combine(with_bare).model_copy(update={"raw": text})
    dated = [d for d in deadlines if _YEAR.search(d.raw or "")]
    if dated and recurrence is None:
        # "sơ kết 6 tháng đầu năm vào tháng 7/2026", "trước ngày 10/6/2026 (báo cáo 6 tháng)": beside
        # dated times, a half-year without a year names the report or review, not a time of its own
        deadlines = [d for d in deadlines if d.kind != "half_year" or _YEAR.search(d.raw or "")]
    continuous = [n for n, d in enumerate(deadlines) if d.kind == "continuous"]
    if continuous and len(deadlines) > 1:
        others = [d for d in deadlines if d.kind != "continuous"]
        if all(d.kind == "range" and d.end is None for d in others):
            return Deadline(raw=text, kind="continuous", start=min(d.start for d in others), end=plan.end)
        if continuous == [0] and len(others) == 1 and others[0].kind != "recurring":
            # "Thường xuyên theo dõi, đôn đốc … trong năm 2026": the work runs within that time
            inner = others[0]
            return Deadline(raw=text, kind="continuous", start=inner.start, end=inner.end, timex=inner.timex)
        return combine(deadlines).model_copy(update={"raw": text})
    if len(deadlines) > 1:
        due = [d for d in deadlines if d.timex_mod]
        # "… chậm nhất trong năm 2027, cập nhật định kỳ": a due date beside work that recurs is two times
        if len(due) == 1 and not any(d.kind == "recurring" for d in deadlines if d is not due[0]):
            return due[0]
        # "Năm 2025, … trong tháng 12/2025": a year that holds a finer time of the sentence is its setting
        finer = [d for d in deadlines if not _holds_another(d, deadlines)]
        if len(finer) == 1:
            return finer[0]
        return combine(finer).model_copy(update={"raw": text})
    return deadlines[0] if deadlines else Deadline(raw=text, kind="unknown")


def _names_bracketed_time(text: str, outer: tuple[int, int, Deadline], inner: tuple[int, int, Deadline]) -> bool:
    """'6 tháng (trước ngày 16/6)': a year-less time whose next time follows it in brackets."""
    return not _YEAR.search(outer[2].raw or "") and text[outer[1]:inner[0]].strip() == "("


def _every_year(deadline: Deadline, plan: PlanYears) -> Deadline:
    """A day or month with no year, in a sentence that recurs: the same day every year of the plan."""
    if deadline.kind not in ("date", "by_date", "month") or _YEAR.search(deadline.raw or "") or not deadline.timex:
        return deadline
    return Deadline(raw=deadline.raw, kind="recurring", start=plan.start, end=plan.end, recurrence="annual",
                    timex="XXXX" + deadline.timex[4:], timex_mod=deadline.timex_mod)


def _holds_another(deadline: Deadline, deadlines: list[Deadline]) -> bool:
    """A whole year that another (finer) time of the same sentence lies within."""
    return deadline.kind == "year" and any(
        other is not deadline and other.kind != "year" and other.start and other.end
        and deadline.start <= other.start and other.end <= deadline.end for other in deadlines)


def _recurrence_outside(text: str, found: list[tuple[int, int, Deadline]]) -> tuple[str, str] | None:
    """The first frequency word of TEXT outside the found time expressions: ('hằng năm', 'annual')."""
    for token in lex(text):
        if token.role == "recurrence" and not any(a <= token.start < b for a, b, _ in found):
            return text[token.start:token.end], token.value
    return None
