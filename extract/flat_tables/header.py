"""A table's header → its column roles: named in order ('STT Nội dung … Thời gian'), or decoded
when a PDF copy prints the header's cells side by side, line by line."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from vnplan.extract.flat_tables.settings import SETTINGS as S
from vnplan.extract.flat_tables.vocabulary import _header_phrases, _header_tokens, _role_priority


def header_roles(text: str) -> list[str]:
    """Column roles named in a header, in order: 'STT Nội dung thực hiện … phối hợp Thời gian' →
    ['row_no', 'task', 'lead', 'support', 'deadline']."""
    tokens: list[str] = []
    slash_before: set[int] = set()  # token indices that follow a "/": "Hoạt động/sản phẩm"
    for piece in re.split(r"(/)", text):
        if piece == "/":
            slash_before.add(len(tokens))
        else:
            tokens.extend(_header_tokens(piece))
    roles: list[str] = []
    i = 0
    joined = False  # the previous phrase ended right before a "/"
    while i < len(tokens):
        for phrase, role in _header_phrases():
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                if joined and roles and i in slash_before:
                    # two names of one column joined by "/" ("Kết quả/Sản phẩm", "Hoạt động/sản
                    # phẩm"): one column, of the role its stronger word names (as the grid parser reads it)
                    priority = _role_priority()
                    if priority.get(role, 0) > priority.get(roles[-1], 0) and role not in roles:
                        roles[-1] = role
                elif not roles or roles[-1] != role:
                    roles.append(role)
                i += len(phrase)
                joined = True
                break
        else:
            i += 1
            joined = False
    return roles


_ROLE_ORDER = {r: k for k, r in enumerate(
    ("row_no", "objective", "task", "activity", "output", "lead", "support", "deadline", "note"))}


@lru_cache(maxsize=65536)
def _cell_roles(text: str) -> tuple[str, ...]:
    return tuple(header_roles(text))


def _header_cell_score(pieces: tuple[str, ...]) -> tuple[float, tuple[str, ...]]:
    """Score of one header cell from its printed lines, and the roles it names."""
    roles = _cell_roles(" ".join(pieces))
    score = S.header_one_role if len(roles) == 1 else S.header_no_role if not roles else \
        S.header_more_roles * (len(roles) - 1)
    widest = max(len(p) for p in pieces)
    for a, b in zip(pieces, pieces[1:]):
        if len(a) + 1 + len(b.split()[0]) <= widest:
            score += S.header_wrapped_early
    return score, roles


def _order_score(last: int, roles: tuple[str, ...]) -> tuple[float, int]:
    if len(roles) != 1:
        return 0.0, last
    rank = _ROLE_ORDER.get(roles[0], last)
    if rank == last:
        return S.header_repeated_role, rank
    return (S.header_out_of_order if rank < last else 0.0), rank


@lru_cache(maxsize=1024)
def _decode_header(parts: tuple[str, ...]) -> tuple[float, tuple[tuple[str, ...], ...]] | None:
    """Best split of a header's printed lines into cells, the first line holding the first line of
    several cells; (score, roles of each cell). Both ways of printing the rest are tried: line k of
    every cell still running side by side ("interleaved"), or each cell's rest in turn ("runs",
    where cells missing from the first line may follow, each opening with a capital)."""
    first = parts[0].split()
    rest = [ln.split() for ln in parts[1:]]
    if len(first) < 2 or len(first) > 24 or len(rest) > 12 or sum(len(r) for r in rest) > 40:
        return None
    # a cell opens with a capital or a number ("STT", "Nội dung", "Thời gian")
    starts = [k for k, w in enumerate(first) if w[:1].isupper() or w[:1].isdigit()]
    if not starts or starts[0] != 0:
        return None
    ends = starts[1:] + [len(first)]
    results = [_decode_runs(first, parts[1:], starts, ends)]
    # the interleaved reading tries every piece of every line for every cell: only for short headers
    work = len(starts) ** 2 * len(_ROLE_ORDER) * math.prod((len(r) + 1) * (min(len(r), S.header_piece_words) + 1)
                                                          for r in rest)
    if len(rest) <= 3 and work <= S.header_work:
        results.append(_decode_interleaved(first, rest, starts, ends))
    results = [r for r in results if r is not None]  # a tie goes to runs, the plainer reading
    return max(results, key=lambda r: (r[0], r[2] == "runs")) if results else None


def _decode_interleaved(first, rest, starts, ends):
    n_lines = len(rest)
    memo: dict = {}

    def pieces_options(pos: tuple[int, ...], k: int):
        """For lines k.., (new positions, pieces) a cell may take: a prefix of lines, each a run of words."""
        if k == n_lines:
            yield (), ()
            return
        yield tuple(pos[k:]), ()  # takes nothing here, so nothing below
        for e in range(pos[k] + 1, min(len(rest[k]), pos[k] + S.header_piece_words) + 1):
            piece = " ".join(rest[k][pos[k]:e])
            for tail_pos, tail in pieces_options(pos, k + 1):
                yield (e, *tail_pos), (piece, *tail)

    def best(p0: int, pos: tuple[int, ...], last: int):
        if p0 == len(first):
            return (0.0, ()) if all(p == len(r) for p, r in zip(pos, rest)) else (-math.inf, ())
        key = (p0, pos, last)
        if key in memo:
            return memo[key]
        out = (-math.inf, ())
        for e0 in ends:
            if e0 <= p0:
                continue
            head = " ".join(first[p0:e0])
            for new_pos, pieces in pieces_options(pos, 0):
                score, roles = _header_cell_score((head, *pieces))
                order, rank = _order_score(last, roles)
                tail_score, tail = best(e0, new_pos, rank)
                if score + order + tail_score > out[0]:
                    out = (score + order + tail_score, (roles, *tail))
        memo[key] = out
        return out

    score, cells = best(0, tuple(0 for _ in rest), -1)
    return (score, cells, "interleaved") if cells and score > -math.inf else None


def _decode_runs(first, rest_lines, starts, ends):
    rest_lines = list(rest_lines)
    memo: dict = {}

    def best(p0: int, line: int, last: int):
        if p0 == len(first) and line == len(rest_lines):
            return 0.0, ()
        key = (p0, line, last)
        if key in memo:
            return memo[key]
        out = (-math.inf, ())
        heads = [(e0, (" ".join(first[p0:e0]),)) for e0 in ends if e0 > p0] if p0 < len(first) else \
            [(p0, ())]
        for e0, head in heads:
            for b in range(0, len(rest_lines) - line + 1):
                block = tuple(rest_lines[line:line + b])
                if not head and (not block or not (block[0][:1].isupper() or block[0][:1].isdigit())):
                    continue
                score, roles = _header_cell_score(head + block)
                order, rank = _order_score(last, roles)
                tail_score, tail = best(e0, line + b, rank)
                if score + order + tail_score > out[0]:
                    out = (score + order + tail_score, (roles, *tail))
        memo[key] = out
        return out

    score, cells = best(0, 0, -1)
    return (score, cells, "runs") if cells and score > -math.inf else None


def _decoded_roles(parts: list[str]) -> list[str] | None:
    """The header's roles as the decoder reads its lines, when every cell names exactly one role."""
    decoded = _decoded_header(parts)
    return decoded[0] if decoded else None


def _decoded_header(parts: list[str]) -> tuple[list[str], str] | None:
    """(roles, 'interleaved' | 'runs') of a header whose first line holds several cells' first lines."""
    if len(parts) < 2 or len(header_roles(parts[0])) < 2:
        return None
    decoded = _decode_header(tuple(" ".join(p.split()) for p in parts))
    if decoded is None or any(len(roles) != 1 for roles in decoded[1]):
        return None
    roles = [r[0] for r in decoded[1]]
    return (roles, decoded[2]) if _valid_roles(roles) else None


def _is_header_start(text: str) -> bool:
    """A header opens with its number column ("STT", "TT", "Số TT") or, lacking one, with the
    task column ("Nội dung", "Nhiệm vụ"); `_read_header` then decides from all its words."""
    tokens = _header_tokens(text)
    if not tokens or len(text.strip()) > 80:
        return False
    return any(tuple(tokens[:len(phrase)]) == phrase for phrase, role in _header_phrases()
               if role in ("row_no", "task"))


def _valid_roles(roles: list[str]) -> bool:
    if len(set(roles)) != len(roles) or "task" not in roles:
        return False
    if roles[0] == "row_no":
        return ("lead" in roles or "deadline" in roles) and len(roles) >= 3
    # without a number column only a full header is believed: body text also says "nội dung"
    return roles[0] == "task" and "lead" in roles and "deadline" in roles
