"""The Tesseract wrapper: `vie` word boxes and confidences, with the environment set once per process."""

from __future__ import annotations

import os
import re
from functools import lru_cache

from PIL import Image

from ..layout import Word
from ..quality import clean_text

LANG = "vie"  # `vie+eng` measured slightly worse on plans
# No Vietnamese word is spelt with only I, l, V, X: such a token is a Roman numeral ("quý lIl").
ROMAN_LOOKALIKE = re.compile(r"([IVXl|!]*[l|!][IVXl|!]*)([,.;:)]?)")
MIN_WORD_CONFIDENCE = 0  # Tesseract gives 0 to real but doubtful words; -1 marks non-words


class TesseractFailed(Exception):
    """Tesseract is missing, lacks `vie`, or failed on the image."""


class TesseractTimeout(Exception):
    """Tesseract ran longer than the page's time limit."""


@lru_cache(maxsize=1)
def _pytesseract():
    """pytesseract, with the process environment set once: Tesseract's OpenMP threads fight each
    other when workers run in parallel, so each Tesseract gets one thread."""
    import pytesseract

    os.environ["OMP_THREAD_LIMIT"] = "1"
    return pytesseract


def image_to_data(image: Image.Image, psm: int, timeout: float) -> dict:
    """Tesseract's TSV as columns; errors as TesseractFailed / TesseractTimeout."""
    pytesseract = _pytesseract()
    try:
        return pytesseract.image_to_data(image, lang=LANG, config=f"--psm {psm}", timeout=timeout,
                                         output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError) as exc:
        raise TesseractFailed(type(exc).__name__) from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise TesseractTimeout(str(exc)) from exc


def ocr_words(image: Image.Image, timeout: float, psm: int = 3, scale: float = 1.0) -> list[Word]:
    """Word boxes and confidences from `image_to_data` (one Tesseract thread); `scale` is the
    image's resolution over 300 dpi."""
    data = image_to_data(image, psm, timeout)
    words = []
    for text, conf, left, top, width, height in zip(data["text"], data["conf"], data["left"], data["top"],
                                                     data["width"], data["height"]):
        text = (text or "").strip()
        confidence = float(conf)
        if not text or confidence < MIN_WORD_CONFIDENCE:
            continue
        if confidence < 60 and not any(ch.isalnum() for ch in text):
            continue  # specks, seal remnants and ruling stubs read as punctuation
        if width <= 4 * scale:
            continue  # thinner than any glyph stroke: a seal arc or ruling remnant
        roman = ROMAN_LOOKALIKE.fullmatch(text)
        if roman:
            text = re.sub(r"[l|!]", "I", roman.group(1)) + roman.group(2)
        words.append(Word(clean_text(text), left, left + width, top, top + height, confidence / 100))
    return words
