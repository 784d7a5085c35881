"""The common document model: what every reader produces and every recogniser reads.

A document is an ordered list of blocks. Text blocks are one printed (or exported) line
each, so provenance stays at line level; a table block holds rows of cells. Cells carry
their column span, so a merged PDF cell, an arrow drawn across three month columns and
three marked cells in an export can be told apart by position alone. Nothing here knows
which input format a block came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from thaiplan.extract.ids import doc_id_of

BBox = tuple[float, float, float, float]
BlockKind = Literal["heading", "paragraph", "table"]
Severity = Literal["error", "warning", "info"]
#: Where a document's text came from (documents.text_source).
TextSource = Literal["export", "text_layer", "ocr", "mixed"]
#: Text sources read (in part) by OCR: where a figure may be misread or a glyph lost. A
#: printed figure is the document's, right or wrong; only these may be mended.
SCANNED: tuple[TextSource, ...] = ("ocr", "mixed")
#: Which PDF pages are read by OCR: those without a text layer (`auto`), every page with
#: anything drawn on it (`force`: a text layer that is garbage), or none (`off`).
OcrMode = Literal["auto", "force", "off"]
#: Which pass read a page: the PDF's text layer (tens of milliseconds a page) or OCR
#: (seconds a page, so each OCR page also restarts the file's time limit).
PageStage = Literal["text", "ocr"]


class PageProgress(Protocol):
    """Told `(pages done, pages to do, stage)` after each page a reader finishes, so a long
    file shows it is moving; OCR calls it without a stage."""

    def __call__(self, done: int, total: int, stage: PageStage = "ocr", /) -> None: ...


@dataclass(frozen=True)
class Provenance:
    """Where a block or row stands in its source: page for PDFs, line for text exports."""

    source_path: str
    page: int | None = None
    line: int | None = None
    bbox: BBox | None = None


@dataclass
class Cell:
    """One table cell; `col` is its 0-based first column, `colspan` how many it covers."""

    text: str
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Row:
    cells: list[Cell]
    prov: Provenance

    @property
    def width(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def values(self, width: int | None = None) -> list[str]:
        """Cell texts by column; a spanned cell's text sits in its first column.

        >>> Row([Cell("a", 0), Cell("b", 2)], Provenance("x")).values()
        ['a', '', 'b']
        """
        out = [""] * max(width or 0, self.width)
        for cell in self.cells:
            out[cell.col] = cell.text
        return out

    def cell_at(self, col: int) -> Cell | None:
        """The cell covering column `col`, spans included."""
        for cell in self.cells:
            if cell.col <= col < cell.col + cell.colspan:
                return cell
        return None


@dataclass
class Block:
    """A heading or paragraph line (`text`), or a table (`rows`).

    `starts_paragraph` is True when a blank line (or, in a PDF, a wide vertical gap)
    stands before the block, so recognisers can tell a wrapped line from a new item.
    """

    kind: BlockKind
    prov: Provenance
    text: str = ""
    rows: list[Row] = field(default_factory=list)
    starts_paragraph: bool = True

    @property
    def width(self) -> int:
        return max((r.width for r in self.rows), default=0)


@dataclass(frozen=True)
class Diagnostic:
    """Something a reader or recogniser noticed and could not settle."""

    severity: Severity
    code: str
    message: str
    context: str | None = None
    prov: Provenance | None = None


@dataclass
class Document:
    source_path: str
    sha256: str
    source_format: Literal["pdf", "text"]
    blocks: list[Block]
    page_count: int | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text_source: TextSource = "export"
    #: PDF page -> the number printed in its margin, as read (see context.pages)
    page_numbers: dict[int, int] = field(default_factory=dict)

    @property
    def doc_id(self) -> str:
        return doc_id_of(self.sha256)
