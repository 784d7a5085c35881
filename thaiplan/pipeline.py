"""One batch run: find the input files, extract each, write the output directory.

A file that cannot be processed becomes an `error` diagnostics row and the batch goes
on; only a problem with the run itself (a bad --units file, an unusable output
directory) stops it, and then before any file is read.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import click

from thaiplan.incremental import plan as incremental_plan
from thaiplan.limits import Limits
from thaiplan.normalize.units import UnitRegistry
from thaiplan.ordering import in_input_order
from thaiplan.runners import Runner, default_workers, make_runner
from thaiplan.tasks import FileOutcome, Job
from thaiplan.writer import DOCS_PER_PART, OutputWriter

SUFFIXES = frozenset({".txt", ".md", ".pdf"})


class ConfigError(Exception):
    """The run cannot start: the unit registry file could not be loaded."""


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_path: str  # relative to the input root given on the command line


@dataclass
class DocumentSummary:
    source_path: str
    doc_id: str
    rows: dict[str, int]  # dataset -> rows from this file (datasets with rows only)
    checks_not_ok: int
    diagnostics: int
    error: str | None = None  # why the file could not be processed at all

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass
class RunSummary:
    out_dir: Path
    documents: list[DocumentSummary]
    row_counts: dict[str, int]
    skipped: list[str] = field(default_factory=list)  # files with other extensions
    kept: int = 0  # incremental: unchanged files whose rows were kept
    removed: int = 0  # incremental: previous files whose rows were dropped (changed or gone)
    full_run_reason: str | None = None  # incremental: why everything was extracted again

    @property
    def failed(self) -> list[DocumentSummary]:
        return [doc for doc in self.documents if doc.failed]


def run(
    inputs: list[Path],
    out_dir: Path,
    units_file: Path | None,
    progress: bool,
    runner: Runner | None = None,
    incremental: bool = False,
    docs_per_part: int = DOCS_PER_PART,
) -> RunSummary:
    """Extracts every input file into `out_dir`, replacing its previous contents atomically.

    `runner` defaults to a process pool with one worker per CPU. With `incremental`, files
    unchanged since the output in `out_dir` was written keep their rows and are not read.
    """
    started = datetime.now(UTC)
    writer = OutputWriter(out_dir, docs_per_part)
    try:
        units = UnitRegistry.load(units_file)
    except (ValueError, OSError) as exc:
        raise ConfigError(f"cannot load the unit registry {units_file}: {exc}") from exc
    files, skipped = find_inputs(inputs, exclude=out_dir)
    runner = runner or make_runner(default_workers(), Limits())
    summary = RunSummary(Path(out_dir), [], {}, skipped)
    try:
        kept: dict[int, dict] = {}
        if incremental:
            plan = incremental_plan(writer.out_dir, files, docs_per_part)
            if isinstance(plan, str):
                summary.full_run_reason = plan
            else:
                plan.apply(writer)
                kept, summary.kept, summary.removed = plan.kept, len(plan.kept), plan.removed
        jobs = [
            Job(i, f.path.absolute(), f.source_path) for i, f in enumerate(files) if i not in kept
        ]
        waiting_kept = deque(sorted(kept))
        stream = runner(jobs, units)
        ordered = in_input_order(stream, [job.index for job in jobs])
        bar = (
            click.progressbar(
                length=len(jobs), label="Extracting", item_show_func=lambda path: path
            )
            if progress
            else contextlib.nullcontext(None)
        )
        with contextlib.closing(stream), contextlib.closing(ordered), bar as shown:
            for index, outcome in ordered:
                while waiting_kept and waiting_kept[0] < index:
                    writer.keep_input(kept[waiting_kept.popleft()])
                writer.add_tables(outcome.tables)
                writer.add_input(
                    outcome.source_path,
                    outcome.sha256,
                    "failed" if outcome.failed else "ok",
                    outcome.code,
                )
                summary.documents.append(_summary(outcome))
                if shown is not None:
                    shown.update(1, outcome.source_path)
        for index in waiting_kept:
            writer.keep_input(kept[index])
        summary.row_counts = writer.commit(started)
    except BaseException:
        writer.abort()
        raise
    return summary


def find_inputs(
    inputs: list[Path], exclude: Path | None = None
) -> tuple[list[InputFile], list[str]]:
    """Input files in command-line order, each folder recursed in sorted order.

    Returns the files to read and the paths skipped for their extension. Hidden entries
    and the `exclude` directory (the output) are ignored; a file named twice is read once.
    """
    found: list[InputFile] = []
    skipped: list[str] = []
    seen: set[Path] = set()
    for arg in inputs:
        if not arg.exists():
            raise FileNotFoundError(f"input not found: {arg}")
        if arg.is_dir():
            candidates = [(path, path.relative_to(arg).as_posix()) for path in _walk(arg, exclude)]
        else:
            candidates = [(arg, arg.name)]
        for path, source_path in candidates:
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            if path.suffix.lower() in SUFFIXES:
                found.append(InputFile(path, source_path))
            else:
                skipped.append(source_path)
    return found, skipped


def _walk(root: Path, exclude: Path | None) -> list[Path]:
    excluded = exclude.resolve() if exclude is not None else None
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [
            d for d in dirnames if not d.startswith(".") and Path(dirpath, d).resolve() != excluded
        ]
        files += [Path(dirpath, name) for name in filenames if not name.startswith(".")]
    return sorted(files, key=lambda path: path.relative_to(root).as_posix())


def _summary(outcome: FileOutcome) -> DocumentSummary:
    return DocumentSummary(
        outcome.source_path,
        outcome.doc_id,
        outcome.rows,
        outcome.checks_not_ok,
        outcome.diagnostics,
        outcome.error,
    )
