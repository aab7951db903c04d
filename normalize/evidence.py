"""The normalizers' knowledge lent to an earlier stage: which cell texts are time expressions and
which name known units, as the predicates flattened-table cutting takes (extract/flat_tables/evidence.py)."""

from __future__ import annotations

from functools import lru_cache

from vnplan.extract.flat_tables.evidence import Evidence
from vnplan.models.plan import Period
from vnplan.normalize.deadlines import parse_deadline
from vnplan.normalize.owners import code_owners


@lru_cache(maxsize=65536)  # cutting asks about the same cell texts many times
def is_time_expression(text: str) -> bool:
    """'Quý IV/2024', 'Thường xuyên', 'Tháng 6 hằng năm' → True: the deadline grammar reads it."""
    return parse_deadline(text, Period()).kind != "unknown"


@lru_cache(maxsize=65536)
def is_known_unit(text: str) -> bool:
    """'VP-TK, TP-HT' → True: every owner the cell names has a unit code (none is 'other')."""
    owners = code_owners(text, details=False)  # the codes are all it asks: no level, no name
    return bool(owners) and all(o.code != "other" for o in owners)


def cutting_evidence() -> Evidence:
    """The Evidence the pipeline hands to `find_flat_tables` (through `parse_document`)."""
    return Evidence(is_time_expression=is_time_expression, is_known_unit=is_known_unit)
