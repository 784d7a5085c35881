"""Reads a run's datasets back: the one reader of a previous output, for the API, the report,
the export, audit and --incremental.

A part file that is not Parquet, is cut short, or holds other columns than its dataset's,
and a dataset folder with no part file, raise OutputReadError: one line naming the file
and what is wrong with it, for a command to print (or, for --incremental, to extract
everything again), never a traceback from the Parquet library.

Arrow is imported by the functions that read, not with the module: the pipeline names
OutputReadError from the start, and a worker reads its document before Arrow's libraries
take their ~60 MiB (see thaiplan.output.writer).
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

#: The files of a dataset folder the writer writes (part-N and part-empty).
PART_GLOB = "part-*.parquet"
#: What marks a directory as an output: the run's manifest, written last.
MANIFEST_NAME = "_manifest.json"


class OutputReadError(Exception):
    """A previous output cannot be read: a part file is damaged or of another dataset, or
    a dataset folder is empty."""


def read_dataset(out_dir: Path, name: str) -> pa.Table:
    """A dataset as one table from its part files (schema version 2).

    A dataset directory that is missing gives a table with no columns, so a reader of a
    partial output sees "nothing" rather than an error; one that is there but damaged
    raises OutputReadError.
    """
    import pyarrow as pa

    path = Path(out_dir) / name
    if not path.is_dir():
        return pa.table({})
    files = sorted(path.glob(PART_GLOB))
    if not files:
        raise OutputReadError(
            f"{path} holds no part file, so the output is incomplete; run extract again"
        )
    return pa.concat_tables([read_part(file, name) for file in files])


def check_part(path: Path, dataset: str) -> int:
    """Rows of a part file, from its footer alone (no row is read); OutputReadError when
    it is not a readable Parquet file with the dataset's columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from thaiplan.output.schemas import SCHEMAS

    try:
        metadata = pq.read_metadata(path)
        schema = metadata.schema.to_arrow_schema()
    except (OSError, pa.ArrowException) as exc:
        raise _damaged(path, exc) from None
    expected = SCHEMAS[dataset]
    wrong = [
        f.name
        for f in expected
        if schema.get_field_index(f.name) < 0 or not schema.field(f.name).type.equals(f.type)
    ]
    if wrong:
        raise OutputReadError(
            f"{path} does not hold the {dataset} columns ({', '.join(wrong[:3])} missing or "
            "of another type); it is not part of a thaiplan output of this version"
        )
    return metadata.num_rows


def read_part(path: Path, dataset: str) -> pa.Table:
    """A part file's rows in its dataset's schema; OutputReadError when it cannot be."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from thaiplan.output.schemas import SCHEMAS

    check_part(path, dataset)
    schema = SCHEMAS[dataset]
    try:
        table = pq.read_table(path, columns=schema.names, partitioning=None)
        return table.cast(schema)
    except (OSError, pa.ArrowException) as exc:
        raise _damaged(path, exc) from None


def _damaged(path: Path, exc: Exception) -> OutputReadError:
    detail = " ".join(str(exc).split())[:160] or type(exc).__name__
    return OutputReadError(
        f"{path} cannot be read as Parquet ({detail}); it is damaged or cut short"
    )


class NotAnOutputError(FileNotFoundError):
    """A directory `thaiplan extract` did not write (no manifest): refused, so that a
    mistyped path never reads as an output with no rows, and a report or an export never
    lands in a folder of inputs."""


def require_output(out_dir: str | PathLike[str]) -> Path:
    """`out_dir` if it holds an extract output (its `_manifest.json`), else NotAnOutputError
    saying which it is not."""
    path = Path(out_dir)
    if not path.is_dir():
        raise NotAnOutputError(f"{path} does not exist or is not a directory")
    if not (path / MANIFEST_NAME).is_file():
        raise NotAnOutputError(
            f"{path} is not a thaiplan output (it has no {MANIFEST_NAME}); give the --out "
            "directory of `thaiplan extract`"
        )
    return path
