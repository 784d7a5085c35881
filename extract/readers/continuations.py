"""Tables a page break or a blank line split, joined again: decided once, as the read
stage hands its document on, for every format.

The PDF reader has already joined a table whose next page repeats its ruling (the same
column edges) and mended the row the break cut, which needs the glyphs' geometry; what is
left is told by content, the same way for a text export and a PDF: a headerless table
that opens with an item, or that holds only its total row(s), continues the table before it.
"""

from __future__ import annotations

import re

from thaiplan.extract.model import Block
from thaiplan.normalize.digits import thai_to_arabic

SEQ_CELL = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?(?:\s|$)")


def starts_with_data(table: Block) -> bool:
    """True when a table's first row is an item (a number in its first cell), not a header."""
    first = (
        thai_to_arabic(table.rows[0].values()[0]).strip()
        if table.rows and table.rows[0].cells
        else ""
    )
    return bool(SEQ_CELL.match(first))


#: How a total row opens (`รวม ๕ ขั้นตอน`, `รวมทั้งสิ้น`, `รวมโครงการ`).
TOTAL_WORD = "รวม"


def is_total_only(table: Block) -> bool:
    """True when every row of a table is a total: a total closes a table, never opens
    one, so such a table is the end of the table before it, cut off by a page break."""
    return bool(table.rows) and all(
        thai_to_arabic(row.values()[0] if row.cells else "").strip().startswith(TOTAL_WORD)
        for row in table.rows
    )


def join_continuations(blocks: list[Block]) -> list[Block]:
    """Join a headerless table to the table right before it (a table split by a blank line or a page):
    one that opens with an item, or one that holds only its total row(s)."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            block.kind == "table"
            and previous is not None
            and previous.kind == "table"
            and (starts_with_data(block) or is_total_only(block))
            and abs(block.width - previous.width) <= 1
        ):
            joined[-1] = Block(
                "table",
                previous.prov,
                rows=previous.rows + block.rows,
                starts_paragraph=previous.starts_paragraph,
            )
            continue
        joined.append(block)
    return joined
