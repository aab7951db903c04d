"""The columns of every flat output (CSV, xlsx, Parquet, SQLite): name, type, where it comes from in
the models, what it means, an example. One table drives the typed writers and the data dictionary."""

from __future__ import annotations

from dataclasses import dataclass

# kinds: text · integer · number (a float) · boolean · date (ISO YYYY-MM-DD in CSV, a date elsewhere)
# · list (values joined with "; ", each value once)
KINDS = ("text", "integer", "number", "boolean", "date", "list")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    source: str | None  # the model field it comes from ("DocumentInfo.issuer"), None when derived
    meaning: str
    example: str = ""


def _c(name, kind, source, meaning, example=""):
    return Column(name, kind, source, meaning, example)


# A plan's context, repeated on every task, target and indicator row so that a row reads alone.
CONTEXT = (
    _c("issuer", "text", "DocumentInfo.issuer", "the body that issued the plan", "UBND phường Hoài Hảo"),
    _c("admin_level", "text", "DocumentInfo.admin_level", "level of the issuing unit (xã, phường, thị trấn …)",
       "phường"),
    _c("unit_name", "text", "DocumentInfo.unit_name", "the commune or ward's own name", "Hoài Hảo"),
    _c("district", "text", "DocumentInfo.district", "district, without its level word", "Hoài Nhơn"),
    _c("province", "text", "DocumentInfo.province", "province, without its level word", "Bình Định"),
    _c("doc_number", "text", "DocumentInfo.doc_number", "document number as printed", "10/KH-UBND"),
    _c("period", "text", "DocumentInfo.period", "the years the plan covers, 'YYYY' or 'YYYY-YYYY'", "2021-2025"),
    _c("period_start_year", "integer", "Period.start_year", "first year of the plan period", "2021"),
    _c("period_end_year", "integer", "Period.end_year", "last year of the plan period", "2025"),
)

PLANS = (
    _c("plan_id", "text", "Plan.plan_id", "first 16 hex digits of the source file's SHA-256", "feaf486a5fc49b88"),
    _c("schema_version", "text", "Plan.schema_version", "version of the plan record's schema", "1"),
    _c("source_path", "text", "Source.path", "the file as it was given to the import",
       "corpus/plans/004_be7d98821bed4f13.txt"),
    _c("source_sha256", "text", "Source.sha256", "SHA-256 of the source file's bytes", "be7d98821bed4f13…"),
    _c("source_format", "text", "Source.format", "pdf, docx, txt or image", "pdf"),
    _c("source_pages", "integer", "Source.pages", "pages of the source (null for plain text)", "7"),
    _c("source_ocr", "boolean", "Source.ocr", "some pages were read by OCR", "false"),
    _c("source_repaired", "boolean", "Source.repaired", "damaged Vietnamese was repaired (originals kept)", "false"),
    _c("source_pages_left_out", "list", "Source.pages_left_out",
       "pages whose OCR did not finish within --ocr-timeout (their text is missing)", "3; 4"),
    _c("issuer", "text", "DocumentInfo.issuer", "the body that issued the plan", "UBND phường 2"),
    _c("admin_level", "text", "DocumentInfo.admin_level", "level of the issuing unit", "phường"),
    _c("unit_name", "text", "DocumentInfo.unit_name", "the unit's own name", "2"),
    _c("district", "text", "DocumentInfo.district", "district, without its level word", "Vĩnh Linh"),
    _c("province", "text", "DocumentInfo.province", "province, without its level word", "Quảng Trị"),
    _c("doc_number", "text", "DocumentInfo.doc_number", "document number as printed", "99/KH-UBND"),
    _c("doc_type", "text", "DocumentInfo.doc_type", "type of document", "Kế hoạch"),
    _c("issue_date", "date", "DocumentInfo.issue_date", "date of issue", "2023-02-06"),
    _c("place", "text", "DocumentInfo.place", "place in the date line", "Phường 2"),
    _c("title", "text", "DocumentInfo.title", "subject line under the document type",
       "Cải cách hành chính xã Vĩnh Chấp năm 2023"),
    _c("signer", "text", "DocumentInfo.signer", "who signed", "Hoàng Thị Hằng"),
    _c("signer_title", "text", "DocumentInfo.signer_title", "Chủ tịch or Phó Chủ tịch", "Chủ tịch"),
    _c("period_start_year", "integer", "Period.start_year", "first year of the plan period", "2022"),
    _c("period_end_year", "integer", "Period.end_year", "last year of the plan period", "2022"),
    _c("n_sections", "integer", "Plan.sections", "top-level headings", "3"),
    _c("n_tasks", "integer", "Plan.tasks", "task rows", "6"),
    _c("n_indicators", "integer", "Plan.indicators", "indicator rows", "0"),
    _c("n_targets", "integer", "Plan.targets", "percentage targets", "3"),
    _c("warnings", "list", "Plan.warnings", "what was doubtful, one sentence each", "table 1, row III.1: …"),
)

_TASK_OWN = (
    _c("plan_id", "text", "Plan.plan_id", "the plan the row belongs to", "c5c68080310a3bd8"),
    _c("task_id", "text", "Task.task_id", "plan_id + '-' + running number", "c5c68080310a3bd8-53"),
    _c("table", "text", "Task.table", "heading of the table the row came from (empty for body text)",
       "III. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH CỤ THỂ"),
    _c("area", "text", "Task.area", "reform-area code", "civil_service"),
    _c("area_raw", "text", "Task.area_raw", "the group heading as written", "5 Cải cách chế độ công vụ"),
    _c("row_no", "text", "Task.row_no", "row number as printed (text: '1.1' is not a number)", "1.1"),
    _c("objective", "text", "Task.objective", "'Mục tiêu' column", "Tăng cường đổi mới …"),
    _c("task", "text", "Task.task", "the task text", "Tiếp tục thực hiện quy hoạch …"),
    _c("activity", "text", "Task.activity", "'Hoạt động' column", "Rà soát chức năng, nhiệm vụ"),
    _c("output", "text", "Task.output", "'Kết quả / Sản phẩm' column", "Nghị quyết, Kế hoạch,…"),
    _c("lead_raw", "text", "Task.lead_raw", "lead cell as written", "Văn phòng HĐND & UBND xã"),
    _c("support_raw", "text", "Task.support_raw", "coordinating cell as written", "Các công chức, ban ngành liên quan"),
    _c("lead_codes", "list", "Owner.code", "unit codes of the lead owners", "van_phong"),
    _c("support_codes", "list", "Owner.code", "unit codes of the coordinating owners", "all_related; mot_cua"),
    _c("deadline_raw", "text", "Task.deadline_raw", "time cell as written", "Quý IV năm 2023"),
    _c("deadline_kind", "text", "Deadline.kind", "date, by_date, month, quarter, … unknown", "quarter"),
    _c("deadline_start", "date", "Deadline.start", "first day of the deadline period", "2023-10-01"),
    _c("deadline_end", "date", "Deadline.end", "last day of the deadline period", "2023-12-31"),
    _c("deadline_recurrence", "text", "Deadline.recurrence", "annual, semiannual, quarterly, monthly", "annual"),
    _c("deadline_timex", "text", "Deadline.timex", "TIMEX3 value", "2023-Q4"),
    _c("deadline_timex_mod", "text", "Deadline.timex_mod", "BEFORE or ON_OR_BEFORE", "ON_OR_BEFORE"),
    _c("note", "text", "Task.note", "'Ghi chú' column", ""),
    _c("page", "integer", "TaskProvenance.page", "page of the source (empty for plain text)", "3"),
    _c("table_index", "integer", "TaskProvenance.table_index", "table in the document, 0-based", "0"),
    _c("row_index", "integer", "TaskProvenance.row_index", "row in the table, 0-based", "12"),
    _c("line", "integer", "TaskProvenance.line", "1-based line in a text source", "248"),
    _c("section", "text", "TaskProvenance.section", "enclosing heading's number path (body tasks)", "II.7"),
)
# columns added after the context was: they follow it, so that no earlier column moves
_TASK_ADDED = (
    _c("deadline_anchor", "text", "Deadline.anchor", "for a relative deadline, the event it counts from, as written",
       "Kế hoạch được phê duyệt"),
)

_TARGET_OWN = (
    _c("plan_id", "text", "Plan.plan_id", "the plan the row belongs to", "c5c68080310a3bd8"),
    _c("target_no", "integer", None, "running number of the target in its plan, from 1", "6"),
    _c("indicator", "text", "Target.indicator", "indicator code", "digitization_rate"),
    _c("percent", "number", "Target.percent", "the percentage, as a number (90 means 90 %)", "60"),
    _c("comparator", "text", "Target.comparator", ">=, >, =, <= or increase_by>=", ">="),
    _c("year", "integer", "Target.year", "year the target is due by", "2023"),
    _c("metric", "text", "Target.metric", "what is measured, in the document's words",
       "thực hiện số hoá hồ sơ và số hoá kết quả giải quyết"),
    _c("text", "text", "Target.text", "the clause that states it", "Đẩy mạnh, nhắc nhở thực hiện số hoá hồ sơ …"),
    _c("page", "integer", "TargetProvenance.page", "page of the source", "2"),
    _c("section", "text", "TargetProvenance.section", "enclosing heading's number path", "V.2"),
    _c("table_index", "integer", "TargetProvenance.table_index", "table in the document, 0-based", "0"),
    _c("row_index", "integer", "TargetProvenance.row_index", "row in the table, 0-based", "7"),
    _c("line", "integer", "TargetProvenance.line", "1-based line in a text source", "1214"),
)
_TARGET_ADDED = (
    _c("year_basis", "text", "Target.year_basis",
       "where the year comes from: stated, block, heading or plan_end (inferred from the plan's period)", "stated"),
)

_INDICATOR_OWN = (
    _c("plan_id", "text", "Plan.plan_id", "the plan the row belongs to", "feaf486a5fc49b88"),
    _c("indicator_no", "integer", None, "running number of the indicator row in its plan, from 1", "9"),
    _c("row_no", "text", "Indicator.row_no", "row number as printed", "3.3"),
    _c("indicator", "text", "Indicator.indicator", "the indicator as written",
       "Chế độ báo cáo, chỉ tiêu tổng hợp báo cáo định kỳ …"),
    _c("area", "text", "Indicator.area", "reform-area code", "digital_government"),
    _c("area_raw", "text", "Indicator.area_raw", "group heading as written", "6 Chính quyền điện tử, chính quyền số"),
    _c("target_raw", "text", "Indicator.target_raw", "target cell as written", "100%"),
    _c("indicator_code", "text", "Target.indicator", "indicator code of the target", "e_records_rate"),
    _c("percent", "number", "Target.percent", "the percentage, as a number", "70"),
    _c("comparator", "text", "Target.comparator", ">=, >, =, <= or increase_by>=", ">"),
    _c("year", "integer", "Target.year", "year the target is due by", "2024"),
    _c("lead_raw", "text", "Indicator.lead_raw", "lead cell as written", "Văn phòng – Tk"),
    _c("support_raw", "text", "Indicator.support_raw", "coordinating cell as written", "Các cán bộ, công chức liên quan"),
    _c("lead_codes", "list", "Owner.code", "unit codes of the lead owners", "van_phong"),
    _c("support_codes", "list", "Owner.code", "unit codes of the coordinating owners", "all_related; mot_cua"),
)

TASK_OWNERS = (
    _c("plan_id", "text", "Plan.plan_id", "the plan the row belongs to", "feaf486a5fc49b88"),
    _c("task_id", "text", "Task.task_id", "the task", "feaf486a5fc49b88-1"),
    _c("role", "text", None, "lead or support", "lead"),
    _c("position", "integer", None, "order of the owner in its cell, from 1", "1"),
    _c("raw", "text", "Owner.raw", "the fragment as written", "Văn phòng- Thống kê"),
    _c("code", "text", "Owner.code", "unit code", "van_phong"),
    _c("kind", "text", "Owner.kind", "unit, group or role", "unit"),
    _c("level", "text", "Owner.level", "commune, district, province, central, or empty when the text says none",
       "province"),
    _c("name", "text", "Owner.name", "the unit's own name when the text gives one", "Sở Tư pháp"),
)

# Own columns first (the CSVs keep the columns they always had, in their order), then the context.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "plans": PLANS,
    "tasks": _TASK_OWN + CONTEXT + _TASK_ADDED,
    "targets": _TARGET_OWN + CONTEXT + _TARGET_ADDED,
    "indicators": _INDICATOR_OWN + CONTEXT,
    "task_owners": TASK_OWNERS,
}
# the columns the store keeps per table (the context lives once, in plans; the *_full views join it)
STORED: dict[str, tuple[Column, ...]] = {
    "plans": PLANS, "tasks": _TASK_OWN + _TASK_ADDED, "targets": _TARGET_OWN + _TARGET_ADDED,
    "indicators": _INDICATOR_OWN,
    "task_owners": TASK_OWNERS,
}
MEANING = {
    "plans": "one row per plan document",
    "tasks": "one row per task (table row or item of a task section), with its plan's context",
    "targets": "one row per percentage target, with its plan's context",
    "indicators": "one row per row of an indicator table, with its plan's context",
    "task_owners": "one row per owner of a task (lead or support), for counting work per unit code",
}
