"""Reads a run's datasets back, for the report and the export."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds


def read_dataset(out_dir: Path, name: str) -> pa.Table:
    """A dataset as one table, from plain part files or a Hive `fiscal_year_ce=` layout.

    A dataset directory that is missing gives a table with no columns, so a reader of an
    older or partial output sees "nothing" rather than an error.
    """
    path = Path(out_dir) / name
    if not path.is_dir():
        return pa.table({})
    return ds.dataset(path, format="parquet", partitioning="hive").to_table()
