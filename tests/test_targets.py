"""Percentage targets from body paragraphs and indicator tables, against the gold plans."""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from vnplan.models.plan import Period, Target
from vnplan.normalize.indicators import code_targets
from vnplan.normalize.targets import find_targets, heading_year, percent_values, table_target

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PLAN_2024 = Period(start_year=2024, end_year=2024)
PLAN_2022 = Period(start_year=2022, end_year=2022)
PLAN_2021_2025 = Period(start_year=2021, end_year=2025)


def only(paragraph: str, period: Period = PLAN_2024, context_year: int | None = None) -> Target:
    targets = find_targets(paragraph, period, context_year)
    assert len(targets) == 1, targets
    return targets[0]


# --- comparators, numbers, clauses -----------------------------------------------------------

COMPARATORS = [
    ("- Phấn đấu tỷ lệ hồ sơ giải quyết TTHC bằng phương thức điện tử đạt tối thiểu 60%.", ">="),
    ("+ Ít nhất 80% các hệ thống thông tin được kết nối liên thông.", ">="),
    ("+ Rà soát, đơn giản hóa TTHC, đề xuất cắt giảm ít nhất 25% thời gian giải quyết.", ">="),
    ("Tỷ lệ giao dịch trực tuyến đạt từ 30% trở lên.", ">="),
    ("- Thực hiện Khảo sát sự hài lòng của người dân đạt tỉ lệ 50% trở lên.", ">="),
    ("- Năm 2024, đạt tỷ lệ tối thiểu là 15%.", ">="),
    ("Mức độ hài lòng của người dân không dưới 90%.", ">="),
    ("c) Tỷ lệ số hóa hồ sơ đạt trên 90%.", ">"),
    ("g) Trên 70% hồ sơ công việc được tạo lập dưới dạng điện tử.", ">"),
    ("Tỷ lệ hồ sơ trực tuyến đạt hơn 80%.", ">"),
    ("Tỷ lệ cấp kết quả giải quyết TTHC điện tử đạt 100%.", "="),
    ("d) 100% công chức được bố trí theo vị trí việc làm.", "="),
    ("Tỷ lệ hồ sơ trễ hạn tối đa 5%.", "<="),
    ("Tỷ lệ hồ sơ trễ hạn không quá 2%.", "<="),
    ("Tỷ lệ hồ sơ trễ hạn dưới 5%.", "<="),
    ("Số hồ sơ trực tuyến mỗi năm tăng tối thiểu 20%.", "increase_by>="),
    ("Nâng tỷ lệ hồ sơ trực tuyến lên 90%.", "="),
    ("Tỷ lệ hồ sơ trực tuyến tăng lên 90%.", "="),
]


@pytest.mark.parametrize("paragraph, comparator", COMPARATORS)
def test_comparator_phrases(paragraph, comparator):
    assert only(paragraph).comparator == comparator


NUMBERS = [
    ("tỷ lệ hài lòng đạt 97,7%", [97.7]),
    ("tỷ lệ hài lòng đạt 12.5%", [12.5]),
    ("100 % hồ sơ", [100.0]),
    ("tương ứng là 20%, 15%", [20.0, 15.0]),
    ("tỷ lệ % giữa số TTHC", []),
    ("mức độ 3, 4 đạt từ 50% trở lên", [50.0]),
]


@pytest.mark.parametrize("text, values", NUMBERS)
def test_percent_values_read_decimal_commas_and_spaces(text, values):
    assert percent_values(text) == values


def test_decimal_comma_target():
    # a goal is a round number (a whole or a half) or says what it wants; '97,7%' alone was measured
    target = only("Tỷ lệ hài lòng của người dân đạt 97,5%.")
    assert (target.percent, target.comparator) == (97.5, "=")
    assert only("Tỷ lệ hài lòng của người dân đạt tối thiểu 97,7%.").percent == 97.7
    assert only("Phấn đấu tỷ lệ hài lòng của người dân đạt 97,7%.").percent == 97.7


def test_a_share_that_is_not_round_and_not_a_goal_was_measured():
    assert find_targets("Tiến độ thực hiện các kiến nghị sau thanh tra đạt 75,2%.", PLAN_2024) == []
    assert find_targets("Tổng thu ngân sách bằng 93,29% dự toán địa phương.", PLAN_2024) == []


def test_a_change_the_contract_has_no_comparator_for_is_no_target():
    # only a floor of an increase is coded ('tăng tối thiểu' → increase_by>=); 'tăng trên', 'tăng khoảng' are not
    assert find_targets("Số vụ vi phạm được phát hiện tăng trên 5% mỗi năm.", PLAN_2021_2025) == []
    assert find_targets("Tổng thu ngân sách tăng khoảng 8%.", PLAN_2021_2025) == []
    assert [t.comparator for t in find_targets("Mỗi năm tăng tối thiểu 10% số hồ sơ trực tuyến.", PLAN_2021_2025)] \
        == ["increase_by>="]


def test_a_scoring_condition_and_a_range_are_not_targets():
    paragraph = ("Tỷ lệ số hóa hồ sơ đạt 100% (trường hợp đạt từ 50% đến dưới 80% thì tiêu chí này "
                 "đạt 50% điểm số).")
    assert [(t.percent, t.comparator) for t in find_targets(paragraph, PLAN_2024)] == [(100.0, "=")]
    assert find_targets("Tỷ lệ vốn đối ứng của địa phương dự kiến: 10%-15% tổng vốn.", PLAN_2024) == []


def test_several_values_in_one_clause_give_one_target_each():
    paragraph = (
        "- Năm 2022, số hóa kết quả giải quyết thủ tục hành chính đang còn hiệu lực và có giá trị "
        "sử dụng thuộc thẩm quyền giải quyết của cấp xã đạt tỷ lệ tối thiểu tương ứng là 20%, 15%; "
        "các năm tiếp theo, mỗi năm tăng tối thiểu 20%, đến năm 2025, đạt tỷ lệ 100% để đảm bảo "
        "việc kết nối, chia sẻ dữ liệu trong giải quyết thủ tục hành chính trên môi trường điện tử; "
        "80% người dân, doanh nghiệp khi thực hiện thủ tục hành chính không phải cung cấp lại giấy tờ."
    )
    found = [(t.percent, t.comparator, t.year) for t in find_targets(paragraph, PLAN_2021_2025)]
    assert found == [
        (20, ">=", 2022), (15, ">=", 2022),
        (20, "increase_by>=", 2025), (100, "=", 2025),
        (80, "=", 2025),
    ]
    first, second = find_targets(paragraph, PLAN_2021_2025)[:2]
    assert first.text == second.text and first.text.endswith("tương ứng là 20%, 15%")


CLAUSES = [
    # ";" and sentence ends cut; the sentence's own final period stays.
    ("c) Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (TTHC) đạt trên 90%; tỷ lệ cấp "
     "kết quả giải quyết TTHC điện tử đạt 100%; 100% TTHC nội bộ được công bố, công khai kịp thời.",
     ["Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (TTHC) đạt trên 90%",
      "tỷ lệ cấp kết quả giải quyết TTHC điện tử đạt 100%",
      "100% TTHC nội bộ được công bố, công khai kịp thời."]),
    # ", " cuts before a new measured subject once the left part has its own number.
    ("Phấn đấu tỷ lệ hồ sơ trực tuyến đạt trên 90%, tỷ lệ thanh toán trực tuyến đạt trên 90%.",
     ["Phấn đấu tỷ lệ hồ sơ trực tuyến đạt trên 90%", "tỷ lệ thanh toán trực tuyến đạt trên 90%."]),
    # … but not after a bare time phrase or a lead-in.
    ("- Triển khai Kế hoạch số hóa, cụ thể: Phấn đấu trong năm 2023, tỷ lệ hồ sơ giải quyết TTHC "
     "thực hiện bằng phương thức điện tử đạt tối thiểu 60%.",
     ["Phấn đấu trong năm 2023, tỷ lệ hồ sơ giải quyết TTHC thực hiện bằng phương thức điện tử "
      "đạt tối thiểu 60%."]),
    ("Theo quy định; đến ngày 31/12/2024, 100% công chức cấp xã có trình độ đại học.",
     ["đến ngày 31/12/2024, 100% công chức cấp xã có trình độ đại học."]),
    ("a) Tăng cường công tác rà soát văn bản, 100% văn bản còn hiệu lực được rà soát trong năm; "
     "thực hiện việc sửa đổi, bổ sung.",
     ["100% văn bản còn hiệu lực được rà soát trong năm"]),
    # A ";" part that opens with "được" shares the subject before it.
    ("b) 100% văn bản được xây dựng đúng quy định; được rà soát, kiến nghị, xử lý kịp thời.",
     ["100% văn bản được xây dựng đúng quy định; được rà soát, kiến nghị, xử lý kịp thời."]),
    # "và" + a new task verb ends the clause.
    ("- Cập nhật các TTHC; niêm yết công khai 100% các TTHC tại trụ sở UBND xã và đẩy mạnh thực "
     "hiện thủ tục hành chính trên môi trường điện tử.",
     ["niêm yết công khai 100% các TTHC tại trụ sở UBND xã"]),
    # A closing ", cụ thể:" is not part of the target.
    ("Đảm bảo 100% cán bộ, công chức phường đạt chuẩn theo quy định, cụ thể:",
     ["Đảm bảo 100% cán bộ, công chức phường đạt chuẩn theo quy định"]),
    # "trong đó tỷ lệ …" continues the sentence.
    ("Triển khai TTHC có yêu cầu nghĩa vụ tài chính vào thanh toán trực tuyến, trong đó tỷ lệ giao "
     "dịch trực tuyến đạt từ 30% trở lên.",
     ["Triển khai TTHC có yêu cầu nghĩa vụ tài chính vào thanh toán trực tuyến, trong đó tỷ lệ giao "
      "dịch trực tuyến đạt từ 30% trở lên."]),
    # A colon before the number belongs to the clause.
    ("Tỷ lệ lập hồ sơ công việc trên môi trường mạng: trên 70%.",
     ["Tỷ lệ lập hồ sơ công việc trên môi trường mạng: trên 70%."]),
]


@pytest.mark.parametrize("paragraph, texts", CLAUSES)
def test_clause_text_is_cut_as_written(paragraph, texts):
    assert [t.text for t in find_targets(paragraph, PLAN_2024)] == texts


@pytest.mark.parametrize("label", ["c) ", "- ", "+ ", "2. ", "II. ", "1.2. "])
def test_item_label_is_stripped(label):
    assert only(label + "Tỷ lệ hồ sơ trực tuyến đạt 50%.").text == "Tỷ lệ hồ sơ trực tuyến đạt 50%."


NOT_TARGETS = [
    "Năm 2021, tỷ lệ hồ sơ trực tuyến đã đạt 96,8%.",
    "Năm 2021 tỷ lệ hồ sơ giải quyết đúng hạn đạt 85%.",
    "Kết quả giải quyết hồ sơ đúng hạn đạt 98%.",
    "Hiện nay tỷ lệ hồ sơ trực tuyến là 45%.",
    "Phấn đấu tỷ lệ % giữa số TTHC có phát sinh hồ sơ trực tuyến tăng dần.",
    "Thực hiện Kế hoạch số 15/KH-UBND ngày 10/01/2022 của UBND thị xã về nâng tỷ lệ hồ sơ trực tuyến đạt 50%.",
    # a range has no comparator of the contract
    "Phấn đấu doanh thu du lịch tăng bình quân 8 - 10%/năm.",
    # as of a day: a result
    "Tính đến ngày 30/6/2022, tỷ lệ thanh toán trực tuyến đạt 41,5%.",
    # a share of an amount with thousands and a decimal comma
    "Thu ngân sách đạt 1.204,7 tỷ đồng, bằng 88,2% dự toán.",
]


@pytest.mark.parametrize("paragraph", NOT_TARGETS)
def test_reported_results_and_references_are_not_targets(paragraph):
    assert find_targets(paragraph, PLAN_2022) == []


def test_reported_result_beside_a_target_keeps_the_target():
    found = find_targets("Năm 2021 đạt 85%, năm 2022 phấn đấu đạt 90% trở lên.", PLAN_2022)
    assert [(t.percent, t.comparator, t.year) for t in found] == [(90, ">=", 2022)]


def test_result_word_inside_a_rate_name_is_still_a_target():
    assert only("Tỷ lệ cấp kết quả giải quyết TTHC điện tử đạt 100%.").percent == 100


def test_reference_followed_by_a_goal_keeps_the_goal():
    paragraph = ("Thực hiện Kế hoạch số 15/KH-UBND của UBND thị xã về cải cách hành chính, "
                 "phấn đấu tỷ lệ hồ sơ trực tuyến đạt 50%.")
    assert only(paragraph, PLAN_2022).percent == 50


YEARS = [
    # (paragraph, period, context_year, expected year)
    ("+ Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 50%.", PLAN_2021_2025, 2030, 2030),
    ("+ Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 50%.", PLAN_2021_2025, None, 2025),
    ("+ Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 50%.", Period(start_year=2023, end_year=2023), None, 2023),
    ("Đến năm 2025, tỷ lệ hồ sơ trực tuyến đạt 50%.", PLAN_2021_2025, 2030, 2025),
    ("Phấn đấu trong năm 2023, tỷ lệ hồ sơ trực tuyến đạt 60%.", PLAN_2021_2025, None, 2023),
    ("đến ngày 31/12/2024, 100% công chức cấp xã có trình độ đại học.", PLAN_2021_2025, None, 2024),
    ("Đến năm 2025: Tỷ lệ hồ sơ trực tuyến đạt 50%.", PLAN_2021_2025, 2030, 2025),
    ("Tỷ lệ hồ sơ trực tuyến tăng 10% so với năm 2021.", PLAN_2021_2025, None, 2025),
    ("Tỷ lệ hồ sơ trực tuyến đạt 50%.", Period(), None, None),
]


@pytest.mark.parametrize("paragraph, period, context_year, year", YEARS)
def test_year_is_stated_else_context_else_plan_end(paragraph, period, context_year, year):
    assert only(paragraph, period, context_year).year == year


@pytest.mark.parametrize("heading, year", [
    ("Đến năm 2025:", 2025), ("- Đến năm 2030:", 2030), ("Giai đoạn 2021-2025:", 2025),
    ("Đến năm 2025, tỷ lệ hồ sơ đạt 50%.", None), ("b) Nhiệm vụ", None),
])
def test_heading_year(heading, year):
    assert heading_year(heading) == year


METRICS = [
    ("c) Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (TTHC) đạt trên 90%.",
     "tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (TTHC)"),
    ("- Thực hiện Khảo sát sự hài lòng của người dân đạt tỉ lệ 50% trở lên.",
     "khảo sát sự hài lòng của người dân"),
    ("g) Trên 70% hồ sơ công việc được tạo lập dưới dạng điện tử (trừ hồ sơ công việc thuộc phạm vi "
     "bí mật nhà nước).", "hồ sơ công việc được tạo lập dưới dạng điện tử"),
    ("niêm yết công khai 100% các TTHC thuộc thẩm quyền tại trụ sở UBND xã.",
     "niêm yết công khai các TTHC thuộc thẩm quyền tại trụ sở UBND xã"),
]


@pytest.mark.parametrize("paragraph, metric", METRICS)
def test_metric_is_the_measured_phrase_in_the_documents_words(paragraph, metric):
    assert only(paragraph).metric == metric


# --- indicator tables ---------------------------------------------------------------------

TABLE_ROWS = [
    ("Khai thác, sử dụng lại thông tin, dữ liệu số hóa", "Trên 50%",
     ("Khai thác, sử dụng lại thông tin, dữ liệu số hóa Trên 50%", 50, ">")),
    ("<i>- Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia</i>", "<i>Trên 90%</i>",
     ("Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia Trên 90%", 90, ">")),
    ("Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC", "90%",
     ("Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC 90%", 90, "=")),
    ("Tỷ lệ hồ sơ trực tuyến", "Tối thiểu 80%", ("Tỷ lệ hồ sơ trực tuyến Tối thiểu 80%", 80, ">=")),
    ("Tỷ lệ hồ sơ trực tuyến", "Từ 50% trở lên", ("Tỷ lệ hồ sơ trực tuyến Từ 50% trở lên", 50, ">=")),
]


@pytest.mark.parametrize("indicator, cell, expected", TABLE_ROWS)
def test_table_target(indicator, cell, expected):
    target = table_target(indicator, cell, PLAN_2024)
    assert (target.text, target.percent, target.comparator, target.year) == (*expected, 2024)


@pytest.mark.parametrize("cell", ["Chỉ số xếp hạng cao hơn năm 2023", "", None])
def test_table_cell_without_percentage_is_no_target(cell):
    assert table_target("Chỉ số cải cách hành chính của phường (Par Index)", cell, PLAN_2024) is None


def test_table_year_from_the_column_header_wins():
    assert table_target("Tỷ lệ hồ sơ trực tuyến", "Trên 90%", PLAN_2021_2025, year=2024).year == 2024


# --- accuracy against the gold plans -------------------------------------------------------

_LABEL_LINE = re.compile(r"^(?:[-+•*–]\s|(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]\s|[IVXL]+\s+[A-ZĐ])")
_TAGS = re.compile(r"</?i>|\*\*")


def _is_cell_fragment(line: str) -> bool:
    """A short unit or deadline cell of a flattened table ('Công chức', 'VP-TK', 'Thường xuyên')."""
    return len(line.split()) <= 3 and "%" not in line and not re.search(r"[.;:,]$", line)


def wrapped_paragraphs(text: str) -> list[str]:
    """Paragraphs of a hard-wrapped export: a labelled line opens one, the others continue it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    paragraphs: list[str] = []
    current: list[str] = []

    def flush():
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if re.fullmatch(r"\d{1,3}", line):
            # A row number opens a row; a page number inside a paragraph is followed by lower case.
            if not following[:1].islower():
                flush()
            continue
        if _LABEL_LINE.match(line):
            flush()
        elif _is_cell_fragment(line):
            continue
        current.append(line)
    flush()
    return paragraphs


def line_paragraphs(text: str) -> tuple[list[str], list[tuple[str, str, int | None]]]:
    """Paragraphs of a one-paragraph-a-line export, and the (indicator, target, year) table rows."""
    paragraphs: list[str] = []
    rows: list[tuple[str, str, int | None]] = []
    columns: tuple[int, int, int | None] | None = None
    for raw in text.splitlines():
        line = _TAGS.sub("", raw).rstrip()
        if not line.strip():
            continue
        if "\t" not in line:
            columns = None
            paragraphs.append(line.strip())
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        target_col = next((i for i, c in enumerate(cells) if c.lower().startswith("chỉ tiêu phấn đấu")), None)
        if target_col is not None and "Chỉ tiêu" in cells:
            year = re.search(r"năm (\d{4})", cells[target_col])
            columns = (cells.index("Chỉ tiêu"), target_col, int(year.group(1)) if year else None)
        elif columns and len(cells) > columns[1]:
            rows.append((cells[columns[0]], cells[columns[1]], columns[2]))
    return paragraphs, rows


def plan_targets(stem: str) -> tuple[list[Target], list[dict]]:
    gold = json.loads(next((CORPUS / "gold").glob(f"{stem}_*.json")).read_text("utf-8"))
    text = next((CORPUS / "plans").glob(f"{stem}_*.txt")).read_text("utf-8")
    period = Period(**gold["document"]["period"])
    predicted: list[Target] = []
    if stem == "004":
        paragraphs, rows = line_paragraphs(text)
    else:
        paragraphs, rows = wrapped_paragraphs(text), []
    context_year = None
    for paragraph in paragraphs:
        context_year = heading_year(paragraph) or context_year
        predicted += find_targets(paragraph, period, context_year)
    for indicator, cell, year in rows:
        target = table_target(indicator, cell, period, year)
        if target:
            predicted.append(target)
    return predicted, gold["targets"]


def score(predicted: list[Target], gold: list[dict]) -> dict[str, float]:
    found = Counter((float(t.percent), t.comparator, t.year) for t in predicted)
    wanted = Counter((float(g["percent"]), g["comparator"], g["year"]) for g in gold)
    hits = sum((found & wanted).values())
    precision = hits / max(sum(found.values()), 1)
    recall = hits / max(sum(wanted.values()), 1)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    texts = Counter((t.text, float(t.percent)) for t in predicted)
    text_hits = sum((texts & Counter((g["text"], float(g["percent"])) for g in gold)).values())
    # Pair each gold target with the predicted one of the same percent whose text is closest.
    agree = 0
    for g in gold:
        candidates = [t for t in predicted if float(t.percent) == float(g["percent"])]
        best = max(candidates, default=None,
                   key=lambda t: difflib.SequenceMatcher(None, t.text, g["text"]).ratio())
        if best and (best.comparator, best.year) == (g["comparator"], g["year"]):
            agree += 1
    return {"precision": precision, "recall": recall, "f1": f1,
            "comparator_year": agree / len(gold), "text": text_hits / len(gold)}


@pytest.mark.parametrize("stem", ["001", "002", "004"])
def test_targets_against_gold(stem):
    predicted, gold = plan_targets(stem)
    figures = score(predicted, gold)
    print(f"\nplan {stem}: {len(predicted)} found, {len(gold)} gold; "
          + ", ".join(f"{name} {value:.3f}" for name, value in figures.items()))
    assert figures["f1"] >= 0.95
    assert figures["comparator_year"] >= 0.95
    assert figures["text"] >= 0.90


def test_province_indices_scores_and_ranks_are_not_percentage_targets():
    """PAR INDEX, PAPI and DTI are scores and ranks (issue 14): no target; SIPAS, a share of
    satisfied users, is the satisfaction rate."""
    text = ("Phấn đấu Chỉ số PAR INDEX của tỉnh năm 2026 đạt trên 90 điểm, xếp hạng trong nhóm 20 tỉnh "
            "dẫn đầu; Chỉ số PAPI tăng 5 bậc, Chỉ số DTI đạt 0,65 điểm; Chỉ số SIPAS đạt trên 85%.")
    found = find_targets(text, Period(start_year=2026, end_year=2026))
    assert [(t.percent, t.comparator, t.year) for t in found] == [(85.0, ">", 2026)]
    assert code_targets(found) == ["satisfaction_rate"]


@pytest.mark.parametrize("paragraph", [
    "- Kết quả thực hiện số hóa hồ sơ, giấy tờ, kết quả giải quyết TTHC: Tỷ lệ số hóa hồ sơ đạt 82%; "
    "tỷ lệ khai thác, sử dụng lại dữ liệu số hóa đạt 85,9%.",
    "Đến nay, toàn tỉnh đã cung cấp 2.227 dịch vụ công trực tuyến; tỷ lệ hồ sơ trực tuyến toàn trình đạt 90,58%.",
])
def test_a_paragraph_whose_lead_in_reports_states_no_targets(paragraph):
    assert find_targets(paragraph, Period(start_year=2025, end_year=2025)) == []


def test_a_goal_clause_in_a_reporting_paragraph_is_still_a_target():
    targets = find_targets("Đến nay, tỷ lệ hồ sơ trực tuyến đạt 60%; phấn đấu đến năm 2026 đạt 90%.",
                           Period(start_year=2025, end_year=2026))
    assert [(t.percent, t.year) for t in targets] == [(90.0, 2026)]


def test_the_goal_an_aside_states_is_a_target_whatever_counts_precede_it():
    # the value beside the aside is a result; the aside's own goal is the target, even after counts of
    # results ('4/15 sở …'), but not a scoring condition after the goal ('trường hợp … 50%')
    found = find_targets("Đã kiểm tra 42/139 cơ quan, đạt tỷ lệ 30% (4/15 sở và 38/124 xã, chỉ tiêu đề ra là "
                         "tối thiểu 20%, trường hợp đạt dưới 10% thì tiêu chí này đạt 0 điểm).", PLAN_2022)
    assert [(t.percent, t.comparator) for t in found] == [(20.0, ">=")]



def test_stage_bullets_and_a_heading_period_date_the_targets_under_them():
    # "- Giai đoạn 2025-2027" opens a block (its end year, basis block); a heading naming a period
    # ("2. Mục tiêu giai đoạn 2026 - 2030") dates what it holds by its end (basis heading)
    from vnplan.extract.sections import RawParagraph, build_body

    lines = ["1. Mục tiêu giai đoạn 2026 - 2030", "a) 90% hồ sơ được số hóa.", "- Giai đoạn 2026-2027",
             "+ 80% thủ tục được thực hiện trực tuyến toàn trình.", "- Giai đoạn 2028-2030",
             "+ 95% người dân hài lòng."]
    _, body = build_body([RawParagraph(text=t, lines=[]) for t in lines])
    found = [(t.percent, t.year, t.year_basis) for p in body
             for t in find_targets(p.text, Period(start_year=2026, end_year=2030), p.context_year, False,
                                   p.context_basis or "block")]
    assert found == [(90.0, 2030, "heading"), (80.0, 2027, "block"), (95.0, 2030, "block")]


def test_a_year_in_a_referenced_documents_title_is_not_the_targets_year():
    # the cited plan's period (2025 - 2030) names that plan; the target's own clause says 2025
    found = find_targets("Thực hiện Kế hoạch số 12/KH-UBND ngày 10/3/2025 của UBND tỉnh về phát triển “xã, phường "
                         "văn minh” giai đoạn 2025 - 2030, phấn đấu 30% số xã đạt chuẩn ngay trong năm 2025.",
                         Period(start_year=2025, end_year=2030))
    assert [(t.percent, t.year, t.year_basis) for t in found] == [(30.0, 2025, "stated")]


def test_a_year_after_one_value_is_not_the_next_values():
    paragraph = "Tỷ lệ số hóa hồ sơ đạt tối thiểu 60% vào năm 2023 và 100% vào năm 2025."
    assert [(t.percent, t.year) for t in find_targets(paragraph, PLAN_2021_2025)] == [(60.0, 2023), (100.0, 2025)]
