"""OCR for PDF pages without a text layer: Tesseract words into the PDF reader's model.

Each image-only page is rendered (pypdfium2), deskewed and cleaned, its table rules found
in the image (image_rules) and erased, and the words Tesseract reads (with boxes and
confidences) placed into the cells of the ruled grid or into printed lines, in PDF
points, so the pages join, repair and recognise exactly like text-layer pages.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from thaiplan.extract.model import Block, Cell, Diagnostic, OcrMode, PageProgress, Provenance, Row
from thaiplan.normalize.dates import PLAUSIBLE_YEARS, doubtful_year, mended_year, usual_year
from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.keywords import LETTER_EDIT_COST, closest, marks_optional
from thaiplan.normalize.text import THAI_LETTERS, clean_text
from thaiplan.normalize.units import SPELLED_UNIT_WORDS, listed_name, spelled_names

from . import ocr_digits
from .image_rules import INK_LEVEL, Rule, clean, deskew, erase, erase_pictures, find_rules
from .ocr_digits import (
    ARABIC,
    DIGITS,
    MIN_MATCH,
    NUMBER_WORD,
    STRICT_MATCH,
    read_bracketed,
    read_number,
)
from .pages import LINE_SEP, PageItem, PageResult, mark_paragraph_starts
from .pdf_tables import Grid
from .settings import OCR, OcrSettings

log = logging.getLogger(__name__)  # thaiplan.extract.readers.ocr: the pages OCR reads, at -v

#: Tesseract's OpenMP threads spin on the many small cuts read here and fight the worker
#: pool for the cores (tesseract-ocr/tesseract#3109): one thread each reads a page in a
#: third of the CPU time. A value the user set is kept.
OMP_THREADS_VAR = "OMP_THREAD_LIMIT"
POINTS_PER_INCH = 72.0
LANGS = "tha+eng"
#: Tesseract page segmentation, for the page outside its tables and for the stacked cell
#: cuts: sparse text, which keeps Thai tone marks that the block modes drop (`ตัวชีวัด`)
#: and short lines that psm 4 skips.
TESS_CONFIG = CELL_CONFIG = "--psm 11"
NUMBERISH = re.compile(r"^[\d๐-๙.,\-]+$")
#: Table rules Tesseract still sees where erasing missed a faded stroke.
RULE_CHARS = re.compile(r"[|¦]")
THAI_DIGIT = re.compile(r"^[๐-๙][,.]?$")
NOISE = re.compile(r"^(?!\.$)([^\w\u0e00-\u0e7f]+|[A-Za-z])$")
#: A Latin word this short among Thai text is read again by the Thai model alone (taken
#: when sure: OcrSettings.thai_again_conf_pct).
LATIN_WORD = re.compile(r"^[A-Za-z]{1,4}$")
THAI_ONLY = re.compile("^[\u0e01-\u0e4e]+$")
THAI_LETTER = re.compile("[\u0e01-\u0e4f]")
#: A bracketed word of a few Latin letters among Thai is a bracketed number misread:
#: `(๓)`, the measure a project serves, as `(cn)`.
BRACKETED_LATIN = re.compile(r"^\([A-Za-z]{1,3}\)$")
#: A line opening with a mark or a letter or two before a point is an item number
#: misread (`๑.` as `©.`, `๖.` as `D.`, `๗.` as `oJ.`, `๙.` as `«๓,`: its tail a mark, its
#: point a comma), read again from its glyphs.
ITEM_NUMBER_MISREAD = re.compile(r"^[^\u0e00-\u0e7f\d\s]{1,2}(?:\.|[๐-๙][.,])$")
ITEM_NUMBER = re.compile(r"^[๐-๙]{1,2}\.$")
#: A lone Thai letter between digits may be a digit misread (`๗` as `ฒ`); the number
#: around it is then re-read as strictly as ink Tesseract did not read as digits at all.
#: Digits with a stray mark after them (`๐๑.“` for `๐๐.-`): a number to read from its shapes.
MARKED_NUMBER = re.compile(r"^[๐-๙][๐-๙.,\-]*[^\w\s()]+$")
#: The `.-` closing an amount (whole baht) read as a point and a sign other than the dash
#: (`.=`, `.~`): read with the number before it.
WHOLE_BAHT_MISREAD = re.compile(r"^\.[^\w\s().,]$")
#: A bracket's closing word read as Latin letters or signs (`lo)`, `&)`).
CLOSING_MISREAD = re.compile(r"^[A-Za-z&$%@#]{1,3}\)$")
MARKS_ONLY = re.compile("^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+$")  # vowels and tones above/below
LONE_LETTER = re.compile("^[\u0e01-\u0e2e]$")
#: A Buddhist-era year as OCR reads it, in either digits (judged by normalize.dates).
YEAR_RE = re.compile(r"(?<![\d๐-๙])(25[0-9๐-๙]{2}|๒๕[0-9๐-๙]{2})(?![\d๐-๙])")
# The name of a legal instrument: a year soon after it (OcrSettings.citation_span_chars) is
# the year of the act or rule cited (พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐).
LEGAL_INSTRUMENT = re.compile(
    r"(?:พระราชบัญญัติ|พระราชกฤษฎีกา|พระราชกำหนด|รัฐธรรมนูญ|กฎกระทรวง|ระเบียบ|ข้อบัญญัติ)"
)

TO_THAI = str.maketrans("0123456789", DIGITS)
#: A unit name OCR misread is within this edit cost (a letter) of the name the document
#: spells out more than once (normalize.keywords.closest; a tie is no fit).
UNIT_EDITS = LETTER_EDIT_COST
#: A long unit name may be off by a letter more for each this many characters (ocr._edits_allowed).
UNIT_CHARS_PER_EDIT = 12
#: A unit name as OCR reads one that spelled_names does not find: its opening word lost
#: a mark (`ฝายการคลัง`), or it is the second of two units joined by และ with no space
#: between (`ส่วนเลขานุการและศูนย์…`).
READ_UNIT = re.compile(
    rf"(?:(?<=และ)|(?<![{THAI_LETTERS}]))"
    rf"(?P<opener>{'|'.join(marks_optional(w) for w in SPELLED_UNIT_WORDS)})"
    rf"[{THAI_LETTERS}]+(?![ฯ.{THAI_LETTERS}])"
)
#: Where the verb an organisation section lists a unit's duties with follows its name with
#: no space, as OCR joins Thai words (`๕. ศูนย์เรื่องราวร้องทุกข์มีอำนาจหน้าที่ ดังนี้`).
DUTY_VERB = re.compile(rf"(?<=[{THAI_LETTERS}])(?=มีหน้าที่|มีอำนาจ|ทำหน้าที่)")
#: What may stand between two letters of a unit name written over a wrap: a hyphen, spaces.
WRAP_BETWEEN = r"[-\s" + LINE_SEP + r"]*"
#: The years a document states as its own, the only ones OCR's misreads are mended in: the
#: year after ประจำปี (its SARA AM split, as OCR reads it) or ปีงบประมาณ (a plan's year),
#: and a cell or line that is a year alone (a table's year heading: `พ.ศ. ๒๕๖๓`, or
#: `๒๕๖๔` in Thai digits, where an amount has its comma); and five digits after พ.ศ.,
#: which no year has. A year in running text may be any year (an act, a founding) and is
#: only judged (year_guard).
STATED_YEAR = re.compile(
    r"(?:(?:ประจ(?:ำ|ํา)ปี|ปีงบประมาณ)\s*(?:พ\.\s*ศ\.)?\s*:?\s*([\d๐-๙]{4,5})"
    r"|พ\.\s*ศ\.\s*([\d๐-๙]{5}))(?![\d๐-๙])"
)
LONE_YEAR = re.compile(
    rf"(?:^|{LINE_SEP})\s*(?:พ\.\s*ศ\.\s*([\d๐-๙]{{4,5}})|(๒๕[๐-๙]{{2}}))\s*(?=$|{LINE_SEP})"
)


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float
    key: tuple[int, int, int]  # Tesseract's block, paragraph, line
    #: read from the glyph shapes (ocr_digits), whatever Tesseract's confidence
    shaped: bool = False


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


def ocr_pages(
    path: Path,
    source_path: str,
    pages: list[PageResult],
    mode: OcrMode = "auto",
    on_page: PageProgress | None = None,
    settings: OcrSettings = OCR,
) -> list[Diagnostic]:
    """Fill the image-only pages of `pages` by OCR (with `force`, every page with anything
    drawn on it, its text layer dropped; with `off`, none); one diagnostic per page (or
    why not). `on_page` is told after each page, OCR taking seconds a page; `settings`
    are OCR's tolerances (extract.readers.settings)."""
    if mode == "off":
        return []
    if mode == "force":
        for p in pages:
            if not p.blank:
                p.items, p.has_text = [], False
    todo = [p for p in pages if not p.has_text and not p.blank]
    if not todo:
        return []
    reason = tesseract_missing()
    log.info(
        "%s: %d pages without a text layer%s",
        source_path,
        len(todo),
        f", not read: {reason}" if reason else ", read by OCR",
    )
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

    os.environ.setdefault(OMP_THREADS_VAR, "1")
    out: list[Diagnostic] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for done, p in enumerate(todo, 1):
            out.extend(_read_page(pdf, p, source_path, settings))
            log.info("%s: OCR read page %d (%d of %d)", source_path, p.number, done, len(todo))
            if on_page is not None:
                on_page(done, len(todo))
    finally:
        pdf.close()
    if not ocr_digits.templates():
        out.append(
            Diagnostic(
                "warning",
                "ocr_digits_unchecked",
                f"numbers on {len(todo)} OCR'd pages are as Tesseract read them, not checked "
                "against the Thai digit shapes (no Thai font to draw them from); install "
                "fonts-tlwg-laksaman-ttf",
            )
        )
    out.extend(mend_years(todo, source_path, settings))
    texts = [(p.number, t) for p in todo for t in _texts(p)]
    return out + year_guard(texts, source_path, settings)


def _read_page(pdf, page: PageResult, source_path: str, s: OcrSettings = OCR) -> list[Diagnostic]:
    """One page read by OCR. A page it cannot get through (a photograph, a page on its
    side, an image no rule or word is found in) is a warning for that page alone: the
    rest of the document is still read. Running out of memory or time is the file's."""
    try:
        scale = s.render_dpi / POINTS_PER_INCH
        img = pdf[page.number - 1].render(scale=scale).to_pil().convert("L")
        notes, conf = _read_image(img, page, source_path, s)
        if conf < s.turn_check_conf_pct:
            notes = _read_turned(img, page, source_path, conf, s) or notes
        return notes
    except MemoryError:
        raise
    except Exception as exc:  # any one page's failure; the time limit is a BaseException
        page.items, page.has_text = [], False
        return [
            Diagnostic(
                "warning",
                "ocr_page_failed",
                f"page {page.number} could not be read by OCR ({type(exc).__name__}: {exc}); "
                "the other pages were read",
                prov=Provenance(source_path, page=page.number),
            )
        ]


def _read_turned(
    img, page: PageResult, source_path: str, conf: float, s: OcrSettings
) -> list[Diagnostic]:
    """A page read unsure, read again turned upright when Tesseract's orientation detection
    (OSD) finds it on its side or upside down (a landscape table scanned as portrait reads
    as garbage); the turned reading is kept when it is surer. Empty when it stands as read."""
    angle = _orientation(img, s.osd_min_conf_score)
    if angle is None:
        return []
    kept, size = page.items, (page.width, page.height)
    page.items = []
    if angle % 180:
        page.width, page.height = page.height, page.width
    notes, turned = _read_image(img.rotate(-angle, expand=True), page, source_path, s)
    if turned <= conf:
        page.items, (page.width, page.height) = kept, size
        return []
    note = f"; turned {angle} degrees upright (OSD), mean word confidence {conf:.0f} as scanned"
    return [dataclasses.replace(notes[0], message=notes[0].message + note), *notes[1:]]


def _orientation(img, min_conf: float) -> int | None:
    """The clockwise turn (90, 180, 270) that sets the page upright by Tesseract's OSD,
    when it is `min_conf` sure of one; None for an upright page or an unsure or failed
    detection."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(img, config="--psm 0", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # too few characters to tell
        return None
    angle = int(osd["rotate"]) % 360
    return angle if angle and float(osd["orientation_conf"]) >= min_conf else None


def _texts(page: PageResult) -> list[str]:
    """The raw texts of a page's lines and cells."""
    return [holder.text for holder in _holders(page)]


def _holders(page: PageResult) -> Iterator[Block | Cell]:
    """What holds each text of a page: its lines, and the cells of its tables."""
    for it in page.items:
        if it.kind == "line":
            yield it.block
        else:
            yield from (c for row in it.block.rows for c in row.cells)


def mend_years(
    pages: list[PageResult], source_path: str, settings: OcrSettings = OCR
) -> list[Diagnostic]:
    """The years the OCR'd pages state as their own (STATED_YEAR, LONE_YEAR) read outside
    the era of plans (`๒๕๒๒`, `๓๒๕๒๓`), mended to the one year within the plan's horizon
    of the pages' usual year they are a digit or two from, each noted: a plan whose
    title year reads 1979 has no fiscal year, and a schedule's year row dates its months."""
    years = _found_years([(p.number, t) for p in pages for t in _texts(p)], settings)
    anchor = usual_year(y for *_, y in years if y in PLAUSIBLE_YEARS)
    if anchor is None:
        return []
    out: list[Diagnostic] = []
    for page in pages:
        for holder in _holders(page):
            changed: list[tuple[str, str]] = []
            mend = functools.partial(_mended, anchor=anchor, changed=changed)
            for pattern in (STATED_YEAR, LONE_YEAR):
                holder.text = pattern.sub(mend, holder.text)
            out.extend(
                Diagnostic(
                    "warning",
                    "ocr_year_mended",
                    f"page {page.number}: OCR read the year {raw!r}, outside the era of plans; "
                    f"read as {new}, the one year near the document's {anchor} it fits",
                    context=holder.text.replace(LINE_SEP, " "),
                    prov=Provenance(source_path, page=page.number),
                )
                for raw, new in changed
            )
    return out


def _mended(m: re.Match[str], anchor: int, changed: list[tuple[str, str]]) -> str:
    """The match with its year mended (normalize.dates.mended_year) in the script it was
    read in, the change added to `changed`; unchanged when no one year fits."""
    group = m.lastindex or 0
    raw = m.group(group)
    year = mended_year(raw, anchor)
    if year is None:
        return m.group(0)
    new = str(year).translate(TO_THAI) if raw[0] in DIGITS else str(year)
    changed.append((raw, new))
    start, end = m.start(group) - m.start(), m.end(group) - m.start()
    return m.group(0)[:start] + new + m.group(0)[end:]


def _read_image(
    img, page: PageResult, source_path: str, s: OcrSettings = OCR
) -> tuple[list[Diagnostic], float]:
    """The page's lines and tables read from `img`, its diagnostics and mean word confidence."""
    img, picture = erase_pictures(deskew(img))
    hrules, vrules, mask = find_rules(img)  # before cleaning: the median filter fades rules
    img = erase(clean(img), mask)
    k = POINTS_PER_INCH / s.render_dpi
    tables = _tables(hrules, vrules, s)
    cell_words = _cell_words(img, [b for g in tables for *_, b in g.cells], s)
    words = [w for ws in cell_words for w in ws]
    in_cells = statistics.median(w.bottom - w.top for w in words) if words else None
    outside = _blank(img, [g.bbox for g in tables])
    rest = _unread_lines(outside, _words(outside, TESS_CONFIG, s), s, in_cells)
    words += rest
    height = _print_height(words, in_cells, s)
    ink = np.asarray(img) < INK_LEVEL
    reread: list[tuple[str, str]] = []
    at = 0
    for grid in tables:
        mine = cell_words[at : at + len(grid.cells)]
        at += len(grid.cells)
        if not any(mine):
            continue
        pgrid = Grid(
            _scale(grid.bbox, k),
            [x * k for x in grid.xs],
            [y * k for y in grid.ys],
            [(r, c, rs, cs, _scale(b, k)) for r, c, rs, cs, b in grid.cells],
        )
        lines = [_read_lines(ws, img, ink, reread, height, s) for ws in mine]
        _fill(pgrid, lines, height, k, s)
        rows = [
            Row(cells, Provenance(source_path, page=page.number, bbox=b)) for cells, b in pgrid.rows
        ]
        prov = Provenance(source_path, page=page.number, bbox=pgrid.bbox)
        block = Block("table", prov, rows=rows)
        page.items.append(
            PageItem("table", pgrid.bbox[1], block, pgrid.bbox[3], pgrid.bbox[2], pgrid)
        )
    for line in _read_lines(_in_column(rest, tables, height, s), img, ink, reread, height, s):
        bbox = _scale(_box(line), k)
        prov = Provenance(source_path, page=page.number, bbox=bbox)
        block = Block("paragraph", prov, text=_join(line, height, s))
        page.items.append(PageItem("line", bbox[1], block, bbox[3], bbox[2]))
    page.items.sort(key=lambda it: it.top)
    mark_paragraph_starts(page)
    page.has_text = True
    conf = statistics.fmean(w.conf for w in words) if words else 0.0
    prov = Provenance(source_path, page=page.number)
    diags = [
        Diagnostic(
            "info",
            "ocr_page",
            f"page {page.number} read by OCR, mean word confidence {conf:.0f}"
            + (f"; {len(reread)} numbers re-read from their digit shapes" if reread else "")
            + (f"; {picture:.0%} of the page is a picture, not read" if picture else ""),
            context="; ".join(f"{a} -> {b}" for a, b in reread) or None,
            prov=prov,
        )
    ]
    return diags, conf


def _scale(b: tuple[float, float, float, float], k: float) -> tuple[float, float, float, float]:
    return (b[0] * k, b[1] * k, b[2] * k, b[3] * k)


def _box(words: list[Word]) -> tuple[float, float, float, float]:
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


def _words(img, config: str, s: OcrSettings) -> list[Word]:
    """Tesseract's words with boxes; rule remnants and specks read as letters dropped."""
    import pytesseract

    data = pytesseract.image_to_data(
        img, lang=LANGS, config=config, output_type=pytesseract.Output.DICT
    )
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        text = RULE_CHARS.sub("", text).strip()
        if not text or conf < 0 or (conf < s.noise_conf_pct and NOISE.match(text)):
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.append(Word(text, x, y, x + w, y + h, conf, key))
    return _drop_ghost_digits(words, s)


def _print_height(words: list[Word], in_cells: float | None, s: OcrSettings) -> float:
    """The page's text height: the median word's, unless that is a speck's beside the
    print of the page's table cells (`in_cells`, their median word height). Cells are cut
    to the ruled grid and cleaned; outside them a speckled page's specks read as hundreds
    of tiny words, more than its printed ones, and the median would take them for print."""
    height = statistics.median(w.bottom - w.top for w in words) if words else 0.0
    if in_cells is not None and height < s.speck_height_ratio * in_cells:
        return in_cells
    return height


def _unread_lines(
    img, read: list[Word], s: OcrSettings, in_cells: float | None = None
) -> list[Word]:
    """`read` with the lines Tesseract's sparse mode lost (a table row on a blurred scan
    read as nothing, or as unsure letters beside its figures, a line then dropped as
    speckle): bands of rows inked like print that no sure word covers and whose words,
    if any, were read unsure on the whole, each cut out of the page and read as a block of
    text. A band's word is kept when it stands in its band over no sure word, and
    replaces the unsure words it covers; each band's lines are apart from the page's.
    Print is as tall as the cells' (`in_cells`) where the sure words are specks."""
    sure = [w for w in read if w.conf >= s.line_min_conf_pct]
    if not sure:
        return read
    height = _print_height(sure, in_cells, s)
    page = np.asarray(img)
    arr = page.copy()
    for w in sure:
        arr[int(w.top) : int(w.bottom) + 1, int(w.x0) : int(w.x1) + 1] = 255
    inked = (arr < INK_LEVEL).sum(axis=1) >= s.unread_row_ink_ratio * height
    found: list[Word] = []
    for band, (top, bottom) in enumerate(_runs(inked, s.unread_band_ratio * height)):
        within = [r.conf for r in read if top <= (r.top + r.bottom) / 2 <= bottom]
        if within and statistics.fmean(within) >= s.line_min_conf_pct:
            continue
        a = max(0, top - int(height / 2))
        for w in _words(Image.fromarray(page[a : bottom + int(height / 2)]), "--psm 6", s):
            w = dataclasses.replace(
                w, top=w.top + a, bottom=w.bottom + a, key=(-1 - band, *w.key[1:])
            )
            if top <= (w.top + w.bottom) / 2 <= bottom and not any(_overlap(w, r) for r in sure):
                found.append(w)
    return [w for w in read if not any(_overlap(w, f) for f in found)] + found


def _in_column(words: list[Word], tables: list[Grid], height: float, s: OcrSettings) -> list[Word]:
    """`words` less those beside a table's rows and centred in a side margin, beyond the
    page's text column (the span of its tables and of its runs of print at least
    `column_run_min_ratio` heights long): a ruled table fills the column, so what stands
    beside it in the margin is speckle Tesseract read sure of itself (`5๒` beside a
    table's last rows), which would stand as a line between the table and its
    continuation on the next page. Beside no table (figures of an unruled table right of
    its names), every word stays."""
    if not tables:
        return words
    spans = [(g.bbox[0], g.bbox[2]) for g in tables] + [
        (run[0].x0, run[-1].x1)
        for line in _lines([w for w in words if w.conf >= s.line_min_conf_pct], s)
        for run in _print_runs(line, s.column_run_gap_ratio * height)
        if run[-1].x1 - run[0].x0 >= s.column_run_min_ratio * height
    ]
    left, right = min(a for a, _ in spans), max(b for _, b in spans)

    def beside(w: Word) -> bool:
        middle = (w.top + w.bottom) / 2
        return any(g.bbox[1] <= middle <= g.bbox[3] for g in tables)

    return [w for w in words if left <= (w.x0 + w.x1) / 2 <= right or not beside(w)]


def _print_runs(line: list[Word], gap: float) -> list[list[Word]]:
    """A line's words (left to right) cut where two lie more than `gap` apart."""
    runs: list[list[Word]] = []
    for w in line:
        if runs and w.x0 - runs[-1][-1].x1 <= gap:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _overlap(a: Word, b: Word) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def _runs(flags: np.ndarray, min_len: float) -> list[tuple[int, int]]:
    """The (start, end) of each run of True in `flags` at least `min_len` long."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(np.int8), [0]])))
    return [
        (int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= min_len
    ]


def _drop_ghost_digits(words: list[Word], s: OcrSettings) -> list[Word]:
    """Digits Tesseract's LSTM emits twice: the extra one has no glyph of its own, so its
    box is a thin sliver the full height of the line (`๕๐,๓๐๐` read as `๕๐๑๐,๓๐๐`)."""
    by_key: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        by_key.setdefault(w.key, []).append(w)
    ghosts: set[int] = set()
    for line in by_key.values():
        digits = [w for w in line if THAI_DIGIT.match(w.text)]
        if len(digits) < s.ghost_min_digits_count:
            continue
        height = statistics.median(w.bottom - w.top for w in digits)
        width = statistics.median(w.x1 - w.x0 for w in digits)
        for w in digits:
            tall = w.bottom - w.top > s.ghost_tall_ratio * height
            if tall and w.x1 - w.x0 < s.ghost_narrow_ratio * width:
                ghosts.add(id(w))
    return [w for w in words if id(w) not in ghosts]


def _blank(img, boxes: list[tuple[float, float, float, float]]):
    """The page with the table areas painted white (their cells are read on their own)."""
    arr = np.asarray(img).copy()
    for x0, y0, x1, y1 in boxes:
        arr[int(y0) : int(y1) + 1, int(x0) : int(x1) + 1] = 255
    return Image.fromarray(arr)


def _cell_words(
    img, boxes: list[tuple[float, float, float, float]], s: OcrSettings
) -> list[list[Word]]:
    """The words of each cell box, page coordinates: the inked cells are cut out and
    stacked one under another into a single image read in one Tesseract call, so text
    never runs from one cell into its neighbour and the page costs one call, not one per
    cell."""
    cut = _CellCuts(s, top=s.slot_gap_px)
    arr = np.asarray(img)
    for i, box in enumerate(boxes):
        cut.add(arr, i, box)
    out: list[list[Word]] = [[] for _ in boxes]
    for i, word in cut.marks.items():
        out[i].append(word)
    if not cut.slots:
        return out
    for w in _words(Image.fromarray(cut.montage()), CELL_CONFIG, s):
        placed = cut.place(w)
        if placed is not None:
            out[placed[0]].append(placed[1])
    for i, *_ in cut.slots:
        x0, y0, x1, y1 = cut.inked[i]
        if _unsure_mark(out[i]) and _is_tick(arr[y0 : y1 + 1, x0 : x1 + 1] < INK_LEVEL, s):
            out[i] = [Word("✓", x0, y0, x1, y1, 100.0, (0, 0, 0), True)]
        elif not out[i]:  # inked, but Tesseract read nothing (a lone digit, often): its ink
            out[i].append(Word("", x0, y0, x1, y1, 0.0, (0, 0, 0)))
    return out


@dataclass
class _CellCuts:
    """The inked cells of a page cut out for one montage: marks read from their shape,
    the slots (cell, montage top, x0, y0, height) and the pieces stacked in them."""

    s: OcrSettings
    marks: dict[int, Word] = field(default_factory=dict)
    inked: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)
    slots: list[tuple[int, int, int, int, int]] = field(default_factory=list)
    pieces: list[tuple[int, np.ndarray]] = field(default_factory=list)
    top: int = 0

    def add(self, arr: np.ndarray, i: int, box: tuple[float, float, float, float]) -> None:
        x0, y0, x1, y1 = box
        inset, pad = self.s.cell_inset_px, self.s.slot_pad_px
        a, b = int(y0) + inset, int(y1) - inset
        c, d = int(x0) + inset, int(x1) - inset
        if b <= a or d <= c:
            return
        ink = arr[a:b, c:d] < INK_LEVEL
        if ink.sum() < self.s.min_cell_ink_px:
            return
        ys, xs = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
        cut = ink[ys[0] : ys[-1] + 1, xs[0] : xs[-1] + 1]
        mark = _wrapped_arrow(cut, self.s) or _mark(cut, self.s)
        if mark is not None:  # Tesseract reads a lone dash as nothing, an arrow as letters
            x, y = c + int(xs[0]), a + int(ys[0])
            self.marks[i] = Word(
                mark, x, y, c + int(xs[-1]), a + int(ys[-1]), 100.0, (0, 0, 0), True
            )
            return
        self.inked[i] = (c + int(xs[0]), a + int(ys[0]), c + int(xs[-1]), a + int(ys[-1]))
        a, b = max(a, a + int(ys[0]) - pad), min(b, a + int(ys[-1]) + pad + 1)
        c, d = max(c, c + int(xs[0]) - pad), min(d, c + int(xs[-1]) + pad + 1)
        self.pieces.append((self.top, arr[a:b, c:d]))
        self.slots.append((i, self.top, c, a, b - a))
        self.top += (b - a) + self.s.slot_gap_px

    def montage(self) -> np.ndarray:
        gap = self.s.slot_gap_px
        width = max(p.shape[1] for _, p in self.pieces) + 2 * gap
        montage = np.full((self.top, width), 255, dtype=np.uint8)
        for t, p in self.pieces:
            montage[t : t + p.shape[0], gap : gap + p.shape[1]] = p
        return montage

    def place(self, w: Word) -> tuple[int, Word] | None:
        """The cell a word of the montage was read in, with the word in page coordinates."""
        cy, gap = (w.top + w.bottom) / 2, self.s.slot_gap_px
        for i, t, c, a, h in self.slots:
            if t - gap / 2 <= cy < t + h + gap / 2:
                dx, dy = c - gap, a - t
                return i, Word(
                    w.text, w.x0 + dx, w.top + dy, w.x1 + dx, w.bottom + dy, w.conf, w.key
                )
        return None


def _longest_run(ink: np.ndarray, axis: int) -> np.ndarray:
    """The ink cut to its longest unbroken stretch of inked rows (axis=1) or columns
    (axis=0), so a speck apart from a mark does not widen its box."""
    inked = np.concatenate([[False], ink.any(axis=axis), [False]])
    edges = np.flatnonzero(np.diff(inked.astype(np.int8)))
    start, end = max(zip(edges[::2], edges[1::2], strict=True), key=lambda se: se[1] - se[0])
    return ink[start:end] if axis == 1 else ink[:, start:end]


def _unsure_mark(words: list[Word]) -> bool:
    """Did Tesseract read a cell as nothing, or as a letter or two of no script it was
    asked for (a check mark comes back as nothing, `v` or `J`)? Its shape decides then.

    >>> w = lambda t: Word(t, 0, 0, 1, 1, 60.0, (0, 0, 0))
    >>> _unsure_mark([]), _unsure_mark([w("v")]), _unsure_mark([w("๓")]), _unsure_mark([w("ก")])
    (True, True, False, False)
    """
    if not words:
        return True
    return (
        len(words) == 1
        and len(words[0].text) <= 2
        and not any(c.isdigit() or THAI_LETTER.match(c) for c in words[0].text)
    )


def _is_tick(ink: np.ndarray, s: OcrSettings) -> bool:
    """Ink shaped as a check mark (✓), which Tesseract's Thai model reads as nothing: about
    as wide as high, thin, its lowest point left of centre and its right arm rising above
    its left one. A lone digit is taller than wide; a dash or an arrow is read before."""
    ink = _longest_run(_longest_run(ink, axis=1), axis=0)
    h, w = ink.shape
    aspect = w / h
    if not s.tick_aspect_min_ratio <= aspect <= s.tick_aspect_max_ratio:
        return False
    if ink.mean() > s.tick_fill_ratio:
        return False
    cols = np.flatnonzero(ink.any(axis=0))
    tops = ink[:, cols].argmax(axis=0)
    bottoms = h - 1 - ink[::-1, cols].argmax(axis=0)
    at_bottom = cols[bottoms == bottoms.max()].mean()  # the middle of the lowest stretch
    lowest = (at_bottom - cols[0]) / max(1, cols[-1] - cols[0])
    arm = max(1, len(cols) // 4)
    rise = int(tops[:arm].min()) - int(tops[-arm:].min())
    low = s.tick_low_from_ratio <= lowest <= s.tick_low_to_ratio
    return low and rise >= s.tick_rise_ratio * h


def _mark(ink: np.ndarray, s: OcrSettings) -> str | None:
    """A cell's ink that is one flat stroke: a dash, or an arrow (`←`, `→`, `↔`) when an
    end of it rises well above the shaft (the arrowhead). Specks beside it are ignored."""
    ink = _longest_run(ink, axis=0)
    rows = np.flatnonzero(ink.any(axis=1))
    ink = ink[rows[0] : rows[-1] + 1]
    h, w = ink.shape
    if h > s.mark_height_px or w < s.mark_width_ratio * h:
        return None
    extent = ink.sum(axis=0)
    shaft = max(1.0, float(np.percentile(extent, s.shaft_percentile_pct)))
    reach = max(2, int(s.head_share_ratio * w))
    if extent[w // 3 : w - w // 3].max(initial=0) >= s.head_rise_ratio * shaft:
        return None  # ink rising mid-stroke, where no head reaches: letters run together (ล้านบาท)
    left = extent[:reach].max() >= s.head_rise_ratio * shaft
    right = extent[-reach:].max() >= s.head_rise_ratio * shaft
    return "↔" if left and right else "←" if left else "→" if right else "-"


def _wrapped_arrow(ink: np.ndarray, s: OcrSettings) -> str | None:
    """An arrow wrapped over lines inside its cell (`←` / `——` / `——→` in a narrow month
    column): every line of ink a flat stroke, the first opening with a head or the last
    closing with one. It opens and closes in this cell, so it spans this cell (`↔`).
    Lines of less than a quarter of the largest one's ink are specks or a head's tip cut
    off by a stroke taken for a rule."""
    inked = np.concatenate([[False], ink.any(axis=1), [False]])
    edges = np.flatnonzero(np.diff(inked.astype(np.int8)))
    bands = [ink[a:b] for a, b in zip(edges[::2], edges[1::2], strict=True)]
    largest = max(int(band.sum()) for band in bands)
    strokes = [_mark(_columns(b), s) for b in bands if b.sum() * 4 >= largest]
    if len(strokes) < 2 or None in strokes:
        return None
    return "↔" if strokes[0] in ("←", "↔") or strokes[-1] in ("→", "↔") else None


def _columns(ink: np.ndarray) -> np.ndarray:
    """The ink cut to its inked columns."""
    cols = np.flatnonzero(ink.any(axis=0))
    return ink[:, cols[0] : cols[-1] + 1]


def _edges(values: list[float], tol_px: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol_px:
            continue
        out.append(v)
    return out


def _covers(rule: Rule, lo: float, hi: float, reach: float) -> bool:
    return min(rule.end, hi) - max(rule.start, lo) >= reach * (hi - lo)


def _meets(h: Rule, v: Rule, join: float) -> bool:
    """Do a horizontal and a vertical rule touch or cross (within a gap of `join`)?"""
    return h.start - join <= v.pos <= h.end + join and v.start - join <= h.pos <= v.end + join


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _tables(hrules: list[Rule], vrules: list[Rule], s: OcrSettings = OCR) -> list[Grid]:
    """Grids from rules: rules that touch form one table; its distinct rule positions are
    the grid's edges, and two neighbouring grid squares with no rule between them are one
    cell (a colspan or rowspan), as the PDF reader's drawn cells are."""
    n = len(hrules)
    parent = list(range(n + len(vrules)))
    for i, h in enumerate(hrules):
        for j, v in enumerate(vrules):
            if _meets(h, v, s.rule_join_px):
                parent[_find(parent, i)] = _find(parent, n + j)
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(_find(parent, i), []).append(i)
    grids = []
    for members in groups.values():
        hs = [hrules[i] for i in members if i < n]
        vs = [vrules[i - n] for i in members if i >= n]
        xs, ys = (
            _edges([v.pos for v in vs], s.edge_merge_px),
            _edges([h.pos for h in hs], s.edge_merge_px),
        )
        if len(xs) < 2 or len(ys) < 2:
            continue
        grids.append(_grid(xs, ys, hs, vs, s))
    return sorted(grids, key=lambda g: g.bbox[1])


def _grid(xs: list[float], ys: list[float], hs: list[Rule], vs: list[Rule], s: OcrSettings) -> Grid:
    rows, cols = len(ys) - 1, len(xs) - 1
    tol, reach = s.edge_merge_px, s.rule_reach_ratio

    def ruled(rules: list[Rule], pos: float, lo: float, hi: float) -> bool:
        return any(abs(r.pos - pos) <= tol and _covers(r, lo, hi, reach) for r in rules)

    parent = list(range(rows * cols))
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not ruled(vs, xs[c + 1], ys[r], ys[r + 1]):
                parent[_find(parent, r * cols + c)] = _find(parent, r * cols + c + 1)
            if r + 1 < rows and not ruled(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[_find(parent, r * cols + c)] = _find(parent, (r + 1) * cols + c)
    spans: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            spans.setdefault(_find(parent, r * cols + c), []).append((r, c))
    cells = []
    for squares in spans.values():
        r0, r1 = min(r for r, _ in squares), max(r for r, _ in squares)
        c0, c1 = min(c for _, c in squares), max(c for _, c in squares)
        cells.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    return Grid((xs[0], ys[0], xs[-1], ys[-1]), xs, ys, sorted(cells))


def _fill(
    grid: Grid, cell_lines: list[list[list[Word]]], height: float, k: float, s: OcrSettings
) -> None:
    """Set `grid.rows` (a row per ruled row, cells by their first row) and `grid.ink` (the
    text extent of each cell, which tells a row cut by the page break), in points.

    A cell's glyph size is the extent of its tallest line, as a text layer's font size
    spans a line's marks: Tesseract's median word is lower than a line of Thai with its
    vowels above and below, so a one-line header measured by it would look cut."""
    texts = {}
    for (r, c, rs, cs, _b), lines in zip(grid.cells, cell_lines, strict=True):
        texts[(r, c)] = Cell(LINE_SEP.join(_join(line, height, s) for line in lines), c, cs, rs)
        if any(lines):
            box = _box([w for line in lines for w in line])
            size = max(_box(line)[3] - _box(line)[1] for line in lines if line)
            grid.ink[(r, c)] = (box[1] * k, box[3] * k, size * k)
    for r in range(len(grid.ys) - 1):
        cells = sorted((cell for (rr, _), cell in texts.items() if rr == r), key=lambda x: x.col)
        grid.rows.append((cells, (grid.bbox[0], grid.ys[r], grid.bbox[2], grid.ys[r + 1])))


def _read_lines(
    words: list[Word],
    img,
    ink: np.ndarray,
    changed: list[tuple[str, str]],
    height: float,
    s: OcrSettings,
) -> list[list[Word]]:
    """Words into lines, numbers re-read (`_reread`), a short Latin word among Thai read
    as the number its glyphs show (`_latin_number`) or else again as Thai (`_thai_again`),
    and lines of specks dropped: Tesseract reads page speckle as letters, at a confidence
    far below that of printed text, or as letters far smaller than the page's print
    (`height`, its median word height)."""
    out = []
    thai = any(THAI_LETTER.search(w.text) for w in words)
    for line in _lines(words, s):
        line = _reread(line, ink, changed, s)
        if thai:
            line = [_latin_number(w, ink, changed) if LATIN_WORD.match(w.text) else w for w in line]
            for w in line:
                if LATIN_WORD.match(w.text):
                    w.text = _thai_again(img, w, s) or w.text
        line = _alone_again(img, line, height, s)
        if _printed(line, height, s):
            out.append(line)
    return out


def _printed(line: list[Word], height: float, s: OcrSettings) -> bool:
    """Whether a line is print, not speckle; a line whose every word was ink that read as
    nothing (no digits either) is neither, and is dropped."""
    if not line:
        return False
    conf = statistics.fmean(w.conf for w in line)
    heights = [w.bottom - w.top for w in line]
    low = s.speck_height_ratio * height
    small = statistics.median(heights) < low and conf < s.speck_sure_conf_pct
    return any(w.shaped for w in line) or (
        conf >= s.line_min_conf_pct and max(heights) >= low and not small
    )


def _alone_again(img, line: list[Word], height: float, s: OcrSettings) -> list[Word]:
    """A short line of print height read unsure, and not a number by its digit shapes, read
    again cut out on its own as one line (Tesseract's sparse mode read a lone `4` in a
    column of figures as `ศุ`, and the line was dropped as speckle); taken when Tesseract
    is then sure of it and reads a figure, else the line stands (specks over a cell read
    alone as letters, `ะจ่`, would open its text)."""
    import pytesseract

    text = "".join(w.text for w in line)
    if (
        not line
        or any(w.shaped for w in line)
        or len(text) > s.short_token_chars
        or statistics.fmean(w.conf for w in line) >= s.line_min_conf_pct
        or max(w.bottom - w.top for w in line) < s.speck_height_ratio * height
    ):
        return line
    x0, top, x1, bottom = _box(line)
    pad, margin = (
        int(s.alone_pad_ratio * (bottom - top)),
        int(s.alone_margin_ratio * (bottom - top)),
    )
    crop = img.crop((int(x0) - pad, int(top) - pad, int(x1) + pad, int(bottom) + pad))
    alone = Image.new("L", (crop.width + 2 * margin, crop.height + 2 * margin), 255)
    alone.paste(crop, (margin, margin))
    data = pytesseract.image_to_data(
        alone, lang=LANGS, config="--psm 7", output_type=pytesseract.Output.DICT
    )
    read = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=True)]
    read = [(t, c) for t, c in read if t]
    text = "".join(t for t, _ in read)
    if not read or min(c for _, c in read) < s.line_min_conf_pct or not NUMBERISH.match(text):
        return line
    conf = min(c for _, c in read)
    return [Word(text, x0, top, x1, bottom, conf, line[0].key)]


def _latin_number(w: Word, ink: np.ndarray, changed: list[tuple[str, str]]) -> Word:
    """`w`, or the number its glyphs show when every glyph matches a Thai digit (or a point
    or comma) by the strict match: Tesseract's English model takes Thai digits for Latin
    letters (`มาตรการที่ on` for ๓, `ร้อยละ alo` for ๗๐); no Latin letter matches so."""
    number = read_number(ink, _int_box(w), STRICT_MATCH)
    if number is None or not NUMBERISH.match(number):
        return w
    return _shaped([w], number, _box([w]), changed)


def _thai_again(img, w: Word, s: OcrSettings) -> str | None:
    """The Thai word that Thai+English Tesseract read as a short Latin one (`งบ` as `NU`):
    the word alone, read by the Thai model, when it is sure of it."""
    import pytesseract

    pad = int(s.word_pad_ratio * (w.bottom - w.top))
    crop = img.crop((int(w.x0) - pad, int(w.top) - 2 * pad, int(w.x1) + pad, int(w.bottom) + pad))
    data = pytesseract.image_to_data(
        crop, lang="tha", config="--psm 8", output_type=pytesseract.Output.DICT
    )
    read = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=True)]
    read = [(t, c) for t, c in read if t]  # Thai comes a letter or cluster at a time
    text = "".join(t for t, _ in read)
    if not read or min(c for _, c in read) < s.thai_again_conf_pct or not THAI_ONLY.match(text):
        return None
    return text


def _reread(
    line: list[Word], ink: np.ndarray, changed: list[tuple[str, str]], s: OcrSettings
) -> list[Word]:
    """The line with each run of number words (Thai digits) read again from the digits'
    shapes (ocr_digits); the runs whose reading changed are added to `changed`.

    A short line with no Thai letter (Tesseract reads a lone `๑` as `6)`, `©` or nothing),
    or one read unsure (a number read as letters), is read as digits too, when its glyphs
    match digits closely.
    """
    old = "".join(w.text for w in line)
    short = len(old) <= s.short_token_chars and not THAI_LETTER.search(old)
    if short or statistics.fmean(w.conf for w in line) < s.line_min_conf_pct:
        box = tuple(int(v) for v in _box(line))
        text = read_number(ink, box, STRICT_MATCH)  # type: ignore[arg-type]
        if text is not None:
            return [_shaped(line, text, box, changed)]
    line = [_bracketed_number(w, ink, changed) for w in _fitted(line, ink) if w.text]
    line = [_closing_number(w, ink, changed) for w in line]
    if line and ITEM_NUMBER_MISREAD.match(line[0].text):
        line[0] = _item_number(line[0], ink, changed)
    out: list[Word] = []
    gap = s.number_gap_ratio
    for run, numeric in _number_runs(line, gap, letters=True):
        if not numeric:
            out.extend(run)
            continue
        if all(NUMBER_WORD.match(w.text) for w in run):
            read = _read_run(run, ink, changed, MIN_MATCH)
            out.extend([read] if read else run)
            continue
        # a letter among digits (`๑๔,๗๐๐` read as `๑๕,๑ฒ๐๐`): the run is one number when
        # all its shapes are digits, else the digits either side of the letter are read alone
        read = _read_run(run, ink, changed, STRICT_MATCH)
        if read:
            out.append(read)
            continue
        for part, part_numeric in _number_runs(run, gap, letters=False):
            read = _read_run(part, ink, changed, MIN_MATCH) if part_numeric else None
            out.extend([read] if read else [_digit_for_letter(w, ink, changed) for w in part])
    return out


def _fitted(line: list[Word], ink: np.ndarray) -> list[Word]:
    """The line with each lone digit whose box is a sliver (narrower than half its
    height: Tesseract sometimes boxes a spaced-out digit beside its glyph) moved onto the
    glyph nearest it in the gap between its neighbours, so its shape can be read. A vowel
    or tone mark, boxed alone, is no neighbour: it stands above or below a letter."""
    out = list(line)
    for i, w in enumerate(out):
        if not THAI_DIGIT.match(w.text) or w.x1 - w.x0 >= ocr_digits.PUNCT_WIDTH * (
            w.bottom - w.top
        ):
            continue
        before = [v.x1 for v in out[:i] if not MARKS_ONLY.match(v.text)]
        after = [v.x0 for v in out[i + 1 :] if not MARKS_ONLY.match(v.text)]
        x0 = int(before[-1]) + 1 if before else int(w.x0)
        x1 = int(after[0]) if after else int(w.x1) + 1
        runs = ocr_digits.glyph_columns(ink[int(w.top) : int(w.bottom) + 1, x0:x1])
        inner = [(a, b) for a, b in runs if a > 0 and b < x1 - x0]  # not a neighbour's edge
        if inner:
            mid = (w.x0 + w.x1) / 2 - x0
            a, b = min(inner, key=lambda r: abs((r[0] + r[1]) / 2 - mid))
            out[i] = dataclasses.replace(w, x0=x0 + a, x1=x0 + b - 1)
    return out


def _digit_for_letter(w: Word, ink: np.ndarray, changed: list[tuple[str, str]]) -> Word:
    """A lone letter among the digits of a number, as the one digit its glyph shows
    (`๑๔,ฒ๐๐` for ๑๔,๗๐๐), by the strict match asked of ink Tesseract did not read as a
    digit; else the letter as read."""
    if not LONE_LETTER.match(w.text):
        return w
    digit = read_number(ink, _int_box(w), STRICT_MATCH)
    if digit is None or len(digit) != 1 or digit not in ocr_digits.DIGITS:
        return w
    return _shaped([w], digit, _box([w]), changed)


def _closing_number(w: Word, ink: np.ndarray, changed: list[tuple[str, str]]) -> Word:
    """`w`, or the number closing a bracket its glyphs show when Tesseract read it as
    Latin letters or signs (`(ม. ๒)` read `(ม. lo)`): the glyphs before the bracket must
    all be digits, by the strict match."""
    if not CLOSING_MISREAD.match(w.text):
        return w
    x0, top, x1, bottom = _int_box(w)
    glyphs = ocr_digits.glyph_columns(ink[top : bottom + 1, x0 : x1 + 1])
    if len(glyphs) < 2:
        return w
    digits = read_number(ink, (x0, top, x0 + glyphs[-2][1] - 1, bottom), STRICT_MATCH)
    if digits is None or not set(digits) <= set(ocr_digits.DIGITS):
        return w
    return _shaped([w], digits + ")", _box([w]), changed)


def _bracketed_number(w: Word, ink: np.ndarray, changed: list[tuple[str, str]]) -> Word:
    """`w`, or the bracketed number its glyphs show when Tesseract read it as letters."""
    if not BRACKETED_LATIN.match(w.text):
        return w
    digits = read_bracketed(ink, _int_box(w))
    return w if digits is None else _shaped([w], f"({digits})", _box([w]), changed)


def _item_number(w: Word, ink: np.ndarray, changed: list[tuple[str, str]]) -> Word:
    """`w`, or the item number (`๑.`) its glyphs show when Tesseract read it otherwise."""
    number = read_number(ink, _int_box(w), STRICT_MATCH)
    if number is None or not ITEM_NUMBER.match(number):
        return w
    return _shaped([w], number, _box([w]), changed)


def _int_box(w: Word) -> tuple[int, int, int, int]:
    return int(w.x0), int(w.top), int(w.x1), int(w.bottom)


def _shaped(
    words: list[Word], text: str, box: Sequence[float], changed: list[tuple[str, str]]
) -> Word:
    """One word at `box` for `words` read again from their glyphs as `text`, noted in
    `changed` when the reading differs (the page's `ocr_page` diagnostic lists them)."""
    old = "".join(w.text for w in words)
    if text != old:
        changed.append((old, text))
    x0, top, x1, bottom = box
    return Word(text, x0, top, x1, bottom, min(w.conf for w in words), words[0].key, shaped=True)


def _near(a: Word, b: Word, gap: float) -> bool:
    """Whether `b` follows `a` closely enough (`gap` of its height) to be part of the same
    number."""
    return b.x0 - a.x1 <= gap * (b.bottom - b.top)


def _number_runs(line: list[Word], gap: float, letters: bool) -> list[tuple[list[Word], bool]]:
    """The line as runs of number words close together (True) and other words (False);
    with `letters`, a lone Thai letter close between two number words joins their run,
    and so does one whose box runs into the number word after it: Tesseract read part of
    the number's first digit as a letter (`ต๓,๕๕๐,๓๐๐` for ๓,๕๕๐,๓๐๐), a letter of a word
    would stand apart from a number; and so does the `.-` of whole baht read as another
    sign (`.=`) close after a number."""
    runs: list[tuple[list[Word], bool]] = []
    for i, w in enumerate(line):
        follows = bool(runs) and runs[-1][1] and _near(runs[-1][0][-1], w, gap)
        numeric = bool(
            NUMBER_WORD.match(w.text)
            or MARKED_NUMBER.match(w.text)
            or (follows and WHOLE_BAHT_MISREAD.match(w.text))
        )
        after = line[i + 1] if i + 1 < len(line) else None
        if not numeric and letters and LONE_LETTER.match(w.text) and after is not None:
            opens = NUMBER_WORD.match(after.text) and (
                _near(w, after, gap) if follows else w.x1 >= after.x0
            )
            numeric = bool(opens)
        if numeric and follows:
            runs[-1][0].append(w)
        else:
            runs.append(([w], numeric))
    return runs


def _read_run(
    run: list[Word], ink: np.ndarray, changed: list[tuple[str, str]], min_match: float
) -> Word | None:
    """The run of number words as one word read from its digits' shapes, or None when
    they do not read as Thai digits (then Tesseract's words stand)."""
    digits = [x for x in run if x.text[0] in DIGITS]
    arabic = sum(len(ARABIC.findall(x.text)) for x in run)
    if not digits or arabic > len(digits):
        return None
    box = (
        int(min(x.x0 for x in run)),
        int(statistics.median(x.top for x in digits)),
        int(max(x.x1 for x in run)),
        int(statistics.median(x.bottom for x in digits)),
    )
    text = read_number(ink, box, min_match)
    if text is None:
        return None
    top, bottom = min(x.top for x in run), max(x.bottom for x in run)
    return _shaped(run, text, (box[0], top, box[2], bottom), changed)


def _lines(words: list[Word], s: OcrSettings) -> list[list[Word]]:
    """Words into printed lines, top to bottom, as Tesseract grouped them; a line it split
    at a wide gap (or at a raised mark) joins the line it overlaps by half its height."""
    by_key: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        by_key.setdefault(w.key, []).append(w)
    lines: list[list[Word]] = []
    for group in sorted(by_key.values(), key=lambda g: statistics.median(w.top for w in g)):
        top = statistics.median(w.top for w in group)
        bottom = statistics.median(w.bottom for w in group)
        for line in lines:
            ltop = statistics.median(x.top for x in line)
            lbottom = statistics.median(x.bottom for x in line)
            overlap = min(bottom, lbottom) - max(top, ltop)
            if overlap >= s.line_overlap_ratio * min(bottom - top, lbottom - ltop):
                line.extend(group)
                break
        else:
            lines.append(list(group))
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _join(line: list[Word], height: float, s: OcrSettings = OCR) -> str:
    """A line's words, a space only where the gap between them is wide for the page's
    text `height` (wider still inside a number, so "๑๕,๓๐๐" stays whole; narrower between
    Latin words, which Tesseract splits only at spaces)."""
    out = ""
    prev = None
    for w in line:
        if prev is not None:
            share = s.space_gap_ratio
            if NUMBERISH.match(prev.text) and NUMBERISH.match(w.text):
                share = s.number_space_gap_ratio
            elif not THAI_LETTER.search(prev.text + w.text):
                share = s.latin_space_gap_ratio
            out += " " if w.x0 - prev.x1 > share * height else ""
        out += w.text
        prev = w
    return out


def year_guard(
    texts: list[tuple[int, str]], source_path: str, settings: OcrSettings = OCR
) -> list[Diagnostic]:
    """A diagnostic for each OCR'd Buddhist-era year far from the document's usual year
    (the most common one) or outside any plan's era: likely a misread digit. The year of
    a cited act or rule is no year of the plan's and is not judged.

    `texts` are (page number, text) of the OCR'd lines and cells.
    """
    found = _found_years(texts, settings)
    anchor = usual_year(y for *_, y in found if y in PLAUSIBLE_YEARS)
    out = []
    for page, text, raw, year in found:
        if not doubtful_year(year, anchor):
            continue
        around = f", far from the document's {anchor}" if anchor is not None else ""
        out.append(
            Diagnostic(
                "warning",
                "ocr_implausible_year",
                f"page {page}: OCR read the year {raw!r}{around}; check it",
                context=text.replace(LINE_SEP, " "),
                prov=Provenance(source_path, page=page),
            )
        )
    return out


def _found_years(
    texts: list[tuple[int, str]], settings: OcrSettings
) -> list[tuple[int, str, str, int]]:
    """(page, text, year as read, year) of each Buddhist-era year in the texts, but the
    year of a cited act or rule."""
    return [
        (page, text, m.group(1), int(thai_to_arabic(m.group(1))))
        for page, text in texts
        for m in YEAR_RE.finditer(text)
        if not LEGAL_INSTRUMENT.search(
            text, max(0, m.start() - settings.citation_span_chars), m.start()
        )
    ]


def complete_units(pages: list[PageResult], read: set[int], source_path: str) -> list[Diagnostic]:
    """Unit names in the cells of the pages OCR `read` (READ_UNIT's too), cut short (a
    wrapped line lost: `กองเทคโนโลยี`) or misread by a letter or two, completed to the one
    name the document's cells spell out, or its organisation section lists line by line
    (`๕. ศูนย์เรื่องราวร้องทุกข์ มีอำนาจหน้าที่…`), that they begin, or are within a small
    edit of (on any page, text layer or OCR); with two such names or none the name is kept
    as read, and a cut one is noted. Run on finished text (SARA AM mended), before pages
    are joined."""
    cells = [(page, c) for page in pages for c in _holders(page) if isinstance(c, Cell)]
    vocabulary = Counter(n for _, c in cells for n in _unit_names(c.text))
    lines = (it.block.text for page in pages for it in page.items if it.kind == "line")
    vocabulary.update(n for t in lines if (n := listed_name(DUTY_VERB.sub(" ", t))) is not None)
    out: list[Diagnostic] = []
    for page, cell in cells:
        if page.number not in read:
            continue
        for name in _unit_names(cell.text):
            full, fits = _completion(name, vocabulary)
            if full is not None:
                cell.text = _replaced(cell.text, name, full)
            if full is not None or fits:
                found = full or ", ".join(fits)
                out.append(
                    Diagnostic(
                        "info" if full else "warning",
                        "ocr_unit_completed" if full else "ocr_unit_unsure",
                        f"page {page.number}: OCR read the unit {name!r}; "
                        + (f"read as {full}, the one name " if full else "names ")
                        + f"the document spells out that fit{'s' if full else ''}: {found}",
                        context=cell.text.replace(LINE_SEP, " "),
                        prov=Provenance(source_path, page=page.number),
                    )
                )
    return out


def _unit_names(text: str) -> list[str]:
    """The unit names of a cell: those spelled out (normalize.units.spelled_names), and
    those READ_UNIT finds besides.

    >>> _unit_names("กิจกรรมเร่งรัดการเงิน (ฝายการคลัง)")
    ['ฝายการคลัง']
    >>> _unit_names("ส่วนเลขานุการและศูนยเรื่องราวร้องทุกข")
    ['ศูนยเรื่องราวร้องทุกข']
    >>> _unit_names("ทองกองการ")  # no name opens inside a word
    []
    """
    spelled = spelled_names(text)
    cleaned = clean_text(text)
    read = [
        m[0]
        for m in READ_UNIT.finditer(cleaned)
        if m["opener"] not in SPELLED_UNIT_WORDS or cleaned[: m.start()].endswith("และ")
    ]
    return spelled + [n for n in read if n not in spelled]


def _replaced(text: str, name: str, full: str) -> str:
    """`text` with `name` as written in it (perhaps wrapped, a hyphen at the wrap:
    `กองพัฒนาระบบราชกาวร์- กรุงเทพมหานคร`) replaced by `full`.

    >>> _replaced("กองพัฒนาระบบราชกาวร์- กรุงเทพมหานคร", "กองพัฒนาระบบราชกาวร์กรุงเทพมหานคร", "ก")
    'ก'
    """
    m = re.search(WRAP_BETWEEN.join(map(re.escape, name)), text)
    return text if m is None else text[: m.start()] + full + text[m.end() :]


def _edits_allowed(name: str) -> int:
    """The edit cost a misread unit name may be off by: a letter's (`UNIT_EDITS`), and a
    letter more for each further `UNIT_CHARS_PER_EDIT` characters of a long name (OCR
    misreads more letters in a long name, which stays far from any other name)."""
    return UNIT_EDITS * max(1, len(name) // UNIT_CHARS_PER_EDIT)


def _completion(name: str, vocabulary: Counter[str]) -> tuple[str | None, list[str]]:
    """The one name of `vocabulary` `name` is cut from or misread of, and the names that
    fit when more than one does. A name the document spells more than once stands, unless
    its opening word is misread (`ฝายการคลัง` read so in two cells): that is no spelling."""
    if vocabulary[name] > 1 and _spelled(name):
        return None, []
    longer = sorted(n for n in vocabulary if n != name and n.startswith(name))
    shortest = min(longer, key=len, default=None)
    if shortest is not None and all(n.startswith(shortest) for n in longer):
        return shortest, []  # a name and that name running on into its sentence
    if longer:
        return None, longer
    others = [n for n in vocabulary if n != name and vocabulary[n] > 1 and _spelled(n)]
    near = closest(name, others, _edits_allowed(name))
    return near, []


def _spelled(name: str) -> bool:
    """Whether a unit name opens with its opening word as spelled (not as READ_UNIT's)."""
    return name.startswith(SPELLED_UNIT_WORDS)
