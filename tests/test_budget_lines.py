"""The detail view of real national budget books, read as a tree of amount lines.

The pages in tests/data were copied from เอกสารงบประมาณ ฉบับที่ 3 (FY 2565) เล่มที่ 17 (pages
13, 18-24, 27, 37-39) and เล่มที่ 3(5) (pages 147, 159-161); the values below were read by
hand from those printed pages.
"""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.rows import as_dicts

DATA = Path(__file__).parent / "data"
COMPETITION = "สำนักงานคณะกรรมการการแข่งขันทางการค้า"
ASTRONOMY = "สถาบันวิจัยดาราศาสตร์แห่งชาติ (องค์การมหาชน)"


@pytest.fixture(scope="module")
def book17(units):
    from thaiplan.extract.process import process_file

    path = DATA / "budget_book17_pages.pdf"
    return process_file(path, path.name, units)


@pytest.fixture(scope="module")
def book35(units):
    from thaiplan.extract.process import process_file

    path = DATA / "budget_book3-5_pages.pdf"
    return process_file(path, path.name, units)


def lines(result, **where):
    return [
        row
        for row in as_dicts(result)["budget_lines"]
        if all(row[key] == value for key, value in where.items())
    ]


def test_a_unit_and_its_ministry_come_from_the_part_title(book17):
    (total,) = lines(book17, view="other", year_be=2565, budgetary_unit=COMPETITION)
    assert (total["ministry"], total["amount"]) == ("หน่วยงานอื่นของรัฐ", Decimal("166576700.00"))
    units = {row["budgetary_unit"] for row in as_dicts(book17)["budget_lines"]}
    assert units == {COMPETITION, "สำนักงานสภาเกษตรกรแห่งชาติ"}


def test_an_item_with_a_quantity_hangs_in_its_tree(book17):
    (item,) = lines(book17, quantity_text="1 ระบบ", amount=Decimal("2256500.00"))
    assert item["item"].startswith("โครงการเพิ่มประสิทธิภาพระบบสารสนเทศด้านกำกับดูแลการแข่งขัน ทางการค้า")
    assert item["item"].endswith("กรุงเทพมหานคร 1 ระบบ")
    assert (item["category_lv1"], item["category_path"], item["level"], item["is_leaf"]) == (
        "งบเงินอุดหนุน",
        ["เงินอุดหนุนทั่วไป", "ค่าใช้จ่ายลงทุน", "ค่าครุภัณฑ์"],
        5,
        True,
    )
    assert (item["amount"], item["year_be"], item["obligated"]) == (
        Decimal("2256500.00"),
        2565,
        False,
    )
    assert item["output"] == "การบริหารจัดการองค์กรและพัฒนาการกำกับดูแลการแข่งขันทางการค้า"
    assert item["plan"] == "แผนงานพื้นฐานด้านการปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ"
    by_id = {row["line_id"]: row for row in as_dicts(book17)["budget_lines"]}
    ancestors = []
    row = item
    while row["parent_id"]:
        row = by_id[row["parent_id"]]
        ancestors.append(row["item"])
    assert ancestors[:3] == ["ค่าครุภัณฑ์", "ค่าใช้จ่ายลงทุน", "เงินอุดหนุนทั่วไป"]
    assert ancestors[-1] == "งบประมาณรายจ่าย"  # the unit's stated total is the root


def test_a_wrapped_heading_is_joined_before_it_names_the_project(book17):
    (total,) = lines(book17, view="detail", level=0, amount=Decimal("1070000.00"))
    assert total["project"] == "โครงการส่งเสริมและสร้างทักษะในการประกอบอาชีพ ทั้งในและนอกภาคเกษตร"
    assert total["output"] is None


def test_a_commitment_gives_one_row_per_year(book35):
    rows = lines(book35, quantity_text="1 ชุด", obligated=True)
    telescope = {
        row["year_be"]: row["amount"]
        for row in rows
        if row["item"].startswith("กล้องโทรทรรศน์วิทยุขนาดเส้นผ่านศูนย์กลาง 13 เมตร")
    }
    assert telescope == {
        2564: Decimal("26000000.00"),
        2565: Decimal("13000000.00"),
        2566: Decimal("78500000.00"),
        2567: Decimal("12500000.00"),
    }


def test_a_long_item_printed_left_of_its_parent_stays_under_it(book35):
    """`(1)` items under `6) งบรายจ่ายอื่น` keep the list's numbering when the indent does not."""
    (other,) = lines(book35, item="งบรายจ่ายอื่น")
    below = [
        row for row in as_dicts(book35)["budget_lines"] if row["parent_id"] == other["line_id"]
    ]
    assert [row["amount"] for row in below] == [Decimal("5870400.00"), Decimal("4500000.00")]


def test_tree_sums_are_checked_and_a_real_gap_is_shown(book17, book35):
    checks17 = [c for c in as_dicts(book17)["checks"] if c["check"] == "budget_tree_sum"]
    assert checks17 and all(c["status"] == "ok" for c in checks17)
    (unit_total,) = [c for c in as_dicts(book17)["checks"] if c["check"] == "budget_unit_total"]
    assert (unit_total["status"], unit_total["expected"]) == ("ok", Decimal("166576700.00"))
    bad = [c for c in as_dicts(book35)["checks"] if c["status"] != "ok"]
    # the page states 3 items totalling 3,815,000 and lists two (2,355,000 and 560,000)
    assert [(c["expected"], c["actual"]) for c in bad] == [
        (Decimal("3815000.00"), Decimal("2915000.00"))
    ]
    assert "page 3" in bad[0]["scope"]


def test_an_altered_amount_is_a_mismatch(book17):
    from dataclasses import replace

    from thaiplan.extract.check.checks import budget_tree_sum
    from thaiplan.extract.ids import IdMaker
    from thaiplan.extract.records import Record

    records = [Record(placed.row) for placed in book17.records["budget_lines"]]
    leaf = next(r for r in records if r.row.quantity_text == "1 ระบบ")
    leaf.row = replace(leaf.row, amount=leaf.row.amount + 1)
    statuses = [c.row.status for c in budget_tree_sum(records, IdMaker("x"))]
    assert statuses.count("mismatch") == 1  # its parent only: the unit total is stated


def test_detail_leaves_export_in_the_community_csv_layout(book17, tmp_path):
    import csv

    from thaiplan.output.kaogeek import write_kaogeek_csv
    from thaiplan.output.schemas import to_table

    rows = book17.records["budget_lines"]
    written = write_kaogeek_csv(to_table("budget_lines", rows), tmp_path / "book.csv")
    with (tmp_path / "book.csv").open(encoding="utf-8") as handle:
        header, *body = list(csv.reader(handle))
    assert header[:4] == ["", "ITEM_ID", "REF_DOC", "REF_PAGE_NO"]
    assert header[-4:] == ["FISCAL_YEAR", "AMOUNT", "OBLIGED?", "DEBUG_LOG"]
    assert written.rows == len(body) == len(lines(book17, view="detail", is_leaf=True))
    staff = body[0]
    assert staff[4:11] == [
        "หน่วยงานอื่นของรัฐ",
        COMPETITION,
        "False",
        "แผนงานบุคลากรภาครัฐ",
        "",
        "",
        "งบเงินอุดหนุน",
    ]
    assert staff[11] == "เงินอุดหนุนทั่วไป"
    assert staff[16:20] == ["ค่าใช้จ่ายบุคลากร", "2022", "78,459,000", "False"]


def test_service_target_money_agrees_with_the_detail_even_under_a_wrapped_heading(book17):
    money = {
        c["expected"]: c["status"]
        for c in as_dicts(book17)["checks"]
        if c["check"] == "budget_kpi_money"
    }
    assert money == {
        Decimal("80437800.00"): "ok",
        Decimal("7679900.00"): "ok",
        Decimal("1070000.00"): "ok",  # 7.3.2 โครงการที่ 2 : … wraps onto a second line
    }


@pytest.fixture(scope="module")
def numbering(units):
    """A made-up book part: a unit name wrapped inside a word, `1.1)` under `1)`, and a
    second part whose title stands above a `หน่วย : บาท` page header."""
    from thaiplan.extract.process import process_file

    path = DATA / "plans" / "national_book_numbering.txt"
    return process_file(path, path.name, units)


def test_a_unit_title_wrapped_inside_a_word_is_joined_whole(numbering):
    units = {row["budgetary_unit"] for row in as_dicts(numbering)["budget_lines"]}
    assert "สำนักงานคณะกรรมการส่งเสริมสวัสดิการและสวัสดิภาพครูและบุคลากรทางการศึกษา" in units


def test_a_unit_statement_between_title_and_budget_line_is_no_part_of_the_title(numbering):
    (total,) = lines(numbering, view="other", year_be=2565, amount=Decimal("60000.00"))
    assert total["budgetary_unit"] == "สำนักงานปลัดกระทรวงศึกษาธิการ"
    units = {row["budgetary_unit"] for row in as_dicts(numbering)["budget_lines"]}
    assert not any(unit.startswith("หน่วย") for unit in units)


def test_numbered_sub_items_1_1_paren_hang_under_1_paren(numbering):
    (parent,) = lines(numbering, item="เงินอุดหนุนเพื่อการดำเนินงาน")
    children = [
        r for r in as_dicts(numbering)["budget_lines"] if r["parent_id"] == parent["line_id"]
    ]
    assert [c["item"] for c in children] == ["ค่าใช้จ่ายบุคลากร", "ค่าใช้จ่ายดำเนินงาน"]
    assert sum(c["amount"] for c in children) == parent["amount"]


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_a_scanned_detail_gives_the_money_of_its_text_layer(book17, units, tmp_path):
    """The same pages as an image-only scan: OCR drops the space after an item's numbering
    (`1)ค่าใช้จ่าย`), misreads numberings, unit words and commas, and splits a title; the
    detail still gives the text layer's leaves and the unit totals their view."""
    from tests.scans import scan_pages
    from thaiplan.extract.process import process_file

    pages = range(8)  # book pages 13 and 18-24: a part's title, totals and two details
    setting = {"seed": 12, "skew": 0.5, "noise": 0.002, "blur": 0.0, "quality": 75}
    scan = scan_pages(DATA / "budget_book17_pages.pdf", tmp_path / "b17.pdf", pages, **setting)
    scanned = process_file(scan, scan.name, units)

    def leaves(result) -> list[Decimal]:
        rows = lines(result, view="detail", is_leaf=True)
        return [r["amount"] for r in rows if r["page"] <= len(pages) and r["amount"]]

    printed, read = leaves(book17), leaves(scanned)
    matched = [a for a in printed if a in read and not read.remove(a)]
    assert len(printed) >= 7 and sum(matched) >= Decimal("0.95") * sum(printed)
    (total,) = lines(scanned, view="other", year_be=2565)
    assert (total["budgetary_unit"], total["amount"]) == (COMPETITION, Decimal("166576700.00"))


def test_a_line_whose_amount_was_taken_from_its_items_is_not_checked_against_them(book17):
    """A misread figure mended to its items' sum (a scan) cannot be checked by those items:
    its tree-sum check says unverifiable, never ok; an unmended line is still checked."""
    from thaiplan.extract.check.checks import budget_tree_sum
    from thaiplan.extract.ids import IdMaker
    from thaiplan.extract.records import AMOUNT_FROM_ITEMS, Record

    records = [Record(placed.row) for placed in book17.records["budget_lines"]]
    parents = {r.row.parent_id for r in records}

    def statuses() -> list[str]:
        return [c.row.status for c in budget_tree_sum(records, IdMaker("x"))]

    before = statuses()
    mended = next(r for r in records if r.row.line_id in parents and r.row.level == 1)
    mended.meta[AMOUNT_FROM_ITEMS] = True
    after = statuses()
    assert after.count("unverifiable") == before.count("unverifiable") + 1
    assert after.count("ok") == before.count("ok") - 1 > 0


def _scanned_book_lines(lines: list[tuple[str, float]]):
    """Lines of a scanned book page as OCR read them: their text and where each ends."""
    from thaiplan.extract.context.reading import Reading
    from thaiplan.extract.model import Block, Document, Provenance
    from thaiplan.normalize.units import UnitRegistry

    blocks = [
        Block("paragraph", Provenance("x.pdf", page=1, bbox=(100, 20 * i, end, 20 * i + 12)), text)
        for i, (text, end) in enumerate(lines)
    ]
    return Reading.of(Document("x.pdf", "0" * 64, "pdf", blocks), UnitRegistry.load(), 2565, None)


def test_a_scan_whose_section_numbers_and_commitment_year_ocr_misread_gives_the_detail():
    """Lines as OCR read them from a harsh scan of book 3(5) (pp. 179-185): section
    numbers with a point or the space after them lost (`73 แผนงาน…`, `7.33โครงการที่3`)
    and a commitment's `ปี 2566` read as `1) 2666`. The sections still name the plan and
    close the detail before them (their notes are no items), and the year is the one
    after the book's own, noted."""
    from thaiplan.extract.ids import IdMaker
    from thaiplan.extract.recognisers import budget_lines

    column, short = 500.0, 420.0  # where the amount column ends; notes stop short of it
    reading = _scanned_book_lines(
        [
            ("สถาบันทดสอบ (องค์การมหาชน)", 300.0),
            ("งบประมาณ ปี 2564 ปี 2565", column),
            ("งบประมาณรายจ่าย 90,000,000 บาท 75,463,900 บาท", column),
            ("73 แผนงานยุทธศาสตร์เพื่อสนับสนุนด้านการแข่งขัน 75,463,900 บาท", column),
            ("7.3.2โครงการที่2 :โครงการพัฒนาโครงสร้างพื้นฐาน 44,000,000 บาท", column),
            ("รายละเอียดงบประมาณจำแนกตามงบรายจ่าย", 300.0),
            ("โครงการ :โครงการพัฒนาโครงสร้างพื้นฐาน 44,000,000 บาท", column),
            ("1.งบลงทุน 44,000,000 บาท", column),
            ("1)ค่าที่ดิน/สิ่งก่อสร้าง 44,000,000 บาท", column),
            ("(1)ค่าก่อสร้างอาคารปฏิบัติการ 1งาน 29,894,400 บาท", column),
            ("วงเงินทั้งสิ้น 149,471,900 บาท", short),
            ("ปี2565ตั้งงบประมาณ 29,894,400 บาท", short),
            ("1) 2666ผูกพันงบประมาณ 119,577,500 um", short),
            ("(2)ค่าควบคุมงานก่อสร้าง 1งาน 14,105,600 บาท", column),
            ("7.33โครงการที่3 : โครงการใช้ประโยชน์ 31,463,900 บาท", column),
            ("7.3.3.4 วงเงินทั้งสิ้นของโครงการ 673,403,700 บาท", short),
            ("-เงินงงบประมาณ 673,403,700 บาท", short),
        ]
    )
    rows = [r.row for r in budget_lines.recognise(reading, IdMaker("0" * 16))]
    detail = [(r.level, r.year_be, r.amount) for r in rows if r.view == "detail"]
    assert detail == [
        (0, 2565, Decimal("75463900")),
        (0, 2565, Decimal("44000000")),
        (1, 2565, Decimal("44000000")),
        (2, 2565, Decimal("44000000")),
        (3, 2565, Decimal("29894400")),
        (3, 2566, Decimal("119577500")),
        (3, 2565, Decimal("14105600")),
    ]
    assert rows[-1].plan == "แผนงานยุทธศาสตร์เพื่อสนับสนุนด้านการแข่งขัน"
    assert [d.code for d in reading.diagnostics] == ["commitment_year_mended"]
