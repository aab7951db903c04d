"""PlanDraft → Plan. Every normalized value (owners, deadlines, targets, areas, indicator codes) is
read off the spans of the spaCy pipeline (normalize/nlp.py), run over each cell and body paragraph
in its role; this module only places the values in the record, with their provenance."""

from __future__ import annotations

import re

from vnplan.extract.document import (
    BodyTask, Document, DraftSection, DraftTable, PlanDraft, StageWarning, render_warnings,
)
from vnplan.models import (
    Deadline, DocumentInfo, Indicator, Period, Plan, Section, Source, Target, TargetProvenance, Task,
    TaskProvenance,
)
from vnplan.lang.vi.patterns import YEAR
from vnplan.normalize.nlp import Context, annotate, area_of, deadline_of, deadlines_of, owners_of, targets_of
from vnplan.normalize.owners import split_assignment

_YEARS = re.compile(rf"(?<!\d)({YEAR})(?!\d)")
# the cells of a task row whose text may state a percentage target, in the order they are read
_TARGET_CELLS = ("objective", "task", "activity", "output", "note")
_HEADER_FIELDS = ("issuer", "admin_level", "unit_name", "district", "province", "doc_number", "doc_type",
                  "issue_date", "place", "title", "signer", "signer_title")


def plan_id_of(sha256: str) -> str:
    return sha256[:16]


def build_plan(draft: PlanDraft, doc: Document) -> Plan:
    """The contract record of one document."""
    plan_id = plan_id_of(doc.sha256)
    header = draft.header
    period = Period(start_year=header.start_year, end_year=header.end_year)
    warnings: list[StageWarning | str] = list(doc.warnings) + list(draft.warnings)

    tasks: list[Task] = []
    indicators: list[Indicator] = []
    targets: list[Target] = []

    for para in draft.paragraphs:
        context = Context("text", period, para.context_year, reporting=para.is_reporting,
                          context_basis=para.context_basis)
        for target in targets_of(annotate(para.text, context)):
            target.provenance = TargetProvenance(page=para.page, section=para.section, line=para.lineno)
            targets.append(target)

    for table in draft.tables:
        if table.kind == "tasks":
            tasks.extend(_tasks_of(table, plan_id, period, len(tasks), warnings, targets))
        else:
            indicators.extend(_indicators_of(table, period, targets))
    tasks.extend(_body_tasks(draft.body_tasks, plan_id, period, len(tasks)))

    return Plan(
        plan_id=plan_id,
        source=Source(path=doc.path, sha256=doc.sha256, format=doc.format, pages=doc.pages,
                      ocr=bool(doc.ocr_pages), repaired=doc.repaired, ocr_pages=doc.ocr_pages,
                      pages_left_out=doc.pages_left_out),
        document=DocumentInfo(**{k: getattr(header, k) for k in _HEADER_FIELDS}, period=period),
        sections=[_section(s) for s in draft.sections],
        tasks=tasks,
        indicators=indicators,
        targets=targets,
        warnings=render_warnings(warnings),
        repairs=doc.repairs,
    )


def _section(section: DraftSection) -> Section:
    return Section(number=section.number, title=section.title, level=section.level,
                   children=[_section(c) for c in section.children])


def _owners(raw: str | None, role: str, period: Period):
    return owners_of(annotate(raw, Context(role, period))) if raw else []


def _owner_fields(lead_raw: str | None, support_raw: str | None, period: Period) -> dict:
    """The owner fields of a task or indicator: the cells as written and their owners. A lead cell
    that assigns the work itself ('Sở Văn hóa và Thể thao chủ trì, phối hợp với các sở, ban, ngành …')
    leads with what comes before 'chủ trì'; what follows 'phối hợp với' supports when the support
    cell is empty, and support_raw then holds it as written."""
    lead_text, support_text = lead_raw, support_raw
    split = split_assignment(lead_raw)
    if split is not None:
        lead_text = split[0]
        if split[1] and not (support_raw or "").strip():
            support_text = support_raw = split[1]
    return {"lead_raw": lead_raw, "support_raw": support_raw,
            "lead": _owners(lead_text, "lead", period), "support": _owners(support_text, "support", period)}


def _area(heading: str | None, period: Period) -> str | None:
    return area_of(annotate(heading, Context("heading", period))) if heading else None


def _deadline(raw: str | None, period: Period, where: str, warnings: list[StageWarning | str],
              due: bool = False) -> Deadline:
    deadline = deadline_of(annotate(raw, Context("deadline", period, due=due)))
    if raw and deadline.kind == "unknown":
        warnings.append(StageWarning("normalize", where,
                                     f"the time '{raw}' is not a form vnplan knows; its deadline is left unknown."))
    return deadline


def _tasks_of(table: DraftTable, plan_id: str, period: Period, offset: int, warnings: list[StageWarning | str],
              targets: list[Target]) -> list[Task]:
    tasks = []
    seen: set[tuple[str, str]] = set()
    for row in table.rows:
        cells = row.cells
        group = (row.area_raw or "").split(" ", 1)[0]
        number = row.cells.get("row_no") or f"#{row.row_index + 1}"
        where = f"table {table.index + 1}, row {group + '.' if group else ''}{number}"
        if not (cells.get("task") or "").strip():
            warnings.append(StageWarning("normalize", where, "the row has no task text, so it is not a task; its "
                                         f"cells were { {k: v for k, v in cells.items() if v} }."))
            continue
        task = Task(
            task_id=f"{plan_id}-{offset + len(tasks) + 1}",
            table=table.heading,
            area_raw=row.area_raw,
            area=_area(row.area_raw, period),
            row_no=cells.get("row_no"),
            objective=cells.get("objective"),
            task=cells["task"],
            activity=cells.get("activity"),
            output=cells.get("output"),
            **_owner_fields(cells.get("lead"), cells.get("support"), period),
            deadline_raw=cells.get("deadline"),
            deadline=_deadline(cells.get("deadline"), period, where, warnings, table.deadline_is_limit),
            note=cells.get("note"),
            provenance=TaskProvenance(page=row.page, table_index=table.index, row_index=row.row_index,
                                      line=row.lineno),
        )
        tasks.append(task)
        warnings.extend(StageWarning("parse", where, w) for w in row.warnings)
        # Targets from every cell that states one: the task, and its objective, activity, output
        # ("Kết quả/Sản phẩm": "100% lãnh đạo … được bổ nhiệm đúng quy định") and note. A cell
        # merged over several rows repeats on each; its targets are taken once.
        for role in _TARGET_CELLS:
            text = cells.get(role)
            if not text or (role, text) in seen:
                continue
            seen.add((role, text))
            for target in targets_of(annotate(text, Context("text", period))):
                target.provenance = TargetProvenance(page=row.page, section=table.heading,
                                                     table_index=table.index, row_index=row.row_index,
                                                     line=row.lineno)
                targets.append(target)
    return tasks


def _body_tasks(items: list[BodyTask], plan_id: str, period: Period, offset: int) -> list[Task]:
    """Items of the body's task sections: no table; owners, deadline, output and note from the
    labelled lines under the item ('Cơ quan thực hiện: …'), else the deadline from the first time
    expression in the item; the area from the innermost heading that names one. Their targets
    were already found with the paragraphs they are."""
    tasks = []
    for item in items:
        area_raw = area = None
        for heading in reversed(item.headings):
            code = _area(heading, period)
            if code not in (None, "other"):
                area_raw, area = heading, code
                break
        fields = item.fields
        if fields.get("deadline"):
            deadline = deadline_of(annotate(fields["deadline"], Context("deadline", period)))
        else:
            found = deadlines_of(annotate(item.text, Context("text", period)))
            deadline = found[0] if found else Deadline()
        tasks.append(Task(
            task_id=f"{plan_id}-{offset + len(tasks) + 1}",
            table=None,
            area_raw=area_raw,
            area=area,
            row_no=item.row_no,
            task=item.text,
            output=fields.get("output"),
            **_owner_fields(fields.get("lead"), fields.get("support"), period),
            deadline_raw=fields.get("deadline") or deadline.raw,
            deadline=deadline,
            note=fields.get("note"),
            provenance=TaskProvenance(page=item.page, line=item.lineno, section=item.section),
        ))
    return tasks


def _group_year(heading: str | None, period: Period) -> int | None:
    """The year a table's group row dates its rows to: 'I. Giai đoạn 2025-2027' → 2027, 'Năm 2026'
    → 2026; None when it names no year, or the plan's whole period (that is no extra information)."""
    years = [int(y) for y in _YEARS.findall(heading or "")]
    if not years or len(set(years)) > 2:
        return None
    if len(set(years)) == 2 and (min(years), max(years)) == (period.start_year, period.end_year):
        return None
    return max(years)


def _indicators_of(table: DraftTable, period: Period, targets: list[Target]) -> list[Indicator]:
    indicators = []
    for row in table.rows:
        cells = row.cells
        # a "Chỉ tiêu năm 2025" column; else a group row that names its years ('Giai đoạn 2025-2027':
        # the stage's end); else the cell's own year, else the plan's
        year = table.target_year or _group_year(row.area_raw, period)
        found = targets_of(annotate(cells.get("target"), Context("target_cell", period, None,
                                                                 cells["indicator"], year)))
        target = found[0] if found else None
        if target is not None:
            target.provenance = TargetProvenance(page=row.page, section=table.heading,
                                                 table_index=table.index, row_index=row.row_index,
                                                 line=row.lineno)
            targets.append(target)
        indicators.append(Indicator(
            row_no=cells.get("row_no"),
            indicator=cells["indicator"],
            area_raw=row.area_raw,
            area=_area(row.area_raw, period),
            target_raw=cells.get("target"),
            target=target,
            **_owner_fields(cells.get("lead"), cells.get("support"), period),
            provenance=TaskProvenance(page=row.page, table_index=table.index, row_index=row.row_index,
                                      line=row.lineno),
        ))
    return indicators
