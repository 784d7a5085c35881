"""Table rows told apart by text alignment where the ruling does not separate them.

Budget tables often rule only their columns, so several table rows land in one ruled
cell row: a label column of several lines beside value columns holding one number (or
dash) per line. When at least two value columns line up like that, each printed line
that carries values is a row of its own; a label line beside no value (a wrapped label)
joins the row it belongs to (see `split_stacked`).
"""

from __future__ import annotations

import re

from .pdf_chars import Glyph, line_text
from .settings import PDF, PdfSettings

#: a line that opens an item of a list: "1.", "1.2", "(1)", "๒)", "-", "•"
ITEM_START = re.compile(
    r"^\s*(?:\([\d๐-๙]+\)|[\d๐-๙]+(?:\.[\d๐-๙]+)*[.)]?(?:\s|$)|[\d๐-๙]+(?:\.[\d๐-๙]+)*[.)]|[-•○●✓])"
)
VALUE = re.compile(r"^(?:[-–—]|\(?[-–]?[\d๐-๙][\d๐-๙,.]*\)?%?)$")

Line = list[Glyph]
Band = tuple[float, float]


def _band(line: Line) -> Band:
    bases = [g for g in line if not g.mark] or line
    return min(g.top for g in bases), max(g.bottom for g in bases)


def _is_value_column(lines: list[Line], settings: PdfSettings) -> bool:
    return len(lines) >= 2 and all(
        VALUE.match(re.sub(r"\s+", "", line_text(line, settings.text))) for line in lines
    )


def stacked_bands(columns: dict[int, list[Line]], settings: PdfSettings = PDF) -> list[Band] | None:
    """The y-bands of the rows stacked in one ruled row (`columns`: col -> printed lines),
    or None when it holds a single row (fewer than two value columns line up)."""
    values = [lines for lines in columns.values() if _is_value_column(lines, settings)]
    if len(values) < 2:
        return None
    bands: list[list[float]] = []
    for top, bottom in sorted(_band(line) for lines in values for line in lines):
        if bands and top < bands[-1][1] - settings.tables.band_merge_ratio * (bottom - top):
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    # every value column has one line in each band: they line up
    if len(bands) < 2 or any(len(lines) != len(bands) for lines in values):
        return None
    return [(top, bottom) for top, bottom in bands]


def _aligned_band(line: Line, bands: list[Band], ratio: float) -> int | None:
    """The band `line` overlaps most, by more than `ratio` of its height."""
    top, bottom = _band(line)
    best, best_overlap = None, ratio * (bottom - top)
    for k, (b0, b1) in enumerate(bands):
        overlap = min(bottom, b1) - max(top, b0)
        if overlap > best_overlap:
            best, best_overlap = k, overlap
    return best


def split_stacked(
    columns: dict[int, list[Line]], bands: list[Band], settings: PdfSettings = PDF
) -> list[dict[int, list[Line]]]:
    """The stacked rows, top to bottom, as `columns` mappings holding their printed lines.

    A line level with no values continues the line above it, unless it opens an item
    (`ITEM_START`): then it and its own wrapped lines lead down to the values. Such lines
    followed by a new item instead (a heading over the rows) make a row of their own.
    """
    rows: list[tuple[float, dict[int, list[Line]]]] = [
        (b0, {c: [] for c in columns}) for b0, _ in bands
    ]
    for c, lines in columns.items():
        pending: list[Line] = []
        last: int | None = None
        for line in lines:
            k = _aligned_band(line, bands, settings.tables.band_match_ratio)
            opens = bool(ITEM_START.match(line_text(line, settings.text)))
            if k is None and (pending or opens or last is None):
                pending.append(line)
                continue
            if k is None:
                assert last is not None  # the branch above kept every line before the first band
                rows[last][1][c].append(line)
                continue
            if pending and opens:
                rows.append((_band(pending[0])[0], {c: pending}))
            else:
                rows[k][1][c].extend(pending)
            rows[k][1][c].append(line)
            pending, last = [], k
        if pending:
            rows[len(bands) - 1 if last is None else last][1][c].extend(pending)
    rows.sort(key=lambda row: row[0])
    return [{c: row.get(c, []) for c in columns} for _, row in rows]
