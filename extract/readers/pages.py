"""The read stage's page model: what a PDF page (text layer or OCR) yields before the
document's glyphs are decided and its pages joined. The PDF and OCR readers both build it."""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass, field

from thaiplan.extract.model import Block, OcrMode

from .pdf_tables import Grid
from .settings import TEXT_LAYER, TextLayerSettings

LINE_SEP = "\x1f"  # between the printed lines of one cell until the text is final


@dataclass
class PageItem:
    kind: str  # "line" or "table"
    top: float
    block: Block
    bottom: float = 0.0
    x1: float = 0.0
    grid: Grid | None = None


@dataclass
class PageResult:
    number: int
    width: float
    height: float
    items: list[PageItem] = field(default_factory=list)
    has_text: bool = True
    blank: bool = False  # nothing drawn at all (no text, image or path): nothing to OCR


def needs_ocr(pages: list[PageResult], mode: OcrMode) -> bool:
    """Whether OCR has a page to read (extract.readers.ocr.ocr_pages reads just these), so
    that its libraries (numpy, PIL) load only for a scan, not under a text layer's pages."""
    if mode == "off":
        return False
    return any(not p.blank and (mode == "force" or not p.has_text) for p in pages)


def mark_paragraph_starts(result: PageResult, settings: TextLayerSettings = TEXT_LAYER) -> None:
    """A line starts a paragraph after a table, or after a gap wider than the page's
    usual line pitch."""
    lines = [it for it in result.items if it.kind == "line"]
    pitches = sorted(b.top - a.top for a, b in itertools.pairwise(lines) if b.top > a.top)
    sizes = [it.bottom - it.top for it in lines]
    typical = 0.0
    if pitches:
        cap = settings.pitch_cap_ratio * statistics.median(sizes)
        typical = min(pitches[len(pitches) // 4], cap)
    prev: PageItem | None = None
    for it in result.items:
        if it.kind == "line":
            if prev is None or prev.kind == "table":
                it.block.starts_paragraph = True
            else:
                it.block.starts_paragraph = (
                    typical == 0 or it.top - prev.top > settings.paragraph_gap_ratio * typical
                )
        prev = it
