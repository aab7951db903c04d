"""Document lines → header fields: issuer, level, unit, district, province, number, date, type, title, signer."""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.extract.sections import RawParagraph
from vnplan.normalize.lexicons import fold, load

_DATE = re.compile(
    r"(?<![^,])(?P<before>[^,]*),\s*ngày\s*(?P<d>\S{0,3}?)\s*tháng\s*(?P<m>\d{0,2})\s*năm\s*(?P<y>(?:19|20)\d{2})",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<!\w)Số\s*(?::\s*|\s(?=\d))(?P<num>[\dA-Za-z.]*)\s*/\s*(?P<kind>[A-ZĐ][A-ZĐa-z0-9.]*(?:\s*-\s*[A-ZĐ][A-ZĐa-z0-9.]*)*)")
_RANGE = re.compile(r"giai\s+đoạn\s+((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})", re.IGNORECASE)
_YEAR = re.compile(r"năm\s+((?:19|20)\d{2})", re.IGNORECASE)
# "ỦY BAN NHÂN DÂN" in any tone placement or without marks, or its abbreviation "UBND"
_COMMITTEE = re.compile(r"(?<!\w)(?:[UỦỤ][YỶỲ]\s+BAN\s+NH[ÂA]N\s+D[ÂA]N|UBND)(?!\w)", re.IGNORECASE)
_TOKEN_END = re.compile(r"[,.;:()\"“”]")


@lru_cache(maxsize=1)
def _admin_words() -> dict[str, list[str]]:
    tiers: dict[str, list[str]] = {}
    for row in load("admin_units"):
        tiers.setdefault(row["tier"], []).append(row["word"])
    return tiers


@lru_cache(maxsize=1)
def _provinces() -> dict[str, tuple[str, bool]]:
    return {fold(r["name"]): (r["name"], r["is_city"] == "1") for r in load("provinces")}


def _capitalised_run(text: str, max_tokens: int = 4) -> str | None:
    """The proper name at the start of TEXT: 'Hoài Nhơn về cải cách' → 'Hoài Nhơn'."""
    tokens = []
    for raw in text.split():
        word = _TOKEN_END.split(raw)[0]
        if not word or not (word[0].isupper() or word.isdigit()):
            break
        tokens.append(word)
        if word != raw or len(tokens) == max_tokens:
            break
    return " ".join(tokens) or None


def _proper_case(name: str, level: str, text: str) -> str:
    """The printed casing of an all-caps unit name, from the body ('VĨNH CHẤP' → 'Vĩnh Chấp').

    Compared without marks, so a repaired header ('NGUYỆN GIÁP') still finds the body's spelling;
    the most frequent mixed-case spelling wins.
    """
    if name.isdigit() or not name.isupper():
        return name
    target = fold(name)
    spellings = []
    for m in re.finditer(rf"(?<!\w){re.escape(level)}\s+", text, re.IGNORECASE):
        candidate = _capitalised_run(text[m.end():], max_tokens=len(name.split()))
        if candidate and fold(candidate) == target and not candidate.isupper():
            spellings.append(candidate)
    if spellings:
        return max(set(spellings), key=spellings.count)
    return " ".join(w.capitalize() for w in name.lower().split())


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(level, NAME) from the 'ỦY BAN NHÂN DÂN / XÃ VĨNH CHẤP' block (not the 'TM.' signature)."""
    levels = sorted(_admin_words()["commune"], key=len, reverse=True)
    for i, line in enumerate(lines):
        m = _COMMITTEE.search(line)
        if not m or re.match(r"^\s*(?:tm|kt|t/m)\s*\.", fold(line)):
            continue
        after = line[m.end():].strip()
        candidates = [after] + [ln for ln in lines[i + 1:i + 4] if ln.strip()][:1]
        for cand in candidates:
            fcand = fold(cand)
            for level in levels:
                if fcand.startswith(fold(level) + " "):
                    rest = cand.strip()[len(level):].strip()
                    # the two header columns can share a line: cut at 'CỘNG HÒA' / 'Độc lập'
                    rest = re.split(r"\s{2,}|\s(?=C[ỘO]NG\s+H[ÒO])|\s(?=Độc\s+lập)", rest)[0]
                    name = _capitalised_run(rest, max_tokens=4)
                    if name and cand.strip()[:len(level)].isupper():
                        name = " ".join(_takewhile_caps(name.split()))
                    if name:
                        return level, name
    return None, None


def _takewhile_caps(words: list[str]) -> list[str]:
    taken = []
    for word in words:
        if not (word.isupper() or word.isdigit()):
            break
        taken.append(word)
    return taken


def _place_in(text: str, tier: str, prefer_city_as_province: bool) -> list[str]:
    found = []
    for word in _admin_words()[tier]:
        for m in re.finditer(rf"(?<!\w){word}\s+(?=\S)", text, re.IGNORECASE):
            name = _capitalised_run(text[m.end():], max_tokens=4)
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
        name = _capitalised_run(text[m.end():])
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
        if not rest and i + 1 < len(paragraphs):
            rest = paragraphs[i + 1].text.strip()
        if rest.endswith(":"):
            continue
        return label, rest or None, i
    return None, None, None


_SIGNATURE_START = re.compile(r"^(tm|t/m|kt)\s*\.")


def is_signature_start(text: str) -> bool:
    """'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH': the line that opens the signature block."""
    return bool(_SIGNATURE_START.match(fold(text).strip(" *")))


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
        text = lines[j].strip(" *")
        folded = re.sub(r"^(?:tm|t/m|kt)\s*\.\s*", "", fold(text)).strip(" .")
        if not folded or _SIGNATURE_NOTE.match(folded):
            continue  # '(Đã ký)', '(ký, đóng dấu)': a note where the signature was
        matched = next((label for word, label in titles if folded == word), None)
        if matched:
            title = matched  # under 'KT. CHỦ TỊCH' the next title line wins
            continue
        if title and _looks_like_name(text):
            return text, title
    return None, title


_SIGNATURE_NOTE = re.compile(r"^[(\[]?\s*(?:da ky|ky|ky ten|ky, dong dau|ky ten, dong dau|da ky va dong dau)\b.*[)\]]?$|^[(\[].*[)\]]$")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[0].isupper() and w.isalpha() for w in words) and not text.isupper()


def _period(title: str | None, issue_year: int | None) -> tuple[int | None, int | None]:
    if title:
        m = _RANGE.search(title)
        if m:
            return int(m.group(1)), int(m.group(2))
        years = [int(y) for y in _YEAR.findall(title)]
        if years:
            return max(years), max(years)
    return issue_year, issue_year


def parse_header(lines: list[str], paragraphs: list[RawParagraph]) -> dict[str, object]:
    """Header fields of the contract's `document` record, as raw strings (period as two ints)."""
    full_text = "\n".join(lines)
    # two header columns share a line, separated by a run of spaces: keep them apart
    body_text = " ".join(re.sub(r"\s{3,}", " ; ", p.text) for p in paragraphs)
    header: dict[str, object] = {}

    level, name = _issuer(lines)
    if level and name:
        unit = _proper_case(name, level, body_text)
        header.update(admin_level=level, unit_name=unit, issuer=f"UBND {level} {unit}")

    m = _NUMBER.search(full_text)
    if m:
        kind = re.sub(r"\s+", "", m.group("kind"))
        header["doc_number"] = f"{m.group('num')}/{kind}"

    m = _DATE.search(full_text)
    issue_year = None
    if m:
        issue_year = int(m.group("y"))
        before = m.group("before").split("\n")[-1]
        before = _NUMBER.sub("", before).strip()
        place = _capitalised_run_from_end(before)
        if place:
            header["place"] = place
        if m.group("d").isdigit() and m.group("m"):
            header["issue_date"] = f"{issue_year:04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"

    doc_type, title, _ = _doc_type_and_title(paragraphs)
    header["doc_type"] = doc_type
    header["title"] = title
    header["start_year"], header["end_year"] = _period(title, issue_year)

    header["district"], header["province"] = _district_and_province(body_text)
    header["signer"], header["signer_title"] = _signer(lines)
    return header


def _capitalised_run_from_end(text: str) -> str | None:
    """'Số: 10 /KH-UBND  Vĩnh Chấp' → 'Vĩnh Chấp' (the capitalised words that end the text)."""
    tokens = []
    for word in reversed(text.split()):
        if not (word[0].isupper() or word.isdigit()) or "/" in word or word.endswith(":"):
            break
        tokens.append(word)
    return " ".join(reversed(tokens)) or None
