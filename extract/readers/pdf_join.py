"""A ruled table continued over a page break: its rows appended, a row cut by the break mended.

A row that does not fit is often split at the page bottom and its rest printed as the
first row of the next page. That rest is told from a new row by its text (no new number,
the previous cell unfinished) or by geometry: every cell it continues was filled down to
the cut, which a finished row's shorter cells are not.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from thaiplan.extract.model import Block, Cell, Row

from .pdf_aligned import ITEM_START
from .pdf_tables import Grid, join_lines

#: Share of a repeated header's text that OCR reads alike on two pages (a few letters vary).
REPEAT_SIMILARITY = 0.85


def same_columns(a: Grid, b: Grid | None) -> bool:
    if b is None or a.ncols != b.ncols:
        return False
    return all(abs(x - y) <= 3.0 for x, y in zip(a.xs, b.xs, strict=False))


def cut_columns(grid: Grid) -> set[int]:
    """Columns of the grid's last row whose text runs down to the row's lowest line.

    A row cut by the page bottom has every unfinished cell filled to the cut: within one
    line of each other, since all columns stop at the same place. A row of single lines
    (a header, a total) ends level in every column anyway, so it shows no cut.
    """
    last = len(grid.ys) - 2
    inks = {c: grid.ink[(r, c)] for r, c, _, _, _ in grid.cells if r == last and (r, c) in grid.ink}
    if not any(bottom - top > 1.5 * size for top, bottom, size in inks.values()):
        return set()
    low = max(bottom for _, bottom, _ in inks.values())
    return {c for c, (_, bottom, size) in inks.items() if bottom >= low - size}


def append_rows(table: Block, more: Block, cut: set[int]) -> None:
    """Add a continuation's rows to `table`, without a repeated header, mending a split row.

    `cut` are the columns of `table`'s last row that were filled down to the page break.
    """
    rows = list(more.rows)
    k = 0
    while k < len(rows) and k < len(table.rows) and repeats(rows[k], table.rows[k]):
        k += 1
    rows = rows[k:]
    if rows and table.rows and is_split_row(table.rows[-1], rows[0], cut):
        _merge_row(table.rows[-1], rows.pop(0))
    table.rows.extend(rows)


def repeats(row: Row, first: Row) -> bool:
    """Is `row` a repeat of the table's row `first` (a header printed again on the next
    page)? Equal text, or, read by OCR, text differing by a few misread letters."""
    a, b = _values(row), _values(first)
    if not any(a) or len(a) != len(b):
        return False
    return a == b or SequenceMatcher(None, "\t".join(a), "\t".join(b)).ratio() >= REPEAT_SIMILARITY


def _values(row: Row) -> list[str]:
    return [re.sub(r"\s+", "", v) for v in row.values()]


def is_split_row(prev: Row, first: Row, cut: set[int] | frozenset[int] = frozenset()) -> bool:
    """Is `first` the rest of `prev`, cut by the page break?

    Its filled cells must be among those of `prev`; it must not open a new item (a number
    like "๒.") nor follow a closed one ("…)", "…:"). Then either every cell it continues
    was filled down to the cut (`cut`), or it does not repeat the first words of `prev`
    and `prev` does not end a sentence.
    """
    pv, fv = _values(prev), _values(first)
    filled_prev = {i for i, v in enumerate(pv) if v}
    filled_first = {i for i, v in enumerate(fv) if v}
    if not filled_first or not filled_first <= filled_prev:
        return False
    lead = min(filled_first)
    head, prev_head = fv[lead], pv[lead]
    if ITEM_START.match(head) or prev_head.endswith((")", ":", "]")):
        return False
    if filled_first <= cut:
        return True
    return not (len(head) >= 4 and prev_head[:4] == head[:4]) and not prev_head.endswith(".")


def _merge_row(prev: Row, rest: Row) -> None:
    for cell in rest.cells:
        if not cell.text:
            continue
        target = prev.cell_at(cell.col)
        if target is None:
            prev.cells.append(Cell(cell.text, cell.col, cell.colspan, cell.rowspan))
        else:
            target.text = join_lines([target.text, cell.text])
