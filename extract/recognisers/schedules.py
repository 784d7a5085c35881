"""Step schedules (ขั้นตอนการปฏิบัติงานของโครงการ/กิจกรรม): one row per step, months from the marks.

A schedule is the lines that name its indicator, project and budget, then one or more table
parts (a part repeats the header; each part's own month and พ.ศ. rows place its marks).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from thaiplan.extract.context.reading import Located, Reading, join_wrapped, text
from thaiplan.extract.context.tables import cell, find_named_column, header_depth, header_texts
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Provenance, Row
from thaiplan.extract.records import Record, check, where
from thaiplan.extract.rows import ScheduleStepRow
from thaiplan.normalize.dates import PLAN_HORIZON_YEARS, be_to_ce, month_number
from thaiplan.normalize.keywords import MARK_EDIT_COST, THAI_MARKS, marks_optional, starts_with
from thaiplan.normalize.numbers import figure_fits, parse_amount, parse_number

#: A header line opens with a label, perhaps after a dash and `ชื่อ`: `ชื่อตัวชี้วัดที่ ๑ ...`.
LABEL_LEAD = re.compile(r"^-?\s*(?:ชื่อ)?")
KPI_LABEL, PROJECT_LABEL, BUDGET_LABEL = "ตัวชี้วัดที่", "โครงการ/กิจกรรม", "งบประมาณ"
#: What follows each label: the indicator's number and name, the project's, the amount.
KPI_REST = re.compile(r"^\s*(\d+)\s*:?\s*(.*)$")
PROJECT_REST = re.compile(r"^(?:ที่\s*\d+)?\s*:?\s*(.*)$")
BUDGET_REST = re.compile(r"^\s*:?\s*(.*)$")
#: A label may lose one mark to OCR (`ชื่อตัวชีวัดที่๑`), or every mark above its letters
#: (`ตัวชวดท`); a consonant lost makes another word.
HEADER_LABEL_LIMIT = MARK_EDIT_COST
UNIT_ONLY = re.compile(r"^\((.+)\)$")
TRAILING_GROUP = re.compile(r"\s*\(([^()]+)\)\s*$")
STEP_LABEL, STEPS_WORD = "ขั้นตอนที่", "ขั้นตอน"
#: A step label may lose every mark to OCR (`ขนตอนท ๒`) and still be one before a number.
STEP_LABEL_LIMIT = sum(char in THAI_MARKS for char in STEP_LABEL) * MARK_EDIT_COST
NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)[.)]?\s*(.*)$")
TOTAL = re.compile(r"^รวม\s*(\d+)\s*(.*)$")
#: Read month columns that must agree on one month-per-column run before it is trusted.
MIN_MONTHS_IN_RUN = 3
#: The longest a month's abbreviation is written, dots aside (`มี.ค.`, `พ.ย.`; OCR `กุย:`).
MONTH_LABEL_CHARS = 4
YEAR_LABEL = re.compile(r"(25\d\d)")
WEIGHT_HEADERS = ("รายขั้นตอน", "เนื้องาน", "เนื้อหา", "น้ำหนัก")
CUMULATIVE_HEADERS = ("ความก้าวหน้า", "สะสม")
LEFT, RIGHT, BOTH = "←", "→", "↔"
LONE_DASHES = {"-", "–", "—"}
#: what a schedule's step weights add up to (percent)
FULL_WEIGHT = 100
DASH_RUN = re.compile(r"[-–—_=━─]+")


@dataclass(frozen=True)
class Step:
    """One step row as read: its number, words, weight, stated cumulative and months."""

    step_no: str
    step_text: str
    weight_pct: float | None
    cumulative_pct: float | None
    months: list[date]


@dataclass
class Schedule:
    schedule_id: str
    kpi_no: str | None
    kpi_name: str | None
    project_name: str | None
    responsible_unit: str | None
    budget: Decimal | None
    scope: str
    steps: list[tuple[Row, Step]] = field(default_factory=list)
    total_row: Row | None = None
    stated_steps: int | None = None


def claims(table: Block) -> bool:
    """A step table: a header row naming months, under a step column or across most of a year."""
    headers = header_texts(table)
    months = month_columns(table, header_depth(table))
    return bool(headers) and bool(months) and ("ขั้นตอน" in headers[0] or len(months) >= 6)


def month_columns(table: Block, depth: int) -> dict[int, int]:
    """Column → month number, from the header row that names at least three months."""
    for row in table.rows[:depth]:
        found = {c.col: m for c in row.cells if (m := month_number(text(c.text))) is not None}
        if len(found) >= 3:
            return _in_sequence(found, {c.col for c in row.cells if _month_like(c.text)})
    return {}


def _month_like(label: str) -> bool:
    """A label as short as a month's abbreviation, its dots and spaces aside (`ก.ย.`)."""
    return 0 < len(re.sub(r"[.\s]", "", text(label))) <= MONTH_LABEL_CHARS


def _in_sequence(found: dict[int, int], labelled: set[int] | None = None) -> dict[int, int]:
    """Months run one a column: where most read months agree on that run, a column read as
    another month (OCR: `ม.ค` for `มี.ค`) or not read at all between them takes its place in
    it, and so does a label next to either end of the run (`labelled`: the row's columns
    with any text) that reads as no month (OCR: `กุย:` for `ก.ย.`).

    >>> _in_sequence({3: 10, 4: 11, 5: 12, 6: 1, 7: 2, 8: 1, 10: 5, 11: 6})
    {3: 10, 4: 11, 5: 12, 6: 1, 7: 2, 8: 3, 9: 4, 10: 5, 11: 6}
    >>> _in_sequence({3: 10, 5: 11, 7: 12})  # a month every other column: kept as read
    {3: 10, 5: 11, 7: 12}
    >>> _in_sequence({4: 11, 5: 12, 6: 1}, {3, 4, 5, 6, 7})  # labels at 3 and 7 misread
    {3: 10, 4: 11, 5: 12, 6: 1, 7: 2}
    """
    votes = Counter((month - col) % 12 for col, month in found.items())
    offset, agreeing = votes.most_common(1)[0]
    if agreeing < MIN_MONTHS_IN_RUN or agreeing * 2 <= len(found):
        return found
    run = [col for col, month in found.items() if (month - col) % 12 == offset]
    first, last = min(run), max(run)
    while first - 1 in (labelled or set()) - found.keys():
        first -= 1
    while last + 1 in (labelled or set()) - found.keys():
        last += 1
    return {col: (col + offset - 1) % 12 + 1 for col in range(first, last + 1)}


def month_dates(table: Block, depth: int, fiscal_year_be: int | None) -> dict[int, date]:
    """Column → first day of its month. The year starts at the first พ.ศ. label and changes at ม.ค."""
    months = month_columns(table, depth)
    if not months:
        return {}
    cols = sorted(months)
    year = _first_year_ce(table, depth, months[cols[0]], fiscal_year_be)
    if year is None:
        return {}
    dates, previous = {}, None
    for col in cols:
        if previous is not None and months[col] < previous:
            year += 1
        dates[col] = date(year, months[col], 1)
        previous = months[col]
    return dates


def _first_year_ce(
    table: Block, depth: int, first_month: int, fiscal_year_be: int | None
) -> int | None:
    """The first พ.ศ. label over the month columns (nearest row above the months first).

    A `ปีงบประมาณ พ.ศ. N` caption names the fiscal year, not the first month's year, so it is skipped.
    """
    for row in reversed(table.rows[:depth]):
        for value in row.values():
            if (
                "พ.ศ" in value
                and "ปีงบประมาณ" not in value
                and (m := YEAR_LABEL.search(text(value)))
            ):
                if _plausible(int(m[1]), fiscal_year_be):
                    return be_to_ce(int(m[1]))
                return _fiscal_first_year(first_month, fiscal_year_be)
    return _fiscal_first_year(first_month, fiscal_year_be)


def _fiscal_first_year(first_month: int, fiscal_year_be: int | None) -> int | None:
    """The year of a fiscal year's first month: one from July on falls in the year before."""
    if fiscal_year_be is None:
        return None
    return be_to_ce(fiscal_year_be) - (1 if first_month >= 7 else 0)


def _plausible(year_be: int, fiscal_year_be: int | None) -> bool:
    """A schedule's year label within a plan's horizon of its fiscal year; further is a
    misread (OCR reads ๒๕๖๑ as ๒๕๒๑), so the fiscal year dates the months instead."""
    return fiscal_year_be is None or abs(year_be - fiscal_year_be) <= PLAN_HORIZON_YEARS


def marked_months(row: Row, dates: dict[int, date]) -> list[date]:
    """Months a step's marks cover: ↔ its own span, ← … → every month between, lone marks their own."""
    if not dates:
        return []
    first, last = min(dates), max(dates)

    def month_at(col: int) -> date | None:
        return dates[last] if col > last else dates.get(col)

    chosen: set[date | None] = set()
    open_at: int | None = None
    for c in sorted(row.cells, key=lambda c: c.col):
        mark = c.text.strip()
        if (
            c.col < first
            or not mark
            or mark in LONE_DASHES
            or (open_at is not None and DASH_RUN.fullmatch(mark))
        ):
            continue  # nothing, a "-" for none, or the middle of an arrow drawn over several cells
        span = [m for col in range(c.col, c.col + c.colspan) if (m := month_at(col))]
        has_left, has_right = LEFT in mark, RIGHT in mark
        if BOTH in mark or (has_left and has_right):
            chosen.update(span)
        elif has_left:
            if open_at is not None:
                chosen.add(month_at(open_at))
            open_at = c.col
        elif has_right and open_at is not None:
            chosen.update(m for col in range(open_at, c.col + c.colspan) if (m := month_at(col)))
            open_at = None
        else:
            chosen.update(span)  # any other mark (✓, ●, x, a bar) marks its own months
    if open_at is not None:
        chosen.add(month_at(open_at))
    return sorted(m for m in chosen if m is not None)


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    current: Schedule | None = None
    for located in reading.tables():
        table = located.block
        if not claims(table):
            continue
        header = _schedule_header(reading, located)
        if header is not None or current is None:
            if current is not None:
                yield from _finish(current, ids, _mend_by_cumulative(reading, current))
            current = _new_schedule(reading, ids, located, header or {})
        _read_part(reading, current, table)
    if current is not None:
        yield from _finish(current, ids, _mend_by_cumulative(reading, current))


@dataclass(frozen=True)
class Mended:
    """What `_mend_by_cumulative` changed: a weight (so their sum checks nothing), and the
    row of the first step mended (a cumulative check reaching it checks nothing)."""

    weight: bool = False
    first: Row | None = None


def _mend_by_cumulative(reading: Reading, schedule: Schedule) -> Mended:
    """On a scan, mend a step figure OCR misread by a digit where the schedule's own
    arithmetic names it: the one weight whose digit changed makes the weights 100
    (`_weight_by_sum`, only when every step from the first was read), and a cumulative
    both its neighbours put at one figure
    (`_cumulative_by_neighbours`). Noted; the checks a mended figure reaches stay
    unverifiable (the sums chose it)."""
    if not reading.scanned:
        return Mended()  # a printed figure is the document's, right or wrong
    counted = [(i, s) for i, (_, s) in enumerate(schedule.steps) if "." not in s.step_no]
    stated = [s.cumulative_pct for _, s in counted]
    weights = [s.weight_pct for _, s in counted]
    weights, stated = _lost_by_rises(weights, stated)
    if [s.step_no for _, s in counted] == [str(n) for n in range(1, len(counted) + 1)]:
        weights = _weight_by_sum(weights, stated)  # every step read: they make 100
    cumulative = _cumulative_by_neighbours(weights, stated)
    mended = Mended()
    for (i, step), weight, cum in zip(counted, weights, cumulative, strict=True):
        if (weight, cum) == (step.weight_pct, step.cumulative_pct):
            continue
        row = schedule.steps[i][0]
        mended = Mended(mended.weight or weight != step.weight_pct, mended.first or row)
        schedule.steps[i] = (row, replace(step, weight_pct=weight, cumulative_pct=cum))
        reading.note(
            "schedule_figure_mended",
            f"Step {step.step_no}: weight {step.weight_pct} and cumulative"
            f" {step.cumulative_pct} as read, {weight} and {cum} by the schedule's sums",
            schedule.scope,
            row.prov,
            severity="info",
        )
    return mended


def _lost_by_rises(
    weights: list[float | None], cumulative: list[float | None]
) -> tuple[list[float | None], list[float | None]]:
    """A weight or cumulative OCR did not read, from the rule that each cumulative is the
    one before plus its step's weight: a lost cumulative where its neighbours give one
    figure, then a lost weight as its cumulative's rise.

    >>> _lost_by_rises([10, None, 5, None], [10, None, 20, 30])  # 5|- read as ว|nothing
    ([10, 5, 5, 10], [10, 15, 20, 30])
    >>> _lost_by_rises([10, None, None], [10, None, 30])  # two lost in one step: kept
    ([10, None, None], [10, None, 30])
    """
    weights, cumulative = list(weights), list(cumulative)
    for i, here in enumerate(cumulative):
        before = 0.0 if i == 0 else cumulative[i - 1]
        given = {
            figure
            for figure, known in (
                ((before or 0) + (weights[i] or 0), None not in (before, weights[i])),
                _less_next(weights, cumulative, i),
            )
            if known
        }
        if here is None and len(given) == 1:
            cumulative[i] = given.pop()
    for i, weight in enumerate(weights):
        before = 0.0 if i == 0 else cumulative[i - 1]
        here = cumulative[i]
        if weight is None and here is not None and before is not None and here > before:
            weights[i] = here - before
    return weights, cumulative


def _less_next(
    weights: list[float | None], cumulative: list[float | None], i: int
) -> tuple[float, bool]:
    """Step `i`'s cumulative as the next one less the next weight, and whether both were read."""
    if i + 1 >= len(cumulative) or cumulative[i + 1] is None or weights[i + 1] is None:
        return 0.0, False
    return (cumulative[i + 1] or 0) - (weights[i + 1] or 0), True


def _weight_by_sum(
    weights: list[float | None], cumulative: list[float | None]
) -> list[float | None]:
    """The weights, the one a digit off the figure that makes them 100 set to it; a weight
    its cumulative's rise confirms is read right.

    >>> _weight_by_sum([5, 10, 10, 9, 70], [5, 10, 20, 30, 100])  # 9 for 5 (5 -> 1 fits too)
    [5, 10, 10, 5, 70]
    >>> _weight_by_sum([5, 9, 9, 81], [None] * 4)  # two 9s could be the 5: neither is taken
    [5, 9, 9, 81]
    """
    if None in weights or not weights:
        return weights
    excess = sum(w for w in weights if w is not None) - FULL_WEIGHT
    rises = [
        None if b is None or a is None else b - a
        for a, b in zip([0.0, *cumulative], cumulative, strict=False)
    ]
    fits = [
        i
        for i, (w, rise) in enumerate(zip(weights, rises, strict=True))
        if excess and w is not None and w != rise and _digit_off(w, w - excess)
    ]
    if len(fits) != 1:
        return weights
    new = list(weights)
    new[fits[0]] = (weights[fits[0]] or 0) - excess
    return new


def _cumulative_by_neighbours(
    weights: list[float | None], cumulative: list[float | None]
) -> list[float | None]:
    """The stated cumulatives, one a digit off the figure both its neighbours give (the one
    before plus its weight, the one after less that step's weight) set to it.

    >>> _cumulative_by_neighbours([5, 30, 10], [40, 10, 80])  # 10 read for 70
    [40, 70, 80]
    >>> _cumulative_by_neighbours([5, 30, 10], [40, 10, 90])  # the neighbours disagree
    [40, 10, 90]
    """
    new = list(cumulative)
    for i in range(1, len(cumulative) - 1):
        before, after, here = cumulative[i - 1], cumulative[i + 1], cumulative[i]
        weight, next_weight = weights[i], weights[i + 1]
        if None in (before, after, here, weight, next_weight):
            continue
        implied = (before or 0) + (weight or 0)
        if implied == (after or 0) - (next_weight or 0) != here and _digit_off(here or 0, implied):
            new[i] = implied
    return new


def _digit_off(read: float, figure: float) -> bool:
    """One digit misread, added or lost (`9` for 5, `10` for 70)."""
    return figure > 0 and float(figure).is_integer() and figure_fits(f"{read:g}", Decimal(figure))


def _schedule_header(reading: Reading, located: Located) -> dict | None:
    """The indicator/project/budget lines above a schedule part, or None for a continued part."""
    found: dict = {}
    wrapping = None  # the field a printed line without a blank line before it continues
    for line in reversed(list(reading.text_before(located.index))):
        value = text(line.block.text)
        if m := _labelled(value, KPI_LABEL, KPI_REST):
            found, wrapping = (
                {"kpi_no": m[1], "kpi_name": m[2] or None, "prov": line.block.prov},
                "kpi_name",
            )
        elif m := _labelled(value, PROJECT_LABEL, PROJECT_REST):
            found["project"], wrapping = m[1], "project"
        elif (m := _labelled(value, BUDGET_LABEL, BUDGET_REST)) and (
            "project" in found or "kpi_no" in found
        ):
            found["budget"], wrapping = parse_amount(m[1]).value, None
        elif (m := UNIT_ONLY.match(value)) and "project" in found:
            found["unit"], wrapping = m[1], None
        elif wrapping and found.get(wrapping) and not line.block.starts_paragraph:
            found[wrapping] = join_wrapped([found[wrapping], value])
        else:
            wrapping = None
    return found or None


def _labelled(value: str, label: str, rest: re.Pattern[str]) -> re.Match[str] | None:
    """`rest` matched after `label` as written at the start of a header line, else None."""
    body = LABEL_LEAD.sub("", value, count=1)
    length = starts_with(body, label, HEADER_LABEL_LIMIT)
    if length is None and (unmarked := re.match(marks_optional(label), body)):
        length = unmarked.end()  # every mark above the letters lost: `ตัวชวดท 2`
    return None if length is None else rest.match(body[length:])


def _new_schedule(reading: Reading, ids: IdMaker, located: Located, header: dict) -> Schedule:
    project, unit = header.get("project"), header.get("unit")
    if project and unit is None and (m := TRAILING_GROUP.search(project)) and reading.is_unit(m[1]):
        project, unit = project[: m.start()].strip(), m[1]
    kpi_no = header.get("kpi_no")
    scope = f"ตัวชี้วัดที่ {kpi_no} {project}" if kpi_no else (project or "schedule")
    return Schedule(
        schedule_id=ids.make("schedule", kpi_no, project),
        kpi_no=kpi_no,
        kpi_name=header.get("kpi_name"),
        project_name=project,
        responsible_unit=reading.unit(unit, header.get("prov")),
        budget=header.get("budget"),
        scope=scope,
    )


def _read_part(reading: Reading, schedule: Schedule, table: Block) -> None:
    depth = header_depth(table)
    headers = header_texts(table, depth)
    weight_col = find_named_column(headers, *WEIGHT_HEADERS)
    cumulative_col = find_named_column(headers, *CUMULATIVE_HEADERS)
    dates = month_dates(table, depth, reading.fiscal_year_be)
    if not dates:
        reading.note(
            "month_header_missing",
            "A schedule part has no month row, so its marks cannot be dated.",
            headers[0] if headers else None,
            table.prov,
        )
    for row in table.rows[depth:]:
        first = text(cell(row, 0))
        if (stated := _stated_steps(first)) is not None:
            schedule.total_row, schedule.stated_steps = row, stated
            continue
        step = _step(first)
        if not step:
            continue
        step_no, step_text = step
        months = marked_months(row, dates)
        schedule.steps.append(
            (
                row,
                Step(
                    step_no,
                    step_text,
                    _float(cell(row, weight_col)),
                    _float(cell(row, cumulative_col)),
                    months,
                ),
            )
        )


def _step(first: str) -> tuple[str, str] | None:
    """(number, text) of a step cell: `ขั้นตอนที่ 2 จัดประชุม…` or `2. จัดประชุม…`.

    >>> _step("ขนตอนท 2จัดประชุม"), _step("2. จัดประชุม"), _step("ขั้นตอนการปฏิบัติงาน")
    (('2', 'จัดประชุม'), ('2', 'จัดประชุม'), None)
    """
    label = starts_with(first, STEP_LABEL, STEP_LABEL_LIMIT)
    m = NUMBERED.match(first[label or 0 :])
    return (m[1], m[2]) if m and m[2] else None


def _stated_steps(first: str) -> int | None:
    """N of a `รวม N ขั้นตอน` total row (OCR may split the word: `ขั้นต อน`).

    >>> _stated_steps("รวม 5 ขั้นต อน คิด เป็นร้อย ละ"), _stated_steps("รวม 5 โครงการ")
    (5, None)
    """
    m = TOTAL.match(first)
    if m and starts_with("".join(m[2].split()), STEPS_WORD) is not None:
        return int(m[1])
    return None


def _float(value: str) -> float | None:
    number = parse_number(text(value)) if value.strip() else None
    return None if number is None else float(number)


def _finish(schedule: Schedule, ids: IdMaker, mended: Mended) -> Iterable[Record]:
    for row, step in schedule.steps:
        yield Record(
            ScheduleStepRow(
                schedule_id=schedule.schedule_id,
                kpi_no=schedule.kpi_no,
                kpi_name=schedule.kpi_name,
                project_name=schedule.project_name,
                responsible_unit=schedule.responsible_unit,
                project_budget=schedule.budget,
                step_no=step.step_no,
                step_text=step.step_text,
                weight_pct=step.weight_pct,
                cumulative_pct=step.cumulative_pct,
                months=step.months,
                start_month=step.months[0] if step.months else None,
                end_month=step.months[-1] if step.months else None,
            ),
            row.prov,
            meta={"scope": schedule.scope},
        )
    if not schedule.steps:
        return
    counted = [(row, s) for row, s in schedule.steps if "." not in s.step_no]
    last_prov = schedule.steps[-1][0].prov
    total_prov = schedule.total_row.prov if schedule.total_row else last_prov
    weights = [s.weight_pct for _, s in counted if s.weight_pct is not None]
    span = where(schedule.steps[0][0].prov, last_prov)
    yield check(
        ids,
        "schedule_weights_sum",
        f"schedule {schedule.scope} (steps {span})",
        Decimal(100),
        _decimal(sum(weights)) if weights else None,
        len(weights),
        total_prov,
        unit="percent",
        complete=not mended.weight,
    )
    if schedule.stated_steps is not None:
        yield check(
            ids,
            "schedule_step_count",
            f"schedule {schedule.scope}: รวม {schedule.stated_steps} ขั้นตอน",
            Decimal(schedule.stated_steps),
            Decimal(len(counted)),
            len(counted),
            total_prov,
            unit="count",
        )
    yield _cumulative_check(schedule, counted, ids, mended)


def _cumulative_check(
    schedule: Schedule, counted: list[tuple[Row, Step]], ids: IdMaker, mended: Mended
) -> Record:
    """Stated cumulative vs the running sum of weights: the first step where they part, else the last."""
    running, summed = Decimal(0), 0
    at: tuple[Provenance, Decimal | None, Decimal] | None = None
    reached = False  # a mended step at or before the one the check reports
    for row, step in counted:
        reached = reached or row is mended.first
        if step.weight_pct is None:
            continue
        running += _decimal(step.weight_pct)
        summed += 1
        stated = None if step.cumulative_pct is None else _decimal(step.cumulative_pct)
        at = (row.prov, stated, running)
        if stated != running:
            break
    prov, stated, actual = at if at else (schedule.steps[-1][0].prov, None, None)
    return check(
        ids,
        "schedule_cumulative",
        f"schedule {schedule.scope}: cumulative column",
        stated,
        actual,
        summed,
        prov,
        unit="percent",
        complete=not reached,
    )


def _decimal(value: float) -> Decimal:
    return Decimal(str(value))
