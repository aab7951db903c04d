"""Tables flattened into text (one cell fragment a line) → DraftTables, by scoring the cuts between cells.

The steps, one module each:
  settings     every weight, in one frozen dataclass (SETTINGS)
  vocabulary   the words of headers and cells, from corpus/lexicons/
  header       a header's text → column roles (and a header printed across its cells, decoded)
  body         a table's lines → raw rows (numbers, group rows, repeated headers, the end)
  columns      what is known of each column, learned in a first pass; the lent Evidence
  segmenter    a row's fragments → one chunk per column (dynamic programming)
  interleaved  rows printed line by line across their cells → cells (a beam)
  assembly     all of it → FlatTables with their rows' warnings
"""

from vnplan.extract.flat_tables.assembly import find_flat_tables  # noqa: F401
from vnplan.extract.flat_tables.body import FlatTable  # noqa: F401
from vnplan.extract.flat_tables.evidence import NO_EVIDENCE, Evidence  # noqa: F401
from vnplan.extract.flat_tables.header import header_roles  # noqa: F401
from vnplan.extract.flat_tables.settings import SETTINGS, FlatTableSettings  # noqa: F401
from vnplan.extract.flat_tables.vocabulary import word_pairs  # noqa: F401

