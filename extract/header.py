"""Document lines → header fields: issuer, level, unit, district, province, number, date, type, title, signer."""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.extract.document import DraftHeader
from vnplan.extract.issuer import capitalised_run, find_issuer, level_words
from vnplan.extract.sections import RawParagraph, heading_of
from vnplan.lang.vi import fold, is_caps, load
from vnplan.lang.vi.patterns import YEAR

_DATE = re.compile(
    r"(?<![^,])(?P<before>[^,]*),\s*ngày\s*(?P<d>\S{0,3}?)\s*tháng\s*(?P<m>\d{0,2})\s*năm\s*(?P<y>(?:19|20)\d{2})",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<!\w)Số\s*(?::\s*|\s(?=\d))(?P<num>[\dA-Za-z.]*)\s*/\s*(?P<kind>"
                     # a text layer may split the letters before the dash: '/B C-UBND'
                     r"[A-ZĐ]{1,4}(?: [A-ZĐ]{1,4})?(?=\s*-)(?:\s*-\s*[A-ZĐ][A-ZĐa-z0-9.]*)+"
                     r"|[A-ZĐ][A-ZĐa-z0-9.]*(?:\s*-\s*[A-ZĐ][A-ZĐa-z0-9.]*)*)")
# a document without its header block names itself in an annex subtitle: '(Kèm theo Nghị quyết số 394/NQ-CP ngày 03 tháng 12 năm 2025 …)'
_ENCLOSED_BY = re.compile(r"Kèm\s+theo\s+(?P<type>[^\d()]{2,30}?)\s+số\s+(?P<num>\d+[\dA-Za-z.]*)\s*/\s*(?P<kind>[A-ZĐ][A-ZĐa-z0-9.]*(?:-[A-ZĐ][A-ZĐa-z0-9.]*)*)"
                          r"\s+ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s*|/)(?P<m>\d{1,2})\s*(?:năm\s*|/)(?P<y>(?:19|20)\d{2})", re.IGNORECASE)
_RANGE = re.compile(rf"giai\s+đoạn\s+({YEAR})\s*[-–—]\s*({YEAR})", re.IGNORECASE)
_YEAR = re.compile(rf"năm\s+({YEAR})", re.IGNORECASE)
_TOKEN_END = re.compile(r"[,.;:()\"“”]")


# Where the words of corpus/lexicons/header_phrases.csv go, by kind: the pattern ({} is the kind's
# phrases), whether they are matched with marks and case folded away, and the flags.
_HEADER_PATTERNS = {
    # a title line that ends in a connective or a comma goes on over the next line
    "joins_title": (r"(?:\b(?:{})|[,;–-])$", False, re.IGNORECASE),
    # the body opens with one of these, or with an article ("Điều 1.")
    "body_opens": (r"^(?:{}|dieu \d)", True, 0),
    "motto": (r"{}", True, 0),
    "signature_opens": (r"^(?:{})\s*\.", True, 0),
    "signature_note": (r"^[(\[]?\s*(?:{})\b.*[)\]]?$|^[(\[].*[)\]]$", True, 0),
    "vision": (r"(?:[,;]|^|(?<!\s)(?=\s))\s*+(?:{})\b.*$", False, re.IGNORECASE),  # linear: from a run's start
}


@lru_cache(maxsize=None)
def _header_pattern(kind: str) -> re.Pattern[str]:
    """One kind of header_phrases.csv in its pattern (built once): its phrases longest first, a
    space matching any run of spaces and a dash one with or without spaces around it."""
    template, folded, flags = _HEADER_PATTERNS[kind]
    phrases = sorted({fold(r["phrase"]) if folded else r["phrase"] for r in load("header_phrases") if r["kind"] == kind},
                     key=len, reverse=True)
    alternation = "|".join(re.escape(p).replace(r"\-", r"\s*-\s*").replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(template.format(alternation), flags)


@lru_cache(maxsize=1)
def _admin_words() -> dict[str, list[str]]:
    tiers: dict[str, list[str]] = {}
    for row in load("admin_units"):
        tiers.setdefault(row["tier"], []).append(row["word"])
    return tiers


@lru_cache(maxsize=1)
def _provinces() -> dict[str, tuple[str, bool]]:
    return {fold(r["name"]): (r["name"], r["is_city"] == "1") for r in load("provinces")}


def _place_in(text: str, tier: str, prefer_city_as_province: bool) -> list[str]:
    found = []
    for word in _admin_words()[tier]:
        for m in re.finditer(rf"(?<!\w){word}\s+(?=\S)", text, re.IGNORECASE):
            name = capitalised_run(text[m.end():], max_tokens=4)
            if not name or name.isdigit():
                continue
            is_city = _provinces().get(fold(name), (None, False))[1]
            if prefer_city_as_province and word == "thành phố" and is_city:
                continue
            found.append(name)
    return found


def _district_and_province(text: str) -> tuple[str | None, str | None]:
    districts = _place_in(text, "district", prefer_city_as_province=True)
    provinces = [p for p in _place_in(text, "province", False) if fold(p) in _provinces()]
    for m in re.finditer(r"(?<!\w)thành phố\s+", text, re.IGNORECASE):
        name = capitalised_run(text[m.end():], max_tokens=4)
        if name and _provinces().get(fold(name), (None, False))[1]:
            provinces.append(_provinces()[fold(name)][0])
    district = _most_common(districts)
    province = _most_common(provinces)
    if province is None and district and fold(district) in _provinces():
        # a town named after its province (thị xã Quảng Trị lies in tỉnh Quảng Trị)
        province = _provinces()[fold(district)][0]
    return district, province


def _most_common(names: list[str]) -> str | None:
    """The most mentioned name (case and marks aside), in its printed mixed-case spelling if any."""
    if not names:
        return None
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(fold(name), []).append(name)
    best = max(groups.values(), key=len)
    mixed = [n for n in best if not n.isupper()]
    return mixed[0] if mixed else " ".join(w.capitalize() for w in best[0].lower().split())


def leading_doc_type(text: str) -> tuple[str, str] | None:
    """('Kế hoạch', rest) when TEXT opens with a document-type word in capitals ('KẾ HOẠCH Cải cách …')."""
    for word, label in sorted(((r["word"], r["label"]) for r in load("doc_types")), key=lambda t: -len(t[0])):
        head = text[:len(word)]
        if fold(head) == fold(word) and head.isupper() and (len(text) == len(word) or text[len(word)] == " "):
            return label, text[len(word):].strip()
    return None


def _doc_type_and_title(paragraphs: list[RawParagraph]) -> tuple[str | None, str | None, int | None]:
    for i, para in enumerate(paragraphs[:80]):
        found = leading_doc_type(para.text)
        if found is None:
            continue
        label, rest = found
        if rest.isupper() and rest:  # 'QUYẾT ĐỊNH:' in the enacting formula is not the type
            continue
        j = i
        if not rest and i + 1 < len(paragraphs):
            j = i + 1
            rest = paragraphs[j].text.strip()
        if rest.endswith(":"):
            continue
        return label, _joined_title(rest, paragraphs[j + 1:j + 4]) if rest else None, i
    return None, None, None




def _joined_title(title: str, following: list[RawParagraph]) -> str:
    """A title printed over several paragraphs, joined until the body starts: '… năm 2025 và' +
    'phương hướng, nhiệm vụ năm 2026 …'; 'ĐỀ ÁN … GIAI ĐOẠN' + '2021-2025, ĐỊNH HƯỚNG ĐẾN NĂM 2030'."""
    caps = is_caps(title)
    for para in following:
        text = para.text.strip()
        folded = fold(text)
        if not text or len(text) > 300 or _header_pattern("body_opens").match(folded) or heading_of(text) or text[0] in "(-*+•" \
                or find_issuer([text], "") or is_signature_start(text):
            break
        if caps:
            if not is_caps(text) or _header_pattern("joins_title").search(title) is None and len(title) > 120:
                break
        elif not (text[:1].islower() or _header_pattern("joins_title").search(title)):
            break
        title = f"{title} {text}"
    return title


def _subject_line(lines: list[str]) -> str | None:
    """The 'V/v …' subject of a letter (công văn), with its wrapped lines, up to 'Kính gửi'."""
    for i, line in enumerate(lines[:40]):
        text = line.strip(" *\t")
        if not re.match(r"^V/v\b", text, re.IGNORECASE):
            continue
        parts = [text]
        for nxt in lines[i + 1:i + 6]:
            part = nxt.strip(" *\t")
            folded = fold(part)
            if not part or folded.startswith(("kinh gui", "so:")) or _header_pattern("motto").search(folded) or _DATE.search(part) \
                    or is_caps(part):
                break
            parts.append(part)
        return " ".join(" ".join(parts).split())
    return None


def is_signature_start(text: str) -> bool:
    """'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH': the line that opens the signature block."""
    return bool(_header_pattern("signature_opens").match(fold(text).strip(" *")))


def _signer(lines: list[str]) -> tuple[str | None, str | None]:
    """(name, title) from the signature block: 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / … / name'."""
    titles = sorted(((fold(r["word"]), r["label"]) for r in load("signer_titles")), key=lambda t: -len(t[0]))
    # the block starts at the last 'TM.'/'KT.' line, or failing that the last bare title line
    starts = [i for i, ln in enumerate(lines) if is_signature_start(ln)]
    if not starts:
        starts = [i for i, ln in enumerate(lines) if fold(ln).strip(" .*") in {w for w, _ in titles}]
    if not starts:
        return None, None
    title = None
    for j in range(starts[-1], min(starts[-1] + 25, len(lines))):
        text = lines[j].strip(" *\t\u00a0")
        folded = re.sub(_header_pattern("signature_opens").pattern + r"\s*", "", fold(text)).strip(" .")
        if not folded or _header_pattern("signature_note").match(folded):
            continue  # '(Đã ký)', '(ký, đóng dấu)': a note where the signature was
        matched = next((label for word, label in titles if folded == word), None)
        if matched:
            title = matched  # under 'KT. CHỦ TỊCH' the next title line wins
            continue
        text = _join_split_name(text)
        if title and _looks_like_name(text):
            return text, title
    return None, title


def _join_split_name(text: str) -> str:
    """A text layer that splits a word after its first letter: 'Nguyễn N gọc Phúc' → 'Nguyễn Ngọc Phúc'."""
    return re.sub(r"(?<!\S)([A-ZĐÀ-Ỹ])\s+(?=[a-zđà-ỹ]{2,}(?:\s|$))", r"\1", text)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[0].isupper() and w.isalpha() for w in words) and not text.isupper()


@lru_cache(maxsize=1)
def _plan_types() -> dict[str, bool]:
    return {r["label"]: r.get("plan", "1") != "0" for r in load("doc_types")}


def _is_plan_type(label: str) -> bool:
    return _plan_types().get(label, True)


def is_report_type(label: str | None) -> bool:
    """'Báo cáo': a document that accounts for what was done (doc_types.csv, column reports)."""
    return label is not None and any(r["label"] == label and r.get("reports") == "1" for r in load("doc_types"))


def _letter_label() -> str | None:
    return next((r["label"] for r in load("doc_types") if fold(r["word"]) == "cong van"), None)


def _annex_title(paragraphs: list[RawParagraph]) -> str | None:
    """The title under a 'PHỤ LỤC' heading ('… (GIAI ĐOẠN 2025-2030)'), which dates a decision
    whose own title names no years."""
    for i, para in enumerate(paragraphs):
        if re.match(r"^phu luc\b", fold(para.text)):
            text = " ".join(p.text for p in paragraphs[i:i + 3])
            if _RANGE.search(text):
                return text
    return None


def _objectives_heading(paragraphs: list[RawParagraph]) -> str | None:
    """A short heading of the objectives that names their horizon ('II. MỤC TIÊU ĐẾN NĂM 2030',
    'Mục tiêu giai đoạn 2026 - 2030'): the period of a decision whose title and annex name none."""
    for para in paragraphs:
        text = para.text.replace("*", " ").strip()
        folded = fold(text)
        if len(text) > 80 or not _OBJECTIVES.match(folded):
            continue
        if _RANGE.search(text) or _SPAN.search(text) or _UNTIL.search(text):
            return text
    return None


_OBJECTIVES = re.compile(r"^(?:[ivxlc]+|\d+|[a-z])?[.)]?\s*+muc\s+tieu\b")
_CITED_DATE = re.compile(r"ngày\s+\d{1,2}\s*(?:tháng\s*|/)\s*\d{1,2}\s*(?:năm\s*|/)\s*(?:19|20)\d{2}", re.IGNORECASE)
# a term of office ('ĐẠI BIỂU HĐND CÁC CẤP NHIỆM KỲ 2026 - 2031') is the elected bodies' years, not the plan's
_TERM = re.compile(rf"nhiệm\s+kỳ\s+{YEAR}\s*[-–—]\s*{YEAR}", re.IGNORECASE)
_SPAN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?!\d)")
_UNTIL = re.compile(r"đến\s+năm\s+((?:19|20)\d{2})", re.IGNORECASE)


def _period(title: str | None, issue_year: int | None, *, fallback: bool = True) -> tuple[int | None, int | None]:
    """The years a title says the plan covers: 'giai đoạn 2021-2025, định hướng đến năm 2030' →
    2021–2025; '… 03 năm 2026 - 2028' → 2026–2028; '… đến năm 2030' → issue year–2030; 'năm 2024'
    → 2024. Dates of the documents it cites and the vision beyond ('tầm nhìn đến năm 2045') do not count."""
    if title:
        text = _header_pattern("vision").sub("", _TERM.sub("", _CITED_DATE.sub("", title)))
        m = _RANGE.search(text) or _SPAN.search(text)
        if m:
            return int(m.group(1)), int(m.group(2))
        m = _UNTIL.search(text)
        if m:
            end = int(m.group(1))
            return (issue_year if issue_year and issue_year <= end else end), end
        years = [int(y) for y in _YEAR.findall(text)]
        if years:
            return max(years), max(years)
    return (issue_year, issue_year) if fallback else (None, None)


def parse_header(lines: list[str], paragraphs: list[RawParagraph]) -> DraftHeader:
    """Header fields of the contract's `document` record, as raw strings (period as two ints)."""
    full_text = "\n".join(lines)
    # two header columns share a line, separated by a run of spaces: keep them apart
    body_text = " ".join(re.sub(r"\s{3,}", " ; ", p.text) for p in paragraphs)
    header: dict[str, object] = {}

    issuer = find_issuer(lines, body_text)
    header.update({k: issuer[k] for k in ("issuer", "admin_level", "unit_name") if k in issuer})

    m = _NUMBER.search(full_text)
    if m:
        kind = re.sub(r"\s+", "", m.group("kind"))
        header["doc_number"] = f"{m.group('num')}/{kind}"

    m = _DATE.search(full_text)
    issue_year = None
    if m:
        issue_year = int(m.group("y"))
        pieces = m.group("before").split("\n")
        before = pieces[-1]
        # a place name broken across lines ('Bắc' / 'Ninh, ngày …'): earlier pieces that are
        # nothing but capitalised words belong to it
        for piece in reversed(pieces[:-1]):
            words = piece.split()
            if not words or len(words) > 3 or not all(w[0].isupper() for w in words) or piece.strip().isupper():
                break
            before = f"{piece.strip()} {before.strip()}"
        before = _NUMBER.sub("", before).strip()
        place = _capitalised_run_from_end(before)
        if place:
            header["place"] = place
        if m.group("d").isdigit() and m.group("m"):
            header["issue_date"] = f"{issue_year:04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"

    doc_type, title, _ = _doc_type_and_title(paragraphs)
    if doc_type is None:
        title = _subject_line(lines)
        doc_type = _letter_label() if title else None
    header["doc_type"] = doc_type
    header["title"] = title
    if doc_type is not None and not _is_plan_type(doc_type):
        header["start_year"], header["end_year"] = None, None  # a report, letter or notice covers no period
    else:
        start, end = _period(title, issue_year, fallback=False)
        if start is None:
            start, end = _period(_annex_title(paragraphs), issue_year, fallback=False)
        if start is None:
            start, end = _period(_objectives_heading(paragraphs), issue_year)
        header["start_year"], header["end_year"] = start, end

    if "doc_number" not in header and _DATE.search(full_text[:3000]) is None:
        m = _ENCLOSED_BY.search(full_text)  # no header block: the annex subtitle names the document
        if m:
            header.setdefault("doc_number", f"{m.group('num')}/{m.group('kind')}")
            header.setdefault("issue_date", f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}")

    if issuer and issuer.get("admin_level") is None and issuer.get("issuer"):
        header["district"], header["province"] = None, None  # a national body: no locality
    else:
        header["district"], header["province"] = _district_and_province(body_text)
    for key in ("district", "province"):
        if key in issuer:
            header[key] = issuer[key]
    header["signer"], header["signer_title"] = _signer(lines)
    return DraftHeader(**header)


def _capitalised_run_from_end(text: str) -> str | None:
    """'Số: 10 /KH-UBND  Vĩnh Chấp' → 'Vĩnh Chấp' (the capitalised words that end the text); a level
    word printed before the name stays with it ('Thành phố Hồ Chí Minh', 'Thị xã Quảng Trị')."""
    tokens = []
    words = text.split()
    for word in reversed(words):
        if not (word[0].isupper() or word.isdigit()) or "/" in word or word.endswith(":"):
            break
        tokens.append(word)
    if not tokens:
        return None
    before = " ".join(words[:len(words) - len(tokens)])
    for level, _tier in level_words():
        if fold(before).endswith(fold(level)) and " " in level:
            printed = before[-len(level):]
            if printed[:1].isupper() and fold(printed) == fold(level):
                tokens.append(printed)
            break
    return " ".join(reversed(tokens))
