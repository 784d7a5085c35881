"""Tables of a PDF page: ruled grids (pdfplumber's line finder) filled with repaired glyphs.

A grid's distinct x and y edges become the columns and rows; a drawn cell that covers
several of them becomes one Cell with `colspan`/`rowspan`. A mark glyph (an arrow) that
is drawn across several month columns spans them. Cell text is the cell's lines joined
(`join_lines`), so wrapped cells read as one value.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from thaiplan.extract.model import Cell

from .pdf_aligned import split_stacked, stacked_bands
from .pdf_chars import Glyph, group_lines, line_text
from .settings import PDF, TABLES, PdfSettings, TableSettings

ARROWS = re.compile(r"^[←→↔⟵⟶⟷─—–\-―<>]+$")
THAI_END = re.compile("[\u0e01-\u0e4e]$")
THAI_START = re.compile("^[\u0e01-\u0e4e]")


@dataclass
class Grid:
    bbox: tuple[float, float, float, float]
    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int, tuple[float, float, float, float]]]  # r, c, rs, cs, bbox
    rows: list[tuple[list[Cell], tuple[float, float, float, float]]] = field(default_factory=list)
    #: (row, col) -> (top, bottom, glyph size) of the cell's text, set by `fill`
    ink: dict[tuple[int, int], tuple[float, float, float]] = field(default_factory=dict)

    @property
    def ncols(self) -> int:
        return len(self.xs) - 1


def _edges(values: list[float], tol: float) -> list[float]:
    """The distinct values, those within `tol` of the last kept one dropped."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def find_grids(page, settings: TableSettings = TABLES) -> list[Grid]:
    """Ruled tables of a pdfplumber page, as grids of edges and spanning cells."""
    grids = []
    for t in page.find_tables():
        boxes = list(t.cells)
        if len(boxes) < 2:
            continue
        xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes], settings.edge_merge_pt)
        ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes], settings.edge_merge_pt)
        if len(xs) < 3 and len(ys) < 3:
            continue
        cells = []
        for b in boxes:
            c0, c1 = _index(xs, b[0]), _index(xs, b[2])
            r0, r1 = _index(ys, b[1]), _index(ys, b[3])
            if c1 <= c0 or r1 <= r0:
                continue
            cells.append((r0, c0, r1 - r0, c1 - c0, b))
        grids.append(Grid(t.bbox, xs, ys, sorted(cells)))
    return grids


def glyphs_in_boxes(
    glyphs: list[Glyph], boxes: list[tuple[float, float, float, float]], pad: float
) -> list[list[Glyph]]:
    """For each box, the glyphs whose centre lies in it (within `pad`), in their order.

    The centres are sorted by x once and each box takes its x range by binary search, so
    a page of thousands of glyphs in hundreds of cells is not cells × glyphs tests; a
    box's few candidates are then tested in plain Python (an array call per box cost
    more than the tests).
    """
    if not glyphs:
        return [[] for _ in boxes]
    cx = [(g.x0 + g.x1) / 2 for g in glyphs]
    cy = [(g.top + g.bottom) / 2 for g in glyphs]
    order = sorted(range(len(glyphs)), key=cx.__getitem__)  # stable: ties keep their order
    xs = [cx[i] for i in order]
    found = []
    for x0, top, x1, bottom in boxes:
        low, high = top - pad, bottom + pad
        candidates = order[bisect_left(xs, x0 - pad) : bisect_right(xs, x1 + pad)]
        chosen = sorted(i for i in candidates if low <= cy[i] <= high)
        found.append([glyphs[i] for i in chosen])
    return found


def join_lines(lines: list[str], joins_word=None) -> str:
    """A wrapped cell's lines as one text.

    Arrow pieces join directly; Thai meeting Thai joins without a space when
    `joins_word(left, right)` says a word runs across the break; anything else gets a space.

    >>> join_lines(["←", "——", "——→"])
    '←————→'
    >>> join_lines(["ร้อยละ", "80"])
    'ร้อยละ 80'
    """
    out = ""
    for line in (s.strip() for s in lines):
        if not line:
            continue
        if not out:
            out = line
        elif (ARROWS.match(out.split(" ")[-1]) and ARROWS.match(line.split(" ")[0])) or (
            THAI_END.search(out)
            and THAI_START.match(line)
            and joins_word is not None
            and joins_word(out, line)
        ):
            out += line
        else:
            out += " " + line
    return out


def fill(grid: Grid, glyphs: list[Glyph], sep: str = " ", settings: PdfSettings = PDF) -> set[int]:
    """Put glyphs into the grid's cells (sets `grid.rows`); returns the ids of glyphs used.

    A ruled row holding several rows stacked by alignment (see pdf_aligned) gives one
    row each.
    """
    used: set[int] = set()
    lines_of: dict[tuple[int, int], list[list[Glyph]]] = {}
    tables = settings.tables
    [pending] = glyphs_in_boxes(glyphs, [grid.bbox], tables.grid_pad_pt)
    in_cells = glyphs_in_boxes(pending, [b for *_, b in grid.cells], tables.cell_pad_pt)
    for (r, c, _rs, _cs, _b), mine in zip(grid.cells, in_cells, strict=True):
        lines_of[(r, c)] = group_lines(mine, settings.text)
        used.update(id(g) for g in mine)
    for r in range(len(grid.ys) - 1):
        starts = [(c, rs, cs) for rr, c, rs, cs, _ in grid.cells if rr == r]
        columns = {c: lines_of[(r, c)] for c, _, _ in starts}
        single = all(rs == 1 for _, rs, _ in starts)
        bands = stacked_bands(columns, settings) if single else None
        parts = split_stacked(columns, bands, settings) if bands else [columns]
        for part in parts:
            cells = [
                Cell(sep.join(line_text(line, settings.text) for line in part[c]), c, cs, rs)
                for c, rs, cs in starts
            ]
            spans = {}
            for c, _, _ in starts:
                mine = [g for line in part[c] for g in line]
                if mine:
                    spans[(r, c)] = (min(g.x0 for g in mine), max(g.x1 for g in mine))
            cells.sort(key=lambda cell: cell.col)
            _spread_arrows(cells, grid, spans, r, tables.arrow_reach_pt)
            top, bottom = grid.ys[r], grid.ys[r + 1]
            if bands:
                inked = [g for lines in part.values() for line in lines for g in line]
                top, bottom = min(g.top for g in inked), max(g.bottom for g in inked)
            grid.rows.append((cells, (grid.bbox[0], top, grid.bbox[2], bottom)))
        for c, lines in parts[-1].items():  # the last row's text, for a cut at the page bottom
            inked = [g for line in lines for g in line if g.text.strip()]
            if inked:
                low = max(inked, key=lambda g: g.bottom)
                grid.ink[(r, c)] = (min(g.top for g in inked), low.bottom, low.size)
    return used


def _spread_arrows(cells: list[Cell], grid: Grid, spans, r: int, reach: float) -> None:
    """An arrow drawn across empty neighbouring columns (past their edge by more than
    `reach`) covers them (colspan)."""
    for cell in list(cells):
        if (
            not cell.text
            or not ARROWS.match(re.sub(r"[\s\x1f]", "", cell.text))
            or (r, cell.col) not in spans
        ):
            continue
        x0, x1 = spans[(r, cell.col)]
        first, last = cell.col, cell.col + cell.colspan - 1
        while first > 0 and x0 < grid.xs[first] - reach:
            left = next((c for c in cells if c.col == first - 1), None)
            if left is None or left.text:
                break
            first -= 1
        while last + 1 < grid.ncols and x1 > grid.xs[last + 1] + reach:
            right = next((c for c in cells if c.col == last + 1), None)
            if right is None or right.text:
                break
            last += 1
        if first != cell.col or last != cell.col + cell.colspan - 1:
            for other in [c for c in cells if c is not cell and first <= c.col <= last]:
                cells.remove(other)
            cell.col, cell.colspan = first, last - first + 1
