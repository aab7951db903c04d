"""What a repaired token looks like when it is written back: its case as the line had it (a capitalised
heading stays in capitals), Roman numerals and codes kept as read, the line rebuilt around the new
tokens. Used by decode.py."""

from __future__ import annotations

import re

from .syllables import Token


def split_code(core: str) -> list[str]:
    parts, current = [], ""
    for ch in core:
        if ch in "/-":
            parts += [current, ch]
            current = ""
        else:
            current += ch
    return parts + [current]


def is_enumerator(token: Token) -> bool:
    """'a)', 'b.', 'II.' head list items: letters, not damaged syllables."""
    return (len(token.core) == 1 and token.suffix[:1] in (")", ".")) or (
        token.suffix[:1] in (".", ")") and bool(_ROMAN.fullmatch(token.core)))


_ROMAN = re.compile(r"[IVXL]{1,5}")


def is_mostly_upper(tokens: list[Token]) -> bool:
    words = [t.core for t in tokens if t.kind == "word"]
    return bool(words) and sum(w.isupper() for w in words) >= 0.6 * len(words)


UPPER_LINE = 0.7  # share of capital letters above which a line is a capitalised heading


def capital_counts(tokens: list[Token], *, codes: bool = True) -> tuple[int, int, int]:
    """(capital letters, letters, words) of a line's word tokens; `codes=False` leaves out the
    tokens written like codes, with '/' or '-' ('15/KH-UBND')."""
    upper = letters = words = 0
    for token in tokens:
        if token.kind == "word" and (codes or ("/" not in token.core and "-" not in token.core)):
            words += 1
            for c in token.core:
                if c.isalpha():
                    letters += 1
                    upper += c.isupper()
    return upper, letters, words


def upper_share(tokens: list[Token]) -> float:
    """Share of capital letters among the letters of a line's word tokens; 0 for a line of fewer
    than two words ('S6: 15/KH-UBND' is not a heading)."""
    upper, letters, words = capital_counts(tokens, codes=False)
    return upper / letters if letters and words >= 2 else 0.0


def caps_beside(tokens: list[Token], i: int) -> bool:
    """Whether a word next to token i is written in capitals ('TRẤN MO ĐỨC' in a mixed line)."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and tokens[j].kind == "word":
            core = tokens[j].core
            # all letters capitals (every Vietnamese letter has a case, so str.isupper says it)
            if core.isupper() and sum(c.isalpha() for c in core) > 1:
                return True
    return False


def apply_case(original: str, form: str, upper_line: bool = False, caps_beside: bool = False) -> str:
    """Give the repaired syllable the capitalisation the reader saw: 'KE' → 'KẾ', 'Muc' → 'Mục'.
    In a capitalised heading (`upper_line`) a capital first letter makes the syllable capitals ('CHi'
    → 'CHỈ', a marked capital read as a small letter); elsewhere a two-letter syllable read in capitals
    with no word in capitals beside it was a capital and a marked vowel read as a capital ('BO phan'
    → 'Bộ phận', but 'TRAN MO DUC' → 'TRẤN MỘ ĐỨC')."""
    if original[:1] == "I" and form[:1] == "l" and not upper_line:
        original = "l" + original[1:]  # 'Iy' for 'lý': a small l read as a capital I, not a capital
    if original[:1].isupper() and upper_line:
        return form.upper()
    if original.isupper():
        letters = sum(c.isalpha() for c in original)
        if letters > 1 and (letters > 2 or upper_line or caps_beside):
            return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


_ROMAN_VALID = re.compile(r"X{0,3}(?:IX|IV|VI{0,3}|I{1,3})|X{1,3}")
_ROMAN_SHAPE = re.compile(r"[IVXlv1|]{1,5}")
_ROMAN_READ = str.maketrans({"l": "I", "1": "I", "|": "I", "v": "V"})


def roman_numeral(token: Token, first: bool, skeletons) -> str | None:
    """The Roman numeral a token reads as, OCR variants put right ('Il' → 'II', 'Ill.' → 'III',
    'Iv.' → 'IV'), when its shape says so: two to five characters with a capital I, V or X, heading
    the line or before '.' or ')', or anywhere when read exactly as a numeral; a numeral that is also
    a syllable without its marks ('VI' for 'VI PHẠM', 'XI') only before '.' or ')'. None otherwise."""
    core = token.core
    if not _ROMAN_SHAPE.fullmatch(core) or core.isdigit() or not any(c in "IVX" for c in core):
        return None
    roman = core.translate(_ROMAN_READ)
    if not _ROMAN_VALID.fullmatch(roman):
        return None
    if len(core) < 2:
        return None
    if token.suffix[:1] in (".", ")"):
        return roman
    if roman.lower() in skeletons:
        return None
    return roman if first or core == roman else None


def rebuild(line: str, pieces: list[str]) -> str:
    """Put repaired tokens back between the original whitespace."""
    out, pos = [], 0
    for piece, original in zip(pieces, line.split()):
        start = line.index(original, pos)
        out.append(line[pos:start])
        out.append(piece)
        pos = start + len(original)
    out.append(line[pos:])
    return "".join(out)
