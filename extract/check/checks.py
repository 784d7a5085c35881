"""What an auditor reconciles: stated figures against the figures recomputed from the rows.

Table-level checks (a total line, a step count) are made by the recogniser that reads the
table; the cross-table checks here compare records of one document after all recognisers ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from thaiplan.extract.ids import IdMaker
from thaiplan.extract.records import AMOUNT_FROM_ITEMS, Record, check, of_kind, where
from thaiplan.extract.rows import BudgetItemRow, BudgetLineRow, ScheduleStepRow
from thaiplan.normalize.numbers import figure_unread
from thaiplan.normalize.text import compact_key, unmarked_key

#: the budget-line views that hold a unit's (or a one-unit ministry's) stated total
TOTAL_VIEWS = ("other", "ministry_summary")


def detail_vs_summary(records: list[Record], ids: IdMaker) -> Iterable[Record]:
    """One check per detail budget row whose project also has a summary row (names compared compactly)."""
    summary = _SummaryRows(records)
    for record in of_kind(records, BudgetItemRow):
        row = record.row
        if row.section != "detail" or row.project_name is None:
            continue
        match = summary.get(row.project_name)
        if match is None:
            continue
        yield check(
            ids,
            "budget_detail_vs_summary",
            f"{row.project_name}: summary {where(match.prov)} vs detail {where(record.prov)}",
            match.row.amount,
            row.amount,
            1,
            match.prov,
            complete=not any(figure_unread(r.amount, r.amount_raw) for r in (match.row, row)),
        )


def schedule_vs_summary(records: list[Record], ids: IdMaker) -> Iterable[Record]:
    """One check per schedule whose project has a summary budget row."""
    summary = _SummaryRows(records)
    seen: set[str] = set()
    for record in of_kind(records, ScheduleStepRow):
        row = record.row
        if row.schedule_id in seen or not row.project_name:
            continue
        seen.add(row.schedule_id)
        match = summary.get(row.project_name)
        if match is None:
            continue
        yield check(
            ids,
            "schedule_budget_vs_summary",
            f"schedule {record.meta.get('scope', row.project_name)}: summary {where(match.prov)}",
            match.row.amount,
            row.project_budget,
            1,
            match.prov,
            complete=not figure_unread(match.row.amount, match.row.amount_raw),
        )


class _SummaryRows:
    """Summary budget rows by name: as written (spaces aside), else without the marks
    when that names one row only (the spec compares names without spaces and marks)."""

    def __init__(self, records: list[Record]):
        self.exact: dict[str, Record[BudgetItemRow]] = {}
        self.unmarked: dict[str, list[Record[BudgetItemRow]]] = {}
        for record in of_kind(records, BudgetItemRow):
            name = record.row.project_name
            if record.row.section == "summary" and name is not None:
                self.exact.setdefault(compact_key(name), record)
                self.unmarked.setdefault(unmarked_key(name), []).append(record)

    def get(self, name: str) -> Record[BudgetItemRow] | None:
        if (found := self.exact.get(compact_key(name))) is not None:
            return found
        candidates = self.unmarked.get(unmarked_key(name), [])
        return candidates[0] if len(candidates) == 1 else None


def budget_tree_sum(records: list[Record], ids: IdMaker) -> Iterable[Record]:
    """One check per budget line with lines below it: its amount against theirs (same year)."""
    lines = of_kind(records, BudgetLineRow)
    children: dict[str, list[Record[BudgetLineRow]]] = {}
    for record in lines:
        if record.row.parent_id is not None:
            children.setdefault(record.row.parent_id, []).append(record)
    for record in lines:
        row = record.row
        below = [c for c in children.get(row.line_id, []) if c.row.year_be == row.year_be]
        if not below:
            continue
        unread = all(c.row.amount is None for c in below)  # every line `-`: no amount
        yield check(
            ids,
            "budget_tree_sum",
            f"{row.budgetary_unit}: {row.item} ({row.year_be}) {where(record.prov)}"
            f" vs its {len(below)} lines below, {where(below[0].prov, below[-1].prov)}",
            row.amount,
            None if unread else _total(below),
            len(below),
            record.prov,
            complete=not record.meta.get(AMOUNT_FROM_ITEMS),
        )


def budget_unit_total(records: list[Record], ids: IdMaker) -> Iterable[Record]:
    """Each budgetary unit's stated total against the sum of its งบรายจ่าย (level-1) lines."""
    lines = of_kind(records, BudgetLineRow)
    by_id = {r.row.line_id: r for r in lines}
    level1: dict[str, list[Record[BudgetLineRow]]] = {}
    for record in lines:
        if record.row.level == 1 and record.row.view == "detail":
            top = _root(record, by_id)
            level1.setdefault(top.row.line_id, []).append(record)
    for line_id, below in level1.items():
        total = by_id[line_id]
        if total.row.view not in TOTAL_VIEWS:
            continue  # the unit's stated total was not found above its plans
        yield check(
            ids,
            "budget_unit_total",
            f"{total.row.budgetary_unit}: stated total {where(total.prov)} vs its"
            f" {len(below)} งบรายจ่าย lines, {where(below[0].prov, below[-1].prov)}",
            total.row.amount,
            _total(below),
            len(below),
            total.prov,
        )


def ministry_total(records: list[Record], ids: IdMaker) -> Iterable[Record]:
    """Each ministry's stated total against the stated totals of its units (same year)."""
    lines = [r for r in of_kind(records, BudgetLineRow) if r.row.level == 0]
    for record in lines:
        row = record.row
        if row.view != "ministry_summary":
            continue
        units = [
            r
            for r in lines
            if r.row.view == "other"
            and r.row.ministry == row.ministry
            and r.row.year_be == row.year_be
        ]
        if not units:
            continue
        yield check(
            ids,
            "ministry_total",
            f"{row.ministry} ({row.year_be}): stated total {where(record.prov)} vs its"
            f" {len(units)} units' totals",
            row.amount,
            _total(units),
            len(units),
            record.prov,
        )


def budget_kpi_money(records: list[Record], ids: IdMaker) -> Iterable[Record]:
    """A programme's เงินงบประมาณ in its service-target table against its detail-view total."""
    lines = [r for r in of_kind(records, BudgetLineRow) if r.row.level == 0]
    detail = {
        _programme_key(r.row): r
        for r in lines
        if r.row.view == "detail" and (r.row.output or r.row.project)
    }
    for record in lines:
        row = record.row
        match = detail.get(_programme_key(row)) if row.view == "service_targets" else None
        if match is None:
            continue
        yield check(
            ids,
            "budget_kpi_money",
            f"{row.budgetary_unit}: {row.output or row.project} ({row.year_be})"
            f" service targets {where(record.prov)} vs detail {where(match.prov)}",
            match.row.amount,
            row.amount,
            1,
            record.prov,
        )


def _programme_key(row: BudgetLineRow) -> tuple[str | None, str, str, int]:
    return (
        row.budgetary_unit,
        compact_key(row.output or ""),
        compact_key(row.project or ""),
        row.year_be,
    )


def _root(
    record: Record[BudgetLineRow], by_id: dict[str, Record[BudgetLineRow]]
) -> Record[BudgetLineRow]:
    while record.row.parent_id in by_id:
        record = by_id[record.row.parent_id]
    return record


def _total(records: list[Record[BudgetLineRow]]) -> Decimal | None:
    """The sum of the amounts; a `-` (no amount) counts as nothing."""
    return sum((r.row.amount or Decimal(0) for r in records), Decimal(0))
