"""One batch run: find the input files, extract each, write the output directory.

A file that cannot be processed becomes an `error` diagnostics row and the batch goes
on; only a problem with the run itself (a bad --units file, an unusable output
directory) stops it, and then before any file is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from thaiplan.extract.ids import doc_id_of, file_sha256
from thaiplan.extract.model import OcrMode
from thaiplan.extract.readers import SUFFIXES
from thaiplan.extract.rows import Common, DiagnosticRow, Placed
from thaiplan.file_kinds import not_a_plan
from thaiplan.limits import Limits
from thaiplan.normalize.units import UnitRegistry
from thaiplan.ordering import in_input_order
from thaiplan.output.datasets import OutputReadError
from thaiplan.output.writer import DOCS_PER_PART, OutputWriter, file_tables
from thaiplan.runners import Runner, default_workers, make_runner
from thaiplan.tasks import FileOutcome, Job


class ConfigError(Exception):
    """The run cannot start: the unit registry file could not be loaded."""


class NothingReadError(Exception):
    """No input file was found, or none could be read: the previous output is kept, since
    replacing it with nothing would lose a good output to a typo in a path."""

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message)
        self.summary = summary


@dataclass(frozen=True)
class InputFile:
    path: Path  # resolved once, when found (a broken link: the link itself, never followed)
    source_path: str  # a file given: its name; below a folder: the folder's name and the path in it


@dataclass(frozen=True)
class Distinct:
    """One set of bytes among the inputs: the first file holding them (the one read), its
    SHA-256 (None when it cannot be read), and the other inputs with the same bytes."""

    path: Path
    source_path: str
    sha256: str | None
    copies: tuple[str, ...] = ()


def distinct(files: Sequence[InputFile]) -> list[Distinct]:
    """The inputs with a second copy of the same bytes folded into the first: one document
    is one set of bytes (its doc_id), so a copy read again would double every row of it."""
    firsts: list[tuple[InputFile, str | None]] = []
    copies: dict[int, list[str]] = {}
    index_of: dict[str, int] = {}
    for item in files:
        sha256 = file_sha256(item.path)
        if sha256 is not None and sha256 in index_of:
            copies.setdefault(index_of[sha256], []).append(item.source_path)
            continue
        if sha256 is not None:
            index_of[sha256] = len(firsts)
        firsts.append((item, sha256))
    return [
        Distinct(item.path, item.source_path, sha256, tuple(copies.get(i, ())))
        for i, (item, sha256) in enumerate(firsts)
    ]


@dataclass(frozen=True)
class Copy:
    """An input not read because an earlier input holds the same bytes."""

    source_path: str
    sha256: str | None
    duplicate_of: str  # the source_path of the input read


def copies_of(files: Sequence[Distinct]) -> list[Copy]:
    """Every copy folded into an input, for the summary, the manifest and the notes."""
    return [Copy(copy, f.sha256, f.source_path) for f in files for copy in f.copies]


@dataclass(frozen=True)
class SkippedEntry:
    """An entry found in an input folder and not read: a `skipped` row in diagnostics and
    an input of status `skipped` in the manifest, so a user finds it under its name."""

    source_path: str
    reason: str | None  # None: skipped for its extension alone

    def __str__(self) -> str:
        return self.source_path if self.reason is None else f"{self.source_path}: {self.reason}"

    def row(self) -> Placed:
        """Its diagnostics row; the doc_id comes from its path, as for an unreadable file."""
        reason = self.reason or "not a .txt, .md or .pdf file, not read"
        doc_id = doc_id_of(hashlib.sha256(self.source_path.encode()).hexdigest())
        row = DiagnosticRow(
            source_path=self.source_path,
            severity="info",
            code="skipped",
            message=f"{self.source_path}: {reason}",
        )
        return Placed(Common(doc_id=doc_id), row)


@dataclass
class DocumentSummary:
    source_path: str
    doc_id: str
    rows: dict[str, int]  # dataset -> rows from this file (datasets with rows only)
    checks_not_ok: int
    diagnostics: int
    error: str | None = None  # why the file could not be processed at all
    page_count: int | None = None
    unreadable_text: bool = False  # no rows because no text could be read (an image-only PDF)

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def record_rows(self) -> int:
        """Rows in the record datasets (not documents or diagnostics)."""
        return sum(n for d, n in self.rows.items() if d not in ("documents", "diagnostics"))

    @property
    def status(self) -> str:
        """ok, no_rows (a document that holds no table thaiplan reads), no_text or failed."""
        if self.failed:
            return "failed"
        if self.record_rows:
            return "ok"
        return "no_text" if self.unreadable_text else "no_rows"


@dataclass
class RunSummary:
    out_dir: Path
    documents: list[DocumentSummary]
    row_counts: dict[str, int]
    skipped: list[SkippedEntry] = field(default_factory=list)  # entries not read
    kept: int = 0  # incremental: unchanged files whose rows were kept
    removed: int = 0  # incremental: previous files whose rows were dropped (changed or gone)
    full_run_reason: str | None = None  # incremental: why everything was extracted again
    duplicates: list[Copy] = field(default_factory=list)  # inputs not read: a copy's bytes

    @property
    def failed(self) -> list[DocumentSummary]:
        return [doc for doc in self.documents if doc.failed]


def run(
    inputs: list[Path],
    out_dir: Path,
    units_file: Path | None,
    progress: Callable[[DocumentSummary], None] | None = None,
    runner: Runner | None = None,
    incremental: bool = False,
    docs_per_part: int = DOCS_PER_PART,
    command: Sequence[str] = (),
    ocr: OcrMode = "auto",
    planned: Callable[[list[str]], None] | None = None,
) -> RunSummary:
    """Extracts every input file into `out_dir`, replacing its previous contents atomically.

    `progress` is called with each file's summary as soon as it is done, in the order files
    finish; `planned` is told the source_path of each file to be read (copies and, with
    `incremental`, unchanged files left out) before the first is. `runner` defaults to a
    process pool with one worker per CPU. With `incremental`, files unchanged since the
    output in `out_dir` was written keep their rows and are not read; `ocr` says which PDF
    pages OCR reads, and like the unit registry it is part of what makes rows unchanged. Raises
    NothingReadError, leaving `out_dir` as it was, when no file could be read.
    """
    started = datetime.now(UTC)
    writer = OutputWriter(out_dir, docs_per_part)
    try:
        units = UnitRegistry.load(units_file)
    except (ValueError, OSError) as exc:
        raise ConfigError(f"cannot load the unit registry {units_file}: {exc}") from exc
    found, skipped = find_inputs(inputs, exclude=out_dir)
    row_options = {
        "units_sha256": file_sha256(units_file) if units_file is not None else None,
        "ocr": ocr,
    }
    runner = runner or make_runner(default_workers(), Limits())
    files = distinct(found)
    summary = RunSummary(Path(out_dir), [], {}, skipped)
    summary.duplicates = copies_of(files)
    try:
        kept: dict[int, dict] = {}
        if incremental:
            writer, kept = _carry_over(writer, files, row_options, summary)
        jobs = [
            Job(i, f.path.absolute(), f.source_path, ocr, f.copies)
            for i, f in enumerate(files)
            if i not in kept
        ]
        waiting_kept = deque(sorted(kept))
        if planned is not None:
            planned([job.source_path for job in jobs])
        stream = runner(jobs, units)
        ordered = in_input_order(_announced(stream, progress), [job.index for job in jobs])
        with contextlib.closing(stream), contextlib.closing(ordered):
            for index, outcome in ordered:
                while waiting_kept and waiting_kept[0] < index:
                    writer.keep_input(kept[waiting_kept.popleft()])
                writer.add_tables(outcome.tables)
                document = _summary(outcome)
                writer.add_input(
                    outcome.source_path,
                    outcome.sha256,
                    "failed" if outcome.failed else "ok",
                    outcome.code,
                    rows=outcome.rows,
                    page_count=document.page_count,
                )
                summary.documents.append(document)
        for index in waiting_kept:
            writer.keep_input(kept[index])
        writer.add_duplicates(summary.duplicates)
        _add_skipped(writer, skipped)
        if not summary.kept and not any(not doc.failed for doc in summary.documents):
            raise NothingReadError(
                f"{_nothing_read(summary)}; {out_dir} was left as it was", summary
            )
        summary.row_counts = writer.commit(started, command, row_options)
    except BaseException:
        writer.abort()
        raise
    return summary


def _nothing_read(summary: RunSummary) -> str:
    """Why a run read nothing: every file failed, or none it can read was among the inputs."""
    if summary.documents:
        return "none of the input files could be read"
    if summary.skipped:  # the first reason in the message, so the API's caller sees it too
        more = f", and {len(summary.skipped) - 1} more" if len(summary.skipped) > 1 else ""
        return f"no .pdf, .txt or .md file among the inputs (skipped {summary.skipped[0]}{more})"
    return "no input files were found"


def _announced(
    stream: Iterable[tuple[int, FileOutcome]],
    progress: Callable[[DocumentSummary], None] | None,
) -> Iterator[tuple[int, FileOutcome]]:
    """The outcomes as they come, each told to `progress` when its file is done (the
    output is written in input order after, so a slow file never holds back the others'
    progress lines)."""
    for index, outcome in stream:
        if progress:
            progress(_summary(outcome))
        yield index, outcome


def _add_skipped(writer: OutputWriter, skipped: list[SkippedEntry]) -> None:
    """The entries not read, as diagnostics rows and manifest inputs (after the files)."""
    if not skipped:
        return
    writer.add_tables(file_tables({"diagnostics": [entry.row() for entry in skipped]}))
    for entry in skipped:
        writer.add_input(entry.source_path, None, "skipped", "skipped", rows={"diagnostics": 1})


def _carry_over(
    writer: OutputWriter,
    files: Sequence[Distinct],
    row_options: Mapping[str, object],
    summary: RunSummary,
) -> tuple[OutputWriter, dict[int, dict]]:
    """Carries the unchanged files' rows of the previous output into `writer`
    (--incremental); returns the writer to go on with and the kept inputs by index. A
    part found damaged while it is copied starts the run afresh: everything is extracted."""
    from thaiplan.incremental import plan as incremental_plan

    plan = incremental_plan(writer.out_dir, files, writer.docs_per_part, row_options)
    if isinstance(plan, str):
        summary.full_run_reason = plan
        return writer, {}
    try:
        plan.apply(writer)
    except OutputReadError as exc:
        writer.abort()
        summary.full_run_reason = f"the previous output is damaged: {exc}"
        return OutputWriter(writer.out_dir, writer.docs_per_part), {}
    summary.kept, summary.removed = len(plan.kept), plan.removed
    return writer, plan.kept


def find_inputs(
    inputs: list[Path], exclude: Path | None = None
) -> tuple[list[InputFile], list[SkippedEntry]]:
    """Input files in command-line order, each folder recursed in sorted order.

    Returns the files to read and one line per entry not read (its extension, not a
    regular file, a link leaving the inputs, not a plan document); a broken or looping
    symlink is kept, so that reading it gives the file its own diagnostics row. Hidden
    entries and the `exclude` directory (the output) are ignored; a file named twice is
    read once. Symlink policy: every path is resolved here, once, and a file is read at
    its resolved path; a link found in a folder is followed only when its target lies
    inside one of the input roots (the resolved paths named on the command line), so a
    link to a plan, a folder or a system file (`/etc/passwd`) elsewhere is never read.
    """
    roots = [_resolved(arg) for arg in inputs]
    walk = _Walk([root for root in roots if root is not None], exclude)
    for arg, root in zip(inputs, roots, strict=True):
        if root is None and not os.path.lexists(arg):
            raise FileNotFoundError(f"input not found: {arg}")
        if root is not None and root.is_dir():
            # the folder's own name leads, so y2564/plan.txt and y2565/plan.txt stay apart
            walk.folder(arg, root, _display(root.name))
        else:
            # a file is its own root: its name, however the path to it was typed
            walk.entry(arg, _display(arg.name or str(arg)), given=True)
    return walk.found, walk.skipped


class _Walk:
    """One discovery pass: the files found, the entries skipped and the resolved paths seen."""

    def __init__(self, roots: list[Path], exclude: Path | None) -> None:
        self.roots = roots
        self.excluded = exclude.resolve() if exclude is not None else None
        self.found: list[InputFile] = []
        self.skipped: list[SkippedEntry] = []
        self.seen: set[Path] = set()

    def folder(self, path: Path, resolved: Path, source: str) -> None:
        if resolved in self.seen or resolved == self.excluded:
            return
        self.seen.add(resolved)
        try:
            entries = sorted(os.scandir(path), key=lambda entry: entry.name)
        except OSError as exc:
            self._skip(source or str(path), f"cannot be listed ({exc.strerror})")
            return
        for entry in entries:
            if not entry.name.startswith("."):
                self.entry(Path(entry.path), _below(source, _display(entry.name)), given=False)

    def entry(self, path: Path, source: str, given: bool) -> None:
        """One path: a folder is walked, a regular plan file is kept, anything else skipped."""
        try:
            resolved = path.resolve(strict=True)
            mode = os.stat(resolved).st_mode
        except (RuntimeError, OSError):  # a symlink loop or a broken link
            if path.suffix.lower() in SUFFIXES:
                self.found.append(InputFile(path, source))  # its read fails: a diagnostics row
            else:
                self._skip(source, None)
            return
        if path.is_symlink() and not given and not self._inside_roots(resolved):
            self._skip(source, "symlink to a path outside the inputs, not followed")
            return
        if stat.S_ISDIR(mode):
            self.folder(path, resolved, source)
        elif not stat.S_ISREG(mode):
            self._skip(source, "not a regular file (pipe, device or socket), not read")
        elif resolved in self.seen:
            return
        elif (reason := not_a_plan(path, given)) is not None:
            self.seen.add(resolved)
            self._skip(source, reason)
        else:
            self.seen.add(resolved)
            self.found.append(InputFile(resolved, source))

    def _skip(self, source: str, reason: str | None) -> None:
        self.skipped.append(SkippedEntry(source, reason))

    def _inside_roots(self, resolved: Path) -> bool:
        return any(resolved.is_relative_to(root) for root in self.roots)


def _below(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _display(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogates) are
    shown escaped (`plan-\\xff.txt`), so the name can still be found on disk."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _summary(outcome: FileOutcome) -> DocumentSummary:
    return DocumentSummary(
        outcome.source_path,
        outcome.doc_id,
        outcome.rows,
        outcome.checks_not_ok,
        outcome.diagnostics,
        outcome.error,
        outcome.page_count,
        outcome.unreadable_text,
    )
