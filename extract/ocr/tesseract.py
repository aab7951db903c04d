"""The Tesseract wrapper: `vie` word boxes and confidences, with the environment set once per process."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from functools import lru_cache

from PIL import Image

from ..layout import Word
from ..quality import clean_text

LANG = "vie"  # `vie+eng` measured slightly worse on plans
# No Vietnamese word is spelt with only I, l, V, X: such a token is a Roman numeral ("quý lIl").
ROMAN_LOOKALIKE = re.compile(r"([IVXl|!]*[l|!][IVXl|!]*)([,.;:)]?)")
# Table cells are cut from the binarized page, black on white: none is worth Tesseract's second
# reading of a doubtful line as white on black (2-3 % of its time on a table sheet). The page pass
# keeps it: at seals and signatures it changed the words read, and the OCR character error of the
# 150-dpi fixtures went from 1.68 to 1.76 %.
NO_INVERTED = "-c tessedit_do_invert=0"
MIN_WORD_CONFIDENCE = 0  # Tesseract gives 0 to real but doubtful words; -1 marks non-words


class TesseractFailed(Exception):
    """Tesseract is missing, lacks `vie`, or failed on the image."""


class TesseractTimeout(Exception):
    """Tesseract ran longer than the page's time limit."""


@lru_cache(maxsize=1)
def _pytesseract():
    """pytesseract, with the process environment set once: Tesseract's OpenMP threads fight each
    other when workers run in parallel, so each Tesseract gets one thread.

    pytesseract imports pandas, when installed, for a DataFrame output vnplan never asks for: a
    worker that reads scans would pay ~0.13 s for it (issue 16). Pandas is hidden while pytesseract
    is imported (a None entry in sys.modules makes `import pandas` fail, which pytesseract catches),
    then the entry is removed, so pandas imports normally for whoever needs it later."""
    hide = "pandas" not in sys.modules
    if hide:
        sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import pytesseract
    finally:
        if hide:
            del sys.modules["pandas"]

    os.environ["OMP_THREAD_LIMIT"] = "1"
    return pytesseract


def _word(text: str, conf, left: int, top: int, width: int, height: int, scale: float) -> Word | None:
    """One TSV row as a Word, or None for what is not text (specks, stubs, non-words)."""
    text = (text or "").strip()
    confidence = float(conf)
    if not text or confidence < MIN_WORD_CONFIDENCE:
        return None
    if confidence < 60 and not any(ch.isalnum() for ch in text):
        return None  # specks, seal remnants and ruling stubs read as punctuation
    if width <= 4 * scale:
        return None  # thinner than any glyph stroke: a seal arc or ruling remnant
    roman = ROMAN_LOOKALIKE.fullmatch(text)
    if roman:
        text = re.sub(r"[l|!]", "I", roman.group(1)) + roman.group(2)
    return Word(clean_text(text), left, left + width, top, top + height, confidence / 100)


def _rows(data: dict):
    return zip(data["page_num"], data["text"], data["conf"], data["left"], data["top"], data["width"],
               data["height"])


def ocr_words_many(images: list[Image.Image], timeout: float, psm: int, scales: list[float],
                   inverted: bool = False) -> list[list[Word]]:
    """Word boxes and confidences (`image_to_data`, one Tesseract thread) of several images in one
    Tesseract run (the `vie` model is loaded once, not once per image: a tenth of a page's OCR
    time); `timeout` is for all of them, `scales` are the images' resolutions over 300 dpi."""
    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="vnplan-ocr-") as folder:
        paths = [write_image(image, folder, f"{n:04d}") for n, image in enumerate(images)]
        return ocr_files(paths, timeout, psm, scales, inverted)


def write_image(image: Image.Image, folder: str, name: str) -> str:
    """`image` as an uncompressed PGM file in `folder`, for Tesseract: pytesseract would write a PNG,
    and compressing a page-sized sheet costs more than a tenth of Tesseract's own time on it."""
    path = os.path.join(folder, f"{name}.pgm")
    (image if image.mode == "L" else image.convert("L")).save(path, "PPM")
    return path


def ocr_files(paths: list[str], timeout: float, psm: int, scales: list[float], inverted: bool = False
              ) -> list[list[Word]]:
    """ocr_words_many of the images in `paths` (written by write_image); `inverted`: a doubtful line
    is read again as white on black too (Tesseract's default)."""
    if not paths:
        return []
    pytesseract = _pytesseract()
    with tempfile.TemporaryDirectory(prefix="vnplan-ocr-") as folder:
        source = paths[0]
        if len(paths) > 1:
            source = os.path.join(folder, "pages.txt")  # Tesseract reads a list of images
            with open(source, "w", encoding="utf-8") as listing:
                listing.write("\n".join(paths) + "\n")
        config = f"--psm {psm}" if inverted else f"--psm {psm} {NO_INVERTED}"
        try:
            data = pytesseract.image_to_data(source, lang=LANG, config=config, timeout=timeout,
                                             output_type=pytesseract.Output.DICT)
        except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError) as exc:
            raise TesseractFailed(type(exc).__name__) from exc
        except RuntimeError as exc:  # pytesseract's timeout
            raise TesseractTimeout(str(exc)) from exc
    found: list[list[Word]] = [[] for _ in paths]
    for page_num, *row in _rows(data):
        index = int(page_num) - 1
        if 0 <= index < len(paths):
            word = _word(*row, scale=scales[index])
            if word is not None:
                found[index].append(word)
    return found
