"""Writes one run's output directory: plain Parquet part files per dataset plus a manifest.

Layout (schema version 2): documents are written in batches ("parts"); a part holds the
rows of up to a few hundred documents, one file per dataset, all named after it:

    OUT/<dataset>/part-<n>.parquet
    OUT/<dataset>/part-empty.parquet   (a dataset with no rows: its schema, zero rows)
    OUT/_manifest.json        (inputs, and under "parts" which doc_ids each part holds)

`fiscal_year_ce` is an ordinary column: Hive directories with a null partition are what
pandas, polars, DuckDB and Spark each read differently (docs/DATASETS.md). Rows are sorted
by year, document and place, one row group per year, so engines skip years by statistics.

A part is written as soon as it is full, so memory stays flat however long the batch;
an incremental run copies the parts whose documents did not change and rewrites only
the others (see thaiplan.incremental). Within a file rows are sorted, so the same
inputs in the same order give the same files.

Everything is written to a temporary directory beside OUT and renamed into place at the
end, so OUT is either the previous run or this one, never a mix.

Arrow (pyarrow, numpy: ~60 MiB) is imported where rows become tables, not with the module:
the pipeline holds its writer from the start, and a worker's peak memory is the least when
the document it read is freed before Arrow's libraries load (--workers 1 reads in the
same process).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import itertools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from thaiplan._version import __version__
from thaiplan.extract.rows import Placed
from thaiplan.output.dataset_names import DATASETS, FISCAL_YEAR, SCHEMA_VERSION
from thaiplan.output.datasets import MANIFEST_NAME, check_part, read_part

if TYPE_CHECKING:
    import pyarrow as pa

DATAPACKAGE_NAME = "datapackage.json"  # the datasets as a Frictionless Data Package
SPILL_DIR = ".part-being-filled"  # inside the temporary output, removed before the swap
EMPTY_NAME = "part-empty.parquet"  # zero-row file that gives a dataset without rows its schema
LOCK_NAME_TEMPLATE = ".{name}.lock"  # beside OUT: one run at a time writes it
STAGING_PREFIX_TEMPLATE = ".{name}.tmp-"  # beside OUT: a run's staging directory
DOCS_PER_PART = 500
PART_BYTES = 64 * 2**20  # Arrow bytes held in memory before a part is written
_OWNED = {*DATASETS, MANIFEST_NAME, DATAPACKAGE_NAME}
# The only relative paths a part may list: a tampered manifest cannot point outside OUT.
#: the order of rows in a file: by fiscal year (unknown last), document, page and line
ORDER = (FISCAL_YEAR, "doc_id", "page", "line")
PART_FILE = re.compile(r"^(?P<dataset>[a-z_]+)/(?P<part>part-\d+)\.parquet$")

FileTables = dict[str, "pa.Table"]  # dataset -> rows of one file
FileRows = dict[str, list[Placed]]  # dataset -> typed rows of one file
Moved = Mapping[str, tuple[str, str]]  # doc_id -> (old, new) source path of a moved input


class Duplicate(Protocol):
    """An input that is a copy of another's bytes (thaiplan.pipeline.Copy)."""

    @property
    def source_path(self) -> str: ...
    @property
    def sha256(self) -> str | None: ...
    @property
    def duplicate_of(self) -> str: ...


class OutputDirError(Exception):
    """The output directory cannot be used: it is not a directory, holds directories
    thaiplan did not write, or another run is writing it."""


@dataclass
class Part:
    """One batch of documents: its name, their doc_ids and its files (relative path -> rows)."""

    name: str
    doc_ids: list[str]
    files: dict[str, int] = field(default_factory=dict)

    @property
    def number(self) -> int:
        return int(self.name.removeprefix("part-"))


def file_tables(records: FileRows) -> FileTables:
    """One file's rows as Arrow tables per dataset, in the order they are written (as
    _sorted orders them: a stable sort, so sorting first changes nothing but the work
    left); SchemaError if a row does not fit."""
    from thaiplan.output.schemas import to_table

    return {
        dataset: to_table(dataset, sorted(rows, key=_placed_rank))
        for dataset, rows in records.items()
        if rows
    }


class OutputWriter:
    """Takes a run's rows file by file and writes them part by part, swapping OUT on `commit`."""

    def __init__(
        self, out_dir: Path, docs_per_part: int = DOCS_PER_PART, part_bytes: int = PART_BYTES
    ) -> None:
        self.out_dir = Path(out_dir).absolute()
        _foreign_files(self.out_dir)  # fail before the run does any work
        self._lock = _OutputLock(self.out_dir)
        _remove_stale_staging(self.out_dir)  # left by a killed run; the lock says none runs
        self.docs_per_part = docs_per_part
        self.part_bytes = part_bytes
        self._tmp: Path | None = None
        # The part being filled, spilled to one Arrow stream per dataset and year, so
        # memory stays flat however large the part: (stream writer, its file, path).
        self._open: dict[str, tuple[pa.ipc.RecordBatchStreamWriter, pa.OSFile, Path]] = {}
        self._open_docs: list[str] = []
        self._open_files = 0
        self._open_bytes = 0
        self._parts: list[Part] = []
        self._next_part = 0
        self._inputs: list[dict[str, Any]] = []

    def add_file(self, records: FileRows) -> None:
        """Adds one file's rows; all are converted first, so a bad row adds none of them.

        Raises SchemaError (naming dataset and column) for a row that does not fit.
        """
        self.add_tables(file_tables(records))

    def add_tables(self, tables: FileTables) -> None:
        """Adds one file's rows, already converted by `file_tables` (in a worker, say)."""
        for dataset, table in tables.items():
            self._hold(dataset, table)
            for doc_id in dict.fromkeys(table.column("doc_id").to_pylist()):
                if doc_id not in self._open_docs:
                    self._open_docs.append(doc_id)
        self._open_files += 1
        if self._open_files >= self.docs_per_part or self._open_bytes >= self.part_bytes:
            self._flush()

    def add_input(
        self,
        source_path: str,
        sha256: str | None,
        status: str,
        code: str | None = None,
        rows: Mapping[str, int] | None = None,
        page_count: int | None = None,
    ) -> None:
        """Records an input file for the manifest (`status` is ok or failed), with its rows
        per dataset and its page count, so a loader can see what each file gave."""
        entry: dict[str, Any] = {"source_path": source_path, "sha256": sha256, "status": status}
        if code is not None:
            entry["code"] = code
        entry["rows"] = dict(sorted((rows or {}).items()))
        entry["page_count"] = page_count
        self._inputs.append(entry)

    def add_duplicates(self, copies: Iterable[Duplicate]) -> None:
        """Records the inputs not read because another input holds the same bytes."""
        for copy in copies:
            entry = {"source_path": copy.source_path, "sha256": copy.sha256}
            entry |= {"status": "duplicate", "duplicate_of": copy.duplicate_of}
            self._inputs.append(entry)

    def keep_input(self, entry: dict[str, Any]) -> None:
        """Carries an input's manifest entry over from the previous run unchanged."""
        self._inputs.append(dict(entry))

    def keep_part(self, old_root: Path, part: Part) -> None:
        """Carries a part of the previous output over as it is (hard links, no rewrite)."""
        kept = Part(part.name, part.doc_ids)
        for relative in part.files:
            target = self._scratch() / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(old_root / relative, target)
            except OSError:  # another file system, or links not supported
                shutil.copy2(old_root / relative, target)
            kept.files[relative] = check_part(target, _dataset_of(relative))
        self._claim(kept)

    def filter_part(
        self, old_root: Path, part: Part, keep: set[str], moved: Moved | None = None
    ) -> None:
        """Rewrites a part of the previous output without the documents not in `keep`, and
        with the new source path of the `moved` ones."""
        kept = Part(part.name, [d for d in part.doc_ids if d in keep])
        for _relative, dataset, table in _part_tables(old_root, part, keep, moved):
            self._write_file(kept, dataset, table)
        if kept.files:
            self._claim(kept)

    def absorb_part(
        self, old_root: Path, part: Part, keep: set[str], moved: Moved | None = None
    ) -> None:
        """Takes the rows of `keep` from an old part into the part being filled (to top it up)."""
        for _, dataset, table in _part_tables(old_root, part, keep, moved):
            self._hold(dataset, table)
        kept = [d for d in part.doc_ids if d in keep and d not in self._open_docs]
        self._open_docs += kept
        self._open_files += len(kept)
        self._next_part = max(self._next_part, part.number + 1)

    def commit(
        self,
        started_at: datetime,
        command: Sequence[str] = (),
        row_options: Mapping[str, Any] | None = None,
    ) -> dict[str, int]:
        """Writes what is left and swaps it into place; returns row counts per dataset.

        `row_options` are the settings besides the inputs that change rows (the unit
        registry's hash): an incremental run keeps rows only when they are the same.
        """
        try:
            self._flush()
            tmp = self._scratch()
            shutil.rmtree(tmp / SPILL_DIR, ignore_errors=True)
            counts = self._finish_datasets(tmp)
            for entry in _foreign_files(self.out_dir):
                shutil.copy2(entry, tmp / entry.name, follow_symlinks=False)
            manifest = {
                "tool": "thaiplan",
                "tool_version": __version__,
                "schema_version": SCHEMA_VERSION,
                "run_started": _iso(started_at),
                "run_finished": _iso(datetime.now(UTC)),
                "command": list(command),
                "row_options": dict(row_options or {}),
                "schema": {name: _schema_json(name) for name in DATASETS},
                "inputs": self._inputs,
                "row_counts": counts,
                "parts": [
                    {"name": p.name, "doc_ids": p.doc_ids, "files": sorted(p.files)}
                    for p in sorted(self._parts, key=lambda p: p.number)
                ],
            }
            (tmp / MANIFEST_NAME).write_text(
                json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8"
            )
            (tmp / DATAPACKAGE_NAME).write_text(
                json.dumps(data_package(tmp), indent=2, ensure_ascii=False) + "\n",
                "utf-8",
            )
            _swap(tmp, self.out_dir)
        except BaseException:
            self.abort()
            raise
        self._tmp = None
        self._lock.release()
        return counts

    def abort(self) -> None:
        """Drops everything written so far; the previous output stays as it was."""
        for stream, sink, _ in self._open.values():
            with contextlib.suppress(Exception):  # a stream broken by the failure being handled
                stream.close()
            sink.close()
        self._open.clear()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self._lock.release()

    def _scratch(self) -> Path:
        if self._tmp is None:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = Path(
                tempfile.mkdtemp(
                    prefix=STAGING_PREFIX_TEMPLATE.format(name=self.out_dir.name),
                    dir=self.out_dir.parent,
                )
            )
            # mkdtemp makes it 0700; the output gets what the user's umask gives
            self._tmp.chmod(0o777 & ~_umask())
            for dataset in DATASETS:
                (self._tmp / dataset).mkdir()
        return self._tmp

    def _claim(self, part: Part) -> None:
        self._parts.append(part)
        self._next_part = max(self._next_part, part.number + 1)

    def _hold(self, dataset: str, table: pa.Table) -> None:
        """Adds rows to the part being filled (on disk until the part is written)."""
        import pyarrow as pa

        from thaiplan.output.schemas import SCHEMAS

        if dataset not in self._open:
            path = self._scratch() / SPILL_DIR / f"{dataset}.arrow"
            path.parent.mkdir(exist_ok=True)
            sink = pa.OSFile(str(path), "wb")
            self._open[dataset] = (pa.ipc.new_stream(sink, SCHEMAS[dataset]), sink, path)
        self._open[dataset][0].write_table(table)
        self._open_bytes += table.nbytes

    def _flush(self) -> None:
        """Writes the part being filled: one sorted file per dataset."""
        if not self._open_files:
            return
        import pyarrow as pa

        part = Part(f"part-{self._next_part}", self._open_docs)
        for dataset, (stream, sink, path) in sorted(self._open.items()):
            stream.close()
            sink.close()
            with pa.OSFile(str(path), "rb") as source:
                table = pa.ipc.open_stream(source).read_all()
            path.unlink()
            self._write_file(part, dataset, table)
        self._claim(part)
        self._open, self._open_docs, self._open_files, self._open_bytes = {}, [], 0, 0

    def _write_file(self, part: Part, dataset: str, table: pa.Table) -> None:
        relative = f"{dataset}/{part.name}.parquet"
        _write(self._scratch() / relative, _sorted(table))
        part.files[relative] = table.num_rows

    def _finish_datasets(self, root: Path) -> dict[str, int]:
        """Row counts per dataset; a dataset without rows gets a zero-row file of its schema."""
        from thaiplan.output.schemas import to_table

        counts = dict.fromkeys(DATASETS, 0)
        for part in self._parts:
            for relative, rows in part.files.items():
                match = PART_FILE.match(relative)
                assert match is not None, relative
                counts[match["dataset"]] += rows
        for dataset in DATASETS:
            if not any((root / dataset).glob("part-*.parquet")):
                _write(root / dataset / EMPTY_NAME, to_table(dataset, []))
        return counts


def data_package(root: Path) -> dict[str, Any]:
    """The output in `root` as a Frictionless (Tabular) Data Package: a resource per dataset
    listing its Parquet files, with its Table Schema, primary key and foreign keys, so a
    loader (frictionless, a warehouse) learns the tables and how they join from one file.
    No run time in it (the manifest has that): the same inputs give the same file."""
    from thaiplan.output.schemas import frictionless_schema

    resources = []
    for dataset in DATASETS:
        files = sorted(p.relative_to(root).as_posix() for p in (root / dataset).glob("*.parquet"))
        resources.append(
            {
                "name": dataset,
                "path": files[0] if len(files) == 1 else files,
                "profile": "tabular-data-resource",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "schema": frictionless_schema(dataset),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "thaiplan-output",
        "title": "Thai government plan documents as typed datasets (thaiplan)",
        "version": f"{SCHEMA_VERSION}.0.0",
        "resources": resources,
    }


def read_parts(manifest: Mapping[str, Any]) -> list[Part]:
    """The part index of a previous run's manifest; ValueError if it is missing or malformed."""
    if not isinstance(manifest.get("parts"), list):
        raise ValueError("no part index (written by an older thaiplan)")
    parts: list[Part] = []
    for entry in manifest["parts"]:
        name, doc_ids, files = entry.get("name"), entry.get("doc_ids"), entry.get("files")
        if (
            not isinstance(name, str)
            or not re.fullmatch(r"part-\d+", name)
            or name in [p.name for p in parts]
        ):
            raise ValueError(f"bad part name {name!r}")
        if not isinstance(doc_ids, list) or not all(isinstance(d, str) for d in doc_ids):
            raise ValueError(f"{name}: bad doc_ids")
        if not isinstance(files, list):
            raise ValueError(f"{name}: bad files")
        for relative in files:
            match = PART_FILE.match(relative) if isinstance(relative, str) else None
            if match is None or match["dataset"] not in DATASETS or match["part"] != name:
                raise ValueError(f"{name}: bad file path {relative!r}")
        parts.append(Part(name, doc_ids, dict.fromkeys(files, 0)))
    return parts


def _part_tables(
    old_root: Path, part: Part, keep: set[str], moved: Moved | None = None
) -> Iterator[tuple[str, str, pa.Table]]:
    """(relative path, dataset, rows of `keep`) for each file of an old part that has any,
    `moved` documents under their new source path."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from thaiplan.output.arrays import array

    wanted = array(sorted(keep), pa.string())
    for relative in part.files:
        dataset = _dataset_of(relative)
        table = read_part(old_root / relative, dataset)
        table = table.filter(pc.is_in(table.column("doc_id"), value_set=wanted))
        if table.num_rows:
            yield relative, dataset, _moved(table, moved or {})


def _moved(table: pa.Table, moved: Moved) -> pa.Table:
    """`table` with the source path of each moved input (doc_id -> old, new) set to the new."""
    if not moved or "source_path" not in table.column_names:
        return table
    import pyarrow as pa

    from thaiplan.output.arrays import array

    paths = [
        moved[doc_id][1] if doc_id in moved and path == moved[doc_id][0] else path
        for doc_id, path in zip(
            table.column("doc_id").to_pylist(), table.column("source_path").to_pylist(), strict=True
        )
    ]
    index = table.column_names.index("source_path")
    return table.set_column(index, table.schema.field(index), array(paths, pa.string()))


def _dataset_of(relative: str) -> str:
    match = PART_FILE.match(relative)
    assert match is not None, relative  # read_parts let only such paths in
    return match["dataset"]


def _sorted(table: pa.Table) -> pa.Table:
    """Rows by fiscal year (unknown last), doc_id, page and line; Arrow's sort is stable, so
    rows of one PDF page keep the reading order extraction gave them. Rows in that order
    already (a part of one file: file_tables sorts them) are left as they are, so Arrow's
    compute functions (~9 MiB) do not load to write one document."""
    columns = [table.column(key).to_pylist() for key in ORDER]
    if all(a <= b for a, b in itertools.pairwise(map(_rank, zip(*columns, strict=True)))):
        return table.combine_chunks()
    return table.sort_by([(key, "ascending", "at_end") for key in ORDER])


def _rank(values: Iterable[Any]) -> tuple[tuple[bool, Any], ...]:
    """Sorts as Arrow sorts the ORDER columns ascending, unknown (null) last."""
    return tuple((value is None, value) for value in values)


def _placed_rank(placed: Placed) -> tuple[tuple[bool, Any], ...]:
    common = placed.common
    return _rank((common.fiscal_year_ce, common.doc_id, common.page, common.line))


def _year_runs(table: pa.Table) -> list[int]:
    """Lengths of the runs of equal fiscal year in a sorted table (one row group each)."""
    years = table.column(FISCAL_YEAR).to_pylist()
    runs: list[int] = []
    for index, year in enumerate(years):
        if index and year == years[index - 1]:
            runs[-1] += 1
        else:
            runs.append(1)
    return runs


def _write(path: Path, table: pa.Table) -> None:
    """One Parquet file, a row group per fiscal year, so readers can skip years."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(path, table.schema) as out:
        start = 0
        for length in _year_runs(table) or [0]:
            out.write_table(table.slice(start, length))
            start += length


def _schema_json(dataset: str) -> list[dict[str, Any]]:
    """A dataset's columns for the manifest: name, Arrow type, nullability, meaning."""
    from thaiplan.output.schemas import SCHEMAS

    return [
        {
            "name": f.name,
            "type": str(f.type),
            "nullable": f.nullable,
            "description": (f.metadata or {}).get(b"description", b"").decode(),
        }
        for f in SCHEMAS[dataset]
    ]


def _umask() -> int:
    """The process umask (reading it means setting it; set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _OutputLock:
    """An advisory lock file beside OUT while a run writes it, so two runs on the same --out
    cannot interleave; removed when the run ends (the lock dies with a killed process)."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        self._path = out_dir.parent / LOCK_NAME_TEMPLATE.format(name=out_dir.name)
        while True:
            handle = open(self._path, "ab")  # noqa: SIM115 - held for the run
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                raise OutputDirError(
                    f"another thaiplan run is writing {out_dir}; wait for it to finish"
                ) from None
            # the run before may have removed the file between our open and our lock
            if (
                self._path.exists()
                and os.stat(self._path).st_ino == os.fstat(handle.fileno()).st_ino
            ):
                break
            handle.close()
        self._file: IO[bytes] | None = handle

    def release(self) -> None:
        if self._file is not None:
            self._path.unlink(missing_ok=True)
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging directories of an earlier run that was killed before it could clean up."""
    prefix = STAGING_PREFIX_TEMPLATE.format(name=out_dir.name)
    for entry in out_dir.parent.glob(f"{glob.escape(prefix)}*"):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


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
    return moment.astimezone(UTC).isoformat(timespec="seconds")
