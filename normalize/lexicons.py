"""Moved: the lexicons and the text helpers live in vnplan/lang/vi/ (import them from `vnplan.lang.vi`).

This name stays only so that code written against it keeps working; extract/ must not import it
(tests/test_flow.py), and nothing in vnplan does.
"""

from vnplan.lang.vi.lexicons import load  # noqa: F401
from vnplan.lang.vi.text import fold, lower_nfc, nfc  # noqa: F401
