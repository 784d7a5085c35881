"""The HTML report on a real run's output, and the same file rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.rows import placed
from thaiplan.output.charts import baht
from thaiplan.output.datasets import read_dataset
from thaiplan.output.report import write_report

CHROMIUM = shutil.which("chromium")
BROWSER_TIMEOUT = 120  # seconds; chromium starts slowly on a loaded machine
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report(extracted_output, tmp_path_factory):
    out, inputs = extracted_output
    html = tmp_path_factory.mktemp("report") / "report.html"
    return write_report(out, html, [inputs]), out


def test_report_has_a_chart_per_schedule_and_the_failed_check(report):
    summary, out = report
    steps = read_dataset(out, "schedule_steps")
    checks = read_dataset(out, "checks").to_pylist()
    not_ok = [c for c in checks if c["status"] != "ok"]
    assert summary.documents == 2
    assert summary.gantts == len(set(steps.column("schedule_id").to_pylist())) > 0
    assert summary.charts == summary.gantts + 2  # money by unit and by programme
    assert summary.checks_not_ok == len(not_ok) == 1
    html = summary.html_path.read_text(encoding="utf-8")
    check = not_ok[0]
    row = html[html.index(check["scope"]) :]
    row = row[: row.index("</tr>")]
    for figure in (check["expected"], check["actual"], check["difference"]):
        assert f'<td class="num">{baht(figure)}</td>' in row
    assert f"page {check['page']}" in row


def test_report_money_by_unit_matches_the_summary_tables(report):
    summary, out = report
    items = read_dataset(out, "budget_items").to_pylist()
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        if item["section"] == "summary" and item["amount"] is not None:
            totals[item["responsible_unit"] or item["agency"]] += item["amount"]
    html = summary.html_path.read_text(encoding="utf-8")
    assert totals
    for unit, amount in totals.items():
        assert re.search(f"{re.escape(unit)}</text>.{{0,200}}>{baht(amount)}</text>", html)
    assert f"รวม {baht(sum(totals.values(), Decimal(0)))} บาท" in html


def test_report_is_self_contained_with_a_page_thumbnail(report):
    summary, _ = report
    html = summary.html_path.read_text(encoding="utf-8")
    assert summary.thumbnails == 1
    assert html.count('src="data:image/jpeg;base64,') == 1
    assert not re.search(r"""(src|href)=["']?(https?:)?//|url\(|@import""", html)
    assert '<meta charset="utf-8">' in html and "ตัวชี้วัด" in html


def test_report_lists_kpi_targets_by_year(report):
    summary, out = report
    targets = read_dataset(out, "kpi_targets").to_pylist()
    html = summary.html_path.read_text(encoding="utf-8")
    section = html[html.index("KPI targets by year") :]
    for year in {t["year_be"] for t in targets}:
        assert f"<th>{year}</th>" in section
    assert all(
        escape_free in section for escape_free in {t["target_text"] for t in targets} - {None}
    )


def test_report_without_the_source_pdf_has_no_thumbnail(extracted_output, tmp_path):
    out, inputs = extracted_output
    moved = shutil.copytree(out, tmp_path / "elsewhere" / "outputs")
    other = tmp_path / "other"
    other.mkdir()
    # A different file under the recorded name is not the document: its hash differs.
    shutil.copy(inputs / "kpi_detail_hrsmart.txt", other / "plan2565_ocsc.pdf")
    summary = write_report(moved, tmp_path / "r.html", [other])
    assert summary.checks_not_ok == 1 and summary.thumbnails == 0
    html = summary.html_path.read_text(encoding="utf-8")
    assert "data:image" not in html
    note = re.search(r'class="meta missing-pdf">([^<]+)<', html)  # said, not silently absent
    assert note and re.match(r"The source PDF \S*plan2565_ocsc.pdf was not found", note.group(1))


def test_report_of_a_directory_without_datasets(tmp_path):
    summary = write_report(tmp_path, tmp_path / "r.html")
    assert (summary.documents, summary.charts) == (0, 0)
    assert "0 documents" in summary.html_path.read_text(encoding="utf-8")


@pytest.mark.browser
def test_report_renders_in_headless_chromium(report, tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    summary, _ = report
    url = summary.html_path.absolute().as_uri()
    profile = [f"--user-data-dir={tmp_path / 'profile'}"]
    dom = _chromium([*profile, "--enable-logging=stderr", "--v=0", "--dump-dom", url])
    body = re.search(r"<body[^>]*>", dom.stdout)
    assert body, dom.stdout[:500]
    assert f'data-charts-rendered="{summary.charts}"' in body.group(0)
    assert 'data-errors="0"' in body.group(0)
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    screenshot = tmp_path / "report.png"
    _chromium([*profile, f"--screenshot={screenshot}", "--window-size=1400,3000", url])
    assert screenshot.stat().st_size > 0
    print(f"screenshot: {screenshot}")


def _chromium(args: list[str]) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, *args],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT,
        check=True,
    )


def test_report_thumbnail_is_the_checked_page(report, extracted_output):
    """The thumbnail decodes to an image of the checked page's shape, as wide as shown."""
    import base64
    import io

    import pypdfium2
    from PIL import Image

    from thaiplan.output.report import THUMBNAIL_WIDTH

    summary, out = report
    page = next(c["page"] for c in read_dataset(out, "checks").to_pylist() if c["status"] != "ok")
    pdf = pypdfium2.PdfDocument(next(extracted_output[1].glob("*.pdf")))
    width, height = pdf[page - 1].get_size()
    pdf.close()
    html = summary.html_path.read_text(encoding="utf-8")
    data = re.search(r'src="data:image/jpeg;base64,([^"]+)"', html)
    assert data
    image = Image.open(io.BytesIO(base64.b64decode(data.group(1))))
    assert image.width == THUMBNAIL_WIDTH
    assert image.height == pytest.approx(THUMBNAIL_WIDTH * height / width, abs=1)


def test_budget_document_money_counts_each_detail_line_once(tmp_path):
    """budget_lines (contract v2): only the detail view's level-1 lines of the book's own
    year are summed, so a unit total, another view and a multi-year commitment add nothing."""
    import pyarrow.parquet as pq

    from thaiplan.output.schemas import to_table

    doc = {"doc_id": "d047a74b6e5706eb", "fiscal_year_ce": 2022, "page": None, "line": None}
    unit = "สำนักงานการวิจัยแห่งชาติ"
    plan = "แผนงานบุคลากรภาครัฐ"
    base = {
        **doc,
        "parent_id": None,
        "view": "detail",
        "ministry": "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
        "budgetary_unit": unit,
        "plan": plan,
        "cross_functional": False,
        "category_path": [],
        "is_leaf": False,
        "year_be": 2565,
        "obligated": False,
        "page": 16,
    }
    lines = [
        {
            **base,
            "line_id": "a",
            "level": 0,
            "item": plan,
            "amount": Decimal(300),
            "amount_raw": "300",
        },
        {
            **base,
            "line_id": "b",
            "level": 1,
            "item": "งบบุคลากร",
            "amount": Decimal(100),
            "amount_raw": "100",
        },
        {
            **base,
            "line_id": "c",
            "level": 1,
            "item": "งบดำเนินงาน",
            "amount": Decimal(200),
            "amount_raw": "200",
        },
        {
            **base,
            "line_id": "d",
            "level": 1,
            "item": "งบลงทุน",
            "obligated": True,
            "year_be": 2566,
            "amount": Decimal(900),
            "amount_raw": "900",
        },
        {
            **base,
            "line_id": "e",
            "level": 1,
            "view": "by_budget_type",
            "item": "งบบุคลากร",
            "amount": Decimal(100),
            "amount_raw": "100",
        },
    ]
    documents = [
        {
            **doc,
            "source_path": "book.pdf",
            "source_sha256": "0" * 64,
            "source_format": "pdf",
            "text_source": "text_layer",
            "doc_type": "budget_document",
            "fiscal_year_be": 2565,
            "extractor_version": "0.1.0",
            "n_kpis": 0,
            "n_budget_items": 0,
            "n_schedule_steps": 0,
            "n_diagnostics": 0,
        }
    ]
    for name, rows in (("documents", documents), ("budget_lines", lines)):
        (tmp_path / name).mkdir()
        table = to_table(
            name,
            [
                placed(name, row_)
                for row_ in [{k: v for k, v in r.items() if k != "fiscal_year_ce"} for r in rows]
            ],
        )
        pq.write_table(table, tmp_path / name / "part-0.parquet")
    summary = write_report(tmp_path, tmp_path / "r.html")
    html = summary.html_path.read_text(encoding="utf-8")
    # by budgetary unit, by แผนงาน, by งบรายจ่าย and by ministry: each counts 300 once
    assert summary.charts == 4
    assert html.count("รวม 300 บาท") == 4
    assert f"{unit}</text>" in html and f"{plan}</text>" in html


@pytest.fixture(scope="module")
def volume_report(tmp_path_factory):
    """The report of five pages of a BMA district volume."""
    from pathlib import Path

    from thaiplan.api import extract

    pages = Path(__file__).parent / "data" / "bma" / "volume_65034_pages.pdf"
    out = tmp_path_factory.mktemp("volume") / "out"
    extract([pages], out_dir=out)
    return write_report(out, out.parent / "report.html", [pages.parent])


def test_a_budget_report_has_a_tree_to_drill_down_and_tables_to_sort(volume_report):
    html = volume_report.html_path.read_text(encoding="utf-8")
    assert "สรุปชุดเอกสาร (batch summary)" in html
    assert html.count('<details class="tree">') >= 10
    tree = html[html.index("รายละเอียดงบประมาณ (budget detail") :]
    assert "งานอำนวยการและบริหารสำนักงานเขต" in tree and baht(Decimal("7921885")) in tree
    assert "งบประมาณตามงบรายจ่าย (budget by expenditure type)" in html
    assert 'class="data" id="kpis-' in html and "รับเรื่องร้องทุกข์" in html


@pytest.mark.browser
def test_the_drill_down_filter_and_sort_work_in_headless_chromium(volume_report, tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    url = volume_report.html_path.absolute().as_uri() + "#selftest"
    profile = [f"--user-data-dir={tmp_path / 'profile'}"]
    dom = _chromium([*profile, "--dump-dom", url])
    body = re.search(r"<body[^>]*>", dom.stdout)
    assert body, dom.stdout[:500]
    tag = body.group(0)
    assert 'data-errors="0"' in tag
    assert 'data-tree-opened="yes"' in tag
    assert 'data-filter-none="0"' in tag and 'data-filter-all="1"' in tag
    assert 'data-sorted="up"' in tag
