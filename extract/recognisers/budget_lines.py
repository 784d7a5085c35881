"""The detail view of a national budget book: every amount line in the tree the page draws.

After `รายละเอียดงบประมาณจำแนกตามงบรายจ่าย` a book lists, under a total line (`ผลผลิต : …
80,437,800 บาท`), the งบรายจ่าย (`1. งบเงินอุดหนุน`) and their numbered sub-lines (`1.1`,
`1)`, `2.1`, `(1)`). No ruling lines hold them: the tree is read from each numbered line's
indent (a line belongs to the nearest line above it that starts further left), an item
whose text wraps ends on the line that carries its amount, and a commitment over years
(`ปี 2566 ผูกพันงบประมาณ 921,368,000 บาท` under an item) gives one row per year.

Ministry and budgetary unit come from the lines above an agency's `งบประมาณ ปี …` line;
plan, output and project from the numbered section headings, joined where they wrap.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from thaiplan.extract.context.multi_year import AGENCY_BUDGET_LINE, agency_title, join_title
from thaiplan.extract.context.reading import Reading, text
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Provenance
from thaiplan.extract.records import Record
from thaiplan.normalize.numbers import parse_number, to_money, unit_scale

DETAIL_START = re.compile(r"^รายละเอียดงบประมาณจำแนกตามงบรายจ่าย")
#: `7.2 แผนงาน…`, `7.2.1 ผลผลิตที่ 1 : …`, `7.3.1 โครงการที่ 1 : …` (the amount may be on a later line)
SECTION = re.compile(r"^\d+(?:\.\d+)+\s+(แผนงาน|ผลผลิตที่|โครงการที่)")
#: a programme heading wraps over at most this many lines before its amount
HEADING_MAX_LINES = 3
#: the unit's stated total under its `งบประมาณ ปี 2564 ปี 2565` line, one amount per year
UNIT_TOTAL = re.compile(r"^งบประมาณรายจ่าย\s+\d")
MONEY = re.compile(r"(-|\d[\d,]*(?:\.\d+)?)\s*(ล้านบาท|บาท)")
AMOUNT = re.compile(r"\s*(-|\d[\d,]*(?:\.\d+)?)\s*(ล้านบาท|บาท)$")
NUMBERING = re.compile(r"^(\(\d+(?:\.\d+)*\)|\d+(?:\.\d+)*\)|\d+\.(?:\d+(?:\.\d+)*)?)\s+(?=\D)")
#: `ปี 2566 ผูกพันงบประมาณ 921,368,000 บาท` / `ปี 2562 ตั้งงบประมาณ …` under a commitment item
COMMITMENT_YEAR = re.compile(r"^ปี\s*(25\d\d)\s*(ตั้งงบประมาณ|ผูกพันงบประมาณ)")
#: `1 ระบบ`, `12 คัน` just before an item's amount (a count and its unit word)
QUANTITY = re.compile(r"\s(รวม\s*\d[\d,]*\s*รายการ(?:\s*\(.*?\))?|\d[\d,]*\s+[ก-๙]+)$")
#: the names a total line (level 0) gives to what it totals
TOTAL_KINDS = {"ผลผลิต": "output", "โครงการ": "project"}
TOTAL_LINE = re.compile(r"^(ผลผลิต|โครงการ)\s*:\s*(.+)$")
#: how far (in points) an indent may wander between lines of one level
INDENT_SLACK = 2.0
#: how far (in points) left of the page's amount column an amount may end; a `1 ล้านบาท`
#: inside an item's words (`ราคาต่อหน่วยต่ำกว่า 1 ล้านบาท`) ends well before it
AMOUNT_EDGE_SLACK = 12.0


@dataclass
class Context:
    """Where in the book a line stands: agency, programme, and the open detail tree."""

    ministry: str | None = None
    unit: str | None = None
    plan: str | None = None
    output: str | None = None
    project: str | None = None
    plan_line: Record | None = None
    unit_line: Record | None = None
    summary: bool = False  # the part opened under a one-line title: a ministry's own
    total_years: list[int] = field(default_factory=list)
    in_detail: bool = False
    edges: dict[int | None, float] = field(default_factory=dict)  # page -> amount column edge
    pending: list[Block] = field(default_factory=list)  # lines of an item still wrapping
    stack: list[tuple[float, Record]] = field(default_factory=list)  # (indent, line)
    heading: list[str] = field(default_factory=list)  # a programme heading still wrapping


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    blocks = [item.block for item in reading.located]
    if not any(b.kind != "table" and AGENCY_BUDGET_LINE.match(text(b.text)) for b in blocks):
        return
    ctx = Context(edges=_amount_edges(blocks))
    year = reading.fiscal_year_be or 0
    for index, block in enumerate(blocks):
        if block.kind == "table":
            ctx.in_detail, ctx.pending = False, []
            continue
        value = text(block.text)
        if AGENCY_BUDGET_LINE.match(value):
            _start_agency(ctx, blocks, index)
            ctx.total_years = [int(y) for y in re.findall(r"ปี\s*(25\d\d)", value)]
            if not reading.fiscal_year_be and ctx.total_years:
                year = max(ctx.total_years)  # the last year the part compares is its own
        elif ctx.total_years and UNIT_TOTAL.match(value):
            yield from _unit_total(reading, ids, ctx, value, block.prov, year)
        elif DETAIL_START.match(value):
            ctx.in_detail, ctx.pending, ctx.stack = True, [], []
        elif ctx.heading or SECTION.match(value):
            ctx.in_detail = False
            yield from _programme(reading, ids, ctx, value, block, year)
        elif ctx.in_detail:
            yield from _detail_line(reading, ids, ctx, block, year)


def _amount_edges(blocks: list[Block]) -> dict[int | None, float]:
    """Per page, where the amount column ends: where most of the rightmost lines ending in
    บาท end (a heading may reach a little further, a commitment's year lines stop short)."""
    ends: dict[int | None, list[float]] = {}
    for block in blocks:
        if block.kind != "table" and block.prov.bbox and AMOUNT.search(text(block.text)):
            ends.setdefault(block.prov.page, []).append(block.prov.bbox[2])
    edges = {}
    for page, values in ends.items():
        right = [round(v) for v in values if v >= max(values) - AMOUNT_EDGE_SLACK]
        edges[page] = float(Counter(right).most_common(1)[0][0])
    return edges


def _at_amount_edge(ctx: Context, block: Block) -> bool:
    """The line's amount stands in the page's amount column (always so without positions)."""
    if block.prov.bbox is None or block.prov.page not in ctx.edges:
        return True
    return block.prov.bbox[2] >= ctx.edges[block.prov.page] - AMOUNT_EDGE_SLACK


def _indent(ctx: Context, block: Block) -> float:
    """How far left of the amount column the line starts: odd and even pages have different
    margins, but the amount column moves with them, so indents compare across pages."""
    if block.prov.bbox is None:
        return 0.0
    return block.prov.bbox[0] - ctx.edges.get(block.prov.page, 0.0)


def _start_agency(ctx: Context, blocks: list[Block], index: int) -> None:
    """The title lines above `งบประมาณ ปี`: the ministry first, then the unit (maybe wrapped)."""
    title = agency_title(blocks, index)
    ctx.summary = len(title) == 1
    if len(title) >= 2:
        ctx.ministry, ctx.unit = title[0], join_title(title[1:])
    elif title:  # a part of its own: a ministry (or a body that is its own ministry)
        ctx.ministry = ctx.unit = title[0]
    ctx.plan = ctx.output = ctx.project = None
    ctx.plan_line, ctx.unit_line, ctx.in_detail, ctx.stack = None, None, False, []


def _programme(
    reading: Reading, ids: IdMaker, ctx: Context, value: str, block: Block, year: int
) -> Iterator[Record]:
    """A `7.x แผนงาน…` / `ผลผลิตที่` / `โครงการที่` heading, joined until its amount."""
    ctx.heading.append(value)
    if not AMOUNT.search(value):
        if len(ctx.heading) >= HEADING_MAX_LINES:
            ctx.heading = []  # not a programme heading after all
        return
    joined = " ".join(ctx.heading)
    ctx.heading = []
    m = AMOUNT.search(joined)
    assert m is not None
    name = re.sub(r"^\d+(?:\.\d+)+\s+", "", joined[: m.start()]).strip()
    if name.startswith("แผนงาน"):
        ctx.plan, ctx.output, ctx.project = name, None, None
        ctx.plan_line = _line(
            reading, ids, ctx, ctx.unit_line, [], name, m, year, block.prov, level=0
        )
        yield ctx.plan_line
    else:
        kind = "output" if name.startswith("ผลผลิต") else "project"
        label = re.sub(r"^\S+ที่\s*\d+\s*:\s*", "", name)
        ctx.output, ctx.project = (label, None) if kind == "output" else (None, label)


def _unit_total(
    reading: Reading, ids: IdMaker, ctx: Context, value: str, prov: Provenance, year: int
) -> Iterator[Record]:
    """`งบประมาณรายจ่าย 191,976,200 บาท 166,576,700 บาท`: the unit's total for each year; the
    plans of the unit hang under the total of the book's own year. Under a one-line title
    (a ministry) it is the ministry's total."""
    years, ctx.total_years = ctx.total_years, []
    for year_be, amount in zip(years, MONEY.finditer(value), strict=False):
        line = _line(reading, ids, ctx, None, [], "งบประมาณรายจ่าย", amount, year_be, prov, 0)
        line.row["view"] = "ministry_summary" if ctx.summary else "other"
        if year_be == year:
            ctx.unit_line = line
        yield line


def _detail_line(
    reading: Reading, ids: IdMaker, ctx: Context, block: Block, year: int
) -> Iterator[Record]:
    value = text(block.text)
    if (m := COMMITMENT_YEAR.match(value)) and ctx.stack:
        yield from _commitment_year(reading, ids, ctx, int(m[1]), value, block.prov, year)
        return
    numbered = NUMBERING.match(value)
    if numbered:
        ctx.pending = [block]
    elif ctx.pending:
        ctx.pending.append(block)
    elif not ctx.stack:
        ctx.pending = [block]  # the total line that opens the tree, maybe wrapped
    else:
        return  # a note (เงินนอกงบประมาณ, วงเงินทั้งสิ้น) or furniture: not a line of the tree
    joined = " ".join(text(b.text) for b in ctx.pending)
    amount = AMOUNT.search(joined)
    if amount is None or not _at_amount_edge(ctx, block):
        return
    first = ctx.pending[0]
    indent = _indent(ctx, first)
    ctx.pending = []
    yield from _place(reading, ids, ctx, joined, amount, indent, first.prov, year)


def _place(
    reading: Reading,
    ids: IdMaker,
    ctx: Context,
    joined: str,
    amount: re.Match[str],
    indent: float,
    prov: Provenance,
    year: int,
) -> Iterator[Record]:
    """Hang a finished line under the nearest line above it that starts further left."""
    numbering = NUMBERING.match(joined)
    if numbering is None:  # the total line: ผลผลิต : … / โครงการ : … / รายการ…
        label = joined[: amount.start()].strip()
        if m := TOTAL_LINE.match(label):
            setattr(ctx, TOTAL_KINDS[m[1]], m[2].strip())
        ctx.stack = []
        line = _line(reading, ids, ctx, ctx.plan_line, [], label, amount, year, prov, level=0)
        ctx.stack.append((indent - INDENT_SLACK * 4, line))
        yield line
        return
    if not ctx.stack:
        return
    key, ordinal = _numbering_key(numbering[1])
    _pop_to_parent(ctx.stack, key, ordinal, indent)
    parent = ctx.stack[-1][1]
    item = joined[numbering.end() : amount.start()].strip()
    path = [*parent.meta["path"], item] if parent.row["level"] >= 1 else []
    line = _line(reading, ids, ctx, parent, path, item, amount, year, prov, parent.row["level"] + 1)
    if line.row["level"] == 1:
        line.row["category_lv1"] = item
    line.meta["numbering"] = key
    ctx.stack.append((indent, line))
    yield line


def _numbering_key(label: str) -> tuple[tuple[str, tuple[str, ...]], int]:
    """A numbering's style and outer numbers, and its own number: `(5.2)` -> (('(9.9)',
    ('5',)), 2); lines of one list share the key.

    >>> _numbering_key("(5.2)"), _numbering_key("1.")
    ((('(9.9)', ('5',)), 2), (('9.', ()), 1))
    """
    numbers = re.findall(r"\d+", label)
    return (re.sub(r"\d+", "9", label), tuple(numbers[:-1])), int(numbers[-1])


def _pop_to_parent(
    stack: list[tuple[float, Record]], key: tuple[str, tuple[str, ...]], ordinal: int, indent: float
) -> None:
    """Leave on the stack only the new line's ancestors. A list's first item (`1`) hangs
    under the line just above it; a later item is a sibling of the nearest earlier item of
    its list. Only where neither tells, the indent does: printed indents are not always
    kept (a long `(1)` item may start left of its parent)."""
    if ordinal == 1:
        return
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth][1].meta.get("numbering") == key:
            del stack[depth:]
            return
    while len(stack) > 1 and stack[-1][0] >= indent - INDENT_SLACK:
        stack.pop()


def _commitment_year(
    reading: Reading,
    ids: IdMaker,
    ctx: Context,
    year_be: int,
    value: str,
    prov: Provenance,
    year: int,
) -> Iterator[Record]:
    """One year of the commitment the last item states; its own year is that item's row."""
    item = ctx.stack[-1][1]
    item.row["obligated"] = True
    amount = AMOUNT.search(value)
    if year_be == item.row["year_be"] or amount is None:
        return
    parent_id = item.row["parent_id"]
    row = {**item.row, "year_be": year_be, "amount": _money(amount), "amount_raw": amount[0]}
    row["line_id"] = ids.make("budget_line", "detail", *item.meta["path"], year_be, "obligated")
    row["parent_id"], row["is_leaf"] = parent_id, True
    yield Record("budget_lines", row, prov, {"path": item.meta["path"], "year_only": True})


def _line(
    reading: Reading,
    ids: IdMaker,
    ctx: Context,
    parent: Record | None,
    path: list[str],
    item: str,
    amount: re.Match[str],
    year: int,
    prov: Provenance,
    level: int,
) -> Record:
    quantity = QUANTITY.search(item) if level >= 2 else None
    category_lv1 = parent.row["category_lv1"] if parent is not None and level >= 2 else None
    if parent is not None:
        parent.row["is_leaf"] = False
    row = {
        "line_id": ids.make(
            "budget_line", "detail", ctx.unit, ctx.plan, category_lv1, *path, item, year
        ),
        "parent_id": None if parent is None else parent.row["line_id"],
        "view": "detail",
        "ministry": ctx.ministry,
        "budgetary_unit": ctx.unit,
        "plan": ctx.plan,
        "cross_functional": bool(ctx.plan and ctx.plan.startswith("แผนงานบูรณาการ")),
        "output": ctx.output,
        "project": ctx.project,
        "activity": None,
        "category_lv1": category_lv1,
        "category_path": path[:-1],
        "level": level,
        "is_leaf": True,
        "item": item,
        "quantity_text": quantity[1] if quantity else None,
        "year_be": year,
        "obligated": False,
        "amount": _money(amount),
        "amount_raw": amount[0].strip(),
        "printed_page": None,  # the page's own number, filled in with the common columns
    }
    return Record("budget_lines", row, prov, {"path": path})


def _money(amount: re.Match[str]) -> Decimal | None:
    number = parse_number(re.sub(r"(?<=\d)\s+(?=[\d,.])", "", amount[1]))
    return None if number is None else to_money(number * unit_scale(amount[2]))
