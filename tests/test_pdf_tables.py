"""PDF tables beyond the ruling: rows stacked in one ruled row, rows cut by a page break.

Values were read by hand from the printed pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from thaiplan.extract.model import Cell, Document, Provenance, Row
from thaiplan.extract.readers.pdf_aligned import split_stacked, stacked_bands
from thaiplan.extract.readers.pdf_chars import Glyph
from thaiplan.extract.readers.pdf_join import is_split_row

DATA = Path(__file__).parent / "data"
BOOK17 = DATA / "real" / "budget2565_book17.pdf"
LEGACY = DATA / "pdf" / "plan2565_ocsc_legacy.pdf"


def read(path: Path) -> Document:
    if not path.exists():
        pytest.skip(f"{path} is absent (copy it from shared/corpus)")
    from thaiplan.extract.readers.pdf import read_pdf

    return read_pdf(path, path.name)


@pytest.fixture(scope="module")
def book17() -> Document:
    return read(BOOK17)


def rows_on(doc: Document, page: int) -> list[list[str]]:
    return [
        r.values() for b in doc.blocks if b.kind == "table" for r in b.rows if r.prov.page == page
    ]


def test_rows_stacked_in_a_ruled_row_get_their_own_columns(book17):
    # p.11 "3.2 จำแนกตามหน่วยงาน": only the columns are ruled; one number per line
    rows = rows_on(book17, 11)
    assert len(rows) == 13
    assert rows[2] == [
        "งบประมาณรายจ่ายบุคลากร",
        "282.8268",
        "-",
        "-",
        "-",
        "204.3678",
        "-",
        "78.4590",
        "-",
    ]
    assert rows[6] == [
        "1. สำนักงานคณะกรรมการการแข่งขันทางการค้า",
        "166.5767",
        "-",
        "-",
        "-",
        "-",
        "-",
        "166.5767",
        "-",
    ]
    assert rows[9] == [
        "2. สำนักงานสภาเกษตรกรแห่งชาติ",
        "312.3898",
        "-",
        "-",
        "-",
        "312.3898",
        "-",
        "-",
        "-",
    ]
    assert rows[12] == ["งบประมาณรายจ่ายบูรณาการ", "4.0847", "-", "-", "-", "4.0847", "-", "-", "-"]


def test_wrapped_labels_stay_with_their_values(book17):
    # p.42: values stand level with the first line of each wrapped indicator
    rows = rows_on(book17, 42)
    erig = next(r for r in rows if "(ERIG)" in r[0])
    assert erig == [
        "- ตัวชี้วัด : จำนวนเซรุ่มป้องกันโรคพิษสุนัขบ้าที่ผลิตจากเลือดม้า (ERIG)",
        "ขวด",
        "140,000",
        "160,000",
    ]
    assert ["- ตัวชี้วัด : จำนวนวัคซีน BCG", "ขวด", "150,000", "150,000"] in rows
    heading = next(r for r in rows if r[0].startswith("(1) ผลสัมฤทธิ์"))
    assert heading[1:] == ["", "", ""]


def test_row_cut_by_a_page_break_is_one_row():
    # pp.64-65: the indicator "...ไม่น้อยกว่า | ระดับ A (85.00 คะแนน) (ผลลัพธ์)" runs over the break
    doc = read(LEGACY)
    rows = [r for b in doc.blocks if b.kind == "table" for r in b.rows if r.prov.page in (64, 65)]
    cut = [r for r in rows if r.values()[0].startswith("ส่งเสริมการใช้หลักธรรมาภิบาล")]
    assert len(cut) == 1
    assert cut[0].values()[1].replace(" ", "").endswith("ไม่น้อยกว่าระดับA(85.00คะแนน)(ผลลัพธ์)")
    assert not any(r.values()[1].startswith("ระดับ A") for r in rows)
    # a second indicator under the same measure keeps its own row (empty first cell)
    rows = [r.values() for b in doc.blocks if b.kind == "table" for r in b.rows]
    second = [r for r in rows if r[1].startswith("ร้อยละความสำเร็จในการจัดทำสื่อมัลติมีเดีย")]
    assert len(second) == 1 and second[0][0] == ""


def row(*texts: str) -> Row:
    return Row([Cell(t, i) for i, t in enumerate(texts)], Provenance("x", page=1))


def test_split_row_needs_text_or_a_cut():
    prev = row("มาตรการ", "ระดับความสำเร็จของหน่วยงานไม่น้อยกว่า", "นิยาม")
    rest = row("", "ระดับ A (ผลลัพธ์)", "")
    assert not is_split_row(prev, rest)  # same first words: could be a new indicator
    assert is_split_row(prev, rest, cut={1, 2})  # but both cells were filled down to the cut
    assert not is_split_row(prev, row("", "2. ระดับ", ""), cut={1, 2})  # a new numbered item
    closed = row("มาตรการ", "ร้อยละความสำเร็จ (ผลผลิต)", "นิยาม")
    assert not is_split_row(closed, row("", "ร้อยละของ", ""), cut={1})


def g(text: str, x: float, top: float) -> Glyph:
    return Glyph(
        text, x, x + 5 * len(text), top, top + 10, 10.0, "F", -1, int(top * 100 + x), False
    )


def test_stacked_bands_need_two_aligned_value_columns():
    label = [[g("total", 0, 0)], [g("staff", 0, 14)], [g("other", 0, 28)]]
    numbers = [[g("1.5", 100, 0)], [g("0.5", 100, 14)], [g("1.0", 100, 28)]]
    dashes = [[g("-", 150, 0)], [g("-", 150, 14)], [g("-", 150, 28)]]
    assert (
        stacked_bands({0: label, 1: numbers}) is None
    )  # one value column: a list, not stacked rows
    bands = stacked_bands({0: label, 1: numbers, 2: dashes})
    assert bands is not None and len(bands) == 3
    prose = [[g("some", 0, 0)], [g("words", 0, 14)], [g("here", 0, 28)]]
    assert stacked_bands({0: prose, 1: prose}) is None


def test_wrapped_item_leads_down_to_its_values_and_a_heading_stands_alone():
    heading = [g("(1)", 0, 0), g("goal", 20, 0)]
    item = [g("-", 0, 14), g("first", 10, 14)]
    wrap = [g("more", 0, 28)]
    opens = [g("(2)", 0, 42), g("long", 20, 42)]
    ends = [g("end", 0, 56)]
    columns = {
        0: [heading, item, wrap, opens, ends],
        1: [[g("1", 100, 14)], [g("2", 100, 56)]],
        2: [[g("3", 150, 14)], [g("4", 150, 56)]],
    }
    bands = stacked_bands(columns)
    parts = split_stacked(columns, bands)
    assert [[len(p[c]) for c in (0, 1, 2)] for p in parts] == [[1, 0, 0], [2, 1, 1], [2, 1, 1]]
    assert parts[1][0] == [item, wrap] and parts[2][0] == [opens, ends]
