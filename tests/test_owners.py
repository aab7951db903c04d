"""Lead/support cells split and coded by vnplan.normalize.owners.code_owners."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnplan.models.plan import UNIT_CODES
from vnplan.lang.vi import load
from vnplan.normalize.owners import code_owners, split_assignment

GOLD_DIR = Path(__file__).resolve().parents[1] / "corpus" / "gold"
GOLD_FILES = ("001_*.json", "002_*.json", "004_*.json")

# Fragments of gold cells that are genuinely no unit of the contract; none so far.
GENUINELY_UNKNOWN: set[str] = set()

# raw cell → [(raw, code, kind)] in order. The spec of splitting and coding.
CASES = [
    # Abbreviations expanded before matching.
    ("Công chức VP-TK; các công chức chuyên môn",
     [("Công chức VP-TK", "van_phong", "unit"), ("các công chức chuyên môn", "all_related", "group")]),
    ("Công chức TP-HT", [("Công chức TP-HT", "tu_phap", "unit")]),
    ("CC VH-XH", [("CC VH-XH", "van_hoa", "unit")]),
    ("Bộ phận VHTT", [("Bộ phận VHTT", "van_hoa", "unit")]),
    ("Công chức TC-KT", [("Công chức TC-KT", "tai_chinh", "unit")]),
    ("Công chức ĐC-XD", [("Công chức ĐC-XD", "dia_chinh", "unit")]),
    ("BCHQS xã", [("BCHQS xã", "quan_su", "unit")]),
    ("UBMTTQ xã", [("UBMTTQ xã", "mat_tran", "unit")]),
    ("MTTQ và các đoàn thể",
     [("MTTQ", "mat_tran", "unit"), ("các đoàn thể", "mat_tran", "group")]),
    ("CBCC liên quan", [("CBCC liên quan", "all_related", "group")]),
    # "&" and "và" inside one unit's name.
    ("Văn phòng HĐND & UBND xã", [("Văn phòng HĐND & UBND xã", "van_phong", "unit")]),
    ("Văn phòng HĐND và UBND", [("Văn phòng HĐND và UBND", "van_phong", "unit")]),
    ("Bộ phận tiếp nhận và trả kết quả",
     [("Bộ phận tiếp nhận và trả kết quả", "mot_cua", "unit")]),
    ("Trung tâm Văn hóa, Thể thao và Truyền thông",
     [("Trung tâm Văn hóa, Thể thao và Truyền thông", "trung_tam_vh", "unit")]),
    # "và" and commas between units.
    ("Công chức Tư pháp hộ tịch; bộ phận 1 cửa UBND xã",
     [("Công chức Tư pháp hộ tịch", "tu_phap", "unit"), ("bộ phận 1 cửa UBND xã", "mot_cua", "unit")]),
    ("Các cán bộ, công chức liên quan, Bộ phận một cửa phường",
     [("Các cán bộ, công chức liên quan", "all_related", "group"),
      ("Bộ phận một cửa phường", "mot_cua", "unit")]),
    ("Bộ phận Tài chính kế toán và các ngành liên quan",
     [("Bộ phận Tài chính kế toán", "tai_chinh", "unit"), ("các ngành liên quan", "all_related", "group")]),
    ("Đảng ủy, HĐND, UBND",
     [("Đảng ủy", "dang_uy", "unit"), ("HĐND", "hdnd", "unit"), ("UBND", "ubnd", "unit")]),
    ("Công an, BCHQS xã", [("Công an", "cong_an", "unit"), ("BCHQS xã", "quan_su", "unit")]),
    ("Các ban ngành, Công chức Tư pháp, các ngành liên quan",
     [("Các ban ngành", "all_related", "group"), ("Công chức Tư pháp", "tu_phap", "unit"),
      ("các ngành liên quan", "all_related", "group")]),
    # Commas inside one name.
    ("Kế hoạch, kế toán ngân sách", [("Kế hoạch, kế toán ngân sách", "tai_chinh", "unit")]),
    ("Các công chức, ban ngành liên quan",
     [("Các công chức, ban ngành liên quan", "all_related", "group")]),
    ("Thôn, tổ dân phố", [("Thôn, tổ dân phố", "to_dan_pho", "group")]),
    # Dashes of every kind and spacing.
    ("Văn phòng- Thống kê", [("Văn phòng- Thống kê", "van_phong", "unit")]),
    ("Văn phòng – Tk", [("Văn phòng – Tk", "van_phong", "unit")]),
    ("Văn hóa - Xã hội", [("Văn hóa - Xã hội", "van_hoa", "unit")]),
    ("Bộ phận Văn hóa-Thông tin-thể Thao",
     [("Bộ phận Văn hóa-Thông tin-thể Thao", "van_hoa", "unit")]),
    ("Địa chính - Xây dựng - Đô thị và Môi trường",
     [("Địa chính - Xây dựng - Đô thị và Môi trường", "dia_chinh", "unit")]),
    # Groups: any "các … liên quan".
    ("Các ngành có liên quan", [("Các ngành có liên quan", "all_related", "group")]),
    ("các ban ngành liên quan", [("các ban ngành liên quan", "all_related", "group")]),
    ("Các ngành liên quan.", [("Các ngành liên quan", "all_related", "group")]),
    # Roles.
    ("Chủ tịch UBND xã", [("Chủ tịch UBND xã", "ubnd", "role")]),
    ("Lãnh đạo UBND", [("Lãnh đạo UBND", "ubnd", "role")]),
    ("Phó Chủ tịch", [("Phó Chủ tịch", "ubnd", "role")]),
    ("Bí thư Đảng ủy", [("Bí thư Đảng ủy", "dang_uy", "role")]),
    # Other contract units.
    ("Phòng Kinh tế", [("Phòng Kinh tế", "kinh_te", "unit")]),
    ("Trung tâm Phục vụ hành chính công",
     [("Trung tâm Phục vụ hành chính công", "mot_cua", "unit")]),
    ("Công an phường", [("Công an phường", "cong_an", "unit")]),
    ("Ủy ban MTTQ Việt Nam xã", [("Ủy ban MTTQ Việt Nam xã", "mat_tran", "unit")]),
    ("Ban Thường vụ Đảng ủy", [("Ban Thường vụ Đảng ủy", "dang_uy", "unit")]),
    ("Phòng Văn hóa - Xã hội", [("Phòng Văn hóa - Xã hội", "van_hoa", "unit")]),
    # A name that only begins with a unit, a parenthesis, a line break, a typo.
    ("Công chức Văn hóa – Xã hội (phụ trách VHTT-TDTT)",
     [("Công chức Văn hóa – Xã hội (phụ trách VHTT-TDTT)", "van_hoa", "unit")]),
    ("Công chức Văn hóa - Xã hội phụ trách thể thao",
     [("Công chức Văn hóa - Xã hội phụ trách thể thao", "van_hoa", "unit")]),
    ("Văn phòng HĐND &\nUBND xã", [("Văn phòng HĐND & UBND xã", "van_phong", "unit")]),
    ("Công chức Tư phapp", [("Công chức Tư phapp", "tu_phap", "unit")]),
    ("Công chức VH-XH (phụ trách VHTT, TDTT); Công an xã",
     [("Công chức VH-XH (phụ trách VHTT, TDTT)", "van_hoa", "unit"), ("Công an xã", "cong_an", "unit")]),
    ("- Công chức Tư pháp – Hộ tịch;\n- Công chức VP-TK",
     [("Công chức Tư pháp – Hộ tịch", "tu_phap", "unit"), ("Công chức VP-TK", "van_phong", "unit")]),
    ("và các ngành liên quan", [("các ngành liên quan", "all_related", "group")]),
    ("Hội Người cao tuổi, Hội Khuyến học",
     [("Hội Người cao tuổi", "mat_tran", "unit"), ("Hội Khuyến học", "mat_tran", "unit")]),
    ("CT UBND xã, các ban ngành, đoàn thể",
     [("CT UBND xã", "ubnd", "role"), ("các ban ngành, đoàn thể", "all_related", "group")]),
    # Unknown fragments stay, coded other; unknown pieces side by side stay together.
    ("Công chức XYZ, bộ phận 1 cửa",
     [("Công chức XYZ", "other", "unit"), ("bộ phận 1 cửa", "mot_cua", "unit")]),
    ("Nhà văn hóa", [("Nhà văn hóa", "other", "unit")]),
    ("Tổ công tác thi đua, khen thưởng", [("Tổ công tác thi đua, khen thưởng", "other", "unit")]),
]

# Every lead/support cell of the gold files, coded.
GOLD_CELLS = [
    ("Bộ phận Tài chính kế toán và các ngành liên quan",
     [("Bộ phận Tài chính kế toán", "tai_chinh", "unit"), ("các ngành liên quan", "all_related", "group")]),
    ("Bộ phận Tư pháp", [("Bộ phận Tư pháp", "tu_phap", "unit")]),
    ("Bộ phận Tư pháp – Hộ tịch", [("Bộ phận Tư pháp – Hộ tịch", "tu_phap", "unit")]),
    ("Bộ phận VH-TT", [("Bộ phận VH-TT", "van_hoa", "unit")]),
    ("Bộ phận Văn hóa- Thông tin", [("Bộ phận Văn hóa- Thông tin", "van_hoa", "unit")]),
    ("Bộ phận Văn hóa- Thông tin-Thể Thao", [("Bộ phận Văn hóa- Thông tin-Thể Thao", "van_hoa", "unit")]),
    ("Bộ phận Văn hóa-Thông tin-thể Thao", [("Bộ phận Văn hóa-Thông tin-thể Thao", "van_hoa", "unit")]),
    ("Các ban ngành chuyên môn", [("Các ban ngành chuyên môn", "all_related", "group")]),
    ("Các ban ngành liên quan", [("Các ban ngành liên quan", "all_related", "group")]),
    ("Các bộ phận chuyên môn", [("Các bộ phận chuyên môn", "all_related", "group")]),
    ("Các bộ phận liên quan", [("Các bộ phận liên quan", "all_related", "group")]),
    ("Các cán bộ, công chức liên quan", [("Các cán bộ, công chức liên quan", "all_related", "group")]),
    ("Các cán bộ, công chức liên quan, Bộ phận một cửa phường",
     [("Các cán bộ, công chức liên quan", "all_related", "group"),
      ("Bộ phận một cửa phường", "mot_cua", "unit")]),
    ("Các công chức chuyên môn", [("Các công chức chuyên môn", "all_related", "group")]),
    ("Các công chức liên quan", [("Các công chức liên quan", "all_related", "group")]),
    ("Các công chức, ban ngành liên quan", [("Các công chức, ban ngành liên quan", "all_related", "group")]),
    ("Các cơ quan, đơn vị liên quan, UBND các xã, phường",
     [("Các cơ quan, đơn vị liên quan", "all_related", "group"), ("UBND các xã, phường", "ubnd", "unit")]),
    ("Các ngành có liên quan", [("Các ngành có liên quan", "all_related", "group")]),
    ("Các ngành liên quan", [("Các ngành liên quan", "all_related", "group")]),
    ("Các ngành liên quan.", [("Các ngành liên quan", "all_related", "group")]),
    ("Cán bộ, công chức liên quan và bộ phận một cửa",
     [("Cán bộ, công chức liên quan", "all_related", "group"), ("bộ phận một cửa", "mot_cua", "unit")]),
    ("Công chức Tài chính - Kế toán", [("Công chức Tài chính - Kế toán", "tai_chinh", "unit")]),
    ("Công chức Tư pháp hộ tịch", [("Công chức Tư pháp hộ tịch", "tu_phap", "unit")]),
    ("Công chức Tư pháp hộ tịch; bộ phận 1 cửa UBND xã",
     [("Công chức Tư pháp hộ tịch", "tu_phap", "unit"), ("bộ phận 1 cửa UBND xã", "mot_cua", "unit")]),
    ("Công chức VP-TK", [("Công chức VP-TK", "van_phong", "unit")]),
    ("Công chức chuyên môn", [("Công chức chuyên môn", "all_related", "group")]),
    ("Công chức văn hoá xã hội", [("Công chức văn hoá xã hội", "van_hoa", "unit")]),
    ("Tài chính-Kế toán", [("Tài chính-Kế toán", "tai_chinh", "unit")]),
    ("Tư pháp- Hộ tịch", [("Tư pháp- Hộ tịch", "tu_phap", "unit")]),
    ("Văn hóa- Thông tin", [("Văn hóa- Thông tin", "van_hoa", "unit")]),
    ("Văn phòng - Thống kê", [("Văn phòng - Thống kê", "van_phong", "unit")]),
    ("Văn phòng - Tk", [("Văn phòng - Tk", "van_phong", "unit")]),
    ("Văn phòng -TK", [("Văn phòng -TK", "van_phong", "unit")]),
    ("Văn phòng HĐND & UBND xã", [("Văn phòng HĐND & UBND xã", "van_phong", "unit")]),
    ("Văn phòng HĐND và UBND", [("Văn phòng HĐND và UBND", "van_phong", "unit")]),
    ("Văn phòng UBND xã", [("Văn phòng UBND xã", "van_phong", "unit")]),
    ("Văn phòng – TK", [("Văn phòng – TK", "van_phong", "unit")]),
    ("Văn phòng – Tk", [("Văn phòng – Tk", "van_phong", "unit")]),
    ("Văn phòng- Thống kê", [("Văn phòng- Thống kê", "van_phong", "unit")]),
    # The commune People's Committee's own inspection team.
    ("Đoàn kiểm tra của UBND xã", [("Đoàn kiểm tra của UBND xã", "ubnd", "unit")]),
]


def _gold_cells() -> set[str]:
    cells: set[str] = set()
    for pattern in GOLD_FILES:
        for path in GOLD_DIR.glob(pattern):
            plan = json.loads(path.read_text("utf-8"))
            for row in plan.get("tasks", []) + plan.get("indicators", []):
                cells.update(row[key] for key in ("lead_raw", "support_raw") if row.get(key))
    return cells


def _triples(raw: str | None) -> list[tuple[str, str, str]]:
    return [(owner.raw, owner.code, owner.kind) for owner in code_owners(raw)]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[raw for raw, _ in CASES])
def test_cell_is_split_and_coded(raw, expected):
    assert _triples(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), GOLD_CELLS, ids=[raw for raw, _ in GOLD_CELLS])
def test_gold_cell_is_split_and_coded(raw, expected):
    assert _triples(raw) == expected


ABOVE_THE_COMMUNE = [
    # 'ban' (a board) and 'bản' (a village) fold alike: the group still holds its bodies together
    ("Sở, ban, ngành liên quan", [("Sở, ban, ngành liên quan", "all_related", "group")]),
    # a known name holding 'và', then the party committee it belongs to: one board, not two owners
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", [("Ban Tuyên giáo và Dân vận Tỉnh ủy", "dang_uy", "unit")]),
    ("HĐND và UBND xã", [("HĐND", "hdnd", "unit"), ("UBND xã", "ubnd", "unit")]),
    # a post with no function of its own, then the unit it belongs to: one owner, kind role
    ("Trưởng phòng/Phó Trưởng phòng Công chức - Viên chức, Sở Nội vụ",
     [("Trưởng phòng/Phó Trưởng phòng Công chức - Viên chức, Sở Nội vụ", "noi_vu", "role")]),
    # places, then bodies: two groups, whatever 'và' or commas join them
    ("UBND các xã, phường và cơ quan, đơn vị có liên quan",
     [("UBND các xã, phường", "ubnd", "unit"), ("cơ quan, đơn vị có liên quan", "all_related", "group")]),
    # … but 'xã hội' holds no place
    ("Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể",
     [("Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể", "all_related", "group")]),
    # role words stack before the unit
    ("Đại diện lãnh đạo Sở Nội vụ", [("Đại diện lãnh đạo Sở Nội vụ", "noi_vu", "role")]),
    # one 'UBND' shared by two named cities
    ("UBND thành phố Hà Nội, Thành phố Hồ Chí Minh",
     [("UBND thành phố Hà Nội", "ubnd", "unit"), ("Thành phố Hồ Chí Minh", "ubnd", "unit")]),
    # … but heads of many bodies stand alone
    ("Thủ trưởng các ngành, cơ quan cấp tỉnh, UBND các xã, phường",
     [("Thủ trưởng các ngành, cơ quan cấp tỉnh", "all_related", "role"), ("UBND các xã, phường", "ubnd", "unit")]),
    # plural places acting are their People's Committees, one group, with or without a list
    ("Các tỉnh trực thuộc Trung ương", [("Các tỉnh trực thuộc Trung ương", "ubnd", "group")]),
    ("Các phường", [("Các phường", "ubnd", "group")]),
    # two plurals, each with its own 'các': two groups
    ("các hợp tác xã nông nghiệp, các tổ hợp tác", [("các hợp tác xã nông nghiệp", "other", "unit"),
                                                    ("các tổ hợp tác", "other", "unit")]),
    # bodies under the unit named after 'thuộc' are still pieces of the group
    ("Các ban, đơn vị trực thuộc Bộ", [("Các ban, đơn vị trực thuộc Bộ", "all_related", "group")]),
    # what follows 'liên quan' qualifies the group; its commas and capitals do not split it
    ("Các sở, ban, ngành có liên quan đến Đề án", [("Các sở, ban, ngành có liên quan đến Đề án", "all_related", "group")]),
    # the mass organisations and the army, with or without 'các', where they work added
    ("tổ chức chính trị - xã hội tại địa phương", [("tổ chức chính trị - xã hội tại địa phương", "mat_tran", "group")]),
    ("Lực lượng quân đội", [("Lực lượng quân đội", "quan_su", "group")]),
    # a person named with his posts is one role, coded by the post he acts in (party titles first)
    ("Đồng chí Trần Văn Nam - Huyện ủy viên, Chủ tịch UBND huyện; Công an huyện",
     [("Đồng chí Trần Văn Nam - Huyện ủy viên, Chủ tịch UBND huyện", "ubnd", "role"), ("Công an huyện", "cong_an", "unit")]),
    # a named group stays itself whatever 'liên quan' adds
    ("Bộ, ngành có liên quan; Các ngành có liên quan",
     [("Bộ, ngành có liên quan", "bo_nganh", "group"), ("Các ngành có liên quan", "all_related", "group")]),
    # a web portal after a list of bodies opens an owner of its own
    ("Đài Phát thanh và Truyền hình, Cổng thông tin điện tử tỉnh",
     [("Đài Phát thanh và Truyền hình", "other", "unit"), ("Cổng thông tin điện tử tỉnh", "other", "unit")]),
    # … but a place whose name opens with a person word is no person
    ("Bà Rịa - Vũng Tàu", [("Bà Rịa - Vũng Tàu", "other", "unit")]),
]


@pytest.mark.parametrize(("raw", "expected"), ABOVE_THE_COMMUNE, ids=[raw for raw, _ in ABOVE_THE_COMMUNE])
def test_cell_above_the_commune_is_split_and_coded(raw, expected):
    assert _triples(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", " ; , "])
def test_empty_cell_has_no_owners(raw):
    assert code_owners(raw) == []


def test_table_covers_every_gold_cell():
    assert _gold_cells() == {raw for raw, _ in GOLD_CELLS}


def test_gold_fragments_are_coded(capsys):
    fragments = [owner for cell in sorted(_gold_cells()) for owner in code_owners(cell)]
    unknown = [owner.raw for owner in fragments if owner.code == "other"]
    coded = len(fragments) - len(unknown)
    with capsys.disabled():
        print(f"\nowners: {coded}/{len(fragments)} gold fragments coded "
              f"({100 * coded / len(fragments):.1f} %), "
              f"{len(_gold_cells())} distinct cells")
    assert set(unknown) <= GENUINELY_UNKNOWN, unknown


def test_units_lexicon_uses_contract_codes():
    rows = load("units")
    assert rows
    assert {row["code"] for row in rows} <= set(UNIT_CODES)
    assert {row["kind"] for row in rows} <= {"unit", "group", "role"}


@pytest.mark.parametrize(("raw", "code", "level"), [
    ("Chi cục Kiểm lâm", "nong_nghiep", "province"),  # a province department's branch office
    ("Chi cục Hải quan khu vực", "tai_chinh", "central"),  # a central agency's branch: its own words say so
])
def test_branch_offices_carry_their_departments_function_and_level(raw, code, level):
    assert [(o.code, o.level) for o in code_owners(raw)] == [(code, level)]



@pytest.mark.parametrize(("raw", "expected"), [
    # 'các cấp' is a level word: every level, one group with what it qualifies
    ("các cấp, các ngành", [("all_related", "group", None)]),
    ("Ủy ban nhân dân các cấp", [("ubnd", "group", None)]),
    # agencies and units of any level join the departments: the 'sở' that opens names no level …
    ("Các sở, ngành, cơ quan, đơn vị có liên quan", [("all_related", "group", None)]),
    # … but a place word still does, and 'địa phương' (every level named together) always wins
    ("Các cơ quan, đơn vị cấp huyện", [("all_related", "group", "district")]),
    ("Các cơ quan trung ương và địa phương", [("all_related", "group", None)]),
    # people join the bodies of a group
    ("các cơ quan, tổ chức, cá nhân liên quan", [("all_related", "group", None)]),
    # the parent after 'trực thuộc' names its bodies' level
    ("Các đơn vị trực thuộc Bộ Y tế", [("y_te", "group", "central")]),
    # the members of a body named before them are at its level
    ("Ủy ban MTTQ Việt Nam huyện và các tổ chức thành viên",
     [("mat_tran", "unit", "district"), ("mat_tran", "group", "district")]),
    ("Văn phòng Chủ tịch nước", [("other", "unit", "central")]),
])
def test_levels_of_groups_members_and_parents(raw, expected):
    assert [(o.code, o.kind, o.level) for o in code_owners(raw)] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    # an aside in brackets says what a group does: it neither splits it nor sets its level
    ("UBND các tỉnh, thành phố (chủ trì phần đầu tư, vận hành tại địa phương)", [("ubnd", "group", "province")]),
    # an unknown body followed by the known unit it belongs to, in brackets, does that unit's work
    ("Trung tâm Hội nghị và Triển lãm tỉnh (Sở Văn hóa, Thể thao và Du lịch)", [("van_hoa", "unit", "province")]),
])
def test_asides_in_brackets(raw, expected):
    assert [(o.code, o.kind, o.level) for o in code_owners(raw)] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính và các sở, ngành liên quan",
     ("Sở Nội vụ", "Sở Tài chính và các sở, ngành liên quan")),
    ("Công an tỉnh chủ trì", ("Công an tỉnh", None)),
    ("Chủ trì, phối hợp với Sở Tài chính", None),  # the lead is not named in the cell
    ("Bộ Xây dựng (chủ trì phần hạ tầng); UBND các tỉnh", None),  # said only in brackets
    ("Công chức Văn phòng - Thống kê", None),
])
def test_a_cell_that_assigns_the_work_itself_is_split_into_lead_and_support(raw, expected):
    assert split_assignment(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    # a group, then after a colon the names of its members: the group
    ("UBND các tỉnh: Lâm Đồng, Đắk Lắk", [("ubnd", "group", "province")]),
    # an acronym after a comma names a body of its own
    ("Tập đoàn Viettel, VNPT", [("other", "unit", None), ("other", "unit", None)]),
    # more bodies of the function just named share its level
    ("Ủy ban Kiểm tra Tỉnh ủy và các Ban Xây dựng Đảng", [("dang_uy", "unit", "province"), ("dang_uy", "unit", "province")]),
    # the fields a group works in are not owners of their own
    ("Các doanh nghiệp hoạt động trong lĩnh vực nông nghiệp, giao thông, du lịch",
     [("other", "unit", None)]),
    # role words alone, then 'và' another post of a known unit: one role
    ("Lãnh đạo và chuyên viên Phòng Quản lý giá - Sở Tài chính", [("tai_chinh", "role", "province")]),
    # enterprises and universities are no level of government; a province's own association is
    ("Chi nhánh Viettel Lâm Đồng", [("other", "unit", None)]),
    ("Trường Đại học Cần Thơ", [("other", "unit", None)]),
    ("Hiệp hội doanh nghiệp tỉnh", [("other", "unit", "province")]),
    # a role's last word may open the unit it heads
    ("Trưởng Ban Quản lý khu kinh tế", [("other", "role", "province")]),
    # the offices of a commune or ward since the 2025 reform; a place word names another level
    ("Phòng Văn hóa - Xã hội", [("van_hoa", "unit", "commune")]),
    ("Phòng Kinh tế huyện", [("kinh_te", "unit", "district")]),
    # the Youth Union's full name holds a person's name, not the city's
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", [("mat_tran", "unit", "central")]),
])
def test_groups_enumerations_posts_and_bodies_outside_government(raw, expected):
    assert [(o.code, o.kind, o.level) for o in code_owners(raw)] == expected
