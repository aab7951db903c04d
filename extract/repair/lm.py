"""A syllable trigram language model with interpolated Kneser-Ney smoothing, built from clean plan text."""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .syllables import match_form, name_list, tokenize

BOS, EOS, NUM, CODE = "<s>", "</s>", "<num>", "<code>"
DISCOUNT = 0.9


def lm_tokens(line: str) -> list[str]:
    """The LM's view of a clean line: match forms of syllables, <num>/<code>, punctuation kept."""
    out: list[str] = []
    for token in tokenize(line):
        out.extend(ch for ch in token.prefix if ch in "(-:")
        if token.kind == "word":
            out.append(match_form(token.core))
        elif token.kind == "number":
            out.append(NUM)
        elif token.kind == "code":
            out.append(CODE)
        out.extend(ch for ch in token.suffix if ch in ".,;:)")
    return out


class TrigramLM:
    """p(w | u v) by interpolated Kneser-Ney over syllables; unseen syllables share a floor."""

    def __init__(self, trigram_counts: dict[tuple[str, str, str], int], vocab_floor: int = 8000,
                 acronyms: frozenset[str] = frozenset()):
        self.trigrams = trigram_counts
        self.vocab_floor = vocab_floor
        self.acronyms = frozenset(acronyms)  # UBND, QĐ, NĐ, HĐND … as clean plans write them
        self._estimate()

    # -- estimation -------------------------------------------------------------------------
    def _estimate(self) -> None:
        tri_context = Counter()  # c(u v •)
        tri_types = Counter()  # N1+(u v •)
        bigram_continuation = Counter()  # N1+(• v w)
        for (u, v, w), c in self.trigrams.items():
            tri_context[(u, v)] += c
            tri_types[(u, v)] += 1
            bigram_continuation[(v, w)] += 1
        bi_context = Counter()  # sum over w of N1+(• v w)
        bi_types = Counter()  # N1+(v •) among continuation bigrams
        unigram_continuation = Counter()  # N1+(• w)
        for (v, w), c in bigram_continuation.items():
            bi_context[v] += c
            bi_types[v] += 1
            unigram_continuation[w] += 1
        total = sum(unigram_continuation.values())
        self.vocab = set(unigram_continuation)
        size = max(self.vocab_floor, len(self.vocab))
        # interpolate the continuation unigram with a uniform floor, so any inventory syllable scores
        floor = 0.05 / size
        self.p_uni = {w: (1 - 0.05) * c / total + floor for w, c in unigram_continuation.items()}
        self.log_unk = math.log(floor)
        self.bi_term = {k: max(c - DISCOUNT, 0) / bi_context[k[0]] for k, c in bigram_continuation.items()}
        self.bi_gamma = {v: DISCOUNT * bi_types[v] / bi_context[v] for v in bi_context}
        self.tri_term = {k: max(c - DISCOUNT, 0) / tri_context[k[:2]] for k, c in self.trigrams.items()}
        self.tri_gamma = {k: DISCOUNT * tri_types[k] / tri_context[k] for k in tri_context}
        self._p_unk = math.exp(self.log_unk)
        self._cache: dict[tuple[str, str, str], float] = {}
        self._bigram_cache: dict[tuple[str, str], tuple[float, float]] = {}
        # the same estimates as log tables, so that scoring is a few look-ups and no arithmetic on logs:
        # log p(w | u v) = tri_logp[u v w] if the trigram was seen, else tri_log_gamma[u v] (0 for an
        # unseen context) + the bigram estimate, which is bi_logp[v w] if seen, else bi_log_gamma[v]
        # (0 for an unseen context) + uni_logp[w] (log_unk for an unseen syllable)
        self.uni_logp = {w: math.log(p) for w, p in self.p_uni.items()}
        self.bi_log_gamma = {v: math.log(g) for v, g in self.bi_gamma.items()}
        self.bi_logp = {(v, w): math.log(t + self.bi_gamma[v] * self.p_uni.get(w, self._p_unk))
                        for (v, w), t in self.bi_term.items()}
        self.tri_log_gamma = {k: math.log(g) for k, g in self.tri_gamma.items()}
        self.tri_logp = {}
        for (u, v, w), t in self.tri_term.items():
            p_bigram = self.bi_term.get((v, w), 0.0) + self.bi_gamma.get(v, 0.0) * self.p_uni.get(w, self._p_unk)
            if v not in self.bi_gamma:
                p_bigram = self.p_uni.get(w, self._p_unk)
            self.tri_logp[(u, v, w)] = math.log(t + self.tri_gamma[(u, v)] * p_bigram)

    def bigram_logp(self, v: str, w: str) -> float:
        """log p(w | v), the back-off of the trigram estimate."""
        lp = self.bi_logp.get((v, w))
        if lp is None:
            lp = self.bi_log_gamma.get(v, 0.0) + self.uni_logp.get(w, self.log_unk)
        return lp

    # -- scoring ----------------------------------------------------------------------------
    def logp(self, u: str, v: str, w: str) -> float:
        lp = self.tri_logp.get((u, v, w))
        if lp is not None:
            return lp
        return self.tri_log_gamma.get((u, v), 0.0) + self.bigram_logp(v, w)

    def logp_direct(self, u: str, v: str, w: str) -> float:
        """logp computed from the probabilities (the reference the log tables are checked against)."""
        key = (u, v, w)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        bigram = self._bigram_cache.get((v, w))
        if bigram is None:
            p = self.p_uni.get(w, self._p_unk)
            gamma = self.bi_gamma.get(v)
            if gamma is not None:
                p = self.bi_term.get((v, w), 0.0) + gamma * p
            bigram = self._bigram_cache[(v, w)] = (p, math.log(p))
        gamma = self.tri_gamma.get((u, v))
        # most (u, v) contexts were never seen: then p(w | u v) is the bigram estimate itself
        value = bigram[1] if gamma is None else math.log(self.tri_term.get(key, 0.0) + gamma * bigram[0])
        if len(self._cache) < 2_000_000:
            self._cache[key] = value
        return value

    def unigram_logp(self, w: str) -> float:
        p = self.p_uni.get(w)
        return math.log(p) if p is not None else self.log_unk

    def summary(self) -> str:
        return f"{len(self.vocab)} types, {len(self.trigrams)} trigram types, {sum(self.trigrams.values())} tokens"

    # -- files ------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        rows = sorted(f"{u} {v} {w}\t{c}" for (u, v, w), c in self.trigrams.items())
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
            json.dump({"format": "vnplan-trigram-counts-1", "vocab_floor": self.vocab_floor,
                       "acronyms": sorted(self.acronyms), "trigrams": rows},
                      f, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def load(cls, path) -> "TrigramLM":
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
            data = json.load(f)
        counts = {}
        for row in data["trigrams"]:
            key, count = row.rsplit("\t", 1)
            counts[tuple(key.split(" "))] = int(count)
        return cls(counts, data.get("vocab_floor", 8000), frozenset(data.get("acronyms", ())))


def dictionary_words() -> list[str]:
    """Multi-syllable words (corpus/lm/words.txt.gz, from pyvi's word list): 'báo cáo', 'kết quả'."""
    path = resources.files("vnplan.corpus").joinpath("lm", "words.txt.gz")
    if not path.is_file():
        return []
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def build_lm(texts: Iterable[str], with_names: bool = True) -> TrigramLM:
    """Count syllable trigrams over the lines of clean texts (each line a sentence), plus the name list."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    texts = list(texts)
    if with_names:
        texts.append("\n".join(name_list()))
    acronyms: set[str] = set()
    for text in texts:
        acronyms.update(m.group(0) for m in _ACRONYM.finditer(text))
        for line in text.splitlines():
            tokens = lm_tokens(line)
            if not tokens:
                continue
            seq = [BOS, BOS, *tokens, EOS]
            for i in range(2, len(seq)):
                counts[(seq[i - 2], seq[i - 1], seq[i])] += 1
    return TrigramLM(dict(counts), acronyms=frozenset(acronyms))


# two or more capitals, alone or as part of a code: UBND, QĐ in 3470/QĐ-UBND, HĐND
_ACRONYM = re.compile(r"(?<![^\W\d_])[A-ZĐ]{2,}(?![^\W\d_])")
