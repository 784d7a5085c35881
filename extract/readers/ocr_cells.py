"""Cells OCR read with a Latin word, mended from the same cell the document prints elsewhere.

Tesseract's Thai+English model reads a short Thai word as Latin letters (`งบ` as `NU`,
`ที่` as `i`), and the Thai model, asked again about the word alone, is not always sure of
it. A plan prints its column headers and labels over and over (`งบประมาณ (บาท)` heads
every budget table), and a header read `NU ประมาณ (บาท)` loses its table. Such a cell
takes the one cell text the document prints (with no Latin letter) that it matches with
Thai letters in place of each Latin word; with two such texts or none it is kept as read
(two noted).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from thaiplan.extract.model import Cell, Diagnostic, Provenance

from .pages import LINE_SEP, PageResult

#: A word of Latin letters only, as Tesseract reads a short Thai word.
LATIN_WORD = re.compile(r"^[A-Za-z]{1,4}$")
LATIN = re.compile(r"[A-Za-z]")
THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
#: Thai letters and marks a Latin letter may stand for (`ที่` read `i`).
CHARS_PER_LATIN = 3
#: The Thai letters the rest of the cell must have: a cell of a Latin word and a digit or
#: two says too little to be told from another.
MIN_THAI_LETTERS = 4
SPACE = re.compile(rf"[\s{LINE_SEP}]+")


def _squeezed(text: str) -> str:
    return SPACE.sub("", text)


def _pattern(text: str) -> re.Pattern[str] | None:
    """What `text` matches with each Latin word as Thai letters (spaces dropped); None
    when it has no Latin word or too few Thai letters besides."""
    words = [w for w in SPACE.split(text) if w]
    latin = [w for w in words if LATIN_WORD.match(w)]
    rest = "".join(w for w in words if not LATIN_WORD.match(w))
    if not latin or LATIN.search(rest) or len(THAI_LETTER.findall(rest)) < MIN_THAI_LETTERS:
        return None
    parts = [
        f"[\u0e01-\u0e4e]{{1,{CHARS_PER_LATIN * len(w)}}}" if LATIN_WORD.match(w) else re.escape(w)
        for w in words
    ]
    return re.compile("".join(parts))


def mend_cells(pages: list[PageResult], read: set[int], source_path: str) -> list[Diagnostic]:
    """Mend the cells of the pages OCR `read` that hold a Latin word (see the module): a
    diagnostic for each that one or more printed texts fit. Run on finished text, before
    pages are joined."""
    cells = [
        (page, c)
        for page in pages
        for it in page.items
        if it.kind == "table"
        for row in it.block.rows
        for c in row.cells
    ]
    printed: dict[str, Counter[str]] = defaultdict(Counter)
    for _, cell in cells:
        if THAI_LETTER.search(cell.text) and not LATIN.search(cell.text):
            printed[_squeezed(cell.text)][cell.text] += 1
    out: list[Diagnostic] = []
    for page, cell in cells:
        pattern = _pattern(cell.text) if page.number in read else None
        if pattern is None:
            continue
        fits = sorted(key for key in printed if pattern.fullmatch(key))
        if not fits:
            continue
        raw = cell.text
        if len(fits) == 1:
            cell.text = printed[fits[0]].most_common(1)[0][0]
        out.append(_note(page.number, raw, fits, cell, source_path))
    return out


def _note(page: int, raw: str, fits: list[str], cell: Cell, source_path: str) -> Diagnostic:
    mended = len(fits) == 1
    said = (
        "read as the one text the document prints that it fits"
        if mended
        else "texts that fit: " + ", ".join(fits) + "; kept as read"
    )
    return Diagnostic(
        "info" if mended else "warning",
        "ocr_cell_mended" if mended else "ocr_cell_unsure",
        f"page {page}: OCR read the cell {raw.replace(LINE_SEP, ' ')!r} with a Latin word; {said}",
        context=cell.text.replace(LINE_SEP, " "),
        prov=Provenance(source_path, page=page),
    )
