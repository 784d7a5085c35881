"""Passes over a whole document's records, after every recogniser has run: joins between
datasets and the checks that compare one layout's rows with another's.

Every pass has one signature, `(records, ids) -> new records`, and runs in the order of
POST_PASSES; a pass that joins sets fields on the records it is given and adds none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from difflib import SequenceMatcher

from thaiplan.extract.check.checks import (
    budget_kpi_money,
    budget_tree_sum,
    budget_unit_total,
    detail_vs_summary,
    ministry_total,
    schedule_vs_summary,
)
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.records import Record, of_kind
from thaiplan.extract.rows import KpiRow, KpiRubricRow
from thaiplan.normalize.text import compact_key

PostPass = Callable[[list[Record], IdMaker], Iterable[Record]]

SIMILAR_NAME = 0.95  # a heading that rewords an indicator slightly (ของ/ใน) still names it


def join_rubrics_to_kpis(records: list[Record], ids: IdMaker) -> list[Record]:
    """Set each rubric's kpi_id: the same-named indicator of the document, nearest above it.

    Names are compared compactly; where none is equal, a nearly equal one (a heading
    that rewords a word of the indicator) is taken. Adds no records.
    """
    kpis = [
        (compact_key(r.row.name), r) for r in of_kind(records, KpiRow) if r.row.name is not None
    ]
    for rubric in of_kind(records, KpiRubricRow):
        if rubric.row.kpi_name is None:
            continue
        key = compact_key(rubric.row.kpi_name)
        same = [r for k, r in kpis if k == key] or [
            r for k, r in kpis if SequenceMatcher(None, k, key).ratio() >= SIMILAR_NAME
        ]
        if same:
            rubric.row = replace(rubric.row, kpi_id=_nearest_above(rubric, same).row.kpi_id)
    return []


def _nearest_above(rubric: Record, candidates: list[Record[KpiRow]]) -> Record[KpiRow]:
    where = _position(rubric)
    above = [r for r in candidates if _position(r) <= where]
    return max(above, key=_position) if above else candidates[0]


def _position(record: Record) -> tuple[int, int]:
    prov = record.prov
    return (prov.page or 0, prov.line or 0) if prov is not None else (0, 0)


POST_PASSES: tuple[PostPass, ...] = (
    join_rubrics_to_kpis,
    detail_vs_summary,
    schedule_vs_summary,
    budget_tree_sum,
    budget_unit_total,
    ministry_total,
    budget_kpi_money,
)


def run_post_passes(records: list[Record], ids: IdMaker) -> None:
    """Runs every pass in order, adding what each returns to `records`."""
    for post_pass in POST_PASSES:
        records.extend(post_pass(records, ids))
