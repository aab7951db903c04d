"""Vietnamese: text helpers, regular-expression pieces and the lexicons of corpus/lexicons/.

Only data and data access live here (as in spaCy's `spacy/lang/vi/`); the stages that use them
(extract/, normalize/) import from here, never from each other.
"""

from vnplan.lang.vi.lexicons import LEXICONS, Lexicon, LexiconError, load  # noqa: F401
from vnplan.lang.vi.text import fold, is_caps, lower_nfc, nfc, roman_value, simplify  # noqa: F401
