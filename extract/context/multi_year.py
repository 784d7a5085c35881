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
from thaiplan.normalize.glyphs import oov_chars
from thaiplan.normalize.keywords import marks_optional
from thaiplan.normalize.numbers import Target, parse_target

#: `งบประมาณ ปี 2564 ปี 2565`: opens each agency's part of a national budget book (OCR may
#: misread the first ปี as two other marks, `ขี2564`, when the second year states its ปี)
AGENCY_BUDGET_LINE = re.compile(r"^งบประมาณ\s+(?:ปี|\S{1,2}(?=\s*25\d\d\s+ปี\s*25\d\d))\s*25\d\d")
YEAR = re.compile(r"ปี\s*(25\d\d)")
#: a year column's header as OCR may read it, its ปี misread as a letter or two (`U 2566`)
OCR_YEAR = re.compile(r"(?:^|\s)\S{1,2}\s+(25\d\d)$")
PREFIX_UNITS = ("ร้อยละ", "ระดับ")
#: a page header stating the unit of money, never a name
UNIT_STATEMENT = re.compile(r"^หน่วย\s*:")
#: the header of the unit column; OCR may split its letters with a space (`หน่วยนั บ`)
UNIT_HEADER = "หน่วยนับ"
#: two title lines whose middles lie this close (points) are centred on one axis
CENTRE_TOL = 4.0


def is_budget_document(reading: Reading) -> bool:
    return any(
        AGENCY_BUDGET_LINE.match(text(item.block.text))
        for item in reading.located
        if item.block.kind != "table"
    )


#: what OCR may leave of the นับ after หน่วย: nothing, or a Latin letter or two
UNREAD_UNIT_REST = re.compile(r"[A-Za-z]{0,2}")
#: หน่วยนับ, and its หน่วย, with the marks above the letters that OCR drops made optional
UNIT_WORD = re.compile(marks_optional(UNIT_HEADER))
UNIT_PREFIX = re.compile(marks_optional(UNIT_HEADER[:5]))


def multi_year_part(table: Block) -> Block | None:
    """The rows from the header that names a หน่วยนับ column on (tables read as one may hold two)."""
    for index, row in enumerate(table.rows):
        if any(_names_unit(c.text) for c in row.cells):
            part = Block("table", row.prov, rows=table.rows[index:])
            return part if unit_and_years(part, header_depth(part))[0] is not None else None
    return None


def unit_and_years(table: Block, depth: int) -> tuple[int | None, dict[int, int]]:
    """The หน่วยนับ column and the year columns of a multi-year table (None when it is not one)."""
    headers = header_texts(table, depth)
    unit_col = next((c for c, h in enumerate(headers) if _names_unit(h)), None)
    years = {c: int(m[1]) for c, h in enumerate(headers) if (m := _header_year(h))}
    return (unit_col, years) if unit_col is not None and len(years) >= 2 else (None, {})


def _names_unit(header: str) -> bool:
    """Whether a header cell names the หน่วยนับ column, spaces inside the word ignored and
    any mark above its letters lost (`หนวยนบ`), or is หน่วย alone or with a Latin mark or
    two after it (OCR lost the นับ of its second line, or read it as `wu`).

    >>> _names_unit("หน่วยนั บ"), _names_unit("หน่วย"), _names_unit("หน่วย wu")
    (True, True, True)
    >>> _names_unit("หนวยนบ"), _names_unit("หนวย")
    (True, True)
    >>> _names_unit("หน่วยงาน"), _names_unit("หน่วย (บาท)"), _names_unit("หนวยงาน")
    (False, False, False)
    """
    word = re.sub(r"\s", "", header)
    if UNIT_WORD.search(word):
        return True
    unit = UNIT_PREFIX.match(word)
    return unit is not None and bool(UNREAD_UNIT_REST.fullmatch(word[unit.end() :]))


def _header_year(header: str) -> re.Match[str] | None:
    """The year a header cell names: `ปี 2566`, or as OCR read it, `U 2566`.

    >>> [m[1] if m else None for m in map(_header_year, ["ปี2566", "U 2567", "พ.ศ. 2565"])]
    ['2566', '2567', None]
    """
    return YEAR.search(header) or OCR_YEAR.search(header.strip())


def target_of(raw: str, unit: str) -> Target:
    """`80 ( 80 )` is the plan with the result in brackets: the plan is the target."""
    value = re.sub(r"\(.*?\)", "", text(raw)).strip()
    if not value or value == "-":
        return Target(None, None, None, None)
    phrase = f"{unit} {value}" if unit.startswith(PREFIX_UNITS) else f"{value} {unit}"
    return parse_target(phrase)


def agency_title(blocks: list[Block], index: int) -> list[str]:
    """The title lines above an agency's `งบประมาณ ปี` line (block `index`) on its page,
    top first: the ministry, then the unit, whose name may wrap over more lines. A page
    header stating the unit of money (`หน่วย : บาท`) or a page number is no part of it.
    The title ends at a paragraph start, unless the line above is centred on the same axis
    (a scan's title lines stand further apart than its text, each a paragraph of its own)."""
    title: list[str] = []
    axis: float | None = None
    for block in reversed(blocks[:index]):
        if block.kind == "table" or block.prov.page != blocks[index].prov.page:
            break
        value = text(block.text)
        if UNIT_STATEMENT.match(value) or value.isdigit():
            continue
        if axis is not None and not _on_axis(block, axis):
            break
        title.insert(0, value)
        if not block.starts_paragraph:
            axis = None
        elif (axis := _centre(block)) is None:
            break
    return title


def _on_axis(block: Block, axis: float) -> bool:
    """The line is centred on `axis`."""
    centre = _centre(block)
    return centre is not None and abs(centre - axis) <= CENTRE_TOL


def _centre(block: Block) -> float | None:
    """The middle of the line across the page (None without a position)."""
    return None if block.prov.bbox is None else (block.prov.bbox[0] + block.prov.bbox[2]) / 2


def join_title(lines: list[str]) -> str:
    """A wrapped name's lines as one: Thai wraps inside a word as readily as between
    words, so each wrap is joined without a space where that makes fewer letters fall
    outside dictionary words, else with one.

    >>> join_title(["สำนักงานคณะกรรมการส่งเสริมสวัสดิการและสวัส", "ดิภาพครู"])
    'สำนักงานคณะกรรมการส่งเสริมสวัสดิการและสวัสดิภาพครู'
    >>> join_title(["สำนักงานคณะกรรมการส่งเสริมวิทยาศาสตร์", "วิจัยและนวัตกรรม"])
    'สำนักงานคณะกรรมการส่งเสริมวิทยาศาสตร์ วิจัยและนวัตกรรม'
    """
    out = ""
    for line in lines:
        if not out:
            out = line
        elif oov_chars(out + line) < oov_chars(f"{out} {line}"):
            out += line
        else:
            out += " " + line
    return out
