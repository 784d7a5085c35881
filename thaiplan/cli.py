"""The `thaiplan` command line: extract, schema, audit."""

from __future__ import annotations

import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from thaiplan import __version__
from thaiplan.limits import DEFAULT_FILE_TIMEOUT, DEFAULT_MAX_MEMORY_MB, Limits
from thaiplan.schemas import (
    DATASETS,
    PARTITION_FIELD,
    PARTITIONING,
    SCHEMAS,
    description,
    type_name,
)

if TYPE_CHECKING:
    from thaiplan.pipeline import RunSummary


@click.group()
@click.version_option(__version__, prog_name="thaiplan")
def main() -> None:
    """Turn the tables of Thai government plan documents into typed Parquet datasets."""


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
    help="Files read at once (default: one per CPU); 1 reads in this process, without the limits below.",
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
    help="Seconds one file may take; a slower file is stopped and reported in diagnostics.",
)
@click.option(
    "--max-memory-mb",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_MEMORY_MB,
    show_default=True,
    help="Memory a worker may take for one file; a file that needs more is reported in diagnostics.",
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Keep the rows of files unchanged since the output was written.",
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
    incremental: bool,
) -> None:
    """Extract INPUT files and folders (.txt, .md, .pdf) into Parquet datasets.

    Exits 1 when a file could not be processed at all; the others are still written.
    """
    # Imported here so `schema` and `audit` start without loading the PDF and Thai NLP stack.
    from thaiplan.pipeline import ConfigError, run
    from thaiplan.runners import default_workers, make_runner
    from thaiplan.writer import OutputDirError

    limits = Limits(file_timeout, max_memory_mb)
    runner = make_runner(workers or default_workers(), limits, engine, scheduler)
    try:
        summary = run(
            list(inputs),
            out_dir,
            units_file,
            progress=sys.stdout.isatty(),
            runner=runner,
            incremental=incremental,
        )
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--units") from exc
    except OutputDirError as exc:
        raise click.BadParameter(str(exc), param_hint="--out") from exc
    except KeyboardInterrupt:
        click.echo(f"\nInterrupted: {out_dir} was left as it was.", err=True)
        sys.exit(130)
    if summary.skipped:
        click.echo(
            f"Skipped {len(summary.skipped)} file(s) that are not .txt, .md or .pdf.", err=True
        )
    if summary.full_run_reason:
        click.echo(f"Extracting every file: {summary.full_run_reason}.", err=True)
    elif incremental:
        click.echo(
            f"Kept {summary.kept} unchanged file(s); dropped the rows of {summary.removed} "
            f"changed or removed file(s).",
            err=True,
        )
    if summary.documents:
        click.echo(_summary_table(summary))
    elif not summary.kept:
        click.echo("No input files found.", err=True)
    click.echo(f"Wrote {summary.out_dir}/ ({sum(summary.row_counts.values())} rows).")
    for doc in summary.failed:
        click.echo(f"error: {doc.source_path}: {doc.error}", err=True)
    if summary.failed:
        sys.exit(1)


@main.command("schema")
@click.argument("dataset", required=False, type=click.Choice(DATASETS))
def schema_command(dataset: str | None) -> None:
    """Print the data dictionary (column, type, description) of DATASET, or of all."""
    for index, name in enumerate([dataset] if dataset else DATASETS):
        if index:
            click.echo()
        click.echo(name)
        fields = [*SCHEMAS[name], PARTITION_FIELD]
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
    checks = _read(checks_dir)
    documents = _read(documents_dir, columns=["doc_id", "source_path"])
    paths = dict(
        zip(
            documents.column("doc_id").to_pylist(),
            documents.column("source_path").to_pylist(),
            strict=True,
        )
    )
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
    if bad:
        click.echo(
            f"{len(bad)} of {checks.num_rows} checks not ok: {mismatches} mismatch, "
            f"{len(bad) - mismatches} unverifiable."
        )
    else:
        click.echo(f"All {checks.num_rows} checks ok.")
    if strict and mismatches:
        sys.exit(1)


def _read(directory: Path, columns: list[str] | None = None) -> pa.Table:
    # An explicit partitioning: inference fails when every row's year is unknown.
    return ds.dataset(directory, format="parquet", partitioning=PARTITIONING).to_table(
        columns=columns
    )


def _schema_type(f: pa.Field) -> str:
    text = type_name(f.type) + ("" if f.nullable else " not null")
    return text + " (partition key)" if f is PARTITION_FIELD else text


def _money(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value:,.2f}"


def _summary_table(summary: RunSummary) -> str:
    """One row per document: rows per dataset (datasets with rows), checks not ok, diagnostics."""
    used = [
        d
        for d in DATASETS
        if d not in ("documents", "diagnostics")
        and any(doc.rows.get(d) for doc in summary.documents)
    ]
    header = ["document", *used, "checks_not_ok", "diagnostics", "status"]
    body = [
        [
            doc.source_path,
            *(str(doc.rows.get(d, 0)) for d in used),
            str(doc.checks_not_ok),
            str(doc.diagnostics),
            "FAILED" if doc.failed else "ok",
        ]
        for doc in summary.documents
    ]
    widths = [max(_width(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0] + " " * (widths[0] - _width(cells[0]))
        return "  ".join(
            [first, *(cell.rjust(w) for cell, w in zip(cells[1:], widths[1:], strict=True))]
        ).rstrip()

    return "\n".join([line(header), *(line(row) for row in body)])


def _width(text: str) -> int:
    """Terminal columns: Thai vowel and tone marks combine with the letter before them."""
    return sum(unicodedata.category(ch) not in ("Mn", "Me") for ch in text)


@main.command("text")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def text_command(file: Path) -> None:
    """Print the repaired text of a PDF FILE page by page (form feed between pages).

    Table rows print as tab-separated cells. For checking a file's text layer and for
    measuring its text quality.
    """
    from thaiplan.extract.errors import UnreadableFile
    from thaiplan.extract.readers.pdf_text import page_texts

    notes: list = []
    try:
        for number, text in enumerate(page_texts(file, notes), start=1):
            if number > 1:
                click.echo("\f")
            click.echo(text)
        for note in notes:  # OCR'd pages (and why OCR could not run) said on stderr
            click.echo(f"{note.code}: {note.message}", err=True)
    except UnreadableFile as exc:
        click.echo(f"error: {file}: {exc.message}", err=True)
        sys.exit(1)
