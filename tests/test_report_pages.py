"""The report of a real budget book: each check's page readable with its line marked, the
printed page beside the PDF page, a clear note when the PDF is missing, each figure's fiscal
year and the years side by side; the same report in headless Chromium."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from thaiplan.output.charts import baht
from thaiplan.output.datasets import read_dataset
from thaiplan.output.report import write_report
from thaiplan.output.report_pages import THUMBNAIL_WIDTH, needles, render

BOOK = Path(__file__).parent / "data" / "real" / "budget2565_book17.pdf"
CHROMIUM = shutil.which("chromium")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not BOOK.exists(), reason=f"{BOOK.name} is not in tests/data/real"),
]


@pytest.fixture(scope="module")
def book_output(book17_output):
    return book17_output


@pytest.fixture(scope="module")
def book_report(book_output):
    return write_report(book_output, book_output.parent / "report.html", [BOOK.parent])


def _not_ok(out: Path) -> list[dict]:
    return [c for c in read_dataset(out, "checks").to_pylist() if c["status"] != "ok"]


def _image(data_uri: str):
    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1]))).convert("RGB")


def test_each_checks_page_is_readable_with_the_stated_figure_marked_on_its_line(
    book_output, book_report
):
    html = book_report.html_path.read_text(encoding="utf-8")
    checks = [c for c in _not_ok(book_output) if c["page"] and needles(c["expected"])]
    assert checks
    shown = re.findall(
        r'data-mark-y="(\d+)" data-mark-x="\d+"><img class="page" alt="[^"]*" src="([^"]+)"', html
    )
    assert len(shown) == len(checks)
    marked = re.findall(r'<p class="meta">marked: ([^<]+)</p>', html)
    assert sorted(marked) == sorted(needles(c["expected"])[0] for c in checks)
    for y, uri in shown:
        image = _image(uri)
        assert image.width == THUMBNAIL_WIDTH >= 1000  # ~120 dpi on A4: Thai print reads
        red, green, blue = image.getpixel((5, int(y) + 6))  # the line's band, left margin
        assert red > 200 and green > 180 and blue < 200  # yellow over the white margin


def test_a_figure_is_marked_where_the_page_prints_it(book_output):
    """The mark stands where pdfium finds the amount: rendering the same page without a
    figure leaves that band white."""
    row = next(
        r
        for r in read_dataset(book_output, "budget_lines").to_pylist()
        if r["amount"] is not None and r["amount"] >= 100_000 and r["view"] == "detail"
    )
    image = render(BOOK, row["page"], [row["amount"]])
    plain = render(BOOK, row["page"])
    assert image is not None and plain is not None
    assert image.marked == f"{int(row['amount']):,}" and image.mark_y is not None
    assert plain.marked is None and plain.mark_y is None
    assert _image(plain.uri).getpixel((5, image.mark_y + 6))[2] > 230  # white there
    assert _image(image.uri).getpixel((5, image.mark_y + 6))[2] < 200


def test_a_checks_page_names_its_printed_page_too(book_output, book_report):
    html = book_report.html_path.read_text(encoding="utf-8")
    printed = {
        r["page"]: r["printed_page"]
        for r in read_dataset(book_output, "budget_lines").to_pylist()
        if r["printed_page"]
    }
    for check in _not_ok(book_output):
        assert f"PDF page {check['page']} (printed {printed[check['page']]})" in html


def test_a_missing_pdf_is_said_with_where_the_report_looked_and_what_to_pass(book_output, tmp_path):
    moved = shutil.copytree(book_output, tmp_path / "elsewhere" / "out")
    summary = write_report(moved, tmp_path / "r.html")
    html = summary.html_path.read_text(encoding="utf-8")
    assert summary.thumbnails == 0 and "data:image" not in html
    note = re.search(r'class="meta missing-pdf">([^<]+)<', html)
    assert note and f"The source PDF {BOOK.name} was not found: it is not at" in note.group(1)
    assert "--sources FOLDER" in note.group(1) and str(tmp_path / "elsewhere") in note.group(1)
    other = tmp_path / "other"
    other.mkdir()
    (other / BOOK.name).write_bytes(BOOK.read_bytes()[:-10])  # another version of the book
    html = write_report(moved, tmp_path / "r2.html", [other]).html_path.read_text("utf-8")
    assert "holds other bytes than the file extracted" in html


def test_every_chart_says_its_fiscal_year_and_the_years_stand_side_by_side(
    book_output, book_report
):
    html = book_report.html_path.read_text(encoding="utf-8")
    (doc,) = read_dataset(book_output, "documents").to_pylist()
    headings = re.findall(r"<h3>(งบประมาณตาม[^<]*)</h3>", html)
    assert headings and all(f"ปีงบประมาณ {doc['fiscal_year_be']} — รวม" in h for h in headings)
    by_target: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
    for r in read_dataset(book_output, "budget_lines").to_pylist():
        if r["view"] == "service_targets" and r["amount"] is not None:
            by_target[(r["budgetary_unit"], r["output"] or r["project"], r["item"])][
                r["year_be"]
            ] = r["amount"]
    table = html[html.index(f'id="years-{doc["doc_id"]}"') :]
    table = table[: table.index("</table>")]
    years = [int(y) for y in re.findall(r"<th>ปีงบประมาณ (\d{4})</th>", table)]
    assert years == sorted(years) and len(years) >= 5
    several = {k: v for k, v in by_target.items() if len(v) > 1}
    assert several
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    for (_, name, _), amounts in several.items():
        row = next(r for r in rows if f"<td>{name}</td>" in r)
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)[-len(years) :]
        assert cells == [baht(amounts[y]) if y in amounts else "" for y in years]


@pytest.mark.browser
def test_the_book_report_draws_opens_filters_and_marks_in_headless_chromium(book_report, tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    url = book_report.html_path.absolute().as_uri() + "#selftest"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
        "--dump-dom",
        url,
    ]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    tag = re.search(r"<body[^>]*>", dom.stdout)
    assert tag, dom.stdout[:500]
    body = tag.group(0)
    html = book_report.html_path.read_text(encoding="utf-8")
    filters = html.count('<input class="filter"')
    assert f'data-charts-rendered="{book_report.charts}"' in body and 'data-errors="0"' in body
    assert 'data-tree-opened="yes"' in body and 'data-leaf-shown="yes"' in body
    assert f'data-filters-ok="{filters}/{filters}"' in body
    assert f'data-marks-shown="{html.count("data-mark-y=")}"' in body
    errors = [line for line in dom.stderr.splitlines() if "Uncaught" in line or "CONSOLE" in line]
    assert errors == []


def test_money_by_ministry_sums_each_ministrys_detail_once(book_output, book_report):
    html = book_report.html_path.read_text(encoding="utf-8")
    (doc,) = read_dataset(book_output, "documents").to_pylist()
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for r in read_dataset(book_output, "budget_lines").to_pylist():
        own = r["year_be"] == doc["fiscal_year_be"] and not r["obligated"]
        if r["view"] == "detail" and r["level"] == 1 and own and r["amount"] is not None:
            totals[r["ministry"]] += r["amount"]
    chart = html[html.index("งบประมาณตามกระทรวง (budget by ministry)") :]
    chart = chart[: chart.index("</svg>")]
    assert len(totals) > 1
    for ministry, amount in totals.items():
        assert re.search(
            f"<title>{re.escape(ministry)}</title>.{{0,300}}>{baht(amount)}</text>", chart
        )


def test_a_book_without_an_agency_is_headed_by_its_ministries_never_by_empty_dots(
    book_output, book_report
):
    html = book_report.html_path.read_text(encoding="utf-8")
    (doc,) = read_dataset(book_output, "documents").to_pylist()
    header = re.search(r'<section id="doc-[^"]+"><h2>[^<]*</h2><p class="meta">([^<]+)</p>', html)
    assert header and "· ·" not in header.group(1)
    ministries = {r["ministry"] for r in read_dataset(book_output, "budget_lines").to_pylist()}
    named = header.group(1).split(" · ")[1]
    assert doc["agency"] or {m for m in ministries if m and m in named}
    batch = html[html.index('id="batch"') :]
    row = re.search(
        rf"<td>{re.escape(doc['source_path'])}</td><td>[^<]*</td><td>([^<]*)</td>", batch
    )
    assert row and row.group(1) == named  # the batch summary names it the same way
