"""The Python entry point: `thaiplan.extract(paths)` gives the datasets as Arrow tables.

It runs the same pipeline as `thaiplan extract` (same rows, same checks, same
diagnostics) into a temporary directory, or into `out_dir` when one is given, and reads
the datasets back, so a notebook gets exactly what the command line would have written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from thaiplan.output.dataset_names import DATASETS

if TYPE_CHECKING:  # pyarrow loads with the first dataset read, not with `thaiplan --help`
    import pandas as pd
    import pyarrow as pa

    from thaiplan.extract.model import OcrMode


@dataclass(frozen=True)
class Datasets(Mapping[str, "pa.Table"]):
    """One run's datasets by name (`result["kpis"]`), each an Arrow table."""

    tables: dict[str, pa.Table]

    def __getitem__(self, name: str) -> pa.Table:
        return self.tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def to_pandas(self) -> dict[str, pd.DataFrame]:
        """Every dataset as a pandas DataFrame (money stays Decimal)."""
        return {name: table.to_pandas() for name, table in self.tables.items()}


def read_output(out_dir: str | PathLike[str]) -> Datasets:
    """The datasets of an output directory written by `thaiplan extract`.

    Raises `thaiplan.output.datasets.NotAnOutputError` (a FileNotFoundError) for a directory
    that does not exist or that `thaiplan extract` did not write, rather than empty tables.
    """
    from thaiplan.output.datasets import read_dataset, require_output

    root = require_output(out_dir)
    return Datasets({name: read_dataset(root, name) for name in DATASETS})


def extract(
    paths: str | PathLike[str] | Iterable[str | PathLike[str]],
    *,
    out_dir: str | PathLike[str] | None = None,
    units_file: str | PathLike[str] | None = None,
    workers: int = 1,
    ocr: OcrMode = "auto",
) -> Datasets:
    """Extracts files and folders of plan documents; returns every dataset as an Arrow table.

    `workers=1` reads in this process without per-file limits (a library must not set
    process-wide alarms or memory ceilings behind its host's back); more use a process
    pool with the per-file limits of the command line. Raises
    `thaiplan.pipeline.NothingReadError` when no file could be read. `ocr` is the command
    line's `--ocr`.
    """
    from thaiplan.limits import Limits
    from thaiplan.pipeline import run
    from thaiplan.runners import in_process, make_runner

    inputs = [Path(paths)] if isinstance(paths, (str, PathLike)) else [Path(p) for p in paths]
    units = Path(units_file) if units_file is not None else None
    runner = in_process if workers <= 1 else make_runner(workers, Limits())
    if out_dir is not None:
        run(inputs, Path(out_dir), units, runner=runner, ocr=ocr)
        return read_output(out_dir)
    with tempfile.TemporaryDirectory(prefix="thaiplan-") as scratch:
        target = Path(scratch) / "out"
        run(inputs, target, units, runner=runner, ocr=ocr)
        result = read_output(target)
        # read into memory before the directory goes
        return Datasets({name: table.combine_chunks() for name, table in result.items()})
