"""Reads a run's datasets back: one function for the API, the report, the export and audit."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa


def read_dataset(out_dir: Path, name: str) -> pa.Table:
    """A dataset as one table from its part files (schema version 2).

    A dataset directory that is missing gives a table with no columns, so a reader of a
    partial output sees "nothing" rather than an error.
    """
    import pyarrow.dataset as ds  # here: it loads pandas, which `thaiplan --help` need not

    path = Path(out_dir) / name
    if not path.is_dir():
        return pa.table({})
    return ds.dataset(path, format="parquet").to_table()
