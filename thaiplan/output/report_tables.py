"""The report's tables: a budget's tree to open level by level, sortable and filterable
tables of rows, and the summary of a batch.

Why plain HTML: `<details>` opens and closes a tree without a script, and a table sorts
and filters with the few lines of TABLE_SCRIPT, so the report stays one file that opens
offline in every browser, with nothing to vendor or pin.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from thaiplan.output.charts import baht

#: rows a data table shows at most; the rest are counted under it
MAX_TABLE_ROWS = 2000

#: sorts a `table.data` by the header clicked (numbers as numbers) and filters its rows by
#: the text typed in the input before it; opened with `#selftest`, it opens the first tree,
#: filters and sorts the first table and says how that went in `<body data-…>` (for a
#: headless browser test: the tree opened down to an item, every table's filter to none
#: and back to all)
TABLE_SCRIPT = """
(function(){function key(c){var t=c.textContent.trim(),n=parseFloat(t.replace(/,/g,''));
return isNaN(n)||!/^-?[\\d,.]+$/.test(t)?t:n;}
document.addEventListener('click',function(e){var th=e.target.closest('table.data th');
if(!th)return;var table=th.closest('table'),i=Array.prototype.indexOf.call(th.parentNode.children,th),
down=th.dataset.sort!=='up',rows=Array.prototype.slice.call(table.tBodies[0].rows);
rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
return (x<y?-1:x>y?1:0)*(down?1:-1);});
rows.forEach(function(r){table.tBodies[0].appendChild(r);});
th.parentNode.querySelectorAll('th').forEach(function(h){delete h.dataset.sort;});
th.dataset.sort=down?'up':'down';});
document.addEventListener('input',function(e){if(!e.target.matches('input.filter'))return;
var q=e.target.value.toLowerCase(),table=document.getElementById(e.target.dataset.table),shown=0;
Array.prototype.forEach.call(table.tBodies[0].rows,function(r){
var hit=r.textContent.toLowerCase().indexOf(q)>=0;r.hidden=!hit;shown+=hit;});
table.dataset.shown=shown;});
window.addEventListener('load',function(){if(location.hash!=='#selftest')return;
var d=document.body.dataset,tree=document.querySelector('details.tree');
if(tree){tree.open=true;var kid=tree.querySelector(':scope>details,:scope>div');
d.treeOpened=kid&&kid.getBoundingClientRect().height>0?'yes':'no';}
var f=document.querySelector('input.filter');if(f){var t=document.getElementById(f.dataset.table);
f.value='\u0000none';f.dispatchEvent(new Event('input',{bubbles:true}));d.filterNone=t.dataset.shown;
f.value='';f.dispatchEvent(new Event('input',{bubbles:true}));d.filterAll=t.dataset.shown;
var th=t.querySelector('th');th.click();d.sorted=th.dataset.sort||'';}
if(tree){tree.querySelectorAll('details').forEach(function(x){x.open=true;});
var leaf=tree.querySelector('.leaf');d.leafShown=leaf&&leaf.getBoundingClientRect().height>0?'yes':'no';}
var ok=0,filters=document.querySelectorAll('input.filter');filters.forEach(function(f){
var t=document.getElementById(f.dataset.table),n=t.tBodies[0].rows.length;
f.value='\u0000none';f.dispatchEvent(new Event('input',{bubbles:true}));var none=+t.dataset.shown;
f.value='';f.dispatchEvent(new Event('input',{bubbles:true}));if(none===0&&+t.dataset.shown===n)ok++;});
d.filtersOk=ok+'/'+filters.length;});})();
"""

TABLE_CSS = """
table.data th{cursor:pointer;background:#eef3f8}table.data th[data-sort]::after{content:' ↕'}
input.filter{margin:4px 0;padding:3px 6px;width:320px}
details.tree{margin-left:18px}details.tree>summary{cursor:pointer}
.tree .leaf{margin-left:32px}.tree .amt{font-variant-numeric:tabular-nums;color:#3b6ea5}
"""


def data_table(
    table_id: str, title: str, rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]
) -> str:
    """A titled table of `rows` (column key, Thai/English header), sortable by a click on
    a header and filtered by the text typed above it."""
    shown = rows[:MAX_TABLE_ROWS]
    more = len(rows) - len(shown)
    head = "".join(f"<th>{escape(label)}</th>" for _, label in columns)
    body = "".join(
        "<tr>" + "".join(_cell(row.get(key)) for key, _ in columns) + "</tr>" for row in shown
    )
    note = f'<p class="meta">{more} more rows not shown</p>' if more > 0 else ""
    return (
        f"<h3>{escape(title)}: {len(rows)}</h3>"
        f'<input class="filter" data-table="{table_id}" placeholder="กรอง / filter">'
        f'<table class="data" id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>{note}"
    )


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return f'<td class="num">{baht(value)}</td>'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="num">{value:g}</td>'
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return f"<td>{escape('' if value is None else str(value))}</td>"


def budget_tree(lines: Sequence[dict[str, Any]], year: int | None) -> str:
    """The `detail` view's lines of the document's own year as a tree to open level by
    level (unit, programme or งาน, งบรายจ่าย, items), each with its amount."""
    own = [
        r for r in lines if r["view"] == "detail" and r["year_be"] in (year, None) and r["line_id"]
    ]
    if not own:
        return ""
    ids = {r["line_id"] for r in own}
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in own:
        children[row["parent_id"] if row["parent_id"] in ids else None].append(row)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for root in children[None]:
        groups[_group(root)].append(root)
    parts = []
    for group, roots in groups.items():
        total = sum((r["amount"] or Decimal(0) for r in roots), Decimal(0))
        inner = "".join(_node(r, children) for r in roots)
        parts.append(
            f'<details class="tree"><summary>{escape(group)} '
            f'<span class="amt">{baht(total)}</span></summary>{inner}</details>'
        )
    fiscal = f" — ปีงบประมาณ {year}" if year else ""
    heading = f"รายละเอียดงบประมาณ (budget detail, open to drill down){fiscal}"
    return f"<h3>{heading}</h3>{''.join(parts)}"


def _group(root: dict[str, Any]) -> str:
    """The heading a tree hangs under: its ministry and unit, and its ฝ่าย where given."""
    names = (root.get("ministry"), root.get("budgetary_unit"), root.get("division"))
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return " / ".join(seen) or "(ไม่ระบุ)"


def _node(row: dict[str, Any], children: dict[str | None, list[dict[str, Any]]]) -> str:
    label = f'{escape(row["item"])} <span class="amt">{_amount(row)}</span>'
    below = children.get(row["line_id"], [])
    if not below:
        return f'<div class="leaf">{label}</div>'
    inner = "".join(_node(child, children) for child in below)
    return f'<details class="tree"><summary>{label}</summary>{inner}</details>'


def _amount(row: dict[str, Any]) -> str:
    return "—" if row["amount"] is None else baht(row["amount"])


def batch_summary(
    documents: Sequence[dict[str, Any]],
    counts: dict[str, dict[str, int]],
    agencies: dict[str, str],
) -> str:
    """One row per document of the batch: what it is, whose (its agency, or a budget book's
    ministries), its year and what was read from it."""
    rows = [
        {
            "document": str(doc.get("source_path")),
            "doc_type": doc.get("doc_type"),
            "agency": agencies.get(doc["doc_id"]) or doc.get("agency"),
            "fiscal_year_be": doc.get("fiscal_year_be"),
            **counts.get(doc["doc_id"], {}),
        }
        for doc in documents
    ]
    columns = [
        ("document", "เอกสาร (document)"),
        ("doc_type", "ประเภท (type)"),
        ("agency", "หน่วยงาน (agency)"),
        ("fiscal_year_be", "ปีงบประมาณ (FY)"),
        ("kpis", "ตัวชี้วัด (KPIs)"),
        ("budget_rows", "รายการงบประมาณ (budget rows)"),
        ("checks", "การตรวจสอบ (checks)"),
        ("checks_not_ok", "ไม่ผ่าน (not ok)"),
    ]
    return data_table("batch", "สรุปชุดเอกสาร (batch summary)", rows, columns)


#: budget_lines.view in words an analyst reads
VIEWS = {
    "detail": "รายละเอียด (detail)",
    "service_targets": "เป้าหมายการให้บริการ (service targets)",
    "comparison": "เปรียบเทียบปีก่อน (comparison)",
    "by_budget_type": "ตามงบรายจ่าย (by budget type)",
    "by_source": "ตามแหล่งเงิน (by source)",
    "by_activity": "ตามกิจกรรม (by activity)",
    "by_structure": "ตามโครงสร้างงาน (by structure)",
    "by_category": "ตามประเภทงบประมาณ (by category)",
    "ministry_summary": "สรุปกระทรวง (ministry summary)",
    "other": "อื่น ๆ (other)",
}
MONEY_SOURCES = {"budget": "เงินงบประมาณ", "off_budget": "เงินนอกงบประมาณ"}


def years_table(
    table_id: str, lines: Sequence[dict[str, Any]], items: Sequence[dict[str, Any]]
) -> str:
    """Every figure a document states for more than one fiscal year, the years side by side:
    a budget line's years (a multi-year commitment, a service-target table's five years, a
    comparison with last year) and a plan item's, one row per line, one column per year."""
    figures: dict[tuple[Any, ...], dict[int, list[Decimal | None]]] = defaultdict(dict)
    for row in lines:
        if row["year_be"] is not None:
            figures[_line_key(row)].setdefault(row["year_be"], []).append(row["amount"])
    for row in items:
        if row["budget_year_be"] is not None:
            figures[_item_key(row)].setdefault(row["budget_year_be"], []).append(row["amount"])
    several = {key: by_year for key, by_year in figures.items() if len(by_year) > 1}
    if not several:
        return ""
    years = sorted({year for by_year in several.values() for year in by_year})
    rows = [
        {
            **dict(zip(("table", "unit", "under", "item", "source"), key, strict=True)),
            **{f"y{year}": by_year[year][n] for year in by_year if n < len(by_year[year])},
        }
        for key, by_year in several.items()
        for n in range(max(len(amounts) for amounts in by_year.values()))
    ]
    columns = [
        ("table", "ตาราง (table)"),
        ("unit", "หน่วยงาน (unit)"),
        ("under", "แผนงาน/ผลผลิต/โครงการ (under)"),
        ("item", "รายการ (item)"),
        ("source", "แหล่งเงิน (source)"),
        *((f"y{year}", f"ปีงบประมาณ {year}") for year in years),
    ]
    return data_table(table_id, "งบประมาณแต่ละปีเทียบกัน (the years side by side)", rows, columns)


def _line_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What a budget line is, whatever its year: its table, unit, place and name."""
    under = (row.get(k) for k in ("plan", "output", "project", "activity", "division", "work"))
    names = [row.get("category_lv1"), *(row.get("category_path") or []), row.get("item")]
    return (
        VIEWS.get(row["view"], row["view"]),
        row.get("budgetary_unit") or "",
        " › ".join(dict.fromkeys(u for u in under if u)),
        " › ".join(dict.fromkeys(n for n in names if n)),
        MONEY_SOURCES.get(row.get("money_source") or "", ""),
    )


def _item_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What a plan's budget item is, whatever its year."""
    return (
        f"{row['section']} / {row['budget_table']}",
        row.get("responsible_unit") or row.get("agency") or "",
        row.get("measure_ref") or "",
        row.get("project_name") or "",
        row.get("fund_source") or "",
    )
