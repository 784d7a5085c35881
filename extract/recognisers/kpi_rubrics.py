"""Scoring criteria (เกณฑ์การให้คะแนน) of an indicator: one kpi_rubrics row per level.

A rubric table has a ระดับ… column and a คะแนน/เกณฑ์ column; the indicator it scores is
named by the `เกณฑ์การให้คะแนน ตัวชี้วัด <name>` line above it. A table split by a page
repeats its header without that line: it continues the rubric above, and a row with a
blank level there continues the level above. `post_passes.join_rubrics_to_kpis` links rows to the
document's kpis once every recogniser has run.

On a scan a lone level digit may be lost or read as letters. A row with no level but a
criterion and points of its own (the level above has both already) is a level: the read
levels around it run by one, so they decide which, when its criterion and points fall
in between as the table's order says; where nothing decides it keeps no level, noted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from itertools import pairwise

from thaiplan.extract.context.reading import Located, Reading, text
from thaiplan.extract.context.tables import cell, find_column, header_depth, header_texts, matching
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Row
from thaiplan.extract.records import Record
from thaiplan.extract.rows import KpiRubricRow
from thaiplan.normalize.keywords import LETTER_EDIT_COST, starts_with
from thaiplan.normalize.numbers import parse_number, parse_percent

HEADING = re.compile(
    r"^เกณฑ์การ(?:ให้|คิด)คะแนน\s*(?:ของ)?\s*(?:ตัวชี้วัด(?:ที่\s*\d+(?:\.\d+)*)?)?\s*:?\s*"
)
LEVEL = re.compile(r"^(?:ระดับ(?:ที่)?\s*)?(\d{1,2})$")
POINTS = re.compile(r"(\d+(?:\.\d+)?)\s*คะแนน")
#: The word the heading names the indicator with, as OCR may write it (`ตัวชี่วัด`).
KPI_WORD = "ตัวชี้วัด"


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
    rubric: list[Record[KpiRubricRow]] = []
    for located in reading.tables():
        columns = RubricColumns(located.block)
        if not columns.usable:
            continue
        heading = _heading(reading, located)
        previous = reading.previous_table(located.index)
        if heading is not None:
            yield from _settled(reading, rubric)
            name, last, rubric = heading, None, []
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
            rubric.append(record)
    yield from _settled(reading, rubric)


def _heading(reading: Reading, located: Located) -> str | None:
    """The indicator name of the heading line above (with the lines it wraps onto)."""
    lines = [text(item.block.text) for item in reading.text_before(located.index)]
    for position, line in enumerate(lines):
        if m := HEADING.match(line):
            rest = line[m.end() :]
            if (end := starts_with(rest, KPI_WORD, LETTER_EDIT_COST)) is not None:
                rest = rest[end:].lstrip()  # the word as OCR misread it
            wrapped = [rest, *reversed(lines[:position])]
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
        if m is None and not _unread_level(row, columns, last):
            if not level_text and description and last is not None:
                joined = f"{last.row.description or ''} {description}".strip()
                last.row = replace(last.row, description=joined)
                _fill(last, row, columns)
            continue
        record = Record(
            KpiRubricRow(
                kpi_id=None,
                kpi_name=name,
                level=int(m[1]) if m else None,
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


def _unread_level(row: Row, columns: RubricColumns, last: Record[KpiRubricRow] | None) -> bool:
    """Is a row without a readable level a level of its own? It is when it has a criterion
    and points, and the level above has both already (else it fills that level in)."""
    criterion = columns.criterion is not None and parse_percent(text(cell(row, columns.criterion)))
    points = columns.points is not None and _points(text(cell(row, columns.points)))
    if not (criterion or columns.criterion is None) or not (points or columns.points is None):
        return False
    return last is None or (
        (columns.criterion is None or last.row.criterion_pct is not None)
        and (columns.points is None or last.row.points is not None)
    )


def _settled(
    reading: Reading, rubric: list[Record[KpiRubricRow]]
) -> Iterable[Record[KpiRubricRow]]:
    """The rubric's rows, each level OCR lost decided by the levels read around it."""
    levels = [record.row.level for record in rubric]
    for i, record in enumerate(rubric):
        if record.row.level is not None:
            continue
        level = _between(levels, i)
        if level is not None and _in_order(rubric, levels, i, level):
            record.row = replace(record.row, level=level)
        else:
            reading.note(
                "unread_level",
                "A scoring row's level could not be read, and the levels around it do "
                "not decide it; it is kept without a level.",
                record.row.description,
                record.prov,
            )
    yield from rubric


def _between(levels: list[int | None], i: int) -> int | None:
    """The level at `i` as the read levels run: by one from the nearest read on each side
    (or one side, the run's direction told by the other read levels).

    >>> _between([5, None, 3, 2], 1), _between([5, 4, None], 2), _between([5, None, 2], 1)
    (4, 3, None)
    """
    read = [(j, level) for j, level in enumerate(levels) if level is not None]
    steps = {(b - a) // (k - j) for (j, a), (k, b) in pairwise(read) if abs(b - a) == k - j}
    before = [(j, level) for j, level in read if j < i][-1:]
    after = [(j, level) for j, level in read if j > i][:1]
    if before and after:
        (j, a), (k, b) = before[0], after[0]
        return a + (i - j) * (b - a) // (k - j) if abs(b - a) == k - j else None
    if len(steps) != 1 or not (before or after):
        return None
    (j, level), step = (before or after)[0], steps.pop()
    found = level + (i - j) * step
    return found if found >= 1 else None


def _in_order(
    rubric: list[Record[KpiRubricRow]], levels: list[int | None], i: int, level: int
) -> bool:
    """Do the row's criterion and points rise and fall with the levels of the read rows?"""
    row = rubric[i].row
    for j, other in enumerate(levels):
        if other is None or j == i:
            continue
        for mine, theirs in (
            (row.criterion_pct, rubric[j].row.criterion_pct),
            (row.points, rubric[j].row.points),
        ):
            if mine is not None and theirs is not None and (mine - theirs) * (level - other) <= 0:
                return False
    return True
