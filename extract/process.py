"""One file in, all its rows out: the pure core every runner calls."""

from __future__ import annotations

import logging
import os
import stat
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from thaiplan._version import __version__
from thaiplan.extract.check.coverage import unread_table_cells, unread_tables
from thaiplan.extract.check.post_passes import run_post_passes
from thaiplan.extract.context.document_info import describe
from thaiplan.extract.context.pages import printed_pages
from thaiplan.extract.context.reading import Reading
from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import (
    Block,
    Cell,
    Diagnostic,
    Document,
    OcrMode,
    PageProgress,
    Provenance,
)
from thaiplan.extract.readers import read_document
from thaiplan.extract.recognisers import RECOGNISERS, claim_tables
from thaiplan.extract.records import Record
from thaiplan.extract.rows import BudgetLineRow, Common, DiagnosticRow, DocumentRow, Placed, Row
from thaiplan.normalize.dates import be_to_ce
from thaiplan.normalize.numbers import MAX_DIGITS, digit_count, drop_overlong
from thaiplan.normalize.units import UnitRegistry

log = logging.getLogger(__name__)  # thaiplan.extract.process: `thaiplan extract -v` shows it
CONTEXT_DIGITS = 40  # of an overlong number, kept in its diagnostic


@dataclass
class FileResult:
    source_path: str
    sha256: str
    records: dict[str, list[Placed]] = field(default_factory=dict)


def process_file(
    path: Path,
    source_path: str,
    units: UnitRegistry,
    ocr: OcrMode = "auto",
    on_page: PageProgress | None = None,
) -> FileResult:
    """Read, recognise and check one file; raises UnreadableFile when it cannot be read at
    all. `on_page` hears of each page read (text layer, then OCR)."""
    data = read_input(path, source_path)
    doc = read_document(path, source_path, data, ocr, on_page)
    doc.diagnostics.extend(drop_overlong_numbers(doc))
    if doc.source_format == "pdf":
        log.info(
            "%s: read by the PDF reader: %s pages, text from %s",
            source_path,
            doc.page_count,
            doc.text_source,
        )
    else:
        log.info("%s: read by the text-export reader", source_path)
    info = describe(doc)
    agency = units.resolve(info.agency).name if info.agency else None
    reading = Reading.of(doc, units, info.fiscal_year_be, agency)
    ids = IdMaker(doc.doc_id)
    records: list[Record] = []
    claim_tables(reading)
    _log_claims(source_path, reading)
    for recogniser in RECOGNISERS:
        try:
            records.extend(recogniser.recognise(reading, ids))
        except Exception as exc:  # one layout gone wrong must not lose the rest of the document
            log.debug("%s: the %s recogniser failed", source_path, recogniser.name, exc_info=True)
            reading.note(
                "recogniser_failed",
                f"The {recogniser.name} recogniser stopped on this document: {exc}",
                None,
                None,
                severity="error",
            )
    run_post_passes(records, ids)
    records.extend(unread_table_cells(reading, records))
    made = Counter(record.dataset for record in records)
    log.info(
        "%s: rows: %s",
        source_path,
        ", ".join(f"{name} {n}" for name, n in sorted(made.items())) or "none",
    )
    fiscal_year_ce = None if info.fiscal_year_be is None else be_to_ce(info.fiscal_year_be)
    result = FileResult(source_path, doc.sha256)
    printed = printed_pages(doc.page_numbers)
    for record in in_reading_order(doc, records):
        common = _common(doc, fiscal_year_ce, record.prov)
        row = _with_printed_page(record.row, common.page, printed)
        result.records.setdefault(record.dataset, []).append(Placed(common, row))
    diagnostics = [*doc.diagnostics, *reading.diagnostics, *unread_tables(reading, records)]
    result.records["diagnostics"] = [_diagnostic_row(d, doc, fiscal_year_ce) for d in diagnostics]
    document = DocumentRow(
        source_path=source_path,
        source_sha256=doc.sha256,
        source_format=doc.source_format,
        text_source=doc.text_source,
        printed_title_page=printed.get(1),
        doc_type=info.doc_type,
        title=info.title,
        agency=agency,
        fiscal_year_be=info.fiscal_year_be,
        page_count=doc.page_count,
        extractor_version=__version__,
        n_kpis=len(result.records.get("kpis", [])),
        n_budget_items=len(result.records.get("budget_items", [])),
        n_schedule_steps=len(result.records.get("schedule_steps", [])),
        n_diagnostics=len(diagnostics),
    )
    result.records["documents"] = [Placed(_common(doc, fiscal_year_ce, None), document)]
    return result


def _with_printed_page(row: Row, page: int | None, printed: dict[int, int]) -> Row:
    """A budget line without a printed page of its own takes the one its PDF page prints."""
    if isinstance(row, BudgetLineRow) and row.printed_page is None and page in printed:
        return replace(row, printed_page=printed[page])
    return row


def _log_claims(source_path: str, reading: Reading) -> None:
    """Which recogniser claimed how many tables, and how many the general readers get."""
    if not log.isEnabledFor(logging.INFO):
        return
    owners = Counter(reading.claimed_by.values())
    left = sum(1 for _ in reading.unclaimed_tables())
    claimed = ", ".join(f"{name} {n}" for name, n in sorted(owners.items())) or "none"
    log.info("%s: tables claimed: %s; %d left to the other recognisers", source_path, claimed, left)


def read_input(path: Path, source_path: str, max_bytes: int | None = None) -> bytes:
    """The file's bytes; UnreadableFile when they cannot be read, or should not be.

    Never through a link: inputs are resolved when found, so a path that is a link now (a
    broken link then, or one swapped in since) is refused (ELOOP). Opened without waiting
    (a FIFO would block the open until a writer comes) and checked on the open file
    itself: a pipe, device or socket is refused before a byte is read (`/dev/zero` never
    ends), and so is a file over `max_bytes`.
    """
    try:
        with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise UnreadableFile(
                    "not_a_regular_file",
                    f"{source_path} is not a regular file (a pipe, device or socket), "
                    "so it was not read",
                )
            if max_bytes is not None and status.st_size > max_bytes:
                raise UnreadableFile(
                    "file_too_large",
                    f"{source_path} is {status.st_size / 2**20:,.0f} MB, over the "
                    f"{max_bytes / 2**20:,.0f} MB a file may be; split it into smaller files",
                )
            return handle.read()
    except OSError as exc:
        message = f"{source_path} cannot be read from disk ({exc.strerror or exc})"
        raise UnreadableFile("unreadable_file", message) from exc


def drop_overlong_numbers(doc: Document) -> list[Diagnostic]:
    """Takes every number longer than any amount, count or year (normalize.numbers.MAX_DIGITS)
    out of the text before any stage converts it, leaving `…`: the cell or line has no value
    and a `value_out_of_range` warning names it, while the document's other rows stay."""
    found: list[Diagnostic] = []
    for block in doc.blocks:
        places: list[tuple[Block | Cell, Provenance, int | None]] = (
            [(block, block.prov, None)] if block.kind != "table" else []
        )
        places += [(cell, row.prov, cell.col) for row in block.rows for cell in row.cells]
        for holder, prov, col in places:
            kept, dropped = drop_overlong(holder.text)
            if dropped:
                holder.text = kept
                found.append(_overlong(doc.source_path, prov, col, dropped[0]))
    return found


def _overlong(source_path: str, prov: Provenance, col: int | None, number: str) -> Diagnostic:
    where = f"page {prov.page}" if prov.page is not None else f"line {prov.line}"
    cell = "" if col is None else f", column {col + 1}"
    return Diagnostic(
        "warning",
        "value_out_of_range",
        f"{source_path} {where}{cell}: a number of {digit_count(number):,} digits is longer "
        f"than any amount, count or year (at most {MAX_DIGITS}), so it was read as no value.",
        number[:CONTEXT_DIGITS] + "…",
        prov,
    )


def in_reading_order(doc: Document, records: list[Record]) -> list[Record]:
    """Records in the order their rows stand in the document (several recognisers may read
    one page); a record without a place keeps its turn after those with one."""
    position: dict[Provenance, int] = {}
    for block in doc.blocks:
        for prov in (block.prov, *(row.prov for row in block.rows)):
            position.setdefault(prov, len(position))
    last = len(position)
    return sorted(
        records, key=lambda record: position.get(record.prov, last) if record.prov else last
    )


def _common(doc: Document, fiscal_year_ce: int | None, prov: Provenance | None) -> Common:
    """The columns every dataset shares: which document, which year, where in it."""
    return Common(
        doc_id=doc.doc_id,
        fiscal_year_ce=fiscal_year_ce,
        page=prov.page if prov else None,
        line=prov.line if prov else None,
    )


def _diagnostic_row(diagnostic: Diagnostic, doc: Document, fiscal_year_ce: int | None) -> Placed:
    row = DiagnosticRow(
        source_path=doc.source_path,
        severity=diagnostic.severity,
        code=diagnostic.code,
        message=diagnostic.message,
        context=diagnostic.context,
    )
    return Placed(_common(doc, fiscal_year_ce, diagnostic.prov), row)
