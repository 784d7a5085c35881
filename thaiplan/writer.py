"""Writes one run's output directory: Hive-partitioned Parquet per dataset plus a manifest.

Layout (one file per partition, so two runs on the same inputs give the same files):

    OUT/<dataset>/fiscal_year_ce=<year>/part-0.parquet
    OUT/<dataset>/fiscal_year_ce=__HIVE_DEFAULT_PARTITION__/part-0.parquet   (year unknown)
    OUT/_manifest.json

Everything is written to a temporary directory beside OUT and renamed into place at the
end, so OUT is either the previous run or this one, never a mix.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from thaiplan import __version__
from thaiplan.schemas import DATASETS, ID_COLUMNS, PARTITION_KEY, SCHEMA_VERSION, SCHEMAS, SchemaError, to_table

MANIFEST_NAME = "_manifest.json"
PART_NAME = "part-0.parquet"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
_OWNED = {*DATASETS, MANIFEST_NAME}


class OutputDirError(Exception):
    """The output directory cannot be used (it holds directories thaiplan did not write)."""


class OutputWriter:
    """Collects a run's rows file by file (as Arrow tables) and writes them on `commit`."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir).absolute()
        _foreign_files(self.out_dir)  # fail before the run does any work
        self._tables: dict[str, dict[int | None, list[pa.Table]]] = {name: {} for name in DATASETS}
        self._inputs: list[dict[str, Any]] = []

    def add_file(self, records: Mapping[str, list[dict[str, Any]]]) -> None:
        """Adds one file's rows; all are converted first, so a bad row adds none of them.

        Raises SchemaError (naming dataset and column) for a row that does not fit.
        """
        converted = []
        for dataset, rows in records.items():
            by_year: dict[int | None, list[dict[str, Any]]] = {}
            for row in rows:
                by_year.setdefault(_partition_year(dataset, row), []).append(row)
            converted += [(dataset, year, to_table(dataset, part)) for year, part in by_year.items()]
        for dataset, year, table in converted:
            self._tables[dataset].setdefault(year, []).append(table)

    def add_input(self, source_path: str, sha256: str | None, status: str, code: str | None = None) -> None:
        """Records an input file for the manifest (`status` is ok or failed)."""
        entry: dict[str, Any] = {"source_path": source_path, "sha256": sha256, "status": status}
        if code is not None:
            entry["code"] = code
        self._inputs.append(entry)

    def commit(self, started_at: datetime) -> dict[str, int]:
        """Writes everything and swaps it into place; returns row counts per dataset."""
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.tmp-", dir=self.out_dir.parent))
        try:
            counts = self._write_datasets(tmp)
            for entry in _foreign_files(self.out_dir):
                shutil.copy2(entry, tmp / entry.name, follow_symlinks=False)
            manifest = {
                "tool": "thaiplan",
                "tool_version": __version__,
                "schema_version": SCHEMA_VERSION,
                "run_started": _iso(started_at),
                "run_finished": _iso(datetime.now(timezone.utc)),
                "inputs": self._inputs,
                "row_counts": counts,
            }
            (tmp / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
            _swap(tmp, self.out_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return counts

    def _write_datasets(self, root: Path) -> dict[str, int]:
        # pyarrow cannot infer the key's type from null partitions alone, so a dataset with
        # no dated rows gets a zero-row file in the run's earliest year as a type anchor.
        anchor = min((y for parts in self._tables.values() for y in parts if y is not None), default=None)
        counts = {}
        for dataset in DATASETS:
            parts = self._tables[dataset]
            directory = root / dataset
            directory.mkdir()
            for year in sorted(parts, key=lambda y: (y is None, y or 0)):
                _write(directory / _partition_dir(year) / PART_NAME, _sorted(dataset, pa.concat_tables(parts[year])))
            if all(year is None for year in parts):
                if anchor is not None:
                    _write(directory / _partition_dir(anchor) / PART_NAME, SCHEMAS[dataset].empty_table())
                elif not parts:
                    # No year anywhere in the run: a root file, since DuckDB refuses a mix
                    # of partitioned and unpartitioned files.
                    _write(directory / PART_NAME, SCHEMAS[dataset].empty_table())
            counts[dataset] = sum(t.num_rows for tables in parts.values() for t in tables)
        return counts


def _partition_year(dataset: str, row: Mapping[str, Any]) -> int | None:
    year = row.get(PARTITION_KEY)
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise SchemaError(f"{dataset}.{PARTITION_KEY}: expected an int year or None, got {year!r}")
    return year


def _partition_dir(year: int | None) -> str:
    return f"{PARTITION_KEY}={NULL_PARTITION if year is None else int(year)}"


def _sorted(dataset: str, table: pa.Table) -> pa.Table:
    """Rows by doc_id, page, line and id; Arrow's sort is stable, so ties keep file order."""
    keys = ["doc_id", "page", "line"] + ([ID_COLUMNS[dataset]] if dataset in ID_COLUMNS else [])
    return table.sort_by([(key, "ascending") for key in keys])


def _write(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)


def _foreign_files(out_dir: Path) -> list[Path]:
    """Top-level files in out_dir that thaiplan did not write (kept across runs, e.g. README.md).

    A foreign directory is refused rather than replaced, so a mistyped --out (the repo,
    a home directory) cannot be swapped away.
    """
    if not out_dir.exists():
        return []
    if not out_dir.is_dir():
        raise OutputDirError(f"{out_dir} exists and is not a directory")
    foreign = sorted(entry for entry in out_dir.iterdir() if entry.name not in _OWNED)
    dirs = [entry.name for entry in foreign if entry.is_dir() and not entry.is_symlink()]
    if dirs:
        raise OutputDirError(
            f"{out_dir} holds directories thaiplan did not write ({', '.join(dirs)}); "
            "choose a new or empty output directory"
        )
    return foreign


def _swap(new: Path, target: Path) -> None:
    """Renames `new` to `target`, restoring the old `target` if that fails or is interrupted."""
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rename(target, old)  # onto the empty temp dir: atomic on POSIX
    try:
        new.rename(target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
