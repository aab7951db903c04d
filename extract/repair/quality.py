"""Text quality: how much of a line or page is valid, marked Vietnamese (decides whether to repair)."""

from __future__ import annotations

from dataclasses import dataclass

from .syllables import Token, has_marks, inventory, match_form, skeleton, tokenize


@dataclass(frozen=True)
class Quality:
    """Shares over the word tokens of a text; a clean Vietnamese line is ~100 % valid, ~70 % marked."""

    words: int
    valid_share: float  # tokens that are syllables of the inventory (with their marks as written)
    marked_share: float  # tokens carrying any Vietnamese mark
    skeleton_share: float  # tokens whose unmarked form is the skeleton of some syllable

    @property
    def is_clean(self) -> bool:
        # Vietnamese marks most syllables, so a line of unmarked words has lost its marks even when
        # each word happens to be a valid syllable ("cong tac" for "công tác")
        return self.words == 0 or (self.valid_share >= 0.9 and self.marked_share >= 0.25)

    @property
    def is_stripped(self) -> bool:
        """All marks lost but the letters intact, as after copy-paste through an accent-stripping system."""
        return self.words > 0 and self.marked_share == 0 and self.skeleton_share >= 0.9

    @property
    def score(self) -> float:
        """0 (garbage) … 1 (clean marked Vietnamese)."""
        if self.words == 0:
            return 1.0
        return round(self.valid_share * min(1.0, self.marked_share / 0.5), 3)


def _skeletons() -> frozenset[str]:
    global _SKELETONS
    if _SKELETONS is None:
        _SKELETONS = frozenset(skeleton(s) for s in inventory())
    return _SKELETONS


_SKELETONS: frozenset[str] | None = None


def quality(text: str, known_words: frozenset[str] | set[str] = frozenset()) -> Quality:
    """Quality of a line or page: quality('Thyc hién tdt') has valid_share 0.0."""
    return token_quality([token for line in text.splitlines() or [text] for token in tokenize(line)], known_words)


def token_quality(tokens: list[Token], known_words: frozenset[str] | set[str] = frozenset()) -> Quality:
    """quality() of text already split into tokens."""
    syllables = inventory()
    skeletons = _skeletons()
    words = valid = marked = skeletal = 0
    for token in tokens:
        if token.kind != "word":
            continue
        core = token.core
        form = match_form(core)
        if core.isupper() and len(core) > 1 and form in known_words and form not in syllables:
            continue  # an acronym (UBND, TTHC) says nothing about marks
        words += 1
        valid += form in syllables or form in known_words
        marked += has_marks(core)
        skeletal += core.isalpha() and core.isascii() and form in skeletons
    if not words:
        return Quality(0, 1.0, 0.0, 1.0)
    return Quality(words, valid / words, marked / words, skeletal / words)


def needs_repair(text: str) -> bool:
    """True when marks are missing or mangled: needs_repair('Uy ban nhan dan x4') is True."""
    q = quality(text)
    return not q.is_clean
