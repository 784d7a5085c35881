"""Reader for PDFs with a text layer: the same block model as the text exports.

Per page: glyphs (codes resolved or held as placeholders, see glyph_map), ruled tables
filled from them, the remaining glyphs as printed lines. At the end of the document the
doubtful glyphs are decided from all the text, every text is repaired
(normalize.glyphs), and tables that run on over a page break are joined.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.model import (
    Block,
    BlockKind,
    Diagnostic,
    Document,
    OcrMode,
    PageProgress,
    Provenance,
    Row,
    TextSource,
)
from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.glyphs import repair_thai

from .glyph_map import GlyphMap
from .pages import LINE_SEP, PageItem, PageResult, mark_paragraph_starts, needs_ocr
from .pdf_chars import (
    PageChars,
    bbox_of,
    group_lines,
    line_text,
    pdfminer_objects,
)
from .pdf_guard import check_page_count, check_pdf_limits
from .pdf_join import append_rows, cut_columns, merged_edges, onto_columns, same_columns
from .pdf_tables import ARROWS, THAI_END, THAI_START, Grid, fill, find_grids
from .settings import PDF, TEXT_LAYER, PdfSettings, TextLayerSettings

PAGE_NUMBER = re.compile(r"^[-–(]?\s*[\d๐-๙]{1,4}\s*[-–)]?$")


def open_pdf(path: Path):
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # parses the page tree; fails for broken or encrypted files
    except Exception as exc:  # pdfminer raises many kinds
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(exc).lower():
            raise UnreadableFile(
                "encrypted_pdf", f"{path.name} is encrypted and cannot be opened"
            ) from exc
        raise UnreadableFile(
            "unreadable_pdf", f"{path.name} cannot be parsed as a PDF ({name})"
        ) from exc
    return pdf


def open_layer(path: Path, page_count: int):
    """The char layer's view of the PDF, or None where QPDF cannot open it or sees other
    pages than pdfminer (then pdfminer reads every page)."""
    try:
        from .pdf_layer import Document

        layer = Document(path)
    except Exception:
        return None
    if len(layer.pages) != page_count:
        layer.close()
        return None
    return layer


def load_page(page, layer, index: int) -> PageChars:
    """The page's chars and fonts from the char layer (its paths and images into the
    pdfplumber page's objects, for the table finder), or from pdfminer when the layer
    cannot interpret the page."""
    if layer is not None:
        from .pdf_layer import read_page as interpret

        try:
            drawn = interpret(layer, index, page)
        except Exception:  # any page the layer fails on is read by pdfminer, never lost
            pass
        else:
            page._objects = drawn.objects()
            return PageChars(drawn.glyphs, drawn.count, drawn.fonts)
    return pdfminer_objects(page)


def read_page(
    page,
    number: int,
    gmap: GlyphMap,
    source_path: str,
    settings: PdfSettings = PDF,
    layer=None,
) -> PageResult:
    """One page's lines and tables, with placeholder glyphs still unresolved; `layer` is
    the char layer's open document (None: pdfminer reads the page)."""
    result = PageResult(number, float(page.width), float(page.height))
    chars = load_page(page, layer, number - 1)
    glyphs = gmap.classify(chars.glyphs, chars.fonts)
    if not any(g.text.strip() for g in glyphs):
        result.has_text = False
        result.blank = not (chars.count or page.images or page.rects or page.lines or page.curves)
        return result
    try:
        grids = find_grids(page, settings.tables)
    except Exception:
        grids = []
    used: set[int] = set()
    for grid in grids:
        used |= fill(grid, glyphs, LINE_SEP, settings)
    for grid in grids:
        if not any(cell.text for cells, _ in grid.rows for cell in cells):
            continue
        rows = []
        for cells, bbox in grid.rows:
            rows.append(Row(cells, Provenance(source_path, page=number, bbox=bbox)))
        block = Block("table", Provenance(source_path, page=number, bbox=grid.bbox), rows=rows)
        result.items.append(
            PageItem("table", grid.bbox[1], block, grid.bbox[3], grid.bbox[2], grid)
        )
    rest = [g for g in glyphs if id(g) not in used]
    for line in group_lines(rest, settings.text):
        text = line_text(line, settings.text)
        if not text.strip():
            continue
        bases = [g for g in line if not g.mark and g.text.strip()]
        kind: BlockKind = "heading" if bases and all(g.bold for g in bases) else "paragraph"
        bbox = bbox_of(line)
        block = Block(kind, Provenance(source_path, page=number, bbox=bbox), text=text)
        result.items.append(PageItem("line", bbox[1], block, bbox[3], bbox[2]))
    result.items.sort(key=lambda it: it.top)
    mark_paragraph_starts(result, settings.text)
    return result


def _is_page_furniture(it: PageItem, height: float, settings: TextLayerSettings) -> bool:
    """A page number or running line in the top or bottom margin."""
    if it.kind != "line":
        return False
    top, bottom = settings.header_margin_ratio, settings.footer_margin_ratio
    in_margin = it.top < top * height or it.bottom > bottom * height
    return in_margin and bool(PAGE_NUMBER.match(it.block.text.strip()))


def _printed_number(page: PageResult, settings: TextLayerSettings) -> int | None:
    """The number a page prints in its margin, if it prints one."""
    for it in page.items:
        if _is_page_furniture(it, page.height, settings):
            digits = re.sub(r"\D", "", thai_to_arabic(it.block.text))
            if digits and len(digits) <= settings.page_number_digits_count:
                return int(digits)
    return None


def iter_pages(
    path: Path,
    source_path: str,
    gmap: GlyphMap,
    data: bytes,
    settings: PdfSettings = PDF,
    on_page: PageProgress | None = None,
) -> Iterator[PageResult]:
    """The pages of the PDF at `path` (whose bytes are `data`, checked first), read;
    `on_page` hears of each (a 288-page book takes seconds before OCR or recognisers)."""
    check_pdf_limits(data, source_path)
    pdf = open_pdf(path)
    layer = None
    try:
        check_page_count(len(pdf.pages), source_path)
        layer = open_layer(path, len(pdf.pages))
        for number, page in enumerate(pdf.pages, start=1):
            try:
                result = read_page(page, number, gmap, source_path, settings, layer)
                if on_page is not None:
                    on_page(number, len(pdf.pages), "text")
                yield result
            except UnreadableFile:
                raise
            except Exception as exc:
                name = type(exc).__name__
                if "Password" in name or "Encrypt" in name:
                    raise UnreadableFile("encrypted_pdf", f"{path.name} is encrypted") from exc
                raise
            finally:
                page.close()
    finally:
        if layer is not None:
            layer.close()
        pdf.close()


def _all_texts(pages: list[PageResult]) -> Iterator[str]:
    for p in pages:
        for it in p.items:
            if it.kind == "line":
                yield it.block.text
            else:
                for row in it.block.rows:
                    for cell in row.cells:
                        yield cell.text


class TextFinisher:
    """Resolved, repaired text for every raw line/cell text of the document."""

    def __init__(self, gmap: GlyphMap, wraps_keep_spaces: bool = False) -> None:
        self.gmap = gmap
        #: the document draws the space a line wrapped at (so no space glyph = no space)
        self.wraps_keep_spaces = wraps_keep_spaces

    def line(self, raw: str) -> str:
        return repair_thai(self.gmap.apply(raw))

    def cell(self, raw: str) -> str:
        """A cell's printed lines as one text: a space where the line ended with one
        (the wrap fell on a space), none inside a Thai word, else a space."""
        out = ""
        trailing = False
        for part in raw.split(LINE_SEP):
            text = self.line(part)
            if not text:
                continue
            if not out:
                out = text
            elif ARROWS.match(out.split(" ")[-1]) and ARROWS.match(text.split(" ")[0]):
                out += text
            elif trailing:
                out += " " + text
            elif self.wraps_keep_spaces or (THAI_END.search(out) and THAI_START.match(text)):
                out += text
            else:
                out += " " + text
            trailing = part.endswith(" ")
        return out


def read_pdf(
    path: Path,
    source_path: str,
    ocr: OcrMode = "auto",
    data: bytes | None = None,
    on_page: PageProgress | None = None,
    settings: PdfSettings = PDF,
) -> Document:
    """Read a PDF into the common document model (source_format "pdf"); `ocr` says which
    pages OCR reads (see extract.model.OcrMode) and `on_page` hears of each page read, from
    the text layer and then by OCR.
    `data` is the file's bytes where the caller has read them already; `settings` are the
    text layer's and the tables' tolerances (extract.readers.settings)."""
    if data is None:
        data = Path(path).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    gmap = GlyphMap()
    pages = list(iter_pages(Path(path), source_path, gmap, data, settings, on_page))
    diagnostics = read_by_ocr(Path(path), source_path, pages, ocr, on_page, settings)
    ocr_count = sum(1 for d in diagnostics if d.code == "ocr_page")
    for p in pages:
        if not p.has_text and not p.blank:  # no text layer, and OCR did not read it either
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "no_text_layer",
                    f"page {p.number} has no text layer (image only?) and was not read by OCR",
                    prov=Provenance(source_path, page=p.number),
                )
            )
    gmap.resolve(list(_all_texts(pages)))
    fin = TextFinisher(gmap, wraps_keep_spaces=wraps_keep_spaces(pages, settings.text))
    for p in pages:
        for it in p.items:
            if it.kind == "line":
                it.block.text = fin.line(it.block.text)
            else:
                for row in it.block.rows:
                    for cell in row.cells:
                        cell.text = fin.cell(cell.text)
        p.items = [it for it in p.items if it.kind == "table" or it.block.text.strip()]
    read = {d.prov.page for d in diagnostics if d.code == "ocr_page" and d.prov and d.prov.page}
    if read:
        from .ocr import complete_units
        from .ocr_cells import mend_cells
        from .ocr_codes import mend_codes

        diagnostics.extend(mend_cells(pages, read, source_path))
        diagnostics.extend(complete_units(pages, read, source_path))
        diagnostics.extend(mend_codes(pages, read, source_path))
    blocks = join_pages(pages, settings)
    diagnostics.extend(glyph_diagnostics(gmap, source_path))
    numbers = {p.number: n for p in pages if (n := _printed_number(p, settings.text)) is not None}
    return Document(
        source_path,
        sha,
        "pdf",
        blocks,
        page_count=len(pages),
        diagnostics=diagnostics,
        text_source=_text_source(ocr_count, sum(1 for p in pages if not p.blank)),
        page_numbers=numbers,
    )


def read_by_ocr(
    path: Path,
    source_path: str,
    pages: list[PageResult],
    ocr: OcrMode,
    on_page: PageProgress | None,
    settings: PdfSettings,
) -> list[Diagnostic]:
    """extract.readers.ocr.ocr_pages, its libraries (numpy, PIL) loaded only when a page
    needs it: a text-layer document leaves them to the writer, after its pages are freed."""
    if not needs_ocr(pages, ocr):
        return []
    from .ocr import ocr_pages

    return ocr_pages(path, source_path, pages, ocr, on_page, settings.ocr)


def _text_source(read_by_ocr: int, drawn: int) -> TextSource:
    """`ocr` when OCR read every page with anything on it (blank pages do not count)."""
    if not read_by_ocr:
        return "text_layer"
    return "ocr" if read_by_ocr == drawn else "mixed"


def wraps_keep_spaces(pages: list[PageResult], settings: TextLayerSettings = TEXT_LAYER) -> bool:
    """Do this document's wrapped cell lines end with the space they wrapped at?"""
    ends = total = 0
    for p in pages:
        for it in p.items:
            if it.kind != "table":
                continue
            for row in it.block.rows:
                for cell in row.cells:
                    parts = cell.text.split(LINE_SEP)
                    total += len(parts) - 1
                    ends += sum(1 for part in parts[:-1] if part.endswith(" "))
    return total >= settings.wrap_space_lines_count and ends >= settings.wrap_space_ratio * total


def glyph_diagnostics(gmap: GlyphMap, source_path: str) -> list[Diagnostic]:
    out = []
    missing = gmap.unresolved()
    if missing:
        uses = sum(e.uses for e in missing)
        detail = ", ".join(
            f"{e.font} code {e.code} ({e.raw!r}, {e.uses} uses)" for e in missing[:20]
        )
        out.append(
            Diagnostic(
                "warning",
                "unmapped_glyph",
                f"{len(missing)} glyphs ({uses} uses) have no Unicode mapping and were dropped",
                context=detail,
            )
        )
    changed = [e for e in gmap.report() if e.uses]
    if changed:
        detail = ", ".join(
            f"{e.font} code {e.code}: {e.raw!r}->{e.chosen!r}"
            + (f"/{e.alternative!r}" if e.alternative else "")
            + f" ({e.source}, {e.uses} uses)"
            for e in changed[:40]
        )
        out.append(
            Diagnostic(
                "info", "glyph_remapped", f"{len(changed)} glyph mappings repaired", context=detail
            )
        )
    return out


def _closing_table(body: list[PageItem]) -> PageItem | None:
    """The table that ends a page's body: its last item, or a table whose every later item
    begins above its bottom, beside it (a margin note; on a speckled scan, specks at the
    page's edge read as a line) rather than after it."""
    for k in range(len(body) - 1, -1, -1):
        if body[k].kind == "table":
            return body[k] if all(later.top < body[k].bottom for later in body[k + 1 :]) else None
    return None


def join_pages(pages: list[PageResult], settings: PdfSettings = PDF) -> list[Block]:
    """Blocks in reading order; a table continued on the next page is joined to its start.

    A table opening a page with merged cells of the table that closed the page before is
    put on that table's columns, so a total row cut off by the break reads aligned.
    """
    blocks: list[Block] = []
    last_table: tuple[Block, Grid] | None = None  # table that ended the previous page
    prev_page_full_line = False
    for p in pages:
        body = [it for it in p.items if not _is_page_furniture(it, p.height, settings.text)]
        owners: dict[int, Block] = {}  # a table joined to the previous page's: that table
        for k, it in enumerate(body):
            if it.kind == "table":
                opens = all(before.bottom > it.top for before in body[:k])
                if opens and last_table is not None and it.grid is not None:
                    if same_columns(last_table[1], it.grid, settings.tables):
                        cut = cut_columns(last_table[1], settings.tables)
                        append_rows(last_table[0], it.block, cut, settings.tables)
                        owners[id(it)] = last_table[0]
                        continue
                    if (index := merged_edges(last_table[1], it.grid, settings.tables)) is not None:
                        # the same table with merged cells; whether it continues the
                        # table is told from its rows (extract.context.tables)
                        it.grid = onto_columns(it.block, it.grid, last_table[1], index)
                blocks.append(it.block)
            else:
                if k == 0 and prev_page_full_line:
                    it.block.starts_paragraph = False
                blocks.append(it.block)
        last_table = None
        prev_page_full_line = False
        if body:
            closing = _closing_table(body)
            if closing is not None and closing.grid is not None:
                last_table = (owners.get(id(closing), closing.block), closing.grid)
            else:
                widest = max(it.x1 for it in body)
                prev_page_full_line = body[-1].x1 > widest - settings.text.full_line_ratio * p.width
    return blocks
