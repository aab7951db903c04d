"""Tables flattened into text (one cell fragment a line) → DraftTables, by scoring the cuts between cells."""

from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from vnplan.extract.document import DraftRow, DraftTable, Line
from vnplan.models.plan import Period
from vnplan.normalize import lexicons

# the owner lexicon and the deadline grammar are evidence for which column a fragment belongs to
from vnplan.normalize.deadlines import parse_deadline as _parse_deadline
from vnplan.normalize.owners import code_owners as _code_owners

ROLE_KIND = {
    "row_no": "number", "objective": "text", "task": "text", "activity": "text", "output": "text",
    "lead": "owner", "support": "owner", "deadline": "deadline", "note": "note",
}

# --- scoring weights (one place, like pdfplumber's table settings) ----------------------------
# Words are at home in the text columns (task, activity …); owner and deadline columns accept
# their own vocabulary at no cost and pay for anything else, so a cut is decided by the evidence
# around it: capitals that open cells, widths, connectors that cannot end a cell, repeated values.
OTHER_WORD = {"owner": -1.5, "deadline": -2.0, "note": -1.0}
OTHER_WORD_AFTER_HEAD = -0.6  # "Bộ phận soạn thảo văn bản QPPL": a unit's name after its head word
LOOKS_RIGHT = 1.0  # an owner or deadline cell made mostly of its vocabulary
EMPTY_CELL = -4.0  # a cell left empty without an empty-cell marker in the text
EMPTY_NOTE = 0.0  # "Ghi chú" is usually empty
CUT_IN_LINE = -1.5  # cutting a printed line between two words
CUT_AT_DOUBLE_SPACE = -0.3  # two spaces inside a line: often two cells side by side
TITLE_START = 1.5  # cells start with a capital: "Các công chức", "Văn phòng", "Quý IV"
ACRONYM_START = 0.5  # "UBND xã", "HĐND & …" start cells less often than they continue them
LOWER_START = -2.0
TITLE_INSIDE = {"owner": -1.5, "deadline": -1.5, "note": -1.5, "text": -0.7}  # a capital opening a later line
DANGLING_END = -2.0  # "Văn phòng –", "HĐND &": a cell does not end on a connector
TOO_WIDE = -3.0  # a line longer than its column's lines elsewhere in the table
WRAPPED_EARLY = -1.0  # a line that broke although the next word would have fitted the column
WIDTH_QUANTILE = 0.9  # a column's width from its wrapped lines: nine in ten fit (a few first-pass cuts are wrong)
WIDTH_SLACK = 1.1  # how much longer than those lines a column's line may be
WRAP_SLACK = 0.8  # proportional fonts: character counts only approximate a column's width
FREQUENT_VALUE = 3.0  # owner and deadline cells repeat down a column
PARSED_DEADLINE = 1.0
CODED_OWNER = 1.0
PRUNE_MARGIN = 20.0
EMPTY_IN_SPREAD = -2.0  # a column left out of a line that holds the first line of every cell
LATE_CELL = -3.0  # … and given text after it all the same
MAX_SHORT_CELL_UNITS = 14  # owner, deadline and note cells are a few fragments long
# the document's own word pairs: a cell broken over lines (or run on after a page break) joins words
# that stand side by side elsewhere in the text ("pháp | luật", "Nghị | quyết", "thực | hiện")
JOIN_SEEN = 1.0
JOIN_FREQUENT = 1.5  # the pair stands side by side three times or more
JOIN_FREQUENT_COUNT = 3
PUNCT_START = -3.0  # a cell does not open with ";", "," or ")"
OUTPUT_PRODUCT = 1.0  # an output cell (or a "- " item in it) opens with a product: "Kế hoạch", "Báo cáo"
OUTPUT_ACTION = -2.0  # … and not with an action: "Xây dựng và ban hành", "Thẩm định"
REPEATED = -2.5  # a cell does not repeat four words of itself: "Cổng dịch vụ công … Cổng dịch vụ công"
REPEAT_WORDS = 4
OUTPUT_OWNER = -1.5  # an output line opening with a unit's head ("Bộ phận soạn thảo …") belongs to the lead
LIST_BROKEN = -2.0  # in a cell of "- " items, a line opening with a capital but no bullet starts another cell
_BULLETS = ("-", "+", "•")
_CONNECTORS = ("-", "–", "&", ",", "và", "của", "/")

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
# "\s*+" then "(?:\s++|(?<=\s))": the same matches as "^\s*(…)\s+", without handing spaces back one by
# one (quadratic on a long run of spaces)
_GROUP = re.compile(rf"^\s*+(?P<num>{_ROMAN})(?P<dot>\.?)(?:\s++|(?<=\s))(?P<rest>[^\W\d_].*)$")
_ROMAN_HEADING = re.compile(rf"^\s*(?P<num>{_ROMAN})\.\s+\S")
_ROW_START = re.compile(r"^\s*(?P<num>\d{1,3})(?P<dot>\.?)(?:\s+(?P<rest>\S.*))?$")
_TABLE_END = re.compile(r"^\s*(?:nơi nhận|tm\.|t/m|kt\.|trên đây)", re.IGNORECASE)
_APPENDIX = re.compile(r"^\s*phụ\s+lục\b", re.IGNORECASE)
_DATE_OR_NUMBER = re.compile(r"^\d+(?:[/.\-–]\d+)*[/.\-–]?$")
_WORD_PUNCT = ".,;:()[]\"'“”…!?"


@dataclass
class FlatTable:
    """A table recovered from flattened text, with the source lines it occupied (1-based, inclusive)."""

    table: DraftTable
    first_lineno: int
    last_lineno: int


# --- the lexicon -------------------------------------------------------------------------------


FLAT_ROLES = frozenset({"row_no", "objective", "task", "activity", "output", "lead", "support", "deadline", "note"})


@lru_cache(maxsize=None)
def _header_phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    # grid-only roles (indicator tables, spanning parents) are not columns of a flattened task table
    rows = [r for r in lexicons.load("table_columns") if r["kind"] == "header" and r["role"] in FLAT_ROLES]
    phrases = {(tuple(_header_tokens(r["phrase"])), r["role"]) for r in rows}
    return tuple(sorted(phrases, key=lambda p: -len(p[0])))


@lru_cache(maxsize=None)
def _role_priority() -> dict[str, int]:
    """How strongly a header word names its role (table_columns.csv 'priority'; the grid parser's too)."""
    out: dict[str, int] = {}
    for r in lexicons.load("table_columns"):
        if r["kind"] == "header" and r["role"] in FLAT_ROLES and (r.get("priority") or "").strip().isdigit():
            out[r["role"]] = max(out.get(r["role"], 0), int(r["priority"]))
    return out


@lru_cache(maxsize=None)
def _cue_words(kind: str) -> frozenset[str]:
    rows = [r for r in lexicons.load("table_columns") if r["kind"] == "cell" and r["role"] == kind]
    words = {w for r in rows for w in _words(r["phrase"])}
    if kind == "owner":  # the words of the units' names ("Văn hóa - Thông tin") are an owner's too
        words |= {w for r in lexicons.load("units") if r.get("name")
                  for w in _words(r["name"].replace("*", " ")) if any(c.isalpha() for c in w)}
    return frozenset(words)


@lru_cache(maxsize=None)
def _openers() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words, 'product' | 'action') from corpus/lexicons/cell_openers.csv, longest first."""
    rows = [(tuple(_words(r["phrase"])), r["kind"]) for r in lexicons.load("cell_openers")]
    return tuple(sorted(rows, key=lambda p: -len(p[0])))


@lru_cache(maxsize=65536)
def _opener(text: str) -> str | None:
    """'product' or 'action' when a capitalized cell or item opens with one ("- Kế hoạch", "Thẩm định")."""
    stripped = text.lstrip()
    if stripped[:1] in _BULLETS:
        stripped = stripped[1:].lstrip()
    if not stripped[:1].isupper():
        return None
    words = tuple(_words(" ".join(stripped.split()[:4])))
    for phrase, kind in _openers():
        if words[:len(phrase)] == phrase:
            return kind
    return None


def _is_item_start(text: str) -> bool:
    """'- Kế hoạch', '+ Báo cáo': an item of a list inside a cell."""
    stripped = text.lstrip()
    return stripped[:1] in _BULLETS and stripped[1:2].isspace()


def _first_word(text: str) -> str:
    """The first word of a text ('' when it opens with a bullet or a dash: those join nothing)."""
    words = _words(text)
    return words[0] if words and any(c.isalnum() for c in words[0]) else ""


def _last_word(text: str) -> str:
    words = _words(text)
    return words[-1] if words and any(c.isalnum() for c in words[-1]) else ""


def word_pairs(texts) -> Counter:
    """How often each pair of words stands side by side on one line of `texts` (dashes, bullets
    and other marks between two words part them)."""
    pairs: Counter = Counter()
    for text in texts:
        words = _words(text)
        pairs.update((a, b) for a, b in zip(words, words[1:])
                     if any(c.isalnum() for c in a) and any(c.isalnum() for c in b))
    return pairs


@lru_cache(maxsize=None)
def _unit_name_pairs() -> Counter:
    return word_pairs(r["name"].replace("*", " ") for r in lexicons.load("units") if r.get("name"))


def _header_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s/,;:()]+", lexicons.fold(text)) if t]


def _words(text: str) -> list[str]:
    """Lower-cased words with edge punctuation removed; '&' and codes like 'vp-tk' kept."""
    out = []
    for token in lexicons.lower_nfc(text).split():
        word = token.strip(_WORD_PUNCT)
        if word:
            out.append(word)
    return out


def header_roles(text: str) -> list[str]:
    """Column roles named in a header, in order: 'STT Nội dung thực hiện … phối hợp Thời gian' →
    ['row_no', 'task', 'lead', 'support', 'deadline']."""
    tokens: list[str] = []
    slash_before: set[int] = set()  # token indices that follow a "/": "Hoạt động/sản phẩm"
    for piece in re.split(r"(/)", text):
        if piece == "/":
            slash_before.add(len(tokens))
        else:
            tokens.extend(_header_tokens(piece))
    roles: list[str] = []
    i = 0
    joined = False  # the previous phrase ended right before a "/"
    while i < len(tokens):
        for phrase, role in _header_phrases():
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                if joined and roles and i in slash_before:
                    # two names of one column joined by "/" ("Kết quả/Sản phẩm", "Hoạt động/sản
                    # phẩm"): one column, of the role its stronger word names (as the grid parser reads it)
                    priority = _role_priority()
                    if priority.get(role, 0) > priority.get(roles[-1], 0) and role not in roles:
                        roles[-1] = role
                elif not roles or roles[-1] != role:
                    roles.append(role)
                i += len(phrase)
                joined = True
                break
        else:
            i += 1
            joined = False
    return roles


# --- a header printed line by line across its cells --------------------------------------------
# A PDF copy may give a header's cells side by side: the first printed line holds the first line of
# every cell ("TT Nhiệm vụ Hoạt động/sản Cơ quan chủ Cơ quan phối Thời gian"), the later lines the
# rest, either interleaved ("phẩm trì hợp thực hiện") or cell after cell ("trì" / "phối hợp" / …).
# Reading the words in order then names the roles in the wrong order; the decoder below chooses the
# split into cells that gives each cell one role, in a plausible order, with lines wrapped as a
# column of one width wraps them.
HEADER_ONE_ROLE = 3.0  # a cell that names exactly one role
HEADER_NO_ROLE = -2.0  # a cell that names none
HEADER_MORE_ROLES = -3.0  # per role beyond the first in one cell
HEADER_OUT_OF_ORDER = -1.5  # a role before one that usually precedes it
HEADER_REPEATED_ROLE = -4.0  # the same role in two cells side by side
HEADER_WRAPPED_EARLY = -1.5  # a cell's line broke although the next word fitted its widest line
HEADER_PIECE_WORDS = 4  # words of one header cell on one printed line, at most
HEADER_WORK = 400_000  # the interleaved reading's search, bounded (about a microsecond a step)
_ROLE_ORDER = {r: k for k, r in enumerate(
    ("row_no", "objective", "task", "activity", "output", "lead", "support", "deadline", "note"))}


@lru_cache(maxsize=65536)
def _cell_roles(text: str) -> tuple[str, ...]:
    return tuple(header_roles(text))


def _header_cell_score(pieces: tuple[str, ...]) -> tuple[float, tuple[str, ...]]:
    """Score of one header cell from its printed lines, and the roles it names."""
    roles = _cell_roles(" ".join(pieces))
    score = HEADER_ONE_ROLE if len(roles) == 1 else HEADER_NO_ROLE if not roles else \
        HEADER_MORE_ROLES * (len(roles) - 1)
    widest = max(len(p) for p in pieces)
    for a, b in zip(pieces, pieces[1:]):
        if len(a) + 1 + len(b.split()[0]) <= widest:
            score += HEADER_WRAPPED_EARLY
    return score, roles


def _order_score(last: int, roles: tuple[str, ...]) -> tuple[float, int]:
    if len(roles) != 1:
        return 0.0, last
    rank = _ROLE_ORDER.get(roles[0], last)
    if rank == last:
        return HEADER_REPEATED_ROLE, rank
    return (HEADER_OUT_OF_ORDER if rank < last else 0.0), rank


@lru_cache(maxsize=1024)
def _decode_header(parts: tuple[str, ...]) -> tuple[float, tuple[tuple[str, ...], ...]] | None:
    """Best split of a header's printed lines into cells, the first line holding the first line of
    several cells; (score, roles of each cell). Both ways of printing the rest are tried: line k of
    every cell still running side by side ("interleaved"), or each cell's rest in turn ("runs",
    where cells missing from the first line may follow, each opening with a capital)."""
    first = parts[0].split()
    rest = [ln.split() for ln in parts[1:]]
    if len(first) < 2 or len(first) > 24 or len(rest) > 12 or sum(len(r) for r in rest) > 40:
        return None
    # a cell opens with a capital or a number ("STT", "Nội dung", "Thời gian")
    starts = [k for k, w in enumerate(first) if w[:1].isupper() or w[:1].isdigit()]
    if not starts or starts[0] != 0:
        return None
    ends = starts[1:] + [len(first)]
    results = [_decode_runs(first, parts[1:], starts, ends)]
    # the interleaved reading tries every piece of every line for every cell: only for short headers
    work = len(starts) ** 2 * len(_ROLE_ORDER) * math.prod((len(r) + 1) * (min(len(r), HEADER_PIECE_WORDS) + 1)
                                                          for r in rest)
    if len(rest) <= 3 and work <= HEADER_WORK:
        results.append(_decode_interleaved(first, rest, starts, ends))
    results = [r for r in results if r is not None]  # a tie goes to runs, the plainer reading
    return max(results, key=lambda r: (r[0], r[2] == "runs")) if results else None


def _decode_interleaved(first, rest, starts, ends):
    n_lines = len(rest)
    memo: dict = {}

    def pieces_options(pos: tuple[int, ...], k: int):
        """For lines k.., (new positions, pieces) a cell may take: a prefix of lines, each a run of words."""
        if k == n_lines:
            yield (), ()
            return
        yield tuple(pos[k:]), ()  # takes nothing here, so nothing below
        for e in range(pos[k] + 1, min(len(rest[k]), pos[k] + HEADER_PIECE_WORDS) + 1):
            piece = " ".join(rest[k][pos[k]:e])
            for tail_pos, tail in pieces_options(pos, k + 1):
                yield (e, *tail_pos), (piece, *tail)

    def best(p0: int, pos: tuple[int, ...], last: int):
        if p0 == len(first):
            return (0.0, ()) if all(p == len(r) for p, r in zip(pos, rest)) else (-math.inf, ())
        key = (p0, pos, last)
        if key in memo:
            return memo[key]
        out = (-math.inf, ())
        for e0 in ends:
            if e0 <= p0:
                continue
            head = " ".join(first[p0:e0])
            for new_pos, pieces in pieces_options(pos, 0):
                score, roles = _header_cell_score((head, *pieces))
                order, rank = _order_score(last, roles)
                tail_score, tail = best(e0, new_pos, rank)
                if score + order + tail_score > out[0]:
                    out = (score + order + tail_score, (roles, *tail))
        memo[key] = out
        return out

    score, cells = best(0, tuple(0 for _ in rest), -1)
    return (score, cells, "interleaved") if cells and score > -math.inf else None


def _decode_runs(first, rest_lines, starts, ends):
    rest_lines = list(rest_lines)
    memo: dict = {}

    def best(p0: int, line: int, last: int):
        if p0 == len(first) and line == len(rest_lines):
            return 0.0, ()
        key = (p0, line, last)
        if key in memo:
            return memo[key]
        out = (-math.inf, ())
        heads = [(e0, (" ".join(first[p0:e0]),)) for e0 in ends if e0 > p0] if p0 < len(first) else \
            [(p0, ())]
        for e0, head in heads:
            for b in range(0, len(rest_lines) - line + 1):
                block = tuple(rest_lines[line:line + b])
                if not head and (not block or not (block[0][:1].isupper() or block[0][:1].isdigit())):
                    continue
                score, roles = _header_cell_score(head + block)
                order, rank = _order_score(last, roles)
                tail_score, tail = best(e0, line + b, rank)
                if score + order + tail_score > out[0]:
                    out = (score + order + tail_score, (roles, *tail))
        memo[key] = out
        return out

    score, cells = best(0, 0, -1)
    return (score, cells, "runs") if cells and score > -math.inf else None


def _decoded_roles(parts: list[str]) -> list[str] | None:
    """The header's roles as the decoder reads its lines, when every cell names exactly one role."""
    decoded = _decoded_header(parts)
    return decoded[0] if decoded else None


def _decoded_header(parts: list[str]) -> tuple[list[str], str] | None:
    """(roles, 'interleaved' | 'runs') of a header whose first line holds several cells' first lines."""
    if len(parts) < 2 or len(header_roles(parts[0])) < 2:
        return None
    decoded = _decode_header(tuple(" ".join(p.split()) for p in parts))
    if decoded is None or any(len(roles) != 1 for roles in decoded[1]):
        return None
    roles = [r[0] for r in decoded[1]]
    return (roles, decoded[2]) if _valid_roles(roles) else None


def _is_header_start(text: str) -> bool:
    """A header opens with its number column ("STT", "TT", "Số TT") or, lacking one, with the
    task column ("Nội dung", "Nhiệm vụ"); `_read_header` then decides from all its words."""
    tokens = _header_tokens(text)
    if not tokens or len(text.strip()) > 80:
        return False
    return any(tuple(tokens[:len(phrase)]) == phrase for phrase, role in _header_phrases()
               if role in ("row_no", "task"))


def _valid_roles(roles: list[str]) -> bool:
    if len(set(roles)) != len(roles) or "task" not in roles:
        return False
    if roles[0] == "row_no":
        return ("lead" in roles or "deadline" in roles) and len(roles) >= 3
    # without a number column only a full header is believed: body text also says "nội dung"
    return roles[0] == "task" and "lead" in roles and "deadline" in roles


# --- reading the lines of a table ------------------------------------------------------------


_KIND_WORDS = {"owner": "a unit or official", "deadline": "a time", "number": "a row number", "text": "text"}
_NUMERAL_ALONE = re.compile(rf"^\s*+(?P<num>{_ROMAN})(?P<dot>\.?)(?P<rest>)\s*+$")


def _numeral_alone(lines: list[Line], i: int, text: str):
    """'II' alone on its line with the group title in capitals on the next: a group row cut in two."""
    m = _NUMERAL_ALONE.match(text)
    if not m or not m["num"]:
        return None
    following = next((ln.text.strip() for ln in lines[i + 1:i + 4] if ln.text.strip()), "")
    return m if following and _is_upper(following) else None


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        v = values[ch]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@dataclass
class _Fragment:
    """One printed line (or the text after a row number) inside a table row."""

    text: str
    lineno: int
    is_empty_marker: bool = False  # a whitespace-only line, or the space before an empty cell
    starts_part: bool = False  # first line after a page break: the row's cells run on here
    is_row_first: bool = False
    glued: bool = False  # the line before ended "VP-" with no space: the word runs on ("VP-TK")


@dataclass
class _RawRow:
    row_no: str | None
    area_raw: str | None
    lineno: int
    fragments: list[_Fragment] = field(default_factory=list)
    last_lineno: int = 0


def _heading_above(lines: list[Line], start: int) -> tuple[str | None, int]:
    """The table's heading as printed, and the index of its first line (caption lines included)."""
    taken: list[str] = []
    first = start
    i = start - 1
    while i >= 0 and len(taken) < 6:
        text = lines[i].text.strip()
        if not text or "\t" in lines[i].text:
            i -= 1
            continue
        if text.startswith("(") and not taken:
            first = i  # "(Kèm theo Kế hoạch số …)" belongs to the caption, not the heading
            i -= 1
            continue
        if _ROMAN_HEADING.match(text):
            taken.append(text)
            break  # a numbered section heading stays in the section tree
        if _APPENDIX.match(text):
            taken.append(text)
            first = i
            break
        if _is_upper(text):
            taken.append(text)
            first = i
            i -= 1
            continue
        break
    if not taken:
        return None, start
    return " ".join(reversed(taken)), first


def _read_header(lines: list[Line], start: int) -> tuple[list[str], int] | None:
    """Roles of the header starting at `start`, and the index after its last line."""
    parts: list[str] = []
    i = start
    seen = 0
    while i < len(lines) and seen < 30:
        raw = lines[i].text
        if "\t" in raw:
            return None
        text = raw.strip()
        if text:
            if i > start and (_GROUP.match(text) or _ROW_START.match(text) or _numeral_alone(lines, i, text)):
                break
            parts.append(text)
            seen += 1
        i += 1
    text = " ".join(parts)
    roles = _decoded_roles(parts) or header_roles(text)
    if roles[:1] != ["row_no"] and len(text) > 200:
        return None
    return (roles, i) if _valid_roles(roles) else None


def _next_text(lines: list[Line], i: int) -> int | None:
    """Index of the next line after `i` that holds text."""
    return next((j for j in range(i + 1, min(len(lines), i + 8)) if lines[j].text.strip()), None)


def _text_follows(lines: list[Line], i: int) -> bool:
    """The next printed line opens a cell with a capital ("Rà soát …"), not a number or a group."""
    j = _next_text(lines, i)
    if j is None:
        return False
    text = lines[j].text.strip()
    return _case_of(text) == "title" and not _ROW_START.match(text) and not _GROUP.match(text)


def _header_follows(lines: list[Line], i: int, roles: list[str], header_text: str = "") -> bool:
    """The table's header starts on the next printed line: line `i` ends a page."""
    j = _next_text(lines, i)
    if j is None or "\t" in lines[j].text:
        return False
    if _repeated_header_end(lines, j, header_text) is not None:
        return True
    if not _is_header_start(lines[j].text):
        return False
    header = _read_header(lines, j)
    return header is not None and header[0] == roles


def _glued_words(lines: list[Line]) -> frozenset[str]:
    """Words of the text joined by a dash with no space ("VP-TK", "chính-Kế"), lower-cased."""
    return frozenset(w for ln in lines for w in _words(ln.text)
                     if re.search(r"\w[-–]\w", w))


def _glues(left: str, right: str, glued_words: frozenset[str]) -> bool:
    """A line ending "VP-" and the next opening "TK": one word broken at its dash ("VP-TK"), when
    the piece before the dash is a code or a number ("TP-HT", "2021-2025") or the text writes the
    two glued elsewhere; "Văn phòng-" / "Thống kê" keeps its space ("Văn phòng- Thống kê")."""
    stem = left.rstrip("-–")
    letters = [c for c in stem if c.isalpha()]
    if stem.isdigit() or (letters and all(c.isupper() for c in letters) and len(letters) > 1):
        return True
    return lexicons.lower_nfc(f"{stem}-{right}").strip(_WORD_PUNCT) in glued_words


def _repeated_header_end(lines: list[Line], i: int, header_text: str) -> int | None:
    """When the lines from `i` print the table's header again word for word (a new page), the index
    after them; the rows' text that runs on below it is not read into the header."""
    if not header_text:
        return None
    taken = ""
    j = i
    while j < len(lines) and len(taken) < len(header_text):
        text = " ".join(lines[j].text.split())
        j += 1
        if not text:
            continue
        taken = f"{taken} {text}" if taken else text
        if not header_text.startswith(taken):
            return None
    return j if taken == header_text else None


def _read_body(lines: list[Line], start: int, roles: list[str],
               glued_words: frozenset[str] = frozenset(), header_text: str = "") -> tuple[list[_RawRow], int]:
    """Rows of the table body from `start`; returns them and the index of the last line used.
    `header_text`: the header's lines joined, to know it when a page repeats it."""
    rows: list[_RawRow] = []
    current: _RawRow | None = None
    area: str | None = None
    collecting_area = False
    group_value = 0
    group_has_dot = False
    last_no = 0
    numbered_before_group = 0  # numbering may restart in each group (1, 2 | 1, 2) or run on (1, 2 | 3, 4)
    prev_blank = True
    pending_part = False
    last_used = start - 1
    previous_raw = ""
    i = start
    while i < len(lines):
        raw = lines[i].text
        lineno = _lineno(lines, i)
        if "\t" in raw:
            break
        text = raw.strip()
        if raw == "":
            prev_blank = True
            i += 1
            continue
        if not text:  # whitespace only: the trace of an empty cell
            if current is not None:
                current.fragments.append(_Fragment("", lineno, is_empty_marker=True))
            prev_blank = True
            i += 1
            continue
        if _TABLE_END.match(text) or _APPENDIX.match(text):
            break
        heading = _ROMAN_HEADING.match(text)
        if heading and not (group_has_dot and _roman_value(heading["num"]) == group_value + 1):
            break
        repeated = _repeated_header_end(lines, i, header_text)
        if repeated is not None:
            i = repeated  # the header row printed again on a new page, exactly as at the top
            prev_blank = True
            continue
        if _is_header_start(text):
            header = _read_header(lines, i)
            if header is not None:
                if header[0] != roles:
                    break
                i = header[1]  # a header row repeated on a new page
                prev_blank = True
                continue
        group = _GROUP.match(text) or _numeral_alone(lines, i, text)
        if group and group["num"] and _roman_value(group["num"]) == group_value + 1:
            group_value += 1
            group_has_dot = bool(group["dot"])
            area = f"{group['num']} {(group['rest'] or '').strip()}".strip()
            collecting_area = True
            current = None
            numbered_before_group, last_no = max(last_no, numbered_before_group), 0
            last_used = i
            prev_blank = False
            i += 1
            continue
        row = _ROW_START.match(text)
        if row:
            number = int(row["num"])
            floor = numbered_before_group if last_no == 0 else last_no
            in_sequence = last_no < number <= last_no + 3 or floor < number <= floor + 3
            is_row = (row["rest"] is not None and in_sequence
                      and not (row["rest"][:1].isdigit() and row["dot"])) \
                or (row["rest"] is None and (number == last_no + 1
                                              or (last_no == 0 and number == numbered_before_group + 1)
                                              # a number skipped ("1, 3, 4"): a row when text follows
                                              or (in_sequence and _text_follows(lines, i)))
                    and not _header_follows(lines, i, roles, header_text))  # a page number, then the header again
            if is_row:
                previous_raw = raw
                current = _RawRow(row["num"], area, lineno, last_lineno=lineno)
                rows.append(current)
                if row["rest"]:
                    current.fragments.append(_Fragment(row["rest"], lineno, is_row_first=True))
                last_no = number
                collecting_area = False
                pending_part = False
                last_used = i
                prev_blank = False
                i += 1
                continue
            if row["rest"] is None and number < 1000 and not row["dot"]:
                pending_part = True  # a page number: what follows continues the row
                prev_blank = True
                i += 1
                continue
        if collecting_area and current is None and _is_upper(text) and area is not None:
            area = f"{area} {text}"  # a group heading wrapped onto a second line
            last_used = i
            prev_blank = False
            i += 1
            continue
        collecting_area = False
        if current is None:
            i += 1
            prev_blank = False
            continue
        leading_space = raw[:1].isspace()
        starts_part = pending_part or (leading_space and not prev_blank)
        if leading_space and prev_blank and not pending_part:
            # " Thường" after an empty line: the space is what is left of an empty cell
            current.fragments.append(_Fragment("", lineno, is_empty_marker=True))
        # "chức VP-" with no trailing space: the next line finishes the word ("VP-TK")
        glued = previous_raw.endswith(("-", "–")) and len(previous_raw.split()[-1]) > 1 \
            and not leading_space and _glues(previous_raw.split()[-1], text.split()[0], glued_words)
        current.fragments.append(_Fragment(text, lineno, starts_part=starts_part, glued=glued))
        previous_raw = raw
        current.last_lineno = lineno
        pending_part = False
        last_used = i
        prev_blank = False
        i += 1
    return rows, last_used


# --- column models ---------------------------------------------------------------------------


@dataclass
class _ColumnModel:
    role: str
    kind: str
    learned_words: frozenset[str] = frozenset()
    frequent: frozenset[str] = frozenset()
    width: float | None = None  # no line of the column is longer
    wrap_width: float | None = None  # typical length of a full line of the column

    def vocabulary(self) -> frozenset[str]:
        return _cue_words(self.kind) | self.learned_words

    def is_own_word(self, word: str, vocabulary: frozenset[str]) -> bool:
        return word in vocabulary or word in ("&", "-", "–", "+") or (
            self.kind == "deadline" and bool(_DATE_OR_NUMBER.match(word))) or (
            word[-1:] in "-–" and word.rstrip("-–") in vocabulary)  # "Văn hóa-" / "Thông tin"

    def text_score(self, text: str) -> float:
        """Score of a whole owner, deadline or note cell (what the column holds so far)."""
        if not text or self.kind == "text":
            return 0.0
        cache = self.__dict__.setdefault("_scores", {})
        if text not in cache:
            cache[text] = self._text_score(text)
        return cache[text]

    def _text_score(self, text: str) -> float:
        words = _words(text)
        vocabulary = self.vocabulary()
        own = sum(1 for w in words if self.is_own_word(w, vocabulary))
        return self.score_counts(len(words), own, text, self.kind == "owner" and _has_owner_head(text))

    def score_counts(self, n_words: int, n_own: int, text: str, has_head: bool = False) -> float:
        """Score from the cell's word counts; `text` is only read when the cell looks right."""
        if self.kind == "note":
            return OTHER_WORD["note"] * n_words
        score = (OTHER_WORD_AFTER_HEAD if has_head else OTHER_WORD[self.kind]) * (n_words - n_own)
        if not n_words or n_own / n_words < (0.4 if has_head else 0.6):
            return score
        return score + self.extras(text)

    def extras(self, text: str) -> float:
        cache = self.__dict__.setdefault("_extras", {})
        if text in cache:
            return cache[text]
        score = LOOKS_RIGHT
        if lexicons.lower_nfc(text) in self.frequent:
            score += FREQUENT_VALUE
        # the other stages' grammars have the last word on cells that already look right
        if self.kind == "deadline" and _deadline_parses(text):
            score += PARSED_DEADLINE
        if self.kind == "owner" and _owners_coded(text):
            score += CODED_OWNER
        cache[text] = score
        return score


@lru_cache(maxsize=None)
def _owner_heads() -> tuple[tuple[str, ...], ...]:
    rows = [r for r in lexicons.load("table_columns") if r["kind"] == "cell" and r["role"] == "owner_head"]
    return tuple(tuple(_words(r["phrase"])) for r in rows)


@lru_cache(maxsize=65536)
def _has_owner_head(text: str) -> bool:
    words = tuple(_words(" ".join(text.split()[:3])))
    return any(words[:len(head)] == head for head in _owner_heads())


@lru_cache(maxsize=65536)
def _is_lone_head(text: str) -> bool:
    """'Công chức', 'Bộ phận' alone on a line: the unit's name follows, capitalized or not.
    ('UBND' and 'Các' open or close names; they are not read so.)"""
    words = tuple(_words(text))
    return _case_of(text) == "title" and words != ("các",) and any(words == head for head in _owner_heads())


@lru_cache(maxsize=65536)
def _is_broken_head(text: str) -> bool:
    """'Công' alone on a line: the head 'Công chức' broke over two lines, so the cell goes on."""
    words = tuple(_words(text))
    return len(words) == 1 and any(len(head) > 1 and words == head[:1] for head in _owner_heads())


@lru_cache(maxsize=65536)
def _deadline_parses(text: str) -> bool:
    return _parse_deadline(text, Period()).kind != "unknown"


@lru_cache(maxsize=65536)
def _owners_coded(text: str) -> bool:
    owners = _code_owners(text)
    return bool(owners) and all(o.code != "other" for o in owners)


def _case_of(text: str) -> str:
    """'title' (Các, Văn), 'acronym' (UBND, HĐND), 'lower', or 'other' ('- Soạn', '100%')."""
    first = text.split()[0] if text.split() else ""
    if not first or not first[0].isalpha():
        return "other"
    if first[0].islower():
        return "lower"
    letters = [c for c in first if c.isalpha()]
    return "acronym" if len(letters) > 1 and all(c.isupper() for c in letters) else "title"


START_SCORE = {"title": TITLE_START, "acronym": ACRONYM_START, "lower": LOWER_START, "other": ACRONYM_START}


def _ends_dangling(text: str) -> bool:
    last = text.split()[-1] if text.split() else ""
    return last.lower() in ("-", "–", "&", "và", "của") or last.endswith(("-", "–"))


# --- cutting a row into cells ----------------------------------------------------------------


@dataclass
class _Unit:
    text: str
    lineno: int
    is_empty_marker: bool = False
    cut_before: float = 0.0  # cost of starting a cell at this unit (0 at a line start)
    starts_line: bool = True
    glued: bool = False  # joins the previous unit without a space ("VP-" + "TK")
    case: str = "other"


def _units(fragments: list[_Fragment], split_first: bool) -> list[_Unit]:
    """Units of a run of fragments: printed lines, and pieces of lines that may hold two cells.
    `split_first`: the run's first line may hold the first words of several cells."""
    units: list[_Unit] = []
    first_text = next((k for k, f in enumerate(fragments) if not f.is_empty_marker), -1)
    for k, frag in enumerate(fragments):
        if frag.is_empty_marker:
            units.append(_Unit("", frag.lineno, is_empty_marker=True))
            continue
        if split_first and k == first_text:
            # a line that may hold the first printed line of several cells: cut between any words
            pieces = re.split(r"(\s+)", frag.text)
            # a bullet stays with the word after it: "- Xây dựng" opens a cell, "-" alone ends none
            for j in range(len(pieces) - 3, -1, -2):
                if pieces[j] in _BULLETS and j + 2 < len(pieces) and pieces[j + 2]:
                    pieces[j:j + 3] = [pieces[j] + " " + pieces[j + 2]]
            for j in range(0, len(pieces), 2):
                space = pieces[j - 1] if j else ""
                cost = 0.0 if j == 0 else (CUT_AT_DOUBLE_SPACE if len(space) >= 2 else CUT_IN_LINE)
                if j == 0 and frag.glued:
                    cost = 2 * CUT_IN_LINE  # the line finishes a word
                units.append(_Unit(pieces[j], frag.lineno, cut_before=cost, starts_line=j == 0,
                                   glued=frag.glued and j == 0))
            continue
        # two spaces inside a line: two cells printed side by side; so may be a bullet or a product
        # or action word inside a line ("Tổ chức giao ban Báo cáo đánh": an activity, then an output)
        for j, piece in enumerate(re.split(r"\s{2,}", frag.text)):
            cost = 0.0 if j else (2 * CUT_IN_LINE if frag.glued else 0.0)
            for n, sub in enumerate(_capital_pieces(piece)):
                if n:
                    units.append(_Unit(sub, frag.lineno, cut_before=CUT_IN_LINE, starts_line=False))
                else:
                    units.append(_Unit(sub, frag.lineno, cut_before=CUT_AT_DOUBLE_SPACE if j else cost,
                                       starts_line=j == 0, glued=frag.glued and j == 0))
    for u in units:
        u.case = _case_of(u.text)
    return units


def _capital_pieces(text: str) -> list[str]:
    """A line cut before a bullet, or before a capital that opens a product or an action
    (cell_openers.csv), unless the word before joins it ("Nghị quyết, Quyết định", "và Kế hoạch")."""
    words = text.split(" ")
    pieces = [words[0]]
    for n, (prev, word) in enumerate(zip(words, words[1:]), start=1):
        opens = word in _BULLETS or (word[:1].isupper() and _opener(" ".join(words[n:])) is not None)
        if opens and prev and not prev.endswith(_CONNECTORS) and prev not in _CONNECTORS \
                and not _is_lone_head(pieces[-1]) and not _is_lone_head(prev):
            pieces.append(word)
        else:
            pieces[-1] += " " + word
    return pieces


def _join_units(units: list[_Unit], prefix: str = "") -> str:
    out = prefix
    for u in units:
        if u.is_empty_marker:
            continue
        text = " ".join(u.text.split())
        if not out:
            out = text
        elif u.glued and u.starts_line:
            out += text
        else:
            out += " " + text
    return out


def _join(texts: list[str]) -> str:
    return " ".join(" ".join(t.split()) for t in texts if t.strip())


class _Segmenter:
    """Best monotone cut of a run of units into one chunk per column (chunks may be empty)."""

    def __init__(self, units: list[_Unit], models: list[_ColumnModel], prefixes: list[str],
                 is_last: bool, pairs: Counter | None = None, spread: bool = False,
                 closed: list[bool] | None = None):
        self.units, self.models, self.prefixes, self.is_last = units, models, prefixes, is_last
        # `spread`: this run is a line holding the first lines of the cells side by side, their rest
        # follows cell after cell; `closed`: columns that had no first line there, so stay empty
        self.spread = spread
        self.closed = closed or [False] * len(models)
        self.pairs = pairs or Counter()
        m = len(units)
        # per unit: a capital opening a later line of a cell, unless the line before ends on a connector
        self.next_text = [m] * (m + 1)  # first text unit at or after each position
        for k in range(m - 1, -1, -1):
            self.next_text[k] = k if not units[k].is_empty_marker else self.next_text[k + 1]
        self.prev_text = [-1] * (m + 1)  # last text unit before each position
        for k in range(1, m + 1):
            self.prev_text[k] = k - 1 if not units[k - 1].is_empty_marker else self.prev_text[k - 1]
        # per unit: a capital opening a later line of a cell, unless the line before ends on a
        # connector ("Văn phòng – / Thống kê") or is a lone head ("Công chức / Văn phòng")
        # per unit: a line that opens with a capital, no bullet, after a line that does not run on
        self.plain_title = [0] * (m + 1)
        self.title_inside = [0] * (m + 1)
        for k in range(m):
            u = units[k]
            prev = units[self.prev_text[k]] if self.prev_text[k] >= 0 else None
            is_inside_title = (u.starts_line and u.case == "title" and prev is not None
                               and not prev.text.rstrip().endswith(_CONNECTORS)
                               and not _is_lone_head(prev.text))
            self.title_inside[k + 1] = self.title_inside[k] + (1 if is_inside_title else 0)
            self.plain_title[k + 1] = self.plain_title[k] + (1 if is_inside_title and not _is_item_start(u.text) else 0)
        self.base = [models[k].text_score(prefixes[k]) for k in range(len(models))]
        units_per_line = Counter(u.lineno for u in units if not u.is_empty_marker)
        self.dangling = [_ends_dangling(u.text) or _is_broken_head(u.text) for u in units]
        # per column: running counts of words and of the column's own words
        self.counts = []
        for k, model in enumerate(models):
            if model.kind == "text":
                self.counts.append(None)
                continue
            vocabulary = model.vocabulary()
            n_words, n_own = [0] * (m + 1), [0] * (m + 1)
            for index, u in enumerate(units):
                words = _words(u.text) if not u.is_empty_marker else []
                n_words[index + 1] = n_words[index] + len(words)
                n_own[index + 1] = n_own[index] + sum(1 for w in words if model.is_own_word(w, vocabulary))
            prefix_words = _words(prefixes[k])
            prefix_own = sum(1 for w in prefix_words if model.is_own_word(w, vocabulary))
            self.counts.append((n_words, n_own, len(prefix_words), prefix_own))
        self.split_units = [k for k, u in enumerate(units)
                            if not u.is_empty_marker and units_per_line[u.lineno] > 1]
        # per cut position: the bonus lost by cutting between two words the text writes side by side
        self.join_at = [0.0] * (m + 1)
        for k in range(1, m):
            a, b = self.prev_text[k], self.next_text[k]
            if a >= 0 and b < m:
                self.join_at[k] = self.join_bonus(_last_word(units[a].text), units[b].text)
        # per unit: is it a "- " item, and how an output cell opening with it looks
        self.opener = [(_opener(u.text) if not u.is_empty_marker else None) for u in units]
        self.items = [0.0] * (m + 1)
        for k, u in enumerate(units):
            is_item = not u.is_empty_marker and u.starts_line and _is_item_start(u.text)
            is_owner = not u.is_empty_marker and u.starts_line and u.case == "title" and _has_owner_head(u.text)
            self.items[k + 1] = self.items[k] + (self.opener_score(k) if is_item else 0.0) \
                + (OUTPUT_OWNER if is_owner and self.opener[k] is None else 0.0)
        # pairs of units (earlier, later) where a line opens with four words already written before it
        self.repeats: list[tuple[int, int]] = []
        seq = [(w, k) for k, u in enumerate(units) if not u.is_empty_marker for w in _words(u.text)]
        starts = {}
        for pos in range(len(seq) - REPEAT_WORDS + 1):
            gram = tuple(w for w, _ in seq[pos:pos + REPEAT_WORDS])
            k = seq[pos][1]
            if gram in starts and units[k].starts_line and (pos == 0 or seq[pos - 1][1] != k) \
                    and starts[gram] < k:
                self.repeats.append((starts[gram], k))
            starts.setdefault(gram, k)
        # per column: how many whole printed lines up to each unit are wider than the column
        self.wide = []
        for model in models:
            counts = [0] * (m + 1)
            for k, u in enumerate(units):
                is_wide = (model.width is not None and not u.is_empty_marker
                           and units_per_line[u.lineno] == 1 and len(u.text) > model.width)
                counts[k + 1] = counts[k] + (1 if is_wide else 0)
            self.wide.append(counts)
        # per column: lines that broke early, i.e. the next line's first word would have fitted
        texts = [k for k, u in enumerate(units) if not u.is_empty_marker]
        self.early = []
        for model in models:
            counts = [0] * (m + 1)
            flags = [0] * m
            if model.kind == "text" and model.wrap_width is not None:
                for a, b in zip(texts, texts[1:]):
                    u, v = units[a], units[b]
                    if units_per_line[u.lineno] == 1 and units_per_line[v.lineno] == 1 and not v.glued:
                        next_word = v.text.split()[0]
                        if len(u.text) + 1 + len(next_word) <= WRAP_SLACK * model.wrap_width:
                            flags[a] = 1
            for k in range(m):
                counts[k + 1] = counts[k] + flags[k]
            self.early.append(counts)

    def join_bonus(self, left_word: str, right_text: str) -> float:
        right_word = _first_word(right_text)
        n = self.pairs.get((left_word, right_word), 0) if left_word and right_word else 0
        return 0.0 if not n else (JOIN_FREQUENT if n >= JOIN_FREQUENT_COUNT else JOIN_SEEN)

    def opener_score(self, k: int) -> float:
        kind = self.opener[k]
        return OUTPUT_PRODUCT if kind == "product" else OUTPUT_ACTION if kind == "action" else 0.0

    def chunk_score(self, k: int, i: int, j: int) -> float:
        model, prefix, units = self.models[k], self.prefixes[k], self.units
        if i == j or all(u.is_empty_marker for u in units[i:j]):
            # an empty-cell marker, or a column that already has text, may stay empty
            if self.is_last and prefix and _ends_dangling(prefix):
                return DANGLING_END
            if self.spread and not prefix and i == j:
                return EMPTY_IN_SPREAD
            if not self.is_last or prefix or i < j:
                return 0.0
            return EMPTY_NOTE if model.kind == "note" else EMPTY_CELL
        first = units[self.next_text[i]]
        last = units[self.prev_text[j]]
        score = 0.0 if prefix else START_SCORE[first.case]
        if self.closed[k]:
            score += LATE_CELL
        if prefix:
            score += self.join_bonus(_last_word(prefix), first.text)
        elif first.text[:1] in ";,.)]":
            score += PUNCT_START
        if model.role == "output":
            start = self.next_text[i]
            score += self.items[j] - self.items[start + 1]
            if not prefix:
                score += self.opener_score(start)
            else:  # a "- " item that opens this part of a cell already begun
                score += self.items[start + 1] - self.items[start]
        if model.kind == "text" and _is_item_start(prefix or first.text):
            start = self.next_text[i]
            score += LIST_BROKEN * (self.plain_title[j] - self.plain_title[start + 1])
        if model.kind == "text":  # owner cells may name one unit per item: "Bộ phận … Bộ phận …"
            for a, b in self.repeats:
                if i <= a and b < j:
                    score += REPEATED
        # title-case openings of later lines (the first unit's own opening is its start)
        score += TITLE_INSIDE[model.kind] * (self.title_inside[j] - self.title_inside[min(j, self.next_text[i] + 1)])
        if self.is_last and self.dangling[self.prev_text[j]]:
            score += DANGLING_END
        score += TOO_WIDE * (self.wide[k][j] - self.wide[k][i])
        score += WRAPPED_EARLY * (self.early[k][j - 1] - self.early[k][i])
        if model.width is not None and self.split_units:
            # a line cut between words: only the words given to this cell count
            by_line: dict[int, int] = defaultdict(int)
            for index in self.split_units[bisect_left(self.split_units, i):bisect_left(self.split_units, j)]:
                by_line[units[index].lineno] += len(units[index].text) + 1
            score += TOO_WIDE * sum(1 for n in by_line.values() if n - 1 > model.width)
        if model.kind != "text":
            n_words, n_own, prefix_words, prefix_own = self.counts[k]
            words = prefix_words + n_words[j] - n_words[i]
            own = prefix_own + n_own[j] - n_own[i]
            has_head = model.kind == "owner" and _has_owner_head(prefix or first.text)
            if model.kind != "note" and words and own / words >= (0.4 if has_head else 0.6):
                text = _join_units([u for u in units[i:j] if not u.is_empty_marker], prefix)
            else:
                text = ""
            score += model.score_counts(words, own, text, has_head) - self.base[k]
        return score

    def best(self) -> tuple[float, list[tuple[int, int]]]:
        units, models = self.units, self.models
        m, n_cols = len(units), len(models)
        neg = -math.inf
        best = [[neg] * (m + 1) for _ in range(n_cols + 1)]
        back = [[0] * (m + 1) for _ in range(n_cols + 1)]
        best[0][0] = 0.0
        for k in range(n_cols):
            limit = m if models[k].kind == "text" else MAX_SHORT_CELL_UNITS
            floor = max(best[k]) - PRUNE_MARGIN  # hypotheses this far behind never recover
            for i in range(m + 1):
                if best[k][i] < floor:
                    continue
                for j in range(i, min(m, i + limit) + 1):
                    score = best[k][i] + self.chunk_score(k, i, j)
                    if i < j < m:
                        score += units[j].cut_before - self.join_at[j]
                    if score > best[k + 1][j]:
                        best[k + 1][j] = score
                        back[k + 1][j] = i
        cuts: list[tuple[int, int]] = []
        j = m
        for k in range(n_cols, 0, -1):
            i = back[k][j]
            cuts.append((i, j))
            j = i
        cuts.reverse()
        return best[n_cols][m], cuts


def _split_parts(fragments: list[_Fragment], spread_width: float,
                 wraps: frozenset[int]) -> list[tuple[list[_Fragment], bool]]:
    """Runs of fragments cut in column order; (run, may its first line hold several cells).
    `wraps`: indices of wide lines after which the cells start again from the first column."""
    parts: list[tuple[list[_Fragment], bool]] = []
    current: list[_Fragment] = []
    split_first = False
    for index, frag in enumerate(fragments):
        is_spread = not frag.is_empty_marker and len(frag.text) > spread_width
        has_text = any(not f.is_empty_marker for f in current)
        if frag.starts_part or index in wraps:
            if has_text:
                parts.append((current, split_first))
                current = []
            split_first = True
        elif not has_text and (frag.is_row_first or is_spread):
            split_first = True  # the first line of a run may hold the first words of several cells
        current.append(frag)
        if index in wraps:
            # the first printed line of several cells side by side: the rest comes column by column
            parts.append((current, True))
            current, split_first = [], False
    if current:
        parts.append((current, split_first))
    return parts


def _spread_lines(fragments: list[_Fragment], spread_width: float) -> list[int]:
    return [k for k, f in enumerate(fragments) if not f.is_empty_marker and len(f.text) > spread_width]


def _sub_rows(row: _RawRow, has_objective: bool) -> list[list[_Fragment]]:
    """A numbered row under a merged "Mục tiêu" cell holds several rows; an empty-cell marker
    right after a deadline cell (the empty "Ghi chú") ends each of them."""
    if not has_objective:
        return [row.fragments]
    out: list[list[_Fragment]] = [[]]
    for k, frag in enumerate(row.fragments):
        out[-1].append(frag)
        if frag.is_empty_marker and k + 1 < len(row.fragments) and _ends_deadline(out[-1][:-1]):
            rest = row.fragments[k + 1:]
            if any(not f.is_empty_marker for f in rest) and not rest[0].starts_part:
                out.append([])
    return [s for s in out if any(not f.is_empty_marker for f in s)]


def _ends_deadline(fragments: list[_Fragment]) -> bool:
    texts = [f.text for f in fragments if not f.is_empty_marker][-3:]
    model = _ColumnModel("deadline", "deadline")
    vocabulary = model.vocabulary()
    for n in range(1, len(texts) + 1):
        words = _words(_join(texts[-n:]))
        if words and all(model.is_own_word(w, vocabulary) for w in words) and \
                any(not _DATE_OR_NUMBER.match(w) for w in words) and _case_of(texts[-n]) == "title":
            return True
    return False


@dataclass
class _Cut:
    cells: dict[str, str]
    lines: dict[str, list[str]]  # printed lines that wrapped inside each column (for widths)
    score: float
    lineno: int
    split_lines: list[int] = field(default_factory=list)  # printed lines shared by two cells
    wrapped: bool = False  # cells ran on column by column after a line holding several of them
    run_on: list[int] = field(default_factory=list)  # lines where the cells run on (page break, interleaving)
    torn: list[tuple[int, str, str]] = field(default_factory=list)  # cuts between words that go together


def _cut_row(fragments: list[_Fragment], models: list[_ColumnModel], spread_width: float,
             pairs: Counter | None = None) -> _Cut:
    """The best-scoring cut of a row; a wide line may or may not hold several cells' first lines."""
    spread = _spread_lines(fragments, spread_width)[:3]
    options = {frozenset(), frozenset(spread)} | {frozenset([k]) for k in spread}
    return max((_cut_row_with(fragments, models, spread_width, wraps, pairs) for wraps in options),
               key=lambda cut: cut.score)


def _cut_row_with(fragments: list[_Fragment], models: list[_ColumnModel], spread_width: float,
                  wraps: frozenset[int], pairs: Counter | None = None) -> _Cut:
    prefixes = ["" for _ in models]
    lines: dict[str, list[str]] = defaultdict(list)
    total = 0.0
    parts = []
    wrap_ids = {id(fragments[k]) for k in wraps}
    for part, split_first in _split_parts(fragments, spread_width, wraps):
        units = _units(part, split_first)
        if any(not u.is_empty_marker for u in units):
            # a run cut off after a wide line: that line held the first line of every cell
            is_spread = split_first and id(part[-1]) in wrap_ids
            parts.append((units, is_spread))
    closed: list[bool] | None = None
    firsts: list[tuple[int, str]] = []
    split_lines: list[int] = []
    torn: list[tuple[int, str, str]] = []
    for index, (units, is_spread) in enumerate(parts):
        is_spread = is_spread and index < len(parts) - 1
        segmenter = _Segmenter(units, models, prefixes, is_last=index == len(parts) - 1, pairs=pairs,
                               spread=is_spread, closed=closed)
        score, cuts = segmenter.best()
        total += score
        for i, j in cuts:  # a cell that ends where the text elsewhere goes on: "… kết quả rà | soát TTHC"
            if 0 < j < len(units) and i < j and segmenter.join_at[j] >= JOIN_FREQUENT \
                    and any(not u.is_empty_marker for u in units[j:]):
                a, b = segmenter.prev_text[j], segmenter.next_text[j]
                torn.append((units[b].lineno, _last_word(units[a].text), _first_word(units[b].text)))
        split_lines.extend(units[i].lineno for i, _ in cuts if 0 < i < len(units) and units[i].cut_before
                           and any(not u.is_empty_marker for u in units[i:]))
        for k, (i, j) in enumerate(cuts):
            chunk = [u for u in units[i:j] if not u.is_empty_marker]
            if chunk:
                prefixes[k] = _join_units(chunk, prefixes[k])
                whole = [u for u in chunk[:-1] if u.starts_line and u.cut_before == 0.0
                         and sum(1 for v in units if v.lineno == u.lineno) == 1]
                lines[models[k].role].extend(u.text for u in whole)
        closed = [not prefix for prefix in prefixes] if is_spread else None
        if is_spread:  # a cell's first line beside the others: a whole line when the cell goes on
            firsts = [(k, prefixes[k]) for k in range(len(models)) if prefixes[k]]
    for k, first in firsts:
        if prefixes[k] != first:
            lines[models[k].role].append(first)
    lineno = next((f.lineno for f in fragments if not f.is_empty_marker), fragments[0].lineno)
    cells = {models[k].role: prefixes[k] for k in range(len(models))}
    run_on = [f.lineno for f in fragments if f.starts_part]
    return _Cut(cells, lines, total, lineno, sorted(set(split_lines)), bool(wraps), run_on, torn)


# --- rows printed line by line across their cells ------------------------------------------------
# When the header is printed interleaved, so are the rows: printed line k holds line k of every cell
# that has one, side by side and in column order. The cells are top-aligned, so the columns still
# running only ever drop out, until a page break starts the cells' rest on a new page.
INTERLEAVED_BEAM = 8  # hypotheses kept after each printed line
INTERLEAVED_SPLITS = 4  # splits of one line kept for each hypothesis
INTERLEAVED_WRAPPED_EARLY = -1.5  # a cell's line broke although the next word fitted its column
CELL_ENDS_DANGLING = -2.0  # a cell stops running on "Văn phòng-", "và"
EMPTY_TASK = -50.0  # every row of a task table names its task


def _line_words(text: str) -> list[str]:
    words = text.split()
    # a bullet stays with the word after it: "- Xây dựng" opens a piece, "-" alone ends none
    out: list[str] = []
    for w in words:
        if out and out[-1] in _BULLETS:
            out[-1] += " " + w
        else:
            out.append(w)
    return out


class _Interleaved:
    """Best reading of a row's printed lines as interleaved cells (a beam over the lines; within a
    line, the best few splits among the running columns by dynamic programming)."""

    def __init__(self, models: list[_ColumnModel], pairs: Counter):
        self.models, self.pairs = models, pairs
        self.piece_cache: dict = {}

    def piece_score(self, k: int, prev: str, text: str) -> float:
        """Score of giving `text` (one printed line's piece) to column k after its piece `prev`."""
        key = (k, prev, text)
        if key in self.piece_cache:
            return self.piece_cache[key]
        model = self.models[k]
        case = _case_of(text)
        score = 0.0
        if not prev:
            score += START_SCORE[case]
            if model.role == "output":
                kind = _opener(text)
                score += OUTPUT_PRODUCT if kind == "product" else OUTPUT_ACTION if kind == "action" else 0.0
            if text[:1] in ";,.)]":
                score += PUNCT_START
        else:
            score += self.join(_last_word(prev), _first_word(text))
            if case == "title" and not prev.rstrip().endswith(_CONNECTORS) and not _is_lone_head(prev) \
                    and not _is_item_start(text):
                score += TITLE_INSIDE[model.kind]
            if model.wrap_width is not None and len(prev) + 1 + len(text.split()[0]) <= model.wrap_width:
                score += INTERLEAVED_WRAPPED_EARLY
        if model.width is not None and len(text) > model.width:
            score += TOO_WIDE
        if model.kind != "text":
            vocabulary = model.vocabulary()
            score += OTHER_WORD[model.kind] * sum(1 for w in _words(text) if not model.is_own_word(w, vocabulary))
        self.piece_cache[key] = score
        return score

    def join(self, left: str, right: str) -> float:
        n = self.pairs.get((left, right), 0) if left and right else 0
        return 0.0 if not n else (JOIN_FREQUENT if n >= JOIN_FREQUENT_COUNT else JOIN_SEEN)

    def end_score(self, k: int, last: str) -> float:
        return CELL_ENDS_DANGLING if last and (_ends_dangling(last) or _is_broken_head(last)) else 0.0

    def line_splits(self, words: list[str], running: tuple[int, ...], last: tuple[str, ...]):
        """Best few splits of a line among the running columns: [(score, pieces by column or None)]."""
        n, w = len(running), len(words)
        # cutting between two words the text writes side by side costs what keeping them would gain
        torn = [0.0] + [self.join(_last_word(words[q - 1]), _first_word(words[q])) for q in range(1, w)] + [0.0]
        # table[c][pos]: best partial results after deciding the first c running columns
        table = [[[] for _ in range(w + 1)] for _ in range(n + 1)]
        table[0][0] = [(0.0, ())]
        for c in range(n):
            k = running[c]
            for pos in range(w + 1):
                here = table[c][pos]
                if not here:
                    continue
                # the column stops here (it had its last line above)
                stop = self.end_score(k, last[k])
                for score, choice in here:
                    table[c + 1][pos].append((score + stop, choice + (None,)))
                for q in range(pos + 1, w + 1):
                    if c == n - 1 and q != w:
                        continue
                    text = " ".join(words[pos:q])
                    gain = self.piece_score(k, last[k], text) - torn[q]
                    for score, choice in here:
                        table[c + 1][q].append((score + gain, choice + (text,)))
            for pos in range(w + 1):
                cell = table[c + 1][pos]
                if len(cell) > INTERLEAVED_SPLITS:
                    cell.sort(key=lambda r: -r[0])
                    del cell[INTERLEAVED_SPLITS:]
        return [r for r in table[n][w] if any(p is not None for p in r[1])]

    def decode(self, parts: list[list[str]]) -> tuple[float, list[list[str]]]:
        """`parts`: the row's printed lines, cut at page breaks; the cells' pieces, by column."""
        n = len(self.models)
        beam = [(0.0, tuple(() for _ in range(n)))]
        for part in parts:
            running_beam = [(score, pieces, tuple(range(n))) for score, pieces in beam]
            for line in part:
                words = _line_words(line)
                if not words:
                    continue
                grown = []
                for score, pieces, running in running_beam:
                    last = tuple(p[-1] if p else "" for p in pieces)
                    for gain, choice in self.line_splits(words, running, last):
                        new_pieces = list(pieces)
                        for c, text in zip(running, choice):
                            if text is not None:
                                new_pieces[c] = pieces[c] + (text,)
                        new_running = tuple(c for c, text in zip(running, choice) if text is not None)
                        grown.append((score + gain, tuple(new_pieces), new_running))
                grown.sort(key=lambda r: -r[0])
                running_beam = grown[:INTERLEAVED_BEAM] or running_beam
            beam = [(score + sum(self.end_score(c, pieces[c][-1]) for c in running if pieces[c]), pieces)
                    for score, pieces, running in running_beam]
        finals = []
        for score, pieces in beam:
            total = score
            for k, model in enumerate(self.models):
                if not pieces[k]:
                    total += EMPTY_NOTE if model.kind == "note" else EMPTY_TASK if model.role == "task" else EMPTY_CELL
                elif model.kind != "text":
                    # the whole cell replaces the per-line word counts: its vocabulary, repeats, grammar
                    vocabulary = model.vocabulary()
                    words = [w for p in pieces[k] for w in _words(p)]
                    total -= OTHER_WORD[model.kind] * sum(1 for w in words if not model.is_own_word(w, vocabulary))
                    total += model.text_score(_join(list(pieces[k])))
            finals.append((total, pieces))
        best = max(finals, key=lambda r: r[0])
        return best[0], [list(p) for p in best[1]]


def _learn_interleaved(models: list[_ColumnModel], cuts: list[_Cut]) -> list[_ColumnModel]:
    """Second pass of interleaved rows: `_learn`, with each column's width voted by its lines: every
    line fits the width, and a line that wrapped had no room for the next line's first word."""
    learned = _learn(models, cuts)
    out = []
    for model in learned:
        fits: list[int] = []  # the width is at least these
        wraps: list[int] = []  # … and less than these
        for c in cuts:
            pieces = c.lines.get(model.role, [])
            fits.extend(len(p) for p in pieces)
            wraps.extend(len(a) + 1 + len(b.split()[0]) for a, b in zip(pieces, pieces[1:]))
        if len(fits) < 4:
            out.append(replace(model, width=None, wrap_width=None))
            continue
        votes = {w: sum(1 for n in fits if n <= w) + sum(1 for n in wraps if n > w)
                 for w in range(min(fits), max(fits) + 1)}
        top = max(votes.values())
        agreed = [w for w, v in votes.items() if v == top]
        # proportional fonts: a cell's own width strays a little from its column's
        out.append(replace(model, width=max(agreed) + WIDTH_STRAY, wrap_width=min(agreed) - WIDTH_STRAY))
    return out


WIDTH_STRAY = 2  # characters a cell's line may stray from its column's width (proportional fonts)


def _cut_interleaved(fragments: list[_Fragment], models: list[_ColumnModel], pairs: Counter) -> _Cut:
    parts: list[list[str]] = [[]]
    for frag in fragments:
        if frag.is_empty_marker:
            continue
        if frag.starts_part and parts[-1]:
            parts.append([])
        parts[-1].append(frag.text)
    score, pieces = _Interleaved(models, pairs).decode(parts)
    cells = {m.role: _join(pieces[k]) for k, m in enumerate(models)}
    # every line of a cell fits its column (a narrow column's lines that wrapped before a long word
    # are short, so its last lines count too)
    lines = {m.role: pieces[k] for k, m in enumerate(models) if pieces[k]}
    lineno = next((f.lineno for f in fragments if not f.is_empty_marker), fragments[0].lineno)
    run_on = [f.lineno for f in fragments if not f.is_empty_marker][1:]
    return _Cut(cells, lines, score, lineno, wrapped=True, run_on=run_on[:1])


def _learn(models: list[_ColumnModel], cuts: list[_Cut]) -> list[_ColumnModel]:
    """Second pass: what each column looked like in the first (its words, widths, repeated values)."""
    learned = []
    for model in models:
        values = Counter(lexicons.lower_nfc(c.cells[model.role]) for c in cuts if c.cells.get(model.role))
        word_rows: Counter[str] = Counter()
        for c in cuts:
            text = c.cells.get(model.role)
            if text and model.kind in OTHER_WORD and model.text_score(text) > 0:
                word_rows.update(set(_words(text)))
        # lines that wrapped sit close to the column's width; a few cuts of the first pass are wrong
        widths = sorted(len(t) for c in cuts for t in c.lines.get(model.role, []))
        width = widths[int(len(widths) * WIDTH_QUANTILE)] * WIDTH_SLACK + 1 if len(widths) >= 4 else None
        wrap_width = widths[int(len(widths) * 0.9)] if len(widths) >= 8 else None
        learned.append(_ColumnModel(
            model.role, model.kind,
            learned_words=frozenset(w for w, n in word_rows.items() if n >= 2),
            frequent=frozenset(v for v, n in values.items() if n >= 2 and model.kind != "text"),
            width=width, wrap_width=wrap_width,
        ))
    return learned


def _spread_width(rows: list[_RawRow]) -> float:
    """Lines longer than this may hold several cells side by side: well above the long lines of one
    column. When most rows open with such a line (the first lines of all cells side by side, the rest
    cell after cell) those lines alone fill the top of the lengths, so the lines after them decide."""
    return min(_long_line(len(f.text) for r in rows for f in r.fragments if not f.is_empty_marker),
               _long_line((len(f.text) for r in rows for f in r.fragments
                           if not f.is_empty_marker and not f.is_row_first), at_least=10))


def _long_line(lengths, at_least: int = 1) -> float:
    lengths = sorted(lengths)
    if len(lengths) < at_least:
        return math.inf
    top = lengths[int(len(lengths) * 0.8):] or lengths
    return statistics.median(top) * 1.3


def _row_warnings(cells: dict[str, str | None], models: list[_ColumnModel], cut: _Cut) -> list[str]:
    warnings = []
    if cut.wrapped:
        warnings.append(f"row at line {cut.lineno}: one printed line held the first lines of several "
                        "cells; the cells were rebuilt from interleaved text")
    for lineno in cut.split_lines:
        warnings.append(f"line {lineno} was cut between two cells")
    if cut.run_on and not cut.wrapped and not cut.split_lines:
        warnings.append(f"row at line {cut.lineno}: its cells run on after a page break or an interleaved line "
                        f"(line {cut.run_on[0]}); the pieces were given to columns in order")
    for lineno, left, right in cut.torn:
        warnings.append(f"line {lineno}: a cell was cut between {left!r} and {right!r}, words that stand "
                        "together elsewhere in the text; check the row")
    for model in models:
        text = cells.get(model.role)
        if model.role == "task" and not text:
            warnings.append("task cell is empty")
        if text and model.kind == "owner" and (_ends_dangling(text) or _is_broken_head(text)):
            warnings.append(f"the {model.role} cell {text!r} looks cut short; check the row")
        if text and model.kind in ("owner", "deadline"):
            vocabulary = model.vocabulary()
            words = _words(text)
            known = _owners_coded(text) if model.kind == "owner" else _deadline_parses(text)
            if not known and sum(1 for w in words if not model.is_own_word(w, vocabulary)) > len(words) / 2:
                warnings.append(f"the {model.role} cell {text!r} does not look like {_KIND_WORDS.get(model.kind, model.kind)}; "
                                "check the row")
    return warnings


def _build_table(lines: list[Line], header_start: int, roles: list[str], body_start: int,
                 index: int) -> tuple[FlatTable, int] | None:
    header_text = " ".join(" ".join(ln.text.split()) for ln in lines[header_start:body_start] if ln.text.strip())
    raw_rows, last_used = _read_body(lines, body_start, roles, _glued_words(lines), header_text)
    if not raw_rows:
        return None
    if "row_no" not in roles and any(r.row_no for r in raw_rows):
        roles = ["row_no", *roles]  # the rows are numbered although the header names no column for it
    has_objective = "objective" in roles
    cell_roles = [r for r in roles if r != "row_no"]
    models = [_ColumnModel(r, ROLE_KIND[r]) for r in cell_roles]
    spread = _spread_width(raw_rows)
    # word pairs of the whole text, but not of the table's wide lines: those may hold several cells
    spread_lines = {f.lineno for r in raw_rows for f in r.fragments if len(f.text) > spread}
    pairs = word_pairs(ln.text for k, ln in enumerate(lines) if _lineno(lines, k) not in spread_lines)
    pairs.update(_unit_name_pairs())  # "Ban | thường vụ Đảng ủy": the words of the units' names

    # a header printed line by line across its cells: the rows are printed so too
    header_parts = [ln.text.strip() for ln in lines[header_start:body_start] if ln.text.strip()]
    decoded = _decoded_header(header_parts)
    interleaved = decoded is not None and decoded[1] == "interleaved"
    if interleaved:  # the table's lines join words of cells side by side: only the text around it teaches
        table_lines = {f.lineno for r in raw_rows for f in r.fragments}
        pairs = word_pairs(ln.text for k, ln in enumerate(lines) if _lineno(lines, k) not in table_lines
                           and not header_start <= k < body_start)
        pairs.update(_unit_name_pairs())

    def cut_all(models: list[_ColumnModel]) -> list[tuple[_RawRow, int, _Cut]]:
        out = []
        for row in raw_rows:
            if interleaved and row.fragments:
                out.append((row, 0, _cut_interleaved(row.fragments, models, pairs)))
                continue
            for sub_index, fragments in enumerate(_sub_rows(row, has_objective)):
                sub_models = models if sub_index == 0 else [m for m in models if m.role != "objective"]
                out.append((row, sub_index, _cut_row(fragments, sub_models, spread, pairs)))
        return out

    first_pass = cut_all(models)
    models = (_learn_interleaved if interleaved else _learn)(models, [c for _, _, c in first_pass])
    second_pass = cut_all(models)

    heading, heading_first = _heading_above(lines, header_start)
    draft_rows: list[DraftRow] = []
    objective: str | None = None
    for row, sub_index, cut in second_pass:
        cells: dict[str, str | None] = {}
        for role in roles:
            if role == "row_no":
                cells[role] = row.row_no
            else:
                cells[role] = cut.cells.get(role) or None
        if has_objective:
            if sub_index == 0:
                objective = cells.get("objective")
            else:
                cells["objective"] = objective  # a merged "Mục tiêu" cell repeats on each row
        if not any(cells.get(r) for r in cell_roles):
            continue
        draft_rows.append(DraftRow(
            cells=cells, area_raw=row.area_raw, table_index=index, row_index=len(draft_rows),
            lineno=cut.lineno, warnings=_row_warnings(cells, models, cut),
        ))
    table = DraftTable(heading=heading, roles=roles, rows=draft_rows, kind="tasks", index=index)
    first_index = heading_first if heading_first < header_start else header_start
    return FlatTable(table, _lineno(lines, first_index), _lineno(lines, last_used)), last_used


def _lineno(lines: list[Line], index: int) -> int:
    line = lines[index]
    return line.lineno if line.lineno is not None else index + 1


def find_flat_tables(lines: list[Line]) -> list[FlatTable]:
    """Tables whose cells were flattened one fragment a line ('STT Nội dung thực hiện', 'Công chức,',
    'ban ngành', 'thực hiện', …) → one FlatTable each, rows cut into cells by column role."""
    # a CRLF file read without newline translation leaves "\r" at the ends
    lines = [replace(ln, text=ln.text.rstrip("\r\n")) if ln.text.endswith(("\r", "\n")) else ln
             for ln in lines]
    tables: list[FlatTable] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        if "\t" not in text and _is_header_start(text):
            header = _read_header(lines, i)
            if header is not None:
                roles, body_start = header
                built = _build_table(lines, i, roles, body_start, len(tables))
                if built is not None:
                    tables.append(built[0])
                    i = max(body_start, built[1] + 1)
                    continue
        i += 1
    return tables
