"""What later stages know that helps cut flattened cells, lent as plain predicates.

Whether 'Quý IV/2024' is a time expression is the deadline grammar's knowledge, whether
'VP-TK, TP-HT' names known units is the owner coder's; both live in normalize/, a later stage.
The reader takes them as an Evidence built by the caller (vnplan/pipeline.py builds it with
`vnplan.normalize.evidence.cutting_evidence()`), so extract/ never imports normalize/.
"""

from __future__ import annotations

from vnplan.extract.document import NO_EVIDENCE, Evidence  # noqa: F401  (defined with the other types that cross stages)


