"""The contract as pydantic models."""
from vnplan.models.plan import (  # noqa: F401
    Repair, RepairedToken,
    AREA_CODES, INDICATOR_CODES, SCHEMA_VERSION, UNIT_CODES, Deadline, DocumentInfo, Indicator,
    Owner, Period, Plan, Section, Source, Target, TargetProvenance, Task, TaskProvenance,
    plan_json_schema,
)
