"""Which lines of a text are one sentence wrapped over several lines (a scan, a PDF, a text export cut
at a fixed width), so the repair decodes them as one sequence: a word is often decided by the one
before it ('xây | dựng', 'bộ | phận', 'giai | đoạn'), and a line break must not hide it."""

from __future__ import annotations

from .forms import capital_counts
from .syllables import Token

# a line that ends with one of these ends its sentence (or introduces a list)
_ENDS = frozenset(".:;!?")
# a line whose first piece is one of these opens a list item
_BULLETS = frozenset("-+•*–—·")


def continues(previous: list[Token], line: list[Token]) -> bool:
    """Whether `line` carries on the sentence of `previous` (the line before it): the previous line
    does not end its sentence, neither is a heading in capitals, and `line` opens with a small letter,
    a number or a code, not a list item ('- ', '+ ', 'a)', '2.', 'II.'). A line that opens with a
    capital starts anew: it may be a name carried over ('Bộ Công | Thương'), but as often the next
    item of a list or a title's next line, and joining those measured no better on held-out text."""
    if not previous or not line:
        return False
    last = previous[-1]
    if last.suffix[-1:] in _ENDS or (not last.core and last.prefix[-1:] in _ENDS):
        return False
    if _capitals(previous) or _capitals(line):
        return False
    first = line[0]
    if first.prefix[:1] in _BULLETS or (not first.core and first.text[:1] in _BULLETS):
        return False
    if first.suffix[:1] in (".", ")") and (first.kind == "number" or len(first.core) <= 4):
        return False  # '2.', 'a)', 'II.', 'b.'
    if first.kind == "word" and first.core[:1].isupper():
        return False
    return True


def _capitals(tokens: list[Token]) -> bool:
    """A heading written in capitals ('KẾ HOẠCH', 'II. MỤC TIÊU'): most of its letters are."""
    upper, letters, _ = capital_counts(tokens)
    return letters >= 4 and upper >= 0.7 * letters


def paragraphs(lines: list[list[Token]]) -> list[list[int]]:
    """The line indexes grouped into runs that are one wrapped sentence each (most runs are one line)."""
    runs: list[list[int]] = []
    for i, tokens in enumerate(lines):
        if runs and continues(lines[i - 1], tokens):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
