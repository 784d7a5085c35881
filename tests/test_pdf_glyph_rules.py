"""Three glyph repairs the real budget books need, each on real pages.

tests/data/budget_contents_pages.pdf holds the contents pages of เอกสารงบประมาณ ฉบับที่ 3
(FY 2565) เล่มที่ 17 (page 5) and เล่มที่ 3(5) (page 5), whose UPCxD subsets map a glyph to a
letter plus a mark and draw the mark again on its own. tests/data/budget_unmapped_digits_page.pdf
is page 17 of เล่มที่ 17 with one change: the digits of its BGPFNA+DilleniaUPCBold subset are
given U+FFFD in a ToUnicode map, as a subset that lost its digit entries does, while the
sibling subset BGPFKP+DilleniaUPCBold on the same page keeps them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from thaiplan.extract.readers.glyph_map import GlyphMap
from thaiplan.extract.readers.pdf_chars import (
    Glyph,
    group_lines,
    line_text,
    pdfminer_objects,
)
from thaiplan.extract.readers.pdf_text import page_texts

DATA = Path(__file__).parent / "data"
MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
DOUBLED = re.compile(f"([{MARKS}])\\1")


@pytest.fixture(scope="module")
def contents() -> str:
    return "\n".join(page_texts(DATA / "budget_contents_pages.pdf"))


def test_a_base_never_carries_the_same_mark_twice(contents):
    assert "พันธกิจ" in contents and "พัันธกิจ" not in contents
    assert "1 ถึง 74" in contents and "ถึึง" not in contents
    assert not DOUBLED.search(contents)


def test_an_unmapped_digit_is_read_by_its_outline():
    from thaiplan.extract.readers.pdf import read_pdf

    path = DATA / "budget_unmapped_digits_page.pdf"
    doc = read_pdf(path, path.name)
    text = "\n".join(b.text for b in doc.blocks if b.kind != "table")
    assert "งบประมาณรายจ่าย 166,576,700 บาท" in text
    assert "6.1 จำแนกตามลักษณะรายจ่าย" in text and "6.2 จำแนก" in text
    codes = {d.code for d in doc.diagnostics}
    assert "unmapped_glyph" not in codes
    (remapped,) = [d for d in doc.diagnostics if d.code == "glyph_remapped"]
    assert "BGPFNA+DilleniaUPCBold code 49: '\ufffd'->'1' (outline" in remapped.context


def _two_columns(left: list[Glyph], right: list[Glyph], drop: float) -> list[Glyph]:
    """`right` moved beside `left`, `drop` lower than it; every mark given a tight box
    over the upper part of its line (as a layer that measures each glyph's ink gives)."""
    shift = max(g.x1 for g in left) + 30 - min(g.x0 for g in right)
    lower = min(g.top for g in left) - min(g.top for g in right) + drop
    out = []
    for k, line in enumerate((left, right)):
        dx, dy = (0.0, 0.0) if k == 0 else (shift, lower)
        for g in line:
            h = g.bottom - g.top
            top, bottom = g.top + dy, g.bottom + dy
            if g.mark:
                top, bottom = top - 0.1 * h, top + 0.4 * h
            out.append(
                Glyph(
                    g.text, g.x0 + dx, g.x1 + dx, top, bottom, g.size, g.font, g.cid, g.seq, g.mark
                )
            )
    return out


def test_a_mark_belongs_to_the_base_it_sits_over():
    gmap = GlyphMap()
    with pdfplumber.open(DATA / "budget_book3-5_pages.pdf") as pdf:
        page = pdf.pages[1]
        chars = pdfminer_objects(page)
        lines = group_lines(gmap.classify(chars.glyphs, chars.fonts))
    marked = [line for line in lines if sum(g.mark for g in line) >= 5]
    left, right = marked[0], marked[1]
    want = [line_text(left), line_text(right)]
    h = left[0].bottom - left[0].top
    glyphs = _two_columns(left, right, drop=0.6 * h)
    # the right column's marks overlap the left line's band more than their own
    got = [line_text(line) for line in group_lines(glyphs)]
    assert got == want
