"""Slips of Tesseract that the page image or the line itself disproves, fixed word by word after the
reads: specks read as underscores, two words glued over a space or one word cut in two, a dash glued to the word before it across a space, a Roman I read as the digit 1, a word of
letters that look alike in both cases read in capitals inside a lowercase sentence."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from PIL import Image

from ..layout import Word, group_rows

DASHES = "-–"
# letters whose capital is their small letter set larger: only the glyph's height tells them apart
SAME_SHAPE = set("cosvwxz")
ONES = re.compile(r"(1{1,3})([/.,;:)].*)?")


def _ink_runs(binary: np.ndarray, word: Word) -> tuple[np.ndarray, list[np.ndarray]]:
    """The word box's ink, and its runs of inked columns (a glyph, or glyphs that touch)."""
    x0, top, x1, bottom = int(word.x0), int(word.top), int(word.x1) + 1, int(word.bottom) + 1
    ink = binary[top:bottom, x0:x1] < 128
    columns = np.flatnonzero(ink.any(axis=0))
    if not len(columns):
        return ink, []
    return ink, np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)


def split_dash(binary: np.ndarray, word: Word) -> list[Word]:
    """'phòng-' read over 'phòng -': a dash set a space apart from the letters before it is a word
    of its own (Tesseract joins it to them when the space is narrow)."""
    text = word.text
    if len(text) < 3 or text[-1] not in DASHES or not text[-2].isalpha():
        return [word]
    ink, runs = _ink_runs(binary, word)
    if len(runs) < 2:
        return [word]
    dash, before = runs[-1], runs[-2]
    rows = np.flatnonzero(ink[:, dash[0]:dash[-1] + 1].any(axis=1))
    height = word.bottom - word.top
    # a dash: wider than tall, thin, in the middle of the line
    if not len(rows) or rows[-1] - rows[0] + 1 > 0.2 * height or len(dash) < 2 * (rows[-1] - rows[0] + 1):
        return [word]
    gap = dash[0] - before[-1] - 1
    if gap < 0.18 * height:  # a space is a quarter of the type size; letters sit closer
        return [word]
    x_dash = word.x0 + dash[0]
    return [Word(text[:-1], word.x0, word.x0 + before[-1] + 1, word.top, word.bottom, word.confidence),
            Word(text[-1], x_dash, word.x0 + dash[-1] + 1, word.top, word.bottom, word.confidence)]


GLUED = re.compile(r"([^\W\d_]{3,})([.,;:)]*)")


def _is_syllable(text: str) -> bool:
    from ..repair.syllables import inventory
    from ..repair.unicode import tone_style

    return tone_style(text.lower()) in inventory()


def split_glued(binary: np.ndarray, word: Word) -> list[Word]:
    """'bịcông' read over 'bị công': a word that is no Vietnamese syllable, whose box holds one gap
    as wide as a space among the narrow gaps between its letters, is two words, split where both
    halves are syllables (the split nearest the gap when there are several)."""
    match = GLUED.fullmatch(word.text)
    if not match or _is_syllable(match.group(1)):
        return [word]
    letters = match.group(1)
    ink, runs = _ink_runs(binary, word)
    if len(runs) < 3:
        return [word]
    gaps = [(int(b[0] - a[-1] - 1), i) for i, (a, b) in enumerate(zip(runs, runs[1:]))]
    widest, at = max(gaps)
    others = sorted(g for g, i in gaps if i != at)
    usual = max(1, others[len(others) // 2])
    if widest < 0.3 * (word.bottom - word.top) or widest < 2 * usual:
        return [word]
    splits = [i for i in range(1, len(letters)) if _is_syllable(letters[:i]) and _is_syllable(letters[i:])]
    if not splits:
        return [word]
    middle = (runs[at][-1] + 1 + runs[at + 1][0]) / 2 / max(1.0, word.x1 - word.x0)
    i = min(splits, key=lambda i: abs(i / len(letters) - middle))
    return [Word(letters[:i], word.x0, word.x0 + runs[at][-1] + 1, word.top, word.bottom, word.confidence),
            Word(letters[i:] + match.group(2), word.x0 + runs[at + 1][0], word.x1, word.top, word.bottom,
                 word.confidence)]


def join_split(words: list[Word]) -> list[Word]:
    """'củ a' read over 'của': two boxes on one line set no further apart than the letters of a word
    (a space is a quarter of the type size), which together make one syllable, are one word."""
    joined: dict[int, Word] = {}
    dropped: set[int] = set()
    for row in group_rows(words):
        n = 0
        while n + 1 < len(row):
            a, b = row[n], row[n + 1]
            height = max(a.bottom - a.top, b.bottom - b.top)
            match = GLUED.fullmatch(a.text + b.text) if a.text.isalpha() else None
            if match and b.x0 - a.x1 <= 0.15 * height and _is_syllable(match.group(1)):
                confidence = min(a.confidence or 0, b.confidence or 0) if a.confidence is not None else None
                word = Word(a.text + b.text, a.x0, b.x1, min(a.top, b.top), max(a.bottom, b.bottom), confidence)
                row[n:n + 2] = [word]
                joined[id(word)] = word
                dropped.update((id(a), id(b)))
                continue
            n += 1
    if not joined:
        return words
    kept = [w for w in words if id(w) not in dropped]
    return kept + [w for w in joined.values() if id(w) not in dropped]


def ones_as_roman(binary: np.ndarray, word: Word) -> Word:
    """'1/2025' where the page says 'I/2025' (Quý I): a 1 drawn as one plain upright bar, no flag and
    no foot, is the Roman numeral in a sans-serif face."""
    match = ONES.fullmatch(word.text)
    if not match:
        return word
    ink, runs = _ink_runs(binary, word)
    ones = len(match.group(1))
    if len(runs) < ones:
        return word
    for run in runs[:ones]:
        rows = np.flatnonzero(ink[:, run[0]:run[-1] + 1].any(axis=1))
        if not len(rows):
            return word
        height = rows[-1] - rows[0] + 1
        widths = ink[rows[0]:rows[-1] + 1, run[0]:run[-1] + 1].sum(axis=1)
        # a bar keeps its width from top to bottom (a flag or a foot widens a 1 at its ends)
        if height < 8 or len(run) > 0.3 * height or widths.max() > 1.5 * np.median(widths) + 1:
            return word
    return Word("I" * ones + (match.group(2) or ""), word.x0, word.x1, word.top, word.bottom, word.confidence)


def _letters(text: str) -> str:
    """Letters without their marks ('SỐ' → 'SO')."""
    bare = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in bare if ch.isalpha()).replace("Đ", "D").replace("đ", "d")


def _has_mark(text: str) -> bool:
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", text)) or any(ch in "đĐ" for ch in text)


def _word_before(rows: list[list[Word]], r: int, n: int) -> Word | None:
    """The word read before row r's n-th word: its left neighbour in the same cell, or for the
    first word of a wrapped cell line the last word of the cell's line above."""
    word = rows[r][n]
    height = word.bottom - word.top
    if n:
        before = rows[r][n - 1]
        return before if word.x0 - before.x1 <= 1.5 * height else None
    if not r or word.top - rows[r - 1][0].bottom > height:
        return None
    above = rows[r - 1]
    starts = [i for i, w in enumerate(above) if abs(w.x0 - word.x0) <= 0.5 * height]
    if not starts:
        return None
    i = starts[0]
    while i + 1 < len(above) and above[i + 1].x0 - above[i].x1 <= 1.5 * height:
        i += 1
    return above[i]


def lower_case_slips(words: list[Word]) -> list[Word]:
    """'kỹ năng SỐ' where the page says 'kỹ năng số': a word of letters that look the same in both
    cases (s, o, c, v, x …), with a Vietnamese mark (no abbreviation has one), in capitals right after
    a lowercase word and not before another capital Vietnamese word, was read a size too large."""
    out = list(words)
    index = {id(w): n for n, w in enumerate(words)}
    rows = group_rows(words)
    for r, row in enumerate(rows):
        for n, word in enumerate(row):
            letters = _letters(word.text)
            if not letters or not letters.isupper() or not set(letters.lower()) <= SAME_SHAPE:
                continue
            if not _has_mark(word.text):
                continue
            before = _word_before(rows, r, n)
            previous = _letters(before.text) if before else ""
            if not previous or not previous[-1].islower():
                continue
            after = row[n + 1].text if n + 1 < len(row) else ""
            if _letters(after).isupper() and len(_letters(after)) > 1 and _has_mark(after):
                continue  # a phrase in capitals (an abbreviation after it, 'UBND', has no marks)
            out[index[id(word)]] = Word(word.text.lower(), word.x0, word.x1, word.top, word.bottom, word.confidence)
    return out


def strip_underscores(word: Word) -> Word | None:
    """'a_', '_': a speck under the line read as an underscore (no Vietnamese word holds one); a
    longer run of them is a blank to fill in, and stays."""
    text = word.text
    if "_" not in text:
        return word
    if set(text) == {"_"}:
        return None if len(text) <= 2 else word
    stripped = text.strip("_")
    if stripped != text and any(ch.isalpha() for ch in stripped):
        return Word(stripped, word.x0, word.x1, word.top, word.bottom, word.confidence)
    return word


def fix_slips(image: Image.Image, words: list[Word]) -> list[Word]:
    """The page's words with the slips above corrected (boxes kept; a split dash gets its own)."""
    binary = np.asarray(image)
    fixed: list[Word] = []
    for word in words:
        kept = strip_underscores(word)
        if kept is not None:
            for piece in split_dash(binary, ones_as_roman(binary, kept)):
                fixed += split_glued(binary, piece)
    return lower_case_slips(join_split(fixed))
