"""A row's fragments → cells, one chunk per column in order: the best monotone cut by dynamic
programming over the scores of SETTINGS."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass

from vnplan.extract.flat_tables.settings import SETTINGS as S
from vnplan.extract.flat_tables.vocabulary import (
    _BULLETS, _case_of, _CONNECTORS, _DATE_OR_NUMBER, _ends_dangling, _first_word, _has_owner_head,
    _is_broken_head, _is_item_start, _is_lone_head, _last_word, _opener, _words
)
from vnplan.extract.flat_tables.body import _Fragment, _RawRow
from vnplan.extract.flat_tables.columns import _ColumnModel, _Cut


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
                cost = 0.0 if j == 0 else (S.cut_at_double_space if len(space) >= 2 else S.cut_in_line)
                if j == 0 and frag.glued:
                    cost = 2 * S.cut_in_line  # the line finishes a word
                units.append(_Unit(pieces[j], frag.lineno, cut_before=cost, starts_line=j == 0,
                                   glued=frag.glued and j == 0))
            continue
        # two spaces inside a line: two cells printed side by side; so may be a bullet or a product
        # or action word inside a line ("Tổ chức giao ban Báo cáo đánh": an activity, then an output)
        for j, piece in enumerate(re.split(r"\s{2,}", frag.text)):
            cost = 0.0 if j else (2 * S.cut_in_line if frag.glued else 0.0)
            for n, sub in enumerate(_capital_pieces(piece)):
                if n:
                    units.append(_Unit(sub, frag.lineno, cut_before=S.cut_in_line, starts_line=False))
                else:
                    units.append(_Unit(sub, frag.lineno, cut_before=S.cut_at_double_space if j else cost,
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
                + (S.output_owner if is_owner and self.opener[k] is None else 0.0)
        # pairs of units (earlier, later) where a line opens with four words already written before it
        self.repeats: list[tuple[int, int]] = []
        seq = [(w, k) for k, u in enumerate(units) if not u.is_empty_marker for w in _words(u.text)]
        starts = {}
        for pos in range(len(seq) - S.repeat_words + 1):
            gram = tuple(w for w, _ in seq[pos:pos + S.repeat_words])
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
                        if len(u.text) + 1 + len(next_word) <= S.wrap_slack * model.wrap_width:
                            flags[a] = 1
            for k in range(m):
                counts[k + 1] = counts[k] + flags[k]
            self.early.append(counts)

    def join_bonus(self, left_word: str, right_text: str) -> float:
        right_word = _first_word(right_text)
        n = self.pairs.get((left_word, right_word), 0) if left_word and right_word else 0
        return 0.0 if not n else (S.join_frequent if n >= S.join_frequent_count else S.join_seen)

    def opener_score(self, k: int) -> float:
        kind = self.opener[k]
        return S.output_product if kind == "product" else S.output_action if kind == "action" else 0.0

    def chunk_score(self, k: int, i: int, j: int) -> float:
        model, prefix, units = self.models[k], self.prefixes[k], self.units
        if i == j or all(u.is_empty_marker for u in units[i:j]):
            # an empty-cell marker, or a column that already has text, may stay empty
            if self.is_last and prefix and _ends_dangling(prefix):
                return S.dangling_end
            if self.spread and not prefix and i == j:
                return S.empty_in_spread
            if not self.is_last or prefix or i < j:
                return 0.0
            return S.empty_note if model.kind == "note" else S.empty_cell
        first = units[self.next_text[i]]
        last = units[self.prev_text[j]]
        score = 0.0 if prefix else S.start_score[first.case]
        if self.closed[k]:
            score += S.late_cell
        if prefix:
            score += self.join_bonus(_last_word(prefix), first.text)
        elif first.text[:1] in ";,.)]":
            score += S.punct_start
        if model.role == "output":
            start = self.next_text[i]
            score += self.items[j] - self.items[start + 1]
            if not prefix:
                score += self.opener_score(start)
            else:  # a "- " item that opens this part of a cell already begun
                score += self.items[start + 1] - self.items[start]
        if model.kind == "text" and _is_item_start(prefix or first.text):
            start = self.next_text[i]
            score += S.list_broken * (self.plain_title[j] - self.plain_title[start + 1])
        if model.kind == "text":  # owner cells may name one unit per item: "Bộ phận … Bộ phận …"
            for a, b in self.repeats:
                if i <= a and b < j:
                    score += S.repeated
        # title-case openings of later lines (the first unit's own opening is its start)
        score += S.title_inside[model.kind] * (self.title_inside[j] - self.title_inside[min(j, self.next_text[i] + 1)])
        if self.is_last and self.dangling[self.prev_text[j]]:
            score += S.dangling_end
        score += S.too_wide * (self.wide[k][j] - self.wide[k][i])
        score += S.wrapped_early * (self.early[k][j - 1] - self.early[k][i])
        if model.width is not None and self.split_units:
            # a line cut between words: only the words given to this cell count
            by_line: dict[int, int] = defaultdict(int)
            for index in self.split_units[bisect_left(self.split_units, i):bisect_left(self.split_units, j)]:
                by_line[units[index].lineno] += len(units[index].text) + 1
            score += S.too_wide * sum(1 for n in by_line.values() if n - 1 > model.width)
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
            limit = m if models[k].kind == "text" else S.max_short_cell_units
            floor = max(best[k]) - S.prune_margin  # hypotheses this far behind never recover
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
            if 0 < j < len(units) and i < j and segmenter.join_at[j] >= S.join_frequent \
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
