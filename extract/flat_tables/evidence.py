"""What later stages know that helps cut flattened cells, lent as plain predicates.

Whether 'Quý IV/2024' is a time expression is the deadline grammar's knowledge, whether
'VP-TK, TP-HT' names known units is the owner coder's; both live in normalize/, a later stage.
The reader takes them as an Evidence built by the caller (vnplan/pipeline.py builds it with
`vnplan.normalize.evidence.cutting_evidence()`), so extract/ never imports normalize/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


def _no(text: str) -> bool:
    return False


@dataclass(frozen=True)
class Evidence:
    """Predicates over a cell's whole text; each should be cached by whoever builds it."""

    is_time_expression: Callable[[str], bool] = _no  # 'Quý IV/2024', 'Thường xuyên' → True
    is_known_unit: Callable[[str], bool] = _no  # 'VP-TK, TP-HT' → True: every owner named has a unit code


NO_EVIDENCE = Evidence()  # cut by the text alone (the scores of SETTINGS without the two grammar bonuses)
