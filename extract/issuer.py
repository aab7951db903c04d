"""The issuer of a document at every level: a People's Committee (xã … tỉnh), a department under it
(Sở, Phòng, Ban …), or a national body (Thủ tướng Chính phủ, Chính phủ, a Bộ, Văn phòng Chính phủ).

The words are data: corpus/lexicons/admin_units.csv (level words), issuers.csv (national bodies
and department prefixes) and provinces.csv (the provinces and centrally-run cities, before and
after the 2025 reorganisation).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from vnplan.extract.sections import is_caps
from vnplan.lang.vi import fold, load

# "ỦY BAN NHÂN DÂN" in any tone placement or without marks, or its abbreviation "UBND"
COMMITTEE = re.compile(r"(?<!\w)(?:[UỦỤ][YỶỲ]\s+BAN\s+NH[ÂA]N\s+D[ÂA]N|UBND)(?!\w)", re.IGNORECASE)
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia|doc lap\s*-\s*tu do")
_CUT = re.compile(r"\s{2,}|\s(?=C[ỘO]NG\s+H[ÒO]A)|\s(?=Độc\s+lập)|\t")
_SIGN = re.compile(r"^(?:tm|t/m)\s*\.\s*")
_TOKEN_END = re.compile(r"[,.;:()\"“”]")
PROVINCE_LEVEL = ("tỉnh",)


@lru_cache(maxsize=1)
def level_words() -> list[tuple[str, str]]:
    """(word, tier) of every administrative level, longest first ('thị trấn' before 'thị')."""
    return sorted(((r["word"], r["tier"]) for r in load("admin_units")), key=lambda t: -len(t[0]))


@lru_cache(maxsize=1)
def provinces() -> dict[str, tuple[str, bool]]:
    return {fold(r["name"]): (r["name"], r["is_city"] == "1") for r in load("provinces")}


@lru_cache(maxsize=1)
def _bodies() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    rows = load("issuers")
    central = sorted(((fold(r["printed"]), r["name"]) for r in rows if r["kind"] == "central"), key=lambda t: -len(t[0]))
    departments = sorted(((fold(r["printed"]), r["name"]) for r in rows if r["kind"] == "department"),
                         key=lambda t: -len(t[0]))
    return central, departments


def capitalised_run(text: str, max_tokens: int = 5) -> str | None:
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


def body_spelling(caps: str, body: str) -> str | None:
    """The mixed-case spelling the body gives an all-caps phrase ('NỘI VỤ' → 'Nội vụ'), if any."""
    n = len(caps.split())
    target = fold(caps)
    words = body.split()
    seen: Counter[str] = Counter()
    first = target.split()[0] if target else ""
    for i in range(len(words) - n + 1):
        if fold(words[i].strip(",.;:()")) != first:
            continue
        candidate = " ".join(words[i:i + n]).strip(",.;:()")
        if fold(candidate) == target and not candidate.isupper():
            seen[candidate] += 1
    return seen.most_common(1)[0][0] if seen else None


def _sentence_case(caps: str, body: str) -> str:
    """'VỀ PHÁT TRIỂN KHCN' → 'về phát triển KHCN': acronyms the body writes in capitals stay."""
    out = []
    for word in caps.split():
        core = word.strip(",.;:()")
        if len(core) >= 2 and re.search(rf"(?<![\w]){re.escape(core)}(?![\w])", body) and \
                not re.search(rf"(?<![\w]){re.escape(core.capitalize())}(?![\w])", body) and \
                not re.search(rf"(?<![\w]){re.escape(core.lower())}(?![\w])", body):
            out.append(word)
        else:
            out.append(word.lower())
    return " ".join(out)


def _spelled_by_parts(caps: str, body: str, longest: int = 4) -> str:
    """An all-caps name spelled piece by piece as the body spells its phrases ('BAN CHỈ ĐẠO' → 'Ban
    Chỉ đạo', 'ĐỀ ÁN 06' → 'Đề án 06'); a piece the body never spells is lower case, or kept in
    capitals when the body writes it so (an acronym: 'KHCN')."""
    words = caps.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + longest), i, -1):
            spelled = body_spelling(" ".join(words[i:j]), body) if j - i > 1 else None
            if spelled:
                out.append(spelled)
                i = j
                break
        else:
            out.append(_sentence_case(words[i], body))
            i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _proper(caps: str, body: str) -> str:
    if not caps.isupper():
        return caps
    return body_spelling(caps, body) or " ".join(w.capitalize() for w in caps.lower().split())


def _header_lines(lines: list[str], limit: int = 40) -> list[str]:
    """The lines of the issuer's column: non-empty lines before 'Số:'/the motto, cut at a second column."""
    out = []
    for line in lines[:limit]:
        text = line.strip(" *\t")
        if not text:
            continue
        folded = fold(text)
        if _MOTTO.match(folded) or folded.startswith("so:") or re.match(r"^so\s+\d", folded):
            break
        text = _CUT.split(text)[0].strip()
        if text:
            out.append(text)
    return out


def find_issuer(lines: list[str], body: str) -> dict[str, str | None]:
    """issuer, admin_level, unit_name and (when the level says it) province, or {} when not found.

    The header block (the lines before the body) is searched at every level; failing that (an
    export that lost its header), the whole text for a commune-level committee ('UBND phường …').
    """
    found = _committee(lines[:_header_end(lines)], body)
    if not found:
        found = _committee(lines, body, tiers=("commune",))
    if found:
        return found
    head = [ln for ln in _header_lines(lines) if is_caps(ln, 0.9)]
    joined = fold(" ".join(head[:3]))
    central, _ = _bodies()
    for printed, name in central:
        if joined.startswith(printed):
            return {"issuer": name, "admin_level": None, "unit_name": None, "province": None, "district": None}
    if joined.startswith("bo "):  # a ministry the lexicon does not list
        name = " ".join(head[:3])[3:].strip()
        return {"issuer": "Bộ " + _proper(name, body), "admin_level": None, "unit_name": None, "province": None,
                "district": None}
    # no header block: the body 'on behalf of' in the signature ('TM. CHÍNH PHỦ')
    for line in reversed(lines):
        folded = fold(line.strip(" *"))
        if _SIGN.match(folded):
            rest = _SIGN.sub("", folded)
            for printed, name in central:
                if rest == printed:
                    return {"issuer": name, "admin_level": None, "unit_name": None, "province": None,
                            "district": None}
    return {}


def _header_end(lines: list[str]) -> int:
    """Index of the first body line: 'Căn cứ …', 'Thực hiện …', 'Kính gửi', a numbered item."""
    seen = 0
    for i, line in enumerate(lines[:80]):
        folded = fold(line.strip(" *\t"))
        if not folded:
            continue
        seen += 1
        if re.match(r"^(?:can cu|thuc hien|kinh gui|[a-z0-9]{1,3}[.)] )", folded) or seen > 30:
            return i
    return min(len(lines), 80)


def _committee(lines: list[str], body: str, tiers: tuple[str, ...] | None = None) -> dict[str, str | None]:
    """'ỦY BAN NHÂN DÂN / TỈNH LÂM ĐỒNG [/ SỞ NỘI VỤ]' (not the 'TM.' signature line). In a header
    block that names the parent committee first ('UBND HUYỆN ĐỨC PHỔ' / 'UBND THỊ TRẤN MỘ ĐỨC'), the
    last committee is the issuer; in the whole text (tiers given), the first."""
    found: dict[str, str | None] = {}
    for record in _committees(lines, body, tiers):
        found = record
        if tiers:
            break
    return found


def _committees(lines: list[str], body: str, tiers: tuple[str, ...] | None):
    for i, line in enumerate(lines):
        m = COMMITTEE.search(line)
        if not m or re.match(r"^\s*(?:tm|kt|t/m)\s*\.", fold(line)):
            continue
        after = line[m.end():].strip()
        following = [ln for ln in lines[i + 1:i + 5] if ln.strip()]
        for k, cand in enumerate([after] + following[:1]):
            level_name = _level_and_name(cand.strip(" *\t\u00a0"), tiers)
            if level_name is None:
                continue
            level, name = level_name
            unit = _proper(name, body) if name.isupper() else name
            unit = _proper_level_name(name, level, body) or unit
            record: dict[str, str | None] = {"issuer": f"UBND {level} {unit}", "admin_level": level, "unit_name": unit}
            known = provinces().get(fold(unit))
            if level == "tỉnh" or (level == "thành phố" and known and known[1]):
                record["province"] = known[0] if known else unit
                record["district"] = None
            elif dict(level_words()).get(level) == "district":
                record["district"] = unit
            department = _department(following[k:k + 3] if k == 0 else following[1:4], body)
            if department:
                record["issuer"] = f"{department} {level} {unit}"
            yield record
            break


def _level_and_name(text: str, tiers: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    folded = fold(text)
    for word, tier in level_words():
        if tiers and tier not in tiers:
            continue
        if folded.startswith(fold(word) + " "):
            rest = _CUT.split(text[len(word):].strip())[0]
            name = capitalised_run(rest, max_tokens=4)
            if name and text[:len(word)].isupper():
                name = " ".join(w for w in _takewhile_caps(name.split()))
            if name:
                return word, name
    return None


def _takewhile_caps(words: list[str]) -> list[str]:
    taken = []
    for word in words:
        if not (word.isupper() or word.isdigit()):
            break
        taken.append(word)
    return taken


def _proper_level_name(name: str, level: str, body: str) -> str | None:
    """The printed casing of a unit name after its level word in the body ('tỉnh Lâm Đồng')."""
    if not name.isupper() or name.isdigit():
        return None
    target = fold(name)
    spellings: Counter[str] = Counter()
    for m in re.finditer(rf"(?<!\w){re.escape(level)}\s+", body, re.IGNORECASE):
        candidate = capitalised_run(body[m.end():], max_tokens=len(name.split()))
        if candidate and fold(candidate) == target and not candidate.isupper():
            spellings[candidate] += 1
    if spellings:
        return spellings.most_common(1)[0][0]
    known = provinces().get(target)
    return known[0] if known else None


def _department(candidates: list[str], body: str) -> str | None:
    """'SỞ NỘI VỤ' under the committee's name → 'Sở Nội vụ' (the body's own spelling when it has one)."""
    _, departments = _bodies()
    for n, text in enumerate(candidates):
        text = _CUT.split(text.strip(" *\t\u00a0"))[0].strip()
        folded = fold(text)
        if not text or not is_caps(text, 0.9) or COMMITTEE.search(text) or _MOTTO.search(folded):
            continue
        for printed, name in departments:
            if folded.startswith(printed + " "):
                # a long name wraps onto a second line in capitals ('BAN CHỈ ĐẠO' / 'VỀ PHÁT TRIỂN KHCN …')
                for more in candidates[n + 1:n + 2]:
                    more = _CUT.split(more.strip(" *\t\u00a0"))[0].strip()
                    if more and is_caps(more, 0.9) and not fold(more).startswith("so") and not _MOTTO.search(fold(more)):
                        text = f"{text} {more}"
                return body_spelling(text, body) or _spelled_by_parts(text, body)
        return None
    return None
