"""One self-contained HTML file to look at an output directory, document by document.

Per document: money by unit, programme, งบรายจ่าย and ministry (bar charts, each with its
fiscal year), the budget detail as a tree, the figures stated for several years side by
side, every schedule as a Gantt of its fiscal year, the checks that are not ok with both
figures, their difference, where they are and their PDF page with the line marked
(thaiplan.output.report_pages), and the KPIs with their targets by year.

Charts are inline SVG written by thaiplan.output.charts (why: see there); pages are JPEG
data URIs rendered with pypdfium2; CSS and the small scripts are inline too, so the file
opens with no network. The script counts the drawn charts into
`<body data-charts-rendered=N>`, the marked lines scrolled into view into
`data-marks-shown` and any script error into `data-errors`, which a headless browser test
reads back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import pyarrow as pa

from thaiplan.output.charts import baht, bar_chart, gantt
from thaiplan.output.datasets import MANIFEST_NAME, read_dataset
from thaiplan.output.report_pages import THUMBNAIL_WIDTH, PageImage, PageRenderer
from thaiplan.output.report_tables import (
    TABLE_CSS,
    TABLE_SCRIPT,
    batch_summary,
    budget_tree,
    data_table,
    years_table,
)

MAX_BARS = 25  # categories per bar chart; the rest are summed into one "others" bar
UNKNOWN = "(ไม่ระบุ)"  # label for rows without a unit or programme
#: budget_items.budget_table in words an analyst reads
BUDGET_TABLES = {
    "measure": "โครงการรองรับมาตรการ",
    "mission": "ภารกิจสำคัญ",
    "strategic": "โครงการยุทธศาสตร์",
    "routine": "งานประจำ",
    "other": "อื่น ๆ",
}
#: the datasets shown as tables, with their columns (key, header)
ROW_TABLES = {
    "kpis": (
        "ตัวชี้วัด (KPIs)",
        [
            ("kpi_set", "ชุด (set)"),
            ("programme", "งาน/แผนงาน (programme)"),
            ("seq", "ลำดับ"),
            ("name", "ตัวชี้วัด (indicator)"),
            ("target_text", "ค่าเป้าหมาย (target)"),
            ("responsible_unit", "หน่วยงาน (unit)"),
            ("page", "หน้า (page)"),
            ("line", "บรรทัด (line)"),
        ],
    ),
    "kpi_results": (
        "ผลการดำเนินงานตามตัวชี้วัด (KPI results)",
        [
            ("kpi_code", "รหัส"),
            ("kpi_name", "ตัวชี้วัด"),
            ("quarter", "ไตรมาส"),
            ("result_value", "ผล"),
            ("assessed", "ประเมิน"),
            ("page", "หน้า"),
        ],
    ),
    "progress_reports": (
        "รายงานความก้าวหน้า (progress reports)",
        [
            ("report_no", "ครั้งที่"),
            ("report_date", "วันที่"),
            ("progress_pct", "ร้อยละ"),
            ("disbursed", "เบิกจ่าย"),
            ("on_plan", "ตามแผน"),
            ("page", "หน้า"),
        ],
    ),
    "project_outcomes": (
        "ผลลัพธ์โครงการ (project outcomes)",
        [
            ("strategy", "ยุทธศาสตร์"),
            ("project_name", "โครงการ/กิจกรรม"),
            ("responsible_unit", "หน่วยงาน"),
            ("status_text", "ผล"),
            ("page", "หน้า"),
        ],
    ),
}
OTHERS = "อื่น ๆ"  # label of the bar that sums the categories past MAX_BARS

CSS = (
    """
body{font-family:system-ui,"Noto Sans Thai","Sarabun","Leelawadee UI","Thonburi","Tahoma",
"Loma","Garuda","Norasi",sans-serif;
margin:24px;color:#222}
h1{font-size:22px}h2{font-size:19px;border-bottom:2px solid #3b6ea5;padding-bottom:4px;
margin-top:36px}h3{font-size:16px;margin-top:20px}
svg text{font-family:inherit;font-size:13px;fill:#222}svg text.small{font-size:11px}
rect.bar{fill:#3b6ea5}rect.cell{fill:#f0f0f0}rect.active{fill:#e07b39}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
div.page{max-height:440px;max-width:THUMBpx;overflow:auto;border:1px solid #999}
img.page{width:THUMBpx;display:block}.meta{color:#555}
""".replace("THUMB", str(THUMBNAIL_WIDTH))
    + TABLE_CSS
)

SCRIPT = """
(function(){var errors=0;window.addEventListener('error',function(){errors++;
document.body.dataset.errors=errors;});
window.addEventListener('load',function(){var n=0;
document.querySelectorAll('svg.chart').forEach(function(s){var b=s.getBoundingClientRect();
if(b.width>0&&b.height>0&&s.querySelector('rect')){n++;}});
document.body.dataset.chartsRendered=n;document.body.dataset.errors=errors;var shown=0;
document.querySelectorAll('div.page[data-mark-y]').forEach(function(p){
var y=+p.dataset.markY;p.scrollTop=Math.max(0,y-120);var at=y-p.scrollTop;
p.scrollLeft=Math.max(0,+p.dataset.markX+60-p.clientWidth);
if(at>=0&&at<p.clientHeight)shown++;});document.body.dataset.marksShown=shown;});})();
"""


@dataclass(frozen=True)
class ReportSummary:
    """What the report holds, for the command's one-line summary and for tests."""

    html_path: Path
    documents: int
    charts: int
    gantts: int
    checks_not_ok: int
    thumbnails: int
    bytes: int


def write_report(out_dir: Path, html_path: Path, sources: Sequence[Path] = ()) -> ReportSummary:
    """Writes the report of `out_dir` to `html_path`.

    Source PDFs are looked for at their recorded source_path (absolute, or relative to the
    current directory or to OUT's parent), then by that path and by file name under each
    folder of `sources`.
    """
    out_dir = Path(out_dir)
    tables = {
        name: _rows_by_doc(read_dataset(out_dir, name))
        for name in (
            "budget_items",
            "budget_lines",
            "schedule_steps",
            "checks",
            *ROW_TABLES,
        )
    }
    targets = _rows_by_doc(read_dataset(out_dir, "kpi_targets"))
    documents = sorted(
        read_dataset(out_dir, "documents").to_pylist(), key=lambda d: str(d.get("source_path"))
    )
    inputs = {
        str(i.get("sha256")): str(i.get("source_path"))
        for i in _manifest(out_dir).get("inputs", [])
        if isinstance(i, dict)
    }
    pages = PageRenderer(out_dir, sources, inputs)
    body: list[str] = []
    counts = {"charts": 0, "gantts": 0, "checks": 0}
    for doc in documents:
        doc_id = doc["doc_id"]
        section, added = _document_section(
            doc,
            {name: rows.get(doc_id, []) for name, rows in tables.items()},
            targets.get(doc_id, []),
            pages,
        )
        body.append(section)
        for key, value in added.items():
            counts[key] += value
    manifest = _manifest(out_dir)
    summary = batch_summary(
        documents,
        {d["doc_id"]: _counts(d["doc_id"], tables) for d in documents},
        {d["doc_id"]: _agency(d, tables["budget_lines"].get(d["doc_id"], [])) for d in documents},
    )
    html = _page(out_dir, manifest, documents, [summary, *body])
    html_path = Path(html_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(html, encoding="utf-8")
    return ReportSummary(
        html_path=html_path,
        documents=len(documents),
        charts=counts["charts"],
        gantts=counts["gantts"],
        checks_not_ok=counts["checks"],
        thumbnails=pages.rendered,
        bytes=html_path.stat().st_size,
    )


def _counts(doc_id: str, tables: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, int]:
    checks = tables["checks"].get(doc_id, [])
    return {
        "kpis": len(tables["kpis"].get(doc_id, [])),
        "budget_rows": len(tables["budget_lines"].get(doc_id, []))
        + len(tables["budget_items"].get(doc_id, [])),
        "checks": len(checks),
        "checks_not_ok": sum(1 for c in checks if c["status"] != "ok"),
    }


def _rows_by_doc(table: pa.Table) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if "doc_id" in table.column_names:
        for row in table.to_pylist():
            grouped[row["doc_id"]].append(row)
    return grouped


def _manifest(out_dir: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _page(
    out_dir: Path, manifest: dict[str, Any], documents: list[dict[str, Any]], body: list[str]
) -> str:
    finished = manifest.get("run_finished", "")
    toc = "".join(
        f'<li><a href="#doc-{escape(d["doc_id"])}">{escape(str(d.get("source_path")))}</a> '
        f"— {escape(d.get('title') or '')}</li>"
        for d in documents
    )
    return (
        '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>thaiplan report — {escape(out_dir.name)}</title>"
        f"<style>{CSS}</style><script>{SCRIPT}{TABLE_SCRIPT}</script></head><body>"
        f"<h1>thaiplan report: {escape(str(out_dir))}</h1>"
        f'<p class="meta">{len(documents)} documents; run finished {escape(str(finished))}; '
        f"schema {escape(str(manifest.get('schema_version', '?')))}</p>"
        f"<ul>{toc}</ul>{''.join(body)}</body></html>"
    )


def _document_section(
    doc: dict[str, Any],
    rows: dict[str, list[dict[str, Any]]],
    targets: list[dict[str, Any]],
    pages: PageRenderer,
) -> tuple[str, dict[str, int]]:
    parts = [
        f'<section id="doc-{escape(doc["doc_id"])}"><h2>{escape(str(doc.get("source_path")))}</h2>',
        f'<p class="meta">{escape(_identity(doc, rows["budget_lines"]))}</p>',
    ]
    charts = _money_charts(doc, rows["budget_items"], rows["budget_lines"])
    parts.extend(charts)
    parts.append(budget_tree(rows["budget_lines"], doc.get("fiscal_year_be")))
    parts.append(years_table(f"years-{doc['doc_id']}", rows["budget_lines"], rows["budget_items"]))
    gantts = _gantts(rows["schedule_steps"], doc.get("fiscal_year_ce"))
    parts.extend(gantts)
    not_ok = [c for c in rows["checks"] if c["status"] != "ok"]
    if not_ok:
        parts.append(_checks_table(doc, not_ok, pages, _printed_pages(rows["budget_lines"])))
    if targets:
        parts.append(_kpi_targets_table(rows["kpis"], targets))
    for name, (title, columns) in ROW_TABLES.items():
        if rows[name]:
            parts.append(data_table(f"{name}-{doc['doc_id']}", title, rows[name], columns))
    if not any(parts[2:]):
        parts.append("<p>No rows were read from this document.</p>")
    parts.append("</section>")
    counts = {"charts": len(charts) + len(gantts), "gantts": len(gantts), "checks": len(not_ok)}
    return "".join(parts), counts


#: ministries named in a document's header before the rest are counted
MAX_HEADER_MINISTRIES = 3


def _agency(doc: dict[str, Any], lines: list[dict[str, Any]]) -> str:
    """The document's agency; for a budget book that names none, the ministries its lines
    are under."""
    if doc.get("agency"):
        return str(doc["agency"])
    ministries = list(dict.fromkeys(r["ministry"] for r in lines if r.get("ministry")))
    more = len(ministries) - MAX_HEADER_MINISTRIES
    return ", ".join(ministries[:MAX_HEADER_MINISTRIES]) + (f" และอีก {more}" if more > 0 else "")


def _identity(doc: dict[str, Any], lines: list[dict[str, Any]]) -> str:
    """The document as a person names it: title, agency, type, fiscal year, doc_id; empty
    parts left out."""
    parts = (
        doc.get("title"),
        _agency(doc, lines),
        doc.get("doc_type"),
        f"ปีงบประมาณ {doc.get('fiscal_year_be') or '?'}",
        f"doc_id {doc['doc_id']}",
    )
    return " · ".join(p for p in parts if p)


def _money_charts(
    doc: dict[str, Any], items: list[dict[str, Any]], lines: list[dict[str, Any]]
) -> list[str]:
    """Bar charts of the document's own-year money, counted once.

    Plans: the summary tables when the document has them (the plan's own overview), else
    the detail tables; by responsible unit (else the item's agency) and by budget table.
    Budget documents: the `detail` view's level-1 (งบรายจ่าย) lines, each under exactly
    one unit and แผนงาน, so their sum is the unit's budget; multi-year commitments and
    other years' columns are left out.
    """
    year = doc.get("fiscal_year_be")
    charts = []
    own = [r for r in items if r["amount"] is not None and r["budget_year_be"] in (year, None)]
    sections = {r["section"] for r in own}
    chosen = [r for r in own if r["section"] == ("summary" if "summary" in sections else "detail")]
    if chosen:
        charts.append(
            _bar_section(
                "เงินตามหน่วยงานรับผิดชอบ (money by responsible unit)",
                year,
                _sum_by(chosen, lambda r: r["responsible_unit"] or r["agency"]),
            )
        )
        charts.append(
            _bar_section(
                "เงินตามประเภทแผนงาน/ตาราง (money by programme)",
                year,
                _sum_by(chosen, lambda r: BUDGET_TABLES.get(r["budget_table"], r["budget_table"])),
            )
        )
    spent = [
        r
        for r in lines
        if r["view"] == "detail"
        and r["level"] == 1
        and not r["obligated"]
        and r["amount"] is not None
        and r["year_be"] in (year, None)
    ]
    if spent:
        charts.append(
            _bar_section(
                "งบประมาณตามหน่วยรับงบประมาณ (budget by budgetary unit)",
                year,
                _sum_by(spent, lambda r: r["budgetary_unit"]),
            )
        )
        charts.append(
            _bar_section(
                "งบประมาณตามแผนงาน/งาน (budget by programme or งาน)",
                year,
                _sum_by(spent, lambda r: r["plan"] or r.get("work")),
            )
        )
        charts.append(
            _bar_section(
                "งบประมาณตามงบรายจ่าย (budget by expenditure type)",
                year,
                _sum_by(spent, lambda r: r["category_lv1"]),
            )
        )
        if any(r["ministry"] for r in spent):
            charts.append(
                _bar_section(
                    "งบประมาณตามกระทรวง (budget by ministry)",
                    year,
                    _sum_by(spent, lambda r: r["ministry"]),
                )
            )
    return charts


def _sum_by(rows: Iterable[dict[str, Any]], key: Any) -> list[tuple[str, Decimal]]:
    """Amounts summed per label, largest first, the tail past MAX_BARS in one bar."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[key(row) or UNKNOWN] += row["amount"]
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > MAX_BARS:
        rest = sum((amount for _, amount in ranked[MAX_BARS - 1 :]), Decimal(0))
        ranked = [*ranked[: MAX_BARS - 1], (OTHERS, rest)]
    return ranked


def _bar_section(title: str, year: int | None, bars: list[tuple[str, Decimal]]) -> str:
    """A bar chart under a heading that says its fiscal year and its total."""
    total = sum((amount for _, amount in bars), Decimal(0))
    fiscal = f" — ปีงบประมาณ {year}" if year else ""
    return f"<h3>{escape(title)}{fiscal} — รวม {baht(total)} บาท</h3>{bar_chart(title, bars)}"


def _gantts(steps: list[dict[str, Any]], fiscal_year_ce: int | None = None) -> list[str]:
    by_schedule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for step in steps:
        by_schedule[step["schedule_id"]].append(step)
    charts = []
    for schedule in by_schedule.values():
        first = schedule[0]
        title = " ".join(
            part
            for part in (
                f"ตัวชี้วัดที่ {first['kpi_no']}" if first.get("kpi_no") else "",
                first.get("project_name") or "",
                f"({first['responsible_unit']})" if first.get("responsible_unit") else "",
            )
            if part
        )
        budget = first.get("project_budget")
        money = f" — งบประมาณ {baht(budget)} บาท" if budget is not None else ""
        bars = [(f"{s['step_no']} {s['step_text'] or ''}", s["months"] or []) for s in schedule]
        charts.append(
            f"<h3>กำหนดการ: {escape(title or 'schedule')}{money}</h3>"
            f"{gantt(title or 'schedule', bars, fiscal_year_ce)}"
        )
    return charts


def _checks_table(
    doc: dict[str, Any],
    checks: list[dict[str, Any]],
    pages: PageRenderer,
    printed: dict[int, int],
) -> str:
    """The checks not ok, each with its page at a size to read, the figure it states
    marked on its line (the stated amount first, else the sum found)."""
    rows = []
    for check in sorted(checks, key=lambda c: (c["page"] or 0, c["line"] or 0, c["check"])):
        page = check["page"]
        where = f"line {check['line']}"
        if page:
            where = f"PDF page {page}" + (f" (printed {printed[page]})" if page in printed else "")
        image = pages.page(doc, page, (check["expected"], check["actual"])) if page else None
        rows.append(
            "<tr>"
            f"<td>{escape(check['check'])}<br>{escape(check['status'])}</td>"
            f"<td>{escape(check['scope'] or '')}</td><td>{escape(check['unit'])}</td>"
            + "".join(
                f'<td class="num">{_figure(check[k])}</td>'
                for k in ("expected", "actual", "difference")
            )
            + f"<td>{escape(where)}</td></tr>"
        )
        if image is not None:  # the page below its check, as wide as the table
            rows.append(
                f'<tr class="page-row"><td colspan="7">{_page_cell(image, where)}</td></tr>'
            )
    missing = (
        f'<p class="meta missing-pdf">{escape(pages.missing_note(doc))}</p>'
        if doc.get("source_format") == "pdf" and pages.source(doc) is None
        else ""
    )
    return (
        f"<h3>การตรวจสอบที่ไม่ผ่าน (checks not ok): {len(checks)}</h3>{missing}<table><tr><th>check</th>"
        "<th>scope</th><th>unit</th><th>expected</th><th>actual</th><th>difference</th>"
        f"<th>where</th></tr>{''.join(rows)}</table>"
    )


def _page_cell(image: PageImage, where: str) -> str:
    """The page in a box scrolled to its marked line, with what was marked."""
    img = f'<img class="page" alt="{escape(where)}" src="{image.uri}">'
    if image.mark_y is None:
        note = "the figures were not found in the page's text layer: the whole page"
        return f'<div class="page">{img}</div><p class="meta">{note}</p>'
    return (
        f'<div class="page" data-mark-y="{image.mark_y}" data-mark-x="{image.mark_x}">{img}</div>'
        f'<p class="meta">marked: {escape(image.marked or "")}</p>'
    )


def _printed_pages(rows: Iterable[dict[str, Any]]) -> dict[int, int]:
    """PDF page -> the page number printed on it, from the rows that carry both."""
    return {r["page"]: r["printed_page"] for r in rows if r.get("page") and r.get("printed_page")}


def _figure(value: Decimal | None) -> str:
    return "—" if value is None else baht(value)


def _kpi_targets_table(kpis: list[dict[str, Any]], targets: list[dict[str, Any]]) -> str:
    names = {k["kpi_id"]: k for k in kpis}
    years = sorted({t["year_be"] for t in targets if t["year_be"] is not None})
    by_kpi: dict[str, dict[int, str]] = defaultdict(dict)
    for target in targets:
        by_kpi[target["kpi_id"]][target["year_be"]] = target["target_text"] or "—"
    rows = []
    for kpi_id, by_year in by_kpi.items():
        kpi = names.get(kpi_id, {})
        label = " ".join(p for p in (kpi.get("seq") or "", kpi.get("name") or kpi_id) if p)
        rows.append(
            f"<tr><td>{escape(label)}</td>"
            + "".join(f"<td>{escape(by_year.get(y, ''))}</td>" for y in years)
            + "</tr>"
        )
    head = "".join(f"<th>{y}</th>" for y in years)
    return (
        f"<h3>ตัวชี้วัดและค่าเป้าหมายรายปี (KPI targets by year): {len(by_kpi)}</h3>"
        f"<table><tr><th>ตัวชี้วัด</th>{head}</tr>{''.join(rows)}</table>"
    )
