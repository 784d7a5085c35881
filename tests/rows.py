"""Typed rows in the form tests read and write them: column -> value dicts.

Production code builds thaiplan.extract.rows classes; a test states a row as a dict for
brevity and reads a file's rows as dicts to compare them.
"""

from __future__ import annotations

from typing import Any

from thaiplan.extract.rows import ROW_TYPES, Common, Placed, columns
from thaiplan.output.schemas import values_of

ROW_TYPE = {row_type.DATASET: row_type for row_type in ROW_TYPES}
COMMON = {column.name for column in columns(Common)}


def as_dicts(result: Any) -> dict[str, list[dict[str, Any]]]:
    """A FileResult's (or a dataset -> Placed mapping's) rows as column -> value dicts."""
    records = getattr(result, "records", result)
    return {dataset: [as_dict(p) for p in placed] for dataset, placed in records.items()}


def as_dict(placed: Placed) -> dict[str, Any]:
    names = [c.name for c in columns(Common)] + [c.name for c in columns(type(placed.row))]
    return dict(zip(names, values_of(placed), strict=True))


def placed(dataset: str, row: dict[str, Any]) -> Placed:
    """A dict row (common columns and the dataset's own) as a Placed row."""
    common = Common(**{k: v for k, v in row.items() if k in COMMON})
    own = ROW_TYPE[dataset](**{k: v for k, v in row.items() if k not in COMMON})
    return Placed(common, own)


def typed(records: dict[str, list[dict[str, Any]]]) -> dict[str, list[Placed]]:
    """A file's dict rows as the typed rows the writer takes."""
    return {dataset: [placed(dataset, row) for row in rows] for dataset, rows in records.items()}
