"""Recognisers: each reads a Reading and yields Records. A new layout is a new module here."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from thaiplan.extract.ids import IdMaker
from thaiplan.extract.reading import Reading
from thaiplan.extract.recognisers import (
    budget_documents,
    budget_lines,
    budget_tables,
    kpi_lists,
    kpi_results,
    kpi_rubrics,
    kpi_tables,
    progress_reports,
    project_outcomes,
    schedules,
)
from thaiplan.extract.records import Record

Recogniser = Callable[[Reading, IdMaker], Iterable[Record]]

RECOGNISERS: tuple[Recogniser, ...] = (
    kpi_lists.recognise,
    kpi_tables.recognise,
    budget_tables.recognise,
    schedules.recognise,
    budget_documents.recognise,
    budget_lines.recognise,
    kpi_rubrics.recognise,
    kpi_results.recognise,
    progress_reports.recognise,
    project_outcomes.recognise,
)
