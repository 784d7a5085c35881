"""Reading a table's header: how many rows it takes and which column holds what."""

from __future__ import annotations

import re
from collections.abc import Callable

from thaiplan.extract.model import Block, Row
from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.keywords import contains, starts_with

SHORT_LABEL = (
    32  # header labels under a spanning header: years, months, พ.ศ. 2564, ปี 2564 แผน (ผล)*
)


def header_depth(table: Block) -> int:
    """The first row plus the rows under it that only label columns (blank first cell, short labels).

    A row with a blank first cell but long text is a continuation of the row above, not a label.
    """
    depth = 1
    for row in table.rows[1:]:
        values = row.values()
        filled = [v for v in values if v.strip()]
        if not filled or values[0].strip() or any(len(v) > SHORT_LABEL for v in filled):
            break
        depth += 1
    return depth


def header_texts(table: Block, depth: int | None = None) -> list[str]:
    """Per column, the texts of its header cells joined by spaces (spanned headers counted once)."""
    depth = header_depth(table) if depth is None else depth
    width = table.width
    columns = [""] * width
    for row in table.rows[:depth]:
        for col, value in enumerate(row.values(width)):
            if value.strip():
                columns[col] = f"{columns[col]} {value}".strip()
    return columns


def find_column(headers: list[str], test: Callable[[str], bool], start: int = 0) -> int | None:
    for col, value in enumerate(headers[start:], start):
        if value and test(value):
            return col
    return None


def find_named_column(
    headers: list[str], *keywords: str, start: int = 0, leading: bool = False
) -> int | None:
    """The first column whose header has one of `keywords` (`leading`: begins with one);
    else the first naming one as written (a mark lost, a letter misread, a space inside:
    what typing and OCR do to a header word)."""

    def exact(header: str) -> bool:
        squeezed = "".join(header.split())
        return any(squeezed.startswith(k) if leading else k in squeezed for k in keywords)

    def as_written(header: str) -> bool:
        if leading:
            squeezed = "".join(header.split())
            return any(starts_with(squeezed, k) is not None for k in keywords)
        return any(contains(header, k) for k in keywords)

    found = find_column(headers, exact, start)
    return found if found is not None else find_column(headers, as_written, start)


def matching(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda value: bool(compiled.search(value))


def cell(row: Row, col: int | None) -> str:
    """The text of column `col` of a row ('' where the row has no such column)."""
    if col is None:
        return ""
    found = row.cell_at(col)
    return found.text if found is not None and found.col == col else ""


def year_columns(table: Block, depth: int) -> dict[int, int]:
    """Columns whose header row below the first is a Buddhist-era year (a multi-year target table)."""
    years: dict[int, int] = {}
    for row in table.rows[1:depth]:
        for col, value in enumerate(row.values()):
            value = thai_to_arabic(value).strip()
            if re.fullmatch(r"(?:พ\.ศ\.\s*)?25\d\d", value):
                years[col] = int(value[-4:])
    return years
