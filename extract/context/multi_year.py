"""Multi-year tables of budget documents and what marks a national budget book.

A budget document's indicator tables name a หน่วยนับ column and year columns (`ปี 2565`,
`งบประมาณปี 2565`); national books and office volumes alike print them, so the recognisers
of both read them through these helpers.
"""

from __future__ import annotations

import re

from thaiplan.extract.context.reading import Reading, text
from thaiplan.extract.context.tables import header_depth, header_texts
from thaiplan.extract.model import Block
from thaiplan.normalize.numbers import Target, parse_target

#: `งบประมาณ ปี 2564 ปี 2565`: opens each agency's part of a national budget book
AGENCY_BUDGET_LINE = re.compile(r"^งบประมาณ\s+ปี\s*25\d\d")
YEAR = re.compile(r"ปี\s*(25\d\d)")
PREFIX_UNITS = ("ร้อยละ", "ระดับ")


def is_budget_document(reading: Reading) -> bool:
    return any(
        AGENCY_BUDGET_LINE.match(text(item.block.text))
        for item in reading.located
        if item.block.kind != "table"
    )


def multi_year_part(table: Block) -> Block | None:
    """The rows from the header that names a หน่วยนับ column on (tables read as one may hold two)."""
    for index, row in enumerate(table.rows):
        if any("หน่วยนับ" in c.text for c in row.cells):
            part = Block("table", row.prov, rows=table.rows[index:])
            return part if unit_and_years(part, header_depth(part))[0] is not None else None
    return None


def unit_and_years(table: Block, depth: int) -> tuple[int | None, dict[int, int]]:
    """The หน่วยนับ column and the year columns of a multi-year table (None when it is not one)."""
    headers = header_texts(table, depth)
    unit_col = next((c for c, h in enumerate(headers) if "หน่วยนับ" in h), None)
    years = {c: int(m[1]) for c, h in enumerate(headers) if (m := YEAR.search(h))}
    return (unit_col, years) if unit_col is not None and len(years) >= 2 else (None, {})


def target_of(raw: str, unit: str) -> Target:
    """`80 ( 80 )` is the plan with the result in brackets: the plan is the target."""
    value = re.sub(r"\(.*?\)", "", text(raw)).strip()
    if not value or value == "-":
        return Target(None, None, None, None)
    phrase = f"{unit} {value}" if unit.startswith(PREFIX_UNITS) else f"{value} {unit}"
    return parse_target(phrase)
