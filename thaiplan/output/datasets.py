"""Reads a run's datasets back: one function for the API, the report, the export and audit."""

from __future__ import annotations

from os import PathLike
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


class NotAnOutputError(FileNotFoundError):
    """A directory `thaiplan extract` did not write (no manifest): refused, so that a
    mistyped path never reads as an output with no rows, and a report or an export never
    lands in a folder of inputs."""


def require_output(out_dir: str | PathLike[str]) -> Path:
    """`out_dir` if it holds an extract output (its `_manifest.json`), else NotAnOutputError
    saying which it is not."""
    from thaiplan.output.writer import MANIFEST_NAME

    path = Path(out_dir)
    if not path.is_dir():
        raise NotAnOutputError(f"{path} does not exist or is not a directory")
    if not (path / MANIFEST_NAME).is_file():
        raise NotAnOutputError(
            f"{path} is not a thaiplan output (it has no {MANIFEST_NAME}); give the --out "
            "directory of `thaiplan extract`"
        )
    return path
