"""OCR for PDF pages without a text layer: Tesseract words into the PDF reader's model.

Each image-only page is rendered (pypdfium2), deskewed and cleaned, its table rules found
in the image (image_rules) and erased, and the words Tesseract reads (with boxes and
confidences) placed into the cells of the ruled grid or into printed lines, in PDF
points, so the pages join, repair and recognise exactly like text-layer pages.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from thaiplan.extract.model import Block, Cell, Diagnostic, Provenance, Row

from .image_rules import Rule, clean, deskew, erase, find_rules
from .pdf import LINE_SEP, PageItem, PageResult
from .pdf_tables import Grid

#: Render resolution: Tesseract reads Thai best near 300 dpi.
DPI = 300
POINTS_PER_INCH = 72.0
LANGS = "tha+eng"
#: Tesseract page segmentation: one uniform block per page region, rules erased.
TESS_CONFIG = "--psm 4"
#: Tesseract's Thai "words" are often single letters; a gap wider than this share of the
#: page's median word height is a real space (letters sit about 0.2 apart, spaces 0.6-1.2).
SPACE_SHARE = 0.6
#: Between digits and number punctuation a gap must be this wide to be a space.
NUMBER_SPACE_SHARE = 1.0
NUMBERISH = re.compile(r"^[\d๐-๙.,\-]+$")
#: Share of the smaller height two boxes must overlap vertically to sit on one line.
LINE_OVERLAP = 0.5
#: Table rules Tesseract still sees where erasing missed a faded stroke.
RULE_CHARS = re.compile(r"[|¦]")
#: Two rules closer than this (pixels) are the same grid edge.
EDGE_TOL = 12
#: A vertical rule bounds a band when it runs along this share of it (scanned rules fade
#: and break, so a rule need not reach the band's ends).
REACH_SHARE = 0.5
#: Years a plan of this era can name (Buddhist era); others are likely OCR misreads.
YEAR_RE = re.compile(r"(?<![\d๐-๙])(25[0-9๐-๙]{2}|๒๕[0-9๐-๙]{2})(?![\d๐-๙])")
PLAUSIBLE_YEARS = range(2540, 2601)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float
    key: tuple[int, int, int]  # Tesseract's block, paragraph, line


def tesseract_missing() -> str | None:
    """Why OCR cannot run here (binding, binary or Thai data missing), or None."""
    try:
        import pytesseract
    except ImportError:
        return "the pytesseract package is not installed"
    try:
        langs = pytesseract.get_languages(config="")
    except Exception as exc:  # binary missing or broken
        return f"the tesseract program cannot be run ({type(exc).__name__})"
    if "tha" not in langs:
        return "Tesseract has no Thai language data (install tesseract-ocr-tha)"
    return None


def ocr_pages(path: Path, source_path: str, pages: list[PageResult]) -> list[Diagnostic]:
    """Fill the image-only pages of `pages` by OCR; one diagnostic per page (or why not)."""
    todo = [p for p in pages if not p.has_text and not p.blank]
    if not todo:
        return []
    reason = tesseract_missing()
    if reason is not None:
        return [
            Diagnostic(
                "warning",
                "ocr_unavailable",
                f"{len(todo)} image-only pages were not read: {reason}; install tesseract-ocr "
                "and tesseract-ocr-tha",
            )
        ]
    import pypdfium2 as pdfium

    out: list[Diagnostic] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for p in todo:
            img = pdf[p.number - 1].render(scale=DPI / POINTS_PER_INCH).to_pil().convert("L")
            out.extend(_read_image(img, p, source_path))
    finally:
        pdf.close()
    return out


def _read_image(img, page: PageResult, source_path: str) -> list[Diagnostic]:
    img = clean(deskew(img))
    hrules, vrules, mask = find_rules(img)
    words = _words(erase(img, mask))
    k = POINTS_PER_INCH / DPI
    tables = _tables(hrules, vrules)
    height = statistics.median(w.bottom - w.top for w in words) if words else 0.0
    used: set[int] = set()
    for grid in tables:
        rows = _fill(grid, words, used, height)
        if not any(c.text for cells in rows for c in cells):
            continue
        pgrid = Grid(
            _scale(grid.bbox, k),
            [x * k for x in grid.xs],
            [y * k for y in grid.ys],
            [(r, c, rs, cs, _scale(b, k)) for r, c, rs, cs, b in grid.cells],
        )
        block_rows = []
        for r, cells in enumerate(rows):
            bbox = (pgrid.bbox[0], pgrid.ys[r], pgrid.bbox[2], pgrid.ys[r + 1])
            block_rows.append(Row(cells, Provenance(source_path, page=page.number, bbox=bbox)))
        prov = Provenance(source_path, page=page.number, bbox=pgrid.bbox)
        block = Block("table", prov, rows=block_rows)
        page.items.append(
            PageItem("table", pgrid.bbox[1], block, pgrid.bbox[3], pgrid.bbox[2], pgrid)
        )
    rest = [w for i, w in enumerate(words) if i not in used]
    for line in _lines(rest):
        bbox = _scale(
            (
                min(w.x0 for w in line),
                min(w.top for w in line),
                max(w.x1 for w in line),
                max(w.bottom for w in line),
            ),
            k,
        )
        prov = Provenance(source_path, page=page.number, bbox=bbox)
        block = Block("paragraph", prov, text=_join(line, height))
        page.items.append(PageItem("line", bbox[1], block, bbox[3], bbox[2]))
    page.items.sort(key=lambda it: it.top)
    page.has_text = True
    conf = statistics.fmean(w.conf for w in words) if words else 0.0
    prov = Provenance(source_path, page=page.number)
    diags = [
        Diagnostic(
            "info",
            "ocr_page",
            f"page {page.number} read by OCR, mean word confidence {conf:.0f}",
            prov=prov,
        )
    ]
    diags.extend(_year_guard(words, page.number, source_path))
    return diags


def _scale(b: tuple[float, float, float, float], k: float) -> tuple[float, float, float, float]:
    return (b[0] * k, b[1] * k, b[2] * k, b[3] * k)


def _words(img) -> list[Word]:
    import pytesseract

    data = pytesseract.image_to_data(
        img, lang=LANGS, config=TESS_CONFIG, output_type=pytesseract.Output.DICT
    )
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        text = RULE_CHARS.sub("", text)
        if not text.strip() or conf < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.append(Word(text.strip(), x, y, x + w, y + h, conf, key))
    return words


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= EDGE_TOL:
            continue
        out.append(v)
    return out


def _covers(rule: Rule, lo: float, hi: float) -> bool:
    return min(rule.end, hi) - max(rule.start, lo) >= REACH_SHARE * (hi - lo)


def _tables(hrules: list[Rule], vrules: list[Rule]) -> list[Grid]:
    """Grids from rules: consecutive horizontal rules bounded by vertical ones on both
    sides form one table; a missing vertical rule inside a band merges cells (colspan)."""
    ys = sorted(hrules, key=lambda r: r.pos)
    groups: list[list[Rule]] = []
    for a, b in itertools.pairwise(ys):
        sides = [v for v in vrules if _covers(v, a.pos, b.pos)]
        if len(sides) < 2:
            continue
        if groups and groups[-1][-1] is a:
            groups[-1].append(b)
        else:
            groups.append([a, b])
    grids = []
    for g in groups:
        top, bottom = g[0].pos, g[-1].pos
        inner = [v for v in vrules if v.end >= top and v.start <= bottom]
        xs = _edges([v.pos for v in inner])
        yv = _edges([r.pos for r in g])
        if len(xs) < 2 or len(yv) < 2:
            continue
        cells = []
        for r in range(len(yv) - 1):
            lo, hi = yv[r], yv[r + 1]
            bounds = [0] + [
                c
                for c in range(1, len(xs) - 1)
                if any(abs(v.pos - xs[c]) <= EDGE_TOL and _covers(v, lo, hi) for v in inner)
            ]
            bounds.append(len(xs) - 1)
            for c0, c1 in itertools.pairwise(bounds):
                cells.append((r, c0, 1, c1 - c0, (xs[c0], lo, xs[c1], hi)))
        grids.append(Grid((xs[0], top, xs[-1], bottom), xs, yv, cells))
    return grids


def _fill(grid: Grid, words: list[Word], used: set[int], height: float) -> list[list[Cell]]:
    """Each ruled row's cells with the words whose centre falls in them."""
    rows: list[list[Cell]] = [[] for _ in range(len(grid.ys) - 1)]
    for r, c, rs, cs, b in grid.cells:
        mine = []
        for i, w in enumerate(words):
            cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
            if i not in used and b[0] <= cx <= b[2] and b[1] <= cy <= b[3]:
                mine.append(w)
                used.add(i)
        text = LINE_SEP.join(_join(line, height) for line in _lines(mine))
        rows[r].append(Cell(text, c, cs, rs))
    return rows


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words into printed lines, top to bottom: a word joins a line whose band it overlaps
    by half its own height (so a raised `*` or a tone mark stays in its line)."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        for line in lines:
            top = statistics.median(x.top for x in line)
            bottom = statistics.median(x.bottom for x in line)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= LINE_OVERLAP * min(w.bottom - w.top, bottom - top):
                line.append(w)
                break
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _join(line: list[Word], height: float) -> str:
    """A line's words, a space only where the gap between them is wide for the page's
    text `height` (wider still inside a number, so "๑๕,๓๐๐" stays whole)."""
    out = ""
    prev = None
    for w in line:
        if prev is not None:
            both_numbers = NUMBERISH.match(prev.text) and NUMBERISH.match(w.text)
            share = NUMBER_SPACE_SHARE if both_numbers else SPACE_SHARE
            out += " " if w.x0 - prev.x1 > share * height else ""
        out += w.text
        prev = w
    return out


def _year_guard(words: list[Word], page: int, source_path: str) -> list[Diagnostic]:
    """A Buddhist-era year outside the plausible range is likely a misread digit."""
    out = []
    for w in words:
        for m in YEAR_RE.finditer(w.text):
            if int(m.group(1).translate(THAI_DIGITS)) not in PLAUSIBLE_YEARS:
                out.append(
                    Diagnostic(
                        "warning",
                        "ocr_implausible_year",
                        f"page {page}: OCR read the year {m.group(1)!r}, outside "
                        f"{PLAUSIBLE_YEARS.start}-{PLAUSIBLE_YEARS.stop - 1}; check it",
                        context=w.text,
                        prov=Provenance(source_path, page=page),
                    )
                )
    return out
