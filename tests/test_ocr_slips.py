"""Tesseract slips that the page image or the line disproves (extract/ocr/slips.py), and the second
look at lone row numbers (extract/ocr/page.py). Glyphs are drawn in the DejaVu faces the scan
fixtures use, at the 200 dpi of an office scan (10 pt ≈ 28 px), and binarized like a page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from vnplan.extract.layout import Word
from vnplan.extract.ocr.page import _lost_glyph
from vnplan.extract.ocr.slips import lower_case_slips, ones_as_roman, split_dash, strip_underscores

FONTS = Path("/usr/share/fonts/truetype/dejavu")
pytestmark = pytest.mark.skipif(not (FONTS / "DejaVuSans.ttf").exists(), reason="DejaVu fonts not installed")


def _ink(text: str, face: str = "DejaVuSans.ttf", size: int = 28) -> tuple[np.ndarray, Word]:
    """The text drawn black on white and thresholded; the Word spans its ink, as Tesseract's box does."""
    font = ImageFont.truetype(str(FONTS / face), size)
    image = Image.new("L", (40 + size * len(text), 3 * size), 255)
    ImageDraw.Draw(image).text((20, size), text, font=font, fill=0)
    binary = np.where(np.asarray(image) < 128, 0, 255).astype(np.uint8)
    rows, cols = np.flatnonzero((binary < 128).any(axis=1)), np.flatnonzero((binary < 128).any(axis=0))
    return binary, Word(text, float(cols[0]), float(cols[-1]), float(rows[0]), float(rows[-1]), 0.9)


def _read_as(word: Word, text: str) -> Word:
    return Word(text, word.x0, word.x1, word.top, word.bottom, word.confidence)


def test_a_plain_bar_read_as_one_is_the_roman_numeral():
    binary, word = _ink("I/2025")
    assert ones_as_roman(binary, _read_as(word, "1/2025")).text == "I/2025"
    binary, word = _ink("1/2025")  # a real 1 has a flag and a foot
    assert ones_as_roman(binary, word).text == "1/2025"
    binary, word = _ink("1/2025", "DejaVuSerif.ttf")
    assert ones_as_roman(binary, word).text == "1/2025"


def test_a_dash_a_space_apart_is_a_word_of_its_own():
    binary, word = _ink("phòng -")
    parts = split_dash(binary, _read_as(word, "phòng-"))
    assert [p.text for p in parts] == ["phòng", "-"]
    assert parts[0].x1 < parts[1].x0
    binary, word = _ink("phòng-")  # set close: what the page says
    assert [p.text for p in split_dash(binary, word)] == ["phòng-"]


def test_a_number_missing_a_digit_is_seen_in_its_ink():
    binary, word = _ink("22")
    assert _lost_glyph(binary, _read_as(word, "2"))
    assert not _lost_glyph(binary, word)
    binary, word = _ink("7.")
    assert not _lost_glyph(binary, word)


def _line(texts: list[str], top: float = 100.0) -> list[Word]:
    words, x = [], 10.0
    for text in texts:
        words.append(Word(text, x, x + 12 * len(text), top, top + 28, 0.9))
        x += 12 * len(text) + 8
    return words


def test_a_capital_word_of_same_shape_letters_inside_a_lowercase_sentence_is_lowered():
    texts = lambda words: [w.text for w in lower_case_slips(words)]  # noqa: E731
    assert texts(_line(["kỹ", "năng", "SỐ"])) == ["kỹ", "năng", "số"]
    assert texts(_line(["tại", "trụ", "SỞ", "UBND"])) == ["tại", "trụ", "sở", "UBND"]
    # capitals kept: an abbreviation (no marks), a heading, a word with other letters, a sentence start
    assert texts(_line(["của", "CV", "số"])) == ["của", "CV", "số"]
    assert texts(_line(["CHÍNH", "QUYỀN", "SỐ"])) == ["CHÍNH", "QUYỀN", "SỐ"]
    assert texts(_line(["chuyển", "đổi", "SỐ", "CẤP", "XÃ"])) == ["chuyển", "đổi", "SỐ", "CẤP", "XÃ"]
    assert texts(_line(["theo", "HƯỚNG"])) == ["theo", "HƯỚNG"]
    assert texts(_line(["SỐ", "hóa"])) == ["SỐ", "hóa"]


def test_a_wrapped_cell_line_looks_back_to_the_line_above():
    above = _line(["dưỡng", "kỹ", "năng"], top=100)
    below = _line(["SỐ"], top=134)
    assert [w.text for w in lower_case_slips(above + below)][-1] == "số"
    far = _line(["SỐ"], top=200)  # a line of its own further down
    assert [w.text for w in lower_case_slips(above + far)][-1] == "SỐ"


def test_specks_read_as_underscores_are_dropped():
    word = Word("a_", 0, 10, 0, 10, 0.8)
    assert strip_underscores(word).text == "a"
    assert strip_underscores(Word("_", 0, 5, 0, 10, 0.8)) is None
    assert strip_underscores(Word("__________", 0, 90, 0, 10, 0.8)).text == "__________"  # a blank to fill in
    assert strip_underscores(Word("Hồ", 0, 10, 0, 10, 0.8)).text == "Hồ"


def test_a_cell_with_a_word_box_over_two_lines_is_read_again_whole():
    from vnplan.extract.ocr.page import plan_second_look

    image = Image.new("L", (600, 200), 255)
    cell = (0.0, 0.0, 600.0, 200.0)
    good = _line(["Nâng", "cao", "chất", "lượng", "phục", "vụ", "người", "dân", "và"], top=20)
    assert not plan_second_look(image, [[cell]], good).cells
    # Tesseract's layout took "doanh" over "nghiệp" on the line below for one word, sure of it
    tall = Word("donnh", 20, 90, 60, 130, 0.9)
    plan = plan_second_look(image, [[cell]], good + [tall])
    assert plan.cells == [cell] and plan.keep == []


def test_a_lone_letter_left_unread_in_the_first_column_is_read_on_its_own():
    """Among stacked cells Tesseract drops a lone letter ("c" in a lettered table); read alone, it is
    read. A cell outside the first column is left as the stack read it."""
    from vnplan.extract.ocr.page import Budget, SecondLook, _Sheet, read_alone

    font = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 28)
    image = Image.new("L", (400, 100), 255)
    ImageDraw.Draw(image).text((30, 30), "b", font=font, fill=0)
    ImageDraw.Draw(image).text((230, 30), "x", font=font, fill=0)
    image = image.point(lambda v: 0 if v < 128 else 255)  # binarized, as a cleaned page is
    sheet = _Sheet.holding(image, [], [], 200 / 300, 200.0, [])
    cells = [(10.0, 10.0, 80.0, 90.0), (210.0, 10.0, 280.0, 90.0)]
    plan = SecondLook([], cells, [], list(cells), 2, [True, False])
    readings = [[[], []]]
    read_alone([sheet], [plan], readings, Budget(60))
    assert [w.text for w in readings[0][0]] == ["b"]
    word = readings[0][0][0]
    assert 10 < word.x0 < word.x1 < 80 and 10 < word.top < word.bottom < 90  # back in page pixels
    assert readings[0][1] == []


def test_two_words_glued_over_a_space_are_split_where_both_halves_are_syllables():
    from vnplan.extract.ocr.slips import split_glued

    binary, word = _ink("bị công")
    parts = split_glued(binary, _read_as(word, "bịcông"))
    assert [p.text for p in parts] == ["bị", "công"]
    assert parts[0].x1 < parts[1].x0
    binary, word = _ink("chỉ số,")
    assert [p.text for p in split_glued(binary, _read_as(word, "chỉsố,"))] == ["chỉ", "số,"]
    binary, word = _ink("bịcông")  # no space on the page: left as read
    assert [p.text for p in split_glued(binary, word)] == ["bịcông"]
    binary, word = _ink("người")  # a syllable is never split
    assert [p.text for p in split_glued(binary, word)] == ["người"]


def test_a_word_cut_in_two_without_a_space_is_joined():
    from vnplan.extract.ocr.slips import join_split

    cut = [Word("củ", 10, 40, 100, 124, 0.96), Word("a", 43, 57, 107, 124, 0.75), Word("người", 68, 130, 100, 129, 0.96)]
    assert sorted(w.text for w in join_split(cut)) == ["của", "người"]
    spaced = [Word("củ", 10, 40, 100, 124, 0.96), Word("a", 50, 64, 107, 124, 0.75)]  # a space apart
    assert sorted(w.text for w in join_split(spaced)) == ["a", "củ"]
    no_word = [Word("chủ", 10, 40, 100, 124, 0.96), Word("trì", 42, 70, 100, 124, 0.96)]  # 'chủtrì' is no syllable
    assert sorted(w.text for w in join_split(no_word)) == ["chủ", "trì"]
