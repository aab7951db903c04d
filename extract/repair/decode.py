"""Restore a damaged line: per-token candidates from the channel, the best sequence by trigram beam search
(beam.py).

(Over 600 lines on purpose: the candidate generation, the token slots and the per-document adaptation
share one Repairer's caches, and splitting them would pass those caches between modules on the hot
path; the beam and the posterior, which only read them, are in beam.py, and how a chosen form is
written back — its case, Roman numerals, codes, the rebuilt line — is forms.py.)"""

from __future__ import annotations

import copy
import itertools
import gzip
import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .beam import Options, Scorer, beam_search, local_posterior
from .forms import (
    UPPER_LINE, apply_case, caps_beside, is_enumerator, is_mostly_upper, rebuild, roman_numeral, split_code, upper_share,
)
from .channel import WILD_LOGP, Channel, Trie, align, base_letter, candidates, tone_variants
from .lm import CODE, NUM, TrigramLM, dictionary_words
from .quality import Quality, token_quality
from .syllables import Token, inventory, match_form, name_list, proper_names, skeleton, split_token, tokenize
from .unicode import nfc, split_tone
from .wrap import paragraphs

# candidates kept per token: a stripped skeleton such as 'do' has a dozen marked forms (do, đó, độ, dò,
# đỏ …), and the right one ('thăm dò') is often not among the ten likeliest by unigram: 16 measured
# better than 10 on held-out documents (stripped 0.980 → 0.983)
MAX_CANDIDATES = 16
# nats below the best candidate (channel + unigram) still worth decoding
CANDIDATE_WINDOW = {"clean": 7.0, "stripped": 7.0, "ocr": 8.0}
# nats below the best candidate by channel alone still decoded in OCR damage, however rare the word
# (not in stripped text, where every form of a skeleton is as likely under the channel)
CHANNEL_WINDOW = 6.0
NEAR_EXTRA = 1  # such candidates kept at most (the options decoded cost time: 1 measured as good as all)
# log weights of the three ways a token came to be read as it was (mixtures per line mode)
MODES = {
    # clean marked text: a valid syllable stays; only invalid tokens are repaired
    "clean": {"identity": math.log(0.9999), "strip": math.log(1e-6), "ocr": math.log(1e-5)},
    # marks stripped, letters intact
    "stripped": {"identity": math.log(1e-3), "strip": math.log(0.97), "ocr": math.log(0.03)},
    # OCR without the Vietnamese model: letters and marks both damaged
    "ocr": {"identity": math.log(0.05), "strip": math.log(0.05), "ocr": math.log(0.9)},
}
# log bonus when two neighbouring syllables form a dictionary word ("báo cáo"), for an LM trained on
# little text (the plans alone, fewer than SMALL_LM trigrams); an LM of the corpus knows the words
# itself (0.0, 0.7 and 1.5 measure the same on held-out text), and the bonus only costs time
WORD_BONUS = 1.5
SMALL_LM = 100_000
ADAPT_CONFIDENCE = 0.9  # repairs this sure teach the channel about the document being repaired
RETRY_CONFIDENCE = 0.9  # tokens less sure than this are searched again with the adapted channel
ADAPT_WEIGHT = 3.0  # each counts as this many training pairs
ADAPT_FAMILY_SHARE = 0.5  # share of a document's confusion of one letter also counted for its tone siblings
ADAPT_MARK_SHARE = 0.5  # … and for the letters with the same mark on the same base (ự → ụ, ộ → ọ ợ)
ADAPT_MIN_PAIRS = 50
POOR_READING = MODES["ocr"]["ocr"] + WILD_LOGP + 1.0  # a token's best candidate no likelier: an unseen reading
UNKNOWN_IDENTITY = {"clean": 0.0, "stripped": math.log(0.01), "ocr": math.log(0.001)}
NUMBER_KEEP = math.log(0.6)  # a read number really is a number more often than a damaged word
DIGIT_LOGP = math.log(0.1)  # log p of one digit of a number: what a number pays for being read as these
NUMBER_WORDS = 6  # words a short number read in OCR damage may stand for, best first
SYMBOL_LOGP = -7.0  # a lone symbol some letter is read as at least this likely may be that letter's word
# proper names (corpus/lexicons/proper_names.csv): a capitalised token is a name this often, so its
# prior mixes the LM unigram with the names' syllable distribution; two neighbouring capitalised
# syllables that form a name ("Mộ Đức", "Tân Phú") get beam.NAME_PAIR_BONUS
NAME_SHARE = 0.3
RARE_ACRONYM = 20  # a two-capital acronym the corpus writes fewer times than this may be a damaged syllable
ACRONYM_MARGIN = 3  # HDND → HĐND when the corpus writes HĐND more than this many times as often
WIDER_BOUND = 6.0  # nats: an unseen syllable the channel finds less likely than this is not looked for
ADAPTED_BUDGET = 150  # states the search for what adaptation adds to precomputed candidates expands at most
WIDER_BUDGET = 150  # states the search of the whole inventory (syllables the LM never saw) expands at most


@dataclass(slots=True)
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


@dataclass(slots=True)
class RepairedLine:
    """A line after repair, with the original kept beside it and a confidence per token."""

    original: str
    text: str
    tokens: list[RepairedToken]
    mode: str
    # the option chosen in each of the line's beam slots, (form, LM token): a second pass that decodes
    # a doubtful line again holds the lines beside it to these
    choices: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

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
def name_model() -> tuple[dict[str, float], frozenset[tuple[str, str]]]:
    """log p(syllable) over the syllables of Vietnamese place and person names (each distinct name
    counts once), and the pairs of neighbouring syllables within a name; syllables of the inventory
    only. (Pairing every surname with every middle name, and every middle name with every given name,
    was tried: too broad, it lost accuracy on unseen plans.)"""
    syllables = inventory() | names()
    counts: dict[str, int] = defaultdict(int)
    pairs = set()
    for name, _kind in proper_names():
        forms = [match_form(s) for s in name.replace("-", " ").split()]
        if not forms or any(f not in syllables for f in forms):
            continue
        for form in forms:
            counts[form] += 1
        pairs.update(zip(forms, forms[1:]))
    total = sum(counts.values()) or 1
    return {form: math.log(n / total) for form, n in counts.items()}, frozenset(pairs)


@lru_cache(maxsize=None)
def names() -> frozenset[str]:
    """Proper-name syllables (places, people) that the plans alone may not contain."""
    return frozenset(match_form(s) for name in name_list() for s in name.split() if s.isalpha())


class Repairer:
    """A loaded model: channel, syllable trie and trigram LM; `repair_line` is the work."""

    def __init__(self, lm: TrigramLM, channel: Channel, readings: dict[str, tuple] | None = None):
        self.lm = lm
        self.channel = channel
        # candidates precomputed (thoroughly) for every reading seen in the OCR training pairs and for
        # the readings the channel most likely makes of the LM's syllables (corpus/lm/build.py)
        self.readings = readings or {}
        # words of the corpus outside the syllable inventory that are no syllable stripped of its marks
        # (English, brand names): known as written; typos such as 'thúe' are not
        self.syllables = inventory() | names()
        skeletal = {skeleton(s) for s in self.syllables}
        vocab_words = {w for w in lm.vocab if w.isalpha() and w.isascii() and w not in skeletal}
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
        self._opts: dict[tuple, Options] = {}  # (read core, mode[, kind]) → the beam's options
        self._fixed_opts: dict[tuple[str, str], Options] = {}
        self._planned: dict[tuple, tuple[tuple[bool, Options], ...]] = {}  # a token's slots, see _token_slots
        self._word_flags: dict[str, tuple[int, int, int, int]] = {}  # a word's part in line_mode
        self.scorer = Scorer(lm)  # LM scores of options in context, cached with the options
        self._aligned: dict[tuple[str, str], tuple[float, list]] = {}
        self.is_adapted = False
        self._poor: dict[tuple[str, str], bool] = {}  # see _poorly_read
        self._retry: frozenset[str] = frozenset()  # an adapted copy: sure tokens to search again
        self._base: "Repairer | None" = None  # the repairer an adapted copy was made from
        self.word_bonus = WORD_BONUS if lm.n_trigrams < SMALL_LM else 0.0
        self.word_pairs = frozenset(
            pair for word in dictionary_words() for pair in zip(word.split(), word.split()[1:]))
        self.name_logp, self.name_pairs = name_model()
        self._pairs_by_next = _by_next(self.word_pairs)
        self._names_by_next = _by_next(self.name_pairs)
        self._name_bonus: dict[str, float] = {}
        self.max_name_bonus = max((self.name_bonus(f) for f in self.name_logp), default=0.0)

    @classmethod
    def load(cls, model_dir: Path | None = None) -> "Repairer":
        """The model files of corpus/lm/ (or of another folder): lm, channel, precomputed readings."""
        def path(name: str):
            return _model_path(name) if model_dir is None else model_dir / name

        readings = None
        if path("readings.json.gz").is_file():
            with path("readings.json.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
                # read → ((form, log p), …): tuples of strings and floats, which the cyclic garbage
                # collector stops tracking (as lists, the 600k pairs made every full collection of
                # the process traverse them: a fifth of the decoding time); each distinct pair is one
                # shared object (a syllable at one score recurs under many readings): less memory
                shared: dict = {}
                readings = {read: tuple([shared.setdefault(pair, pair) for pair in
                                         [(shared.setdefault(form, form), lp) for form, lp in found]])
                            for read, found in json.load(f).items()}
        return cls(TrigramLM.load(path("lm.npz")), Channel.load(path("channel.json.gz")), readings)

    def adapted(self, lines: list["RepairedLine"]) -> "Repairer | None":
        """A copy whose channel also counts this document's own confident repairs (unsupervised
        adaptation): a scan that reads every 'Đ' as 'P' teaches that once a few were repaired."""
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        pairs = 0
        doubtful: set[str] = set()
        numbers: set[str] = set()  # short numbers that may be words
        poor: set[str] = set()  # tokens no candidate explained
        confident: dict[tuple[str, str], int] = defaultdict(int)  # (printed, read) → tokens
        for line in lines:
            if line.mode != "ocr":
                continue
            for i, token in enumerate(line.tokens):
                piece = split_token(token.original)
                core = piece.core
                if _maybe_word(piece, line.mode, i == 0):
                    numbers.add(core)
                if piece.kind == "word" and self._poorly_read(core, line.mode):
                    poor.add(core)  # sure only because no candidate explains it
                if token.confidence < ADAPT_CONFIDENCE:
                    if token.confidence < RETRY_CONFIDENCE:
                        doubtful.add(core)
                    continue
                printed = match_form(split_token(token.repaired).core)
                if printed in self.syllables:
                    confident[(printed, match_form(core))] += 1
        taught: set[str] = set()  # characters this document reads for other letters ('x3' for 'xã')
        for (printed, read), n in confident.items():  # each distinct pair aligned once
            if len(printed) == len(read) and all(p == r or base_letter(p) == r for p, r in zip(printed, read)):
                pieces = list(zip(printed, read))  # letter for letter, marks lost or kept: no search needed
            else:
                found = self._aligned.get((printed, read))
                if found is None:  # the base channel's alignment: the same in every document
                    found = self._aligned[(printed, read)] = align(self.channel, printed, read)
                lp, pieces = found
                if lp < -25:
                    continue
            for letter, piece in pieces:
                counts[letter][piece] += ADAPT_WEIGHT * n
                if piece != letter and piece != base_letter(letter):
                    taught.update(piece)
            pairs += n
        if pairs < ADAPT_MIN_PAIRS:
            return None
        merged = {letter: dict(pieces) for letter, pieces in self.channel.counts.items()}
        for letter, pieces in counts.items():
            table = merged.setdefault(letter, {})
            for piece, c in pieces.items():
                table[piece] = table.get(piece, 0.0) + c
            # a scan damages alike the letters that differ only in tone ('x3' for 'xã' teaches that '13'
            # may be 'là'), and the letters that carry the same mark on the same base ('thyc' for 'thực'
            # teaches that 'vy' may be 'vụ': the dot below makes the u a y); the letter's own reading and
            # its unmarked base are not spread
            bare = base_letter(letter)
            for sibling, share in _siblings(letter):
                table = merged.setdefault(sibling, {})
                for piece, c in pieces.items():
                    if piece != letter and piece != bare and piece != sibling:
                        table[piece] = table.get(piece, 0.0) + share * c
        # a short number whose digits the document reads for letters is planned again with the adapted
        # channel when its line is decoded again ('13' for 'là' in a scan that reads 'xã' as 'x3')
        doubtful.update(core for core in numbers if taught.intersection(core))
        # … and so is a token no candidate explained ('sb' for 'số' in a scan that reads 'ố' as 'b'),
        # searched again when the document has taught one of its characters
        poor = {core for core in poor if taught.intersection(core)}
        doubtful.update(poor)
        clone = copy.copy(self)
        clone.channel = Channel(merged, lazy=True)  # a search looks up a few dozen of its pieces
        clone._poor = {}
        clone._retry = frozenset(poor)
        # only the doubtful tokens are searched again with the adapted channel; the rest keep theirs
        clone._cands = _Layered(self._cands, doubtful)
        clone._opts = _Layered(self._opts, doubtful)
        clone._planned = _Layered(self._planned, doubtful, lambda text: split_token(text).core)
        clone.is_adapted = True
        clone._base = self
        return clone

    def needs_second_pass(self, first: "RepairedLine") -> bool:
        """Whether an adapted repairer (this one) could decode a doubtful line of the first pass
        differently: only if some doubtful token's candidates (forms, or which ranks first) changed."""
        if first.mode != "ocr" or self._base is None:
            return False
        for token in first.tokens:  # (a sure token is split only when some sure tokens are retried)
            if token.confidence >= RETRY_CONFIDENCE and not (self._retry and split_token(token.original).core in self._retry):
                continue
            piece = split_token(token.original)
            if piece.kind != "word":
                return True
            before = self._base._cands.get((piece.core, first.mode))
            after = self.word_candidates(piece.core, first.mode)
            if before is None or before[0][0] != after[0][0] or {f for f, _ in before} != {f for f, _ in after}:
                return True
        return False

    def _poorly_read(self, core: str, mode: str) -> bool:
        """Whether no candidate of a word token explains its reading better than an unseen reading
        does ('sb' for 'số'): its confidence then says little, and the adapted channel may."""
        key = (core, mode)
        poor = self._poor.get(key)
        if poor is None:
            found = self._cands.get(key)
            if not found:
                return False
            read = match_form(core)
            poor = self._poor[key] = max((lp for form, lp in found if form != read), default=-math.inf) < POOR_READING
        return poor

    # -- candidates ---------------------------------------------------------------------------
    def line_mode(self, tokens: list[Token]) -> str:
        """token_quality's shares of the line, each word's part in them remembered."""
        flags = self._word_flags
        words = valid = marked = skeletal = 0
        for token in tokens:
            if token.kind == "word":
                f = flags.get(token.core)
                if f is None:
                    one = token_quality([token], self.known)
                    f = flags[token.core] = (one.words, int(one.valid_share * one.words),
                                             int(one.marked_share * one.words), int(one.skeleton_share * one.words))
                words += f[0]
                valid += f[1]
                marked += f[2]
                skeletal += f[3]
        q = Quality(words, valid / words, marked / words, skeletal / words) if words else Quality(0, 1.0, 0.0, 1.0)
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
            # the channel reads what OCR wrote: a mark where OCR put it ('khéac' for 'khác', a stray
            # accent before the a), not moved to where the tone style would place it ('kheác')
            as_read = nfc(core).lower()
            found = self.readings.get(read) if as_read == read else None
            if found is None:
                found = self._search(as_read, scores, mode, core[:1].isupper())
            elif self.is_adapted:
                # the precomputed readings knew only the training channel: add what adaptation allows
                # among the syllables the LM knows (the precomputed search already covered the rest)
                merged = dict(found)
                for form, lp in candidates(self.channel, self.lm_trie, read, budget=ADAPTED_BUDGET):
                    merged[form] = max(lp, merged.get(form, lp))
                found = list(merged.items())
            for form, lp in found:
                add(form, weights["ocr"] + lp)
        if not scores:
            scores[read] = 0.0
        if core[:1].isupper() and self.name_logp:
            bonus = self.name_bonus
            scores = {form: lp + bonus(form) for form, lp in scores.items()}
        uni, log_unk = self.lm.uni_logp.get, self.lm.log_unk
        ranked = sorted([(form, lp, lp + uni(form, log_unk)) for form, lp in scores.items()], key=_third, reverse=True)
        # candidates far below the best by channel and word frequency cannot win the line: drop them,
        # but for one the channel finds nearly as likely as its best (a rarer word the context may call
        # for: 'ctia' is 'của' far more often than 'cửa', but 'một cửa' is the one-stop shop)
        top = ranked[0][2]
        floor = top - CANDIDATE_WINDOW[mode]
        near = max(lp for _, lp, _ in ranked) - CHANNEL_WINDOW if mode == "ocr" else math.inf
        result = [(form, lp) for form, lp, rank in ranked if rank >= floor][:MAX_CANDIDATES]
        if len(result) < MAX_CANDIDATES:
            extra = [(form, lp) for form, lp, rank in ranked if rank < floor and lp >= near][:NEAR_EXTRA]
            result += extra[:MAX_CANDIDATES - len(result)]
        self._cands[key] = result
        return result

    def name_bonus(self, form: str) -> float:
        """log of p(form | a capitalised token) / p_LM(form), with p(form | capitalised) the mixture
        (1 - NAME_SHARE) p_LM + NAME_SHARE p_names: > 0 for name syllables the LM finds rare."""
        bonus = self._name_bonus.get(form)
        if bonus is None:
            name = self.name_logp.get(form)
            ratio = 0.0 if name is None else math.exp(name - self.lm.unigram_logp(form))
            bonus = self._name_bonus[form] = math.log((1 - NAME_SHARE) + NAME_SHARE * ratio)
        return bonus

    def _search(self, read: str, scores: dict[str, float], mode: str, capital: bool = False) -> list[tuple[str, float]]:
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
        if capital:  # a name syllable the LM never saw ranks up to the largest name bonus higher
            bound += self.max_name_bonus
        if bound <= 0:
            return found
        seen = {form for form, _ in found}
        wider = candidates(self.channel, self.trie, read, bound=min(bound, WIDER_BOUND), budget=WIDER_BUDGET)
        return found + [(form, lp) for form, lp in wider if form not in seen]

    def _is_acronym(self, core: str) -> bool:
        """Capitals that cannot be a syllable, even with its marks lost: SIPAS, PAR, HDND (not XA, GIAP)."""
        return (core.isupper() and core.isalpha() and len(core) > 1 and core.lower() not in self.by_skeleton
                and match_form(core) not in self.syllables)

    def repair_code(self, core: str) -> str:
        """'3470/QD-UBND' → '3470/QĐ-UBND' when QĐ (not QD) is what clean plans write."""
        parts = []
        for part in split_code(core):
            if part.isalpha() and part.isupper() and "D" in part:
                # every spelling with some D as Đ: the one the corpus writes most, if much more than this
                spans = part.split("D")
                if len(spans) <= 5:
                    best, best_n = part, self.acronyms.get(part, 0)
                    for choice in itertools.product("DĐ", repeat=len(spans) - 1):
                        variant = spans[0] + "".join(c + rest for c, rest in zip(choice, spans[1:]))
                        n = self.acronyms.get(variant, 0)
                        if n > best_n:
                            best, best_n = variant, n
                    if best_n > ACRONYM_MARGIN * self.acronyms.get(part, 0):
                        part = best
            parts.append(part)
        return "".join(parts)

    # -- decoding ---------------------------------------------------------------------------
    def _token_slots(self, token: Token, mode: str, first: bool, mostly_upper: bool,
                     amid_words: bool = False) -> tuple[tuple[bool, Options], ...]:
        """The beam slots of one token, as (the token's own slot or punctuation beside it, Options):
        the same for every occurrence of the token in this mode (`first` in its line, in a line
        mostly in capitals), so planned once."""
        slots: list[tuple[bool, Options]] = []
        fixed = self._fixed
        for ch in token.prefix:
            if ch in "(-:":
                slots.append((False, fixed(ch, ch)))
        roman = None
        if mode != "clean" and token.kind == "word":
            roman = roman_numeral(token, first, self.by_skeleton)
        if roman is not None:
            # II, 'Il', 'Ill', '1I' heading a section: a numeral (its OCR variants put right)
            slots.append((True, fixed(roman, roman.lower())))
        elif token.kind == "word" and is_enumerator(token):
            slots.append((True, fixed(token.core, token.core.lower())))
        elif token.kind == "word" and _SLASHED.fullmatch(token.core):
            # 'chuc/ca nhan', 'gui/nhan': each side of the slash is a syllable
            for n, part in enumerate(token.core.split("/")):
                if n:
                    slots.append((False, fixed("/", "/")))
                slots.append((True, self._word_options(part, mode)))
        elif token.kind == "word":
            options = self._word_options(token.core, mode)
            if mode != "clean" and self._is_acronym(token.core) and not mostly_upper:
                # an acronym among lower-case words (SIPAS, PAR, HDND → HĐND): kept as written; in
                # OCR damage two capitals the corpus rarely writes may be a syllable ('SG' for 'Sở')
                key = (token.core, mode, "acronym")
                acronym = self._opts.get(key)
                if acronym is None:
                    spelled = self.repair_code(token.core).lower()
                    if mode == "ocr" and len(token.core) == 2 and self.acronyms.get(spelled.upper(), 0) < RARE_ACRONYM:
                        half = math.log(0.5)
                        acronym = [(spelled, spelled, half)] + [(f, w, lp + half) for f, w, lp in options]
                    else:
                        acronym = [(spelled, spelled, 0.0)]
                    acronym = self._opts[key] = self._cached_options(acronym)
                options = acronym
            slots.append((True, options))
        elif token.kind == "number":
            maybe_word = _maybe_word(token, mode, first)
            key = (token.core, mode, NUM, maybe_word)
            options = self._opts.get(key)
            if options is None:
                items = [(token.core, NUM, 0.0 if mode == "clean" else NUMBER_KEEP)]
                if maybe_word:
                    # the number pays for its digits as the word pays for its reading (the LM has one
                    # token for every number): p(these digits | a number) ~ DIGIT_LOGP per digit
                    items = [(token.core, NUM, NUMBER_KEEP + DIGIT_LOGP * len(token.core))]
                    items += [(f, f, lp + math.log(1 - math.exp(NUMBER_KEEP)))
                              for f, lp in self.word_candidates(token.core, "ocr") if f.isalpha()][:NUMBER_WORDS]
                options = self._opts[key] = self._cached_options(items)
            slots.append((True, options))
        elif token.kind == "code":
            slots.append((True, fixed(self.repair_code(token.core), CODE)))
        elif amid_words and self.channel.best_piece.get(token.core, -math.inf) >= SYMBOL_LOGP:
            # a lone symbol between small-letter words that OCR reads for a letter ('nhà nước & địa
            # phương': '&' or '@' for 'ở', '¢' for 'ợ'): a word where the context wants one; kept as
            # read it is a token the LM never saw ('HĐND & UBND' is not amid small-letter words)
            key = (token.core, mode, "symbol")
            options = self._opts.get(key)
            if options is None:
                half = math.log(0.5)
                items = [(token.core, token.core, half)] + [
                    (f, f, lp + half) for f, lp in self.word_candidates(token.core, mode) if f.isalpha()][:NUMBER_WORDS]
                options = self._opts[key] = self._cached_options(items)
            slots.append((True, options))
        for ch in token.suffix:
            if ch in ".,;:)":
                slots.append((False, fixed(ch, ch)))
        return tuple(slots)

    def _cached_options(self, items: list[tuple[str, str, float]]) -> Options:
        """Options kept between lines: their score rows are reused wherever the token recurs."""
        options = Options(items, self.lm)
        self.scorer.track(options)
        return options

    def _word_options(self, core: str, mode: str) -> Options:
        """The beam's options for a word token read as `core`: its candidates."""
        options = self._opts.get((core, mode))
        if options is None:
            options = self._opts[(core, mode)] = self._cached_options(
                [(form, form, lp) for form, lp in self.word_candidates(core, mode)])
        return options

    def _fixed(self, form: str, word: str) -> Options:
        """The one option of punctuation, a numeral, an enumerator or a code: kept as `form`."""
        key = (form, word)
        options = self._fixed_opts.get(key)
        if options is None:
            options = self._fixed_opts[key] = self._cached_options([(form, word, 0.0)])
        return options

    def plan_document(self, lines: list[str], wrapped: bool = True) -> list[tuple[list[int], list[str]]]:
        """The runs of lines decoded together, with each line's mode: a sentence wrapped over lines
        (wrap.py) is one run when `wrapped`; a line that reads as marks stripped in a document mostly
        damaged by OCR ('2. Cai cach thi tuc hanh chinh' in a scan) is decoded as OCR damage, like
        its neighbours."""
        # the modes are decided before decoding, so no line is decoded twice
        tokenized = [tokenize(nfc(line)) for line in lines]
        modes = [self.line_mode(tokens) for tokens in tokenized]
        ocr = sum(len(tokens) for tokens, mode in zip(tokenized, modes) if mode == "ocr")
        stripped = sum(len(tokens) for tokens, mode in zip(tokenized, modes) if mode == "stripped")
        if "stripped" in modes and ocr > stripped:
            modes = ["ocr" if mode == "stripped" else mode for mode in modes]
        runs = paragraphs(tokenized) if wrapped else [[i] for i in range(len(lines))]
        return [(run, [modes[i] for i in run]) for run in runs]

    def repair_document_lines(self, lines: list[str], wrapped: bool = True) -> list[RepairedLine]:
        """Each line repaired, the lines of a wrapped sentence together (see plan_document)."""
        out: list[RepairedLine] = []
        for run, modes in self.plan_document(lines, wrapped):
            out += self.repair_run([lines[i] for i in run], modes)
        return out

    def repair_line(self, line: str, mode: str | None = None) -> RepairedLine:
        """One line repaired; its mode (clean, stripped, ocr) judged from its own tokens unless given."""
        return self.repair_run([line], [mode])[0]

    def _line_slots(self, line: str, mode: str | None) -> tuple[str, list[Token], list[str], str, list]:
        """A line's tokens and beam slots: (line, tokens, their original texts, mode, slots)."""
        tokens = tokenize(line)
        mode = mode or self.line_mode(tokens)
        originals = [token.text for token in tokens]
        if mode == "ocr":
            tokens = _drop_stray_marks(tokens, line)
        # positions: (token index or -1 for fixed punctuation, Options [(form, lm token, channel lp)])
        slots: list[tuple[int, Options]] = []
        planned = self._planned
        mostly_upper = is_mostly_upper(tokens)
        for i, token in enumerate(tokens):
            amid = (mode == "ocr" and token.kind == "punct" and 0 < len(token.core) <= 2
                    and _small_word(tokens, i - 1, True) and _small_word(tokens, i + 1, False))
            key = (token.text, mode, i == 0, mostly_upper, amid)
            plan = planned.get(key)
            if plan is None:
                plan = planned[key] = self._token_slots(token, mode, i == 0, mostly_upper, amid)
            slots += [(i if own else -1, options) for own, options in plan]
        return line, tokens, originals, mode, slots

    def repair_run(self, lines: list[str], modes: list[str | None],
                   kept: dict[int, RepairedLine] | None = None) -> list[RepairedLine]:
        """Lines decoded as one sequence (one line, or a sentence wrapped over several), each line
        repaired in its own mode: the LM reads across the line breaks. Lines in `kept` (index in
        the run → a first decoding) are not decoded again: they are held to their first choices,
        the context of the others."""
        planned = [self._line_slots(nfc(line), mode) for line, mode in zip(lines, modes)]
        slots: list[tuple[int, Options]] = []
        capital: list[bool] = []
        for i, (_, tokens, _, _, line_slots) in enumerate(planned):
            capital += [index >= 0 and tokens[index].kind == "word" and tokens[index].core[:1].isupper()
                        for index, _ in line_slots]
            first = kept.get(i) if kept else None
            if first is not None and len(first.choices) == len(line_slots):
                line_slots = [(index, self._fixed(*choice)) for (index, _), choice in zip(line_slots, first.choices)]
            slots += line_slots
        capitals = [k > 0 and capital[k] and capital[k - 1] for k in range(len(slots))]
        path = beam_search(self.scorer, slots, capitals, self.word_bonus, self.word_pairs, self._pairs_by_next,
                           self.name_pairs, self._names_by_next) if slots else []
        words = [0, 0, *(options.wids[j] for (_, options), j in zip(slots, path)), 1, 1]  # ids: <s> 0, </s> 1
        out = []
        start = 0
        for i, (line, tokens, originals, mode, line_slots) in enumerate(planned):
            end = start + len(line_slots)
            first = kept.get(i) if kept else None
            out.append(first if first is not None else
                       self._repaired_line(line, tokens, originals, mode, slots, path, words, start, end))
            start = end
        return out

    def _repaired_line(self, line: str, tokens: list[Token], originals: list[str], mode: str, slots: list,
                       path: list[int], words: list[int], start: int, end: int) -> RepairedLine:
        """One line's tokens from the best path of its run; its slots are slots[start:end]."""
        slot_of: dict[int, list[int]] = {}
        for k in range(start, end):
            index = slots[k][0]
            if index >= 0:
                slot_of.setdefault(index, []).append(k)
        upper_line = upper_share(tokens) >= UPPER_LINE
        out_tokens = []
        for i, token in enumerate(tokens):
            ks = slot_of.get(i)
            if ks is None:
                out_tokens.append(RepairedToken(originals[i], token.text))
                continue
            if len(ks) > 1:  # a slashed word: its syllables repaired one by one
                parts, worst = [], None
                for k, part in zip(ks, token.core.split("/")):
                    posterior = local_posterior(self.scorer, slots, words, k)
                    form = slots[k][1][path[k]][0]
                    parts.append(part if form == match_form(part) else
                                 apply_case(part, form, upper_line, caps_beside(tokens, i)))
                    if worst is None or posterior[path[k]] < worst[0]:
                        worst = (posterior[path[k]], [(slots[k][1][j][0], p) for j, p in enumerate(posterior)])
                alternatives = sorted(worst[1], key=_second, reverse=True)[:5]
                repaired = token.prefix + "/".join(parts) + token.suffix
                out_tokens.append(RepairedToken(originals[i], repaired, worst[0], alternatives))
                continue
            k = ks[0]
            options = slots[k][1]
            posterior = local_posterior(self.scorer, slots, words, k)
            form = options[path[k]][0]
            if token.kind == "word":
                core = token.core
                if form != match_form(core):
                    core = apply_case(core, form, upper_line, caps_beside(tokens, i))
            else:
                core = form
            repaired = token.prefix + core + token.suffix
            alternatives = sorted([(options[j][0], p) for j, p in enumerate(posterior)], key=_second, reverse=True)
            out_tokens.append(RepairedToken(originals[i], repaired, posterior[path[k]], alternatives[:5]))
        text = rebuild(line, [t.repaired for t in out_tokens])
        choices = tuple([slots[k][1][path[k]][:2] for k in range(start, end)])
        return RepairedLine(line, text, out_tokens, mode, choices)


_SLASHED = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?:/[^\W\d_]++)+")  # from a word's start only: linear


class _Layered(dict):
    """An adapted copy's cache: its own entries, else the first pass's for keys whose token (key[0], or
    `core_of(key[0])`) is not doubtful; nothing is copied, so adapting costs the same late in a batch."""

    def __init__(self, base: dict, doubtful: set[str], core_of=None):
        super().__init__()
        self.base, self.doubtful, self.core_of = base, doubtful, core_of

    def get(self, key, default=None):
        value = dict.get(self, key)
        if value is None:
            core = key[0] if self.core_of is None else self.core_of(key[0])
            if core not in self.doubtful:
                value = self.base.get(key)
        return default if value is None else value


def _drop_stray_marks(tokens: list[Token], line: str) -> list[Token]:
    """OCR reads a mark above a letter as '?' or '’' after the word ('cứ?', 'tư’'): not the document's
    punctuation when more words follow (a '?') or no opening quote precedes (a '’')."""
    out = []
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        if token.kind == "word" and token.suffix in ("?", "’") and (
                (token.suffix == "?" and i < last) or (token.suffix == "’" and "‘" not in line)):
            token = Token(token.prefix, token.core, "", token.kind)
        out.append(token)
    return out


def _small_word(tokens: list[Token], i: int, before: bool) -> bool:
    """Whether token i is a word in small letters with no punctuation between it and the token after
    it (`before`) or before it."""
    if not 0 <= i < len(tokens):
        return False
    token = tokens[i]
    return token.kind == "word" and token.core[:1].islower() and not (token.suffix if before else token.prefix)


def _maybe_word(token: Token, mode: str, first: bool) -> bool:
    """A short run of digits in OCR damage may be a word read as digits ('13' for 'là', '6' for 'số');
    not a list number heading the line ('2.'), a share ('95%'), a date or code, or a longer number."""
    return (mode == "ocr" and token.kind == "number" and token.core.isdigit() and len(token.core) <= 3
            and not (first and token.suffix[:1] in (".", ")")))


@lru_cache(maxsize=None)
def _siblings(letter: str) -> tuple[tuple[str, float], ...]:
    """The letters a document's confusion of `letter` also counts for, with the share: its tone
    siblings ('à' → 'a á ả ã ạ') and the letters with its tone mark on the same base ('ự' → 'ụ')."""
    toneless, tone = split_tone(letter)
    bare = base_letter(letter)
    out = {s: ADAPT_FAMILY_SHARE for s in tone_variants(toneless) if s != letter and len(s) == 1}
    if tone and bare != letter:
        for other in _VOWELS_BY_BASE.get(bare, ()):
            sibling = unicodedata.normalize("NFC", other + tone)
            if sibling != letter:
                out[sibling] = max(out.get(sibling, 0.0), ADAPT_MARK_SHARE)
    return tuple(sorted(out.items()))


# the toneless letters on each base: a, ă, â; e, ê; o, ô, ơ; u, ư
_VOWELS_BY_BASE = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "i": "i", "y": "y"}


def _by_next(pairs) -> dict[str, frozenset[str]]:
    """{w: the v of every pair (v, w)}."""
    grouped: dict[str, set[str]] = defaultdict(set)
    for v, w in pairs:
        grouped[w].add(v)
    return {w: frozenset(vs) for w, vs in grouped.items()}


def _third(item) -> float:
    return item[2]


def _second(item) -> float:
    return item[1]


__all__ = ["RepairedLine", "RepairedToken", "Repairer"]
