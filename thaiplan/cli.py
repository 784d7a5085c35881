"""The `thaiplan` command line: extract, text, schema, audit, report, export."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
import textwrap
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import click

from thaiplan._version import __version__
from thaiplan.limits import (
    DEFAULT_FILE_TIMEOUT,
    DEFAULT_MAX_MEMORY_MB,
    FileTimeLimit,
    Limits,
    file_limits,
)
from thaiplan.output.dataset_names import DATASETS
from thaiplan.progress import WIDTH as SUMMARY_WIDTH
from thaiplan.progress import BatchProgress, columns, shorten

if TYPE_CHECKING:  # pyarrow and the schemas load in the commands that read or describe data
    import pyarrow as pa

    from thaiplan.extract.model import OcrMode, PageStage
    from thaiplan.pipeline import DocumentSummary, RunSummary
    from thaiplan.runners import Runner

#: Seconds to wait for a Dask scheduler to answer before saying it is unreachable.
SCHEDULER_CONNECT_TIMEOUT = 3.0
log = logging.getLogger("thaiplan")


@click.group()
@click.version_option(__version__, prog_name="thaiplan")
def main() -> None:
    """Turn the tables of Thai government plan documents into typed Parquet datasets."""
    # Arrow's default pool (mimalloc) keeps what the writer freed, 10 MiB of a worker's
    # peak; the system's allocator reuses it. Set before pyarrow loads, workers inherit it.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


OCR_OPTION = click.option(
    "--ocr",
    type=click.Choice(["auto", "force", "off"]),
    default="auto",
    show_default=True,
    help="PDF pages read by OCR: auto, those without a text layer; force, every page "
    "(for a text layer that is garbage); off, none.",
)


@main.command("extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default="outputs",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory; replaced as a whole when the run completes.",
)
@click.option(
    "--units",
    "units_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra unit registry file (your own abbreviations and unit names).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Files read at once (default: one per CPU); 1 reads in this process, under the same limits.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: a process pool; dask: a Dask LocalCluster of --workers processes.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on this Dask cluster (tcp://host:8786); implies --engine dask.",
)
@click.option(
    "--file-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_FILE_TIMEOUT,
    show_default=True,
    help="Seconds one file may take (a scan: each page OCR reads); a slower file is "
    "stopped and reported in diagnostics.",
)
@click.option(
    "--max-memory-mb",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_MEMORY_MB,
    show_default=True,
    help="Memory a worker may take for one file; a file that needs more is reported in diagnostics.",
)
@OCR_OPTION
@click.option(
    "--incremental",
    is_flag=True,
    help="Keep the rows of files unchanged since the output was written.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary table.")
@click.option("-v", "--verbose", count=True, help="Log what is read (-vv: debug, with tracebacks).")
@click.option(
    "--json",
    "json_summary",
    is_flag=True,
    help="Print the run's summary as one JSON object on stdout (for scripts).",
)
def extract_command(
    inputs: tuple[Path, ...],
    out_dir: Path,
    units_file: Path | None,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    file_timeout: float,
    max_memory_mb: int,
    ocr: OcrMode,
    incremental: bool,
    quiet: bool,
    verbose: int,
    json_summary: bool,
) -> None:
    """Extract INPUT files and folders (.txt, .md, .pdf) into Parquet datasets.

    Exits 1 when a file could not be processed at all (the others are still written), or
    when no file could be read (then the previous output is left as it was).
    """
    from thaiplan.runners import default_workers, make_runner

    _configure_logging(verbose)
    if scheduler is not None:
        _check_scheduler(scheduler)
    limits = Limits(file_timeout, max_memory_mb)
    progress = None if quiet or json_summary else BatchProgress(sys.stderr)
    runner = make_runner(
        workers or default_workers(),
        limits,
        engine,
        scheduler,
        on_page=progress.page if progress is not None else None,
    )
    try:
        summary = _run(
            list(inputs), out_dir, units_file, progress, runner, incremental, ocr, verbose
        )
    finally:
        if progress is not None:
            progress.close()
    if json_summary:
        click.echo(json.dumps(_summary_json(summary), ensure_ascii=False))
        sys.exit(1 if _run_failed(summary) else 0)
    _print_run(summary, incremental, quiet)
    if _run_failed(summary):
        sys.exit(1)


def _run(
    inputs: list[Path],
    out_dir: Path,
    units_file: Path | None,
    progress: BatchProgress | None,
    runner: Runner,
    incremental: bool,
    ocr: OcrMode,
    verbose: int,
) -> RunSummary:
    """The batch run, its errors as one line each and the exit code they mean."""
    # Imported here so `schema` and `audit` start without loading the PDF and Thai NLP stack.
    from thaiplan.output.writer import OutputDirError
    from thaiplan.pipeline import ConfigError, NothingReadError, run

    try:
        return run(
            inputs,
            out_dir,
            units_file,
            progress=progress,
            runner=runner,
            incremental=incremental,
            command=["thaiplan", *sys.argv[1:]],
            ocr=ocr,
            planned=progress.start if progress is not None else None,
        )
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--units") from exc
    except OutputDirError as exc:
        raise click.BadParameter(str(exc), param_hint="--out") from exc
    except NothingReadError as exc:
        _print_skipped(exc.summary)
        for doc in exc.summary.failed:
            click.echo(f"error: {_naming_the_file(doc)}", err=True)
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        if verbose > 1:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        click.echo(
            f"error: {exc.strerror or exc}{where}; {out_dir} was left as it was. "
            "Check the path, its permissions and the free disk space, then run again.",
            err=True,
        )
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(f"\nInterrupted: {out_dir} was left as it was.", err=True)
        sys.exit(130)


def _print_run(summary: RunSummary, incremental: bool, quiet: bool) -> None:
    """What a finished run says: entries skipped and copies, how an incremental run went,
    the summary table and totals, and each file that gave no text or failed."""
    _print_skipped(summary)
    for copy in summary.duplicates:
        click.echo(
            f"duplicate: {copy.source_path} holds the same bytes as {copy.duplicate_of}; read once",
            err=True,
        )
    if summary.full_run_reason:
        click.echo(f"Extracting every file: {summary.full_run_reason}.", err=True)
    elif incremental:
        click.echo(
            f"Kept {summary.kept} unchanged file(s); dropped the rows of {summary.removed} "
            f"changed or removed file(s).",
            err=True,
        )
    if summary.documents and not quiet:
        click.echo(_summary_table(summary))
    if not quiet:
        click.echo(_totals_line(summary))
    for doc in summary.documents:
        if doc.status == "no_text":
            click.echo(
                f"warning: {doc.source_path}: no text could be read (an image-only PDF?); "
                "see its diagnostics.",
                err=True,
            )
    for doc in summary.failed:
        click.echo(f"error: {_naming_the_file(doc)}", err=True)


def _print_skipped(summary: RunSummary) -> None:
    """Every entry not read, by name and why (a Word file: what to do instead)."""
    for entry in summary.skipped:
        click.echo(f"skipped {entry}", err=True)


def _run_failed(summary: RunSummary) -> bool:
    """A file that failed, or one that gave nothing because its text could not be read."""
    return any(doc.failed or doc.status == "no_text" for doc in summary.documents)


#: Libraries whose INFO or DEBUG floods stderr (pdfminer: lines per glyph; Dask: its
#: cluster's chatter); they say only warnings, whatever -v asks of thaiplan.
QUIET_LIBRARIES = ("pdfminer", "pdfplumber", "distributed", "PIL", "fontTools", "asyncio")


def _configure_logging(verbose: int) -> None:
    """thaiplan's logger on stderr: warnings by default, what it decides at -v (reader, OCR
    pages, tables claimed), debug with tracebacks at -vv; other libraries at WARNING."""
    level = logging.WARNING if not verbose else logging.INFO if verbose == 1 else logging.DEBUG
    ours = logging.getLogger("thaiplan")
    for old in [h for h in ours.handlers if getattr(h, "thaiplan_cli", False)]:
        ours.removeHandler(old)
    handler = logging.StreamHandler()  # the stderr of this command (a test's, under CliRunner)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.thaiplan_cli = True  # type: ignore[attr-defined]
    ours.addHandler(handler)
    ours.setLevel(level)
    ours.propagate = False
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    # Dask's workers are processes of their own: they read the level from the environment
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")


def _check_scheduler(address: str) -> None:
    """A clear one-line error within seconds when nothing listens at the scheduler address."""
    parsed = urlparse(address if "://" in address else f"tcp://{address}")
    if parsed.scheme not in ("tcp", "tls") or not parsed.hostname:
        raise click.BadParameter(
            f"{address} is not a tcp://HOST:PORT address", param_hint="--scheduler"
        )
    try:
        socket.create_connection(
            (parsed.hostname, parsed.port or 8786), timeout=SCHEDULER_CONNECT_TIMEOUT
        ).close()
    except OSError as exc:
        raise click.ClickException(
            f"no Dask scheduler answers at {address} ({exc.strerror or exc}); start one with "
            "`dask scheduler` or check the address"
        ) from None


def _summary_json(summary: RunSummary) -> dict[str, object]:
    return {
        "out_dir": str(summary.out_dir),
        "row_counts": summary.row_counts,
        "documents": [
            {
                "source_path": doc.source_path,
                "doc_id": doc.doc_id,
                "status": doc.status,
                "rows": doc.rows,
                "page_count": doc.page_count,
                "checks_not_ok": doc.checks_not_ok,
                "diagnostics": doc.diagnostics,
                "error": doc.error,
            }
            for doc in summary.documents
        ],
        "skipped": [str(entry) for entry in summary.skipped],
        "duplicates": [
            {"source_path": c.source_path, "duplicate_of": c.duplicate_of}
            for c in summary.duplicates
        ],
        "kept": summary.kept,
        "removed": summary.removed,
        "full_run_reason": summary.full_run_reason,
    }


@main.command("schema")
@click.argument("dataset", required=False, type=click.Choice(DATASETS))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: a Frictionless Table Schema per dataset, for warehouse loaders.",
)
def schema_command(dataset: str | None, fmt: str) -> None:
    """Print the data dictionary (column, type, description) of DATASET, or of all."""
    from thaiplan.output.schemas import SCHEMAS, description, frictionless_schema

    names = [dataset] if dataset else list(DATASETS)
    if fmt == "json":
        document = {name: frictionless_schema(name) for name in names}
        click.echo(
            json.dumps(document[dataset] if dataset else document, ensure_ascii=False, indent=2)
        )
        return
    for index, name in enumerate(names):
        if index:
            click.echo()
        click.echo(name)
        fields = list(SCHEMAS[name])
        width = max(len(f.name) for f in fields)
        type_width = max(len(_schema_type(f)) for f in fields)
        for f in fields:
            click.echo(f"  {f.name:<{width}}  {_schema_type(f):<{type_width}}  {description(f)}")


@main.command("audit")
@click.argument(
    "out_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--strict", is_flag=True, help="Exit 1 when any check is a mismatch.")
def audit_command(out_dir: Path, strict: bool) -> None:
    """Print every check in DIR (an extract output) whose status is not ok."""
    checks_dir, documents_dir = out_dir / "checks", out_dir / "documents"
    if not checks_dir.is_dir() or not documents_dir.is_dir():
        raise click.ClickException(
            f"{out_dir} is not a thaiplan output directory (no checks/ or documents/)"
        )
    with _reading_output():
        checks = _read(checks_dir)
        documents = _read(documents_dir, columns=["doc_id", "source_path"])
    paths = dict(
        zip(
            documents.column("doc_id").to_pylist(),
            documents.column("source_path").to_pylist(),
            strict=True,
        )
    )
    import pyarrow.compute as pc

    bad = checks.filter(pc.field("status") != "ok").to_pylist()
    bad.sort(
        key=lambda r: (
            paths.get(r["doc_id"], r["doc_id"]),
            r["page"] or 0,
            r["line"] or 0,
            r["check"],
        )
    )
    for row in bad:
        where = paths.get(row["doc_id"], f"doc {row['doc_id']}")
        for key in ("page", "line"):
            if row[key] is not None:
                where += f" {key} {row[key]}"
        click.echo(f"{row['status']}  {row['check']}  {where}")
        if row["scope"]:
            click.echo(f"    scope: {row['scope']}")
        click.echo(
            f"    expected {_money(row['expected'])}  actual {_money(row['actual'])}"
            f"  difference {_money(row['difference'])}  items {row['items']}"
        )
    mismatches = sum(1 for row in bad if row["status"] == "mismatch")
    click.echo(_audit_coverage(checks, documents))
    if not checks.num_rows:
        click.echo("No checks ran: nothing in these documents could be reconciled.")
    elif bad:
        click.echo(
            f"{len(bad)} of {checks.num_rows} checks not ok: {mismatches} mismatch, "
            f"{len(bad) - mismatches} unverifiable."
        )
    else:
        click.echo(f"All {checks.num_rows} checks ok.")
    if strict and mismatches:
        sys.exit(1)


def _audit_coverage(checks: pa.Table, documents: pa.Table) -> str:
    """Per document: checks run and not ok, so "all ok" can never hide "nothing checked"."""
    ran: dict[str, int] = {}
    not_ok: dict[str, int] = {}
    for doc_id, status in zip(
        checks.column("doc_id").to_pylist(), checks.column("status").to_pylist(), strict=True
    ):
        ran[doc_id] = ran.get(doc_id, 0) + 1
        not_ok[doc_id] = not_ok.get(doc_id, 0) + (status != "ok")
    lines = ["Checks per document:"]
    for doc_id, path in sorted(
        zip(
            documents.column("doc_id").to_pylist(),
            documents.column("source_path").to_pylist(),
            strict=True,
        ),
        key=lambda item: item[1],
    ):
        count = ran.get(doc_id, 0)
        lines.append(
            f"  {path}: {count} checks ran, {not_ok.get(doc_id, 0)} not ok"
            if count
            else f"  {path}: nothing checked (no table with a stated total was read)"
        )
    return "\n".join(lines)


@contextlib.contextmanager
def _reading_output() -> Iterator[None]:
    """A damaged output (a part file cut short, of another dataset, an empty dataset
    folder) as click's one-line `Error:` and exit 1, never a traceback."""
    from thaiplan.output.datasets import OutputReadError

    try:
        yield
    except OutputReadError as exc:
        raise click.ClickException(str(exc)) from None


def _read(directory: Path, columns: list[str] | None = None) -> pa.Table:
    from thaiplan.output.datasets import read_dataset

    table = read_dataset(directory.parent, directory.name)
    return table.select(columns) if columns else table


def _schema_type(f: pa.Field) -> str:
    from thaiplan.output.schemas import type_name

    return type_name(f.type) + ("" if f.nullable else " not null")


def _money(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value:,.2f}"


def _summary_table(summary: RunSummary) -> str:
    """One row per document: rows per dataset (datasets with rows), checks not ok, diagnostics,
    status; when that is wider than SUMMARY_WIDTH, rows in one column and names shortened."""
    used = [
        d
        for d in DATASETS
        if d not in ("documents", "diagnostics")
        and any(doc.rows.get(d) for doc in summary.documents)
    ]
    table = _table(summary, used)
    if max(columns(line) for line in table) > SUMMARY_WIDTH:
        table = _table(summary, [])
    return "\n".join(table)


def _table(summary: RunSummary, used: list[str]) -> list[str]:
    header = ["document", *(used or ["rows"]), "checks_not_ok", "diagnostics", "status"]
    body = [
        [
            doc.source_path,
            *((str(doc.rows.get(d, 0)) for d in used) if used else [str(doc.record_rows)]),
            str(doc.checks_not_ok),
            str(doc.diagnostics),
            "FAILED" if doc.failed else doc.status,
        ]
        for doc in summary.documents
    ]
    widths = [max(columns(row[i]) for row in [header, *body]) for i in range(1, len(header))]
    room = SUMMARY_WIDTH - sum(widths) - 2 * len(widths)
    first = min(max(columns(row[0]) for row in [header, *body]), max(room, 20))

    def line(cells: list[str]) -> str:
        name = shorten(cells[0], first)
        name += " " * (first - columns(name))
        return "  ".join(
            [name, *(cell.rjust(w) for cell, w in zip(cells[1:], widths, strict=True))]
        ).rstrip()

    return [line(header), *(line(row) for row in body)]


def _totals_line(summary: RunSummary) -> str:
    """What was written, wrapped to SUMMARY_WIDTH columns (twelve datasets do not fit one)."""
    counts = ", ".join(
        f"{n} {name}" for name, n in summary.row_counts.items() if n and name != "documents"
    )
    documents = summary.row_counts.get("documents", 0)
    text = f"Wrote {summary.out_dir}/: {documents} documents" + (f"; {counts}" if counts else "")
    return "\n".join(
        textwrap.wrap(
            text + ".",
            SUMMARY_WIDTH,
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    )


@main.command("text")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@OCR_OPTION
def text_command(file: Path, ocr: OcrMode) -> None:
    """Print the text thaiplan reads from FILE: a PDF page by page (form feed between
    pages), a text export as its normalised blocks.

    Table rows print as tab-separated cells. For checking a file's text layer and for
    measuring its text quality.
    """
    from thaiplan.extract.errors import UnreadableFile
    from thaiplan.file_kinds import NO_READER, not_a_plan

    if file.suffix.lower() in NO_READER:  # a Word or Excel file is no text export either
        click.echo(f"error: {file}: {not_a_plan(file, given=True)}", err=True)
        sys.exit(1)
    limits = Limits()
    try:
        with file_limits(limits) as restart_clock:  # the limits a file has in `extract`
            _print_text(file, ocr, restart_clock)
    except UnreadableFile as exc:
        click.echo(f"error: {exc.message}", err=True)  # the message names the file
        sys.exit(1)
    except FileTimeLimit:
        click.echo(f"error: {file}: reading took longer than {limits.file_timeout:g} s", err=True)
        sys.exit(1)
    except MemoryError:
        click.echo(
            f"error: {file}: reading ran out of memory ({limits.max_memory_mb} MB); split the file",
            err=True,
        )
        sys.exit(1)


def _print_text(file: Path, ocr: OcrMode, restart_clock: Callable[[], None]) -> None:
    """`thaiplan text` under extract's guards: the file is read as `extract` reads an input
    (no special file, nothing over the size cap, the PDF checked before it is parsed), so
    an empty, non-PDF or damaged file is one UnreadableFile naming it."""
    from thaiplan.extract.process import read_input
    from thaiplan.extract.readers import document_format, pdf_errors
    from thaiplan.extract.readers.pdf_text import page_texts
    from thaiplan.limits import MAX_FILE_BYTES

    resolved = file.resolve()  # named on the command line: its link is followed, once
    data = read_input(resolved, str(file), MAX_FILE_BYTES)
    if document_format(str(file), data) == "text":
        _print_export(resolved, str(file), data)
        return

    def ocr_page(done: int, total: int, stage: PageStage = "ocr", /) -> None:
        restart_clock()
        click.echo(f"{file}: OCR page {done} of {total}", err=True)

    notes: list = []
    with pdf_errors(str(file)):
        for number, text in enumerate(page_texts(resolved, notes, ocr, ocr_page, data), 1):
            if number > 1:
                click.echo("\f")
            click.echo(text)
    for note in notes:  # OCR'd pages (and why OCR could not run) said on stderr
        click.echo(f"{note.code}: {note.message}", err=True)


def _naming_the_file(doc: DocumentSummary) -> str:
    """Why the file failed, led by its path unless the message already starts with it."""
    message = doc.error or "failed"
    return message if message.startswith(doc.source_path) else f"{doc.source_path}: {message}"


def _print_export(file: Path, source_path: str, data: bytes) -> None:
    """A text export's blocks as the recognisers see them (a table row as tab-separated cells)."""
    from thaiplan.extract.readers.text import read_text

    document = read_text(file, source_path, data)
    for block in document.blocks:
        if block.kind == "table":
            for row in block.rows:
                click.echo("\t".join(cell.text for cell in row.cells))
        else:
            click.echo(block.text)


@main.command("report")
@click.argument(
    "out_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write (default: DIR/report.html).",
)
@click.option(
    "--sources",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder holding the source PDFs, for page thumbnails (repeatable).",
)
def report_command(out_dir: Path, html_path: Path | None, sources: tuple[Path, ...]) -> None:
    """Write one self-contained HTML report of an extract output DIR: money by unit and
    programme, schedules as Gantts, checks that are not ok with their page, KPI targets."""
    from thaiplan.output.report import write_report

    _require_output(out_dir)
    target = html_path or out_dir / "report.html"
    with _reading_output():
        summary = write_report(out_dir, target, sources)
    click.echo(
        f"Wrote {target}: {summary.documents} documents, {summary.charts} charts, "
        f"{summary.checks_not_ok} checks not ok."
    )


@main.command("export")
@click.argument(
    "out_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "kaogeek-csv"]),
    required=True,
    help="csv: a UTF-8 (with BOM) file per dataset; xlsx: one workbook, a sheet per dataset; "
    "kaogeek-csv: budget_lines detail leaves in the community CSV layout.",
)
@click.option(
    "--to",
    "dest",
    type=click.Path(path_type=Path),
    help="Folder (csv) or file (xlsx, kaogeek-csv); default beside DIR.",
)
def export_command(out_dir: Path, fmt: str, dest: Path | None) -> None:
    """Export the datasets of an extract output DIR for spreadsheets and other tools."""
    from thaiplan.output.datasets import read_dataset
    from thaiplan.output.export import ExportError, export
    from thaiplan.output.kaogeek import write_kaogeek_csv

    _require_output(out_dir)
    default = {"csv": "csv", "xlsx": "datasets.xlsx", "kaogeek-csv": "budget_lines_kaogeek.csv"}
    target = dest or out_dir.parent / f"{out_dir.name}-{default[fmt]}"
    replaced = _check_export_target(target, fmt)
    if fmt == "kaogeek-csv":
        with _reading_output():
            lines = write_kaogeek_csv(
                read_dataset(out_dir, "budget_lines"), target, read_dataset(out_dir, "documents")
            )
        click.echo(f"Wrote {target}{replaced}: {lines.rows} detail lines.")
        if lines.pdf_pages:
            click.echo(
                f"note: {lines.pdf_pages} lines have their PDF page as REF_PAGE_NO (no printed "
                "page number was read); their DEBUG_LOG says so.",
                err=True,
            )
        if lines.doc_id_refs:
            click.echo(
                f"note: {lines.doc_id_refs} lines have their doc_id as REF_DOC (the title names "
                "no ฉบับที่ and เล่มที่); their DEBUG_LOG says so.",
                err=True,
            )
        return
    try:
        with _reading_output():
            written = export(out_dir, target, fmt)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {len(written)} file(s) to {target}{replaced}.")


def _require_output(out_dir: Path) -> None:
    """A one-line error for a DIR `thaiplan extract` did not write (an input folder, say)."""
    from thaiplan.output.datasets import NotAnOutputError, require_output

    try:
        require_output(out_dir)
    except NotAnOutputError as exc:
        raise click.ClickException(str(exc)) from None


def _check_export_target(target: Path, fmt: str) -> str:
    """A one-line error when `target` is the wrong kind (a file where csv writes a folder, a
    folder where a file goes); " (replaced)" when an existing file is written over."""
    if fmt == "csv":
        if target.exists() and not target.is_dir():
            raise click.ClickException(
                f"{target} is an existing file; the csv export writes a folder of files "
                "(one per dataset): give a folder with --to"
            )
        return ""
    if target.is_dir():
        raise click.ClickException(
            f"{target} is an existing folder; the {fmt} export writes one file: give a file "
            "name with --to"
        )
    return " (replaced the existing file)" if target.exists() else ""
