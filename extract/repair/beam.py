"""Per-token options → the best sequence under channel + trigram LM (beam search), and each chosen
option's local posterior (the token's confidence and alternatives).

Speed comes from memory, not from searching less: a token's options (`Options`, cached per read token
by the Repairer) keep every row of transition scores already computed for them — clp + log p(option |
context) for one two-token context, and the right-hand scores of the posterior for one pair of
neighbours — so a phrase that recurs in a document ('thủ tục hành chính', 'Ủy ban nhân dân') is scored
by the LM once. The beam then only adds a history's score to a cached row and keeps the best per
state; options more than BEAM_GAP below the best are never stored. (numpy was measured for the
per-slot step: with ≤ 16 options and ≤ 8 histories its call overhead exceeds the work.)
"""

from __future__ import annotations

import math
from math import exp
from operator import add, itemgetter

from .lm import EOS, MASK, SHIFT, TrigramLM

BEAM = 8
BEAM_GAP = 10.0  # nats below the best history at which a history is dropped
NAME_PAIR_BONUS = 4.0  # 3.0 with the pruned LM: an LM of every trigram trusts what it saw once more
# rows kept in the Options caches of one Repairer before they are all dropped: memory stays bounded
# over a long batch (150k rows measured +44 MB; a cold pass over the 30k held-out tokens makes ~100k)
MAX_ROWS = 150_000


class Options(list):
    """A slot's options [(form, LM token, channel log p)] with their LM ids, and the score rows
    computed for them so far: `rows[u << SHIFT | v]` = [clp + log p(option | u v)] (`rows[-1 - v]`
    the bigram rows they back off to), `right[v << SHIFT | x]` = [log p(x | v option)] and
    `right[-1 - (x << SHIFT | y)]` = [log p(y | option x)]."""

    __slots__ = ("wids", "clps", "rows", "right")

    def __init__(self, items, lm: TrigramLM):
        super().__init__(items)
        id_of = lm.id_of
        self.wids = [id_of(w) for _, w, _ in items]
        self.clps = [clp for _, _, clp in items]
        # tuples of floats, which the cyclic garbage collector stops tracking: a long batch's cache
        # costs its full collections nothing
        self.rows: dict[int, tuple[float, ...]] = {}
        self.right: dict[int, tuple[float, ...]] = {}


class Scorer:
    """The LM tables as the beam reads them, and the count of cached rows (see MAX_ROWS)."""

    def __init__(self, lm: TrigramLM):
        self.lm = lm
        self.rows = 0
        self.caches: list[Options] = []  # options whose rows count (dropped together)

    def track(self, options: Options) -> None:
        """A cached Options (one the Repairer keeps between lines): its rows count towards MAX_ROWS."""
        self.caches.append(options)

    def release(self, keep: int, kept=()) -> None:
        """The options tracked after the first `keep` dropped with their rows, but for those `kept`:
        an adapted copy's own (Repairer.adapted) go with its document; kept, they would pile up over a
        batch. (The fixed options it made, which the repairer keeps, stay tracked.)"""
        kept_ids = {id(options) for options in kept}
        tail = self.caches[keep:]
        del self.caches[keep:]
        for options in tail:
            if id(options) in kept_ids:
                self.caches.append(options)
            else:
                self.rows -= len(options.rows) + len(options.right)

    def _spent(self, n: int) -> None:
        self.rows += n
        if self.rows > MAX_ROWS:
            self.clear()

    def clear(self) -> None:
        """Every cached row dropped (they are computed again when needed)."""
        for options in self.caches:
            options.rows.clear()
            options.right.clear()
        self.rows = 0

    def row(self, options: Options, ctx: int) -> tuple[float, ...]:
        """[clp + log p(option | u v)] for the context ctx = u << SHIFT | v: a seen trigram's estimate,
        else the context's back-off weight (0 unseen) + the bigram estimate, else v's back-off + unigram."""
        row = options.rows.get(ctx)
        if row is not None:
            return row
        lm = self.lm
        v = ctx & MASK
        bigram = options.rows.get(-1 - v)  # the bigram row, under a key no context has
        if bigram is None:
            uni = lm.uni
            gamma_v = lm.bi_gamma[v]
            seen = lm.bi.get(v)
            found = map(seen.get, options.wids) if seen is not None else [None] * len(options)
            bigram = tuple([clp + (b if b is not None else gamma_v + uni[w])
                            for w, clp, b in zip(options.wids, options.clps, found)])
            options.rows[-1 - v] = bigram
            self._spent(1)
        seen = lm.tri.get(ctx)
        if seen is None:
            row = bigram  # a context never seen: the bigram alone
        else:
            gamma = lm.tri_gamma[ctx]
            row = tuple([gamma + b if lp is None else clp + lp
                         for clp, lp, b in zip(options.clps, map(seen.get, options.wids), bigram)])
        options.rows[ctx] = row
        self._spent(1)
        return row

    def next_row(self, options: Options, v: int, x: int) -> tuple[float, ...]:
        """[log p(x | v option)]: how well each option leads on to the next token x."""
        key = v << SHIFT | x
        row = options.right.get(key)
        if row is not None:
            return row
        lm = self.lm
        tri_get, gamma_get, bi_get, bi_gamma = lm.tri.get, lm.tri_gamma.get, lm.bi.get, lm.bi_gamma
        v_row = v << SHIFT
        uni_x = lm.uni[x]
        row = []
        for w in options.wids:
            vw = v_row | w
            seen = tri_get(vw)
            t = seen.get(x) if seen is not None else None
            if t is None:
                seen = bi_get(w)
                b = seen.get(x) if seen is not None else None
                t = gamma_get(vw, 0.0) + (b if b is not None else bi_gamma[w] + uni_x)
            row.append(t)
        row = options.right[key] = tuple(row)
        self._spent(1)
        return row

    def after_row(self, options: Options, x: int, y: int) -> tuple[float, ...]:
        """[log p(y | option x)]: how well each option leads on to the two next tokens x y."""
        key = -1 - (x << SHIFT | y)
        row = options.right.get(key)
        if row is not None:
            return row
        lm = self.lm
        tri_get, gamma_get = lm.tri.get, lm.tri_gamma.get
        xy = lm.bigram_id(x, y)
        row = []
        for w in options.wids:
            wx = w << SHIFT | x
            seen = tri_get(wx)
            t = seen.get(y) if seen is not None else None
            row.append(t if t is not None else gamma_get(wx, 0.0) + xy)
        row = options.right[key] = tuple(row)
        self._spent(1)
        return row


def beam_search(scorer: Scorer, slots: list[tuple[int, Options]], capitals: list[bool] | None,
                word_bonus: float, word_pairs, pairs_by_next, name_pairs, names_by_next) -> list[int]:
    """Best option per slot under channel + trigram LM + word bonus, keeping the BEAM best histories.
    `capitals[k]`: slot k and the slot before it are capitalised words (a name pair may apply)."""
    if all(len(options) == 1 for _, options in slots):
        return [0] * len(slots)  # nothing to choose (clean text, punctuation)
    lm = scorer.lm
    row_of = scorer.row
    gammas = lm.tri_gamma
    names_of = lm.words
    if not word_bonus:
        pairs_by_next = None
    # a history is keyed by its last two LM tokens as one int, u << SHIFT | v: → (score, backpointer chain)
    beam: list[tuple[int, float, tuple]] = [(0, 0.0, ())]  # <s> <s>
    for k, (_, options) in enumerate(slots):
        capital = capitals is not None and capitals[k]
        wids = options.wids
        # histories whose context (u, v) was never seen score every option by the bigram alone,
        # so of those ending in one v only the best can win: one expansion per v
        expansions: dict[int, tuple[float, tuple, int]] = {}
        seen_context = []
        for ctx, score, chain in beam:
            if ctx in gammas:
                seen_context.append((score, chain, ctx))
            else:
                v = ctx & MASK
                old = expansions.get(v)
                if old is None or score > old[0]:
                    expansions[v] = (score, chain, ctx)
        expanded = [*expansions.values(), *seen_context]
        # the previous tokens that make a dictionary word (or a name) with some option: their rows
        # get a bonus
        paired = None
        if pairs_by_next is not None or capital:
            paired = set()
            for _, w, _ in options:
                before = pairs_by_next.get(w) if pairs_by_next is not None else None
                if before:
                    paired.update(before)
                if capital:
                    before = names_by_next.get(w)
                    if before:
                        paired.update(before)
        rows = []
        top = -math.inf
        cached = options.rows.get
        for score, chain, ctx in expanded:
            row = cached(ctx) or row_of(options, ctx)  # (a row is never empty: the look-up inlined)
            if paired:
                vs = names_of[ctx & MASK]
                if vs in paired:
                    extra = [(word_bonus if (vs, w) in word_pairs else 0.0)
                             + (NAME_PAIR_BONUS if capital and (vs, w) in name_pairs else 0.0)
                             for _, w, _ in options]
                    row = [r + e for r, e in zip(row, extra)]
            rows.append((score, chain, (ctx & MASK) << SHIFT, row))
            best = score + max(row)
            if best > top:
                top = best
        # a state this far below the best is dropped after the step whatever else happens: never looked
        # at; the others best first, and the first (best) of each state (v, w) kept until BEAM are
        floor = top - BEAM_GAP
        grown = []
        for score, chain, base, row in rows:
            low = floor - score
            grown += [(score + r, base | wids[j], j, chain) for j, r in enumerate(row) if r >= low]
        grown.sort(key=_first, reverse=True)
        beam = []
        kept = set()
        for s, key, j, chain in grown:
            if key not in kept:
                kept.add(key)
                beam.append((key, s, (j, chain)))
                if len(beam) == BEAM:
                    break
    logp_id, eos = lm.logp_id, lm.id_of(EOS)
    _, best_chain = max(((s + logp_id(ctx >> SHIFT, ctx & MASK, eos), chain) for ctx, s, chain in beam),
                        key=_first)
    path = []
    while best_chain:
        j, best_chain = best_chain
        path.append(j)
    path.reverse()
    return path


def local_posterior(scorer: Scorer, slots: list[tuple[int, Options]], words: list[int], k: int) -> list[float]:
    """p(option | neighbours on the best path) for slot k: the token's confidence and alternatives.
    `words` are the LM ids of the best path with two <s> before and </s> after: the three trigrams
    (u v w), (v w x), (w x y) that hold slot k's token w are scored for every option w."""
    options = slots[k][1]
    if len(options) == 1:
        return [1.0]
    u, v, x = words[k], words[k + 1], words[k + 3]
    # the cached rows looked up here, the scorer called only for a row not computed yet
    rows, right = options.rows.get, options.right.get
    scores = list(map(add, rows(u << SHIFT | v) or scorer.row(options, u << SHIFT | v),
                      right(v << SHIFT | x) or scorer.next_row(options, v, x)))
    if k + 1 < len(slots):
        y = words[k + 4]
        scores = list(map(add, scores, right(-1 - (x << SHIFT | y)) or scorer.after_row(options, x, y)))
    top = max(scores)
    exps = [exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


_first = itemgetter(0)


