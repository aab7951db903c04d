"""A read Document → the same Document with damaged Vietnamese repaired: each repaired line and
cell keeps what the document said beside the repair (`original`), and the record's `repairs` list
says where, token by token."""

from __future__ import annotations

from dataclasses import replace

from vnplan.extract.document import Block, Cell, Document, Line, StageWarning
from vnplan.extract.repair.decode import RepairedLine


def repair_document(doc: Document) -> Document:
    """Repair lines and table cells whose Vietnamese is damaged ('Céng hoµ', 'CONG HOA XA HOI');
    returns a new Document (the one given is left as read), lines already clean unchanged.

    The whole text goes through `repair_lines` at once, so the OCR channel adapts to this
    document's own damage.
    """
    from vnplan.extract.repair import needs_repair, repair_lines

    lines = [line for line in doc.lines if line.text.strip()]
    if not lines or not needs_repair("\n".join(line.text for line in lines)):
        return doc
    repairs = list(doc.repairs)
    repaired_any = doc.repaired
    doubtful = 0
    new_lines: dict[int, Line] = {}
    for line, repaired in zip(lines, repair_lines("\n".join(line.text for line in lines))):
        if repaired.text != line.text:
            repairs.append(_record(repaired, page=line.page, line=line.lineno))
            new_lines[id(line)] = replace(line, text=repaired.text, original=line.text,
                                          repair_confidence=repaired.confidence)
            repaired_any = True
            doubtful += bool(repaired.low_confidence)
    tables = doc.tables
    cells = [(t, cell) for t, table in enumerate(tables) for row in table.rows for cell in row
             if cell.text.strip()]
    new_cells: dict[int, Cell] = {}
    if cells:
        joined = "\n".join(" ".join(c.text.split()) for _, c in cells)
        for (t, cell), repaired in zip(cells, repair_lines(joined, wrapped=False)):
            if repaired.text != " ".join(cell.text.split()):
                repairs.append(_record(repaired, page=tables[t].page, line=cell.lineno, table_index=t,
                                       row_index=cell.row, col_index=cell.col))
                new_cells[id(cell)] = replace(cell, text=repaired.text, original=cell.text)
                repaired_any = True
    warnings = list(doc.warnings)
    if repaired_any:
        warnings.append(StageWarning(
            "repair", None,
            "the text had lost or mangled Vietnamese marks and was repaired (originals kept in the source)"
            + (f"; {doubtful} line(s) repaired with low confidence" if doubtful else ""),
        ))
    blocks = [_repaired_block(block, new_lines, new_cells) for block in doc.blocks]
    return replace(doc, blocks=blocks, repaired=repaired_any, warnings=warnings, repairs=repairs)


def _repaired_block(block: Block, new_lines: dict[int, Line], new_cells: dict[int, Cell]) -> Block:
    if block.line is not None:
        return replace(block, line=new_lines.get(id(block.line), block.line))
    if block.table is not None and any(id(c) in new_cells for row in block.table.rows for c in row):
        rows = [[new_cells.get(id(c), c) for c in row] for row in block.table.rows]
        return replace(block, table=replace(block.table, rows=rows))
    return block


def _record(repaired: RepairedLine, **where) -> dict:
    """A repaired line as the plan record keeps it: the original beside the repair, token by token."""
    return {**where, "original": repaired.original, "text": repaired.text,
            "confidence": round(repaired.confidence, 4),
            "tokens": [{"original": t.original, "repaired": t.repaired, "confidence": round(t.confidence, 4)}
                       for t in repaired.tokens if t.changed]}
