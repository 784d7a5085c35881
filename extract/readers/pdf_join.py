"""A ruled table continued over a page break: its rows appended, a row cut by the break mended.

A row that does not fit is often split at the page bottom and its rest printed as the
first row of the next page. That rest is told from a new row by its text (no new number,
the previous cell unfinished) or by geometry: every cell it continues was filled down to
the cut, which a finished row's shorter cells are not. The rest may also bring the cells
the cut row left empty (a value centred in the row falls below the cut); a rest that
brings only those is joined whatever the cut row's line count, as a one-line row shows
no cut.

A continuation drawn with merged cells (a total row whose label spans the first columns)
has fewer columns, but each of its edges is an edge of the table: its cells are put on
the table's columns, so that a total reads under the column it totals.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from difflib import SequenceMatcher

from thaiplan.extract.model import Block, Cell, Row

from .pdf_aligned import ITEM_START
from .pdf_tables import Grid, join_lines
from .settings import TABLES, TableSettings

#: The longest label of a header row under its first (a year, a month, `ปี 2564 แผน`).
SHORT_LABEL_CHARS = 32
#: How a cell's text ends when it is finished (a bracket, a colon): no rest follows it.
CLOSED = (")", ":", "]")


def same_columns(a: Grid, b: Grid | None, settings: TableSettings = TABLES) -> bool:
    """Are `b`'s column edges `a`'s (within `continuation_edge_pt`)?"""
    if b is None or a.ncols != b.ncols:
        return False
    tol = settings.continuation_edge_pt
    return all(abs(x - y) <= tol for x, y in zip(a.xs, b.xs, strict=False))


def merged_edges(a: Grid, b: Grid | None, settings: TableSettings = TABLES) -> list[int] | None:
    """For each column edge of `b`, the index of the same edge in `a`, when `b` is `a`'s
    table with some cells merged: fewer columns, every edge a different one of `a`'s (in
    order), the same outer edges, and at least one divider kept (a one-column box fits
    under any table).
    """
    if b is None or not 2 <= b.ncols < a.ncols:
        return None
    index = []
    for x in b.xs:
        k = min(range(len(a.xs)), key=lambda i: abs(a.xs[i] - x))
        if abs(a.xs[k] - x) > settings.continuation_edge_pt:
            return None
        index.append(k)
    increasing = all(left < right for left, right in itertools.pairwise(index))
    return index if increasing and index[0] == 0 and index[-1] == a.ncols else None


def onto_columns(block: Block, grid: Grid, a: Grid, index: list[int]) -> Grid:
    """Renumber `block`'s cells by the columns of `a` (`index` from `merged_edges`); the
    grid returned is `grid` on those columns, for a further page to continue."""
    for row in block.rows:
        for cell in row.cells:
            first, end = index[cell.col], index[cell.col + cell.colspan]
            cell.col, cell.colspan = first, end - first
    cells = [(r, index[c], rs, index[c + cs] - index[c], b) for r, c, rs, cs, b in grid.cells]
    ink = {(r, index[c]): v for (r, c), v in grid.ink.items()}
    return replace(grid, xs=list(a.xs), cells=cells, ink=ink)


def cut_columns(grid: Grid, settings: TableSettings = TABLES) -> set[int]:
    """Columns of the grid's last row whose text runs down to the row's lowest line.

    A row cut by the page bottom has every unfinished cell filled to the cut: within one
    line of each other, since all columns stop at the same place. A row of single lines
    (a header, a total) ends level in every column anyway, so it shows no cut.
    """
    last = len(grid.ys) - 2
    inks = {c: grid.ink[(r, c)] for r, c, _, _, _ in grid.cells if r == last and (r, c) in grid.ink}
    tall = settings.cut_min_height_em
    if not any(bottom - top > tall * size for top, bottom, size in inks.values()):
        return set()
    low = max(bottom for _, bottom, _ in inks.values())
    level = settings.cut_level_em
    return {c for c, (_, bottom, size) in inks.items() if bottom >= low - level * size}


def append_rows(table: Block, more: Block, cut: set[int], settings: TableSettings = TABLES) -> None:
    """Add a continuation's rows to `table`, without a repeated header, mending a split row.

    `cut` are the columns of `table`'s last row that were filled down to the page break.
    """
    rows = list(more.rows)
    k = 0
    similar = settings.repeat_similarity_ratio
    while (
        k < len(rows)
        and k < len(table.rows)
        and (
            repeats(rows[k], table.rows[k], similar)
            or (k > 0 and read_again(rows[k], table.rows[: k + 1], similar))
        )
    ):
        _fill_gaps(table.rows[k], rows[k])
        k += 1
    rows = rows[k:]
    if rows and table.rows and is_split_row(table.rows[-1], rows[0], cut):
        _merge_row(table.rows[-1], rows.pop(0))
    table.rows.extend(rows)


def repeats(row: Row, first: Row, similarity: float = TABLES.repeat_similarity_ratio) -> bool:
    """Is `row` a repeat of the table's row `first` (a header printed again on the next
    page)? Equal text, or, read by OCR, text differing by a few misread letters (as
    alike as `similarity`)."""
    a, b = _values(row), _values(first)
    if not any(a) or len(a) != len(b):
        return False
    return a == b or SequenceMatcher(None, "\t".join(a), "\t".join(b)).ratio() >= similarity


def read_again(row: Row, header: list[Row], similarity: float) -> bool:
    """Is `row` the last of `header`'s label rows printed again under its repeated first
    row, OCR having lost cells on either reading (a month row read `ธ.ค ม.ค …` on one page,
    `ก.ย ต.ค พ.ย …` on the next)? Both are label rows, and most cells read on both are alike."""
    if not all(_labels_only(_values(r)) for r in [row, *header[1:]]):
        return False
    both = [(a, b) for a, b in zip(_values(row), _values(header[-1]), strict=False) if a and b]
    alike = sum(SequenceMatcher(None, a, b).ratio() >= similarity for a, b in both)
    return 2 * alike > len(both)


def _labels_only(values: list[str]) -> bool:
    """A row that only labels columns: a blank first cell, and short labels (years, months)."""
    filled = [v for v in values if v]
    return bool(filled) and not values[0] and all(len(v) <= SHORT_LABEL_CHARS for v in filled)


def _fill_gaps(first: Row, again: Row) -> None:
    """A header row's cells its own reading left empty, from the same row printed again."""
    for cell in again.cells:
        target = first.cell_at(cell.col)
        if not cell.text.strip():
            continue
        if target is None:
            first.cells.append(Cell(cell.text, cell.col, cell.colspan, cell.rowspan))
            first.cells.sort(key=lambda c: c.col)
        elif target.col == cell.col and not target.text.strip():
            target.text = cell.text


def _values(row: Row) -> list[str]:
    return [re.sub(r"\s+", "", v) for v in row.values()]


def is_split_row(prev: Row, first: Row, cut: set[int] | frozenset[int] = frozenset()) -> bool:
    """Is `first` the rest of `prev`, cut by the page break?

    When it fills cells that `prev` left empty, see `_completes` (only those: joined
    whether or not `prev` shows a cut). Otherwise its filled
    cells are among those of `prev`; it must not open a new item (a number like "๒.")
    nor follow a closed one ("…)", "…:"). Then either every cell it continues was
    filled down to the cut (`cut`), or it does not repeat the first words of `prev` and
    `prev` does not end a sentence.
    """
    pv, fv = _values(prev), _values(first)
    filled_prev = {i for i, v in enumerate(pv) if v}
    filled_first = {i for i, v in enumerate(fv) if v}
    if not filled_first or not filled_prev:
        return False
    shared = filled_first & filled_prev
    if shared != filled_first:
        return _completes(prev, pv, fv, filled_first - shared, shared, cut)
    lead = min(filled_first)
    head, prev_head = fv[lead], pv[lead]
    if ITEM_START.match(head) or prev_head.endswith(CLOSED):
        return False
    if filled_first <= cut:
        return True
    return not _repeats_start(prev_head, head) and not prev_head.endswith(".")


def _repeats_start(prev_text: str, text: str) -> bool:
    """Does `text` open with the first words of `prev_text` (a new row like it)?"""
    return len(text) >= 4 and prev_text[:4] == text[:4]


def _completes(
    prev: Row,
    pv: list[str],
    fv: list[str],
    gaps: set[int],
    shared: set[int],
    cut: set[int] | frozenset[int],
) -> bool:
    """Does a row bring the cells `prev` left empty (`gaps`), `prev` being cut by the page?

    A row cut at the page bottom prints its centred or lower values below the cut, so its
    rest fills the cut row's empty cells. A new row would carry its own label, so the
    rest may share only cells that ran down to the cut, and there neither open an item,
    nor repeat the first words of `prev` (a heading row over a header is not cut text),
    nor follow a closed text; a lone value in a gap ("๑๐") is no item number. A rest that
    fills only gaps is the row's rest whatever its line count: a one-line row shows no
    cut, yet its values may still fall below it. `prev` must have each gap as an empty
    cell of its own, not one covered by a spanning label.
    """
    if not shared <= cut:  # a shared cell must have run down to the cut
        return False
    if any(
        ITEM_START.match(fv[i]) or _repeats_start(pv[i], fv[i]) or pv[i].endswith(CLOSED)
        for i in shared
    ):
        return False
    return all((c := prev.cell_at(col)) is not None and c.col == col for col in gaps)


def _merge_row(prev: Row, rest: Row) -> None:
    for cell in rest.cells:
        if not cell.text:
            continue
        target = prev.cell_at(cell.col)
        if target is None:
            prev.cells.append(Cell(cell.text, cell.col, cell.colspan, cell.rowspan))
        else:
            target.text = join_lines([target.text, cell.text])
