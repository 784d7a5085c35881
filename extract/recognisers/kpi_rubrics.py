"""Scoring criteria (เกณฑ์การให้คะแนน) of an indicator: one kpi_rubrics row per level.

A rubric table has a ระดับ… column and a คะแนน/เกณฑ์ column; the indicator it scores is
named by the `เกณฑ์การให้คะแนน ตัวชี้วัด <name>` line above it. A table split by a page
repeats its header without that line: it continues the rubric above, and a row with a
blank level there continues the level above. `post_passes.join_rubrics_to_kpis` links rows to the
document's kpis once every recogniser has run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from thaiplan.extract.context.reading import Located, Reading, text
from thaiplan.extract.context.tables import cell, find_column, header_depth, header_texts, matching
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Row
from thaiplan.extract.records import Record
from thaiplan.extract.rows import KpiRubricRow
from thaiplan.normalize.numbers import parse_number, parse_percent

HEADING = re.compile(
    r"^เกณฑ์การ(?:ให้|คิด)คะแนน\s*(?:ของ)?\s*(?:ตัวชี้วัด(?:ที่\s*\d+(?:\.\d+)*)?)?\s*:?\s*"
)
LEVEL = re.compile(r"^(?:ระดับ(?:ที่)?\s*)?(\d{1,2})$")
POINTS = re.compile(r"(\d+(?:\.\d+)?)\s*คะแนน")


class RubricColumns:
    """Where level, criterion, description and points stand; `usable` when it is a rubric table."""

    def __init__(self, table: Block):
        headers = header_texts(table, header_depth(table))
        self.level = find_column(headers, matching(r"^ระดับ"))
        self.criterion = find_column(headers, matching(r"^เกณฑ์"))
        self.description = find_column(headers, matching(r"ผลการดำเนินงาน|คำอธิบาย|รายละเอียด"))
        self.points = find_column(
            headers, matching(r"คะแนน(?:ที่ได้)?"), start=(self.criterion or 0) + 1
        )

    @property
    def usable(self) -> bool:
        return (
            self.level is not None
            and self.description is not None
            and (self.criterion is not None or self.points is not None)
        )


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    name: str | None = None
    last: Record[KpiRubricRow] | None = None
    previous_rubric: int | None = None
    for located in reading.tables():
        columns = RubricColumns(located.block)
        if not columns.usable:
            continue
        heading = _heading(reading, located)
        previous = reading.previous_table(located.index)
        if heading is not None:
            name, last = heading, None
        elif name is None or previous is None or previous.index != previous_rubric:
            reading.note(
                "unparsed_table",
                "A scoring table has no 'เกณฑ์การให้คะแนน ตัวชี้วัด …' line above "
                "it, so the indicator it scores is unknown; it was skipped.",
                " | ".join(located.block.rows[0].values()),
                located.block.prov,
            )
            continue
        previous_rubric = located.index
        for record in _rows(located, columns, name, last):
            last = record
            yield record


def _heading(reading: Reading, located: Located) -> str | None:
    """The indicator name of the heading line above (with the lines it wraps onto)."""
    lines = [text(item.block.text) for item in reading.text_before(located.index)]
    for position, line in enumerate(lines):
        if m := HEADING.match(line):
            wrapped = [line[m.end() :], *reversed(lines[:position])]
            return " ".join(part for part in wrapped if part).strip() or None
    return None


def _rows(
    located: Located, columns: RubricColumns, name: str, last: Record[KpiRubricRow] | None
) -> Iterable[Record]:
    """Rows of one table part; a blank-level row adds to `last` (possibly from the part before)."""
    table = located.block
    for row in table.rows[header_depth(table) :]:
        level_text = text(cell(row, columns.level))
        description = text(cell(row, columns.description))
        m = LEVEL.match(level_text)
        if m is None:
            if not level_text and description and last is not None:
                joined = f"{last.row.description or ''} {description}".strip()
                last.row = replace(last.row, description=joined)
                _fill(last, row, columns)
            continue
        record = Record(
            KpiRubricRow(
                kpi_id=None,
                kpi_name=name,
                level=int(m[1]),
                criterion_pct=None,
                description=description,
                points=None,
            ),
            row.prov,
        )
        _fill(record, row, columns)
        last = record
        yield record


def _fill(record: Record[KpiRubricRow], row: Row, columns: RubricColumns) -> None:
    """Criterion and points from the row where the record has none yet."""
    if record.row.criterion_pct is None and columns.criterion is not None:
        criterion = parse_percent(text(cell(row, columns.criterion)))
        record.row = replace(record.row, criterion_pct=criterion)
    if record.row.points is None and columns.points is not None:
        record.row = replace(record.row, points=_points(text(cell(row, columns.points))))


def _points(value: str) -> float | None:
    """`20 คะแนน` or a bare `20` → 20.0."""
    if m := POINTS.search(value):
        return float(m[1])
    number = parse_number(value)
    return None if number is None else float(number)
