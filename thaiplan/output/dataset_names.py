"""The names of the datasets thaiplan writes, in the contract's order (docs/DATASETS.md).

Kept apart from their Arrow schemas (thaiplan.output.schemas, which checks that the two
agree) so that the command line can offer them without loading pyarrow.
"""

DATASETS: tuple[str, ...] = (
    "documents",
    "kpis",
    "kpi_targets",
    "budget_items",
    "budget_lines",
    "schedule_steps",
    "checks",
    "diagnostics",
    "kpi_rubrics",
    "kpi_results",
    "progress_reports",
    "project_outcomes",
    "tables",
)
