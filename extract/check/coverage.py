"""Tables that look like data but no recogniser read: reported, never silently dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable

from thaiplan.extract.context.reading import Reading, text
from thaiplan.extract.context.tables import header_texts
from thaiplan.extract.model import Diagnostic
from thaiplan.extract.records import Record

DATA_HEADER = re.compile(r"งบประมาณ|ตัวชี้วัด|ขั้นตอน|โครงการ|ค่าเป้าหมาย")


def unread_tables(reading: Reading, records: Iterable[Record]) -> list[Diagnostic]:
    """An `unparsed_table` note for each table whose header names data but gave no row."""
    used = {record.prov for record in records if record.prov is not None}
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
