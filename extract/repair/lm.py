"""A syllable trigram language model with modified Kneser-Ney smoothing, count-pruned, stored compactly.

Trained by `train_lm` (numpy: every n-gram is one int64 key, so counting and smoothing are a few
array operations over millions of tokens) on the administrative-text corpus and the clean plans
(corpus/lm/build.py), and saved as corpus/lm/lm.npz: sorted int64 keys with float16 log
probabilities, a syllable being an id: key(u, v, w) = u << 42 | v << 21 | w. At run time each
context has a plain dict of the words seen after it (context u << 21 | v → {w: log p}), so the
decoder scores all options of a token in a context with one map over that dict.
"""

from __future__ import annotations

import gzip
import io
import math
import re
from collections import Counter
from collections.abc import Iterable
from importlib import resources

import numpy as np

from .syllables import match_form, name_list, tokenize

BOS, EOS, NUM, CODE = "<s>", "</s>", "<num>", "<code>"
SHIFT = 21  # bits per syllable id in a key
MASK = (1 << SHIFT) - 1
UNIFORM = 0.05  # share of the unigram given to a uniform floor over the syllables (an unseen one scores)


def lm_tokens(line: str) -> list[str]:
    """The LM's view of a clean line: match forms of syllables, <num>/<code>, punctuation kept."""
    out: list[str] = []
    for token in tokenize(line):
        out.extend(ch for ch in token.prefix if ch in "(-:")
        if token.kind == "word" and "/" in token.core and _SLASHED.fullmatch(token.core):
            for n, part in enumerate(token.core.split("/")):  # 'chức/cá nhân': chức / cá
                if n:
                    out.append("/")
                out.append(match_form(part))
        elif token.kind == "word":
            out.append(match_form(token.core))
        elif token.kind == "number":
            out.append(NUM)
        elif token.kind == "code":
            out.append(CODE)
        out.extend(ch for ch in token.suffix if ch in ".,;:)")
    return out


class TrigramLM:
    """log p(w | u v) from tables: a seen trigram's own estimate, else the context's back-off weight
    (0 for an unseen context) + log p(w | v), which is a seen bigram's estimate, else v's back-off
    weight + the unigram (log_unk for a syllable never seen)."""

    def __init__(self, words: list[str], uni: np.ndarray, bi_keys: np.ndarray, bi_lp: np.ndarray,
                 bi_gamma: np.ndarray, tri_keys: np.ndarray, tri_lp: np.ndarray, ctx_keys: np.ndarray,
                 ctx_gamma: np.ndarray, log_unk: float, acronyms: dict[str, int] | None = None):
        self.words = list(words)
        self.ids = {w: i for i, w in enumerate(self.words)}
        self.log_unk = float(log_unk)
        self.uni = uni.astype(np.float64).tolist()  # by id
        self.vocab = frozenset(w for w, lp in zip(self.words, self.uni) if lp > self.log_unk)
        self.uni_logp = {w: lp for w, lp in zip(self.words, self.uni) if lp > self.log_unk}
        # one dict of next words per context: a context's row of scores is one C-level map over it
        self.bi = _by_context(bi_keys, bi_lp)  # v → {w: log p(w | v)}
        self.bi_gamma = bi_gamma.astype(np.float64).tolist()  # by id, 0.0 for a syllable never a context
        self.tri = _by_context(tri_keys, tri_lp)  # u << SHIFT | v → {w: log p(w | u v)}
        self.tri_gamma = dict(zip(ctx_keys.tolist(), ctx_gamma.astype(np.float64).tolist()))
        self.n_bigrams, self.n_trigrams = len(bi_keys), len(tri_keys)
        self.acronyms = dict(acronyms or {})  # UBND, QĐ, HĐND … → how often the training text writes it
        self._arrays = (uni, bi_keys, bi_lp, bi_gamma, tri_keys, tri_lp, ctx_keys, ctx_gamma)

    # -- ids --------------------------------------------------------------------------------
    def id_of(self, word: str) -> int:
        """The word's id; a word the LM never saw gets a new id whose unigram is the floor."""
        i = self.ids.get(word)
        if i is None:
            i = self.ids[word] = len(self.words)
            self.words.append(word)
            self.uni.append(self.log_unk)
            self.bi_gamma.append(0.0)
        return i

    # -- scoring ----------------------------------------------------------------------------
    def bigram_logp(self, v: str, w: str) -> float:
        """log p(w | v), the back-off of the trigram estimate."""
        return self.bigram_id(self.id_of(v), self.id_of(w))

    def bigram_id(self, v: int, w: int) -> float:
        row = self.bi.get(v)
        lp = row.get(w) if row is not None else None
        return lp if lp is not None else self.bi_gamma[v] + self.uni[w]

    def logp(self, u: str, v: str, w: str) -> float:
        return self.logp_id(self.id_of(u), self.id_of(v), self.id_of(w))

    def logp_id(self, u: int, v: int, w: int) -> float:
        ctx = u << SHIFT | v
        row = self.tri.get(ctx)
        if row is None:
            return self.bigram_id(v, w)  # a context never seen: back-off weight 0
        lp = row.get(w)
        if lp is not None:
            return lp
        return self.tri_gamma.get(ctx, 0.0) + self.bigram_id(v, w)

    def logp_direct(self, u: str, v: str, w: str) -> float:
        """logp by searching the sorted arrays it was loaded from (the reference the dicts are checked
        against)."""
        uni, bi_keys, bi_lp, bi_gamma, tri_keys, tri_lp, ctx_keys, ctx_gamma = self._arrays
        iu, iv, iw = (self.ids.get(x, -1) for x in (u, v, w))

        def find(keys, values, key):
            at = int(np.searchsorted(keys, key))
            return float(values[at]) if at < len(keys) and keys[at] == key else None

        if min(iu, iv, iw) >= 0:
            lp = find(tri_keys, tri_lp, (iu << SHIFT | iv) << SHIFT | iw)
            if lp is not None:
                return lp
        gamma = find(ctx_keys, ctx_gamma, iu << SHIFT | iv) if min(iu, iv) >= 0 else None
        unigram = float(uni[iw]) if 0 <= iw < len(uni) else self.log_unk
        bigram = find(bi_keys, bi_lp, iv << SHIFT | iw) if min(iv, iw) >= 0 else None
        if bigram is None:
            bigram = (float(bi_gamma[iv]) if 0 <= iv < len(bi_gamma) else 0.0) + unigram
        return (gamma or 0.0) + bigram

    def unigram_logp(self, w: str) -> float:
        return self.uni_logp.get(w, self.log_unk)

    @property
    def trigrams(self) -> list[tuple[str, str, str]]:
        """The stored trigrams as (u, v, w) (for checks; not used in decoding)."""
        words = self.words
        return [(words[ctx >> SHIFT], words[ctx & MASK], words[w]) for ctx, row in self.tri.items() for w in row]

    def summary(self) -> str:
        return f"{len(self.vocab)} types, {self.n_bigrams} bigrams, {self.n_trigrams} trigrams, {len(self.tri_gamma)} contexts"

    # -- files ------------------------------------------------------------------------------
    def save(self, path) -> None:
        uni, bi_keys, bi_lp, bi_gamma, tri_keys, tri_lp, ctx_keys, ctx_gamma = self._arrays
        text = "\n".join(self.words[: len(uni)]).encode("utf-8")
        acronyms = "\n".join(f"{a}\t{n}" for a, n in sorted(self.acronyms.items())).encode("utf-8")
        with open(path, "wb") as f:
            np.savez_compressed(
                f, format=np.array("vnplan-kn3-1"), words=np.frombuffer(text, np.uint8),
                acronyms=np.frombuffer(acronyms, np.uint8), log_unk=np.array(self.log_unk),
                uni=uni.astype(np.float32), bi_keys=_delta(bi_keys), bi_lp=bi_lp.astype(np.float16),
                bi_gamma=bi_gamma.astype(np.float16), tri_keys=_delta(tri_keys), tri_lp=tri_lp.astype(np.float16),
                ctx_keys=_delta(ctx_keys), ctx_gamma=ctx_gamma.astype(np.float16))

    @classmethod
    def load(cls, path) -> "TrigramLM":
        with path.open("rb") as f:
            data = np.load(io.BytesIO(f.read()))
            words = data["words"].tobytes().decode("utf-8").split("\n")
            acronyms = [row.split("\t") for row in data["acronyms"].tobytes().decode("utf-8").split("\n") if row]
            return cls(words, data["uni"], np.cumsum(data["bi_keys"]), data["bi_lp"], data["bi_gamma"],
                       np.cumsum(data["tri_keys"]), data["tri_lp"], np.cumsum(data["ctx_keys"]),
                       data["ctx_gamma"], float(data["log_unk"]), {a: int(n) for a, n in acronyms})


def _by_context(keys: np.ndarray, lps: np.ndarray) -> dict[int, dict[int, float]]:
    """Sorted keys (context << SHIFT | word) and their log p → {context: {word: log p}}. The word ids
    and the log probabilities (float16 on disk: few distinct values) are shared objects, one per
    distinct value, not one per entry: a third less memory for the same dicts."""
    if not len(keys):
        return {}
    contexts = keys >> SHIFT
    starts = np.flatnonzero(np.r_[True, contexts[1:] != contexts[:-1]])
    ends = np.r_[starts[1:], len(keys)].tolist()
    word_ids = keys & MASK
    shared_ids = list(range(int(word_ids.max()) + 1))
    words = [shared_ids[w] for w in word_ids.tolist()]
    distinct, which = np.unique(lps.astype(np.float64), return_inverse=True)
    shared_lps = distinct.tolist()
    values = [shared_lps[i] for i in which.tolist()]
    return {c: dict(zip(words[a:b], values[a:b]))
            for c, a, b in zip(contexts[starts].tolist(), starts.tolist(), ends)}


def _delta(keys: np.ndarray) -> np.ndarray:
    """Sorted keys as differences (they compress to a fraction); np.cumsum restores them."""
    return np.diff(keys, prepend=np.int64(0)).astype(np.int64)


def _discounts(counts: np.ndarray) -> np.ndarray:
    """Modified Kneser-Ney discounts D(1), D(2), D(3+) from the counts of counts (Chen & Goodman)."""
    n = [int((counts == k).sum()) for k in (1, 2, 3, 4)]
    if min(n) == 0:
        return np.array([0.0, 0.5, 0.75, 0.9])
    y = n[0] / (n[0] + 2 * n[1])
    return np.array([0.0, 1 - 2 * y * n[1] / n[0], 2 - 3 * y * n[2] / n[1], 3 - 4 * y * n[3] / n[2]])


def _smooth(keys: np.ndarray, counts: np.ndarray, lower: np.ndarray, cutoff: int):
    """One order of interpolated modified Kneser-Ney over sorted keys (context << SHIFT | word):
    log p for the kept keys (count ≥ cutoff) and log back-off weight per context with a kept key.
    `lower` is p of the next lower order for each key. The discounted mass of pruned keys goes to the
    back-off weight, so the pruned estimate stays close to normalised."""
    d = _discounts(counts)
    ctx = keys >> SHIFT
    starts = np.flatnonzero(np.r_[True, ctx[1:] != ctx[:-1]])
    ctx_keys = ctx[starts]
    total = np.add.reduceat(counts, starts).astype(np.float64)
    which = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(keys)]))
    discount = d[np.minimum(counts, 3)]
    gamma = np.add.reduceat(discount, starts) / total
    term = (counts - discount) / total[which]
    keep = counts >= cutoff
    gamma = gamma + np.bincount(which[~keep], weights=term[~keep], minlength=len(starts))
    p = term + gamma[which] * lower
    has_kept = np.bincount(which[keep], minlength=len(starts)) > 0
    return keys[keep], np.log(p[keep]), ctx_keys[has_kept], np.log(np.minimum(gamma[has_kept], 1.0)), p


def train_lm(lines: Iterable[str], cutoff: int = 2, bigram_cutoff: int = 1) -> TrigramLM:
    """A trigram LM over the lines of clean text (each line a sentence): modified Kneser-Ney,
    trigrams seen fewer than `cutoff` times pruned (bigram continuation counts below `bigram_cutoff`)."""
    ids: dict[str, int] = {BOS: 0, EOS: 1}
    acronyms: Counter[str] = Counter()
    seq: list[int] = []
    starts: list[int] = []
    for line in lines:
        acronyms.update(m.group(0) for m in _ACRONYM.finditer(line))
        tokens = lm_tokens(line)
        if not tokens:
            continue
        starts.append(len(seq))
        seq += [0, 0]
        seq += [ids.setdefault(t, len(ids)) for t in tokens]
        seq.append(1)
    words = sorted(ids, key=ids.get)
    arr = np.array(seq, dtype=np.int64)
    valid = np.ones(len(arr), dtype=bool)
    first = np.array(starts, dtype=np.int64)
    valid[first] = valid[first + 1] = False  # a trigram ends at every token but the two <s>
    end = np.flatnonzero(valid)
    keys3 = (arr[end - 2] << SHIFT | arr[end - 1]) << SHIFT | arr[end]
    tri_keys, tri_counts = np.unique(keys3, return_counts=True)
    # continuation counts: N1+(• v w) for bigrams, N1+(• w) for unigrams
    bi_keys, bi_counts = np.unique(tri_keys & ((1 << 2 * SHIFT) - 1), return_counts=True)
    cont = np.bincount(bi_keys & MASK, minlength=len(words)).astype(np.float64)
    floor = UNIFORM / max(8000, int((cont > 0).sum()))
    p_uni = (1 - UNIFORM) * cont / cont.sum() + floor
    p_uni[cont == 0] = floor
    # p_bi: p(w | v) for every bigram of a trigram, kept or not: the lower order of the trigram estimate
    bi_kept, bi_lp, bi_ctx, bi_log_gamma, p_bi = _smooth(bi_keys, bi_counts, p_uni[bi_keys & MASK], bigram_cutoff)
    lower = p_bi[np.searchsorted(bi_keys, tri_keys & ((1 << 2 * SHIFT) - 1))]
    tri_kept, tri_lp, ctx_keys, ctx_log_gamma, _ = _smooth(tri_keys, tri_counts, lower, cutoff)
    bi_gamma = np.zeros(len(words))
    bi_gamma[bi_ctx] = bi_log_gamma
    uni = np.log(p_uni)
    return TrigramLM(words, uni, bi_kept, bi_lp, bi_gamma, tri_kept, tri_lp, ctx_keys, ctx_log_gamma,
                     math.log(floor), dict(acronyms))


def dictionary_words() -> list[str]:
    """Multi-syllable words (corpus/lm/words.txt.gz, from pyvi's word list): 'báo cáo', 'kết quả'."""
    path = resources.files("vnplan.corpus").joinpath("lm", "words.txt.gz")
    if not path.is_file():
        return []
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def build_lm(texts: Iterable[str], with_names: bool = True, cutoff: int = 1) -> TrigramLM:
    """A trigram LM over the lines of clean texts (each line a sentence), plus the name list; small
    texts (the plans) keep every trigram."""
    lines = [line for text in texts for line in text.splitlines()]
    if with_names:
        lines += list(name_list())
    return train_lm(lines, cutoff=cutoff)


_SLASHED = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?:/[^\W\d_]++)+")  # from a word's start only: linear
# two or more capitals, alone or as part of a code: UBND, QĐ in 3470/QĐ-UBND, HĐND
_ACRONYM = re.compile(r"(?<![^\W\d_])[A-ZĐ]{2,}(?![^\W\d_])")
