"""PlanDraft → Plan: owners, deadlines, targets, areas and indicators normalized into the contract."""

from __future__ import annotations

from vnplan.extract.document import Document, DraftSection, DraftTable, PlanDraft
from vnplan.models import (
    Deadline, DocumentInfo, Indicator, Period, Plan, Section, Source, Target, TargetProvenance, Task,
    TaskProvenance,
)
from vnplan.normalize.areas import area_code
from vnplan.normalize.deadlines import parse_deadline
from vnplan.normalize.indicators import indicator_code
from vnplan.normalize.owners import code_owners
from vnplan.normalize.targets import find_targets, table_target

_HEADER_FIELDS = ("issuer", "admin_level", "unit_name", "district", "province", "doc_number", "doc_type",
                  "issue_date", "place", "title", "signer", "signer_title")


def plan_id_of(sha256: str) -> str:
    return sha256[:16]


def build_plan(draft: PlanDraft, doc: Document) -> Plan:
    """The contract record of one document."""
    plan_id = plan_id_of(doc.sha256)
    header = draft.header
    period = Period(start_year=header.get("start_year"), end_year=header.get("end_year"))
    warnings = list(doc.warnings) + [w for w in draft.warnings if w != "group"]

    tasks: list[Task] = []
    indicators: list[Indicator] = []
    targets: list[Target] = []

    for para in draft.paragraphs:
        for target in find_targets(para.text, period, para.context_year):
            target.provenance = TargetProvenance(page=para.page, section=para.section, line=para.lineno)
            targets.append(target)

    for table in draft.tables:
        if table.kind == "tasks":
            tasks.extend(_tasks_of(table, plan_id, period, len(tasks), warnings, targets))
        else:
            indicators.extend(_indicators_of(table, period, targets))

    for target in targets:
        target.indicator = indicator_code(target.text)

    return Plan(
        plan_id=plan_id,
        source=Source(path=doc.path, sha256=doc.sha256, format=doc.format, pages=doc.pages,
                      ocr=bool(doc.ocr_pages), repaired=doc.repaired, ocr_pages=doc.ocr_pages),
        document=DocumentInfo(**{k: header.get(k) for k in _HEADER_FIELDS}, period=period),
        sections=[_section(s) for s in draft.sections],
        tasks=tasks,
        indicators=indicators,
        targets=targets,
        warnings=warnings,
    )


def _section(section: DraftSection) -> Section:
    return Section(number=section.number, title=section.title, level=section.level,
                   children=[_section(c) for c in section.children])


def _deadline(raw: str | None, period: Period, where: str, warnings: list[str]) -> Deadline:
    deadline = parse_deadline(raw, period)
    if raw and deadline.kind == "unknown":
        warnings.append(f"{where}: the time '{raw}' is not a form vnplan knows; its deadline is left unknown.")
    return deadline


def _tasks_of(table: DraftTable, plan_id: str, period: Period, offset: int, warnings: list[str],
              targets: list[Target]) -> list[Task]:
    tasks = []
    for row in table.rows:
        cells = row.cells
        group = (row.area_raw or "").split(" ", 1)[0]
        number = row.cells.get("row_no") or f"#{row.row_index + 1}"
        where = f"table {table.index + 1}, row {group + '.' if group else ''}{number}"
        task = Task(
            task_id=f"{plan_id}-{offset + len(tasks) + 1}",
            table=table.heading,
            area_raw=row.area_raw,
            area=area_code(row.area_raw) if row.area_raw else None,
            row_no=cells.get("row_no"),
            objective=cells.get("objective"),
            task=cells["task"],
            activity=cells.get("activity"),
            output=cells.get("output"),
            lead_raw=cells.get("lead"),
            support_raw=cells.get("support"),
            lead=code_owners(cells.get("lead")),
            support=code_owners(cells.get("support")),
            deadline_raw=cells.get("deadline"),
            deadline=_deadline(cells.get("deadline"), period, where, warnings),
            note=cells.get("note"),
            provenance=TaskProvenance(page=row.page, table_index=table.index, row_index=row.row_index,
                                      line=row.lineno),
        )
        tasks.append(task)
        warnings.extend(f"{where}: {w}" for w in row.warnings if w != "group")
        for target in find_targets(task.task, period, None):
            target.provenance = TargetProvenance(page=row.page, section=table.heading,
                                                 table_index=table.index, row_index=row.row_index,
                                                 line=row.lineno)
            targets.append(target)
    return tasks


def _indicators_of(table: DraftTable, period: Period, targets: list[Target]) -> list[Indicator]:
    indicators = []
    year = table.target_year or period.end_year
    for row in table.rows:
        cells = row.cells
        target = table_target(cells["indicator"], cells.get("target"), period, year)
        if target is not None:
            target.provenance = TargetProvenance(page=row.page, section=table.heading,
                                                 table_index=table.index, row_index=row.row_index,
                                                 line=row.lineno)
            targets.append(target)
        indicators.append(Indicator(
            row_no=cells.get("row_no"),
            indicator=cells["indicator"],
            area_raw=row.area_raw,
            area=area_code(row.area_raw) if row.area_raw else None,
            target_raw=cells.get("target"),
            target=target,
            lead_raw=cells.get("lead"),
            support_raw=cells.get("support"),
            lead=code_owners(cells.get("lead")),
            support=code_owners(cells.get("support")),
            provenance=TaskProvenance(page=row.page, table_index=table.index, row_index=row.row_index,
                                      line=row.lineno),
        ))
    return indicators
