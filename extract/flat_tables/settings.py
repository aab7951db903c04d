"""Every weight of the flattened-table reader in one place (as pdfplumber keeps its TableSettings):
one frozen dataclass, so a weight is named, explained with a Vietnamese example, and changed in
one line. `SETTINGS` is the set the reader uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping


@dataclass(frozen=True)
class FlatTableSettings:

    # scoring weights (one place, like pdfplumber's table settings)
    # Words are at home in the text columns (task, activity …); owner and deadline columns accept
    # their own vocabulary at no cost and pay for anything else, so a cut is decided by the evidence
    # around it: capitals that open cells, widths, connectors that cannot end a cell, repeated values.
    other_word: Mapping[str, float] = field(default_factory=lambda: {"owner": -1.5, "deadline": -2.0, "note": -1.0})
    other_word_after_head: float = -0.6  # "Bộ phận soạn thảo văn bản QPPL": a unit's name after its head word
    looks_right: float = 1.0  # an owner or deadline cell made mostly of its vocabulary
    empty_cell: float = -4.0  # a cell left empty without an empty-cell marker in the text
    empty_note: float = 0.0  # "Ghi chú" is usually empty
    cut_in_line: float = -1.5  # cutting a printed line between two words
    cut_at_double_space: float = -0.3  # two spaces inside a line: often two cells side by side
    title_start: float = 1.5  # cells start with a capital: "Các công chức", "Văn phòng", "Quý IV"
    acronym_start: float = 0.5  # "UBND xã", "HĐND & …" start cells less often than they continue them
    lower_start: float = -2.0
    title_inside: Mapping[str, float] = field(default_factory=lambda: {"owner": -1.5, "deadline": -1.5, "note": -1.5, "text": -0.7})  # a capital opening a later line
    dangling_end: float = -2.0  # "Văn phòng –", "HĐND &": a cell does not end on a connector
    too_wide: float = -3.0  # a line longer than its column's lines elsewhere in the table
    wrapped_early: float = -1.0  # a line that broke although the next word would have fitted the column
    width_quantile: float = 0.9  # a column's width from its wrapped lines: nine in ten fit (a few first-pass cuts are wrong)
    width_slack: float = 1.1  # how much longer than those lines a column's line may be
    wrap_slack: float = 0.8  # proportional fonts: character counts only approximate a column's width
    frequent_value: float = 3.0  # owner and deadline cells repeat down a column
    parsed_deadline: float = 1.0
    coded_owner: float = 1.0
    prune_margin: float = 20.0
    empty_in_spread: float = -2.0  # a column left out of a line that holds the first line of every cell
    late_cell: float = -3.0  # … and given text after it all the same
    max_short_cell_units: int = 14  # owner, deadline and note cells are a few fragments long
    # the document's own word pairs: a cell broken over lines (or run on after a page break) joins words
    # that stand side by side elsewhere in the text ("pháp | luật", "Nghị | quyết", "thực | hiện")
    join_seen: float = 1.0
    join_frequent: float = 1.5  # the pair stands side by side three times or more
    join_frequent_count: int = 3
    punct_start: float = -3.0  # a cell does not open with ";", "," or ")"
    output_product: float = 1.0  # an output cell (or a "- " item in it) opens with a product: "Kế hoạch", "Báo cáo"
    output_action: float = -2.0  # … and not with an action: "Xây dựng và ban hành", "Thẩm định"
    repeated: float = -2.5  # a cell does not repeat four words of itself: "Cổng dịch vụ công … Cổng dịch vụ công"
    repeat_words: int = 4
    output_owner: float = -1.5  # an output line opening with a unit's head ("Bộ phận soạn thảo …") belongs to the lead
    list_broken: float = -2.0  # in a cell of "- " items, a line opening with a capital but no bullet starts another cell

    # a header printed line by line across its cells
    # A PDF copy may give a header's cells side by side: the first printed line holds the first line of
    # every cell ("TT Nhiệm vụ Hoạt động/sản Cơ quan chủ Cơ quan phối Thời gian"), the later lines the
    # rest, either interleaved ("phẩm trì hợp thực hiện") or cell after cell ("trì" / "phối hợp" / …).
    # Reading the words in order then names the roles in the wrong order; the decoder below chooses the
    # split into cells that gives each cell one role, in a plausible order, with lines wrapped as a
    # column of one width wraps them.
    header_one_role: float = 3.0  # a cell that names exactly one role
    header_no_role: float = -2.0  # a cell that names none
    header_more_roles: float = -3.0  # per role beyond the first in one cell
    header_out_of_order: float = -1.5  # a role before one that usually precedes it
    header_repeated_role: float = -4.0  # the same role in two cells side by side
    header_wrapped_early: float = -1.5  # a cell's line broke although the next word fitted its widest line
    header_piece_words: int = 4  # words of one header cell on one printed line, at most
    header_work: int = 400_000  # the interleaved reading's search, bounded (about a microsecond a step)

    # rows printed line by line across their cells
    # When the header is printed interleaved, so are the rows: printed line k holds line k of every cell
    # that has one, side by side and in column order. The cells are top-aligned, so the columns still
    # running only ever drop out, until a page break starts the cells' rest on a new page.
    interleaved_beam: int = 8  # hypotheses kept after each printed line
    interleaved_splits: int = 4  # splits of one line kept for each hypothesis
    interleaved_wrapped_early: float = -1.5  # a cell's line broke although the next word fitted its column
    cell_ends_dangling: float = -2.0  # a cell stops running on "Văn phòng-", "và"
    empty_task: float = -50.0  # every row of a task table names its task
    width_stray: int = 2  # characters a cell's line may stray from its column's width (proportional fonts)

    @cached_property
    def start_score(self) -> Mapping[str, float]:
        """What opening a cell with each case of first word scores ('title', 'acronym', 'lower', 'other')."""
        return {"title": self.title_start, "acronym": self.acronym_start, "lower": self.lower_start,
                "other": self.acronym_start}


SETTINGS = FlatTableSettings()
