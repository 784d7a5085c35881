"""The repaired text of a PDF, page by page (for `thaiplan text` and text-quality checks).

Glyphs are decided from the whole document (see glyph_map), so the pages are read
first and yielded after; only their text is kept in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from thaiplan.extract.model import Diagnostic, OcrMode, PageProgress

from .glyph_map import GlyphMap
from .pages import LINE_SEP
from .pdf import TextFinisher, iter_pages, read_by_ocr, wraps_keep_spaces
from .settings import PDF, PdfSettings


def page_texts(
    path: Path,
    notes: list[Diagnostic] | None = None,
    ocr: OcrMode = "auto",
    on_page: PageProgress | None = None,
    data: bytes | None = None,
    settings: PdfSettings = PDF,
) -> Iterator[str]:
    """Yield each page's repaired text: one line per printed line, a table row as
    tab-separated cells. A page without a text layer is read by OCR (its diagnostics go
    to `notes`, and `on_page` hears of each), or yields '' when OCR cannot run. `data`
    is the file's bytes where the caller has read them already; `settings` as for
    read_pdf."""
    gmap = GlyphMap()
    data = Path(path).read_bytes() if data is None else data
    pages = list(iter_pages(Path(path), str(path), gmap, data, settings))
    found = read_by_ocr(Path(path), str(path), pages, ocr, on_page, settings)
    if notes is not None:
        notes.extend(found)
    texts: list[str] = []
    for p in pages:
        for it in p.items:
            if it.kind == "line":
                texts.append(it.block.text)
            else:
                texts.extend(cell.text for row in it.block.rows for cell in row.cells)
    gmap.resolve(texts)
    fin = TextFinisher(gmap, wraps_keep_spaces=wraps_keep_spaces(pages, settings.text))
    for p in pages:
        out: list[str] = []
        for it in p.items:
            if it.kind == "line":
                line = fin.line(it.block.text)
                if line:
                    out.append(line)
            else:
                for row in it.block.rows:
                    out.append("\t".join(fin.cell(c.text) for c in row.cells).rstrip("\t"))
        yield "\n".join(out)


__all__ = ["LINE_SEP", "page_texts"]
