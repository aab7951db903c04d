"""Document → PlanDraft: header fields, heading tree, body paragraphs and logical tables."""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.errors import NotAPlanError
from vnplan.extract.document import Document, DraftTable, Line, PlanDraft
from vnplan.extract.header import is_report_type, is_signature_start, leading_doc_type, parse_header
from vnplan.extract.body_tasks import body_tasks, enclosing_kind, in_results_section
from vnplan.extract.sections import RawParagraph, build_body, heading_of, join_paragraphs
from vnplan.extract.tables import interpret_tables
from vnplan.extract.flat_tables import NO_EVIDENCE, Evidence, find_flat_tables
from vnplan.lang.vi import fold, is_caps, load

_BREAK = Line(text=" ")  # a whitespace-only line: a hard paragraph break
_ANNEX = re.compile(r"^phu luc\b")
_ANNEX_LABEL = re.compile(r"^phu luc(?:\s+(?:[ivxlc]+|\d+|so \d+))?\s*$")
_ENCLOSURE = re.compile(r"(?!(?<=\s)\s)\s*\((?:Kèm theo|Ban hành kèm theo)\b.*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _plan_signs() -> tuple[str, ...]:
    """Folded words that say a text is an administrative-reform document (plan_signs.csv)."""
    return tuple(fold(r["phrase"]) for r in load("plan_signs"))


def parse_document(doc: Document, *, excerpt: bool = False, evidence: Evidence = NO_EVIDENCE) -> PlanDraft:
    """Parse a read Document; raises NotAPlanError when the text is not an administrative plan
    (unless `excerpt`: a part of one, such as its targets section, parsed the same way).
    `evidence`: what the normalizers lend to the table parsers — is this cell a time expression,
    does it name known units — to cut flattened cells and to tell column roles by their content (the
    pipeline passes `vnplan.normalize.evidence.cutting_evidence()`; without it tables are read by
    their text alone)."""
    lines = doc.lines
    text = "\n".join(ln.text for ln in lines)
    folded = fold(text)
    if not excerpt and (len(folded.split()) < 30 or sum(sign in folded for sign in _plan_signs()) < 3):
        raise NotAPlanError(
            f"{doc.path}: this does not read as a Vietnamese administrative plan "
            "(no issuing People's Committee, plan title or reform tasks found); check that it is the right file.",
            path=doc.path, stage="parse",
        )

    flat = find_flat_tables(lines, evidence) if doc.format == "txt" else []
    skipped = {n for ft in flat for n in range(ft.first_lineno, ft.last_lineno + 1)}

    # Walk the blocks in order; a table (or a flattened table) is a hard paragraph break.
    stream: list[Line] = []
    table_slots: list[int] = []  # index into `stream` where each grid table sat
    previous: Line | None = None
    layout = page_layout(lines)
    for block in doc.blocks:
        if block.table is not None:
            table_slots.append(len(stream))
            stream.append(_BREAK)
            previous = None
        elif block.line.lineno in skipped:
            if stream and stream[-1] is not _BREAK:
                stream.append(_BREAK)
        else:
            if previous is not None and _ends_paragraph(previous, block.line, layout):
                stream.append(_BREAK)
            stream.append(block.line)
            previous = block.line

    paragraphs = join_paragraphs(stream)
    position = {id(line): i for i, line in enumerate(stream)}
    headings = [_table_heading(paragraphs, position, slot) for slot in table_slots]
    tables: list[DraftTable] = interpret_tables(doc.tables, headings, evidence)
    for ft in flat:
        ft.table.index = len(tables)
        for row in ft.table.rows:
            row.table_index = ft.table.index
        tables.append(ft.table)

    sections, body = build_body(_body_paragraphs(paragraphs))
    header = parse_header([ln.text for ln in lines], paragraphs)
    reports = is_report_type(header.doc_type)
    for para in body:
        # under "I. KẾT QUẢ ĐẠT ĐƯỢC"; in a report, anywhere but a task or objectives section
        para.is_reporting = in_results_section(para.headings) or (reports and enclosing_kind(para.headings) is None)
    return PlanDraft(header=header, sections=sections, tables=tables, paragraphs=body,
                     body_tasks=body_tasks(body))


def _ends_paragraph(previous: Line, line: Line, layout: dict) -> bool:
    """Whether a paragraph ends between two read lines (text exports decide this from blank lines).

    A DOCX line is a whole paragraph. A PDF or OCR line is a visual line: the paragraph ends after
    a line that stops short of the right margin, at a page change, at a wider vertical gap, and
    around a line in capitals ('KẾ HOẠCH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').
    """
    if line.origin == "docx":
        return True
    if line.origin == "txt":
        return False
    if previous.page != line.page or previous.bbox is None or line.bbox is None:
        return True
    if is_caps(previous.text, share=1, min_letters=4) != is_caps(line.text, share=1, min_letters=4):
        return True
    right_margin, height = layout.get(line.page, (None, None))
    if right_margin and previous.bbox[2] < right_margin - 0.15 * (right_margin - previous.bbox[0]):
        return True
    return bool(height) and line.bbox[1] - previous.bbox[3] > 0.9 * height


def page_layout(lines: list[Line]) -> dict[int | None, tuple[float, float]]:
    """Per page: the right edge full lines reach (90th percentile) and the median line height."""
    by_page: dict[int | None, list] = {}
    for line in lines:
        if line.bbox is not None and line.text.strip():
            by_page.setdefault(line.page, []).append(line.bbox)
    layout = {}
    for page, boxes in by_page.items():
        rights = sorted(b[2] for b in boxes)
        heights = sorted(b[3] - b[1] for b in boxes)
        layout[page] = (rights[int(0.9 * (len(rights) - 1))], heights[len(heights) // 2])
    return layout


def _body_paragraphs(paragraphs: list[RawParagraph]) -> list[RawParagraph]:
    """Drop the signature block and distribution list ('TM. ỦY BAN…' or 'Nơi nhận:' up to an annex
    heading or the plan a decision carries)."""
    kept, in_tail = [], False
    for para in paragraphs:
        folded = fold(para.text)
        if folded.startswith("noi nhan") or is_signature_start(para.text):
            in_tail = True
        elif in_tail and (_ANNEX.match(folded) or _is_roman_heading(para.text) or _is_title_line(para.text)):
            in_tail = False  # an annex, or the plan a decision carries, starts after the signature
        if not in_tail:
            kept.append(para)
    return kept


def _is_roman_heading(text: str) -> bool:
    label = heading_of(text)
    return label is not None and label.kind == "roman"


def _is_title_line(text: str) -> bool:
    """'KẾ HOẠCH Cải cách hành chính …': a document-type word in capitals opens a new document."""
    return leading_doc_type(text) is not None


def _table_heading(paragraphs: list[RawParagraph], position: dict[int, int], slot: int) -> str | None:
    """The annex title or section heading printed just above a table."""
    before = [p for p in paragraphs if p.lines and position[id(p.lines[-1])] < slot]
    window = before[-4:]
    for k in range(len(window) - 1, -1, -1):
        para = window[k]
        folded = fold(para.text)
        if _ANNEX.match(folded) or heading_of(para.text):
            heading = _ENCLOSURE.sub("", para.text).strip()
            if _ANNEX_LABEL.match(folded):
                # 'PHỤ LỤC' alone on its line: its title is the capitals under it ('DANH MỤC …')
                title = [p.text.strip() for p in window[k + 1:]
                         if not any(c.islower() for c in p.text) and not _ENCLOSURE.match(p.text.strip())]
                heading = " ".join([heading] + title[:3])
            return heading
    return None
