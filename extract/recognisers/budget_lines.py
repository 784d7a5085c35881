"""The detail view of a national budget book: every amount line in the tree the page draws.

After `รายละเอียดงบประมาณจำแนกตามงบรายจ่าย` a book lists, under a total line (`ผลผลิต : …
80,437,800 บาท`), the งบรายจ่าย (`1. งบเงินอุดหนุน`) and their numbered sub-lines (`1.1`,
`1)`, `2.1`, `(1)`). No ruling lines hold them: the tree is read by amount_tree from the
numbering and the sums (a line's children are the lines its numbering allows below it,
taken until they add up to its amount), an item whose text wraps ends on the line that
carries its amount, and a commitment over years
(`ปี 2566 ผูกพันงบประมาณ 921,368,000 บาท` under an item) gives one row per year.

Ministry and budgetary unit come from the lines above an agency's `งบประมาณ ปี …` line;
plan, output and project from the numbered section headings, joined where they wrap.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from thaiplan.extract.context.amount_tree import (
    LINE_AMOUNT,
    AmountLine,
    baht_as_read,
    build_trees,
    mend_by_sums,
    numbering_of,
)
from thaiplan.extract.context.multi_year import AGENCY_BUDGET_LINE, agency_title, join_title
from thaiplan.extract.context.reading import Reading, text
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Provenance
from thaiplan.extract.records import AMOUNT_FROM_ITEMS, Record
from thaiplan.extract.rows import BudgetLineRow
from thaiplan.normalize.dates import mended_year
from thaiplan.normalize.numbers import parse_number, to_money, unit_scale

DETAIL_START = re.compile(r"^รายละเอียดงบประมาณจำแนกตามงบรายจ่าย")
#: a section's number, `7.2`, `7.3.1`, as OCR may read it too: a point or the space after
#: it lost (`73 แผนงาน…`, `7.33โครงการที่ 3`); two digits at least, unlike an item's `1.`
SECTION_NUMBER = re.compile(r"^\d[\d.]*\d\s*")
#: `7.2 แผนงาน…`, `7.2.1 ผลผลิตที่ 1 : …`, `7.3.1 โครงการที่ 1 : …` (the amount may be on a later line)
SECTION = re.compile(rf"{SECTION_NUMBER.pattern}(แผนงาน|ผลผลิตที่|โครงการที่)")
#: a programme heading wraps over at most this many lines before its amount
HEADING_MAX_LINES = 3
#: the unit's stated total under its `งบประมาณ ปี 2564 ปี 2565` line, one amount per year
UNIT_TOTAL = re.compile(r"^งบประมาณรายจ่าย\s+\d")
MONEY = re.compile(r"(-|\d[\d,]*(?:\.\d+)?)\s*(ล้านบาท|บาท)")
#: an item's numbering, then its words; OCR may drop the space before them (`1)ค่าใช้จ่าย`,
#: `1.1เงินอุดหนุน`) or the closing bracket (`(2เครื่อง`), never the letter that follows
NUMBERING = re.compile(
    r"^(\(\d+(?:\.\d+)*\)|\d+(?:\.\d+)*\)|\d+\.(?:\d+(?:\.\d+)*)?|\(\d+(?=\s*[^\W\d_]))"
    r"(?:\s+(?=\D)|(?=[^\W\d_]))"
)
#: `ปี 2566 ผูกพันงบประมาณ 921,368,000 บาท` / `ปี 2562 ตั้งงบประมาณ …` under a commitment item
#: (OCR may read its `ปี` as a mark or two: `1) 2566ผูกพันงบประมาณ`, and its year's digits
#: as others: `2666`, which the commitment's order of years mends)
COMMITMENT_YEAR = re.compile(r"^(?:ปี|\S{1,2}\s)?\s*(\d{4,5})\s*(ตั้งงบประมาณ|ผูกพันงบประมาณ)")
#: the label of the book's own year among a commitment's years
OWN_YEAR_LABEL = "ตั้งงบประมาณ"
#: `1 ระบบ`, `12 คัน` just before an item's amount (a count and its unit word)
QUANTITY = re.compile(r"\s(รวม\s*\d[\d,]*\s*รายการ(?:\s*\(.*?\))?|\d[\d,]*\s+[ก-๙]+)$")
#: the names a total line (level 0) gives to what it totals
TOTAL_KINDS = {"ผลผลิต": "output", "โครงการ": "project"}
TOTAL_LINE = re.compile(r"^(ผลผลิต|โครงการ)\s*:\s*(.+)$")
#: how far (in points) left of the page's amount column an amount may end; a `1 ล้านบาท`
#: inside an item's words (`ราคาต่อหน่วยต่ำกว่า 1 ล้านบาท`) ends well before it
AMOUNT_EDGE_SLACK = 12.0
#: an amount OCR read no digit of: the unit word after nothing or a mark or two (`en บาท`,
#: `“บาท`, `ม บาท`), never a label's colon (`หน่วย : บาท`)
UNREAD_AMOUNT = re.compile(r"\s(?:[^\d\s:]{1,2}\s*)?บาท$")


@dataclass
class Context:
    """Where in the book a line stands: agency, programme, and the open detail tree."""

    ministry: str | None = None
    unit: str | None = None
    plan: str | None = None
    output: str | None = None
    project: str | None = None
    plan_line: Record[BudgetLineRow] | None = None
    unit_line: Record[BudgetLineRow] | None = None
    summary: bool = False  # the part opened under a one-line title: a ministry's own
    total_years: list[int] = field(default_factory=list)
    in_detail: bool = False
    edges: dict[int | None, float] = field(default_factory=dict)  # page -> amount column edge
    year: int = 0  # the fiscal year (BE) the book's amounts are for
    #: lines of an item still wrapping, each with its text as the amount column reads it
    pending: list[tuple[Block, str]] = field(default_factory=list)
    tree: list[AmountLine] = field(default_factory=list)  # the detail's lines so far
    #: a line of the tree -> the years of the commitment it states: (year, text, where)
    commitments: dict[int, list[tuple[int, str, Provenance]]] = field(default_factory=dict)
    heading: list[str] = field(default_factory=list)  # a programme heading still wrapping


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    blocks = [item.block for item in reading.located]
    if not any(b.kind != "table" and AGENCY_BUDGET_LINE.match(text(b.text)) for b in blocks):
        return
    ctx = Context(edges=_amount_edges(blocks), year=reading.fiscal_year_be or 0)
    for index, block in enumerate(blocks):
        value = _value(ctx, block) if block.kind != "table" else ""
        if ctx.tree and (block.kind == "table" or _ends_detail(ctx, value)):
            yield from _tree(reading, ids, ctx, ctx.year)
        if block.kind == "table":
            ctx.in_detail, ctx.pending = False, []
        else:
            yield from _text_line(reading, ids, ctx, blocks, index, value)
    yield from _tree(reading, ids, ctx, ctx.year)


def _text_line(
    reading: Reading, ids: IdMaker, ctx: Context, blocks: list[Block], index: int, value: str
) -> Iterator[Record]:
    """A line of text: a part's opening, its total, the detail's start, a programme
    heading, or a line of the detail."""
    block, year = blocks[index], ctx.year
    if AGENCY_BUDGET_LINE.match(value):
        _start_agency(ctx, blocks, index)
        ctx.total_years = [int(y) for y in re.findall(r"(?<!\d)25\d\d(?!\d)", value)]
        if not reading.fiscal_year_be and ctx.total_years:
            ctx.year = max(ctx.total_years)  # the last year the part compares is its own
    elif ctx.total_years and UNIT_TOTAL.match(value):
        yield from _unit_total(reading, ids, ctx, value, block.prov, year)
    elif DETAIL_START.match(value):
        ctx.in_detail, ctx.pending = True, []
    elif ctx.heading or SECTION.match(value):
        ctx.in_detail = False
        yield from _programme(reading, ids, ctx, value, block, year)
    elif ctx.in_detail:
        _detail_line(reading, ctx, block, value)


def _ends_detail(ctx: Context, value: str) -> bool:
    """A line after which the detail tree read so far is whole: a new part, its total, a
    new detail or a programme heading."""
    return bool(
        AGENCY_BUDGET_LINE.match(value)
        or (ctx.total_years and UNIT_TOTAL.match(value))
        or DETAIL_START.match(value)
        or ctx.heading
        or SECTION.match(value)
    )


def _amount_edges(blocks: list[Block]) -> dict[int | None, float]:
    """Per page, where the amount column ends: where most of the rightmost lines ending in
    บาท end (a heading may reach a little further, a commitment's year lines stop short)."""
    ends: dict[int | None, list[float]] = {}
    for block in blocks:
        if block.kind != "table" and block.prov.bbox and LINE_AMOUNT.search(text(block.text)):
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


def _value(ctx: Context, block: Block) -> str:
    """The line's text, its amount as the amount column states it: where a line standing
    in the column ends in no amount (its unit word misread) or in a number whose groups
    do not parse (a comma lost or read as a dot), the digits with the unit บาท, the one
    reading of a figure the column holds in whole baht; where OCR read no digit of it,
    `-` (no figure), which an item's own-year commitment line may then state."""
    value = text(block.text)
    if _parses(value):
        return value
    in_column = _at_amount_edge(ctx, block) or bool(COMMITMENT_YEAR.match(value))
    if (read := baht_as_read(value, in_column)) is not None:
        return read
    unread = UNREAD_AMOUNT.search(value)
    if unread is not None and in_column and not re.search(r"\d[.,]?$", value[: unread.start()]):
        return f"{value[: unread.start()]} - บาท"  # a figure OCR lost: read as none
    return value


def _parses(value: str) -> bool:
    """The line ends in an amount whose number reads as printed."""
    m = LINE_AMOUNT.search(value)
    if m is None or re.search(r"[\d,.]$", value[: m.start(1)]):
        return False
    return m[1] == "-" or _money(m) is not None


def _start_agency(ctx: Context, blocks: list[Block], index: int) -> None:
    """The title lines above `งบประมาณ ปี`: the ministry first, then the unit (maybe wrapped)."""
    title = agency_title(blocks, index)
    ctx.summary = len(title) == 1
    if len(title) >= 2:
        ctx.ministry, ctx.unit = title[0], join_title(title[1:])
    elif title:  # a part of its own: a ministry (or a body that is its own ministry)
        ctx.ministry = ctx.unit = title[0]
    ctx.plan = ctx.output = ctx.project = None
    ctx.plan_line, ctx.unit_line, ctx.in_detail = None, None, False


def _programme(
    reading: Reading, ids: IdMaker, ctx: Context, value: str, block: Block, year: int
) -> Iterator[Record]:
    """A `7.x แผนงาน…` / `ผลผลิตที่` / `โครงการที่` heading, joined until its amount."""
    ctx.heading.append(value)
    if not LINE_AMOUNT.search(value):
        if len(ctx.heading) >= HEADING_MAX_LINES:
            ctx.heading = []  # not a programme heading after all
        return
    joined = " ".join(ctx.heading)
    ctx.heading = []
    m = LINE_AMOUNT.search(joined)
    assert m is not None
    name = SECTION_NUMBER.sub("", joined[: m.start()]).strip()
    if name.startswith("แผนงาน"):
        ctx.plan, ctx.output, ctx.project = name, None, None
        total = AmountLine(name, None, None, _money(m), m[0].strip(), block.prov)
        ctx.plan_line = _line(reading, ids, ctx, ctx.unit_line, [], total, year, level=0)
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
        total = AmountLine("งบประมาณรายจ่าย", None, None, _money(amount), amount[0].strip(), prov)
        line = _line(reading, ids, ctx, None, [], total, year_be, level=0)
        line.row = replace(line.row, view="ministry_summary" if ctx.summary else "other")
        if year_be == year:
            ctx.unit_line = line
        yield line


def _detail_line(reading: Reading, ctx: Context, block: Block, value: str) -> None:
    """A line of the detail (`value`: its text as `_value` reads it): a commitment's year
    under the last item, an item (its wrapped lines joined until the amount), the total
    line that opens the tree, or a note."""
    m = COMMITMENT_YEAR.match(value)
    if m and ctx.tree and (year_be := _stated_year(reading, ctx, m, block.prov)) is not None:
        _commitment_line(ctx, year_be, value, block.prov)
        return
    numbered = NUMBERING.match(value)
    if numbered:
        ctx.pending = [(block, value)]
    elif ctx.pending:
        ctx.pending.append((block, value))
    elif not ctx.tree or (LINE_AMOUNT.search(value) and _at_amount_edge(ctx, block)):
        # the total line that opens the tree (maybe wrapped), or an item in the amount
        # column whose numbering OCR did not read (`ฏค่าที่ดิน/สิ่งก่อสร้าง`)
        ctx.pending = [(block, value)]
    else:
        return  # a note (เงินนอกงบประมาณ, วงเงินทั้งสิ้น) or furniture: not a line of the tree
    joined = " ".join(read for _, read in ctx.pending)
    amount = LINE_AMOUNT.search(joined)
    if amount is None or not _at_amount_edge(ctx, block):
        return
    first, _ = ctx.pending[0]
    ctx.pending = []
    line = _amount_line(joined, amount, first.prov)
    if line.numbering is None or ctx.tree:  # an item before the total line is no item
        ctx.tree.append(line)


def _stated_year(reading: Reading, ctx: Context, m: re.Match[str], prov: Provenance) -> int | None:
    """The year a commitment line states. One OCR read outside the era of plans (`2666`)
    is the year the commitment's order puts there, a digit or two off it: the book's own
    year for its ตั้งงบประมาณ, else the year after the item's last (noted); None when no
    year fits."""
    read = int(m[1])
    if re.fullmatch(r"25\d\d", m[1]):
        return read
    years = ctx.commitments.get(id(ctx.tree[-1]), [])
    expected = ctx.year if m[2] == OWN_YEAR_LABEL else (years[-1][0] if years else ctx.year) + 1
    year_be = mended_year(m[1], expected)
    if year_be is not None:
        message = f"a commitment's year read as {read}; the order of its years says {year_be}"
        reading.note("commitment_year_mended", message, m[0], prov)
    return year_be


def _commitment_line(ctx: Context, year_be: int, value: str, prov: Provenance) -> None:
    """A year of the last item's commitment; the book's own year states the item's
    amount, which it gives the item where OCR read no figure for it."""
    item = ctx.tree[-1]
    ctx.commitments.setdefault(id(item), []).append((year_be, value, prov))
    amount = LINE_AMOUNT.search(value)
    if year_be == ctx.year and item.amount is None and amount and _money(amount) is not None:
        item.amount, item.amount_raw = _money(amount), amount[0].strip()


def _amount_line(joined: str, amount: re.Match[str], prov: Provenance) -> AmountLine:
    numbering = NUMBERING.match(joined)
    if numbering is None:  # the total line: ผลผลิต : … / โครงการ : … / รายการ…
        words = joined[: amount.start()].strip()
        return AmountLine(words, None, None, _money(amount), amount[0].strip(), prov)
    words = joined[numbering.end() : amount.start()].strip()
    label = numbering[1] + (")" if numbering[1][0] == "(" and numbering[1][-1] != ")" else "")
    return AmountLine(words, numbering_of(label), label, _money(amount), amount[0].strip(), prov)


def _tree(reading: Reading, ids: IdMaker, ctx: Context, year: int) -> Iterator[Record]:
    """The detail's lines as the tree their numbering and sums draw (amount_tree), under
    the total line that opened it; an item's commitment years follow it."""
    lines, ctx.tree = ctx.tree, []
    commitments, ctx.commitments = ctx.commitments, {}
    if not lines:
        return
    total = lines[0]
    if m := TOTAL_LINE.match(total.item):
        setattr(ctx, TOTAL_KINDS[m[1]], m[2].strip())
    first, *rest = build_trees(lines, lambda line: line is total)
    first.children.extend(rest)  # what the total's sums left over is still under it
    mended: set[int] = set()
    for line, read in mend_by_sums(first):
        mended.add(id(line))
        reading.note(
            "amount_mended_by_sums",
            f"{line.item!r} read as {read:,}; its items and its parent's sum both say {line.amount:,}",
            line.amount_raw,
            line.prov,
        )
    records: dict[int, Record[BudgetLineRow]] = {}
    for node, depth, parent in first.walk():
        above = records[id(parent)] if parent is not None else ctx.plan_line
        path = [*records[id(parent)].meta["path"], node.line.item] if parent and depth > 1 else []
        record = _line(reading, ids, ctx, above, path, node.line, year, level=depth)
        if depth == 1:
            record.row = replace(record.row, category_lv1=node.line.item)
        if id(node.line) in mended:
            record.meta[AMOUNT_FROM_ITEMS] = True
        records[id(node)] = record
        yield record
        for year_be, value, prov in commitments.get(id(node.line), []):
            yield from _commitment_year(ids, record, year_be, value, prov)


def _commitment_year(
    ids: IdMaker, item: Record[BudgetLineRow], year_be: int, value: str, prov: Provenance
) -> Iterator[Record]:
    """One year of the commitment the item states; its own year is that item's row."""
    item.row = replace(item.row, obligated=True)
    amount = LINE_AMOUNT.search(value)
    if year_be == item.row.year_be or amount is None:
        return
    row = replace(
        item.row,
        line_id=ids.make("budget_line", "detail", *item.meta["path"], year_be, "obligated"),
        is_leaf=True,
        year_be=year_be,
        amount=_money(amount),
        amount_raw=amount[0],
    )
    yield Record(row, prov, {"path": item.meta["path"], "year_only": True})


def _line(
    reading: Reading,
    ids: IdMaker,
    ctx: Context,
    parent: Record[BudgetLineRow] | None,
    path: list[str],
    line: AmountLine,
    year: int,
    level: int,
) -> Record[BudgetLineRow]:
    item, prov = line.item, line.prov
    quantity = QUANTITY.search(item) if level >= 2 else None
    category_lv1 = parent.row.category_lv1 if parent is not None and level >= 2 else None
    if parent is not None:
        parent.row = replace(parent.row, is_leaf=False)
    row = BudgetLineRow(
        line_id=ids.make(
            "budget_line", "detail", ctx.unit, ctx.plan, category_lv1, *path, item, year
        ),
        parent_id=None if parent is None else parent.row.line_id,
        view="detail",
        ministry=ctx.ministry,
        budgetary_unit=ctx.unit,
        plan=ctx.plan,
        cross_functional=bool(ctx.plan and ctx.plan.startswith("แผนงานบูรณาการ")),
        output=ctx.output,
        project=ctx.project,
        category_lv1=category_lv1,
        category_path=path[:-1],
        level=level,
        is_leaf=True,
        item=item,
        quantity_text=quantity[1] if quantity else None,
        year_be=year,
        obligated=False,
        amount=line.amount,
        amount_raw=line.amount_raw,
    )  # printed_page: the page's own number, filled in with the common columns
    return Record(row, prov, {"path": path})


def _money(amount: re.Match[str]) -> Decimal | None:
    number = parse_number(re.sub(r"(?<=\d)\s+(?=[\d,.])", "", amount[1]))
    return None if number is None else to_money(number * unit_scale(amount[2]))
