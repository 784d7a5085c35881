"""Budget volumes of one office (the BMA's เอกสารงบประมาณ, one volume per district or
department): money by category and by structure of work, the indicators of each งาน,
and the detail of each งาน's money by งบรายจ่าย.

Such a volume has no `งบประมาณ ปี N ปี N+1` agency lines (those open the parts of a
national book, read by budget_documents and budget_lines); what it shares with every
budget document is read by structure:
- *line tables*: a header line naming money columns (`… เงินงบประมาณ เงินนอกงบประมาณ
  รวม`) and rows that end in that many figures. The heading above names the view
  (`…โครงสร้างงาน` -> `by_structure`, `…ประเภทงบประมาณ` -> `by_category`, `…งบรายจ่าย…`
  -> `by_budget_type`); rows nest (ฝ่าย -> งาน) where the sums say so;
- *indicator tables* (a หน่วยนับ column and year columns): one `kpis` row per indicator,
  the งาน heading above (`งานปกครอง - รหัส 1300002`) as its programme, one `kpi_targets`
  row per year with a value, and the money rows (`รวมทั้งสิ้น`, `เงินงบประมาณ`, ...);
- *the detail* after `รายละเอียดงบประมาณจำแนกตามงบรายจ่าย`: lines that end in an amount,
  nested by amount_tree, each tree opened by a งาน total line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from thaiplan.extract.context.amount_tree import (
    LINE_AMOUNT,
    NUMBERING,
    AmountLine,
    Node,
    baht_as_read,
    build_trees,
    mend_by_parent,
    numbering_of,
)
from thaiplan.extract.context.multi_year import (
    is_budget_document,
    join_title,
    multi_year_part,
    target_of,
    unit_and_years,
)
from thaiplan.extract.context.reading import Located, Reading, text
from thaiplan.extract.context.tables import cell, header_depth
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Provenance, Row
from thaiplan.extract.recognisers.kpi_rows import kpi_record, target_record
from thaiplan.extract.records import AMOUNT_FROM_ITEMS, Record, check, where
from thaiplan.extract.rows import BudgetLineRow
from thaiplan.normalize.keywords import LETTER_EDIT_COST, closest
from thaiplan.normalize.numbers import comma_for_point, parse_number, to_money, unit_scale
from thaiplan.normalize.text import compact_key

DETAIL_START = re.compile(r"^\W*รายละเอียดงบประมาณจำแนกตามงบรายจ่าย")
#: `1 ระบบ`, `10 อัตรา` just before an item's amount
QUANTITY = re.compile(r"\s(\d[\d,]*\s+[ก-๙]+)$")
#: a line that opens a tree of the detail: the งาน (or a programme) it totals
TREE_HEADING = re.compile(r"^(งาน|โครงการ|ผลผลิต|แผนงาน)\s*:?\s*")
#: `งานปกครอง - รหัส 1300002`: a งาน and its code, above its indicator table
WORK_HEADING = re.compile(r"^(งาน.+?)\s*[-\u2013\u2014]\s*รหัส\s*(\d+)")
#: the header line of a line table: its money columns (the sources, then their sum)
LINE_TABLE_HEADER = re.compile(r"\s(เงินงบประมาณ)\s+(เงินนอกงบประมาณ)\s+(รวม)$")
#: the same header as OCR may read it: a money column's name garbled (`สินนสนบประมวณ`) or
#: set on a line of its own (a line of no figure naming งบประมาณ and ending in รวม), or the
#: sum column's name unread (`… เงินนอกงบประมาณ oe`: the off-budget column named, no figure
#: before it, one short word after it)
OCR_TABLE_HEADERS = (
    re.compile(r"^[^\d]*งบประมาณ[^\d]*\sรวม$"),
    re.compile(r"^[^\d]*นอกงบประมาณ\W*\s\S{1,4}$"),
)
FIGURE = r"(?:-|\d[\d,]*(?:\.\d+)?)"
#: a blank cell's dash as OCR may read it, faded or blurred: a mark or two (`=`, `~`, `Pm`)
MISREAD_DASH = re.compile(r"^[^\s\d\u0e00-\u0e7f]{1,2}$")
#: the views of line tables, by the words of the heading above their header
LINE_TABLE_VIEWS = (
    ("by_structure", re.compile(r"โครงสร้าง")),
    ("by_category", re.compile(r"ประเภทงบประมาณ")),
)
TABLE_TOTAL = re.compile(r"^รวม")
#: the rows of an indicator table that hold its งาน's money, by their label
MONEY_ROWS = {"รวมทั้งสิ้น": None, "เงินงบประมาณ": "budget", "เงินนอกงบประมาณ": "off_budget"}
#: what OCR sets before a label's first letter: a speck read as a quote or a point
LEADING_SPECKS = re.compile(r"^[^\w\u0e00-\u0e7f]+")
#: the first digits of an amount that OCR cut off at a speck read beside its comma, or at
#: the comma read as a colon (`2,.277,420 บาท` read as 277,420, `117:` before 535 บาท):
#: they end the item's words
CUT_FIGURE = re.compile(r"\s(\d{1,3})(?:[,.]{2}|:)$")
#: how far (in points) apart the ends of two amounts in one column may be
COLUMN_SLACK = 4.0
#: how many other amounts must end at a line's end to make it an amount column
COLUMN_MIN_LINES = 3


def is_budget_volume(reading: Reading) -> bool:
    """A budget document of one office: a detail by งบรายจ่าย, no national agency parts."""
    return not is_budget_document(reading) and any(
        item.block.kind != "table" and DETAIL_START.match(text(item.block.text))
        for item in reading.located
    )


@dataclass
class Volume:
    """What the recogniser has learned of the volume so far."""

    reading: Reading
    ids: IdMaker
    year: int
    office: str | None
    #: งาน key -> (its ฝ่าย, its stated total in the structure table, where)
    structure: dict[str, tuple[str | None, Decimal | None, Provenance]] = field(
        default_factory=dict
    )
    codes: dict[str, str] = field(default_factory=dict)  # งาน key -> รหัส
    kpi_money: dict[str, tuple[Decimal | None, Provenance]] = field(default_factory=dict)


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    if not is_budget_volume(reading):
        return
    volume = Volume(reading, ids, reading.fiscal_year_be or 0, reading.agency)
    blocks = [item.block for item in reading.located]
    detail_at = next(
        i for i, b in enumerate(blocks) if b.kind != "table" and DETAIL_START.match(text(b.text))
    )
    yield from _line_tables(volume, blocks[:detail_at])
    yield from _indicator_tables(volume, reading.located[:detail_at])
    yield from _detail(volume, blocks[detail_at + 1 :])


def work_key(name: str) -> str:
    """A งาน's name as every view spells it: `งาน: ปกครอง` and `งานปกครอง` alike.

    >>> work_key("งาน: ปกครอง") == work_key("งานปกครอง ")
    True
    """
    return compact_key(TREE_HEADING.sub("", name))


# ---- line tables ------------------------------------------------------------------------


def _line_tables(volume: Volume, blocks: list[Block]) -> Iterator[Record]:
    """Every line table: its header line, the view its heading names, its rows."""
    view: str | None = None
    rows: list[tuple[str, list[str], Provenance]] = []
    columns = 0
    for block in blocks:
        if block.kind == "table":
            continue
        value = comma_for_point(text(block.text))
        if header := LINE_TABLE_HEADER.search(value):
            columns = len(header.groups())
            continue
        if not columns and any(header.match(value) for header in OCR_TABLE_HEADERS):
            columns = LINE_TABLE_HEADER.groups
            continue
        figures = (
            (_trailing_figures(value, columns) or _mended_dashes(value, columns))
            if columns
            else None
        )
        if figures is not None and view is not None:
            rows.append((figures[0], figures[1], block.prov))
            continue
        heading_view = _heading_view(value)
        if heading_view or re.match(r"^[ก-ฮ]\)", value):
            yield from _line_table(volume, view, rows)
            view, rows, columns = heading_view, [], 0
    yield from _line_table(volume, view, rows)


def _heading_view(value: str) -> str | None:
    """The view a heading names; a line with an amount is a row (`งบประมาณตามโครงสร้างงาน
    378,231,950 …`, its figures misread), not a heading (whose year it may state).

    >>> _heading_view("ข) งบประมาณตามโครงสร้างงาน ปี 2565")
    'by_structure'
    >>> _heading_view("งบประมาณตามโครงสร้างงาน 1,000 1.000") is None
    True
    """
    if re.search(r"\d,\d{3}", value):
        return None
    return next((view for view, pattern in LINE_TABLE_VIEWS if pattern.search(value)), None)


def _trailing_figures(value: str, columns: int) -> tuple[str, list[str]] | None:
    """A row's name and its figures, one per money column (เงินงบประมาณ, เงินนอกงบประมาณ,
    รวม). A cell left blank prints nothing: a row of one figure fewer whose first figure
    is its total left the เงินนอกงบประมาณ cell blank (the sum says which cell it was).

    >>> _trailing_figures("ฝ่ายปกครอง 21,349,100 - 21,349,100", 3)
    ('ฝ่ายปกครอง', ['21,349,100', '-', '21,349,100'])
    >>> _trailing_figures("งานปกครอง 7,768,340 7,768,340", 3)
    ('งานปกครอง', ['7,768,340', '-', '7,768,340'])
    >>> _trailing_figures("งานปกครอง 7,768,340 1,000", 3) is None
    True
    """
    for count in (columns, columns - 1):
        m = re.match(rf"^(.*?\S)\s+({FIGURE}(?:\s+{FIGURE}){{{count - 1}}})$", value)
        if m is None or re.search(r"\d$", m[1]):
            continue
        figures = m[2].split()
        if count == columns:
            return m[1], figures
        if figures[0] == figures[-1]:
            return m[1], [figures[0], "-", figures[-1]]
    return None


def _mended_dashes(value: str, columns: int) -> tuple[str, list[str]] | None:
    """A row whose figures OCR read with a dash as another mark or two (`309,699,920 =
    309,699,920`): the marks among its trailing figures read as dashes, the row taken only
    when its sums then hold (its sources add up to its รวม); else None.

    >>> _mended_dashes("งบประมาณตามโครงสร้างงาน 309,699,920 = 309,699,920", 3)
    ('งบประมาณตามโครงสร้างงาน', ['309,699,920', '-', '309,699,920'])
    >>> _mended_dashes("งบประมาณตามโครงสร้างงาน 309,699,920 = 309,699,900", 3) is None
    True
    """
    words = value.split()
    tail = len(words)
    while tail and (re.fullmatch(FIGURE, words[tail - 1]) or MISREAD_DASH.match(words[tail - 1])):
        tail -= 1
    figures = words[tail:]
    if not any(w[0].isdigit() for w in figures) or all(re.fullmatch(FIGURE, w) for w in figures):
        return None
    mended = [w if re.fullmatch(FIGURE, w) else "-" for w in figures]
    row = _trailing_figures(" ".join([*words[:tail], *mended]), columns)
    if row is None:
        return None
    *sources, total = (_money(f) or Decimal(0) for f in row[1])
    return row if sum(sources) == total else None


def _line_table(
    volume: Volume, view: str | None, rows: list[tuple[str, list[str], Provenance]]
) -> Iterator[Record]:
    """A line table's rows as budget_lines, one per money source, nested by their sums."""
    if view is None or not rows:
        return
    lines = [
        AmountLine(name, None, None, _money(figures[-1]), figures[-1], prov, [])
        for name, figures, prov in rows
    ]
    sources = {id(line): figures for line, (_, figures, _) in zip(lines, rows, strict=True)}
    total = next((line for line in lines if TABLE_TOTAL.match(line.item)), None)
    trees = build_trees([line for line in lines if line is not total], lambda _: False)
    root = Node(total, trees) if total is not None else None
    ids: dict[tuple[int, str], str] = {}
    top = 1 if root else 0  # the depth of the ฝ่าย: every row below one is a งาน (or project)
    divisions: dict[int, str] = {}
    for node, depth, parent in root.walk() if root else _forest(trees):
        figures = sources[id(node.line)]
        for source, raw in zip(("budget", "off_budget"), figures[:2], strict=True):
            record = _view_line(volume, view, node, depth, source, raw)
            ids[id(node), source] = record.row.line_id
            record.row = replace(
                record.row, parent_id=ids.get((id(parent), source)) if parent else None
            )
            yield record
        if depth == top:
            divisions[id(node)] = node.line.item
        elif depth > top and parent is not None and view == "by_structure":
            divisions[id(node)] = divisions.get(id(parent), "")
            key = work_key(node.line.item)
            volume.structure[key] = (divisions[id(node)], node.line.amount, node.line.prov)


def _forest(trees: list[Node]) -> Iterator[tuple[Node, int, Node | None]]:
    for tree in trees:
        yield from tree.walk()


def _view_line(
    volume: Volume, view: str, node: Node, depth: int, source: str, raw: str
) -> Record[BudgetLineRow]:
    line = node.line
    row = replace(
        _row(volume, view, line.item, level=depth, amount=_money(raw), raw=raw),
        line_id=volume.ids.make("budget_line", view, line.item, source),
        is_leaf=not node.children,
        money_source=source,
    )
    return Record(row, line.prov)


# ---- indicator tables -------------------------------------------------------------------


def _indicator_tables(volume: Volume, located: list[Located]) -> Iterator[Record]:
    work: str | None = None
    for item in located:
        block = item.block
        if block.kind != "table":
            if m := WORK_HEADING.match(text(block.text)):
                work = m[1].strip()
                volume.codes[work_key(work)] = m[2]
            continue
        table = multi_year_part(block)
        if table is not None:
            yield from _indicator_table(volume, item, table, work)


def _indicator_table(
    volume: Volume, located: Located, table: Block, work: str | None
) -> Iterator[Record]:
    depth = header_depth(table)
    unit_col, years = unit_and_years(table, depth)
    if unit_col is None:
        return
    years = _with_earlier_years(table, depth, unit_col, years)
    for name, unit, row in _indicator_rows(table.rows[depth:], unit_col, years):
        label = _money_label(name, unit)
        if label is not None:
            yield from _money_row(volume, work, label, unit, row.cells, years, row.prov)
            continue
        targets = {year: target_of(cell(row, col), unit) for col, year in years.items()}
        kpi = kpi_record(
            volume.reading,
            volume.ids,
            located.section,
            row.prov,
            kpi_set="other",
            seq=None,
            name=name,
            target=targets.get(volume.year) or next(iter(targets.values())),
            objective=False,
            agency=volume.office,
        )
        kpi.row = replace(kpi.row, programme=work)
        yield kpi
        for year in sorted(targets):
            if targets[year].text is not None:
                yield target_record(kpi, year, targets[year])


def _indicator_rows(
    rows: list[Row], unit_col: int, years: dict[int, int]
) -> Iterator[tuple[str, str, Row]]:
    """(name, หน่วยนับ, row) per indicator or money row. Where the table drew a row for
    each printed line, a row with words in the first column only is the start of the
    next row's name when that row has none (`ความพึงพอใจ…` over `ร้อยละ 99 …`), else the
    rest of the name above it; a money row left blank (`เงินนอกงบประมาณ`) is neither."""
    cells = [(text(cell(r, 0)), text(cell(r, unit_col)), r) for r in rows]
    filled = [bool(u) or any(cell(r, col).strip() for col in years) for _, u, r in cells]
    pending: tuple[str, str, Row] | None = None
    head = ""  # a name whose unit and figures are on the next row
    for index, (name, unit, row) in enumerate(cells):
        if name and not filled[index] and _money_label(name, unit) is None:
            heads_next = index + 1 < len(cells) and not cells[index + 1][0] and filled[index + 1]
            if heads_next:
                head = name
            elif pending is not None:
                pending = (join_title([pending[0], name]), pending[1], pending[2])
            continue
        name, head = name or head, ""
        if pending is not None:
            yield pending
        pending = (name, unit, row) if name and unit else None
    if pending is not None:
        yield pending


def _money_label(name: str, unit: str) -> str | None:
    """The money row (MONEY_ROWS) a row's label names: as printed, or, for a row counted in
    บาท, as OCR read it (split by spaces, a speck before it, a letter misread or added:
    `เงินงบปร ะมาณ`, `'เงินงบประมาณ`, `รวมทั้งลิ้น`), the one label within a letter's edit;
    None for an indicator.

    >>> _money_label("เงินงบปร ะ มาณ", "บาท"), _money_label("'เงินงบประมาณง", "บาท")
    ('เงินงบประมาณ', 'เงินงบประมาณ')
    >>> _money_label("รวมทั้งลิ้น", "ครั้ง") is None, _money_label("เงินนอกงบประมาณ", "")
    (True, 'เงินนอกงบประมาณ')
    """
    if name in MONEY_ROWS:
        return name
    if unit != "บาท":
        return None
    return closest(LEADING_SPECKS.sub("", compact_key(name)), MONEY_ROWS, LETTER_EDIT_COST)


def _with_earlier_years(
    table: Block, depth: int, unit_col: int, years: dict[int, int]
) -> dict[int, int]:
    """The columns between หน่วยนับ and the first year are the years before it (ปีที่ผ่านมา,
    ปีปัจจุบัน), counted back from the first year the header names."""
    first_col = min(years)
    earlier = range(unit_col + 1, first_col)
    return {**{col: years[first_col] - (first_col - col) for col in earlier}, **years}


def _money_row(
    volume: Volume,
    work: str | None,
    name: str,
    unit: str,
    cells: list,
    years: dict[int, int],
    prov: Provenance,
) -> Iterator[Record]:
    """`รวมทั้งสิ้น | บาท | … | 7,921,885 | - …`: the งาน's money per year, as its
    service_targets lines; the budget year's total is checked against the detail."""
    source = MONEY_ROWS[name]
    for col, year in sorted(years.items()):
        raw = text(next((c.text for c in cells if c.col == col), ""))
        amount = _money(raw, unit)
        if source is None and year == volume.year and work is not None:
            volume.kpi_money[work_key(work)] = (amount, prov)
        if source is None or not raw or raw == "-":
            continue
        row = replace(
            _row(volume, "service_targets", name, level=0, amount=amount, raw=raw),
            line_id=volume.ids.make("budget_line", "service_targets", work, name, year),
            work=work,
            work_code=volume.codes.get(work_key(work)) if work else None,
            money_source=source,
            year_be=year,
        )
        yield Record(row, prov)


# ---- the detail -------------------------------------------------------------------------


def _detail(volume: Volume, blocks: list[Block]) -> Iterator[Record]:
    lines = list(_amount_lines(blocks, volume))
    for tree in build_trees(lines, lambda line: _opens_tree(volume, line)):
        work = tree.line.item if _opens_tree(volume, tree.line) else None
        key = work_key(work) if work else None
        division = volume.structure[key][0] if key in volume.structure else None
        placed: dict[int, tuple[str, list[str]]] = {}  # node -> its line_id and path
        confirming = {*_rejoin_cut_amounts(volume, tree), *_mend_by_parent(volume, tree)}
        for node, depth, parent in tree.walk():
            record = _detail_line(volume, node, depth, placed.get(id(parent)), work)
            record.row = replace(record.row, division=division)
            if id(node) in confirming:
                record.meta[AMOUNT_FROM_ITEMS] = True
            placed[id(node)] = (record.row.line_id, record.meta["path"])
            yield record
        if key is not None:
            yield from _views_agree(volume, tree.line, key)


def _rejoin_cut_amounts(volume: Volume, tree: Node) -> Iterator[int]:
    """Items whose amount OCR cut at a speck beside a comma (`2,.277,420`: read 277,420,
    the `2,.` left in the item's words) read whole, but only where the parent's sum then
    holds and did not before; each noted. Yields each such parent's node id: its sum chose
    the reading, so its check cannot be ok."""
    for node, _, parent in tree.walk():
        line = node.line
        cut = CUT_FIGURE.search(line.item)
        if parent is None or cut is None or line.amount is None:
            continue
        digits = len(str(int(line.amount)))
        if digits % 3 or line.amount != int(line.amount):
            continue  # what follows a thousands comma is whole groups of three
        whole = Decimal(cut[1]) * 10**digits + line.amount
        siblings = sum((c.line.amount or Decimal(0) for c in parent.children), Decimal(0))
        stated = parent.line.amount
        if stated == siblings or stated != siblings - line.amount + whole:
            continue
        volume.reading.note(
            "amount_rejoined_by_sums",
            f"{line.item!r}: OCR read {line.amount:,} after {cut[0].strip()!r}; read as "
            f"{whole:,}, with which its parent's items add up to its {stated:,}",
            line.amount_raw,
            line.prov,
        )
        line.item, line.amount = line.item[: cut.start()].strip(), whole
        line.amount_raw = f"{cut[1]},{line.amount_raw}"
        yield id(parent)


def _mend_by_parent(volume: Volume, tree: Node) -> Iterator[int]:
    """On a scan, an item whose one digit OCR misread takes its parent's amount less the
    other items (`mend_by_parent`), each noted. Yields each such parent's node id: its sum
    chose the reading, so its check cannot be ok. A printed figure is left as printed."""
    if not volume.reading.scanned:
        return
    for parent, line, read in mend_by_parent(tree):
        volume.reading.note(
            "amount_mended_by_sums",
            f"{line.item!r} read as {read:,}; its parent's {parent.line.amount:,} less its "
            f"other items is {line.amount:,}, which the digits read fit",
            line.amount_raw,
            line.prov,
        )
        yield id(parent)


def _opens_tree(volume: Volume, line: AmountLine) -> bool:
    """A งาน total: unnumbered, and a งาน of the structure table (or worded as one)."""
    if line.numbering is not None:
        return False
    return work_key(line.item) in volume.structure or bool(TREE_HEADING.match(line.item))


def _detail_line(
    volume: Volume,
    node: Node,
    depth: int,
    parent: tuple[str, list[str]] | None,
    work: str | None,
) -> Record[BudgetLineRow]:
    """One line of a งาน's tree; its path holds the names from the งบรายจ่าย down to it."""
    line = node.line
    parent_id, parent_path = parent or (None, [])
    path = [*parent_path, line.item] if depth >= 1 else []
    quantity = QUANTITY.search(line.item) if depth >= 2 else None
    row = replace(
        _row(volume, "detail", line.item, level=depth, amount=line.amount, raw=line.amount_raw),
        line_id=volume.ids.make("budget_line", "detail", work, *path, volume.year),
        parent_id=parent_id,
        work=work,
        work_code=volume.codes.get(work_key(work)) if work else None,
        category_lv1=path[0] if path else None,
        category_path=path[1:-1],
        is_leaf=not node.children,
        quantity_text=quantity[1] if quantity else None,
    )
    return Record(row, line.prov, {"path": path, "notes": line.notes})


def _views_agree(volume: Volume, total: AmountLine, key: str) -> Iterator[Record]:
    """A งาน's detail total against its row in the structure table and its indicator
    table's รวมทั้งสิ้น."""
    name = total.item
    if key in volume.structure:
        _, stated, prov = volume.structure[key]
        yield check(
            volume.ids,
            "budget_views_agree",
            f"{name}: structure table {where(prov)} vs detail total {where(total.prov)}",
            stated,
            total.amount,
            1,
            total.prov,
        )
    if key in volume.kpi_money:
        stated, prov = volume.kpi_money[key]
        yield check(
            volume.ids,
            "budget_views_agree",
            f"{name}: indicator table {where(prov)} vs detail total {where(total.prov)}",
            stated,
            total.amount,
            1,
            total.prov,
        )


def _amount_lines(blocks: list[Block], volume: Volume) -> Iterator[AmountLine]:
    """The lines of the detail that end in an amount, a numbered item's wrapped lines
    joined to the line that carries its amount (never to a line that opens a tree);
    lines without one are notes of the line above (what a lump sum pays for, or a code
    with no amount of its own)."""
    edges = _amount_edges(blocks)
    pending: list[str] = []  # a numbered item still wrapping
    last: AmountLine | None = None
    for block in blocks:
        value = _detail_value(block, edges)
        if not value or re.fullmatch(r"\d+", value):
            continue  # a table, or a printed page number
        numbered = bool(NUMBERING.match(value))
        if LINE_AMOUNT.search(value) and _at_edge(edges, block):
            line = _amount_line(value, block.prov)
            if pending and not numbered and not _opens_tree(volume, line):
                line, pending = _amount_line(" ".join([*pending, value]), block.prov), []
            elif not pending and not numbered and last is not None:
                line = _wrapped_work(volume, last, line, value)
            if last is not None:
                last.notes.extend(pending)
            pending, last = [], line
            yield last
        elif numbered or pending:
            if numbered and last is not None:
                last.notes.extend(pending)
                pending = []
            pending.append(value)
        elif last is not None:
            last.notes.append(value)


def _detail_value(block: Block, edges: list[float]) -> str:
    """A detail line's text, a point OCR read for a thousands comma read as the comma
    (`comma_for_point`); one standing in the amount column whose unit word OCR misread
    (`1,355,780 um`) ends in its amount in baht."""
    value = comma_for_point(text(block.text).strip()) if block.kind != "table" else ""
    if not value or LINE_AMOUNT.search(value):
        return value
    return baht_as_read(value, _at_edge(edges, block)) or value


def _wrapped_work(volume: Volume, last: AmountLine, line: AmountLine, value: str) -> AmountLine:
    """A งาน total whose name wrapped: its first line was taken for the last line's note.
    Only a name the structure table spells is joined so (a note may start with งาน too)."""
    if _opens_tree(volume, line) or not last.notes:
        return line
    joined = _amount_line(f"{last.notes[-1]} {value}", line.prov)
    if work_key(joined.item) not in volume.structure:
        return line
    last.notes.pop()
    return joined


def _amount_line(joined: str, prov: Provenance) -> AmountLine:
    amount = LINE_AMOUNT.search(joined)
    assert amount is not None
    words = joined[: amount.start()].strip()
    numbered = NUMBERING.match(words)
    numbering = numbering_of(numbered["label"]) if numbered else None
    # an expenditure code names the item (the community's lists keep it): it stays
    if numbered is None or (numbering is not None and numbering.style == "code"):
        item = words
    else:
        item = words[numbered.end() :].strip()
    return AmountLine(
        item,
        numbering,
        numbered["label"] if numbered else None,
        _money(amount[1], amount[2]),
        amount[0].strip(),
        prov,
    )


def _amount_edges(blocks: list[Block]) -> list[float]:
    """Where the lines that end in an amount end, over the whole detail."""
    return [
        block.prov.bbox[2]
        for block in blocks
        if block.kind != "table" and block.prov.bbox and LINE_AMOUNT.search(text(block.text))
    ]


def _at_edge(edges: list[float], block: Block) -> bool:
    """The amount stands in an amount column: other amounts end where it ends (a volume
    prints totals and items in two columns). A `1,000 บาท` inside a note's words ends
    anywhere else."""
    if block.prov.bbox is None:
        return True
    end = block.prov.bbox[2]
    return sum(1 for other in edges if abs(other - end) <= COLUMN_SLACK) > COLUMN_MIN_LINES


# ---- rows -------------------------------------------------------------------------------


def _row(
    volume: Volume, view: str, item: str, level: int, amount: Decimal | None, raw: str
) -> BudgetLineRow:
    """A line of the volume's office and year; its id and place are the caller's to set."""
    return BudgetLineRow(
        line_id="",
        view=view,
        budgetary_unit=volume.office,
        cross_functional=False,
        category_path=[],
        level=level,
        is_leaf=True,
        item=item,
        year_be=volume.year,
        obligated=False,
        amount=amount,
        amount_raw=raw,
    )


def _money(raw: str, unit: str = "บาท") -> Decimal | None:
    number = parse_number(raw.replace(",", "")) if raw != "-" else None
    return None if number is None else to_money(number * unit_scale(unit))
