"""Indicator tables: any table whose header has a column starting with ตัวชี้วัด.

The set comes from (1) that column's header, (2) the evaluation table it sits in, (3) the
nearest heading naming one. Targets come from a ค่าเป้าหมาย column (one per year where the
header has years); a measure table without one takes the target of the ลำดับที่|ตัวชี้วัด|
ค่าเป้าหมาย table right above it.

On a scan a lone ลำดับที่ digit is often lost: the numbers run by one down a table, so
the row above decides it, and a table right under a heading naming its set opens the
group at 1. In a text layer a blank number is printed blank and stays so. A target
that opens with a vowel sign (`ะดับ 5`) lost its first letter: no Thai word opens so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from thaiplan.extract.context.names import split_seq
from thaiplan.extract.context.reading import Located, Reading, text
from thaiplan.extract.context.sections import set_named_by
from thaiplan.extract.context.tables import (
    cell,
    find_column,
    find_named_column,
    header_depth,
    header_texts,
    matching,
    year_columns,
)
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Row
from thaiplan.extract.recognisers.kpi_rows import NO_TARGET, clean_name, kpi_record, target_record
from thaiplan.extract.records import Record
from thaiplan.normalize.numbers import Target, parse_target
from thaiplan.normalize.text import compact_key

GROUP_HEAD = re.compile(r"^\d{1,2}\.\d{1,2}\s")
#: `1. ร้อยละ…` inside a group head's cell; OCR may drop the space before the letter.
INNER_ITEM = re.compile(r"(?:^|\s)(\d{1,2})\.(?:\s+(?=\D)|(?=[\u0e01-\u0e2e]))")
MEASURE_REF = re.compile(r"\(\s*ม\.\s*(\d+)\s*\)|^มาตรการ\s*ที่\s*(\d+)")
BRACKETED = re.compile(r"\(([^()]+)\)")
#: A bracket the cell's end leaves open: its close is on a line the scan lost.
UNCLOSED = re.compile(r"\(([^()]+)$")
TOTAL_OR_NOTE = re.compile(r"^(?:รวม|หมายเหตุ)")
#: The words a target opens with, and what no Thai word opens with (a following vowel or
#: a mark): a target read so lost its first letter(s).
TARGET_WORDS = ("ร้อยละ", "ระดับ", "จำนวน", "คะแนน")
CUT_WORD = re.compile(r"^([\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]\S{2,}?)\s*(?=\d)")


class KpiColumns:
    def __init__(self, table: Block, depth: int):
        headers = header_texts(table, depth)
        self.headers = headers
        self.indicator = find_named_column(headers, "ตัวชี้วัด", leading=True)
        self.seq = find_named_column(headers, "ลำดับ", leading=True)
        self.target = find_named_column(headers, "ค่าเป้าหมาย")
        self.unit = find_column(
            headers,
            lambda h: (
                "โครงการ" not in h and bool(re.search(r"หน่วยงานรับผิดชอบ|ส่วนราชการ|ฝ่ายที่รับผิดชอบ", h))
            ),
        )
        self.project = find_column(headers, matching(r"โครงการ"))
        self.measure = find_named_column(headers, "มาตรการ", "เชื่อมโยงกับมาตรการ", leading=True)
        self.years = year_columns(table, depth)
        if self.indicator is None and self.seq is not None and self.target == self.seq + 2:
            # ลำดับที่ | ? | ค่าเป้าหมาย: the column between is the indicator's, however its
            # header reads (OCR gives `9/ ๑ AY ตวชวด` for ตัวชี้วัด, its marks as words)
            self.indicator = self.seq + 1


def is_target_table(table: Block) -> bool:
    """A ลำดับที่ | ตัวชี้วัด | ค่าเป้าหมาย table."""
    columns = KpiColumns(table, header_depth(table))
    return None not in (columns.indicator, columns.seq, columns.target)


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    for located in reading.unclaimed_tables():
        table = located.block
        depth = header_depth(table)
        columns = KpiColumns(table, depth)
        if columns.indicator is None:
            continue
        yield from _read(reading, ids, located, columns, depth)


def _read(
    reading: Reading, ids: IdMaker, located: Located, columns: KpiColumns, depth: int
) -> Iterable[Record]:
    section = located.section
    kpi_set = (
        set_named_by(columns.headers[columns.indicator or 0])
        or (section.table_set if section.in_eval_table else None)
        or section.heading_set
        or "other"
    )
    above = (
        _targets_above(reading, located) if columns.target is None and kpi_set == "measure" else {}
    )
    previous_seq = "0" if _opens_group(reading, located) else None
    rows = located.block.rows[depth:]
    written = [_seq_and_body(cell(row, columns.indicator))[0] for row in rows]
    for index, row in enumerate(rows):
        raw = cell(row, columns.indicator)
        if not text(raw):
            continue
        if TOTAL_OR_NOTE.match(text(raw)):
            continue
        seq, body = _seq_and_body(raw)
        seq = text(cell(row, columns.seq)).rstrip(".") or seq
        if reading.scanned:
            seq = _scanned_seq(seq, previous_seq, columns, written, index)
        previous_seq = seq
        name, result, weight = clean_name(body)
        if not name:
            continue
        target = _target(row, columns, reading.fiscal_year_be)
        if target is NO_TARGET and above:
            target = above.get(compact_key(name)) or (
                next(iter(above.values())) if len(above) == 1 else NO_TARGET
            )
        kpi = kpi_record(
            reading,
            ids,
            section,
            row.prov,
            kpi_set=kpi_set,
            seq=seq,
            name=name,
            target=target,
            result=result,
            weight=weight,
            measure_no=_measure_no(row, columns, section.measure_no),
            unit_raw=_unit_raw(reading, row, columns),
        )
        yield kpi
        for col, year in sorted(columns.years.items()):
            yield target_record(kpi, year, _parsed(text(cell(row, col))))


def _opens_group(reading: Reading, located: Located) -> bool:
    """Does a heading naming a KPI set stand between the table and the one before it?"""
    return any(set_named_by(text(item.block.text)) for item in reading.text_before(located.index))


def _scanned_seq(
    seq: str | None,
    previous: str | None,
    columns: KpiColumns,
    written: list[str | None],
    index: int,
) -> str | None:
    """A row's number as a scan read it, mended by its neighbours': a lost lone number is
    the one after the row above's, a sub-number whose point was lost (`51` for 5.1) is the
    one the row above or below runs on from."""
    if seq is None and columns.seq is not None:
        return _next_seq(previous)
    return _point_lost(seq, written[index - 1] if index else None, written[index + 1 : index + 2])


def _point_lost(seq: str | None, above: str | None, below: list[str | None]) -> str | None:
    """`51` between rows numbered 5.x is 5.1: the sub-numbers run by one.

    >>> _point_lost("51", None, ["5.2"]), _point_lost("52", "5.1", []), _point_lost("51", None, ["6"])
    ('5.1', '5.2', '51')
    """
    if seq is None or len(seq) != 2 or not seq.isdigit():
        return seq
    pointed = f"{seq[0]}.{seq[1]}"
    after = f"{seq[0]}.{int(seq[1]) + 1}"
    before = f"{seq[0]}.{int(seq[1]) - 1}"
    return pointed if above == before or after in below else seq


def _next_seq(previous: str | None) -> str | None:
    """The number after the row above's (`0` where the table opens a group).

    >>> _next_seq("0"), _next_seq("2"), _next_seq("2.1"), _next_seq(None)
    ('1', '3', None, None)
    """
    return str(int(previous) + 1) if previous is not None and previous.isdigit() else None


def _seq_and_body(raw: str) -> tuple[str | None, str]:
    """Seq and text of an indicator cell; under a group head (`2.1 …  1. …`) the inner item counts.

    >>> _seq_and_body("2.1 ร้อยละการใช้จ่าย 1.ร้อยละการก่อหนี้")  # OCR dropped the space
    ('1', 'ร้อยละการก่อหนี้')
    """
    value = text(raw)
    if GROUP_HEAD.match(value):
        inner = list(INNER_ITEM.finditer(value))
        if inner:
            return inner[-1][1], value[inner[-1].end() :]
    return split_seq(value)


def _target(row: Row, columns: KpiColumns, fiscal_year_be: int | None) -> Target:
    if columns.years:
        col = next((c for c, y in columns.years.items() if y == fiscal_year_be), max(columns.years))
        return _parsed(text(cell(row, col)))
    if columns.target is not None:
        return _parsed(text(cell(row, columns.target)))
    return NO_TARGET


def _parsed(value: str) -> Target:
    """The target of a cell, its opening word mended where OCR cut its first letter off:
    the one target word that ends with what was read (none or two: as read).

    >>> _parsed("ะดับ 5").unit, _parsed("ะ 5").unit, _parsed("ร้อยละ 5").unit
    ('level', 'other', 'percent')
    """
    if m := CUT_WORD.match(value):
        fits = [word for word in TARGET_WORDS if word.endswith(m[1]) and word != m[1]]
        if len(fits) == 1:
            value = f"{fits[0]} {value[m.end() :]}"
    return parse_target(value)


def _targets_above(reading: Reading, located: Located) -> dict[str, Target]:
    """Targets of the target table directly above (only text lines between), by indicator."""
    previous = reading.previous_table(located.index)
    if previous is None or not is_target_table(previous.block):
        return {}
    depth = header_depth(previous.block)
    columns = KpiColumns(previous.block, depth)
    found = {}
    for row in previous.block.rows[depth:]:
        name, _, _ = clean_name(split_seq(cell(row, columns.indicator))[1])
        target = _target(row, columns, reading.fiscal_year_be)
        if name and target.text:
            found[compact_key(name)] = target
    return found


def _measure_no(row: Row, columns: KpiColumns, in_force: str | None) -> str | None:
    if columns.measure is not None and (m := MEASURE_REF.search(text(cell(row, columns.measure)))):
        return m[1] or m[2]
    return in_force


def _unit_raw(reading: Reading, row: Row, columns: KpiColumns) -> str | None:
    """The unit column, else the one unit named in brackets in the project cell (none when several)."""
    if columns.unit is not None:
        return cell(row, columns.unit) or None
    if columns.project is None:
        return None
    units: dict[str | None, str] = {}
    project = text(cell(row, columns.project))
    for m in BRACKETED.finditer(project):
        if reading.is_unit(m[1]):
            units.setdefault(reading.units.resolve(m[1]).name, m[1])
    cut = UNCLOSED.search(project) if not units and reading.scanned else None
    if cut is not None and reading.is_unit(cut[1]):
        return cut[1]  # the cell's last line, with the bracket's close, lost to the scan
    return next(iter(units.values())) if len(units) == 1 else None
