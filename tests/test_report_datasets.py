"""The report shows every dataset that has rows (KPI results, progress reports, project
outcomes), its Gantts run to the fiscal year's end, and its programme bars speak Thai."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from thaiplan.api import extract
from thaiplan.output.charts import month_label
from thaiplan.output.datasets import read_dataset
from thaiplan.output.report import BUDGET_TABLES, ROW_TABLES, write_report

TEXT = Path(__file__).parent / "data" / "text"
FILES = (
    "plan2565_ocsc.txt",
    "minutes_2564_01.txt",
    "progress_report_2449.txt",
    "kpi_detail_hrsmart.txt",
)


@pytest.fixture(scope="module")
def text_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("texts") / "out"
    extract([TEXT / name for name in FILES], out_dir=out)
    return out, write_report(out, out.parent / "report.html")


def _section(html: str, doc_id: str) -> str:
    start = html.index(f'<section id="doc-{doc_id}">')
    return html[start : html.index("</section>", start)]


def test_every_dataset_with_rows_is_a_table_of_its_document(text_report):
    """A minutes file's outcomes, a report's progress and KPI results each get their table
    (before, the minutes said "No money, schedules, failed checks or KPI targets")."""
    out, summary = text_report
    html = summary.html_path.read_text(encoding="utf-8")
    shown = 0
    for name, (title, _) in ROW_TABLES.items():
        by_doc: dict[str, int] = {}
        for row in read_dataset(out, name).to_pylist():
            by_doc[row["doc_id"]] = by_doc.get(row["doc_id"], 0) + 1
        for doc_id, count in by_doc.items():
            section = _section(html, doc_id)
            assert f"<h3>{title}: {count}</h3>" in section
            assert section.count("<tr>") >= count
            assert "No rows were read" not in section
            shown += 1
    assert shown >= len(FILES)  # each file gave rows of at least one such dataset


def test_every_gantt_runs_to_the_end_of_its_plans_fiscal_year(text_report):
    out, summary = text_report
    html = summary.html_path.read_text(encoding="utf-8")
    documents = read_dataset(out, "documents").to_pylist()
    gantts = 0
    for doc in documents:
        section = _section(html, doc["doc_id"])
        for svg in re.findall(r'<svg class="chart gantt".*?</svg>', section, re.S):
            months = re.findall(r'class="small">([^<]+)</text>', svg)
            assert months[-1] == month_label(dt.date(doc["fiscal_year_ce"], 9, 1))
            gantts += 1
    assert gantts == summary.gantts > 0


def test_programme_bars_are_labelled_in_thai(text_report):
    _, summary = text_report
    html = summary.html_path.read_text(encoding="utf-8")
    charts = re.findall(r"money by programme\).*?</svg>", html, re.S)
    assert charts
    for chart in charts:
        labels = set(re.findall(r'text-anchor="end"><title>([^<]+)</title>', chart))
        assert labels and labels <= set(BUDGET_TABLES.values())
