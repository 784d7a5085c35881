"""KPI detail reports: one kpi_results row per quarter of each indicator.

An indicator opens with `(N) <name> : <code>` (the name may wrap onto the next lines)
and states its fields as `label : value` lines (ค่าเป้าหมาย, ประเภทตัวชี้วัด). Its
quarterly results follow a `ไตรมาสที่` header: labels, then the values of each quarter
in turn, one per line or one per cell (quarter number, ผลงาน, further scores, the
assessed `a / b`). Each quarter's report text follows a `รายงานผล… ไตรมาสที่ N` line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from thaiplan.extract.context.reading import Reading, text
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Provenance
from thaiplan.extract.records import Record
from thaiplan.extract.rows import KpiResultRow
from thaiplan.normalize.numbers import NUMBER, parse_number, parse_target

OPENING = re.compile(r"^\(\d{1,3}\)\s*\S")
CODE = re.compile(r"^\(\d{1,3}\)\s*(?P<name>.+?)\s*:\s*(?P<code>\d+(?:-\d+)+)$")
TARGET = re.compile(r"^ค่าเป้าหมาย")
KIND = re.compile(r"^ประเภทตัวชี้วัด\s*:\s*(.+)$")
QUARTER_HEADER = re.compile(r"^ไตรมาส(?:ที่)?\s*(?:\(|$)")
REPORT = re.compile(r"^รายงานผล\S*\s*ไตรมาส(?:ที่)?\s*(\d)\b")
ASSESSED = re.compile(rf"^(?:{NUMBER})\s*/\s*(?:{NUMBER})$")
VALUE = re.compile(rf"^(?:{NUMBER}|-)$|{ASSESSED.pattern}")
SLASH = re.compile(r"\s*/\s*")
LABEL = re.compile(r"^\*.*\*$")
MAX_QUARTERS = 4
WRAP_LINES = 3  # lines an indicator's opening line may wrap onto before its code


@dataclass
class Indicator:
    """What the report states about one indicator, gathered while its lines are read."""

    code: str
    name: str
    target_text: str = ""
    kind: str | None = None
    values: list[tuple[str, Provenance]] = field(default_factory=list)
    reports: dict[int, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    """A text line or a table cell, in reading order."""

    text: str
    prov: Provenance
    new_paragraph: bool
    heading: bool = False


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    indicators: list[Indicator] = []
    lines = list(_lines(reading))
    state = _State()
    for index, item in enumerate(lines):
        if opened := _opening(lines, index):
            indicators.append(opened)
            state = _State()
        elif indicators:
            _read_line(state, indicators[-1], item, lines[index - 1])
    for indicator in indicators:
        yield from _quarters(reading, indicator)


@dataclass
class _State:
    """Where the reading of an indicator's lines stands."""

    part: str = "fields"  # fields, report, quarters or other
    report: list[str] | None = None


def _read_line(state: _State, current: Indicator, item: Line, previous: Line) -> None:
    """One line below an indicator's opening: a report heading, the quarter table, a
    value, a report's text, the target or the kind."""
    line = item.text
    if m := REPORT.match(line):
        state.part, state.report = "report", current.reports.setdefault(int(m[1]), [])
    elif QUARTER_HEADER.match(line):
        state.part = "quarters"
    elif state.part == "quarters":
        if VALUE.match(line):
            current.values.append((line, item.prov))
        elif current.values:
            state.part = "fields"
    elif state.part == "report" and state.report is not None:
        if state.report and _ends_report(item, previous):
            state.part = "other"
        else:
            state.report.append(line)
    elif state.part == "fields":
        _read_field(current, line)


def _read_field(current: Indicator, line: str) -> None:
    if TARGET.match(line) and not current.target_text:
        current.target_text = line
    elif m := KIND.match(line):
        current.kind = m[1]


def _lines(reading: Reading) -> Iterable[Line]:
    """Every text line, and every filled cell of a table row as a line of its own."""
    for item in reading.located:
        block = item.block
        if block.kind != "table":
            yield Line(
                text(block.text), block.prov, block.starts_paragraph, block.kind == "heading"
            )
            continue
        for row in block.rows:
            for value in row.values():
                if text(value):
                    yield Line(text(value), row.prov, False)


def _ends_report(item: Line, previous: Line) -> bool:
    """A heading, a `*label*` line or a new paragraph ends a report text; a page break does not."""
    return (
        item.heading
        or bool(LABEL.match(item.text))
        or (item.new_paragraph and item.prov.page == previous.prov.page)
    )


def _opening(lines: list[Line], index: int) -> Indicator | None:
    """An indicator opening at line `index`: `(N) name : code`, possibly wrapped."""
    joined = lines[index].text
    if not OPENING.match(joined):
        return None
    for following in lines[index + 1 : index + 1 + WRAP_LINES]:
        if CODE.match(joined):
            break
        joined = f"{joined} {following.text}"
    m = CODE.match(joined)
    return Indicator(m["code"], m["name"]) if m else None


def _quarters(reading: Reading, indicator: Indicator) -> Iterable[Record]:
    """One row per quarter: the value after the quarter number is ผลงาน, the `a / b` one is assessed."""
    target = parse_target(indicator.target_text)
    groups = _groups(indicator.values)
    if indicator.values and not groups:
        reading.note(
            "unparsed_table",
            f"The quarterly results of indicator {indicator.code} could not be split "
            "into quarters 1-4; no kpi_results rows were written for it.",
            " ".join(value for value, _ in indicator.values),
            indicator.values[0][1],
        )
    for quarter, group in groups:
        (_, prov), rest = group[0], [value for value, _ in group[1:]]
        plain = [value for value in rest if not ASSESSED.match(value)]
        assessed = next((_spaced(value) for value in rest if ASSESSED.match(value)), None)
        result = parse_number(plain[0]) if plain else None
        report = " ".join(indicator.reports.get(quarter, [])) or None
        yield Record(
            KpiResultRow(
                kpi_code=indicator.code,
                kpi_name=indicator.name,
                target_text=target.text,
                target_value=target.value,
                target_unit=target.unit,
                kpi_type=indicator.kind,
                quarter=quarter,
                result_value=None if result is None else float(result),
                assessed=assessed,
                report_text=report,
            ),
            prov,
        )


def _spaced(assessed: str) -> str:
    """`a / b` with one space either side of the slash, however OCR spaced it.

    >>> _spaced("100/ 100")
    '100 / 100'
    """
    return SLASH.sub(" / ", assessed)


Group = tuple[int, list[tuple[str, Provenance]]]


def _groups(values: list[tuple[str, Provenance]]) -> list[Group]:
    """The values split into equal groups, each opened by its quarter number 1, 2, 3, 4 in
    turn; where OCR lost some quarter numbers, the groups the numbers read open (`_walk`)."""
    for quarters in (4, 3, 2):
        if groups := _even(values, quarters):
            return groups
    if groups := _closed_by_assessed(values):
        return groups
    for size in range(3, len(values) // 2 + 1):
        if groups := _walk(values, size):
            return groups
    return _even(values, 1)


def _even(values: list[tuple[str, Provenance]], quarters: int) -> list[Group]:
    """The values as `quarters` equal groups opened by 1, 2, ... in turn, or none."""
    size = len(values) // quarters
    if len(values) % quarters or size < 2:
        return []
    if all(values[q * size][0] == str(q + 1) for q in range(quarters)):
        return [(q + 1, values[q * size : (q + 1) * size]) for q in range(quarters)]
    return []


def _closed_by_assessed(values: list[tuple[str, Provenance]]) -> list[Group]:
    """Groups each closed by its assessed `a / b` value, numbered 1, 2, ... in turn: every
    group as long as the longest, or one shorter where its quarter number is lost (lone
    `2`, `3`, `4` OCR dropped as speckle); else none. A full group that opens with another
    number has its quarter number misread (`5` for 3), as long as more groups open with
    their own number than with a misread one.

    >>> def values(*texts): return [(t, None) for t in texts]
    >>> [(q, [v for v, _ in g]) for q, g in _closed_by_assessed(
    ...     values("1", "10.00", "1 / 1", "25.00", "1 / 1"))]
    [(1, ['1', '10.00', '1 / 1']), (2, ['2', '25.00', '1 / 1'])]
    >>> [(q, [v for v, _ in g]) for q, g in _closed_by_assessed(
    ...     values("1", "10.00", "1 / 1", "5", "25.00", "1 / 1", "3", "30.00", "1 / 1"))]
    [(1, ['1', '10.00', '1 / 1']), (2, ['2', '25.00', '1 / 1']), (3, ['3', '30.00', '1 / 1'])]
    >>> _closed_by_assessed(values("1", "10.00", "1 / 1", "25.00", "9", "1 / 1"))
    []
    """
    groups: list[list[tuple[str, Provenance]]] = [[]]
    for value in values:
        groups[-1].append(value)
        if ASSESSED.match(value[0]):
            groups.append([])
    closed = groups[:-1]
    if groups[-1] or not closed or len(closed) > MAX_QUARTERS:
        return []
    size = max(len(group) for group in closed)
    read = sum(group[0][0] == str(quarter) for quarter, group in enumerate(closed, 1))
    misread = sum(len(group) == size for group in closed) - read
    numbered = [_numbered(quarter, group, size) for quarter, group in enumerate(closed, 1)]
    if any(len(group) != size for group in numbered) or misread >= read:
        return []
    return list(enumerate(numbered, start=1))


def _numbered(
    quarter: int, group: list[tuple[str, Provenance]], size: int
) -> list[tuple[str, Provenance]]:
    """The group opened by its quarter number: put in where OCR lost it (the group is one
    short), or in place of the number OCR misread (the group is whole)."""
    first, prov = group[0]
    if first == str(quarter):
        return group
    if len(group) == size:
        return [(str(quarter), prov), *group[1:]]
    return [(str(quarter), prov), *group]


def _walk(values: list[tuple[str, Provenance]], size: int) -> list[Group]:
    """Groups of `size` values opened by the quarter numbers in turn, a group whose number
    is lost (a lone `4` OCR dropped as speckle) being one value short: every value taken
    in at most four quarters, and more numbers read than lost; else none."""
    groups: list[Group] = []
    at, lost = 0, 0
    while at < len(values) and len(groups) < MAX_QUARTERS:
        quarter = len(groups) + 1
        if values[at][0] == str(quarter):
            group, at = values[at : at + size], at + size
        else:
            group, at = [(str(quarter), values[at][1]), *values[at : at + size - 1]], at + size - 1
            lost += 1
        groups.append((quarter, group))
    whole = at == len(values) and all(len(g) == size for _, g in groups)
    return groups if whole and lost < len(groups) - lost else []
