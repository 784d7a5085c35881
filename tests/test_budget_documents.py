"""A real national budget book: agencies, indicators with multi-year targets, money in baht.

Values below were read by hand from the printed pages of เอกสารงบประมาณ ฉบับที่ 3 เล่มที่ 17.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from tests.rows import as_dicts

BOOK = Path(__file__).parent / "data" / "real" / "budget2565_book17.pdf"
COMPETITION = "สำนักงานคณะกรรมการการแข่งขันทางการค้า"
FARMERS = "สำนักงานสภาเกษตรกรแห่งชาติ"

pytestmark = pytest.mark.skipif(not BOOK.exists(), reason=f"{BOOK.name} is not in tests/data/real")


@pytest.fixture(scope="module")
def book(units):
    from thaiplan.extract.process import process_file

    return process_file(BOOK, BOOK.name, units)


def on_page(book, dataset, page):
    return [row for row in as_dicts(book)[dataset] if row["page"] == page]


def test_the_book_is_read_as_fiscal_2565(book):
    (doc,) = as_dicts(book)["documents"]
    assert (doc["source_format"], doc["fiscal_year_be"], doc["page_count"]) == ("pdf", 2565, 84)
    assert doc["doc_type"] == "budget_document"
    # the cover's volume (printed เล่มที่ ๑๗) sets it apart from the other volumes of ฉบับที่ 3
    assert doc["title"] == "เอกสารงบประมาณ ฉบับที่ 3 เล่มที่ 17"


def test_indicators_carry_their_agency_and_multi_year_targets(book):
    page16 = on_page(book, "kpis", 16)
    assert [row["agency"] for row in page16] == [COMPETITION] * 3
    complaints, agencies, _ = page16
    assert complaints["name"].startswith("ร้อยละของเรื่องร้องเรียนที่ดำเนินการแล้วเสร็จ")
    assert (complaints["target_text"], complaints["target_value"], complaints["target_unit"]) == (
        "ร้อยละ 80",
        80.0,
        "percent",
    )
    targets = {
        t["year_be"]: t["target_value"]
        for t in as_dicts(book)["kpi_targets"]
        if t["kpi_id"] == agencies["kpi_id"]
    }
    assert targets == {2564: None, 2565: 6.0, 2566: 7.0, 2567: 8.0, 2568: 9.0}
    assert {row["agency"] for row in on_page(book, "kpis", 30)} == {FARMERS}


def test_programme_money_in_baht_per_year(book):
    """A ล้านบาท unit cell multiplies its row out; the detail view's plan total is in baht."""
    by_year = {row["year_be"]: row["amount"] for row in on_page(book, "budget_lines", 21)}
    assert by_year == {
        2564: Decimal("114681200.00"),
        2565: Decimal("80437800.00"),
        2566: Decimal("78181300.00"),
        2567: Decimal("78181300.00"),
        2568: Decimal("78181300.00"),
    }
    assert {row["view"] for row in on_page(book, "budget_lines", 21)} == {"service_targets"}
    (staff,) = on_page(book, "budget_lines", 18)
    assert (staff["item"], staff["amount"], staff["year_be"], staff["budgetary_unit"]) == (
        "แผนงานบุคลากรภาครัฐ",
        Decimal("78459000.00"),
        2565,
        COMPETITION,
    )
    assert as_dicts(book).get("budget_items", []) == []


def test_a_million_baht_figure_whose_point_ocr_read_as_a_comma_is_read_as_printed():
    """`43,8115` as OCR read a ล้านบาท cell of a scanned book 3(5) (p. 175): a comma with four
    digits after it groups no thousands; it is the point. A thousands comma stays one."""
    from thaiplan.extract.recognisers.budget_documents import _amount

    assert _amount("43,8115", "ล้านบาท") == Decimal("43811500.00")
    assert _amount("1,250", "บาท") == Decimal("1250.00")


def test_the_whole_book_reconciles(book):
    """Every stated total of the book is checked; one item list is short of its stated total."""
    checks = [c for c in as_dicts(book)["checks"] if c["check"].startswith(("budget", "ministry"))]
    bad = [c for c in checks if c["status"] != "ok"]
    assert len(checks) >= 60
    assert [(c["expected"], c["actual"]) for c in bad] == [
        (Decimal("17117000.00"), Decimal("2424000.00"))
    ]


def test_the_blank_back_pages_are_neither_ocr_read_nor_reported(book):
    # pages 2, 4, 8, 12, 26 and 83 are blank (nothing drawn, no dark pixel when rendered):
    # no OCR time is spent on them and no warning says text is missing
    codes = ("no_text_layer", "ocr_page", "ocr_unavailable")
    assert [d for d in as_dicts(book)["diagnostics"] if d["code"] in codes] == []
    (doc,) = as_dicts(book)["documents"]
    assert doc["text_source"] == "text_layer"
