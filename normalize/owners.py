"""Splits a lead/support cell ("Công chức VP-TK; các công chức chuyên môn") into coded owners."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from vnplan.models.plan import UNIT_CODES, Owner
from vnplan.errors import VnplanError
from vnplan.lang.vi import load, simplify
from vnplan.normalize import owner_lexicon as lex
from vnplan.normalize.unit_levels import unit_level, unit_name

# A fuzzy match below this (rapidfuzz ratio, 0–100) is no match: "văn hóa" vs "văn phòng" scores
# 75, and "xyz bộ phận một cửa" vs "bộ phận một cửa" 88. Marks are folded away before matching, so
# what is left to forgive is a dropped or doubled letter.
MATCH_CUTOFF = 90
# A '*' in a units.csv name stands for this many words at most, so that "các * liên quan" cannot
# swallow a whole list of units ("Các ban ngành, Công chức Tư pháp, các ngành liên quan").
WILDCARD_MAX_WORDS = 5
# A fragment that only begins with a unit's name may add this many words ("… phụ trách thể thao").
HEAD_MAX_EXTRA_WORDS = 4
# At most this many comma/semicolon pieces form one owner ("Các cơ quan, đơn vị, địa phương, tổ
# chức, doanh nghiệp" is one group).
MAX_PIECES_PER_OWNER = 8
# A piece that continues a group phrase ("…, đơn vị có liên quan") adds at most this many words to
# its collective noun.
GROUP_PIECE_MAX_EXTRA_WORDS = 4

# Costs of the segmentation, lowest total wins. Every fragment costs a little, so an exact name is
# kept whole ("Văn phòng HĐND và UBND"); a fuzzy match costs by its distance, so pieces that match
# exactly beat a long fuzzy whole ("Đảng ủy, HĐND, UBND" is three units); a fragment whose name
# only begins with a unit ("Công chức VH-XH phụ trách VHTT") costs more than a split whose pieces
# all match; an unknown piece costs more than any match.
_COST_FRAGMENT = 0.2
_COST_PER_FUZZY_POINT = 0.05
_COST_WILDCARD = 0.5
_COST_HEAD = 1.5
_COST_UNKNOWN_PIECE = 2.0
MAX_STACKED_ROLES = 3  # 'Đại diện Lãnh đạo …': role words before the unit
_COST_CAPITAL_JOIN = 0.5  # joining an unknown piece that opens a name of its own to the one before

# Places where a cell may list a new unit: ; , newline + & and the word "và". Whether a comma or
# "và" really separates two units ("Văn phòng HĐND và UBND" is one) is decided by the lexicon.
# A dash with spaces around it may too ("HĐND - UBND xã"); "VP-TK" and "Văn phòng - Thống kê" stay
# whole because the lexicon knows them whole. No unit's name holds a ';', which
# always separates (a line break is only wrapping).
_SEPARATOR = re.compile(r"[;,\n+&]|(?<!\w)và(?!\w)|(?<=\s)[-–—](?=\s)", re.IGNORECASE)
_HARD_SEPARATOR = re.compile(r";")
_BRACKET = re.compile(r"[()]")
_EDGE_PUNCTUATION = " \t\r\n.,;:+&-–—•*"
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class _Match:
    code: str
    kind: str
    cost: float


def _is_group_piece(piece: str) -> bool:
    """'ban', 'đơn vị có liên quan', 'cơ quan thuộc Chính phủ': a collective noun and a few
    qualifying words, naming no unit of its own (no capitalised name: 'Công chức Tư pháp' is one)."""
    # 'thành phố (chủ trì phần đầu tư, xây dựng …)': an aside in brackets says what the piece does
    piece = " ".join(lex.PARENTHESES.sub(" ", piece).split())
    # 'ngành tỉnh có liên quan tới việc thực hiện Kế hoạch này': what follows 'liên quan' qualifies
    related = lex.related_pattern().search(piece)
    if related:
        piece = piece[: related.end()]
    # 'cơ quan trực thuộc Sở': the capitalised words after 'thuộc' name the parent, not the piece
    under = lex.under_pattern().search(f" {piece} ")
    parent = piece[under.end() - 1:] if under else ""
    words = simplify(piece)
    noun = lex.noun_of(piece)
    if noun is None or words.count(" ") - noun.count(" ") - len(parent.split()) > GROUP_PIECE_MAX_EXTRA_WORDS:
        return False
    rest = piece[: len(piece) - len(parent)].strip(_EDGE_PUNCTUATION).split()[noun.count(" ") + 1:]
    allowed = {word for phrase in lex.owner_words("proper") for word in phrase.split()}
    if any(w[:1].isupper() and simplify(w) not in allowed for w in rest):
        return False
    named = _lookup(_variants(lex.canonical(piece)))  # "Bộ phận một cửa phường" is a unit, not a noun
    return named is None or named.kind == "group"


def _group_list(fragment: str) -> _Match | None:
    """A group phrase whatever commas it holds: 'Các sở, ban, ngành', 'các cơ quan, đơn vị, địa
    phương', 'UBND các xã, phường, đặc khu' — a first piece that says 'các' and further pieces
    that are collective nouns. Its code is the first piece's (UBND các xã → ubnd), else all_related."""
    pieces = [fragment[a:b] for a, b in _pieces(fragment)]
    if len(pieces) < 2 or not all(_is_group_piece(piece) for piece in pieces[1:]):
        return None
    first_words = simplify(pieces[0])
    families = lex.noun_families()
    last = lex.last_noun_of(first_words)
    if not set(first_words.split()) & set(lex.owner_words("plural")):
        # "Sở, ban, ngành liên quan", "UBND phường, xã, đặc khu": without 'các' the first piece must
        # end with a collective noun of the family of the pieces after it, and every piece but the
        # last be a bare one
        if last is None or not all(simplify(piece) in families for piece in pieces[1:-1]):
            return None
        # one family shared by every piece (a folded noun may have two: 'ban' body, 'bản' place)
        shared = set(families.get(last, ()))
        for piece in pieces[1:]:
            shared &= families.get(lex.noun_of(piece), frozenset())
        if not shared - {""}:
            return None
    else:
        # "UBND các xã, phường và cơ quan, đơn vị có liên quan": bodies after places start another group
        family = families.get(last, frozenset()) - {""}
        for piece in pieces[1:]:
            if any(simplify(piece).startswith(w) for w in lex.not_places()):
                continue  # "xã hội" holds the letters of "xã" and is no place
            theirs = families.get(lex.noun_of(piece), frozenset())
            if family and "" not in theirs and not family & theirs:
                return None
    if any(simplify(piece) == n or simplify(piece).startswith(n + " ") for piece in pieces for n in lex.mixed_nouns()):
        return _Match("all_related", "group", _COST_FRAGMENT)  # "Các bộ, ngành, địa phương": every level
    head = _without_role(pieces[0])
    nouns = [lex.noun_of(lex.without_plural(simplify(piece))) for piece in [head, *pieces[1:]]]
    if all(noun and "place" in families.get(noun, ()) for noun in nouns):
        # "các xã, phường, đặc khu": places acting are their People's Committees (as "Các tỉnh, thành phố")
        return _Match("ubnd", "role" if head != pieces[0] else "group", _COST_FRAGMENT)
    first = _match(head)
    if first is None or first.code == "other":
        return _Match("all_related", "group", _COST_FRAGMENT)
    # "Chủ tịch UBND các xã, phường": the heads of them (the commune gold keeps "UBND các xã, phường" a unit)
    return _Match(first.code, "role" if head != pieces[0] else first.kind, _COST_FRAGMENT)


def _without_role(piece: str) -> str:
    """'Thủ trưởng các sở' → 'các sở': what a group's head role word leads."""
    canonical = lex.canonical(piece)
    for prefix in lex.role_prefixes():
        if canonical.startswith(prefix + " "):
            words = prefix.count(" ") + 1
            return " ".join(piece.split()[words:])
    return piece


def _plural_places(fragment: str) -> _Match | None:
    """'Các xã', 'Các thành phố trực thuộc Trung ương' as owners: places that act are their People's
    Committees, one group (as 'các xã, phường, đặc khu' in a list)."""
    words = simplify(fragment)
    first, _, rest = words.partition(" ")
    if first not in lex.owner_words("plural") or _SEPARATOR.search(fragment):
        return None
    noun = lex.noun_of(rest)
    # only a noun that is a place whatever its marks ('ban' a board folds like 'bản' a village)
    if lex.noun_families().get(noun) != frozenset({"place"}) or any(rest.startswith(w) for w in lex.not_places()):
        return None
    return _Match("ubnd", "group", _COST_FRAGMENT) if _is_group_piece(fragment.split(None, 1)[1]) else None


def _under(fragment: str) -> _Match | None:
    """'Các cơ quan trực thuộc Bộ Văn hóa, Thể thao và Du lịch': the bodies under a unit, a group of
    that unit's function; under a People's Committee ('các cơ quan chuyên môn thuộc UBND tỉnh') they
    are its departments, all_related."""
    m = lex.under_pattern().search(fragment)
    if not m or not set(simplify(fragment[: m.start()]).split()) & set(lex.owner_words("plural")):
        return None
    parent = _match(fragment[m.end():])
    if parent is None or parent.code == "other":
        return None
    return _Match("all_related" if parent.code == "ubnd" else parent.code, "group", _COST_FRAGMENT)


def _lookup(variants: list[str], fuzzy: bool = True) -> _Match | None:
    """The exact, else (with FUZZY) the closest fuzzy, units.csv name among a fragment's variants."""
    names, _ = _lexicon()
    best: _Match | None = None
    for variant in variants:
        if variant in names:
            return _Match(*names[variant], cost=_COST_FRAGMENT)
    for variant in variants if fuzzy else ():
        found = process.extractOne(variant, names.keys(), scorer=fuzz.ratio, score_cutoff=MATCH_CUTOFF)
        cost = _COST_FRAGMENT + _COST_PER_FUZZY_POINT * (100 - found[1]) if found else None
        if found and (best is None or cost < best.cost):
            best = _Match(*names[found[0]], cost=cost)
    return best


def _role_of(variants: list[str], listed: bool) -> _Match | None:
    """'Lãnh đạo Sở Tư pháp', 'Giám đốc Công an tỉnh': the unit after a role word, kind role; role
    words may stack ('Đại diện Lãnh đạo Trung tâm Phục vụ hành chính công tỉnh')."""
    for variant in variants:
        rest = variant
        for _ in range(MAX_STACKED_ROLES):
            prefix = next((p for p in lex.role_prefixes() if rest.startswith(p + " ")), None)
            if prefix is None:
                break
            rest = rest[len(prefix) + 1:]
            unit = _lookup(_variants(rest, listed))
            if unit is not None:
                return _Match(unit.code, "role" if unit.kind == "unit" else unit.kind, unit.cost + _COST_FRAGMENT)
    return None


@lru_cache(maxsize=None)
def _lexicon() -> tuple[dict[str, tuple[str, str]], list[tuple[re.Pattern[str], str, str]]]:
    """units.csv as {canonical name: (code, kind)} plus the wildcard names as regexes."""
    names: dict[str, tuple[str, str]] = {}
    wildcards: list[tuple[re.Pattern[str], str, str]] = []
    for row in load("units"):
        code, kind = row["code"], row["kind"]
        if code not in UNIT_CODES or kind not in ("unit", "group", "role"):
            raise VnplanError(f"corpus/lexicons/units.csv: {row['name']!r} has code {code!r} and kind "
                              f"{kind!r}; use a unit code of the contract and unit, group or role.",
                              stage="normalize")
        if "*" in row["name"]:
            gap = f" (?:\\S+ ){{0,{WILDCARD_MAX_WORDS - 1}}}\\S+ "
            parts = [re.escape(lex.canonical(part)) for part in row["name"].split("*")]
            wildcards.append((re.compile("^" + gap.join(parts) + "$"), code, kind))
        else:
            names.setdefault(lex.canonical(row["name"]), (code, kind))
    return names, wildcards


@lru_cache(maxsize=None)
def _unit_suffixes() -> frozenset[str]:
    """Suffixes that name a unit themselves ("UBND xã", "của UBND phường")."""
    names, _ = _lexicon()
    level_words = ("xa", "phuong", "thi tran", "cap xa", "dac khu", "tinh", "huyen", "quan", "thi xa",
                   "thanh pho", "cap tinh", "cap huyen")
    found = set()
    for suffix in lex.affixes()[1]:
        bare = suffix.removeprefix("cua ")
        for level in level_words:
            bare = bare.removesuffix(" " + level)
        if bare in names:
            found.add(suffix)
    return frozenset(found)


def _variants(canonical: str, listed: bool = False) -> list[str]:
    """The fragment with and without one leading and one trailing affix ("công chức", "xã").

    In a fragment that lists (it holds a separator: "HĐND - UBND thị trấn") a trailing "UBND thị
    trấn" is a unit of its own, not an affix."""
    # Every affix that fits is tried, not only the longest: folded "của UBND xã" and the end of
    # "một cửa UBND xã" are the same letters.
    prefixes, suffixes, qualifiers = lex.affixes()
    # "… phụ trách khối VHXH", "… tại địa phương": the qualifier and what follows it are dropped
    for qualifier in qualifiers:
        at = (canonical + " ").find(" " + qualifier + " ")
        if at > 0:
            canonical = canonical[:at]
    heads = [canonical] + [canonical[len(p) + 1:] for p in prefixes if canonical.startswith(p + " ")]
    if listed:
        suffixes = tuple(s for s in suffixes if s not in _unit_suffixes())
    variants: list[str] = []
    for head in heads:
        variants.append(head)
        variants += [head[: -len(s) - 1] for s in suffixes if head.endswith(" " + s)]
    return [v for v in dict.fromkeys(variants) if v]


@lru_cache(maxsize=1 << 16)  # cutting a flattened table asks about thousands of fragments
def _match(fragment: str) -> _Match | None:
    """The best units.csv entry for one fragment as written, or None."""
    names, wildcards = _lexicon()
    listed = _SEPARATOR.search(fragment) is not None
    variants = _variants(lex.canonical(fragment), listed)
    if not variants:
        return None
    exact = _lookup(variants, fuzzy=False)
    if exact:
        return exact
    # "Ủy ban nhân dân các thành phố: Hà Nội, Cần Thơ": a group, then after a colon the names of its members
    head, colon, members = fragment.partition(":")
    if colon and head.strip() and all(piece.strip(_EDGE_PUNCTUATION)[:1].isupper()
                                      for piece in _SEPARATOR.split(members) if piece.strip(_EDGE_PUNCTUATION)):
        named = _match(head)
        if named and named.kind == "group":
            return named
    # "Bộ, ngành có liên quan": a named group stays itself whatever 'liên quan' adds
    related = lex.related_pattern().search(fragment)
    if related and not fragment[related.end():].strip(_EDGE_PUNCTUATION):
        head = fragment[: related.start()]
        named = _lookup(_variants(lex.canonical(head), bool(_SEPARATOR.search(head))), fuzzy=False)
        if named and named.kind == "group":
            return named
    if listed:
        # a name that holds the separator itself, then a level suffix that names a unit too ('Ban
        # Tuyên giáo và Dân vận Tỉnh ủy'): the suffix says whose board it is, not a second owner
        names, _ = _lexicon()
        inside = [v for v in _variants(lex.canonical(fragment)) if v in names and " va " in f" {v} "]
        if inside:
            return _Match(*names[inside[0]], cost=_COST_FRAGMENT)
    places = _plural_places(fragment)
    if places:
        return places
    under = _under(fragment)
    if under:
        return under
    if listed:
        group = _group_list(fragment)
        if group:
            return group
    best = _lookup(variants)
    if best:
        return best
    role = _role_of(variants, listed)
    if role:
        return role
    for variant in variants:
        for regex, code, kind in wildcards:
            if regex.match(variant):
                return _Match(code, kind, _COST_WILDCARD)
    # "Công chức Văn hóa - Xã hội phụ trách VHTT": the name begins with a known unit of ≥ 2 words
    # and says little more, so that a sentence starting with a unit's name is not taken for one.
    parent = _parent_in_brackets(fragment)
    if parent or listed:
        return parent  # "Công chức VH-XH và Đài truyền thanh": a list is not one unit with words added
    for variant in variants:
        heads = [name for name in names if " " in name and variant.startswith(name + " ")
                 and variant.count(" ") - name.count(" ") <= HEAD_MAX_EXTRA_WORDS]
        if heads:
            return _Match(*names[max(heads, key=len)], cost=_COST_HEAD)
    return None


def _parent_in_brackets(fragment: str) -> _Match | None:
    """'Trung tâm Thông tin và Hội nghị tỉnh (Văn phòng UBND tỉnh)': a body the lexicon does not
    know, followed by the known unit it belongs to in brackets, does that unit's work."""
    asides = lex.PARENTHESES.findall(fragment)
    if len(asides) != 1 or not fragment.rstrip(_EDGE_PUNCTUATION).endswith(asides[0]):
        return None
    parent = _lookup(_variants(lex.canonical(asides[0][1:-1])), fuzzy=False)
    return _Match(parent.code, "unit", _COST_HEAD) if parent and parent.kind == "unit" else None


def _pieces(raw: str) -> list[tuple[int, int]]:
    """Spans of the text between separators; separators inside parentheses do not count."""
    spans: list[tuple[int, int]] = []
    start = depth = 0
    # the brackets and the separators in order of position (a separator holds no bracket)
    events = sorted([(m.start(), m.group(), m.end()) for m in _BRACKET.finditer(raw)]
                    + [(m.start(), "", m.end()) for m in _SEPARATOR.finditer(raw)])
    for position, bracket, end in events:
        if bracket == "(":
            depth += 1
        elif bracket == ")":
            depth -= bool(depth)
        elif depth == 0:
            spans.append((start, position))
            start = end
    spans.append((start, len(raw)))
    return [(a, b) for a, b in spans if raw[a:b].strip(_EDGE_PUNCTUATION)]


def _opens_a_name(piece: str) -> bool:
    """'Đoàn TNCS Hồ Chí Minh tỉnh', 'Hội Nông dân': a capitalised body word opens the piece."""
    text = piece.strip(_EDGE_PUNCTUATION)
    words = simplify(text)
    return text[:1].isupper() and any(words == w or words.startswith(w + " ") for w in lex.name_openers())


def _field_lists(raw: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'Các doanh nghiệp hoạt động trong lĩnh vực xây dựng, giao thông, vận tải …': after a field word
    (owner_words.csv, field) outside brackets, the lower-case pieces that follow name fields of the
    same group, up to a ';' or a piece that opens a name or a plural of its own."""
    fields = lex.owner_words("field")
    joined: list[tuple[int, int]] = []
    open_list = False
    for start, end in pieces:
        piece = raw[start:end].strip(_EDGE_PUNCTUATION)
        if (open_list and joined and not _HARD_SEPARATOR.search(raw[joined[-1][1]:start])
                and piece[:1].islower() and not _opens_plural(piece)):
            joined[-1] = (joined[-1][0], end)
            continue
        joined.append((start, end))
        outside = f" {simplify(lex.PARENTHESES.sub(' ', piece))} "
        open_list = any(f" {w} " in outside for w in fields)
    return joined


def _is_acronym(piece: str) -> bool:
    """'CMC', 'VNPT': a piece that is one word in capitals names a body of its own ('Tập đoàn FPT, CMC')."""
    text = piece.strip(_EDGE_PUNCTUATION)
    return len(text) >= 2 and " " not in text and text.isupper()


def _opens_plural(piece: str) -> bool:
    return simplify(piece.strip(_EDGE_PUNCTUATION)).split(" ", 1)[0] in lex.owner_words("plural")


def owner_spans(raw: str | None, details: bool = True) -> list[tuple[int, int, Owner]]:
    """Owners of a cell with their character offsets in it: 'Công chức TP-HT; bộ phận 1 cửa' →
    [(0, 15, tu_phap), (17, 30, mot_cua)]. Without DETAILS no owner gets a level or a name."""
    if not raw or not raw.strip():
        return []
    # "Các sở, ngành có liên quan theo chức năng, nhiệm vụ được giao": who ends where how begins
    tail = lex.tails().search(raw)
    if tail and tail.start() > 0:
        raw = raw[: tail.start()]
    pieces = _field_lists(raw, _pieces(raw))
    if not pieces:
        return []
    # a piece that opens a name of its own, a plural of its own ('các doanh nghiệp viễn thông,
    # các doanh nghiệp công nghệ số': two groups) or an acronym ('Tập đoàn FPT, CMC') costs more to
    # join to the one before
    opens_upper = [_opens_a_name(raw[a:b]) or _opens_plural(raw[a:b]) or _is_acronym(raw[a:b]) for a, b in pieces]
    # Cheapest segmentation of the pieces into fragments (dynamic programming over piece indices).
    best_cost = [0.0] + [float("inf")] * len(pieces)
    choice: list[tuple[int, _Match | None]] = [(0, None)] * (len(pieces) + 1)
    for end in range(1, len(pieces) + 1):
        for start in range(end - 1, max(0, end - MAX_PIECES_PER_OWNER) - 1, -1):
            fragment = raw[pieces[start][0]: pieces[end - 1][1]]
            if start < end - 1 and _HARD_SEPARATOR.search(raw[pieces[start][1]: pieces[start + 1][0]]):
                break  # no fragment reaches back over a ';' or a line break
            match = _match(fragment)
            # Unknown pieces side by side stay one fragment: a comma inside a name ("thi đua,
            # khen thưởng", "Xúc tiến Đầu tư, Thương mại") is as common as one between names — unless
            # the next piece opens a name of its own ("Liên minh Hợp tác xã tỉnh, Đoàn TNCS … tỉnh").
            unknown_cost = _COST_UNKNOWN_PIECE * (end - start) - _COST_FRAGMENT * (end - start - 1) \
                + _COST_CAPITAL_JOIN * sum(opens_upper[start + 1:end])
            cost = match.cost if match else unknown_cost
            if best_cost[start] + cost < best_cost[end]:
                best_cost[end], choice[end] = best_cost[start] + cost, (start, match)
    spans: list[tuple[int, int, Owner]] = []
    end = len(pieces)
    while end > 0:
        start, match = choice[end]
        first, last = pieces[start][0], pieces[end - 1][1]
        fragment = raw[first:last]
        first += len(fragment) - len(fragment.lstrip(_EDGE_PUNCTUATION))
        last -= len(fragment) - len(fragment.rstrip(_EDGE_PUNCTUATION))
        kind = match.kind if match else "unit"
        spans.append((first, last, Owner(raw=" ".join(raw[first:last].split()),
                                         code=match.code if match else "other", kind=kind,
                                         level=unit_level(raw[first:last]) if details else None,
                                         name=unit_name(raw[first:last], kind) if details else None)))
        end = start
    return _members_level(_one_person(raw, _share_committee(_join_posts(raw, spans[::-1]))))


def _belongs_to(raw: str, post: tuple[int, int, Owner], unit: tuple[int, int, Owner]) -> bool:
    """'Trưởng phòng/Phó Trưởng phòng Công chức - Viên chức, Sở Nội vụ': a post or division with no
    function of its own, then (after a comma or a dash) the known unit it belongs to; or role words
    alone, then (after 'và') another post of a known unit."""
    (_, end, first), (start, _, parent) = post, unit
    between = raw[end:start]
    if ";" in between or "\n" in between or parent.code == "other":
        return False
    if _is_bare_role(first.raw) and parent.kind in ("unit", "role") and re.fullmatch(r"\s*và\s*", between):
        # "Đại diện lãnh đạo và Chuyên viên … - Sở Nội vụ": two posts of one unit ("Chủ tịch, Phó Chủ
        # tịch UBND phường" are two owners: the commune annotators keep a listed post apart)
        return True
    if first.code not in ("other", "all_related"):
        return False
    if parent.kind != "unit" or set(lex.canonical(first.raw).split()) & set(lex.owner_words("plural")):
        return False  # "Thủ trưởng các ngành, …, UBND các xã": heads of many bodies stand alone
    canonical = lex.canonical(first.raw)
    return any(canonical == p or canonical.startswith(p + " ") for p in lex.role_prefixes())


def _is_bare_role(text: str) -> bool:
    """'Đại diện lãnh đạo', 'Lãnh đạo': role words and nothing they lead."""
    rest = lex.canonical(text)
    for _ in range(MAX_STACKED_ROLES):
        prefix = next((p for p in lex.role_prefixes() if rest == p or rest.startswith(p + " ")), None)
        if prefix is None:
            return False
        rest = rest[len(prefix):].strip()
        if not rest:
            return True
    return False


def _join_posts(raw: str, spans: list[tuple[int, int, Owner]]) -> list[tuple[int, int, Owner]]:
    """Each post or division joined to the unit it belongs to, as one owner of kind role; from the
    right, so that a post joins a post already joined to its unit ('Lãnh đạo và Chuyên viên …
    Phòng …, Sở Nội vụ')."""
    joined: list[tuple[int, int, Owner]] = []
    for span in reversed(spans):
        if joined and _belongs_to(raw, span, joined[-1]):
            (start, _, _), (_, end, parent) = span, joined[-1]
            text = " ".join(raw[start:end].split())
            joined[-1] = (start, end, Owner(raw=text, code=parent.code, kind="role", level=parent.level,
                                            name=parent.name))
            continue
        joined.append(span)
    return joined[::-1]


def _share_committee(spans: list[tuple[int, int, Owner]]) -> list[tuple[int, int, Owner]]:
    """'UBND thành phố Hà Nội, Thành phố Hồ Chí Minh': a place named after a People's Committee,
    with nothing of its own, is that place's People's Committee too (the 'UBND' is shared)."""
    shared: list[tuple[int, int, Owner]] = []
    for start, end, owner in spans:
        before = shared[-1][2] if shared else None
        words = simplify(owner.raw).split()
        if (before is not None and before.code == "ubnd" and before.kind == "unit" and owner.code == "other"
                and owner.raw[:1].isupper() and "place" in lex.noun_families().get(lex.noun_of(" ".join(words)), ())
                and len(words) >= 2 and owner.raw.split()[-1][:1].isupper()):
            owner = owner.model_copy(update={"code": "ubnd"})
        shared.append((start, end, owner))
    return shared


def _members_level(spans: list[tuple[int, int, Owner]]) -> list[tuple[int, int, Owner]]:
    """A group with no level of its own takes the level of the body named just before it when it
    is that body's kind: its members ('Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức thành viên'),
    or more bodies of the same function ('Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng')."""
    shared: list[tuple[int, int, Owner]] = []
    for start, end, owner in spans:
        plural = owner.kind == "group" or simplify(owner.raw).split(" ", 1)[0] in lex.owner_words("plural")
        if plural and owner.level is None and owner.code not in ("other", "all_related"):
            members = any(f" {w} " in f" {simplify(owner.raw)} " for w in lex.owner_words("member"))
            before = [o for _, _, o in shared][::-1] if members else [o for _, _, o in shared[-1:]]
            body = next((o for o in before if o.code == owner.code and o.level), None)
            if body is not None:
                owner = owner.model_copy(update={"level": body.level})
        shared.append((start, end, owner))
    return shared


def _one_person(raw: str, spans: list[tuple[int, int, Owner]]) -> list[tuple[int, int, Owner]]:
    """'Đồng chí Nguyễn Văn A - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh': a person named with the posts
    he holds is one owner, kind role, coded by the last post that has a function (the one he acts in;
    party titles come first). The person ends at a ';' or a line break (owner_words.csv, person)."""
    merged: list[tuple[int, int, Owner]] = []
    n = 0
    while n < len(spans):
        start, _, owner = spans[n]
        words = simplify(owner.raw) + " "
        last = n
        if any(words.startswith(w + " ") for w in lex.owner_words("person")):
            while last + 1 < len(spans) and not _HARD_SEPARATOR.search(raw[spans[last][1]: spans[last + 1][0]]) \
                    and "\n" not in raw[spans[last][1]: spans[last + 1][0]]:
                last += 1
        posts = [o for _, _, o in spans[n + 1: last + 1] if o.code != "other"]
        if not posts:
            merged.append(spans[n])  # no person, or no post after the name ('Bà Rịa - Vũng Tàu')
            n += 1
            continue
        acting = posts[-1]
        text = " ".join(raw[start: spans[last][1]].split())
        merged.append((start, spans[last][1], Owner(raw=text, code=acting.code, kind="role", level=acting.level,
                                                    name=acting.name)))
        n = last + 1
    return merged


def split_assignment(raw: str | None) -> tuple[str, str | None] | None:
    """'Sở Văn hóa và Thể thao chủ trì, phối hợp với các sở, ban, ngành …' → ('Sở Văn hóa và Thể thao',
    'các sở, ban, ngành …'): a cell that says itself who leads and who supports; None when it does
    not name the lead before 'chủ trì' (or says it only in brackets: 'Bộ X (chủ trì phần …)')."""
    for found in lex.assignment_pattern().finditer(raw or ""):
        before = raw[: found.start()]
        if before.count("(") > before.count(")"):
            continue
        lead = before.strip(_EDGE_PUNCTUATION)
        if not lead:
            return None
        support = raw[found.end():].strip(_EDGE_PUNCTUATION) if found.group("supports") else None
        return lead, support or None
    return None


def code_owners(raw: str | None, details: bool = True) -> list[Owner]:
    """Owners of a cell: 'Công chức Tư pháp hộ tịch; bộ phận 1 cửa UBND xã' → tu_phap, mot_cua.
    Without DETAILS their level and name are left out (for asking only which units a text names)."""
    return [owner for _, _, owner in owner_spans(raw, details)]
