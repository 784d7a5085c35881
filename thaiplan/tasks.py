"""The per-file task every runner executes: extract one file, its rows as Arrow tables.

Rows are converted where the file is read (in the worker), so the parent only writes,
and Arrow tables cross a process boundary far cheaper than row dicts. Whatever goes
wrong with the file comes back as a failed outcome, never as an exception.
"""

from __future__ import annotations

import hashlib
import signal
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thaiplan.extract import process as extract_process
from thaiplan.extract.errors import UnreadableFile
from thaiplan.limits import Limits
from thaiplan.normalize.units import UnitRegistry
from thaiplan.writer import FileTables, file_tables


@dataclass(frozen=True)
class Job:
    index: int  # position in the run's input order
    path: Path
    source_path: str


@dataclass
class FileOutcome:
    """What one file gave: its tables, a summary for the command line, or why it failed."""

    source_path: str
    sha256: str | None
    doc_id: str
    tables: FileTables
    rows: dict[str, int] = field(default_factory=dict)  # dataset -> rows (datasets with rows)
    checks_not_ok: int = 0
    diagnostics: int = 0
    code: str | None = None  # diagnostics code when the file failed
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def nbytes(self) -> int:
        return sum(table.nbytes for years in self.tables.values() for table in years.values())


Outcomes = Generator[tuple[int, FileOutcome], None, None]  # (job index, outcome) as files finish


def extract_file(job: Job, units: UnitRegistry) -> FileOutcome:
    """Reads one file; failures come back as an outcome holding one `error` diagnostics row."""
    try:
        result = extract_process.process_file(job.path, job.source_path, units)
        tables = file_tables(result.records)
    except UnreadableFile as exc:
        return failed(job, exc.code, exc.message)
    except MemoryError:
        return out_of_memory(job)
    except Exception as exc:  # a bug in extraction must not stop the batch
        return failed(job, "extract_failed", _one_sentence(exc))
    records = result.records
    return FileOutcome(
        source_path=job.source_path,
        sha256=result.sha256,
        doc_id=result.sha256[:16],
        tables=tables,
        rows={dataset: len(rows) for dataset, rows in records.items() if rows},
        checks_not_ok=sum(1 for row in records.get("checks", []) if row.get("status") != "ok"),
        diagnostics=len(records.get("diagnostics", [])),
    )


def failed(job: Job, code: str, message: str) -> FileOutcome:
    """A file that produced nothing: one `error` diagnostics row, doc_id from its bytes."""
    sha256 = file_sha256(job.path)
    doc_hash = (
        sha256 or hashlib.sha256(job.source_path.encode()).hexdigest()
    )  # unreadable: the path
    row: dict[str, Any] = {
        "doc_id": doc_hash[:16],
        "fiscal_year_ce": None,
        "source_path": job.source_path,
        "severity": "error",
        "code": code,
        "message": message,
    }
    return FileOutcome(
        job.source_path,
        sha256,
        row["doc_id"],
        file_tables({"diagnostics": [row]}),
        {"diagnostics": 1},
        diagnostics=1,
        code=code,
        error=message,
    )


def out_of_memory(job: Job) -> FileOutcome:
    return failed(
        job,
        "memory_limit",
        "Reading this file ran out of memory (see --max-memory-mb), "
        "so it was skipped; raise the limit or split the file.",
    )


def timed_out(job: Job, limits: Limits) -> FileOutcome:
    return failed(
        job,
        "file_timeout",
        f"Reading took longer than the {limits.file_timeout:g} s limit "
        "(--file-timeout), so the file was skipped.",
    )


def crashed(job: Job, how: str) -> FileOutcome:
    return failed(
        job,
        "worker_crashed",
        f"The worker reading this file died ({how}), so the file was skipped; please report this.",
    )


def exit_reason(exitcode: int | None) -> str:
    """How a worker process ended, in words: `exit code 3`, `killed by SIGSEGV`."""
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    hint = (
        ", perhaps by the system for using too much memory" if -exitcode == signal.SIGKILL else ""
    )
    return f"killed by {name}{hint}"


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file, read in chunks; None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _one_sentence(exc: Exception) -> str:
    detail = " ".join(str(exc).split()) or "no details"
    if len(detail) > 200:
        detail = detail[:199] + "…"
    return f"Extraction failed with {type(exc).__name__} ({detail}), so the file was skipped; please report this."
