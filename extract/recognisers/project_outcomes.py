"""Results of projects: one project_outcomes row per project of a result table.

Two layouts:
- a prior-year result table: a โครงการ column and a mark (✓) under บรรลุเป้าหมาย or
  ไม่บรรลุเป้าหมาย, with unit and หมายเหตุ columns;
- outcome tables of a report or minutes: rows under a `โครงการ/กิจกรรม | ผลลัพธ์ที่ได้`
  header row (repeated inside one table for each group), whose result cell opens with
  the status (แล้วเสร็จ / อยู่ระหว่างดำเนินการ / ไม่ได้ดำเนินการ) and then `: <outcome>`.
The ยุทธศาสตร์ in force comes from the headings above and from ยุทธศาสตร์ที่ N rows
inside the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from thaiplan.extract.context.names import project_name
from thaiplan.extract.context.reading import Located, Reading, text
from thaiplan.extract.context.sections import STRATEGY
from thaiplan.extract.context.tables import cell, find_column, header_depth, header_texts, matching
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Row
from thaiplan.extract.records import Record
from thaiplan.extract.rows import ProjectOutcomeRow
from thaiplan.normalize.keywords import spaces_inside
from thaiplan.normalize.text import compact_key

PROJECT_LABEL = re.compile(r"^(?:ชื่อ)?โครงการ(?:/กิจกรรม)?(?:ที่ดำเนินการ)?$")
RESULT_LABEL = re.compile(r"^(?:ผลลัพธ์(?:ที่ได้)?|ผลการดำเนิน(?:การ|งาน))$")
STATUSES = (  # (how a status opens, its usual wording, status), checked in turn
    (re.compile(r"^(?:ยัง)?ไม่ได้ดำเนิน"), "ไม่ได้ดำเนินการ", "not_done"),
    (re.compile(r"^(?:ดำเนินการ)?แล้วเสร็จ|^เสร็จสิ้น"), "แล้วเสร็จ", "completed"),
    (re.compile(r"^อยู่ระหว่าง"), "อยู่ระหว่างดำเนินการ", "in_progress"),
    (re.compile(r"^ไม่บรรลุ"), "ไม่บรรลุเป้าหมาย", "not_achieved"),
    (re.compile(r"^บรรลุ"), "บรรลุเป้าหมาย", "achieved"),
)
SIMILAR_WORDING = 0.8  # a status misread by a glyph or two (อยี่ระหวีาง…) still reads
CONTINUED = re.compile(r"\(\s*ต่อ\s*\)")  # ยุทธศาสตร์ที่ N (ต่อ): a strategy restated
#: a heading whose number OCR lost or read as a letter or two (`ยุทธศาสตร์ที่ ด การ…`)
UNNUMBERED = re.compile(rf"^{spaces_inside('ยุทธศาสตร์')}\s*ที่\s*\S{{0,2}}(?:\s|$)")


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    order = _Order()  # the document's outcome tables number their strategies in one run
    for located in reading.tables():
        headers = header_texts(located.block)
        achieved = find_column(headers, lambda h: "บรรลุ" in h and "ไม่บรรลุ" not in h)
        missed = find_column(headers, matching(r"ไม่บรรลุ"))
        if achieved is not None and missed is None:
            missed = _negation_lost(_labels(located.block), achieved)
        if achieved is not None and missed is not None:
            yield from _marked_table(reading, located, headers, achieved, missed)
        else:
            yield from _outcome_rows(reading, located, order)


def _labels(table: Block) -> list[str]:
    """The header row right above a table's rows: its columns' own labels."""
    return [text(value) for value in table.rows[header_depth(table) - 1].values(table.width)]


def _negation_lost(labels: list[str], achieved: int) -> int | None:
    """The column after บรรลุ… when its label reads the same: a result table names a
    status and its negation (บรรลุ…, ไม่บรรลุ…), so two alike are that pair, OCR's ไม่ lost.

    >>> _negation_lost(["โครงการ", "บรรลุเป้าหมาย", "บรรลุเป้าหมาย"], 1)
    2
    >>> _negation_lost(["โครงการ", "บรรลุเป้าหมาย", "หมายเหตุ"], 1) is None
    True
    """
    after = achieved + 1
    if after < len(labels) and compact_key(labels[after]) == compact_key(labels[achieved]):
        return after
    return None


def _marked_table(
    reading: Reading, located: Located, headers: list[str], achieved: int, missed: int
) -> Iterable[Record]:
    """A result table: the mark's column gives the status; a row without a mark is `unknown`."""
    project = find_column(headers, matching(r"โครงการ"))
    if project is None:
        return
    unit = find_column(headers, matching(r"ส่วนราชการ|หน่วยงาน|รับผิดชอบ"))
    note = find_column(headers, matching(r"หมายเหตุ"))
    depth = header_depth(located.block)
    labels = _labels(located.block)  # the mark columns' own labels
    strategy = located.section.strategy
    for row in located.block.rows[depth:]:
        strategy = _strategy(row) or strategy
        name = project_name(cell(row, project)).name
        if not name:
            continue
        marked = [col for col in (achieved, missed) if text(cell(row, col))]
        status, status_text = "unknown", None
        if len(marked) == 1:
            status = "achieved" if marked[0] == achieved else "not_achieved"
            label = labels[marked[0]]
            lost = marked[0] == missed and label == labels[achieved]
            status_text = None if lost else label or None  # its wording misread
        yield _record(
            reading,
            row,
            name,
            cell(row, unit) or None,
            strategy,
            status,
            status_text,
            text(cell(row, note)) or None,
        )


def _outcome_rows(reading: Reading, located: Located, order: _Order) -> Iterable[Record]:
    """Rows below each `โครงการ/กิจกรรม | ผลลัพธ์…` header row of a table."""
    strategy = located.section.strategy
    columns: tuple[int, int] | None = None
    width = located.block.width
    for row in located.block.rows:
        values = [text(value) for value in row.values(width)]
        strategy = order.heading(row) or strategy
        header = _header(values)
        if header is not None:
            columns = header
            continue
        if columns is None:
            continue
        name, result = values[columns[0]], values[columns[1]]
        if not name or not result:
            continue  # a group label (โครงการ/กิจกรรมที่ดำเนินการต่อเนื่อง, เป้าหมาย …)
        status_text, _, outcome = (part.strip() for part in result.partition(":"))
        yield _record(
            reading,
            row,
            project_name(name).name,
            None,
            strategy,
            _status(status_text),
            status_text or None,
            outcome or None,
        )


def _status(written: str) -> str:
    """The status a result cell opens with; a slightly misread wording counts as the nearest one."""
    for pattern, _, status in STATUSES:
        if pattern.match(written):
            return status
    ratio, status = max(
        (SequenceMatcher(None, wording, written).ratio(), status) for _, wording, status in STATUSES
    )
    return status if ratio >= SIMILAR_WORDING else "unknown"


def _header(values: list[str]) -> tuple[int, int] | None:
    """(project column, result column) when the row is a `โครงการ/กิจกรรม | ผลลัพธ์…` header."""
    project = next((col for col, value in enumerate(values) if PROJECT_LABEL.match(value)), None)
    result = next((col for col, value in enumerate(values) if RESULT_LABEL.match(value)), None)
    if project is None or result is None or result <= project:
        return None
    return project, result


def _strategy(row: Row) -> str | None:
    """N of a `ยุทธศาสตร์ที่ N …` row (a group heading inside the table)."""
    first = next((text(c.text) for c in row.cells if text(c.text)), "")
    m = STRATEGY.match(first)
    return m[1] if m else None


class _Order:
    """The strategy each `ยุทธศาสตร์ที่ N` row of the outcome tables opens or restates,
    told by the order they come in, not by the digit alone (OCR reads ๓ as ๑): strategies
    are listed in turn, so a new heading (a title not seen before) opens the one after the
    strategy in force when its number reads as one already passed; a restatement (`(ต่อ)`,
    or a title already seen: a table's header repeated on a page the join missed) names
    the strategy of that title, or keeps the one in force, never reopening an earlier one."""

    def __init__(self) -> None:
        self.last: int | None = None
        self.titles: dict[str, int] = {}  # a heading's compacted title -> its strategy

    def heading(self, row: Row) -> str | None:
        filled = [value for value in (text(c.text) for c in row.cells) if value]
        first = filled[0] if filled else ""
        m = STRATEGY.match(first) or (
            UNNUMBERED.match(first) if len(filled) == 1 and self.last is not None else None
        )
        if m is None:
            return None
        read = int(m[1]) if m.groups() else None
        title = compact_key(CONTINUED.sub("", first[m.end() :]))
        number = self._number(read, title, bool(CONTINUED.search(first)))
        if title:
            self.titles.setdefault(title, number)
        self.last = number
        return str(number)

    def _number(self, read: int | None, title: str, continued: bool) -> int:
        """The strategy a heading names; `read` is None when its number was unread (and
        a strategy is in force)."""
        if read is not None and (self.last is None or read > self.last):
            return read
        assert self.last is not None  # `heading` takes an unread number only then
        known = self._known(title)
        if known is not None:
            return known
        if continued or (read == self.last and not title):
            return self.last
        if read is None or read < self.last or self._retitled(title):
            return self.last + 1
        return read

    def _known(self, title: str) -> int | None:
        """The strategy opened with `title` (or a reading of it a glyph or two off)."""
        if not title:
            return None
        ratio, number = max(
            ((SequenceMatcher(None, seen, title).ratio(), n) for seen, n in self.titles.items()),
            default=(0.0, 0),
        )
        return number if ratio >= SIMILAR_WORDING else None

    def _retitled(self, title: str) -> bool:
        """Whether the heading has a title and the strategy in force was opened with another."""
        return bool(title) and self.last in self.titles.values()


def _record(
    reading: Reading,
    row: Row,
    name: str,
    unit_raw: str | None,
    strategy: str | None,
    status: str,
    status_text: str | None,
    note: str | None,
) -> Record:
    return Record(
        ProjectOutcomeRow(
            project_name=name,
            responsible_unit=reading.unit(unit_raw, row.prov),
            strategy=strategy,
            status=status,
            status_text=status_text,
            note=note,
        ),
        row.prov,
    )
