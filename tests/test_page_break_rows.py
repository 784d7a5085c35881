"""Rows of a PDF table cut by a page break keep their cells (issue 13).

tests/data/plans/page_break_rows.pdf is a plan printed page by page from the HTML beside
it (the command is in its first comment): a schedule whose last step is cut at the page
bottom with its weight and cumulative cells below the cut, one whose last step's cells
all fall on the next page, and a budget table whose total row, drawn with a merged
label cell, stands alone on the next page.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.rows import as_dicts
from thaiplan.extract.model import Block, Cell, Provenance, Row
from thaiplan.extract.process import FileResult, process_file
from thaiplan.extract.readers.pages import PageItem, PageResult
from thaiplan.extract.readers.pdf import join_pages
from thaiplan.extract.readers.pdf_join import (
    append_rows,
    is_split_row,
    merged_edges,
    onto_columns,
    read_again,
)
from thaiplan.extract.readers.pdf_tables import Grid
from thaiplan.normalize.units import UnitRegistry

PLAN = Path(__file__).parent / "data" / "plans" / "page_break_rows.pdf"
PROV = Provenance("x", page=1)


@pytest.fixture(scope="module")
def result() -> FileResult:
    return process_file(PLAN, PLAN.name, UnitRegistry.load())


def _steps(result: FileResult, kpi_no: str) -> list[tuple]:
    return [
        (s["step_no"], s["weight_pct"], s["cumulative_pct"], s["start_month"], s["end_month"])
        for s in as_dicts(result)["schedule_steps"]
        if s["kpi_no"] == kpi_no
    ]


def test_a_step_cut_at_the_page_bottom_keeps_the_cells_below_the_cut(result):
    steps = _steps(result, "1")
    assert [s[:3] for s in steps] == [
        ("1", 10.0, 10.0),
        ("2", 20.0, 30.0),
        ("3", 30.0, 60.0),
        ("4", 30.0, 90.0),
        ("5", 10.0, 100.0),
    ]
    assert str(steps[-1][3]) == str(steps[-1][4]) == "2023-09-01"  # its ↔ under ก.ย.
    last = as_dicts(result)["schedule_steps"][4]["step_text"].replace(" ", "")
    assert last == "สรุปผลการดำเนินงานและรายงานผลการจัดเก็บขยะมูลฝอยให้ผู้อำนวยการเขตทราบ" + (
        "พร้อมทั้งเสนอแนวทางการปรับปรุงการดำเนินงานในปีงบประมาณถัดไป"
    )


def test_a_step_whose_cells_all_fall_on_the_next_page_keeps_them(result):
    steps = _steps(result, "2")
    assert [s[:3] for s in steps] == [
        ("1", 20.0, 20.0),
        ("2", 20.0, 40.0),
        ("3", 50.0, 90.0),
        ("4", 10.0, 100.0),
    ]
    assert (str(steps[-1][3]), str(steps[-1][4])) == ("2023-08-01", "2023-09-01")  # ← ส.ค. → ก.ย.


def test_the_checks_pass_as_the_printed_plan_does(result):
    verdicts = sorted((c["check"], c["status"], c["actual"]) for c in as_dicts(result)["checks"])
    assert verdicts == [
        ("budget_table_total", "ok", Decimal("4440000.00")),
        ("schedule_cumulative", "ok", Decimal("100.00")),
        ("schedule_cumulative", "ok", Decimal("100.00")),
        ("schedule_step_count", "ok", Decimal("4.00")),
        ("schedule_step_count", "ok", Decimal("5.00")),
        ("schedule_weights_sum", "ok", Decimal("100.00")),
        ("schedule_weights_sum", "ok", Decimal("100.00")),
    ]


def test_a_total_row_alone_on_the_next_page_totals_its_own_column(result):
    total = next(c for c in as_dicts(result)["checks"] if c["check"] == "budget_table_total")
    assert total["expected"] == Decimal("4440000.00")  # the stated total, read under งบประมาณ
    assert "pages 5-6" in total["scope"]
    assert len(as_dicts(result)["budget_items"]) == 8


def row(*texts: str) -> Row:
    return Row([Cell(t, i) for i, t in enumerate(texts)], PROV)


def test_a_rest_may_bring_the_cells_the_cut_row_left_empty():
    prev = row("ขั้นตอนที่ 5 สรุปผลการดำเนินงาน", "", "", "")
    assert is_split_row(prev, row("และรายงานผล", "10", "100", "↔"), cut={0})
    assert is_split_row(prev, row("", "10", "100", "↔"), cut={0})
    # a rest filling only the cells the cut row left empty: a one-line row shows no cut
    assert is_split_row(prev, row("", "10", "100", "↔"))
    assert not is_split_row(prev, row("และรายงานผล", "10", "100", "↔"))  # shares an uncut cell
    assert not is_split_row(prev, row("6. ประเมินผล", "10", "100", ""), cut={0})  # a new item
    # a heading row over the next page's header row: the header repeats its first words
    heading = row("โครงการ/กิจกรรมที่ดำเนินการต่อเนื่อง", "")
    assert not is_split_row(heading, row("โครงการ/กิจกรรม", "ผลลัพธ์ที่ได้"), cut={0})
    closed = row("ร้อยละความสำเร็จของการดำเนินงาน (ผลผลิต)", "")
    assert not is_split_row(closed, row("ร้อยละของชุมชน", "80"), cut={0})
    # a label spanning the row leaves no empty cell of its own to fill
    spanning = Row([Cell("ยุทธศาสตร์ที่ 1 การบริหารจัดการ", 0, colspan=3)], PROV)
    assert not is_split_row(spanning, row("", "10", "100"), cut={0})


def _grid(xs: list[float]) -> Grid:
    cells = [(0, c, 1, 1, (xs[c], 0.0, xs[c + 1], 10.0)) for c in range(len(xs) - 1)]
    return Grid((xs[0], 0.0, xs[-1], 10.0), xs, [0.0, 10.0], cells)


def test_a_continuation_with_merged_cells_takes_the_tables_columns():
    table = _grid([40.0, 80.0, 400.0, 500.0, 800.0])
    assert merged_edges(table, _grid([40.0, 401.0, 499.0, 801.0])) == [0, 2, 3, 4]
    assert merged_edges(table, _grid([40.0, 800.0])) is None  # one box fits under anything
    assert merged_edges(table, _grid([40.0, 450.0, 800.0])) is None  # an edge of its own
    assert merged_edges(table, _grid([80.0, 400.0, 800.0])) is None  # not the same width
    total = _grid([40.0, 401.0, 499.0, 801.0])
    block = Block("table", PROV, rows=[row("รวมทั้งสิ้น", "4,440,000", "")])
    moved = onto_columns(block, total, table, [0, 2, 3, 4])
    assert [(c.col, c.colspan) for c in block.rows[0].cells] == [(0, 2), (2, 1), (3, 1)]
    assert block.rows[0].values() == ["รวมทั้งสิ้น", "", "4,440,000", ""]
    assert moved.xs == table.xs and [c[1:4] for c in moved.cells] == [
        (0, 1, 2),
        (2, 1, 1),
        (3, 1, 1),
    ]


def test_a_header_ocr_read_again_on_the_next_page_fills_the_first_readings_gaps():
    """A scanned schedule reprints its header on each page and OCR reads its month row
    differently each time (pages 92-93 of a mild scan of the OCSC plan): the month row
    read again is the header's, not the rest of the cut step, and it brings the months
    the first reading lost (ก.ย. ต.ค. พ.ย.)."""
    head = ["ขั้นตอนการปฏิบัติงานของโครงการ", "เนื้องานรายขั้นตอน", "คิดความก้าวหน้า", "ระยะเวลา"]
    years = ["", "", "", "พ.ศ 2564", "", "", "", "พ.ศ 2565", ""]
    first = ["", "", "", "", "", "", "ธ.ค", "ม.ค", ""]
    again = ["", "", "", "ก.ุย", "ต.ค", "พ.ุย", "ธ.ค", "ม.ค", "A.W"]
    step = row("1. พัฒนาแนวทางการดูแลและพัฒนาข้าราชการ", "10", "10", "↔")
    table = Block("table", PROV, rows=[row(*head), row(*years), row(*first), step])
    more = Block(
        "table",
        PROV,
        rows=[
            row(*head),
            row(*years),
            row(*again),
            row("ระหว่างทดลองปฏิบัติหน้าที่ราชการ"),
            row("2. จัดทำสื่อการเรียนรู้", "5", "15", "↔"),
        ],
    )
    append_rows(table, more, cut={0})
    assert table.rows[2].values() == again
    assert [r.values()[0][:2] for r in table.rows[3:]] == ["1.", "2."]
    assert table.rows[3].values()[3:] == ["↔"]  # no month names among step 1's marks
    # a row under the header that only shares its blank first cell is no reprint of it
    outcome = Block(
        "table", PROV, rows=[row("ที่", "โครงการ", "", ""), row("", "", "บรรลุ", "ไม่บรรลุ")]
    )
    outcome.rows.append(row("6", "โครงการสัมมนาเชิงปฏิบัติการเพื่อประเมินผล", "✓", ""))
    rest = row("", "กรุงเทพมหานคร (พ.ศ.2561 - 2565)", "", "")
    cont = Block(
        "table", PROV, rows=[row("ที่", "โครงการ", "", ""), row("", "", "บรรลุ", "ไม่บรรลุ"), rest]
    )
    assert read_again(rest, outcome.rows[:2], 0.85) is False
    append_rows(outcome, cont, cut={1})
    assert len(outcome.rows) == 3 and outcome.rows[2].values()[1].endswith("2565)")


def _page(number: int, *items: PageItem) -> PageResult:
    return PageResult(number, 596.0, 842.0, list(items))


def test_a_table_ends_its_page_when_the_lines_after_it_stand_beside_it():
    """Specks at a speckled scan's edge read as a short line beside the table (pages 12-13
    of a harsh scan of the OCSC plan): the table still ends the page, and the next page's
    table on its columns continues it."""
    xs = [80.0, 139.0, 287.0, 359.0, 414.0, 468.0, 533.0]
    grid = _grid(xs)
    one = Block("table", PROV, rows=[row("ที่", "โครงการ/กิจกรรม"), row("6", "โครงการสัมมนา")])
    two = Block(
        "table", Provenance("x", page=2), rows=[row("ที่", "โครงการ/กิจกรรม"), row("7", "กิจกรรม")]
    )
    speck = Block("paragraph", PROV, text="แซ็")
    pages = [
        _page(
            1,
            PageItem("table", 71.0, one, 760.0, 533.0, grid),
            PageItem("line", 348.0, speck, 357.0, 7.0),
        ),
        _page(2, PageItem("table", 71.0, two, 300.0, 533.0, _grid(xs))),
    ]
    blocks = join_pages(pages)
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1 and [r.values()[0] for r in tables[0].rows] == ["ที่", "6", "7"]
    # a line below the table's bottom is after it: the next page's table is a new one
    after = PageItem("line", 770.0, speck, 780.0, 300.0)
    pages[0].items[1] = after
    one.rows[:] = one.rows[:2]
    two.rows[:] = [row("ที่", "โครงการ/กิจกรรม"), row("7", "กิจกรรม")]
    assert len([b for b in join_pages(pages) if b.kind == "table"]) == 2
