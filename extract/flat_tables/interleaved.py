"""Rows printed line by line across their cells (printed line k holds line k of every cell still
running) → cells, by a beam over the lines."""

from __future__ import annotations

from collections import Counter

from vnplan.extract.flat_tables.settings import SETTINGS as S
from vnplan.extract.flat_tables.vocabulary import (
    _BULLETS, _case_of, _CONNECTORS, _ends_dangling, _first_word, _is_broken_head, _is_item_start,
    _is_lone_head, _last_word, _opener, _words
)
from vnplan.extract.flat_tables.body import _Fragment
from vnplan.extract.flat_tables.columns import _ColumnModel, _Cut
from vnplan.extract.flat_tables.segmenter import _join


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
            score += S.start_score[case]
            if model.role == "output":
                kind = _opener(text)
                score += S.output_product if kind == "product" else S.output_action if kind == "action" else 0.0
            if text[:1] in ";,.)]":
                score += S.punct_start
        else:
            score += self.join(_last_word(prev), _first_word(text))
            if case == "title" and not prev.rstrip().endswith(_CONNECTORS) and not _is_lone_head(prev) \
                    and not _is_item_start(text):
                score += S.title_inside[model.kind]
            if model.wrap_width is not None and len(prev) + 1 + len(text.split()[0]) <= model.wrap_width:
                score += S.interleaved_wrapped_early
        if model.width is not None and len(text) > model.width:
            score += S.too_wide
        if model.kind != "text":
            vocabulary = model.vocabulary()
            score += S.other_word[model.kind] * sum(1 for w in _words(text) if not model.is_own_word(w, vocabulary))
        self.piece_cache[key] = score
        return score

    def join(self, left: str, right: str) -> float:
        n = self.pairs.get((left, right), 0) if left and right else 0
        return 0.0 if not n else (S.join_frequent if n >= S.join_frequent_count else S.join_seen)

    def end_score(self, k: int, last: str) -> float:
        return S.cell_ends_dangling if last and (_ends_dangling(last) or _is_broken_head(last)) else 0.0

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
                if len(cell) > S.interleaved_splits:
                    cell.sort(key=lambda r: -r[0])
                    del cell[S.interleaved_splits:]
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
                running_beam = grown[:S.interleaved_beam] or running_beam
            beam = [(score + sum(self.end_score(c, pieces[c][-1]) for c in running if pieces[c]), pieces)
                    for score, pieces, running in running_beam]
        finals = []
        for score, pieces in beam:
            total = score
            for k, model in enumerate(self.models):
                if not pieces[k]:
                    total += S.empty_note if model.kind == "note" else S.empty_task if model.role == "task" else S.empty_cell
                elif model.kind != "text":
                    # the whole cell replaces the per-line word counts: its vocabulary, repeats, grammar
                    vocabulary = model.vocabulary()
                    words = [w for p in pieces[k] for w in _words(p)]
                    total -= S.other_word[model.kind] * sum(1 for w in words if not model.is_own_word(w, vocabulary))
                    total += model.text_score(_join(list(pieces[k])))
            finals.append((total, pieces))
        best = max(finals, key=lambda r: r[0])
        return best[0], [list(p) for p in best[1]]


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
