"""The per-page OCR decision on real provincial scans (tests/fixtures/real/, copied from the shared
real corpus): a text layer is evidence, not truth.

- V11 (Thông báo 493/TB-UBND of UBND tỉnh Lâm Đồng, 13/11/2025, 3 scanned pages) carries a text
  layer from an OCR that did not know Vietnamese ("uY BAN NgAN nAN ceNG HoA"): every page must be
  read again by Tesseract `vie`, and the plan must say so.
- V10 (Quyết định 932/QĐ-TTg, 15/5/2025, 3 scanned pages) has no text layer at all.

Both numbers are handwritten on the printed "Số: …/TB-UBND" line, so no test asks for them.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from conftest_readers import norm
from vnplan.extract.quality import is_ocr_required
from vnplan.extract.read import read_document
from vnplan.pipeline import read_plan

REAL = Path(__file__).parent / "fixtures" / "real"
V11 = REAL / "V11_lamdong_tb493_scan_bad_ocr_layer.pdf"
V10 = REAL / "V10_ttg_qd932_scan.pdf"


def _layer(path: Path, page: int) -> str:
    with pdfplumber.open(str(path)) as pdf:
        return " ".join(w["text"] for w in pdf.pages[page - 1].extract_words())


def test_a_scan_layer_without_vietnamese_marks_needs_ocr():
    verdict = is_ocr_required(_layer(V11, 1), scanned=True)
    assert verdict.action == "ocr"
    assert verdict.reason == "the scan's text layer is not Vietnamese OCR"
    assert "0% with marks" in verdict.detail


def test_good_vietnamese_layers_are_kept():
    clean = ("Ủy ban nhân dân xã ban hành kế hoạch cải cách hành chính năm 2025 nhằm nâng cao chất lượng "
             "phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính trên môi trường điện tử.")
    assert is_ocr_required(clean, scanned=True).action == "keep"
    assert is_ocr_required(clean).action == "keep"
    # Marks stripped but letters intact: kept for the repair model, not OCRed (no image behind it).
    stripped = "Uy ban nhan dan xa ban hanh ke hoach cai cach hanh chinh nam 2025 nham nang cao chat luong " * 2
    assert is_ocr_required(stripped).action == "keep"


def test_a_garbled_layer_needs_ocr_even_without_an_image():
    # V11's page 2 layer ("vpc quan lli nhd nu6c, tt6m b6o klp thdi") judged as if no image were behind it
    verdict = is_ocr_required(_layer(V11, 2))
    assert verdict.action == "ocr" and verdict.reason == "the text layer is garbled"


@pytest.fixture(scope="module")
def v11():
    return read_document(V11)


def test_v11_pages_are_read_by_tesseract_vie(v11):
    assert v11.ocr_pages == [1, 2, 3]
    ocr_warnings = [w for w in v11.warnings if w.startswith("OCR used on page(s) 1-3")]
    assert len(ocr_warnings) == 1 and "not Vietnamese OCR" in ocr_warnings[0]
    texts = [norm(line.text) for line in v11.lines]
    assert "ỦY BAN NHÂN DÂN" in texts[:4]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts[:6]
    assert "Độc lập - Tự do - Hạnh phúc" in texts[:6]
    assert "THÔNG BÁO" in texts[:10]
    assert any(t.startswith("TỈNH LÂM Đ") for t in texts[:4])
    assert any(t.endswith(" /TB-UBND") for t in texts[:6])  # "Số: 493 /TB-UBND", the number by hand
    # nothing of the old layer survives
    assert not any("ceNG" in t or "NgAN" in t for t in texts)


def test_v11_plan_record_reads_the_header_from_ocr():
    record = read_plan(V11).model_dump(mode="json")
    assert record["source"]["ocr"] and record["source"]["ocr_pages"] == [1, 2, 3]
    document = record["document"]
    assert document["doc_type"] == "Thông báo"
    assert document["province"] == "Lâm Đồng"
    assert "Nguyễn Ngọc Phúc" in document["title"]
    assert "PAR INDEX, PAPI, SIPAS, PCI" in document["title"]


def test_v10_without_text_layer_is_read_by_ocr():
    record = read_plan(V10).model_dump(mode="json")
    assert record["source"]["ocr_pages"] == [1, 2, 3]
    assert record["warnings"][0] == "OCR used on page(s) 1-3: no usable text layer."
    document = record["document"]
    assert document["doc_type"] == "Quyết định"
    assert document["place"] == "Hà Nội"
    assert document["issue_date"] == "2025-05-15"
    assert document["doc_number"].endswith("/QĐ-TTg")
    assert document["title"] == ("Về việc phê duyệt danh sách thành viên và chức năng, nhiệm vụ của Tổ Công "
                                 "tác cải cách hành chính")


def test_roman_numeral_gets_as_many_ones_as_its_stems():
    """Tesseract reads a serif "III" as "II" now and then: the stems in the word's box decide."""
    from PIL import Image, ImageDraw

    from vnplan.extract.layout import Word
    from vnplan.extract.ocr.page import count_bars

    image = Image.new("L", (120, 60), 255)
    draw = ImageDraw.Draw(image)
    for x in (20, 45, 70):  # three 8-px stems, joined by serifs at top and bottom
        draw.rectangle((x, 10, x + 8, 50), fill=0)
    draw.rectangle((14, 10, 84, 14), fill=0)
    draw.rectangle((14, 46, 84, 50), fill=0)
    box = dict(x0=12, x1=86, top=8, bottom=52, confidence=0.9)
    assert count_bars(image, Word("II", **box)).text == "III"
    assert count_bars(image, Word("II,", **box)).text == "III,"
    assert count_bars(image, Word("III", **box)).text == "III"
    assert count_bars(image, Word("Hồ", **box)).text == "Hồ"  # only runs of I are recounted


def test_a_run_renders_each_page_when_it_reaches_it_and_keeps_no_render():
    # issue 16: a run's pages are read by one Tesseract process per pass, and what it holds of a page
    # while the others are prepared is the cleaned image alone, packed one bit a pixel; each page is
    # rendered only when the previous one's render is closed, so memory does not grow with the run.
    import pypdfium2 as pdfium
    from PIL import Image

    from vnplan.extract.ocr.readers import read_in_runs

    pdf = pdfium.PdfDocument(str(V10))
    rendered: list[Image.Image] = []

    def render(number: int):
        for earlier in rendered:
            with pytest.raises(ValueError):  # closed
                earlier.getpixel((0, 0))
        image = pdf[number - 1].render(scale=200 / 72).to_pil().convert("L")
        rendered.append(image)
        return image, 200.0, number

    try:
        reads, left_out = read_in_runs(V10, [1, 2, 3], render, timeout=120)
    finally:
        pdf.close()
    assert left_out == [] and sorted(reads) == [1, 2, 3] and len(rendered) == 3
    text = norm(" ".join(b.line.text for b in reads[1].blocks if b.line)).lower()
    assert "cải cách hành chính" in text


def test_a_held_page_takes_one_bit_a_pixel_and_comes_back_the_same():
    # issue 16: a run of ten 300-dpi pages held 9 MB each as 'L' (PIL's mode '1' is a byte a pixel too)
    from PIL import Image, ImageDraw

    from vnplan.extract.ocr.page import _Sheet

    page = Image.new("L", (2481, 3508), 255)
    ImageDraw.Draw(page).rectangle((100, 100, 2300, 180), fill=0)
    ImageDraw.Draw(page).text((200, 400), "Kế hoạch cải cách hành chính", fill=0)
    page = page.point(lambda v: 0 if v < 128 else 255)  # binarized, as a cleaned page is
    sheet = _Sheet.holding(page, [], [], 1.0, 300.0, [])
    assert len(sheet.bits) <= (2481 + 7) // 8 * 3508
    back = sheet.cleaned()
    assert back.mode == "L" and back.size == page.size and back.tobytes() == page.tobytes()
