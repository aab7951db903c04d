"""The dataset contract (docs/CONTRACT.md) as pydantic models: what every consumer reads."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

# the level of the issuing body; a department (Sở, Phòng, Ban) takes the level of the body it belongs
# to; a national body (Chính phủ, a Bộ) has none (null)
AdminLevel = Literal["xã", "phường", "thị trấn", "đặc khu", "huyện", "quận", "thị xã", "thành phố", "tỉnh"]
SourceFormat = Literal["pdf", "docx", "txt", "image"]
OwnerKind = Literal["unit", "group", "role"]
DeadlineKind = Literal[
    "date", "by_date", "month", "quarter", "half_year", "year", "range",
    "recurring", "continuous", "multiple", "relative", "unknown",
]
Recurrence = Literal["annual", "semiannual", "quarterly", "monthly"]
TimexMod = Literal["BEFORE", "ON_OR_BEFORE"]
Comparator = Literal[">=", ">", "=", "<=", "increase_by>="]
OwnerLevel = Literal["commune", "district", "province", "central"]
YearBasis = Literal["stated", "block", "heading", "plan_end"]

AREA_CODES = (
    "direction", "institutions", "procedures", "organization", "civil_service",
    "public_finance", "digital_government", "other",
)
UNIT_CODES = (
    "van_phong", "tu_phap", "tai_chinh", "dia_chinh", "van_hoa", "kinh_te", "mot_cua",
    "cong_an", "quan_su", "mat_tran", "dang_uy", "hdnd", "ubnd", "trung_tam_vh",
    "to_dan_pho", "all_related",
    # functions above the commune (contract "Additions": new codes, never an old code's meaning)
    "noi_vu", "thanh_tra", "khcn", "giao_duc", "y_te", "xay_dung", "nong_nghiep", "cong_thuong",
    "ngoai_vu", "dan_toc", "bo_nganh",
    "other",
)
INDICATOR_CODES = (
    "online_application_rate", "online_payment_rate", "digitization_rate", "satisfaction_rate",
    "ontime_rate", "e_records_rate", "e_results_rate", "legal_docs_rate", "tthc_public_rate",
    "staff_rate", "data_reuse_rate", "postal_rate", "time_cut_rate", "budget_rate", "other",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    path: str
    sha256: str
    format: SourceFormat
    pages: int | None = None
    ocr: bool = False
    repaired: bool = False
    ocr_pages: list[int] = Field(default_factory=list, description="pages read by OCR (1-based)")
    pages_left_out: list[int] = Field(default_factory=list,
                                      description="pages whose OCR did not finish within --ocr-timeout: "
                                                  "their text is missing from the plan (1-based)")


class Period(_Model):
    start_year: int | None = None
    end_year: int | None = None


class DocumentInfo(_Model):
    issuer: str | None = None
    admin_level: AdminLevel | None = None
    unit_name: str | None = None
    district: str | None = None
    province: str | None = None
    doc_number: str | None = None
    doc_type: str | None = None
    issue_date: str | None = Field(None, description="YYYY-MM-DD")
    place: str | None = None
    title: str | None = None
    period: Period = Field(default_factory=Period)
    signer: str | None = None
    signer_title: str | None = None


class Section(_Model):
    number: str | None = None
    title: str
    level: int
    children: list[Section] = Field(default_factory=list)


class Owner(_Model):
    raw: str
    code: str = Field(description="the unit's function (a unit code)")
    kind: OwnerKind
    level: OwnerLevel | None = Field(None, description="commune | district | province | central, when the text says")
    name: str | None = Field(None, description="the unit's own name when the text gives one: 'Sở Tư pháp'")


class Deadline(_Model):
    raw: str | None = None
    kind: DeadlineKind = "unknown"
    start: str | None = None
    end: str | None = None
    recurrence: Recurrence | None = None
    checkpoints: list[Deadline] = Field(default_factory=list)
    timex: str | None = None
    timex_mod: TimexMod | None = None
    anchor: str | None = Field(None, description="for kind relative: the event the time counts from, as written")


class TaskProvenance(_Model):
    page: int | None = None
    table_index: int | None = None
    row_index: int | None = None
    line: int | None = Field(None, description="1-based line in a text source")
    section: str | None = Field(None, description="the enclosing heading's number path, for tasks from body text")


class Task(_Model):
    task_id: str
    table: str | None = None
    area: str | None = None
    area_raw: str | None = None
    row_no: str | None = None
    objective: str | None = None
    task: str
    activity: str | None = None
    output: str | None = None
    lead_raw: str | None = None
    support_raw: str | None = None
    lead: list[Owner] = Field(default_factory=list)
    support: list[Owner] = Field(default_factory=list)
    deadline_raw: str | None = None
    deadline: Deadline = Field(default_factory=Deadline)
    note: str | None = None
    provenance: TaskProvenance = Field(default_factory=TaskProvenance)


class TargetProvenance(_Model):
    page: int | None = None
    section: str | None = None
    table_index: int | None = None
    row_index: int | None = None
    line: int | None = None


class Target(_Model):
    text: str
    percent: float
    comparator: Comparator
    year: int | None = None
    year_basis: YearBasis | None = Field(
        None, description="where year comes from: stated in the clause, an enclosing block ('Đến năm 2025:'), "
                          "a heading naming one year, or the plan's end year (inferred)")
    metric: str | None = None
    indicator: str = "other"
    provenance: TargetProvenance = Field(default_factory=TargetProvenance)


class Indicator(_Model):
    row_no: str | None = None
    indicator: str
    area_raw: str | None = None
    area: str | None = None
    target_raw: str | None = None
    target: Target | None = None
    lead_raw: str | None = None
    support_raw: str | None = None
    lead: list[Owner] = Field(default_factory=list)
    support: list[Owner] = Field(default_factory=list)
    provenance: TaskProvenance = Field(default_factory=TaskProvenance)


class RepairedToken(_Model):
    original: str
    repaired: str
    confidence: float


class Repair(_Model):
    """A line (or table cell) whose damaged Vietnamese was repaired: what the document said,
    what repair made of it, and every token it changed with how sure it was."""

    page: int | None = None
    line: int | None = Field(None, description="1-based line in a text source")
    table_index: int | None = Field(None, description="for a table cell: the table on its page, 0-based")
    row_index: int | None = None
    col_index: int | None = None
    original: str
    text: str
    confidence: float
    tokens: list[RepairedToken] = Field(default_factory=list)


class Plan(_Model):
    plan_id: str
    schema_version: str = SCHEMA_VERSION
    source: Source
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    sections: list[Section] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    repairs: list[Repair] = Field(default_factory=list, description="the originals of repaired text, when source.repaired")


SCHEMA_ID = f"urn:vnplan:schema:plan:{SCHEMA_VERSION}"


def plan_json_schema() -> dict:
    """The JSON Schema of one plan record, as printed by `vnplan schema`: its dialect, its id and
    version, and how it evolves."""
    schema = Plan.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "$comment": "Evolution: new fields are additive and optional (every field of this version keeps "
                    "its name and meaning in later records, which may carry more fields: a reader ignores "
                    "those it does not know); renaming or removing a field, or changing its meaning, bumps "
                    "the version, which every record states in schema_version.",
        **schema,
    }
