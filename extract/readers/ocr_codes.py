"""Heading codes OCR misread, mended from the same heading the document prints elsewhere.

A plan restates its numbered headings (`เป้าประสงค์ที่ ๗.๓.๑.๑ การพัฒนาบุคลากร…`) in its
summary, its KPI tables and its budget tables. Tesseract's Thai model lacks some digits
and reads one as a letter (`ซ.๓.๑.๑`), so that heading's rows fall under the heading
before it; or it loses its first digit altogether (`.๓.๑.๑`). Such a code is given the
one code the document prints, under the same heading word and title, that agrees with it
in every part read as digits; two such codes or none and it is kept as read (two noted).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from thaiplan.extract.model import Block, Cell, Diagnostic, Provenance
from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.keywords import LETTER_EDIT_COST, distance

from .pages import LINE_SEP, PageResult

#: `<heading word>[ที่] <code> <title>`: a code of two to five dotted parts, each of one to
#: three glyphs (a digit, or what OCR read for one); the first may be lost (`.๓.๑.๑`).
HEADING = re.compile(
    r"^(?P<word>[\u0e01-\u0e4e]+?)(?:\s*ที่)?\s*"
    r"(?P<code>[^\s.]{0,3}(?:\.[^\s.]{1,3}){1,4})\.?\s+(?P<title>\S.*)$"
)
DIGITS_ONLY = re.compile(r"^[0-9๐-๙]+$")
#: How much of a title (spaces dropped) is compared: a heading may wrap at another word.
TITLE_CHARS = 20
#: A title shorter than this says too little to tell headings apart.
MIN_TITLE_CHARS = 8

Key = tuple[str, str]  # (heading word, title head)


def _parts(line: str) -> tuple[Key, list[str]] | None:
    """(heading word, title head) and the code's parts of a numbered heading line."""
    m = HEADING.match(line.strip())
    if m is None:
        return None
    title = re.sub(r"\s+", "", m["title"])[:TITLE_CHARS]
    if len(title) < MIN_TITLE_CHARS:
        return None
    return (m["word"], title), m["code"].split(".")


def _valid(parts: list[str]) -> bool:
    return all(DIGITS_ONLY.match(p) for p in parts)


def _misread(parts: list[str]) -> bool:
    """A code read partly as digits: some part is, some part is not (`ก.ก.` is no code)."""
    return any(DIGITS_ONLY.match(p) for p in parts) and not _valid(parts)


def _holders(pages: list[PageResult]) -> Iterator[tuple[PageResult, Block | Cell]]:
    for page in pages:
        for it in page.items:
            if it.kind == "line":
                yield page, it.block
            else:
                yield from ((page, c) for row in it.block.rows for c in row.cells)


def _vocabulary(pages: list[PageResult]) -> dict[Key, Counter[str]]:
    """The codes each (heading word, title head) is printed with, read as digits."""
    codes: dict[Key, Counter[str]] = defaultdict(Counter)
    for _, holder in _holders(pages):
        for line in holder.text.split(LINE_SEP):
            found = _parts(line)
            if found is not None and _valid(found[1]):
                codes[found[0]][thai_to_arabic(".".join(found[1]))] += 1
    return codes


def _fits(key: Key, parts: list[str], vocabulary: dict[Key, Counter[str]]) -> list[str]:
    """The codes printed under the same word and a title within a letter's edit, that
    agree with `parts` wherever it was read as digits."""
    out = set()
    for (word, title), codes in vocabulary.items():
        if word != key[0] or distance(key[1], title) > LETTER_EDIT_COST:
            continue
        for code in codes:
            known = code.split(".")
            if len(known) == len(parts) and all(
                not DIGITS_ONLY.match(p) or thai_to_arabic(p) == k
                for p, k in zip(parts, known, strict=True)
            ):
                out.add(code)
    return sorted(out)


def mend_codes(pages: list[PageResult], read: set[int], source_path: str) -> list[Diagnostic]:
    """Mend the heading codes of the pages OCR `read` that are not all digits (see the
    module): a diagnostic for each, mended or not. Run on finished text, before pages
    are joined."""
    vocabulary = _vocabulary(pages)
    out: list[Diagnostic] = []
    for page, holder in _holders(pages):
        if page.number not in read:
            continue
        lines = holder.text.split(LINE_SEP)
        for i, line in enumerate(lines):
            found = _parts(line)
            if found is None or not _misread(found[1]):
                continue
            raw = ".".join(found[1])
            fits = _fits(*found, vocabulary)
            if not fits:
                continue
            if len(fits) == 1:
                lines[i] = line.replace(raw, _in_script(fits[0], raw), 1)
            out.append(_note(page.number, raw, fits, lines[i], source_path))
        holder.text = LINE_SEP.join(lines)
    return out


def _in_script(code: str, raw: str) -> str:
    """`code` in the digits `raw` was read in (Thai when any of its digits is Thai)."""
    if re.search("[๐-๙]", raw):
        return code.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    return code


def _note(page: int, raw: str, fits: list[str], context: str, source_path: str) -> Diagnostic:
    mended = len(fits) == 1
    said = (
        f"read as {fits[0]}, the one code the document prints for this heading"
        if mended
        else "codes that fit: " + ", ".join(fits) + "; kept as read"
    )
    return Diagnostic(
        "info" if mended else "warning",
        "ocr_code_mended" if mended else "ocr_code_unsure",
        f"page {page}: OCR read the heading code {raw!r}; {said}",
        context=context.replace(LINE_SEP, " "),
        prov=Provenance(source_path, page=page),
    )
