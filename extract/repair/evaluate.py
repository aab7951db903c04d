"""Token accuracy of repaired text against the printed text, both in the one tone-placement style."""

from __future__ import annotations

from difflib import SequenceMatcher

from .unicode import normalize_tones


def token_accuracy(predicted: list[str], gold: list[str]) -> tuple[int, int]:
    """(gold tokens reproduced, gold tokens) over aligned line pairs; tokens split on whitespace."""
    correct = total = 0
    for p, g in zip(predicted, gold):
        p_tokens = normalize_tones(p).split()
        g_tokens = normalize_tones(g).split()
        total += len(g_tokens)
        matcher = SequenceMatcher(None, p_tokens, g_tokens, autojunk=False)
        correct += sum(block.size for block in matcher.get_matching_blocks())
    return correct, total
