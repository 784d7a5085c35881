"""The PDF reader on a real budget document (DilleniaUPC / PSLxThaiCommon / UPCxD fonts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaiplan.extract.model import Cell
from thaiplan.extract.readers.pdf_chars import Glyph
from thaiplan.extract.readers.pdf_tables import Grid, fill
from thaiplan.normalize.glyphs import impossible_marks

REAL = Path(__file__).parent / "data" / "real" / "budget2565_book17.pdf"
MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"


@pytest.fixture(scope="module")
def book17_pages() -> list[str]:
    if not REAL.exists():
        pytest.skip(f"{REAL} is absent (copy shared/corpus/real/budget2565_book17.pdf, 0.8 MB)")
    from thaiplan.extract.readers.pdf_text import page_texts

    return list(page_texts(REAL))


def test_book17_text_is_clean(book17_pages):
    text = "\n".join(book17_pages)
    assert len(book17_pages) == 84
    assert not re.search(r"\(cid:\d+\)", text)
    assert not re.search("[\ue000-\uf8ff]", text)
    orphans = re.findall(f"(?<![\u0e01-\u0e2e{MARKS}])[{MARKS}]", text)
    assert len(orphans) <= 20
    split_am = re.findall("\u0e4d\u0e32|\u0e32\u0e4d|\u0e33\u0e32|[\u0e01-\u0e2e] \u0e32", text)
    assert len(split_am) <= 10


def test_book17_words_and_numbers(book17_pages):
    text = "\n".join(book17_pages)
    # (cid:201)/(cid:202)/(cid:205) inferred as ่ ้ ์ ; marks kept on their letters
    for word in ("ที่", "ตัวชี้วัด", "เชื่อมโยง", "ยุทธศาสตร์ชาติ", "งบลงทุน", "ลดความเหลื่อมล้ำ"):
        assert word in text, word
    assert "478,966,500" in text and "4 78,966,500" not in text  # spaced digits, one number
    assert "ยทุ ธ" not in text
    # a glyph read two ways (ั or ์) takes the reading its base can carry after ิ
    assert "ไอน้ำบริสุทธิ์" in text
    # the contents page's letter+mark glyphs drawn with the mark again: one mark each
    assert "1 ถึง 74" in text and impossible_marks(text) == 0


def test_book17_kpi_table_rows(book17_pages):
    lines = [line for p in book17_pages for line in p.splitlines()]
    row = next(line for line in lines if line.startswith("เชิงปริมาณ : จำนวนหน่วยงานของรัฐที่มีข้อตกลง"))
    assert row.split("\t")[1:] == ["หน่วยงาน", "-", "6", "7", "8", "9"]


def test_glyph_repairs_are_reported_and_blank_pages_are_not():
    if not REAL.exists():
        pytest.skip(f"{REAL} is absent")
    from thaiplan.extract.readers.pdf import read_pdf

    d = read_pdf(REAL, REAL.name)
    # the book's image-free pages without text are blank back pages: nothing to OCR or report
    codes = {dg.code for dg in d.diagnostics}
    assert "glyph_remapped" in codes and not codes & {"no_text_layer", "ocr_page"}
    assert d.text_source == "text_layer"


def _g(text, x0, x1, top=100.0, mark=False):
    return Glyph(text, x0, x1, top, top + 12, 12.0, "F", -1, int(x0 * 10), mark)


def test_arrow_drawn_across_month_columns_spans_them():
    # 5 columns of 20pt; one long arrow glyph drawn from column 1 into column 3
    xs = [0, 20, 40, 60, 80, 100]
    cells = [(0, c, 1, 1, (xs[c], 95.0, xs[c + 1], 115.0)) for c in range(5)]
    grid = Grid((0, 95.0, 100, 115.0), xs, [95.0, 115.0], cells)
    fill(grid, [_g("↔", 22, 78)])
    ((row, _),) = grid.rows
    arrow = [c for c in row if c.text]
    assert arrow == [Cell("↔", 1, 3)]


def test_separate_arrows_stay_separate():
    xs = [0, 20, 40, 60, 80, 100]
    cells = [(0, c, 1, 1, (xs[c], 95.0, xs[c + 1], 115.0)) for c in range(5)]
    grid = Grid((0, 95.0, 100, 115.0), xs, [95.0, 115.0], cells)
    fill(grid, [_g("←", 24, 36), _g("→", 64, 76)])
    ((row, _),) = grid.rows
    assert [(c.text, c.col, c.colspan) for c in row if c.text] == [("←", 1, 1), ("→", 3, 1)]
