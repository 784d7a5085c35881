"""OCR of image-only PDF pages: a real scanned table page, and the missing-Tesseract path."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.rows import as_dicts
from thaiplan.cli import main
from thaiplan.extract.process import process_file
from thaiplan.extract.readers.image_rules import Rule
from thaiplan.extract.readers.ocr import _tables, year_guard
from thaiplan.extract.readers.pdf import read_pdf

SCAN = Path(__file__).parent / "data" / "scan_table_page.pdf"  # one page of a 200 dpi scan
SCHEDULE_SCAN = Path(__file__).parent / "data" / "scan_schedule_page.pdf"  # steps 3-5
FIRST_STEPS_SCAN = Path(__file__).parent / "data" / "scan_schedule_first_steps_page.pdf"  # p. 46
SUMMARY_SCAN = Path(__file__).parent / "data" / "scan_summary_pages.pdf"  # pages 19-20
ROW_ACROSS_PAGES = Path(__file__).parent / "data" / "scan_row_across_pages.pdf"  # pages 24-25
ITEM_NUMBERS_SCAN = Path(__file__).parent / "data" / "scan_item_numbers_page.pdf"  # page 42
TEXT_PDF = Path(__file__).parent / "data" / "pdf" / "kpi_detail_hrsmart.pdf"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="the tesseract program is not installed"
)


@pytest.mark.ocr
@needs_tesseract
def test_scanned_table_page_reads_into_ruled_cells():
    doc = read_pdf(SCAN, "scan.pdf")
    assert doc.text_source == "ocr"
    notes = [d for d in doc.diagnostics if d.code == "ocr_page"]
    assert len(notes) == 1 and notes[0].severity == "info" and "confidence" in notes[0].message
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].width == 5
    values = [r.values() for r in tables[0].rows]
    assert values[0][2].startswith("งบประมาณ")
    # Thai digits and amounts as printed, although Tesseract reads ๓,๕๐๐,๐๐๐ as letters and
    # repeats digits of ๕๐,๓๐๐; a lone dash cell reads as "-"
    assert [v[0] for v in values[1:]] == ["๑", "๒", "๓"]
    assert [v[2] for v in values[1:]][::2] == ["๓,๕๐๐,๐๐๐.-", "๕๐,๓๐๐.-"]
    assert values[2][3] == "-" and "งบประมาณ" in values[2][2]
    assert any("ส่วนบริหารกลาง" in v[4] for v in values)
    assert "numbers re-read from their digit shapes" in notes[0].message


@pytest.mark.ocr
@needs_tesseract
def test_without_a_thai_font_the_digits_are_said_to_be_unchecked(monkeypatch):
    from thaiplan.extract.readers import ocr_digits

    monkeypatch.setattr(ocr_digits, "templates", lambda: ())
    doc = read_pdf(SCAN, "scan.pdf")
    (note,) = [d for d in doc.diagnostics if d.code == "ocr_digits_unchecked"]
    assert note.severity == "warning" and "fonts-tlwg-laksaman-ttf" in note.message
    assert "re-read" not in next(d for d in doc.diagnostics if d.code == "ocr_page").message


def test_ocr_off_leaves_image_only_pages_unread_and_says_so():
    doc = read_pdf(SCAN, "scan.pdf", ocr="off")
    assert doc.blocks == [] and doc.text_source == "text_layer"
    assert [d.code for d in doc.diagnostics] == ["no_text_layer"]


@pytest.mark.ocr
@needs_tesseract
def test_ocr_force_reads_a_page_that_has_a_text_layer(tmp_path):
    """For a text layer that is garbage: the page is read from its image instead."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(TEXT_PDF).pages[0])
    page = tmp_path / "page.pdf"
    writer.write(page)
    layer, forced = read_pdf(page, "page.pdf"), read_pdf(page, "page.pdf", ocr="force")
    assert layer.text_source == "text_layer" and forced.text_source == "ocr"
    assert [d.code for d in forced.diagnostics].count("ocr_page") == 1
    words = " ".join(b.text for b in forced.blocks if b.kind != "table")
    assert "ระดับความสำเร็จของการดำเนินโครงการต้นแบบ" in words and "0402-0810" in words


def test_missing_tesseract_gives_a_diagnostic_not_a_traceback(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    doc = read_pdf(SCAN, "scan.pdf")
    codes = [d.code for d in doc.diagnostics]
    assert "ocr_unavailable" in codes and "ocr_page" not in codes
    assert doc.text_source == "text_layer" and doc.blocks == []


def test_missing_vertical_rule_inside_a_band_spans_columns():
    hrules = [Rule(0, 0, 300), Rule(50, 0, 300), Rule(100, 0, 300)]
    vrules = [Rule(0, 0, 100), Rule(100, 50, 100), Rule(200, 0, 100), Rule(300, 0, 100)]
    (grid,) = _tables(hrules, vrules)
    assert grid.xs == [0, 100, 200, 300]
    spans = [(r, c, cs) for r, c, _rs, cs, _b in grid.cells]
    assert spans == [(0, 0, 2), (0, 2, 1), (1, 0, 1), (1, 1, 1), (1, 2, 1)]


def test_ocr_year_far_from_the_documents_year_is_named():
    texts = [(1, "แผนปฏิบัติการประจำปี พ.ศ. ๒๕๖๒"), (3, "ธันวาคม ๒๕๖๑ - พฤษภาคม ๒๕๖๒"), (4, "พ.ศ. ๒๕๒๒")]
    (note,) = year_guard(texts, "scan.pdf")
    assert note.code == "ocr_implausible_year" and note.prov.page == 4
    assert "page 4" in note.message and "๒๕๒๒" in note.message and "2562" in note.message
    cited = (5, "ตามมาตรา ๗ แห่ง พระราชบัญญัติ ข้อมูลข่าวสารของ ราชการ พ.ศ. ๒๕๔๐ผ่านเว็บไซต์")
    assert year_guard([*texts, cited], "scan.pdf") == [note]  # an act's year is no misread


def test_latin_words_keep_their_spaces_and_thai_letters_their_joins():
    """Tesseract splits Latin text only at spaces but Thai text into letters: a narrow gap
    is a space between Latin words and none between Thai pieces."""
    from thaiplan.extract.readers.ocr import Word, _join

    def words(*pieces: tuple[str, float, float]) -> list[Word]:
        return [Word(text, x0, 0.0, x1, 40.0, 90.0, (1, 1, 1)) for text, x0, x1 in pieces]

    latin = words(("Free", 0, 70), ("Research", 82, 220), ("Preview.", 232, 360))
    assert _join(latin, 40.0) == "Free Research Preview."
    thai = words(("ตัว", 0, 50), ("ชี้", 58, 90), ("วัด", 98, 150), ("ร้อยละ", 190, 300))
    assert _join(thai, 40.0) == "ตัวชี้วัด ร้อยละ"
    touching = words(("Vue", 0, 50), (".js", 52, 90))
    assert _join(touching, 40.0) == "Vue.js"


@pytest.mark.ocr
@needs_tesseract
def test_extract_shows_each_ocr_page_as_it_is_read(tmp_path):
    """A scan takes seconds a page: the progress on stderr names every page OCR finishes,
    from the worker pool as from one worker."""
    for name in ("one.pdf", "two.pdf"):  # two files, not two copies of one (read once)
        (tmp_path / name).write_bytes(SCAN.read_bytes() + f"%{name}\n".encode())
    result = CliRunner().invoke(
        main, ["extract", str(tmp_path), "--out", str(tmp_path / "out"), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    for name in ("one.pdf", "two.pdf"):
        page = lines.index(f"{tmp_path.name}/{name}: OCR page 1 of 1")
        done = next(i for i, line in enumerate(lines) if f"{tmp_path.name}/{name}: ok" in line)
        assert page < done


@pytest.mark.ocr
@needs_tesseract
def test_scanned_schedule_page_keeps_its_steps_and_month_run(units):
    """Page 47 of the secretariat scan: OCR drops the marks of ขั้นตอนที่ and of the
    ความก้าวหน้า header and reads มี.ค. as ม.ค.; every step, weight, cumulative value and
    month of the printed page still comes through."""
    result = process_file(SCHEDULE_SCAN, "schedule.pdf", units)
    steps = as_dicts(result)["schedule_steps"]
    assert [s["step_no"] for s in steps] == ["3", "4", "5"]
    assert [(s["weight_pct"], s["cumulative_pct"]) for s in steps] == [
        (60.0, 80.0),
        (10.0, 90.0),
        (10.0, 100.0),
    ]
    assert [[m.month for m in s["months"]] for s in steps] == [[12, 1, 2, 3, 4, 5], [1, 5], [7]]
    first, *rest = steps[0]["months"]
    assert all(m.year == first.year + 1 for m in rest)  # the year turns at January


@pytest.mark.ocr
@needs_tesseract
def test_scanned_budget_summary_keeps_amounts_read_with_a_letter_among_the_digits(units):
    """Pages 19-20 of the secretariat scan: Tesseract reads ๑๔,๗๐๐,๐๐๐ as ๑๕,๑ฒ๐๐,๐๐๐ in the
    row and as ๑๔, ฒ๐๐,๐๐๐ in the total, the measure number (๓) as (cn), and ไม่ใช้งบประมาณ
    without its tone mark; the amounts, the measure numbers, the no-budget row, the
    reconciled total and the detail row paired with its summary row all come through."""
    result = process_file(SUMMARY_SCAN, "summary.pdf", units)
    items = [i for i in as_dicts(result)["budget_items"] if i["section"] == "summary"]
    assert [(i["amount"], i["funding_status"]) for i in items] == [
        (None, "no_budget"),
        (Decimal("14700000.00"), "funded"),
    ]
    assert [i["measure_ref"] for i in items] == ["2", "3"]
    (paired,) = [c for c in as_dicts(result)["checks"] if c["check"] == "budget_detail_vs_summary"]
    assert (paired["expected"], paired["actual"], paired["status"]) == (
        Decimal("14700000.00"),
        Decimal("14700000.00"),
        "ok",
    )
    (total,) = [c for c in as_dicts(result)["checks"] if c["check"] == "budget_table_total"]
    assert (total["expected"], total["actual"], total["status"], total["items"]) == (
        Decimal("14700000.00"),
        Decimal("14700000.00"),
        "ok",
        1,
    )
    notes = as_dicts(result)["diagnostics"]
    (page,) = [d for d in notes if d["code"] == "ocr_page" and d["page"] == 2]
    assert "๑๕,๑ฒ๐๐,๐๐๐.- -> ๑๔,๗๐๐,๐๐๐.-" in page["context"]
    assert not [d for d in notes if d["code"] == "unparsed_amount"]


@pytest.mark.ocr
@needs_tesseract
def test_scanned_row_cut_by_the_page_break_is_one_indicator(units):
    """Pages 24-25 of the secretariat scan: an indicator's row runs over the page break,
    and specks above the next page's table read as tiny letters (`a`, `ย es`) that would
    stand between the two parts of the table; they are dropped and the row is mended."""
    result = process_file(ROW_ACROSS_PAGES, "pages.pdf", units)
    kpis = [
        (k["page"], k["kpi_set"], k["name"], k["target_value"]) for k in as_dicts(result)["kpis"]
    ]
    assert kpis == [
        (
            1,
            "objective",
            "ความสำเร็จในการดำเนินโครงการพัฒนา ระบบสารสนเทศอิเล็กทรอนิกส์ของกรุงเทพมหานคร",
            100.0,
        ),
        (
            2,
            "measure",
            "ความสำเร็จในการดำเนินโครงการพัฒนาระบบสารสนเทศอิเล็กทรอนิกส์ของกรุงเทพมหานคร",
            100.0,
        ),
    ]


@pytest.mark.ocr
@needs_tesseract
def test_item_numbers_misread_as_marks_or_letters_are_read_from_their_glyphs():
    """Page 42 of the secretariat scan: Tesseract opens the indicator cells with `D.` and
    `oJ.` for ๖. and ๗.; the glyphs give the item numbers back, and the page says so."""
    doc = read_pdf(ITEM_NUMBERS_SCAN, "page.pdf")
    firsts = [r.values()[0] for b in doc.blocks if b.kind == "table" for r in b.rows]
    assert [f[:2] for f in firsts if f[:1] in "๔๕๖๗"] == ["๔.", "๕.", "๖.", "๗."]
    (page,) = [d for d in doc.diagnostics if d.code == "ocr_page"]
    assert "D. -> ๖." in (page.context or "") and "oJ. -> ๗." in (page.context or "")


def _odd_pages_scan(path: Path) -> Path:
    """A scan of five pages: blank paper, a page printed black, a table page turned on its
    side, a photograph-like page (shading and grain), and the scanned table page."""
    import io

    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    dpi = 100
    table = pdfium.PdfDocument(SCAN)[0].render(scale=dpi / 72, grayscale=True).to_pil()
    w, h = table.size
    yy, xx = np.mgrid[0:h, 0:w]
    grain = np.random.default_rng(5).normal(0, 40, (h, w))
    photo = 128 + 60 * np.sin(xx / 12.0) * np.cos(yy / 17.0) + grain
    odd = [
        Image.new("L", (w, h), 255),
        Image.new("L", (w, h), 0),
        table.convert("L").crop((0, 0, w, h // 3)).rotate(90, expand=True),
        Image.fromarray(photo.clip(0, 255).astype(np.uint8)),
    ]
    writer = PdfWriter()
    for im in odd:
        buf = io.BytesIO()
        im.save(buf, "PDF", resolution=dpi)
        writer.add_page(PdfReader(buf).pages[0])
    writer.add_page(PdfReader(SCAN).pages[0])
    writer.write(path)
    return path


@pytest.mark.ocr
@needs_tesseract
def test_blank_black_turned_and_photo_pages_do_not_cost_the_scan(tmp_path):
    """A page turned on its side left a cell whose ink read as nothing and as no number
    (StatisticsError: the whole document was lost); a photograph took Tesseract minutes.
    Every page is read or said to be a picture, and the table page reads as on its own."""
    doc = read_pdf(_odd_pages_scan(tmp_path / "odd.pdf"), "odd.pdf")
    notes = {d.prov.page: d.message for d in doc.diagnostics if d.code == "ocr_page"}
    assert sorted(notes) == [1, 2, 3, 4, 5]
    assert "100% of the page is a picture" in notes[2] and "picture" in notes[4]
    assert "picture" not in notes[1] + notes[3] + notes[5]
    tables = [b for b in doc.blocks if b.kind == "table" and b.prov.page == 5]
    assert [r.values()[0] for r in tables[0].rows[1:]] == ["๑", "๒", "๓"]


@pytest.mark.ocr
@needs_tesseract
@pytest.mark.parametrize("turn", [90, 270])
def test_a_page_scanned_on_its_side_is_turned_upright_and_read_like_the_upright_one(tmp_path, turn):
    """The table page scanned on its side read as garbage (letters of rules and rotated
    glyphs); Tesseract's OSD finds the turn, and the page read upright gives the cells of
    the page scanned upright (test_scanned_table_page_reads_into_ruled_cells), the turn
    noted on the page."""
    import io

    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter

    dpi = 200
    page = pdfium.PdfDocument(SCAN)[0].render(scale=dpi / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    page.convert("L").rotate(turn, expand=True).save(buf, "PDF", resolution=dpi)
    writer = PdfWriter()
    writer.add_page(PdfReader(buf).pages[0])
    writer.write(tmp_path / "turned.pdf")
    doc = read_pdf(tmp_path / "turned.pdf", "turned.pdf")
    (note,) = [d for d in doc.diagnostics if d.code == "ocr_page"]
    assert f"turned {turn} degrees upright" in note.message
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    values = [r.values() for r in table.rows]
    assert table.width == 5 and [v[0] for v in values[1:]] == ["๑", "๒", "๓"]
    assert "๕๐,๓๐๐.-" in [v[2] for v in values] and values[0][2].startswith("งบประมาณ")
    assert any("ส่วนบริหารกลาง" in v[4] for v in values)


@pytest.mark.ocr
@needs_tesseract
def test_a_page_ocr_fails_on_is_a_warning_and_the_other_pages_are_read(tmp_path, monkeypatch):
    from thaiplan.extract.readers import ocr

    read = ocr._read_image

    def fails_on_page_two(img, page, source_path, settings):
        if page.number == 2:
            raise ValueError("no rule in this image")
        return read(img, page, source_path, settings)

    monkeypatch.setattr(ocr, "_read_image", fails_on_page_two)
    path = tmp_path / "odd.pdf"
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for _ in range(2):
        writer.add_page(PdfReader(SCAN).pages[0])
    writer.write(path)
    doc = read_pdf(path, "odd.pdf")
    (failed,) = [d for d in doc.diagnostics if d.code == "ocr_page_failed"]
    assert failed.severity == "warning" and failed.prov.page == 2
    assert "ValueError: no rule in this image" in failed.message
    assert {b.prov.page for b in doc.blocks} == {1}


@pytest.mark.ocr
@needs_tesseract
def test_a_title_year_read_outside_the_era_is_read_again_from_its_digit_shapes(tmp_path, units):
    """The cover of the secretariat plan scanned harshly: Tesseract reads the title's
    ๒๕๖๒ as ๒๕๒๒ (the plan had fiscal year 1979). Its ๕ and ๖ touch, so they were one
    glyph too wide for a digit and the shapes were not read; cut apart at their thinnest
    column, they read ๒๕๖๒ (were they not, the cover's restated year would mend it:
    test_years_a_page_states_as_its_own_are_mended_only_to_one_fitting_year)."""
    from tests.scans import scan_pages

    scan = scan_pages(TEXT_PDF.parent / "plan2562_secretariat.pdf", tmp_path / "c.pdf", range(1))
    result = process_file(scan, "cover.pdf", units)
    (doc,) = as_dicts(result)["documents"]
    assert doc["fiscal_year_ce"] == 2019 and doc["title"].endswith("2562")
    (page,) = [d for d in as_dicts(result)["diagnostics"] if d["code"] == "ocr_page"]
    assert ".๒๕๒๒ -> .๒๕๖๒" in page["context"]


def test_years_a_page_states_as_its_own_are_mended_only_to_one_fitting_year():
    from thaiplan.extract.model import Block, Cell, Provenance, Row
    from thaiplan.extract.readers.ocr import _texts, mend_years
    from thaiplan.extract.readers.pdf import PageItem, PageResult

    def line(text: str) -> PageItem:
        return PageItem("line", 0, Block("paragraph", Provenance("x.pdf", page=1), text=text), 0, 0)

    cells = [Cell("พ.ศ. ๒๕๒๓", 0), Cell("๒๕๖๓", 1), Cell("2500", 2), Cell("๒๕๒", 3)]
    table = Block("table", Provenance("x.pdf", page=1), rows=[Row(cells, Provenance("x.pdf"))])
    page = PageResult(1, 600, 800)
    page.items = [
        line("แผนปฏิบัติราชการประจําปี พ.ศ. ๓๒๕๒๓"),  # a speck read as a digit, ๖ as ๒
        line("ประจำปีงบประมาณ พ.ศ. ๒๕๖๓"),
        line("พระราชบัญญัติ ระเบียบบริหารราชการกรุงเทพมหานคร พ.ศ. ๒๕๒๘"),  # an act's year
        line("ก่อตั้งเมื่อ ๒๕๒๒"),  # a year in running text: any year
        line("ตั้งแต่ พ.ศ. ๓๒๕๖๓ เป็นต้นไป"),  # no year has five digits
        line("พ.ศ. ๒๕๖๒๓"),  # ๒๕๖๒ and ๒๕๖๓ fit as well: kept as read
        PageItem("table", 0, table, 0, 0),
    ]
    notes = mend_years([page], "x.pdf")
    assert _texts(page) == [
        "แผนปฏิบัติราชการประจําปี พ.ศ. ๒๕๖๓",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๓",
        "พระราชบัญญัติ ระเบียบบริหารราชการกรุงเทพมหานคร พ.ศ. ๒๕๒๘",
        "ก่อตั้งเมื่อ ๒๕๒๒",
        "ตั้งแต่ พ.ศ. ๒๕๖๓ เป็นต้นไป",
        "พ.ศ. ๒๕๖๒๓",
        "พ.ศ. ๒๕๖๓",
        "๒๕๖๓",
        "2500",  # an amount, not a year heading
        "๒๕๒",
    ]
    assert [n.code for n in notes] == ["ocr_year_mended"] * 3


@pytest.mark.ocr
@needs_tesseract
@pytest.mark.parametrize(
    "setting",
    [
        dict(seed=3, skew=0.4, noise=0.001, blur=0, quality=80, dpi=150),
        dict(seed=11, skew=0.6, noise=0.002, blur=0.4, quality=60, dpi=300),
        dict(seed=21, skew=1.0, noise=0.004, blur=0.7, quality=60, dpi=250),
    ],
    ids=["150dpi", "300dpi-blurred", "250dpi-number-lost"],
)
def test_a_lone_figure_read_unsure_is_read_again_on_its_own(tmp_path, units, setting):
    """The KPI report scanned two ways: Tesseract reads quarter 4's lone `4` as `ศุ` (150
    dpi) and quarter 2's `2` as `ท` (300 dpi, blurred), unsure, and the line was dropped as
    speckle, so the quarters could not be told apart; cut out and read alone on white
    paper they are `4` and `2`, and all four quarters come through. At 250 dpi, blurred,
    the `4` is not read at all: the last row, one value short of the others, is quarter 4
    (only quarter 1 came through, holding every value)."""
    from tests.scans import scan_pages

    scan = scan_pages(TEXT_PDF, tmp_path / "k.pdf", range(2), **setting)
    result = process_file(scan, "kpi.pdf", units)
    quarters = [(r["quarter"], r["result_value"]) for r in as_dicts(result)["kpi_results"]]
    assert quarters == [(1, 10.0), (2, 25.0), (3, 65.0), (4, 100.0)]


def test_unit_names_ocr_cut_or_misread_take_the_one_name_the_document_spells_out():
    from thaiplan.extract.model import Block, Cell, Provenance, Row
    from thaiplan.extract.readers.ocr import _texts, complete_units
    from thaiplan.extract.readers.pdf import PageItem, PageResult

    def page(number: int, *units: str) -> PageResult:
        rows = [Row([Cell("โครงการ", 0), Cell(u, 1)], Provenance("x.pdf")) for u in units]
        table = Block("table", Provenance("x.pdf", page=number), rows=rows)
        return PageResult(number, 600, 800, [PageItem("table", 0, table, 0, 0)])

    spelled = page(
        1,
        "กองเทคโนโลยีเพื่อการศึกษา",
        "กองส่งเสริมวิชาการ",
        "กองส่งเสริมวิชาการ",
        "ฝ่ายบริหารงานทั่วไป",
        "ฝ่ายบริหารงานบุคคล",
    )
    scanned = page(
        2,
        "กองเทคโนโลยี",  # a wrapped line lost
        "กองส่งเสริมวิชากา 3",  # a letter lost, a figure of the next column read in
        "ฝ่ายบริหารงาน",  # begins two names: kept, noted
        "กองคลัง",  # begins none, near none: kept
    )
    notes = complete_units([spelled, scanned], {2}, "x.pdf")
    assert _texts(scanned)[1::2] == [
        "กองเทคโนโลยีเพื่อการศึกษา",
        "กองส่งเสริมวิชาการ 3",
        "ฝ่ายบริหารงาน",
        "กองคลัง",
    ]
    assert [(n.code, n.prov.page) for n in notes] == [
        ("ocr_unit_completed", 2),
        ("ocr_unit_completed", 2),
        ("ocr_unit_unsure", 2),
    ]
    assert "ฝ่ายบริหารงานทั่วไป, ฝ่ายบริหารงานบุคคล" in notes[2].message
    assert _texts(spelled)[1::2][0] == "กองเทคโนโลยีเพื่อการศึกษา"  # text-layer pages as they are


def test_a_long_unit_name_misread_by_a_letter_and_a_mark_over_its_wrap_takes_the_documents():
    """A harsh scan of the OCSC plan reads กองพัฒนาระบบราชการ- กรุงเทพมหานคร, a name the
    plan spells out on many pages, as `กองพัฒนาระบบราชกาวร์- กรุงเทพมหานคร`: a letter and a
    mark off, in a name long enough that no other is near; it is read as the plan's name,
    the wrap and all. A short name a letter and a mark off another stays as read."""
    from thaiplan.extract.model import Block, Cell, Provenance, Row
    from thaiplan.extract.readers.ocr import _texts, complete_units
    from thaiplan.extract.readers.pdf import PageItem, PageResult

    def page(number: int, *units: str) -> PageResult:
        rows = [Row([Cell("โครงการ", 0), Cell(u, 1)], Provenance("x.pdf")) for u in units]
        table = Block("table", Provenance("x.pdf", page=number), rows=rows)
        return PageResult(number, 600, 800, [PageItem("table", 0, table, 0, 0)])

    full, short = "กองพัฒนาระบบราชการกรุงเทพมหานคร", "กองคลัง"
    spelled = page(1, full, full, "กองพัฒนาระบบงานคอมพิวเตอร์", short, short)
    scanned = page(2, "กองพัฒนาระบบราชกาวร์- กรุงเทพมหานคร", "กองคลังร์")
    notes = complete_units([spelled, scanned], {2}, "x.pdf")
    assert _texts(scanned)[1::2] == [full, "กองคลังร์"]
    assert [n.code for n in notes] == ["ocr_unit_completed"]


def test_a_unit_whose_opening_word_lost_a_mark_or_that_follows_and_is_completed_too():
    """The held scans of the secretariat plan read (ฝ่ายการคลัง) as `(ฝายการคลัง)`, in two
    cells on the harsh one, and the second of two units, ส่วนเลขาธิการและศูนย์เรื่องราวร้องทุกข์,
    with both its thanthakhats lost: no name was found in either, and the indicators had no responsible unit or a
    misspelled one. Each is the one name the plan spells out within a mark or two; the
    first unit of the pair, one the plan never spells, stays as read."""
    from thaiplan.extract.model import Block, Cell, Provenance, Row
    from thaiplan.extract.readers.ocr import _texts, complete_units
    from thaiplan.extract.readers.pdf import PageItem, PageResult

    def page(number: int, *units: str) -> PageResult:
        rows = [Row([Cell("โครงการ", 0), Cell(u, 1)], Provenance("x.pdf")) for u in units]
        table = Block("table", Provenance("x.pdf", page=number), rows=rows)
        return PageResult(number, 600, 800, [PageItem("table", 0, table, 0, 0)])

    pair = "ส่วนเลขานุการและศูนย์เรื่องราวร้องทุกข์"
    spelled = page(1, "กิจกรรมเร่งรัด (ฝ่ายการคลัง)", "ฝ่ายการคลัง", pair, pair)
    scanned = page(
        2,
        "กิจกรรมการติดตาม (ฝายการคลัง)",
        "กิจกรรมการบริหารความเสี่ยง (ฝายการคลัง)",  # the same misreading twice is no spelling
        "ส่วนเลขาธิการและศูนยเรื่องราวร้องทุกข",
        "ส่วนเลขาธิการและศูนย์เรืองราวร้องทุกข์",
    )
    notes = complete_units([spelled, scanned], {2}, "x.pdf")
    assert _texts(scanned)[1::2] == [
        "กิจกรรมการติดตาม (ฝ่ายการคลัง)",
        "กิจกรรมการบริหารความเสี่ยง (ฝ่ายการคลัง)",
        "ส่วนเลขาธิการและศูนย์เรื่องราวร้องทุกข์",
        "ส่วนเลขาธิการและศูนย์เรื่องราวร้องทุกข์",
    ]
    assert [n.code for n in notes] == ["ocr_unit_completed"] * 4


def test_a_unit_the_organisation_section_lists_is_a_name_the_document_spells_out():
    """The secretariat plan spells ศูนย์เรื่องราวร้องทุกข์ in one table cell (after และ) and
    lists it in its organisation section (`๕. ศูนย์เรื่องราวร้องทุกข์ มีอำนาจหน้าที่…`, read
    with the verb joined to the name): the listing makes it a name the document spells out
    more than once, so a reading of it a mark or two off is completed to it; a name spelled
    in one cell alone would not be."""
    from thaiplan.extract.model import Block, Cell, Provenance, Row
    from thaiplan.extract.readers.ocr import _texts, complete_units
    from thaiplan.extract.readers.pdf import PageItem, PageResult

    def page(number: int, line: str, unit: str) -> PageResult:
        prov = Provenance("x.pdf", page=number)
        rows = [Row([Cell("โครงการ", 0), Cell(unit, 1)], Provenance("x.pdf"))]
        items = [
            PageItem("line", 0, Block("paragraph", prov, text=line), 0, 0),
            PageItem("table", 1, Block("table", prov, rows=rows), 1, 0),
        ]
        return PageResult(number, 600, 800, items)

    listing = "๕. ศูนย์เรื่องราวร้องทุกข์มีอำนาจหน้าที่ ดังนี้"  # OCR joins the verb to the name
    spelled = page(1, listing, "ส่วนเลขานุการและศูนย์เรื่องราวร้องทุกข์")
    scanned = page(2, "ตัวชี้วัดที่ ๒", "ส่วนเลขาธิการและศูนยเรื่องราวร้องทุกข")
    notes = complete_units([spelled, scanned], {2}, "x.pdf")
    assert _texts(scanned)[-1] == "ส่วนเลขาธิการและศูนย์เรื่องราวร้องทุกข์"
    assert [n.code for n in notes] == ["ocr_unit_completed"]


@pytest.mark.ocr
@needs_tesseract
def test_specks_over_a_cell_read_alone_do_not_open_its_text(units):
    """Page 46 of the secretariat scan: specks over the step cell, read unsure, read alone
    again as `ะจ่`; taken, they opened the cell and ขั้นตอนที่ ๒ was no step. Only a figure
    read alone is taken."""
    result = process_file(FIRST_STEPS_SCAN, "schedule.pdf", units)
    steps = [(s["step_no"], s["weight_pct"]) for s in as_dicts(result)["schedule_steps"]]
    assert ("2", 15.0) in steps


#: page 3 of a harsh scan of BMA volume 65057 (make_scan.py --seed 21 --skew 0.8 --noise
#: 0.003 --blur 0.5 --quality 70): its category table
CATEGORY_SCAN = Path(__file__).parent / "data" / "bma" / "scan_category_table_page.pdf"


@pytest.mark.slow
@pytest.mark.ocr
@needs_tesseract
def test_a_row_the_sparse_reading_lost_is_read_again_and_its_table_adds_up():
    """Tesseract's sparse mode read nothing of one row of the category table (name and
    figures); the band of ink no word covered is read again, and the table's rows add up
    to its total."""
    from thaiplan.extract.ids import IdMaker
    from thaiplan.extract.recognisers import budget_volumes as bv

    doc = read_pdf(CATEGORY_SCAN, "c.pdf")
    volume = bv.Volume(None, IdMaker("0" * 16), 2565, None)  # type: ignore[arg-type]
    rows = [
        r.row
        for r in bv._line_tables(volume, [b for b in doc.blocks if b.kind != "table"])
        if r.row.view == "by_category" and r.row.money_source == "budget"
    ]
    total, *parts = rows
    assert total.item.startswith("รวม") and total.amount == Decimal("329697000")
    assert Decimal("5727280") in [p.amount for p in parts]
    assert sum(p.amount or 0 for p in parts) == total.amount


def test_a_one_line_ocr_header_row_shows_no_cut_and_a_wrapped_row_does():
    """A Thai line's vowels and tones rise above and hang below Tesseract's median word,
    so a one-line header row at a page's foot measured by that word looked cut, and the
    first row of the next page was joined into it (a minutes outcome table lost its
    rows). Measured by its line, it ends level; a row of two lines still shows the cut."""
    from thaiplan.extract.readers.ocr import OCR, Word, _fill
    from thaiplan.extract.readers.pdf_join import cut_columns
    from thaiplan.extract.readers.pdf_tables import Grid

    def words(top: float, *heights: float) -> list[Word]:
        return [
            Word("ก", 10 * i, top, 10 * i + 9, top + h, 95, (1, 1, 1))
            for i, h in enumerate(heights)
        ]

    def grid(lines: list[list[Word]]) -> Grid:
        g = Grid(
            (0, 0, 200, 100),
            [0, 100, 200],
            [0, 100],
            [(0, 0, 1, 1, (0, 0, 100, 100)), (0, 1, 1, 1, (100, 0, 200, 100))],
        )
        _fill(g, [lines, lines], height=10.0, k=1.0, s=OCR)
        return g

    header = [words(10, 10, 19, 16)]  # one line: a word with marks above and below
    assert cut_columns(grid(header)) == set()
    wrapped = [words(10, 10, 19, 16), words(32, 10, 17)]
    assert cut_columns(grid(wrapped)) == {0, 1}


def test_a_heading_code_read_with_a_letter_takes_the_code_the_document_prints_for_it():
    from thaiplan.extract.model import Block, Cell, Provenance, Row
    from thaiplan.extract.readers.ocr import _texts
    from thaiplan.extract.readers.ocr_codes import mend_codes
    from thaiplan.extract.readers.pdf import PageItem, PageResult

    def page(number: int, *lines: str, cell: str = "") -> PageResult:
        items = [
            PageItem("line", 0, Block("paragraph", Provenance("x.pdf", page=number), text=t), 0, 0)
            for t in lines
        ]
        rows = [Row([Cell(cell, 0)], Provenance("x.pdf"))]
        items.append(PageItem("table", 0, Block("table", Provenance("x.pdf"), rows=rows), 0, 0))
        return PageResult(number, 600, 800, items)

    summary = page(
        1,
        "เป้าประสงค์ที่ ๗.๓.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ ความ",
        "เป้าประสงค์ที่ ๓.๑.๑.๑ ผู้สูงอายุและคนพิการสามารถใช้ชีวิตได้สะดวก",
        "มาตรการที่ ๑.๒ พัฒนาระบบงาน",
        "มาตรการที่ ๒.๒ พัฒนาระบบงาน",
    )
    scanned = page(
        2,
        "เป้าประสงค์ที่ซ.๓.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ความ",  # ๗ read as a letter
        "เป้าประสงค์ที่ ซ.๔.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ ความ",  # no code agrees
        "เป้าประสงค์ที่ ซ.๓.๑.๑ ประชาชนมีความเชื่อมั่นในหน่วยงาน",  # a title not printed
        "มาตรการที่ ซ.๒ พัฒนาระบบงาน",  # two codes fit: kept, noted
        "สำนักงาน ก.ก. มอบหมายให้ดำเนินการ",  # no code at all
        cell="เป้าประสงค์ที่ ซ.๓.๑.๑ การพัฒนาบุคลากรให้มีทักษะ",
    )
    notes = mend_codes([summary, scanned], {2}, "x.pdf")
    assert _texts(scanned) == [
        "เป้าประสงค์ที่๗.๓.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ความ",
        "เป้าประสงค์ที่ ซ.๔.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ ความ",
        "เป้าประสงค์ที่ ซ.๓.๑.๑ ประชาชนมีความเชื่อมั่นในหน่วยงาน",
        "มาตรการที่ ซ.๒ พัฒนาระบบงาน",
        "สำนักงาน ก.ก. มอบหมายให้ดำเนินการ",
        "เป้าประสงค์ที่ ๗.๓.๑.๑ การพัฒนาบุคลากรให้มีทักษะ",
    ]
    assert [(n.code, n.prov.page) for n in notes] == [
        ("ocr_code_mended", 2),
        ("ocr_code_unsure", 2),
        ("ocr_code_mended", 2),
    ]
    assert "1.2, 2.2" in notes[1].message


def test_a_heading_code_that_lost_its_first_digit_takes_the_code_the_document_prints_for_it():
    from thaiplan.extract.model import Block, Provenance
    from thaiplan.extract.readers.ocr import _texts
    from thaiplan.extract.readers.ocr_codes import mend_codes
    from thaiplan.extract.readers.pdf import PageItem, PageResult

    def page(number: int, *lines: str) -> PageResult:
        prov = Provenance("x.pdf", page=number)
        items = [PageItem("line", 0, Block("paragraph", prov, text=t), 0, 0) for t in lines]
        return PageResult(number, 600, 800, items)

    summary = page(
        1,
        "เป้าประสงค์ที่ ๗.๓.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ ความสามารถ",
        "เป้าประสงค์ที่ ๓.๑.๑.๑ ผู้สูงอายุและคนพิการสามารถใช้ชีวิตได้สะดวก",
    )
    # the harsh and held scans of the secretariat plan read ๗ as nothing at all
    scanned = page(
        2,
        "เป้าประสงค์ที่ .๓.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ ความ",
        "เป้าประสงค์ที่ .๔.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ ความ",  # no code agrees
    )
    notes = mend_codes([summary, scanned], {2}, "x.pdf")
    assert _texts(scanned) == [
        "เป้าประสงค์ที่ ๗.๓.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ ความ",
        "เป้าประสงค์ที่ .๔.๑.๑ การพัฒนาบุคลากรให้มีทักษะ ความรู้ ความ",
    ]
    assert [n.code for n in notes] == ["ocr_code_mended"]


MILD = dict(
    seed=3, skew=0.4, noise=0.001, blur=0, quality=80, dpi=150
)  # make_scan.py's defaults otherwise


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_digits_tesseract_misreads_in_amounts_and_references_are_read_from_their_shapes(tmp_path):
    """Pages 19, 21 and 24 of the secretariat plan scanned at 150 dpi: Tesseract reads the
    ๗ of ๑๔,๗๐๐,๐๐๐ as the letter ฒ, the end of ๕๐,๓๐๐.- as `๐๑.“` (the number stopped
    short of it) and the measure reference (ม. ๒) as `(ม. lo)`; their glyphs are digits."""
    from tests.scans import scan_excerpt

    src = TEXT_PDF.parent / "plan2562_secretariat.pdf"
    scan = scan_excerpt(src, tmp_path / "p.pdf", [18, 20, 23], **MILD)
    doc = read_pdf(scan, "p.pdf")
    cells = " ".join(c.text for b in doc.blocks for r in b.rows for c in r.cells)
    assert "๑๔,๗๐๐,๐๐๐.-" in cells and "๑๔,ฒ" not in cells
    assert "๕๐,๓๐๐.-" in cells
    assert "(ม. ๒)" in cells


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_a_meeting_dated_in_spaced_out_digits_has_the_fiscal_year_of_its_date(tmp_path, units):
    """The minutes' first page at 150 dpi: the date `วันที่ ๖ มกราคม ๒๕๖๔` is set in spaced
    letters; Tesseract boxes the ๖ beside its glyph (read ๐) and reads ๒๕๖๔, whose ๕ and ๖
    touch, as ๒๕๒๕; the meeting then had no date and the document took fiscal 2020 from a
    later one. Read from the glyphs, the date is 6 January 2021: fiscal 2021."""
    from tests.scans import scan_excerpt

    scan = scan_excerpt(TEXT_PDF.parent / "minutes_2564_01.pdf", tmp_path / "m.pdf", [0], **MILD)
    result = process_file(scan, "minutes.pdf", units)
    (doc,) = as_dicts(result)["documents"]
    assert doc["fiscal_year_ce"] == 2021


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_an_item_number_and_a_closing_bracket_tesseract_misreads_are_read_from_their_glyphs(
    tmp_path,
):
    """Pages 22 and 43 of the secretariat plan at 150 dpi: the reference `( ๔)` closing a
    project's name was read `( ๔,` (the bracket taken for a comma), and the KPI number
    `๙.` as `«๓,` (its tail a mark, its point a comma), so the KPI had no seq."""
    from tests.scans import scan_excerpt

    src = TEXT_PDF.parent / "plan2562_secretariat.pdf"
    scan = scan_excerpt(src, tmp_path / "p.pdf", [21, 42], **MILD)
    doc = read_pdf(scan, "p.pdf")
    cells = [c.text for b in doc.blocks for r in b.rows for c in r.cells]
    assert any(c.endswith("( ๔)") for c in cells)
    assert any(c.startswith("๙. ร้อยละความสำเร็จของการดำเนินการตามมาตรการ") for c in cells)


#: cells of a mild scan of the OCSC plan's result table (make_scan.py --dpi 150 --skew 0.4
#: --noise 0.001 --seed 3 --quality 80) that Tesseract read as nothing, `v` or `J`
OCR_CELLS = Path(__file__).parent / "data" / "ocr_cells"


@pytest.mark.parametrize(
    ("cell", "tick"),
    [
        ("tick_1.png", True),
        ("tick_2.png", True),
        ("tick_with_speck.png", True),  # a speck far below the mark
        ("digit_1.png", False),  # the row numbers Tesseract read nothing of
        ("digit_3.png", False),
    ],
)
def test_a_check_mark_tesseract_reads_as_nothing_is_read_from_its_shape(cell, tick):
    """A result table's ✓ came back empty or as a Latin letter, and every project's status
    was unknown; the mark is told from its shape, a lone digit is not taken for one."""
    import numpy as np
    from PIL import Image

    from thaiplan.extract.readers.ocr import INK_LEVEL, _is_tick
    from thaiplan.extract.readers.settings import OcrSettings

    ink = np.asarray(Image.open(OCR_CELLS / cell).convert("L")) < INK_LEVEL
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    ink = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    assert _is_tick(ink, OcrSettings()) is tick


HARSH = dict(seed=7, skew=0.8, noise=0.003, blur=0.6, quality=70)  # make_scan.py's dpi


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_a_schedule_figure_ocr_misread_is_mended_where_its_sums_name_it(tmp_path, units):
    """Pages 90-91 of a harsh scan of the OCSC plan: step 4's weight 5 reads 9 (the weights
    make 104) and step 6's cumulative 70 reads 10. The one weight a digit off what makes
    100 (the others its cumulative's rise confirms) and the cumulative both neighbours put
    at 70 are mended and noted; the weights' sum then checks nothing (unverifiable), while
    the document's own slip at step 2 (cumulative 10 after 5 + 10) is still a mismatch."""
    from tests.scans import scan_excerpt

    src = TEXT_PDF.parent / "plan2565_ocsc.pdf"
    scan = scan_excerpt(src, tmp_path / "p.pdf", [89, 90], **HARSH)
    result = as_dicts(process_file(scan, "p.pdf", units))
    steps = [(r["weight_pct"], r["cumulative_pct"]) for r in result["schedule_steps"]]
    assert [w for w, _ in steps] == [5, 10, 10, 5, 10, 30, 10, 10, 10]
    assert [c for _, c in steps] == [5, 10, 20, 30, 40, 70, 80, 90, 100]
    checks = {r["check"]: (r["expected"], r["actual"], r["status"]) for r in result["checks"]}
    assert checks["schedule_weights_sum"][2] == "unverifiable"
    assert checks["schedule_cumulative"] == (Decimal(10), Decimal(15), "mismatch")
    mended = [d for d in result["diagnostics"] if d["code"] == "schedule_figure_mended"]
    assert len(mended) == 2


def test_a_speckled_pages_text_height_is_its_cells_print_not_its_specks():
    """On a harsh scan of a page that is one ruled table (page 12 of the OCSC plan) the
    sparse reading outside the table finds some 500 specks about 12 px high, the cells
    some 340 printed words about 42 px high: the page's text height is the print's, so
    specks are told from print and the cells' words are spaced by it."""
    from thaiplan.extract.readers.ocr import OCR, Word, _print_height

    def words(n: int, height: float) -> list[Word]:
        return [Word("ก", 0, 0, 10, height, 90, (1, 1, 1)) for _ in range(n)]

    specks, cells = words(500, 12), words(340, 42)
    assert _print_height(specks + cells, 42, OCR) == 42
    assert _print_height(specks, None, OCR) == 12  # no table to tell print by: as read
    lines = words(400, 38)  # more printed lines than cells on the page: their median stands
    assert _print_height(lines + cells, 42, OCR) == 38


@pytest.mark.slow
@pytest.mark.ocr
@needs_tesseract
def test_a_result_table_over_a_speckled_page_break_reads_as_one_table(tmp_path, units):
    """Pages 12-13 of a harsh scan of the OCSC plan: a result table continued on the next
    page, its row 6 cut by the break, on pages so speckled that the specks outside the
    table outnumber its printed words and some read as a line at the page's edge. Read by
    the print's height, the pages join into one table: every row has its unit and its
    mark's status, and row 6 its rest."""
    from tests.scans import scan_excerpt

    src = TEXT_PDF.parent / "plan2565_ocsc.pdf"
    scan = scan_excerpt(src, tmp_path / "p.pdf", [11, 12], **HARSH)
    rows = as_dicts(process_file(scan, "p.pdf", units))["project_outcomes"]
    assert [r["status"] for r in rows] == ["achieved"] * 8
    assert all(r["responsible_unit"] for r in rows)
    assert rows[3]["project_name"].endswith("2565)")  # row 6 with the rest the break cut


#: the words Tesseract read outside the tables of pages 10 and 14 of a harsh scan of the
#: minutes (make_scan.py --skew 0.8 --noise 0.003 --blur 0.6 --seed 7 --quality 70), in
#: pixels at 300 dpi, with the page's tables' boxes and median word height
MARGIN_WORDS = Path(__file__).parent / "data" / "ocr_words_minutes_harsh.json"


def _page_words(number: int, table_boxes=None):
    import json

    from thaiplan.extract.readers.ocr import Word
    from thaiplan.extract.readers.pdf_tables import Grid

    page = json.loads(MARGIN_WORDS.read_text(encoding="utf-8"))[str(number)]
    words = [
        Word(t, x0, top, x1, bottom, conf, tuple(key))
        for t, x0, top, x1, bottom, conf, key in page["words"]
    ]
    boxes = page["tables"] if table_boxes is None else table_boxes
    return words, [Grid(tuple(b), [], [], []) for b in boxes], page["height"]


def _print_lines(words, height) -> list[str]:
    from thaiplan.extract.readers.ocr import _lines, _printed
    from thaiplan.extract.readers.settings import OCR

    return [
        "".join(w.text for w in line) for line in _lines(words, OCR) if _printed(line, height, OCR)
    ]


def test_specks_in_the_margin_beside_a_table_are_not_a_line():
    """Page 14 is two tables and margins: specks right of the second table's last rows
    read sure of themselves (`5๒`) stood as a line between that table and its continuation
    on page 15, which was then not joined (six projects lost). Beyond the tables' span,
    nothing is print."""
    from thaiplan.extract.readers.ocr import _in_column
    from thaiplan.extract.readers.settings import OCR

    words, tables, height = _page_words(14)
    assert "5๒" in _print_lines(words, height)
    assert _print_lines(_in_column(words, tables, height, OCR), height) == []


def test_the_text_column_holds_the_paragraphs_beside_a_narrow_table():
    """Page 10's paragraphs beside a table a third of the page wide standing level with
    them: the column is the span of the tables and of the runs of print, so every line of
    print stays whole, none is taken for a speck beyond a narrow table."""
    from thaiplan.extract.readers.ocr import _in_column
    from thaiplan.extract.readers.settings import OCR

    words, tables, height = _page_words(10, [[900.0, 300.0, 1600.0, 2500.0]])
    long = [t for t in _print_lines(words, height) if len(t) > 20]
    kept = _in_column(words, tables, height, OCR)
    assert len(long) >= 10 and [t for t in _print_lines(kept, height) if len(t) > 20] == long


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_a_table_continues_past_a_speck_in_the_margin_beside_its_last_rows(tmp_path, units):
    """Pages 14-15 of a harsh scan of the minutes: page 14 ends with strategy 3's table
    header and page 15 holds its first four projects; a speck right of the header's rows,
    read sure of itself as `5๒`, stood as a line between them, the table was not joined
    and the projects had no header row: they were lost."""
    from tests.scans import scan_excerpt

    src = TEXT_PDF.parent / "minutes_2564_01.pdf"
    scan = scan_excerpt(src, tmp_path / "m.pdf", [13, 14], **HARSH)
    rows = as_dicts(process_file(scan, "m.pdf", units))["project_outcomes"]
    assert [(r["page"], r["strategy"]) for r in rows] == [(2, "3")] * 4
    assert [r["status"] for r in rows] == ["completed"] * 2 + ["in_progress"] * 2


#: Pages 14, 19 and 22 of a 200 dpi scan of the secretariat plan, rasterised with other
#: settings than the shared scan: a detail budget table whose amount header reads
#: `NU ประมาณ (บาท)` and whose figure ends `.=`; measure 3 headed `มาตรการที่ on`; and the
#: end of the routine summary table, its total read `ต๓,๕๕๐,๑๐๐` (part of the ๓ as a letter).
HEADER_TOTAL_SCAN = Path(__file__).parent / "data" / "scan_budget_header_total_pages.pdf"


@pytest.fixture(scope="module")
def header_total_scan(units):
    return as_dicts(process_file(HEADER_TOTAL_SCAN, "scan.pdf", units))


@pytest.mark.ocr
@needs_tesseract
def test_a_header_cell_read_with_a_latin_word_takes_the_header_the_document_prints(
    header_total_scan,
):
    """งบ read `NU` (and not sure of it when read again alone): the header is no amount
    header and the table's one project was lost. The same header is printed on page 22."""
    (item,) = [i for i in header_total_scan["budget_items"] if i["page"] == 1]
    assert (item["budget_table"], item["section"]) == ("measure", "detail")
    assert item["project_name"].startswith("โครงการฝึกอบรมการป้องกัน")
    assert item["responsible_unit"] == "ส่วนบริหารกลาง"
    (note,) = [d for d in header_total_scan["diagnostics"] if d["code"] == "ocr_cell_mended"]
    assert "NU ประมาณ" in note["message"] and note["context"] == "งบประมาณ (บาท)"


@pytest.mark.ocr
@needs_tesseract
def test_the_whole_baht_sign_read_as_another_sign_is_read_with_its_figure(header_total_scan):
    """`๕๐,๓๐๐ .=`: the `.-` of whole baht read as `.=` stood apart from the figure, and the
    cell did not read as an amount."""
    (item,) = [i for i in header_total_scan["budget_items"] if i["page"] == 1]
    assert (item["amount"], item["funding_status"]) == (Decimal("50300.00"), "funded")


@pytest.mark.ocr
@needs_tesseract
def test_a_letter_read_from_part_of_a_figures_first_digit_is_read_with_the_figure(
    header_total_scan,
):
    """The total `๓,๕๕๐,๓๐๐.-` read `ต` `๓,๕๕๐,…`: the letter stood before the figure and the
    total was no amount, so the table's sum could not be checked."""
    (total,) = [c for c in header_total_scan["checks"] if c["check"] == "budget_table_total"]
    assert total["expected"] == Decimal("3550300.00")
    (page,) = [
        d for d in header_total_scan["diagnostics"] if d["code"] == "ocr_page" and d["page"] == 3
    ]
    assert "ต๓,๕๕๐,๑๐๐ -> ๓,๕๕๐,๓๐๐" in page["context"]


@pytest.mark.ocr
@needs_tesseract
def test_a_latin_word_whose_glyphs_are_thai_digits_is_that_number(header_total_scan):
    """`มาตรการที่ on`: the English model read measure 3's ๓ as `on`, the heading was no
    measure heading and its indicator took measure 4 from the page before."""
    measures = [k for k in header_total_scan["kpis"] if k["kpi_set"] == "measure"]
    assert [(k["page"], k["measure_no"]) for k in measures] == [(1, "4"), (2, "3")]
    (page,) = [
        d for d in header_total_scan["diagnostics"] if d["code"] == "ocr_page" and d["page"] == 2
    ]
    assert "on -> ๓" in page["context"]
