"""The report's page images: a row's PDF page at a size to read, its line marked.

Rows carry their page (and printed page) but no box, so the line is found when the report
is written, in the PDF's own text layer: a check's figures (the stated amount first) are
searched on the page with pdfium, and the line they stand on is drawn over in yellow, each
figure boxed in red. The page is rendered at THUMBNAIL_WIDTH pixels (about 120 dpi for
A4, where 14-point Thai reads) and shown at that size in a box scrolled to the mark.
A source PDF is used only when its SHA-256 matches the one the run recorded, so a page
never comes from another version of the document; where none is found, the report says
where it looked and what to pass.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from thaiplan.extract.ids import file_sha256

THUMBNAIL_WIDTH = 1000  # px: the page is shown at this size, in a box scrolled to the mark
THUMBNAIL_QUALITY = 60  # JPEG quality: a page stays around 80-150 kB
MAX_THUMBNAILS = 40  # per report, so a book with many findings stays a few MB
#: A figure is searched for only when it prints this many characters or more ("1,000"):
#: a short one ("100", a percentage) stands in many places on a page.
MIN_NEEDLE = 5
MAX_MARKS = 4  # occurrences of one figure marked on a page
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass(frozen=True)
class PageImage:
    """A rendered page: its data URI, the figure marked on it (None: not found in the text
    layer) and the pixel row and the right end of the mark, to scroll to."""

    uri: str
    marked: str | None
    mark_y: int | None
    mark_x: int | None = None


def needles(figure: Decimal) -> list[str]:
    """The ways a figure prints: grouped digits, then in Thai digits.

    >>> needles(Decimal("17117000.00"))
    ['17,117,000', '๑๗,๑๑๗,๐๐๐']
    >>> needles(Decimal("12.5")), needles(Decimal("100"))
    (['12.50', '๑๒.๕๐'], [])
    """
    text = f"{int(figure):,}" if figure == figure.to_integral_value() else f"{figure:,.2f}"
    if len(text) < MIN_NEEDLE:
        return []
    return [text, text.translate(THAI_DIGITS)]


class PageRenderer:
    """Finds each document's source PDF once and renders its pages with a row's line marked."""

    def __init__(self, out_dir: Path, sources: Sequence[Path], inputs: dict[str, str]) -> None:
        self.out_dir = out_dir
        self.sources = [Path(s) for s in sources]
        self.inputs = inputs  # sha256 -> source_path, from the manifest
        self.found: dict[str, Path | None] = {}
        self.looked: dict[str, list[Path]] = {}
        self.cache: dict[tuple[str, int, tuple[Decimal, ...]], PageImage | None] = {}
        self.rendered = 0

    def page(
        self, doc: dict[str, Any], page: int, figures: Iterable[Decimal | None] = ()
    ) -> PageImage | None:
        """Page `page` of the document, the first of `figures` found on it marked."""
        wanted = tuple(f for f in figures if f is not None)
        key = (doc["doc_id"], page, wanted)
        if key not in self.cache:
            pdf = self.source(doc)
            fits = pdf is not None and self.rendered < MAX_THUMBNAILS
            self.cache[key] = render(pdf, page, wanted) if fits and pdf else None
            self.rendered += self.cache[key] is not None
        return self.cache[key]

    def source(self, doc: dict[str, Any]) -> Path | None:
        """The document's source PDF, found once (None when it is not to be had)."""
        doc_id = doc["doc_id"]
        if doc_id not in self.found:
            self.found[doc_id] = None
            self.looked[doc_id] = []
            if doc.get("source_format") == "pdf":
                sha = doc.get("source_sha256") or ""
                recorded = [doc.get("source_path"), self.inputs.get(sha)]
                for candidate in self._candidates([str(r) for r in recorded if r]):
                    self.looked[doc_id].append(candidate)
                    if candidate.is_file() and file_sha256(candidate) == sha:
                        self.found[doc_id] = candidate
                        break
        return self.found[doc_id]

    def missing_note(self, doc: dict[str, Any]) -> str:
        """Why a PDF document's pages are not shown, where the report looked, what to do."""
        looked = list(dict.fromkeys(str(p) for p in self.looked.get(doc["doc_id"], [])))
        other = [p for p in looked if Path(p).is_file()]
        why = (
            f"{other[0]} is there but holds other bytes than the file extracted (SHA-256)"
            if other
            else "it is not at " + ", ".join(looked[:4]) + (" …" if len(looked) > 4 else "")
        )
        return (
            f"The source PDF {doc.get('source_path')} was not found: {why}. Its pages are "
            "not shown; run `thaiplan report OUT --sources FOLDER` with the folder that holds it."
        )

    def _candidates(self, recorded: list[str]) -> Iterable[Path]:
        for name in recorded:
            path = Path(name)
            yield path
            yield self.out_dir.parent / path
            for folder in self.sources:
                yield folder / path
                yield folder / path.name


def render(pdf: Path, page_no: int, figures: Sequence[Decimal] = ()) -> PageImage | None:
    """Page `page_no` (1-based) as a JPEG data URI with the first figure found marked, or
    None when it cannot be rendered."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError:
        return None
    try:
        if not 1 <= page_no <= len(document):
            return None
        page = document[page_no - 1]
        scale = THUMBNAIL_WIDTH / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
        marked, boxes = _find(page, figures) if page.get_rotation() == 0 else (None, [])
        mark_y, mark_x = _mark(image, boxes, scale, page.get_height()) if boxes else (None, None)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=THUMBNAIL_QUALITY)
    finally:
        document.close()
    uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return PageImage(uri, marked if boxes else None, mark_y, mark_x)


def _find(page: Any, figures: Sequence[Decimal]) -> tuple[str | None, list[Box]]:
    """The first figure that prints on the page, and the boxes where it does."""
    text = page.get_textpage()
    try:
        for figure in figures:
            for needle in needles(figure):
                boxes = _boxes(text, needle)
                if boxes:
                    return needle, boxes
    finally:
        text.close()
    return None, []


def _boxes(text: Any, needle: str) -> list[Box]:
    searcher = text.search(needle, match_case=False, match_whole_word=False)
    boxes: list[Box] = []
    try:
        while len(boxes) < MAX_MARKS and (found := searcher.get_next()) is not None:
            start, count = found
            rects = [text.get_rect(i) for i in range(text.count_rects(start, count))]
            if rects:
                boxes.append(
                    (
                        min(r[0] for r in rects),
                        min(r[1] for r in rects),
                        max(r[2] for r in rects),
                        max(r[3] for r in rects),
                    )
                )
    finally:
        searcher.close()
    return boxes


def _mark(image: Any, boxes: list[Box], scale: float, height: float) -> tuple[int, int]:
    """Draws each box's line across the page in yellow and the box in red; returns the
    pixel row and the right end of the first mark."""
    from PIL import Image, ImageDraw

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    pad = 4
    for left, bottom, right, top in boxes:
        y0, y1 = (height - top) * scale - pad, (height - bottom) * scale + pad
        draw.rectangle((0, y0, image.width, y1), fill=(255, 230, 0, 90))
        x0, x1 = left * scale - pad, right * scale + pad
        draw.rectangle((x0, y0, x1, y1), outline=(220, 30, 30, 255), width=3)
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))
    return round((height - boxes[0][3]) * scale), round(boxes[0][2] * scale)
