"""Regression table of the confusions a repair LM trained on too little text made (issue #15): each
is decided by a word one to three syllables away ('Phó Chủ tịch', 'Bí thư', 'tỉnh Lâm Đồng'). The
sentences are written for this table (not taken from the plans or the corpus)."""

import pytest

from vnplan.extract.repair import repair_line

# (confusion the old model made, marks stripped, expected)
STRIPPED = [
    ("toán→toàn", "Thanh toan truc tuyen phi, le phi", "Thanh toán trực tuyến phí, lệ phí"),
    ("Bản→Ban", "Ban Chi dao cai cach hanh chinh cua xa", "Ban Chỉ đạo cải cách hành chính của xã"),
    ("Bản→Ban", "Ban hanh Ke hoach thuc hien nam 2026", "Ban hành Kế hoạch thực hiện năm 2026"),
    ("sẻ→sẽ", "UBND xa se to chuc kiem tra dinh ky", "UBND xã sẽ tổ chức kiểm tra định kỳ"),
    ("Phố→Phó", "Pho Chu tich UBND xa phu trach linh vuc van hoa",
     "Phó Chủ tịch UBND xã phụ trách lĩnh vực văn hóa"),
    ("Bị→Bí, thủ→thư", "dong chi Bi thu Dang uy xa", "đồng chí Bí thư Đảng ủy xã"),
    ("thủ→thứ", "thu hai, thu ba hang tuan", "thứ hai, thứ ba hằng tuần"),
    ("thủ", "thu tuc hanh chinh thuoc tham quyen giai quyet", "thủ tục hành chính thuộc thẩm quyền giải quyết"),
    ("tình→tỉnh, Đông→Đồng", "UBND tinh Lam Dong", "UBND tỉnh Lâm Đồng"),
    ("độ→đó", "trong do co 15 thu tuc", "trong đó có 15 thủ tục"),
    ("tài→tại", "quy dinh tai Dieu 5 Nghi dinh so 61/2018/ND-CP", "quy định tại Điều 5 Nghị định số 61/2018/NĐ-CP"),
    ("tài→tại", "giai quyet ho so tai Bo phan mot cua", "giải quyết hồ sơ tại Bộ phận một cửa"),
    ("Trường→Trưởng", "Truong phong Van hoa - Xa hoi", "Trưởng phòng Văn hóa - Xã hội"),
    ("Trường→Trưởng", "Hiệu truong truong trung hoc co so", "Hiệu trưởng trường trung học cơ sở"),
    ("phương→phường", "UBND cac xa, phuong tren dia ban tinh", "UBND các xã, phường trên địa bàn tỉnh"),
    ("phương→phường", "Chu tich UBND phuong", "Chủ tịch UBND phường"),
    ("phường→phương", "chinh quyen dia phuong hai cap", "chính quyền địa phương hai cấp"),
    ("đạt→đặt", "dat ra muc tieu cu the cho tung nam", "đặt ra mục tiêu cụ thể cho từng năm"),
    ("đặt→đạt, đúng", "dat ty le 100% ho so dung han", "đạt tỷ lệ 100% hồ sơ đúng hạn"),
    ("đúng→dùng", "nguoi dung dich vu cong truc tuyen", "người dùng dịch vụ công trực tuyến"),
    ("HDND→HĐND", "Nghi quyet cua HDND tinh", "Nghị quyết của HĐND tỉnh"),
    ("tài→Tài", "So Tai chinh chu tri, phoi hop", "Sở Tài chính chủ trì, phối hợp"),
]

# the same confusions in Tesseract `eng` damage (readings of the kind corpus/lm/ocr_pairs.tsv.gz holds)
OCR = [
    ("Phố→Phó", "Ph6 Chu tich UBND x4 phu trach linh vyc van hoa", "Phó Chủ tịch UBND xã phụ trách lĩnh vực văn hóa"),
    ("Bị→Bí, thủ→thư", "déng chi Bi thu Dang Gy xa", "đồng chí Bí thư Đảng Ủy xã"),
    ("Trường→Trưởng", "Truéng phong Van hoa - X4 hdi", "Trưởng phòng Văn hóa - Xã hội"),
    ("HDND→HĐND", "Nghi quyét ctia HDND tinh", "Nghị quyết của HĐND tỉnh"),
    ("độ→đó, thủ", "trong dé c6 15 thi tuc", "trong đó có 15 thủ tục"),
    ("tài→tại", "quy dinh tai Diéu 5", "quy định tại Điều 5"),
    ("toán→toàn", "thanh toan tryc tuyén", "thanh toán trực tuyến"),
    ("đặt→đạt, đúng", "dat ty 1é 100% hd so dung han", "đạt tỷ lệ 100% hồ sơ đúng hạn"),
    ("phương→phường", "UBND cac x4, phudng trén dia ban tinh", "UBND các xã, phường trên địa bàn tỉnh"),
    ("đạt→đặt", "dat ra muc tiéu cu thé", "đặt ra mục tiêu cụ thể"),
    ("sẻ→sẽ", "UBND x4 sé t6 chic kiém tra", "UBND xã sẽ tổ chức kiểm tra"),
]


@pytest.mark.parametrize(("confusion", "stripped", "expected"), STRIPPED, ids=[c[1] for c in STRIPPED])
def test_stripped_confusions(confusion, stripped, expected):
    assert repair_line(stripped).text == expected


@pytest.mark.parametrize(("confusion", "read", "expected"), OCR, ids=[c[1] for c in OCR])
def test_ocr_confusions(confusion, read, expected):
    assert repair_line(read).text == expected
