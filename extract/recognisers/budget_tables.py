"""Budget tables: one budget_items row per project/activity line, and the checks their totals allow.

A budget table is any table whose header has a project column (โครงการ…/รายการ…) and an
amount column (งบประมาณ…). Which table it is (measure, mission, strategic, routine) and
whether it is summary or detail comes from the headings above it, not from its header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from thaiplan.extract.context.names import project_kind, project_name
from thaiplan.extract.context.reading import Located, Reading, text
from thaiplan.extract.context.tables import (
    cell,
    find_column,
    find_named_column,
    header_depth,
    header_texts,
    matching,
)
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Row
from thaiplan.extract.records import Record, check, where
from thaiplan.extract.rows import BudgetItemRow
from thaiplan.normalize.numbers import Amount, figure_fits, figure_unread, parse_amount, to_money

PROJECT_HEADER = matching(r"โครงการ|รายการ")
NOT_FUNDED_LABEL = re.compile(r"^โครงการ(?:/กิจกรรม)?ที่ไม่ได้รับ(?:การจัดสรร)?งบประมาณ")
PROJECT_COUNT = re.compile(r"^รวมโครงการ(?:/กิจกรรม)?\s*(\d+)")
FOOTNOTE = re.compile(r"^(\*+)\s*(.+)$")
MILLION = 1_000_000


class BudgetColumns:
    """Where the parts of a budget row stand; None when the table is not a budget table."""

    def __init__(self, headers: list[str]):
        self.amount = find_column(headers, lambda h: "งบประมาณ" in h and "แหล่ง" not in h)
        self.project = find_column(headers, PROJECT_HEADER)
        self.seq = find_column(headers, matching(r"^(?:ลำดับ|ที่$)"))
        # as written: OCR loses a letter of the header (`แหล่งงบประมากทม./รัฐบาล`)
        self.fund_source = find_named_column(headers, "แหล่งงบประมาณ")
        self.unit = find_column(headers, matching(r"ส่วนราชการ|หน่วยงาน|รับผิดชอบ"))
        self.schedule = any("ขั้นตอน" in h for h in headers)
        # an amount column headed (ล้านบาท) states millions; the datasets hold baht
        self.scale = MILLION if self.amount is not None and "ล้านบาท" in headers[self.amount] else 1

    @property
    def usable(self) -> bool:
        return (
            self.amount is not None
            and self.project is not None
            and not self.schedule
            and self.project < self.amount
        )


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    layouts = _layouts(reading) if reading.scanned else set()
    for located in reading.tables():
        table = located.block
        depth = header_depth(table)
        columns = BudgetColumns(header_texts(table, depth))
        if not columns.usable and layouts:
            columns = BudgetColumns(_as_laid_out(table, depth, layouts))
        if columns.usable:
            yield from read_budget_table(reading, ids, located, columns, depth)


def _squeezed(headers: list[str]) -> tuple[str, ...]:
    return tuple("".join(h.split()) for h in headers)


def _layouts(reading: Reading) -> set[tuple[str, ...]]:
    """The header rows of the budget tables the document prints, spaces removed."""
    found = set()
    for located in reading.tables():
        headers = header_texts(located.block, header_depth(located.block))
        if BudgetColumns(headers).usable:
            found.add(_squeezed(headers))
    return found


def _as_laid_out(table: Block, depth: int, layouts: set[tuple[str, ...]]) -> list[str]:
    """A scanned table's header with its amount column's header misread (`NU ประมาณ` for
    งบประมาณ: a first letter lost, which no keyword match guesses): the header of the one
    budget layout of the document it matches in every other column, where its cells in
    that column read as amounts. Else the header as read."""
    headers = header_texts(table, depth)
    read = _squeezed(headers)
    fits = set()
    for layout in layouts:
        differ = [col for col, (a, b) in enumerate(zip(read, layout, strict=False)) if a != b]
        if len(layout) == len(read) and differ == [BudgetColumns(list(layout)).amount]:
            fits.add(layout)
    if len(fits) != 1:
        return headers
    (layout,) = fits
    amount = BudgetColumns(list(layout)).amount
    rows = table.rows[depth:]
    if not any(parse_amount(text(cell(row, amount))).value is not None for row in rows):
        return headers
    return list(layout)


def read_budget_table(
    reading: Reading, ids: IdMaker, located: Located, columns: BudgetColumns, depth: int
) -> Iterable[Record]:
    table, section = located.block, located.section
    kind = section.budget_table or "other"
    part = section.part
    footnotes = _footnotes(reading, located.index)
    not_funded = section.not_funded
    funded_sum, funded_items, counted = Decimal(0), 0, 0
    unread: list[Record] = []  # items whose figure did not read as a number: the sum is short
    for row in table.rows[depth:]:
        values = row.values(table.width)
        label = " ".join(v for v in values if v.strip())
        if NOT_FUNDED_LABEL.match(text(label)) and not cell(row, columns.amount).strip():
            not_funded = True
            continue
        if _is_total(values, columns):
            stated = _amount(cell(row, columns.amount), columns.scale)
            _mend_by_total(reading, unread, stated, funded_sum)
            scope = f"{part} {kind} table ({where(table.prov, row.prov)})"
            yield check(
                ids,
                "budget_table_total",
                scope,
                stated.value,
                funded_sum if funded_items else None,
                funded_items,
                row.prov,
                complete=not unread and not figure_unread(stated.value, stated.raw),
            )
            funded_sum, funded_items, unread = Decimal(0), 0, []
            continue
        item = _item(reading, ids, row, columns, kind, part, not_funded, footnotes)
        if item is None:
            continue
        counted += 1
        if not not_funded and figure_unread(item.row.amount, item.row.amount_raw):
            unread.append(item)
        if item.row.funding_status == "funded" and item.row.amount is not None and not not_funded:
            funded_sum += item.row.amount
            funded_items += 1
        yield item
    for line in reading.text_after(located.index):
        if m := PROJECT_COUNT.match(text(line.block.text)):
            scope = f"{part} {kind} table ({where(table.prov, table.rows[-1].prov)}): {text(line.block.text)}"
            yield check(
                ids,
                "project_count",
                scope,
                Decimal(m[1]),
                Decimal(counted),
                counted,
                line.block.prov,
                unit="count",
            )
            break


def _mend_by_total(
    reading: Reading, unread: list[Record[BudgetItemRow]], stated: Amount, funded_sum: Decimal
) -> None:
    """The one item of a table whose figure OCR misread (`๕๐,๓๐๐๑.“`) takes the table's
    stated total less the other rows, when those digits are its own within one digit
    (`figure_fits`); noted. Two unread items, or a difference that is not what was read,
    stay unread. Either way the total stays unverifiable: a part taken from the total
    cannot check it."""
    if len(unread) != 1 or stated.value is None or stated.value <= funded_sum:
        return
    (item,) = unread
    rest = stated.value - funded_sum
    if not figure_fits(item.row.amount_raw, rest):
        return
    item.row = replace(item.row, amount=to_money(rest), funding_status="funded")
    reading.note(
        "amount_mended_by_total",
        f"The amount {item.row.amount_raw!r} did not read as a number; read as {rest}, "
        "the table's stated total less its other rows, which its digits fit.",
        item.row.project_name,
        item.prov,
        severity="info",
    )


def _is_total(values: list[str], columns: BudgetColumns) -> bool:
    return any(text(v).startswith("รวม") for v in values[: columns.amount])


def _item(
    reading: Reading,
    ids: IdMaker,
    row: Row,
    columns: BudgetColumns,
    kind: str,
    part: str,
    not_funded: bool,
    footnotes: dict[str, str],
) -> Record | None:
    raw_name = cell(row, columns.project)
    amount_raw = cell(row, columns.amount)
    seq_cell = text(cell(row, columns.seq)).rstrip(".") or None
    name = project_name(raw_name)
    if not name.name or not (amount_raw.strip() or seq_cell or name.seq):
        return None  # a group label (แผนงาน…, ผลผลิต…) or an empty row
    amount = _amount(amount_raw, columns.scale)
    status = amount.status
    if not_funded and status == "funded":
        status = "not_funded"
    if status == "unknown" and amount_raw.strip():
        reading.note(
            "unparsed_amount",
            "An amount cell could not be read as a number; check the source.",
            amount_raw,
            row.prov,
        )
    unit_raw = cell(row, columns.unit) or None
    fund_source = text(cell(row, columns.fund_source))
    return Record(
        BudgetItemRow(
            item_id=ids.make("budget", kind, part, name.name),
            budget_table=kind,
            agency=reading.agency,
            budget_year_be=reading.fiscal_year_be,
            section=part,
            seq=seq_cell or name.seq,
            project_name=name.name,
            project_kind=project_kind(name.name),
            amount=amount.value,
            amount_raw=amount_raw,
            funding_status=status,
            fund_source=None if fund_source in ("", "-") else fund_source,
            responsible_unit=reading.unit(unit_raw, row.prov),
            responsible_unit_raw=unit_raw,
            measure_ref=name.measure_ref,
            footnote=footnotes.get(name.mark or ""),
        ),
        row.prov,
    )


def _amount(raw: str, scale: int) -> Amount:
    amount = parse_amount(text(raw))
    if amount.value is None or scale == 1:
        return amount
    return replace(amount, value=to_money(amount.value * scale))


def _footnotes(reading: Reading, index: int) -> dict[str, str]:
    """The `*` / `**` notes written under a table, by mark."""
    notes: dict[str, str] = {}
    for line in reading.text_after(index):
        if m := FOOTNOTE.match(line.block.text.strip()):
            notes.setdefault(m[1], text(m[2]))
    return notes


def claims(table: Block) -> bool:
    """A table whose header names a project column and an amount column."""
    return BudgetColumns(header_texts(table)).usable
