"""Recognisers: each reads a Reading and yields Records, one module per layout.

A recogniser whose layout is unmistakable declares `claims(table) -> bool`; the tables it
claims are its own, and the general-purpose readers (KPI tables) skip them, so no
recogniser imports another's tests. A new layout is a new module here, its entry in
RECOGNISERS and its schema: nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from thaiplan.extract.context.reading import Reading
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block
from thaiplan.extract.recognisers import (
    budget_documents,
    budget_lines,
    budget_tables,
    budget_volumes,
    kpi_lists,
    kpi_results,
    kpi_rubrics,
    kpi_tables,
    progress_reports,
    project_outcomes,
    schedules,
)
from thaiplan.extract.records import Record

RecogniseFn = Callable[[Reading, IdMaker], Iterable[Record]]
ClaimsFn = Callable[[Block], bool]


@dataclass(frozen=True)
class Recogniser:
    name: str
    recognise: RecogniseFn
    claims: ClaimsFn | None = None  # tables of this layout, read by no one else


RECOGNISERS: tuple[Recogniser, ...] = (
    Recogniser("kpi_lists", kpi_lists.recognise),
    Recogniser("kpi_tables", kpi_tables.recognise),
    Recogniser("budget_tables", budget_tables.recognise, budget_tables.claims),
    Recogniser("schedules", schedules.recognise, schedules.claims),
    Recogniser("budget_documents", budget_documents.recognise, budget_documents.claims),
    Recogniser("budget_lines", budget_lines.recognise),
    Recogniser("budget_volumes", budget_volumes.recognise),
    Recogniser("kpi_rubrics", kpi_rubrics.recognise),
    Recogniser("kpi_results", kpi_results.recognise),
    Recogniser("progress_reports", progress_reports.recognise),
    Recogniser("project_outcomes", project_outcomes.recognise),
)


def claim_tables(reading: Reading) -> None:
    """Marks each table with the first recogniser that claims its layout."""
    for located in reading.tables():
        owner = next((r.name for r in RECOGNISERS if r.claims and r.claims(located.block)), None)
        if owner is not None:
            reading.claimed_by[located.index] = owner
