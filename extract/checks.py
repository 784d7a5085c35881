"""What an auditor reconciles: stated figures against the figures recomputed from the rows.

Table-level checks (a total line, a step count) are made by the recogniser that reads the
table; the cross-table checks here compare records of one document after all recognisers ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Provenance
from thaiplan.extract.records import Record
from thaiplan.normalize.numbers import to_money
from thaiplan.normalize.text import compact_key

#: What a check's expected and actual figures count.
CheckUnit = Literal["baht", "percent", "count"]


def status_of(expected: Decimal | None, actual: Decimal | None) -> str:
    """`ok` when equal or both unreadable, `unverifiable` when one side is, else `mismatch`.

    >>> status_of(Decimal(1), Decimal("1.00")), status_of(None, None), status_of(None, Decimal(1))
    ('ok', 'ok', 'unverifiable')
    """
    if expected is None and actual is None:
        return "ok"
    if expected is None or actual is None:
        return "unverifiable"
    return "ok" if expected == actual else "mismatch"


def check(
    ids: IdMaker,
    kind: str,
    scope: str,
    expected: Decimal | None,
    actual: Decimal | None,
    items: int,
    prov: Provenance | None,
    unit: CheckUnit = "baht",
) -> Record:
    """One reconciliation row; `unit` says what expected and actual count."""
    expected = None if expected is None else to_money(expected)
    actual = None if actual is None else to_money(actual)
    difference = None if expected is None or actual is None else actual - expected
    return Record(
        "checks",
        {
            "check_id": ids.make("check", kind, scope),
            "check": kind,
            "unit": unit,
            "scope": scope,
            "expected": expected,
            "actual": actual,
            "difference": difference,
            "status": status_of(expected, actual),
            "items": items,
        },
        prov,
    )


def where(first: Provenance | None, last: Provenance | None = None) -> str:
    """`lines 382-387` for a text export, `pages 15-16` for a PDF."""
    last = last or first
    if first is None or last is None:
        return "unknown place"
    if first.line is not None:
        return (
            f"line {first.line}" if first.line == last.line else f"lines {first.line}-{last.line}"
        )
    if first.page == last.page:
        return f"page {first.page}"
    return f"pages {first.page}-{last.page}"


def detail_vs_summary(records: list[Record], ids: IdMaker) -> Iterable[Record]:
    """One check per detail budget row whose project also has a summary row (names compared compactly)."""
    summary = _summary_rows(records)
    for record in records:
        row = record.row
        if record.dataset != "budget_items" or row["section"] != "detail":
            continue
        match = summary.get(compact_key(row["project_name"]))
        if match is None:
            continue
        yield check(
            ids,
            "budget_detail_vs_summary",
            f"{row['project_name']}: summary {where(match.prov)} vs detail {where(record.prov)}",
            match.row["amount"],
            row["amount"],
            1,
            match.prov,
        )


def schedule_vs_summary(records: list[Record], ids: IdMaker) -> Iterable[Record]:
    """One check per schedule whose project has a summary budget row."""
    summary = _summary_rows(records)
    seen: set[str] = set()
    for record in records:
        row = record.row
        if (
            record.dataset != "schedule_steps"
            or row["schedule_id"] in seen
            or not row.get("project_name")
        ):
            continue
        seen.add(row["schedule_id"])
        match = summary.get(compact_key(row["project_name"]))
        if match is None:
            continue
        yield check(
            ids,
            "schedule_budget_vs_summary",
            f"schedule {record.meta.get('scope', row['project_name'])}: summary {where(match.prov)}",
            match.row["amount"],
            row["project_budget"],
            1,
            match.prov,
        )


def _summary_rows(records: list[Record]) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for record in records:
        if record.dataset == "budget_items" and record.row["section"] == "summary":
            found.setdefault(compact_key(record.row["project_name"]), record)
    return found
