"""One batch run: find the input files, extract each, write the output directory.

A file that cannot be processed becomes an `error` diagnostics row and the batch goes
on; only a problem with the run itself (a bad --units file, an unusable output
directory) stops it, and then before any file is read.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import click

from extract import process as extract_process
from extract.errors import UnreadableFile
from normalize.units import UnitRegistry
from thaiplan.writer import OutputWriter

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

    @property
    def failed(self) -> list[DocumentSummary]:
        return [doc for doc in self.documents if doc.failed]


def run(inputs: list[Path], out_dir: Path, units_file: Path | None, progress: bool) -> RunSummary:
    """Extracts every input file into `out_dir`, replacing its previous contents atomically."""
    started = datetime.now(timezone.utc)
    writer = OutputWriter(out_dir)
    try:
        units = UnitRegistry.load(units_file)
    except (ValueError, OSError) as exc:
        raise ConfigError(f"cannot load the unit registry {units_file}: {exc}") from exc
    files, skipped = find_inputs(inputs, exclude=out_dir)
    bar = (
        click.progressbar(files, label="Extracting", item_show_func=lambda f: f.source_path if f else None)
        if progress
        else contextlib.nullcontext(files)
    )
    with bar as items:
        documents = [_process(item, units, writer) for item in items]
    row_counts = writer.commit(started)
    return RunSummary(Path(out_dir), documents, row_counts, skipped)


def find_inputs(inputs: list[Path], exclude: Path | None = None) -> tuple[list[InputFile], list[str]]:
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


def _process(item: InputFile, units: UnitRegistry, writer: OutputWriter) -> DocumentSummary:
    try:
        result = extract_process.process_file(item.path, item.source_path, units)
        writer.add_file(result.records)
    except UnreadableFile as exc:
        return _failed(item, writer, exc.code, exc.message)
    except Exception as exc:  # a bug in extraction must not stop the batch
        return _failed(item, writer, "extract_failed", _one_sentence(exc))
    writer.add_input(item.source_path, result.sha256, "ok")
    records = result.records
    return DocumentSummary(
        source_path=item.source_path,
        doc_id=result.sha256[:16],
        rows={dataset: len(rows) for dataset, rows in records.items() if rows},
        checks_not_ok=sum(1 for row in records.get("checks", []) if row.get("status") != "ok"),
        diagnostics=len(records.get("diagnostics", [])),
    )


def _failed(item: InputFile, writer: OutputWriter, code: str, message: str) -> DocumentSummary:
    """Records a file that produced nothing: one `error` diagnostics row, doc_id from its bytes."""
    sha256: str | None
    try:
        sha256 = doc_hash = hashlib.sha256(item.path.read_bytes()).hexdigest()
    except OSError:  # not even readable from disk: the path is all there is to identify it
        sha256, doc_hash = None, hashlib.sha256(item.source_path.encode()).hexdigest()
    doc_id = doc_hash[:16]
    row = {
        "doc_id": doc_id,
        "fiscal_year_ce": None,
        "source_path": item.source_path,
        "severity": "error",
        "code": code,
        "message": message,
    }
    writer.add_file({"diagnostics": [row]})
    writer.add_input(item.source_path, sha256, "failed", code)
    return DocumentSummary(item.source_path, doc_id, {"diagnostics": 1}, 0, 1, error=message)


def _one_sentence(exc: Exception) -> str:
    detail = " ".join(str(exc).split()) or "no details"
    if len(detail) > 200:
        detail = detail[:199] + "…"
    return f"Extraction failed with {type(exc).__name__} ({detail}), so the file was skipped; please report this."
