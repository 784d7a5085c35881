"""The datasets of an output directory as CSV files or one Excel workbook, for analysts.

CSV: one `<dataset>.csv` per dataset in UTF-8 with a byte-order mark, so Excel opens Thai
text intact instead of guessing a Windows code page. Money is written as a plain number
with its two decimals (`11125900.00`: no separators, no float rounding), dates as ISO
`2021-10-01`, booleans as `true`/`false`, lists joined with `; `, nulls as empty cells.

xlsx: one workbook, a sheet per dataset in the contract's order, with a header row that
stays in view (frozen) and carries a filter, and columns as wide as their values.
Money and other numbers are numeric cells (money formatted `#,##0.00`), dates are date
cells, lists are joined as in CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from thaiplan.output.datasets import read_dataset
from thaiplan.output.schemas import DATASETS

FORMATS = ("csv", "xlsx")
LIST_SEPARATOR = "; "
SHEET_NAME_LIMIT = 31  # Excel refuses longer sheet names
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
WIDTH_RANGE = (8, 60)  # column widths in characters: narrowest and widest (long text wraps)
FILTER_BUTTON = 2  # characters the autofilter's drop-down covers in a header cell
# Control characters an xlsx cell cannot hold (the XML 1.0 forbidden range).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportError(Exception):
    """The export cannot be written (unknown format, or the output directory has no datasets)."""


def export(out_dir: Path, dest: Path, fmt: str) -> list[Path]:
    """Writes the datasets of `out_dir` under `dest` (a folder for csv, a file for xlsx).

    Returns the files written. Raises ExportError for an unknown format or a directory
    that holds none of the datasets.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    tables = {name: read_dataset(Path(out_dir), name) for name in DATASETS}
    tables = {name: table for name, table in tables.items() if table.num_columns}
    if not tables:
        raise ExportError(f"{out_dir} holds no thaiplan datasets (is it a run's output?)")
    if fmt == "csv":
        return _write_csv(tables, Path(dest))
    return [_write_xlsx(tables, Path(dest))]


def csv_value(value: Any) -> str:
    """One cell as CSV text.

    >>> csv_value(Decimal("11125900.00")), csv_value(None), csv_value(True)
    ('11125900.00', '', 'true')
    >>> csv_value([dt.date(2021, 10, 1), dt.date(2021, 11, 1)])
    '2021-10-01; 2021-11-01'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(csv_value(item) for item in value)
    return str(value)


def sheet_name(dataset: str) -> str:
    """The dataset's name cut to Excel's limit.

    >>> sheet_name("project_outcomes"), len(sheet_name("x" * 40))
    ('project_outcomes', 31)
    """
    return dataset[:SHEET_NAME_LIMIT]


def _rows(table: pa.Table) -> Iterator[list[Any]]:
    names = table.column_names
    for batch in table.to_batches():
        for row in batch.to_pylist():
            yield [row[name] for name in names]


def _write_csv(tables: dict[str, pa.Table], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.column_names)
            for row in _rows(table):
                writer.writerow([csv_value(value) for value in row])
        written.append(path)
    return written


def _write_xlsx(tables: dict[str, pa.Table], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for name, table in tables.items():
        sheet = workbook.create_sheet(sheet_name(name))
        _lay_out(sheet, table)
        sheet.append(table.column_names)
        for row in _rows(table):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
                if isinstance(value, Decimal):
                    cell.number_format = MONEY_FORMAT
                elif isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
                cells.append(cell)
            sheet.append(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _lay_out(sheet: Any, table: pa.Table) -> None:
    """A sheet a reader can scan: the header frozen, a filter on every column, and each
    column as wide as its widest value (within WIDTH_RANGE), set before any row is written."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(max(table.num_columns, 1))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{table.num_rows + 1}"
    for index, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _widths(table: pa.Table) -> list[float]:
    """Each column's width in characters: its header (plus room for the filter button) or
    its widest value as shown, Thai marks taking no width of their own."""
    widest = [display_width(name) + FILTER_BUTTON for name in table.column_names]
    for row in _rows(table):
        for index, value in enumerate(row):
            shown = f"{value:,.2f}" if isinstance(value, Decimal) else csv_value(value)
            widest[index] = max(widest[index], display_width(shown))
    low, high = WIDTH_RANGE
    return [min(max(width + 1, low), high) for width in widest]


def display_width(text: str) -> int:
    """Characters a cell shows: Thai vowel and tone marks sit on their letter.

    >>> display_width("งบลงทุน"), display_width("ค่าใช้จ่าย"), display_width("amount")
    (6, 7, 6)
    """
    return sum(unicodedata.category(ch) not in ("Mn", "Me") for ch in text)


def _xlsx_value(value: Any) -> Any:
    """A cell value openpyxl can store: lists joined, illegal control characters dropped.

    >>> _xlsx_value(["งบลงทุน", "ครุภัณฑ์"]), _xlsx_value("a\\x0bb")
    ('งบลงทุน; ครุภัณฑ์', 'ab')
    """
    if isinstance(value, (list, tuple)):
        return csv_value(value)
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    return value
