"""Ruling lines of a binarized page → pdfplumber-style edges → table cell rectangles."""

from __future__ import annotations

import numpy as np
from PIL import Image


def _runs(mask: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """(line index, start, end) of True runs at least min_length long, along axis 1."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    changes = np.diff(padded, axis=1)
    # One pass over the page for every change, starts and ends alike: they come out in row-major
    # order, a run's start just before its end.
    where = np.flatnonzero(changes)
    rows, cols = np.divmod(where, changes.shape[1])
    starts = changes.ravel()[where] == 1
    start_rows, start_cols, end_cols = rows[starts], cols[starts], cols[~starts]
    long = (end_cols - start_cols) >= min_length
    return list(zip(start_rows[long].tolist(), start_cols[long].tolist(), end_cols[long].tolist()))


def _merge_runs(runs: list[tuple[int, int, int]], gap: int = 3) -> list[tuple[float, int, int]]:
    """Runs on adjacent pixel rows that overlap are one ruling line (lines are 2-6 px thick)."""
    lines: list[list[float]] = []  # [first index, last index, start, end]
    for index, start, end in sorted(runs):
        for line in reversed(lines):
            if index - line[1] > gap:
                lines.append([index, index, start, end])
                break
            if start < line[3] and end > line[2]:
                line[1] = index
                line[2], line[3] = min(line[2], start), max(line[3], end)
                break
        else:
            lines.append([index, index, start, end])
    return [((a + b) / 2, int(s), int(e)) for a, b, s, e in lines]


def find_ruling(binary: np.ndarray, scale: float = 1.0) -> tuple[list[dict], np.ndarray]:
    """Horizontal and vertical ruling lines as pdfplumber-style edges (pixels), and their ink mask.
    Lengths are given at 300 dpi; `scale` is the page's resolution over 300."""
    ink = binary < 128
    # Longer than any glyph stroke (a 13 pt capital is ~45 px tall at 300 dpi).
    h_found = _runs(ink, round(120 * scale))
    v_found = _runs(ink.T, round(60 * scale))
    mask = np.zeros_like(ink)
    for y, x0, x1 in h_found:
        mask[y, x0:x1] = True
    for x, y0, y1 in v_found:
        mask[y0:y1, x] = True
    edges = []
    for y, x0, x1 in _merge_runs(h_found):
        edges.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                      "orientation": "h"})
    for x, y0, y1 in _merge_runs(v_found):
        edges.append({"x0": x, "x1": x, "top": y0, "bottom": y1, "width": 0, "height": y1 - y0,
                      "orientation": "v"})
    return edges, mask


def find_table_cells(binary: np.ndarray, scale: float = 1.0) -> tuple[list[list[tuple]], np.ndarray, list[dict]]:
    """Cell rectangles of each ruled table, via pdfplumber's own edge → cell → table steps
    (tolerances given at 300 dpi, times `scale`); the ruling's ink mask; and the ruling lines as
    find_ruling gives them (a page with no ruled grid looks for tables ruled by rows only in them)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    ruling, mask = find_ruling(binary, scale)
    if not ruling:
        return [], mask, ruling
    snap, join = 6 * scale, 8 * scale
    # (copies: the ruling lines are returned as found)
    edges = [dict(edge) for edge in merge_edges(ruling, snap_x_tolerance=snap, snap_y_tolerance=snap,
                                                join_x_tolerance=join, join_y_tolerance=join)]
    # Edges are extended a few pixels so that corners that do not quite touch still intersect.
    for edge in edges:
        if edge["orientation"] == "h":
            edge["x0"] -= snap
            edge["x1"] += snap
        else:
            edge["top"] -= snap
            edge["bottom"] += snap
    intersections = edges_to_intersections(edges, x_tolerance=snap, y_tolerance=snap)
    cells = intersections_to_cells(intersections)
    tables = [t for t in cells_to_tables(cells) if len(t) >= 2]
    return tables, mask, ruling


def erase_ruling(binary: Image.Image, mask: np.ndarray, margin: int = 3) -> Image.Image:
    """Paint ruling-line pixels (and their blurred fringe) white so Tesseract does not read '|', '.' or "'"."""
    grown = mask.copy()
    for shift in range(1, margin + 1):
        grown[shift:, :] |= mask[:-shift, :]
        grown[:-shift, :] |= mask[shift:, :]
        grown[:, shift:] |= mask[:, :-shift]
        grown[:, :-shift] |= mask[:, shift:]
    pixels = np.asarray(binary).copy()
    pixels[grown] = 255
    return Image.fromarray(pixels)
