"""Restore a damaged line: per-token candidates from the channel, the best sequence by trigram beam search."""

from __future__ import annotations

import copy
import gzip
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .channel import Channel, Trie, align, candidates
from .lm import BOS, CODE, EOS, NUM, TrigramLM, dictionary_words
from .quality import quality
from .syllables import Token, inventory, match_form, name_list, skeleton, split_token, tokenize
from .unicode import nfc

BEAM = 8
MAX_CANDIDATES = 10
# nats below the best candidate (channel + unigram) still worth decoding; stripped text needs less
# room than OCR damage, where the channel is less sure
CANDIDATE_WINDOW = {"clean": 7.0, "stripped": 5.0, "ocr": 7.0}
# log weights of the three ways a token came to be read as it was (mixtures per line mode)
MODES = {
    # clean marked text: a valid syllable stays; only invalid tokens are repaired
    "clean": {"identity": math.log(0.9999), "strip": math.log(1e-6), "ocr": math.log(1e-5)},
    # marks stripped, letters intact
    "stripped": {"identity": math.log(1e-3), "strip": math.log(0.97), "ocr": math.log(0.03)},
    # OCR without the Vietnamese model: letters and marks both damaged
    "ocr": {"identity": math.log(0.05), "strip": math.log(0.05), "ocr": math.log(0.9)},
}
WORD_BONUS = 1.5  # log bonus when two neighbouring syllables form a dictionary word ("báo cáo")
ADAPT_CONFIDENCE = 0.9  # repairs this sure teach the channel about the document being repaired
ADAPT_WEIGHT = 3.0  # each counts as this many training pairs
ADAPT_MIN_PAIRS = 50
UNKNOWN_IDENTITY = {"clean": 0.0, "stripped": math.log(0.01), "ocr": math.log(0.001)}
NUMBER_KEEP = math.log(0.6)
WIDER_BUDGET = 150  # states the search of the whole inventory (syllables the LM never saw) expands at most  # a read number really is a number more often than a damaged word


@dataclass
class RepairedToken:
    """One token: what was read, what repair made of it, the alternatives and how sure it is."""

    original: str
    repaired: str
    confidence: float = 1.0
    alternatives: list[tuple[str, float]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.original != self.repaired

    def to_json(self) -> dict:
        return {"original": self.original, "repaired": self.repaired, "confidence": round(self.confidence, 4),
                "alternatives": [{"text": t, "score": round(s, 4)} for t, s in self.alternatives]}


@dataclass
class RepairedLine:
    """A line after repair, with the original kept beside it and a confidence per token."""

    original: str
    text: str
    tokens: list[RepairedToken]
    mode: str

    @property
    def confidence(self) -> float:
        return min((t.confidence for t in self.tokens), default=1.0)

    @property
    def low_confidence(self) -> list[RepairedToken]:
        return [t for t in self.tokens if t.confidence < 0.6]

    def to_json(self) -> dict:
        return {"original": self.original, "text": self.text, "mode": self.mode,
                "confidence": round(self.confidence, 4), "tokens": [t.to_json() for t in self.tokens]}


def _model_path(name: str):
    return resources.files("vnplan.corpus").joinpath("lm", name)


@lru_cache(maxsize=None)
def names() -> frozenset[str]:
    """Proper-name syllables (places, people) that the plans alone may not contain."""
    return frozenset(match_form(s) for name in name_list() for s in name.split() if s.isalpha())


class Repairer:
    """A loaded model: channel, syllable trie and trigram LM; `repair_line` is the work."""

    def __init__(self, lm: TrigramLM, channel: Channel, readings: dict[str, list[tuple[str, float]]] | None = None):
        self.lm = lm
        self.channel = channel
        # candidates precomputed (thoroughly) for every reading seen in the OCR training pairs
        self.readings = readings or {}
        vocab_words = {w for w in lm.vocab if w.isalpha()}
        self.syllables = inventory() | names()
        self.known = frozenset(self.syllables | vocab_words)
        self.trie = Trie(sorted(self.syllables))  # sorted: ties break the same way in every run
        # the syllables the LM has seen: searched first, and the rest of the inventory only as far as a
        # syllable the LM never saw could still rank among the candidates kept (see _search)
        self.lm_trie = Trie(sorted(s for s in self.syllables if s in lm.vocab))
        self.by_skeleton: dict[str, list[str]] = {}
        for s in sorted(self.syllables):
            self.by_skeleton.setdefault(skeleton(s), []).append(s)
        # acronyms seen in clean plans (UBND, QĐ, NĐ): code parts are repaired towards these
        self.acronyms = lm.acronyms
        self._cands: dict[tuple[str, str], list[tuple[str, float]]] = {}
        self._bigram_bonus: dict[tuple[str, str], float] = {}  # log p(w | v) + word bonus, as decoded
        self.is_adapted = False
        self._base: "Repairer | None" = None  # the repairer an adapted copy was made from
        self.word_pairs = frozenset(
            pair for word in dictionary_words() for pair in zip(word.split(), word.split()[1:]))

    @classmethod
    def load(cls, model_dir: Path | None = None) -> "Repairer":
        """The model files of corpus/lm/ (or of another folder): lm, channel, precomputed readings."""
        def path(name: str):
            return _model_path(name) if model_dir is None else model_dir / name

        readings = None
        if path("readings.json.gz").is_file():
            with path("readings.json.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
                readings = {read: [tuple(c) for c in cands] for read, cands in json.load(f).items()}
        return cls(TrigramLM.load(path("lm.json.gz")), Channel.load(path("channel.json.gz")), readings)

    def adapted(self, lines: list["RepairedLine"]) -> "Repairer | None":
        """A copy whose channel also counts this document's own confident repairs (unsupervised
        adaptation): a scan that reads every 'Đ' as 'P' teaches that once a few were repaired."""
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        pairs = 0
        doubtful: set[str] = set()
        confident: dict[tuple[str, str], int] = defaultdict(int)  # (printed, read) → tokens
        for line in lines:
            if line.mode != "ocr":
                continue
            for token in line.tokens:
                core = split_token(token.original).core
                if token.confidence < ADAPT_CONFIDENCE:
                    doubtful.add(core)
                    continue
                printed = match_form(split_token(token.repaired).core)
                if printed in self.syllables:
                    confident[(printed, match_form(core))] += 1
        for (printed, read), n in confident.items():  # each distinct pair aligned once
            lp, pieces = align(self.channel, printed, read)
            if lp < -25:
                continue
            for letter, piece in pieces:
                counts[letter][piece] += ADAPT_WEIGHT * n
            pairs += n
        if pairs < ADAPT_MIN_PAIRS:
            return None
        merged = {letter: dict(pieces) for letter, pieces in self.channel.counts.items()}
        for letter, pieces in counts.items():
            table = merged.setdefault(letter, {})
            for piece, c in pieces.items():
                table[piece] = table.get(piece, 0.0) + c
        clone = copy.copy(self)
        clone.channel = Channel(merged)
        # only the doubtful tokens are searched again with the adapted channel; the rest keep theirs
        clone._cands = {key: value for key, value in self._cands.items() if key[0] not in doubtful}
        clone.is_adapted = True
        clone._base = self
        return clone

    def needs_second_pass(self, first: "RepairedLine") -> bool:
        """Whether an adapted repairer (this one) could decode a doubtful line of the first pass
        differently: only if some doubtful token's candidates (forms, or which ranks first) changed."""
        if first.mode != "ocr" or first.confidence >= ADAPT_CONFIDENCE or self._base is None:
            return False
        for token in first.tokens:
            if token.confidence >= ADAPT_CONFIDENCE:
                continue
            piece = split_token(token.original)
            if piece.kind != "word":
                return True
            before = self._base._cands.get((piece.core, first.mode))
            after = self.word_candidates(piece.core, first.mode)
            if before is None or before[0][0] != after[0][0] or {f for f, _ in before} != {f for f, _ in after}:
                return True
        return False

    # -- candidates ---------------------------------------------------------------------------
    def line_mode(self, tokens: list[Token]) -> str:
        q = quality(" ".join(t.text for t in tokens), self.known)
        if q.is_clean:
            return "clean"
        if q.is_stripped:
            return "stripped"
        return "ocr"

    def word_candidates(self, core: str, mode: str) -> list[tuple[str, float]]:
        """(match form, log channel score) for a word token read as `core`."""
        key = (core, mode)
        cached = self._cands.get(key)
        if cached is not None:
            return cached
        weights = MODES[mode]
        read = match_form(core)
        scores: dict[str, float] = {}

        def add(form: str, lp: float) -> None:
            old = scores.get(form)
            scores[form] = lp if old is None else max(old, lp) + math.log1p(math.exp(-abs(old - lp)))

        is_known = read in self.known
        # an unknown word stays possible as written (a name, an English word, a code): in clean text it
        # is what it was; in damaged text it rarely is
        add(read, weights["identity"] + (0.0 if is_known else UNKNOWN_IDENTITY[mode]))
        if mode == "clean" and is_known:
            result = [(read, 0.0)]
            self._cands[key] = result
            return result
        if read.isascii() and read.isalpha():
            for form in self.by_skeleton.get(read, ()):
                add(form, weights["strip"])
        if mode != "stripped" or not scores:
            found = self.readings.get(read)
            if found is None:
                found = self._search(read, scores, mode)
            elif self.is_adapted:
                # the precomputed readings knew only the training channel: add what adaptation allows
                # among the syllables the LM knows (the precomputed search already covered the rest)
                merged = dict(found)
                for form, lp in candidates(self.channel, self.lm_trie, read):
                    merged[form] = max(lp, merged.get(form, lp))
                found = list(merged.items())
            for form, lp in found:
                add(form, weights["ocr"] + lp)
        if not scores:
            scores[read] = 0.0
        unigram = self.lm.unigram_logp
        ranked = sorted(((form, lp, lp + unigram(form)) for form, lp in scores.items()), key=lambda x: -x[2])
        # candidates far below the best by channel and word frequency cannot win the line: drop them
        top = ranked[0][2]
        result = [(form, lp) for form, lp, rank in ranked[:MAX_CANDIDATES] if rank >= top - CANDIDATE_WINDOW[mode]]
        self._cands[key] = result
        return result

    def _search(self, read: str, scores: dict[str, float], mode: str) -> list[tuple[str, float]]:
        """Channel candidates for a reading with no precomputed candidates.

        Syllables the LM has seen are searched first (a small trie). A syllable it never saw has the
        LM's floor unigram, so it is kept in word_candidates only if its channel score beats the best
        candidate so far by the gap between that candidate's unigram and the floor, less the window: the
        whole inventory is then searched only that far, which is a short search."""
        weight = MODES[mode]["ocr"]
        unigram = self.lm.unigram_logp
        found = candidates(self.channel, self.lm_trie, read)
        ranks = [lp + unigram(form) for form, lp in scores.items()]
        ranks += [weight + lp + unigram(form) for form, lp in found]
        if not ranks:
            return candidates(self.channel, self.trie, read)
        # an unseen syllable with channel score lp ranks weight + lp + log_unk; below max(ranks) - window,
        # or below the MAX_CANDIDATES-th rank already found, it is dropped, so the search need not look
        # past that score
        ranks.sort(reverse=True)
        floor = ranks[0] - CANDIDATE_WINDOW[mode]
        if len(ranks) >= MAX_CANDIDATES:
            floor = max(floor, ranks[MAX_CANDIDATES - 1])
        bound = -(floor - self.lm.log_unk - weight)
        if bound <= 0:
            return found
        seen = {form for form, _ in found}
        wider = candidates(self.channel, self.trie, read, bound=bound, budget=WIDER_BUDGET)
        return found + [(form, lp) for form, lp in wider if form not in seen]

    def _is_acronym(self, core: str) -> bool:
        """Capitals that cannot be a syllable, even with its marks lost: SIPAS, PAR, HDND (not XA, GIAP)."""
        return (core.isupper() and core.isalpha() and len(core) > 1 and core.lower() not in self.by_skeleton
                and match_form(core) not in self.syllables)

    def repair_code(self, core: str) -> str:
        """'3470/QD-UBND' → '3470/QĐ-UBND' when QĐ (not QD) is what clean plans write."""
        parts = []
        for part in _split_code(core):
            if part.isalpha() and part.isupper() and part not in self.acronyms:
                fixed = part.replace("D", "Đ")
                if fixed in self.acronyms:
                    part = fixed
            parts.append(part)
        return "".join(parts)

    # -- decoding ---------------------------------------------------------------------------
    def repair_line(self, line: str) -> RepairedLine:
        line = nfc(line)
        tokens = tokenize(line)
        mode = self.line_mode(tokens)
        # positions: (token index or -1 for fixed punctuation, [(form, lm token, channel lp)])
        slots: list[tuple[int, list[tuple[str, str, float]]]] = []
        for i, token in enumerate(tokens):
            for ch in token.prefix:
                if ch in "(-:":
                    slots.append((-1, [(ch, ch, 0.0)]))
            if token.kind == "word" and _is_enumerator(token):
                slots.append((i, [(token.core, token.core.lower(), 0.0)]))
            elif token.kind == "word":
                cands = self.word_candidates(token.core, mode)
                if mode != "clean" and self._is_acronym(token.core) and not _mostly_upper(tokens):
                    # an acronym among lower-case words (SIPAS, PAR, HDND → HĐND): kept as written
                    fixed = self.repair_code(token.core)
                    cands = [(fixed.lower(), 0.0)]
                slots.append((i, [(form, form, lp) for form, lp in cands]))
            elif token.kind == "number":
                options = [(token.core, NUM, 0.0 if mode == "clean" else NUMBER_KEEP)]
                if mode == "ocr" and len(token.core) <= 3:
                    options += [(f, f, lp + math.log(0.4)) for f, lp in self.word_candidates(token.core, "ocr")
                                if f.isalpha()][:4]
                slots.append((i, options))
            elif token.kind == "code":
                slots.append((i, [(self.repair_code(token.core), CODE, 0.0)]))
            for ch in token.suffix:
                if ch in ".,;:)":
                    slots.append((-1, [(ch, ch, 0.0)]))
        path = self._beam(slots) if slots else []
        words = [BOS, BOS, *(options[j][1] for (_, options), j in zip(slots, path)), EOS, EOS]
        slot_of = {index: k for k, (index, _) in enumerate(slots) if index >= 0}
        out_tokens = []
        for i, token in enumerate(tokens):
            k = slot_of.get(i)
            if k is None:
                out_tokens.append(RepairedToken(token.text, token.text))
                continue
            options = slots[k][1]
            posterior = self._local_posterior(slots, words, path, k)
            form = options[path[k]][0]
            if token.kind == "word":
                core = token.core if form == match_form(token.core) else _apply_case(token.core, form)
            else:
                core = form
            repaired = token.prefix + core + token.suffix
            alternatives = sorted(((options[j][0], p) for j, p in enumerate(posterior)), key=lambda x: -x[1])
            out_tokens.append(RepairedToken(token.text, repaired, posterior[path[k]], alternatives[:5]))
        text = _rebuild(line, [t.repaired for t in out_tokens])
        return RepairedLine(line, text, out_tokens, mode)

    def _beam(self, slots: list[tuple[int, list[tuple[str, str, float]]]]) -> list[int]:
        """Best option per slot under channel + trigram LM + word bonus, keeping the BEAM best histories."""
        if all(len(options) == 1 for _, options in slots):
            return [0] * len(slots)  # nothing to choose (clean text, punctuation)
        lm = self.lm
        tri_logp, tri_log_gamma, bigram_logp = lm.tri_logp, lm.tri_log_gamma, lm.bigram_logp
        tri_get, gamma_get = tri_logp.get, tri_log_gamma.get
        pairs = self.word_pairs
        bigram_cache = self._bigram_bonus
        # a history is keyed by its last two LM tokens: (u, v) → (score, backpointer chain)
        beam: list[tuple[tuple[str, str], float, tuple]] = [((BOS, BOS), 0.0, ())]
        for _, options in slots:
            nxt: dict[tuple[str, str], tuple[float, tuple]] = {}
            # the back-off (bigram) scores of the options depend only on the previous token: once per v
            bigrams: dict[str, list[float]] = {}
            for (u, v), score, chain in beam:
                row = bigrams.get(v)
                if row is None:
                    row = bigrams[v] = []
                    for _, w, clp in options:
                        b = bigram_cache.get((v, w))
                        if b is None:
                            b = bigram_cache[(v, w)] = bigram_logp(v, w) + (WORD_BONUS if (v, w) in pairs else 0.0)
                        row.append(clp + b)
                gamma = gamma_get((u, v))
                if gamma is None:
                    # a context never seen: no trigram applies, the bigram row is the score
                    for j, (_, w, _) in enumerate(options):
                        s = score + row[j]
                        old = nxt.get((v, w))
                        if old is None or s > old[0]:
                            nxt[(v, w)] = (s, (j, chain))
                    continue
                for j, (_, w, clp) in enumerate(options):
                    lp = tri_get((u, v, w))
                    if lp is None:
                        s = score + gamma + row[j]
                    else:
                        s = score + clp + lp + (WORD_BONUS if (v, w) in pairs else 0.0)
                    old = nxt.get((v, w))
                    if old is None or s > old[0]:
                        nxt[(v, w)] = (s, (j, chain))
            items = nxt.items() if len(nxt) <= BEAM else sorted(nxt.items(), key=_score_of, reverse=True)[:BEAM]
            beam = [(key, s, chain) for key, (s, chain) in items]
        logp = lm.logp
        _, best_chain = max(((s + logp(u, v, EOS), chain) for (u, v), s, chain in beam), key=lambda x: x[0])
        path = []
        while best_chain:
            j, best_chain = best_chain
            path.append(j)
        path.reverse()
        return path

    def _local_posterior(self, slots, words: list[str], path: list[int], k: int) -> list[float]:
        """p(option | neighbours on the best path) for slot k: the token's confidence and alternatives.
        `words` are the LM tokens of the best path with two <s> before and </s> after."""
        options = slots[k][1]
        if len(options) == 1:
            return [1.0]
        lm = self.lm
        tri_get, gamma_get, bigram_logp = lm.tri_logp.get, lm.tri_log_gamma.get, lm.bigram_logp
        # words[k + 2] is slot k's token on the path
        u, v, x = words[k], words[k + 1], words[k + 3]
        y = words[k + 4] if k + 1 < len(slots) else None
        gamma_uv = gamma_get((u, v), 0.0)
        scores = []
        for _, w, clp in options:
            # lm.logp written out: a seen trigram, else the context's back-off weight + the bigram
            s = tri_get((u, v, w))
            if s is None:
                s = gamma_uv + bigram_logp(v, w)
            t = tri_get((v, w, x))
            s += t if t is not None else gamma_get((v, w), 0.0) + bigram_logp(w, x)
            if y is not None:
                t = tri_get((w, x, y))
                s += t if t is not None else gamma_get((w, x), 0.0) + bigram_logp(x, y)
            scores.append(s + clp)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


def _score_of(item) -> float:
    return item[1][0]


def _split_code(core: str) -> list[str]:
    parts, current = [], ""
    for ch in core:
        if ch in "/-":
            parts += [current, ch]
            current = ""
        else:
            current += ch
    return parts + [current]


def _is_enumerator(token: Token) -> bool:
    """'a)', 'b.', 'II.' head list items: letters, not damaged syllables."""
    return (len(token.core) == 1 and token.suffix[:1] in (")", ".")) or (
        token.suffix[:1] in (".", ")") and bool(_ROMAN.fullmatch(token.core)))


_ROMAN = re.compile(r"[IVXL]{1,5}")


def _mostly_upper(tokens: list[Token]) -> bool:
    words = [t.core for t in tokens if t.kind == "word"]
    return bool(words) and sum(w.isupper() for w in words) >= 0.6 * len(words)


def _apply_case(original: str, form: str) -> str:
    """Give the repaired syllable the capitalisation the reader saw: 'KE' → 'KẾ', 'Muc' → 'Mục'."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _rebuild(line: str, pieces: list[str]) -> str:
    """Put repaired tokens back between the original whitespace."""
    out, pos = [], 0
    for piece, original in zip(pieces, line.split()):
        start = line.index(original, pos)
        out.append(line[pos:start])
        out.append(piece)
        pos = start + len(original)
    out.append(line[pos:])
    return "".join(out)


__all__ = ["RepairedLine", "RepairedToken", "Repairer"]
