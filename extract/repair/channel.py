"""The noisy channel: how a printed syllable comes out of OCR (or accent stripping), learned from pairs.

A syllable is written out letter by letter; each printed letter becomes a piece of 0–3 read characters
('của' → c|ti|a = 'ctia', 'số' → s|6). p(piece | letter) is learned by hard EM over aligned
(printed, read) token pairs; candidates for a read token are found by walking a trie of the syllable
inventory, matching pieces of the read token against each letter's likely pieces.
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from unidecode import unidecode

from .syllables import match_form, split_token
from .unicode import TONE_MARKS, split_tone

MAX_PIECE = 3
LOG_FLOOR = -12.0  # log p for a piece never seen for a letter (beyond the mark-stripping prior)
MIN_LOGP = -9.5  # pieces rarer than this are not used to propose candidates
MAX_DELETIONS = 1
SEARCH_BOUND = 28.0  # no candidate is worse than e^-28 under the channel
QUICK_MARGIN = 8.0
QUICK_BUDGET = 3000  # states expanded at most per new reading: bounds the time of garbage tokens
WILD_LOGP = -11.0  # log p of one reading never seen in training (Đ read as 'P' in a real scan)
WILD_WITH_DELETION = False
BASE_SMOOTHING = 1.0  # pseudo-counts of the identity/stripping prior among letters on one base
FAMILY_SMOOTHING = 5.0  # pseudo-counts of the base distribution in a tone family
LETTER_SMOOTHING = 5.0  # pseudo-counts of the family distribution in one letter's
MARK_SMOOTHING = 5.0  # pseudo-counts of the distribution of the letters with its mark on its base


def tone_variants(toneless: str) -> list[str]:
    """'ô' → ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ']: a letter without tone and its five toned forms."""
    return [unicodedata.normalize("NFC", toneless + mark) for mark in ("", *TONE_MARKS)]


@lru_cache(maxsize=None)
def base_letter(letter: str) -> str:
    """The letter with every mark removed: 'ố' → 'o', 'đ' → 'd'."""
    return unidecode(letter).lower() or letter


@lru_cache(maxsize=None)
def _mark_group(letter: str) -> tuple[str, str]:
    """The letters damaged like this one for bearing its tone mark on its base: ('u', dot below) for
    'ụ' and 'ự'."""
    return base_letter(letter), split_tone(letter)[1]


_LENGTH_PRIOR = {0: 1e-3, 1: 1e-3, 2: 1e-4, 3: 1e-5}  # a piece that is neither the letter nor its base


def _prior(letter: str, piece: str) -> float:
    if piece == letter:
        return 0.5
    if piece == base_letter(letter):
        return 0.3
    return _LENGTH_PRIOR[len(piece)]


class Channel:
    """p(read piece | printed letter), smoothed over letters alike, with the pieces worth proposing."""

    def __init__(self, counts: dict[str, dict[str, float]], lazy: bool = False):
        """`lazy`: each table entry is worked out the first time it is looked up (see _LazyTables),
        for a channel made for one document (Repairer.adapted), whose searches look up a few dozen of
        its pieces: building every table took a tenth of the decoding time of a scanned document."""
        self.counts = counts
        # letters that differ only in tone (ô ồ ố ổ ỗ ộ) are damaged alike, and so, less closely, are
        # letters on one base (o ô ơ …): each letter's pieces are smoothed towards its tone family's,
        # the family's towards its base's, so 'ụ' read as 'y' is possible because 'ự' was
        families: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        bases: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        # … and so are the letters with the same tone mark on the same base (ủ ử, ụ ự, ộ ọ ợ): 'ử' read
        # as 'ti' like 'ủ', its horn lost; 'ụ' as 'y' like 'ự', the dot below joined to the u
        marks: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for letter, pieces in counts.items():
            for piece, c in pieces.items():
                families[split_tone(letter)[0]][piece] += c
                bases[base_letter(letter)][piece] += c
                marks[_mark_group(letter)][piece] += c
        letters = sorted(set(counts) | {c for f in families for c in tone_variants(f)})
        self.letters = frozenset(letters)
        if lazy:
            _LazyTables(self, families, bases, marks)
            return
        self.logp: dict[str, dict[str, float]] = {}
        # the base's and the family's estimate of a piece are the same for every letter on them, but
        # for the letter's own piece and its base letter (whose prior is higher): computed once
        base_p: dict[str, dict[str, float]] = {}
        family_p: dict[str, dict[str, float]] = {}
        group_p: dict[tuple[str, str], dict[str, float]] = {}
        for letter in letters:
            pieces = counts.get(letter, {})
            toneless, bare = split_tone(letter)[0], base_letter(letter)
            family = families.get(toneless, {})
            base = bases.get(bare, {})
            family_total, base_total, total = sum(family.values()), sum(base.values()), sum(pieces.values())
            p_bases = base_p.get(bare)
            if p_bases is None:
                p_bases = base_p[bare] = {
                    piece: (c + BASE_SMOOTHING * _LENGTH_PRIOR[len(piece)]) / (base_total + BASE_SMOOTHING)
                    for piece, c in base.items()}
            p_families = family_p.get(toneless)
            if p_families is None:
                p_families = family_p[toneless] = {
                    piece: (family.get(piece, 0.0) + FAMILY_SMOOTHING * p_base) / (family_total + FAMILY_SMOOTHING)
                    for piece, p_base in p_bases.items()}
            group_key = _mark_group(letter)
            group = marks.get(group_key, {})
            group_total = sum(group.values())
            p_groups = group_p.get(group_key)
            if p_groups is None:
                p_groups = group_p[group_key] = {
                    piece: (group.get(piece, 0.0) + FAMILY_SMOOTHING * p_base) / (group_total + FAMILY_SMOOTHING)
                    for piece, p_base in p_bases.items()}
            table = {}
            log = math.log
            weight = total + LETTER_SMOOTHING + MARK_SMOOTHING
            get = pieces.get
            for piece, p_family in p_families.items():
                if piece != letter and piece != bare:
                    table[piece] = log((get(piece, 0.0) + LETTER_SMOOTHING * p_family
                                        + MARK_SMOOTHING * p_groups[piece]) / weight)
            for piece in {letter, bare}:
                prior = _prior(letter, piece)
                p_base = (base.get(piece, 0.0) + BASE_SMOOTHING * prior) / (base_total + BASE_SMOOTHING)
                p_family = (family.get(piece, 0.0) + FAMILY_SMOOTHING * p_base) / (family_total + FAMILY_SMOOTHING)
                p_group = (group.get(piece, 0.0) + FAMILY_SMOOTHING * p_base) / (group_total + FAMILY_SMOOTHING)
                p = (pieces.get(piece, 0.0) + LETTER_SMOOTHING * p_family + MARK_SMOOTHING * p_group) / weight
                table[piece] = log(p)
            self.logp[letter] = table
        # the pieces worth proposing for each letter, looked up while walking the trie
        self.usable: dict[str, dict[str, float]] = {}
        for letter, table in self.logp.items():
            kept = (letter, base_letter(letter))
            self.usable[letter] = {p: lp for p, lp in table.items() if lp >= MIN_LOGP or p in kept}
        # the best any letter does with a piece: an optimistic estimate of what the rest of a read token
        # can still cost, which keeps the candidate search on the promising paths (A*)
        best_piece: dict[str, float] = {}
        # piece → (log p, letter) for every letter that reads as it, best first: the search looks a
        # state's next pieces up here instead of trying every letter of the trie node
        inverse: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for letter, table in self.usable.items():
            for piece, lp in table.items():
                if lp > best_piece.get(piece, -1e9):
                    best_piece[piece] = lp
                inverse[piece].append((-lp, letter))
        self.best_piece = best_piece
        self.inverse: dict[str, tuple[tuple[float, str], ...]] = {
            piece: tuple([(-neg, letter) for neg, letter in sorted(options)]) for piece, options in inverse.items()}
        # piece → {letter: log p} of the same: the search's look-up of one letter's piece
        self.readers: dict[str, dict[str, float]] = {
            piece: {letter: lp for lp, letter in options} for piece, options in self.inverse.items()}

    def piece_logp(self, letter: str, piece: str) -> float:
        table = self.logp.get(letter)
        if table is None:
            return 0.0 if piece == letter else LOG_FLOOR * (1 + len(piece)) / 2
        lp = table.get(piece)
        return lp if lp is not None else LOG_FLOOR - 2.0 * max(0, len(piece) - 1)

    def score(self, printed: str, read: str) -> float:
        """log p(read | printed), best alignment: score('của', 'ctia') ≈ log p(ti|ủ)."""
        return align(self, printed, read)[0]

    def summary(self) -> str:
        pieces = sum(len(self.logp.get(letter)) for letter in self.letters)
        return f"{len(self.letters)} letters, {pieces} (letter, piece) entries"

    def save(self, path: Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
            json.dump({"format": "vnplan-channel-1", "counts": self.counts}, f, ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)

    @classmethod
    def load(cls, path) -> "Channel":
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
            return cls(json.load(f)["counts"])


class _Lazy(dict):
    """A dict whose entries are computed on first look-up; None (kept) where there is no entry."""

    __slots__ = ("compute",)

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, key):
        value = self[key] = self.compute(key)
        return value

    def get(self, key, default=None):
        value = self[key]
        return default if value is None else value


class _LazyTables:
    """A lazy Channel's logp, usable, inverse and best_piece, entry by entry, each worth exactly what
    the eager construction in Channel.__init__ computes (the same sums in the same order). A piece's
    smoothed estimates on a base, a tone family and a mark group are shared by their letters."""

    def __init__(self, channel: Channel, families: dict, bases: dict, marks: dict):
        self.counts, self.families, self.bases, self.marks = channel.counts, families, bases, marks
        self.letters = channel.letters
        self.on_base: dict[str, list[str]] = defaultdict(list)  # base letter → its letters
        for letter in sorted(self.letters):
            self.on_base[base_letter(letter)].append(letter)
        self.context: dict[str, tuple] = {}
        self.p_base: dict[tuple[str, str], float | None] = {}
        self.p_family: dict[tuple[str, str], float] = {}
        self.p_group: dict[tuple, float] = {}
        self.denominators: dict[tuple, float] = {}
        self.sorted_readers: dict[str, list[tuple[float, str]]] = {}  # piece → (-log p, letter), sorted
        # (the tables hold no reference to the channel or its lazy dicts: no reference cycle, so an
        # adapted channel is freed with its document, not left to the cyclic garbage collector)
        channel.logp = _Lazy(self.table)
        channel.usable = _Lazy(self.usable)
        channel.inverse = _Lazy(self.inverse)
        channel.best_piece = _Lazy(self.best_piece)
        channel.readers = _Lazy(self.readers)

    def _denominator(self, kind: str, key, table: dict, smoothing: float) -> float:
        found = self.denominators.get((kind, key))
        if found is None:
            found = self.denominators[(kind, key)] = sum(table.values()) + smoothing
        return found

    def _context(self, letter: str) -> tuple:
        found = self.context.get(letter)
        if found is None:
            bare, toneless, group_key = base_letter(letter), split_tone(letter)[0], _mark_group(letter)
            pieces = self.counts.get(letter, {})
            found = self.context[letter] = (
                bare, toneless, group_key, pieces, sum(pieces.values()) + LETTER_SMOOTHING + MARK_SMOOTHING)
        return found

    def entry(self, letter: str, piece: str) -> float | None:
        """log p(piece | letter), None if the letter's table has no such piece."""
        bare, toneless, group_key, pieces, weight = self._context(letter)
        if piece == letter or piece == bare:  # the letter's own reading, or its base: their own prior
            base = self.bases.get(bare, {})
            p_base = ((base.get(piece, 0.0) + BASE_SMOOTHING * _prior(letter, piece))
                      / self._denominator("base", bare, base, BASE_SMOOTHING))
            # (not memoized: the prior of a letter's own reading is the letter's, not its family's)
            p_family = self._pooled("family", self.families, toneless, piece, p_base)
            p_group = self._pooled("group", self.marks, group_key, piece, p_base)
        else:
            key = (bare, piece)
            if key in self.p_base:
                p_base = self.p_base[key]
            else:
                base = self.bases.get(bare, {})
                c = base.get(piece)
                p_base = self.p_base[key] = None if c is None else (
                    (c + BASE_SMOOTHING * _LENGTH_PRIOR[len(piece)]) / self._denominator("base", bare, base, BASE_SMOOTHING))
            if p_base is None:
                return None
            p_family = self.p_family.get((toneless, piece))
            if p_family is None:
                p_family = self.p_family[(toneless, piece)] = self._pooled(
                    "family", self.families, toneless, piece, p_base)
            p_group = self.p_group.get((group_key, piece))
            if p_group is None:
                p_group = self.p_group[(group_key, piece)] = self._pooled("group", self.marks, group_key, piece, p_base)
        return math.log((pieces.get(piece, 0.0) + LETTER_SMOOTHING * p_family + MARK_SMOOTHING * p_group) / weight)

    def _pooled(self, kind: str, tables: dict, key: str, piece: str, p_base: float) -> float:
        """p(piece) in one pooled table (a letter's family without its tone, or its mark group),
        smoothed towards the base letter's p_base."""
        table = tables.get(key, {})
        return (table.get(piece, 0.0) + FAMILY_SMOOTHING * p_base) / self._denominator(kind, key, table, FAMILY_SMOOTHING)

    def table(self, letter: str) -> dict[str, float] | None:
        if letter not in self.letters:
            return None
        bare = base_letter(letter)
        pieces = [p for p in self.bases.get(bare, {}) if p != letter and p != bare] + list({letter, bare})
        return {piece: self.entry(letter, piece) for piece in pieces}

    def usable(self, letter: str) -> dict[str, float] | None:
        table = self.table(letter)
        if table is None:
            return None
        kept = (letter, base_letter(letter))
        return {p: lp for p, lp in table.items() if lp >= MIN_LOGP or p in kept}

    def _readers(self, piece: str) -> list[tuple[float, str]]:
        """(-log p, letter) for every letter whose usable pieces include this one, sorted (best first)."""
        readers = self.sorted_readers.get(piece)
        if readers is not None:
            return readers
        letters = {letter for bare, base in self.bases.items() if piece in base for letter in self.on_base.get(bare, ())}
        letters.update(self.on_base.get(piece, ()))  # the piece is these letters' base
        if piece in self.letters:
            letters.add(piece)
        readers = []
        for letter in letters:
            lp = self.entry(letter, piece)
            if lp is not None and (lp >= MIN_LOGP or piece == letter or piece == base_letter(letter)):
                readers.append((-lp, letter))
        readers.sort()
        self.sorted_readers[piece] = readers
        return readers

    def inverse(self, piece: str) -> tuple[tuple[float, str], ...] | None:
        readers = self._readers(piece)
        return tuple([(-neg, letter) for neg, letter in readers]) if readers else None

    def readers(self, piece: str) -> dict[str, float] | None:
        readers = self._readers(piece)
        return {letter: -neg for neg, letter in readers} if readers else None

    def best_piece(self, piece: str) -> float | None:
        readers = self._readers(piece)
        return -readers[0][0] if readers else None

def align(channel: Channel | None, printed: str, read: str) -> tuple[float, list[tuple[str, str]]]:
    """Best monotone alignment of printed letters to read pieces of 0–3 characters."""
    n, m = len(printed), len(read)
    neg = -1e18
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    piece_logp = channel.piece_logp if channel else (lambda letter, piece: math.log(_prior(letter, piece)))
    for i in range(1, n + 1):
        letter = printed[i - 1]
        row, above = best[i], best[i - 1]
        table = channel.logp.get(letter) if channel else None
        for j in range(0, m + 1):
            top, arg = neg, 0
            for k in range(0, min(MAX_PIECE, j) + 1):
                prev = above[j - k]
                if prev <= neg:
                    continue
                piece = read[j - k : j]
                lp = table.get(piece) if table is not None else None
                if lp is None:
                    lp = piece_logp(letter, piece)
                if prev + lp > top:
                    top, arg = prev + lp, k
            row[j], back[i][j] = top, arg
    pairs = []
    j = m
    for i in range(n, 0, -1):
        k = back[i][j]
        pairs.append((printed[i - 1], read[j - k : j]))
        j -= k
    pairs.reverse()
    return best[n][m], pairs


def align_tokens(printed_line: str, read_line: str) -> list[tuple[str, str]]:
    """(printed core, read core) pairs, lower case, from two versions of one line."""
    from rapidfuzz import fuzz

    printed = [split_token(p).core.lower() for p in printed_line.split()]
    read = [split_token(p).core.lower() for p in read_line.split()]
    printed = [p for p in printed if p]
    read = [r for r in read if r]
    if len(printed) == len(read):
        return [(p, r) for p, r in zip(printed, read) if fuzz.ratio(unidecode(p), unidecode(r)) >= 34]
    # Needleman-Wunsch over tokens with skeleton similarity
    n, m = len(printed), len(read)
    sim = [[fuzz.ratio(unidecode(p), unidecode(r)) / 100 for r in read] for p in printed]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            score[i][j] = max(score[i - 1][j], score[i][j - 1], score[i - 1][j - 1] + sim[i - 1][j - 1] - 0.3)
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if score[i][j] == score[i - 1][j - 1] + sim[i - 1][j - 1] - 0.3:
            if sim[i - 1][j - 1] >= 0.5:
                pairs.append((printed[i - 1], read[j - 1]))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def learn_channel(line_pairs: Iterable[tuple[str, str]], iterations: int = 3) -> Channel:
    """Hard EM: align letters to pieces, count, re-estimate; start from identity / stripped marks."""
    token_pairs: dict[tuple[str, str], int] = defaultdict(int)
    for printed_line, read_line in line_pairs:
        for printed, read in align_tokens(printed_line, read_line):
            if printed.isalpha() and len(printed) <= 8 and len(read) <= 12:
                token_pairs[(match_form(printed), read)] += 1
    channel: Channel | None = None
    counts: dict[str, dict[str, float]] = {}
    for _ in range(iterations):
        counts = defaultdict(lambda: defaultdict(float))
        for (printed, read), n in token_pairs.items():
            lp, pieces = align(channel, printed, read)
            if lp < -40:
                continue  # a misaligned pair teaches nothing
            for letter, piece in pieces:
                counts[letter][piece] += n
        counts = {letter: dict(pieces) for letter, pieces in counts.items()}
        channel = Channel(counts)
    return channel


class Trie:
    """Syllables as nested dicts of letters; the key '' marks the end of a syllable."""

    def __init__(self, words: Iterable[str]):
        self.root: dict = {}
        self.letters: set[str] = set()
        for word in words:
            node = self.root
            for letter in word:
                node = node.setdefault(letter, {})
                self.letters.add(letter)
            node[""] = word


def candidates(channel: Channel, trie: Trie, read: str, thorough: bool = False,
               bound: float = SEARCH_BOUND, budget: int | None = None) -> list[tuple[str, float]]:
    """Syllables that could have been printed where `read` was read, best log p(read | syllable) first.

    `thorough` (used when the model is built, for every reading seen in training) always allows one
    unseen reading and searches wide; the quick search used at run time for new readings allows the
    unseen reading only when nothing plausible was found without it. `bound` (at most SEARCH_BOUND)
    drops syllables whose reading costs more than that many nats under the channel; `budget` bounds
    the states the quick search expands."""
    if thorough:
        return _candidates(channel, trie, read, 60, 14.0, allow_wild=True, bound=40.0, budget=10**7)
    return _candidates(channel, trie, read, 40, QUICK_MARGIN, allow_wild=True, bound=min(bound, SEARCH_BOUND),
                       budget=QUICK_BUDGET if budget is None else budget)


def _candidates(channel: Channel, trie: Trie, read: str, limit: int, margin: float, allow_wild: bool,
                bound: float, budget: int) -> list[tuple[str, float]]:
    # uniform-cost search over (position in read, trie node): every piece has log p <= 0, so
    # syllables complete in order of their channel score and the search stops `margin` below the best.
    # One "wild" step per token lets an unseen reading through (a read character standing for any
    # letter, or an extra read character) at WILD_LOGP, so no damaged token is left without candidates.
    # A state is expanded through the channel's inverse table (piece → letters that read as it, best
    # first), so only letters that can produce the next piece within the bound are looked at, and the
    # wild step into every child is one heap entry, opened only if the search gets that far.
    inverse = channel.inverse
    m = len(read)
    pieces = [[read[j : j + k] for k in range(MAX_PIECE + 1)] for j in range(m + 1)]
    # rest[w][j]: optimistic log p of reading read[j:] (never below the true best) when the wild step
    # is still allowed (w = 0) or already used (w = 1), for A* ordering
    best_piece = channel.best_piece
    rest_used = [0.0] * (m + 1)
    rest_free = [0.0] * (m + 1)
    for j in range(m - 1, -1, -1):
        top_used = LOG_FLOOR * 3 + rest_used[j + 1]
        top_free = max(WILD_LOGP + rest_used[j + 1], LOG_FLOOR * 3 + rest_free[j + 1])
        for k in range(1, min(MAX_PIECE, m - j) + 1):
            lp = best_piece.get(pieces[j][k])
            if lp is not None:
                top_used = max(top_used, lp + rest_used[j + k])
                top_free = max(top_free, lp + rest_free[j + k])
        rest_used[j], rest_free[j] = top_used, top_free
    rests = (rest_free, rest_used)
    readers = channel.readers
    untabled = trie.letters - channel.letters
    wild_deletion = int(WILD_WITH_DELETION)
    # per position: (k, letters that read as the piece best first, the same as a dict, their count, the
    # position after it) for every piece of the read token starting there that some letter reads as;
    # k = 0 (a deletion) first
    steps: list[list[tuple[int, tuple, dict, int, int]]] = []
    for j in range(m + 1):
        row = []
        for k in range(0, min(MAX_PIECE, m - j) + 1):
            piece = pieces[j][k]
            options = inverse.get(piece)
            if options is not None:
                row.append((k, options, readers.get(piece), len(options), j + k))
        steps.append(row)
    found: list[tuple[str, float]] = []
    found_words: set[str] = set()
    seen: set[tuple[int, int, int, int]] = set()
    # (-(log p + rest), tie, -log p, position, deletions, wild used, node, wild step pending)
    heap = [(-rests[0 if allow_wild else 1][0], 0, 0.0, 0, 0, 0 if allow_wild else 1, trie.root, False)]
    counter = 0
    best = None
    push, pop = heapq.heappush, heapq.heappop
    while heap and len(found) < limit and budget > 0:
        budget -= 1
        _, _, neg_lp, j, deletions, wild, node, pending = pop(heap)
        rest = rests[wild]
        if best is not None and neg_lp - rest[j] > best + margin:
            break
        if pending:
            # the wild step: the read character at j - 1 stood for any letter of this node
            for letter, child in node.items():
                if letter:
                    counter += 1
                    push(heap, (neg_lp - rest[j], counter, neg_lp, j, deletions, 1, child, False))
            continue
        key = (j, id(node), deletions, wild)
        if key in seen:
            continue
        seen.add(key)
        if j == m:
            word = node.get("")
            if word is not None and word not in found_words:
                found_words.add(word)
                found.append((word, -neg_lp))
                if best is None:
                    best = neg_lp
                    bound = min(bound, best + margin)
        floor = neg_lp - bound  # pieces below this log p lead past the bound
        width = len(node) * 2
        may_delete = deletions < MAX_DELETIONS and wild <= wild_deletion
        for k, options, reader, count, after_j in steps[j]:
            if not k and not may_delete:
                continue
            after = rest[after_j]
            dels = deletions + (not k)
            if width < count:
                for letter, child in node.items():
                    plp = reader.get(letter)
                    if plp is not None and plp >= floor:
                        counter += 1
                        push(heap, (neg_lp - plp - after, counter, neg_lp - plp, after_j, dels, wild, child, False))
                continue
            for plp, letter in options:
                if plp < floor:
                    break
                child = node.get(letter)
                if child is not None:
                    counter += 1
                    push(heap, (neg_lp - plp - after, counter, neg_lp - plp, after_j, dels, wild, child, False))
        if j < m:
            if untabled and read[j] in untabled and read[j] in node:
                counter += 1
                push(heap, (neg_lp - rest[j + 1], counter, neg_lp, j + 1, deletions, wild, node[read[j]], False))
            if not wild and neg_lp - WILD_LOGP <= bound and deletions <= wild_deletion:
                wild_lp = neg_lp - WILD_LOGP
                after = rest_used[j + 1]
                counter += 1
                push(heap, (wild_lp - after, counter, wild_lp, j + 1, deletions, 1, node, True))
                counter += 1
                push(heap, (wild_lp - after, counter, wild_lp, j + 1, deletions, 1, node, False))
    return found
