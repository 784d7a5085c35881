"""Tables no recogniser read: reported, and kept cell by cell, never silently dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable

from thaiplan.extract.context.reading import Reading, text
from thaiplan.extract.context.tables import header_texts
from thaiplan.extract.model import Block, Diagnostic, Provenance
from thaiplan.extract.records import Record
from thaiplan.extract.rows import TableCellRow

DATA_HEADER = re.compile(r"งบประมาณ|ตัวชี้วัด|ขั้นตอน|โครงการ|ค่าเป้าหมาย")


def unread_tables(reading: Reading, records: Iterable[Record]) -> list[Diagnostic]:
    """An `unparsed_table` note for each table whose header names data but gave no row
    (its cells kept in `tables` are no reading of it)."""
    used = _read_rows(records)
    read, unread = set(), []
    for located in reading.tables():
        table = located.block
        header = " | ".join(h for h in header_texts(table) if h)
        if any(row.prov in used for row in table.rows):
            read.add(header)
        elif len(table.rows) >= 2 and DATA_HEADER.search(text(header)):
            unread.append((header, table))
    notes = []
    for header, table in unread:
        if header not in read:  # a part continuing a table that was read repeats its header
            notes.append(
                Diagnostic(
                    "info",
                    "unparsed_table",
                    "A table with a data header gave no rows; check whether its layout is supported.",
                    header[:120],
                    table.prov,
                )
            )
    return notes


def unread_table_cells(reading: Reading, records: Iterable[Record]) -> list[Record[TableCellRow]]:
    """Every cell of every table that gave no row (the `tables` dataset), so a document
    whose tables no recogniser knows still gives them, as Camelot and Docling would."""
    used = _read_rows(records)
    cells: list[Record[TableCellRow]] = []
    for index, located in enumerate(reading.tables()):
        if not any(row.prov in used for row in located.block.rows):
            cells.extend(_cells(index, located.block))
    return cells


def _read_rows(records: Iterable[Record]) -> set[Provenance]:
    """Where the rows some recogniser made come from."""
    return {r.prov for r in records if r.prov is not None and r.dataset != "tables"}


def _cells(index: int, table: Block) -> list[Record[TableCellRow]]:
    out: list[Record[TableCellRow]] = []
    for row_index, row in enumerate(table.rows):
        x0, top, x1, bottom = row.prov.bbox or (None, None, None, None)
        for cell in row.cells:
            value = TableCellRow(
                table_index=index,
                row_index=row_index,
                col_index=cell.col,
                colspan=cell.colspan,
                text=text(cell.text),
                x0=x0,
                top=top,
                x1=x1,
                bottom=bottom,
            )
            out.append(Record(value, row.prov))
    return out
