"""Repair damaged Vietnamese text: legacy encodings to Unicode, then diacritics and OCR confusions restored."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import lru_cache

from .decode import ADAPT_CONFIDENCE, RepairedLine, RepairedToken, Repairer
from .quality import Quality, needs_repair, quality
from .unicode import detect_encoding, normalize_tones, to_unicode, tone_style

__all__ = [
    "Quality",
    "RepairedLine",
    "RepairedToken",
    "Repairer",
    "detect_encoding",
    "needs_repair",
    "normalize_tones",
    "quality",
    "repair_line",
    "repair_lines",
    "repair_text",
    "to_unicode",
    "tone_style",
]


@lru_cache(maxsize=1)
def default_repairer() -> Repairer:
    """The committed model in corpus/lm/ (channel.json.gz, lm.json.gz), loaded once."""
    return Repairer.load()


def repair_line(text: str) -> RepairedLine:
    """One line repaired with per-token originals, alternatives and confidences:
    repair_line('Chi s6 hai long ctia nguoi dan').text == 'Chỉ số hài lòng của người dân'."""
    return default_repairer().repair_line(to_unicode(text))


@contextmanager
def _cycle_collection_paused():
    """Decoding makes no reference cycles, but it allocates millions of short-lived tuples, and each
    burst of them set off full collections that walked everything the process holds (the model, the
    caches, the repaired lines): paused while a text is repaired (memory is freed by reference
    counting as ever), and left as it was found."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def repair_lines(text: str, adapt: bool = True, wrapped: bool = True) -> list[RepairedLine]:
    """Every line of a text repaired; legacy encoding detected once for the whole text. `wrapped`: the
    lines may be sentences wrapped over several lines (a page, a text export), decoded together; False
    for lines that each stand alone (table cells)."""
    with _cycle_collection_paused():
        return _repair_lines(text, adapt, wrapped)


def _repair_lines(text: str, adapt: bool, wrapped: bool) -> list[RepairedLine]:
    encoding = detect_encoding(text)
    repairer = default_repairer()
    lines = [to_unicode(line, encoding) for line in text.split("\n")]
    plan = repairer.plan_document(lines, wrapped)
    repaired: list[RepairedLine] = []
    for run, modes in plan:
        repaired += repairer.repair_run([lines[i] for i in run], modes)
    # a second pass with the channel adapted to this document's own damage, when there is enough of it
    adapted = repairer.adapted(repaired) if adapt else None
    if adapted is None:
        return repaired
    tracked = len(repairer.scorer.caches)  # the options the adapted copy makes are tracked after these
    try:
        _second_pass(adapted, plan, lines, repaired)
    finally:
        repairer.scorer.release(tracked, kept=repairer._fixed_opts.values())
    return repaired


def _second_pass(adapted, plan: list, lines: list[str], repaired: list[RepairedLine]) -> None:
    """Only runs with a doubtful token whose candidates adaptation changed are decoded again (in a
    wrapped run, the lines that need no second pass are held to their first choices, and only the
    lines next to those decoded again are kept as their context: a trigram sees no further)."""
    for run, modes in plan:
        again = [adapted.needs_second_pass(repaired[i]) for i in run]
        if any(again):
            first = max(again.index(True) - 1, 0)
            last = len(again) - again[::-1].index(True)
            part = slice(first, min(last + 1, len(run)))
            run, modes, again = run[part], modes[part], again[part]
            kept = {n: repaired[i] for n, (i, redo) in enumerate(zip(run, again)) if not redo}
            for i, line in zip(run, adapted.repair_run([lines[i] for i in run], modes, kept)):
                repaired[i] = line


def repair_text(text: str) -> str:
    """The repaired text, same number of lines: line N of the output answers line N of the input."""
    return "\n".join(line.text for line in repair_lines(text))
