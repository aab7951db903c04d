"""Body lines → paragraphs (line-broken fragments joined) and the heading tree (I., 1., 1.1., a))."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vnplan.extract.document import DraftSection, Line, Paragraph
from vnplan.lang.vi import is_caps
from vnplan.lang.vi.patterns import LIST_LABELS, YEAR

LABELS = LIST_LABELS  # (kind, level, pattern): order matters, "1.1." before "1."
_TERMINAL = re.compile(r"[.;:!?]\s*[\"”»)]?$")
# "- Đến năm 2025:", "- Giai đoạn 2025-2027" (its end year) opening a block of targets
_YEAR_BLOCK = re.compile(rf"^(?:[-+]\s*)?(?:(?:đến|tới|trong)\s+năm\s+|giai\s+đoạn\s+{YEAR}\s*[-–]\s*)({YEAR})\s*:?\s*$",
                         re.IGNORECASE)
_HEADING_YEAR = re.compile(rf"\bnăm\s+({YEAR})\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(rf"{YEAR}\s*[-–]\s*({YEAR})")
# "Đến hết năm 2030, phấn đấu đạt được những mục tiêu sau:": a short lead-in naming one year and
# ending with a colon opens a block as well
_YEAR_LEAD_IN = re.compile(rf"^(?:[-+]\s*)?(?:phấn\s+đấu\s+)?(?:đến|tới|trong)\s+(?:hết\s+)?năm\s+({YEAR})\b[^:]{{0,120}}:\s*$",
                           re.IGNORECASE)
# Headings are short; a long numbered sentence is a body item, not a heading.
MAX_HEADING_CHARS = {1: 160, 2: 130, 3: 130, 4: 90}


@dataclass
class Label:
    kind: str
    level: int
    number: str
    rest: str


def split_label(text: str) -> Label | None:
    """'II. NHIỆM VỤ TRỌNG TÂM' → Label(roman, 1, 'II', 'NHIỆM VỤ TRỌNG TÂM')."""
    text = text.strip()
    for kind, level, pattern in LABELS:
        m = pattern.match(text)
        if m and m.group("num"):
            return Label(kind, level, m.group("num"), m.group("rest").strip())
    return None


@dataclass
class RawParagraph:
    text: str
    lines: list[Line] = field(default_factory=list)

    @property
    def lineno(self) -> int | None:
        return self.lines[0].lineno if self.lines else None

    @property
    def page(self) -> int | None:
        return self.lines[0].page if self.lines else None


def join_paragraphs(lines: list[Line]) -> list[RawParagraph]:
    """Join wrapped lines into paragraphs.

    Three export styles occur: every visual line followed by an empty line, with whitespace-only
    lines between paragraphs (PDF copy-paste); one paragraph per line with empty lines between
    (DOCX export); and one paragraph per line with no empty lines at all. In the first, an empty line is soft; in the second it ends the paragraph unless
    the next line plainly continues the sentence (lower-case start after no final punctuation).
    """
    n_empty = sum(1 for ln in lines if ln.text == "")
    n_text = sum(1 for ln in lines if ln.text.strip())
    lengths = sorted(len(ln.text.strip()) for ln in lines if ln.text.strip())
    wrapped = bool(lengths) and lengths[int(0.9 * (len(lengths) - 1))] < 110  # hard-wrapped at a margin
    soft_empty = n_text > 0 and n_empty / n_text > 0.8 and wrapped
    # no blank lines and no margin: an export that writes each paragraph on one line of its own
    one_per_line = n_empty == 0 and not wrapped and n_text > 0

    paragraphs: list[RawParagraph] = []
    current: RawParagraph | None = None
    pending_break = False  # an empty line was seen since the last text line

    for line in lines:
        text = line.text
        if not text.strip():
            if text == "" and soft_empty:
                continue
            if text == "":
                pending_break = True
                continue
            current, pending_break = None, False  # whitespace-only: a hard break
            continue
        stripped = text.strip()
        if one_per_line:
            current = RawParagraph(text=stripped, lines=[line])
            paragraphs.append(current)
            continue
        # "Đến năm 2025:" heads the targets under it: it is always a paragraph of its own
        starts_new = (split_label(stripped) is not None or current is None or _YEAR_BLOCK.match(stripped) is not None
                      or _YEAR_BLOCK.match(current.text) is not None)
        if not starts_new and pending_break and not soft_empty:
            continues = not _TERMINAL.search(current.text) and stripped[:1].islower()
            starts_new = not continues
        if not starts_new and (soft_empty or (n_empty == 0 and wrapped)) and _TERMINAL.search(current.text) \
                and stripped[:1].isupper():
            # a sentence ended and a capitalised line follows: in PDF copy-paste (and in hard-wrapped
            # text with no blank lines) that is a new paragraph only when the previous line was
            # short (ended before the right margin)
            starts_new = len(current.lines[-1].text.rstrip()) < 60
        if not starts_new and is_caps(current.lines[-1].text) != is_caps(stripped) and min(
                len(current.lines[-1].text.strip()), len(stripped)) < 80 and (
                len(current.lines[-1].text.strip()) < 60 or len(stripped) < 60):
            starts_new = True  # 'KẾ HOẠCH' under the date line, a title under it: capitals change
        if not starts_new and len(current.lines) == 1 and (
                (_is_caps_heading(current.text) and not is_caps(stripped))
                or (_is_short_heading(current.text) and stripped[:1].isupper())):
            starts_new = True  # 'III. NHIỆM VỤ …' / '1. Mục đích' on its own line; what follows is body
        if starts_new:
            current = RawParagraph(text=stripped, lines=[line])
            paragraphs.append(current)
        else:
            current.text = f"{current.text} {stripped}"
            current.lines.append(line)
        pending_break = False
    return paragraphs


def _is_caps_heading(text: str) -> bool:
    label = split_label(text)
    return label is not None and label.kind in ("roman", "arabic", "sub") and is_caps(label.rest)


def _is_short_heading(text: str) -> bool:
    label = split_label(text)
    return (label is not None and label.kind in ("roman", "arabic", "sub") and len(text) < 60
            and not re.search(r"[,;]\s*$", text))


def heading_of(paragraph_text: str) -> Label | None:
    """The paragraph's label when the paragraph is a heading rather than a numbered sentence."""
    label = split_label(paragraph_text)
    if label is None or label.kind == "bullet":
        return None
    rest = label.rest
    if len(rest) > MAX_HEADING_CHARS.get(label.level, 100):
        return None
    if label.kind in ("arabic", "sub", "letter") and re.search(r"[.;]\s*$", rest):
        return None
    if label.kind == "letter" and len(rest.split()) > 14:
        return None
    return label


def build_body(paragraphs: list[RawParagraph]) -> tuple[list[DraftSection], list[Paragraph]]:
    """The heading tree, and every body paragraph with its section path and context year."""
    roots: list[DraftSection] = []
    stack: list[DraftSection] = []
    body: list[Paragraph] = []
    context_year: int | None = None
    context_basis: str | None = None
    context_level = 0

    for para in paragraphs:
        label = heading_of(para.text)
        if label is not None:
            section = DraftSection(number=label.number, title=label.rest, level=label.level,
                                   lineno=para.lineno)
            while stack and stack[-1].level >= label.level:
                stack.pop()
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
            if context_year is not None and label.level <= context_level:
                context_year = None
        m = _YEAR_BLOCK.match(para.text) or (_YEAR_LEAD_IN.match(para.text) if label is None else None)
        if m:
            context_year, context_basis = int(m.group(1)), "block"
            context_level = stack[-1].level if stack else 0
            continue
        # a heading that is itself a year block ("2.2. Đến năm 2030:") or names one year
        # ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024") dates the targets under it
        if label is not None and label.kind != "bullet":
            m = _YEAR_BLOCK.match(label.rest)
            years = set(_HEADING_YEAR.findall(label.rest)) if m is None else {m.group(1)}
            span = _YEAR_RANGE.search(label.rest)
            if span and m is None and len(_YEAR_RANGE.findall(label.rest)) == 1:
                # "2. Mục tiêu cụ thể giai đoạn 2026 - 2030": the heading's period ends its targets
                context_year, context_level, context_basis = int(span.group(1)), label.level, "heading"
            elif len(years) == 1 and not span:
                context_year, context_level = int(years.pop()), label.level
                context_basis = "block" if m is not None else "heading"
        if label is not None and label.kind in ("roman", "arabic", "sub"):
            continue
        body.append(Paragraph(
            text=para.text,
            section=".".join(s.number for s in stack if s.number) or None,
            section_title=stack[-1].title if stack else None,
            page=para.page,
            lineno=para.lineno,
            context_year=context_year,
            context_basis=context_basis if context_year is not None else None,
            headings=[f"{s.number} {s.title}" if s.number else s.title for s in stack],
        ))
    return roots, body
