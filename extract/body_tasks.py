"""Tasks written as body text: the items of the sections "II. NHIỆM VỤ TRỌNG TÂM", "b) Nhiệm vụ",
"III. GIẢI PHÁP THỰC HIỆN" … (which sections count is data: corpus/lexicons/section_kinds.csv)."""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.extract.document import BodyTask, Paragraph
from vnplan.extract.sections import split_label
from vnplan.extract.tables import column_role, header_words
from vnplan.lang.vi import fold, is_caps, load

MIN_WORDS = 4  # "CCHC." alone, a page's stray line, is not a task
_TERMINAL = re.compile(r"[.;!?]\s*[\"”»)]?$")
# 'Cơ quan thực hiện: Sở Tư pháp': a short label, a colon, its value
_FIELD = re.compile(r"^(?P<label>[^:;.]{3,40}?)\s*:\s*(?P<value>\S.*)$")
FIELD_ROLES = ("lead", "support", "deadline", "output", "note")
MIN_PRIORITY = 4  # table_headers.csv priority a label's column word needs ('Sản phẩm:', 'Thời gian:')
STRONG = 5  # … and without a colon, a phrase of three words or more ('Thời gian thực hiện sau khi …')
MAX_LABEL_WORDS = 6
MAX_LABEL_EXTRA_WORDS = 2  # 'Chủ trì thực hiện:' is an owner label; 'Theo dõi các nội dung về:' is not


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"(?<!\w){re.escape(fold(row['phrase']))}(?!\w)"), row["kind"])
                 for row in load("section_kinds"))


def section_kind(heading: str) -> str | None:
    """'tasks', 'results', 'other', or None when the heading says none ("1. Cải cách thể chế")."""
    folded = fold(heading)
    found = sorted((m.start(), kind) for pattern, kind in _phrases() for m in pattern.finditer(folded))
    # the first of "tasks" and "results" named wins ("KẾT QUẢ THỰC HIỆN NHIỆM VỤ" reports, "NHIỆM
    # VỤ … NÂNG CAO KẾT QUẢ" sets tasks, "MỤC TIÊU, NHIỆM VỤ" sets tasks); else "other" if named
    return next((kind for _, kind in found if kind != "other"), "other" if found else None)


def enclosing_kind(headings: list[str]) -> str | None:
    """The kind of the innermost heading that has one."""
    for heading in reversed(headings):
        kind = section_kind(heading)
        if kind is not None:
            return kind
    return None


def in_results_section(headings: list[str]) -> bool:
    """Under 'I. KẾT QUẢ ĐẠT ĐƯỢC' or the like (percentages there report), or award standards ('Tiêu
    chuẩn khen thưởng': they are conditions): no targets unless a clause sets a goal."""
    return enclosing_kind(headings) in ("results", "conditions")


def _opens_other_section(text: str) -> bool:
    """'a) Mục tiêu Thực hiện đổi mới …': a heading run into its first sentence."""
    folded = fold(text)
    return any(kind != "tasks" and pattern.match(folded) for pattern, kind in _phrases())


def _in_task_section(headings: list[str]) -> bool:
    return enclosing_kind(headings) == "tasks"


def _field_of(text: str) -> tuple[str, str] | None:
    """('lead', 'Sở Tư pháp') for 'Cơ quan thực hiện: Sở Tư pháp'; None when the text before the
    colon is no column name of a task table (table_headers.csv)."""
    text = text.strip()
    m = _FIELD.match(text)
    if m is None or len(m.group("label").split()) > MAX_LABEL_WORDS:
        # no colon: 'Thời gian thực hiện sau khi Chiến lược … được ban hành' opens with a column
        # name of two words or more
        folded = fold(text)
        for phrase, role, priority in header_words():
            if role in FIELD_ROLES and priority >= STRONG and phrase.count(" ") >= 2 and folded.startswith(phrase + " "):
                return role, text[len(phrase):].strip()
        return None
    label = m.group("label")
    role, priority = column_role(label)
    # a weak column word ('thực hiện') names a field only after a body noun: 'Cơ quan thực hiện:'
    if role not in FIELD_ROLES or (priority < MIN_PRIORITY and not _opens_with_body(label)):
        return None
    # who does it is said by a body ('Cơ quan chủ trì:') or by the column word itself ('Chủ trì
    # thực hiện:'); 'Theo dõi các nội dung về:' opens with an owner column's word but lists work
    if role in ("lead", "support") and not _opens_with_body(label) and not _is_short_column_label(label):
        return None
    return role, m.group("value").strip()


def _is_short_column_label(label: str) -> bool:
    folded = fold(label)
    return any(folded.startswith(phrase) and len(folded.split()) <= len(phrase.split()) + MAX_LABEL_EXTRA_WORDS
               for phrase, _, _ in header_words())


@lru_cache(maxsize=1)
def _body_nouns() -> tuple[str, ...]:
    return tuple(fold(r["noun"]) for r in load("group_nouns"))


def _opens_with_body(label: str) -> bool:
    folded = fold(label)
    return any(folded.startswith(noun + " ") for noun in _body_nouns())


def body_tasks(paragraphs: list[Paragraph]) -> list[BodyTask]:
    """One task per item of a task section; a line-broken piece of an item (a paragraph with no
    label after an item that has not ended) joins the item; lead-ins ending in ':' are not tasks."""
    tasks: list[BodyTask] = []
    previous: Paragraph | None = None
    for para in paragraphs:
        if not _in_task_section(para.headings):
            previous = None
            continue
        label = split_label(para.text)
        field = _field_of(label.rest if label is not None else para.text)
        if field is not None and not (tasks and tasks[-1].section == para.section) and para.section_title \
                and len(para.section_title.split()) >= MIN_WORDS:
            # "4. Phối hợp kiểm tra việc thi hành Luật" as a heading with its fields under it: the
            # heading is the task
            tasks.append(_task(para.section_title, (para.section or "").rsplit(".", 1)[-1] or None, para))
        if field is not None and tasks and tasks[-1].section == para.section:
            # "Cơ quan thực hiện: …", "Thời gian thực hiện: …" under an item belong to that item
            role, value = field
            fields = tasks[-1].fields
            fields[role] = f"{fields[role]}; {value}" if role in fields else value
            continue
        if (label is None and previous is not None and tasks and previous.section == para.section
                and not _TERMINAL.search(tasks[-1].text)):
            tasks[-1].text = f"{tasks[-1].text} {para.text}"
            previous = para
            continue
        text = label.rest if label is not None else para.text
        # a lead-in, a stray fragment, a heading's wrapped line in capitals, a heading run into its text
        if (text.rstrip().endswith(":") or len(text.split()) < MIN_WORDS or is_caps(text, share=1)
                or _opens_other_section(text)):
            previous = None
            continue
        previous = para
        tasks.append(_task(text, label.number if label and label.kind != "bullet" else None, para))
    return [task for task in tasks if len(task.text.split()) >= MIN_WORDS]


def _task(text: str, row_no: str | None, para: Paragraph) -> BodyTask:
    """A body task read from TEXT, placed where its paragraph is."""
    return BodyTask(text=text.strip(), row_no=row_no, headings=list(para.headings), section=para.section,
                    page=para.page, lineno=para.lineno)
