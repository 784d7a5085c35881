"""The per-file task every runner executes: extract one file, its rows as Arrow tables.

Rows are converted where the file is read (in the worker), so the parent only writes,
and Arrow tables cross a process boundary far cheaper than row dicts. Whatever goes
wrong with the file comes back as a failed outcome, never as an exception.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from thaiplan.extract import process as extract_process
from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.ids import doc_id_of, file_sha256
from thaiplan.extract.model import OcrMode, PageProgress, PageStage
from thaiplan.extract.readers.fonts import forget_fonts
from thaiplan.extract.readers.glyph_map import forget_scores
from thaiplan.extract.rows import CheckRow, Common, DiagnosticRow, DocumentRow, Placed, Row, columns
from thaiplan.limits import MAX_FILE_BYTES, Limits, give_back_freed_memory, outside_the_ceiling
from thaiplan.normalize.units import UnitRegistry
from thaiplan.output.writer import FileRows, FileTables, file_tables

log = logging.getLogger(__name__)
CONTEXT_CHARS = 80  # characters of an offending value kept in a diagnostic's context
#: Diagnostics that say a file gave no rows because no text could be read from it.
NO_TEXT_CODES = frozenset({"no_text_layer", "ocr_unavailable"})


@dataclass(frozen=True)
class Job:
    index: int  # position in the run's input order
    path: Path
    source_path: str
    ocr: OcrMode = "auto"
    #: Other inputs with the same bytes: not read, each named in a `duplicate_of` note.
    duplicates: tuple[str, ...] = ()


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
    page_count: int | None = None
    unreadable_text: bool = False  # no rows because no text could be read (an image-only PDF)

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def nbytes(self) -> int:
        return sum(table.nbytes for table in self.tables.values())


Outcomes = Generator[tuple[int, FileOutcome], None, None]  # (job index, outcome) as files finish
#: Told `(source_path, pages done, pages to do, stage)` as a file is read, wherever it runs.
FilePageProgress = Callable[[str, int, int, PageStage], None]
#: Seconds between two text-layer page events passed on: such pages come every few tens
#: of milliseconds, and a bar redraws a few times a second (OCR pages always pass).
TEXT_PAGE_INTERVAL = 0.25


class Paced:
    """`on_page` told of every OCR page but of text-layer pages at most every
    TEXT_PAGE_INTERVAL seconds (and of the last), so a 288-page book sends a few dozen
    events through the pipe or the Dask scheduler, not one per page."""

    def __init__(self, on_page: PageProgress, interval: float = TEXT_PAGE_INTERVAL) -> None:
        self.on_page = on_page
        self.interval = interval
        self.last = float("-inf")

    def __call__(self, done: int, total: int, stage: PageStage = "ocr", /) -> None:
        now = time.monotonic()
        if stage == "text" and done < total and now - self.last < self.interval:
            return
        self.last = now
        self.on_page(done, total, stage)


def extract_file(job: Job, units: UnitRegistry, on_page: PageProgress | None = None) -> FileOutcome:
    """Reads one file; failures come back as an outcome holding one `error` diagnostics row.
    `on_page` hears of the pages read (see Paced)."""
    too_large = _too_large(job)
    if too_large is not None:
        return too_large
    paced = Paced(on_page) if on_page is not None else None
    try:
        result = extract_process.process_file(job.path, job.source_path, units, job.ocr, paced)
        # Arrow loads only now, after the reading's memory is given back (output.writer);
        # its libraries are the worker's from now on, not this file's memory
        release_reading()
        with outside_the_ceiling():
            from thaiplan.output.schemas import SchemaError

        _with_duplicates(result.records, job)
        try:
            tables = file_tables(result.records)
        except SchemaError:  # a value too large for its column: that cell becomes null
            _null_misfits(result.records, job.source_path)
            tables = file_tables(result.records)
    except MemoryError:
        return out_of_memory(job)
    except UnreadableFile as exc:
        log.debug("%s: not read (%s)", job.source_path, exc.code, exc_info=True)
        return out_of_memory(job) if _ran_out_of_memory(exc) else failed(job, exc.code, exc.message)
    except Exception as exc:  # a bug in extraction must not stop the batch
        log.debug("%s: extraction failed", job.source_path, exc_info=True)
        if _ran_out_of_memory(exc):
            return out_of_memory(job)
        return failed(job, "extract_failed", _one_sentence(exc))
    return _outcome(job, result.sha256, result.records, tables)


def release_reading() -> None:
    """Drops what reading a document leaves cached (its embedded fonts, the scores of its
    glyph readings) and gives the freed memory back before the rows become Arrow tables:
    a worker's peak is there, with Arrow's libraries on top of what reading still held."""
    forget_fonts()
    forget_scores()
    give_back_freed_memory()


def _outcome(job: Job, sha256: str, records: FileRows, tables: FileTables) -> FileOutcome:
    """The file's tables and the one count of its rows the summary, manifest and report use."""
    documents = records.get("documents") or []
    codes = {cast(DiagnosticRow, p.row).code for p in records.get("diagnostics", [])}
    return FileOutcome(
        source_path=job.source_path,
        sha256=sha256,
        doc_id=doc_id_of(sha256),
        tables=tables,
        rows={dataset: len(rows) for dataset, rows in records.items() if rows},
        checks_not_ok=sum(
            1 for placed in records.get("checks", []) if cast(CheckRow, placed.row).status != "ok"
        ),
        diagnostics=len(records.get("diagnostics", [])),
        page_count=cast(DocumentRow, documents[0].row).page_count if documents else None,
        unreadable_text=bool(codes & NO_TEXT_CODES),
    )


def _with_duplicates(records: FileRows, job: Job) -> FileRows:
    """Adds one `duplicate_of` info row per other copy of the file's bytes, so a copy leaves a
    trace without doubling the document's rows (and its documents row counts the notes)."""
    if not job.duplicates:
        return records
    documents = records.get("documents") or []
    shared = (documents or records["diagnostics"])[0].common
    place = Common(doc_id=shared.doc_id, fiscal_year_ce=shared.fiscal_year_ce)
    notes = [
        Placed(
            place,
            DiagnosticRow(
                source_path=copy,
                severity="info",
                code="duplicate_of",
                message=f"{copy} holds the same bytes as {job.source_path}, so it was read "
                f"once, as {job.source_path}.",
            ),
        )
        for copy in job.duplicates
    ]
    records.setdefault("diagnostics", []).extend(notes)
    records["documents"] = [_more_diagnostics(document, len(notes)) for document in documents]
    return records


def _more_diagnostics(document: Placed, added: int) -> Placed:
    row = cast(DocumentRow, document.row)
    return Placed(document.common, replace(row, n_diagnostics=row.n_diagnostics + added))


def _null_misfits(records: FileRows, source_path: str) -> None:
    """Sets every value that does not fit its nullable column to null, with a warning
    naming the cell, so one bad value never loses the document's other rows."""
    warnings = []
    for dataset, rows in records.items():
        for index, placed in enumerate(rows):
            fitted, reasons = _fitted(dataset, placed.row)
            rows[index] = Placed(placed.common, fitted)
            common = placed.common
            where = f"page {common.page}" if common.page else f"line {common.line}"
            warnings += [
                Placed(
                    common,
                    DiagnosticRow(
                        source_path=source_path,
                        severity="warning",
                        code="value_out_of_range",
                        message=f"{dataset}.{column} at {where} does not fit its column "
                        f"({reason}), so it was left empty.",
                        context=_shortened(repr(value)),
                    ),
                )
                for column, value, reason in reasons
            ]
    records.setdefault("diagnostics", []).extend(warnings)


def _fitted(dataset: str, row: Row) -> tuple[Row, list[tuple[str, Any, str]]]:
    """The row with each nullable value its column cannot hold set to null, and for each
    (column, value, why)."""
    from thaiplan.output.schemas import misfit

    reasons = []
    for column in columns(type(row)):
        value = getattr(row, column.name)
        if value is None or not column.nullable:
            continue
        reason = misfit(dataset, column.name, value)
        if reason is not None:
            reasons.append((column.name, value, reason))
    return replace(row, **{column: None for column, _, _ in reasons}), reasons


def _too_large(job: Job) -> FileOutcome | None:
    """A `file_too_large` outcome for a file over MAX_FILE_BYTES, checked before it is read."""
    max_bytes = MAX_FILE_BYTES
    try:
        size = os.stat(job.path).st_size
    except OSError:
        return None  # the read reports it
    if size <= max_bytes:
        return None
    return failed(
        job,
        "file_too_large",
        f"The file is {size / 2**20:,.0f} MB, over the {max_bytes / 2**20:,.0f} MB a file may be, "
        "so it was skipped; split it into smaller files.",
    )


def _ran_out_of_memory(exc: BaseException) -> bool:
    """Did a MemoryError cause `exc` (a parser wrapping it as its own error, say)? Then the
    file failed on the memory limit, which --incremental tries again, not on its bytes."""
    seen: list[BaseException] = [exc]
    for e in seen:
        seen += [x for x in (e.__cause__, e.__context__) if x is not None and x not in seen]
    return any(isinstance(e, MemoryError) for e in seen)


def _shortened(text: str) -> str:
    return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1] + "…"


def failed(job: Job, code: str, message: str) -> FileOutcome:
    """A file that produced nothing: one `error` diagnostics row, doc_id from its bytes."""
    sha256 = file_sha256(job.path, follow_links=False)
    doc_hash = (
        sha256 or hashlib.sha256(job.source_path.encode()).hexdigest()
    )  # unreadable: the path
    doc_id = doc_id_of(doc_hash)
    row = DiagnosticRow(source_path=job.source_path, severity="error", code=code, message=message)
    records = _with_duplicates({"diagnostics": [Placed(Common(doc_id=doc_id), row)]}, job)
    return FileOutcome(
        job.source_path,
        sha256,
        doc_id,
        file_tables(records),
        {"diagnostics": len(records["diagnostics"])},
        diagnostics=len(records["diagnostics"]),
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


def _one_sentence(exc: Exception) -> str:
    detail = " ".join(str(exc).split()) or "no details"
    if len(detail) > 200:
        detail = detail[:199] + "…"
    return f"Extraction failed with {type(exc).__name__} ({detail}), so the file was skipped; please report this."
