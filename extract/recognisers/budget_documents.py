"""National budget documents (เอกสารงบประมาณ): one book covers several agencies.

Each agency's part opens with its name right above the `งบประมาณ ปี N ปี N+1` line.
Programme headings (`7.2.1 ผลผลิตที่ 1 : … 80,437,800 บาท`) name the programme of the
multi-year tables below them; a table with a หน่วยนับ column holds indicators (`เชิงปริมาณ :
ร้อยละของ…  ร้อยละ  80 …`) and the programme's money per year (`เงินงบประมาณ  ล้านบาท
114.6812 …`, the unit cell scaling the row), written to budget_lines as the service_targets
view. The detail view's amount lines are read by the budget_lines recogniser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from thaiplan.extract.context.multi_year import (
    AGENCY_BUDGET_LINE,
    agency_title,
    is_budget_document,
    join_title,
    multi_year_part,
    target_of,
    unit_and_years,
)
from thaiplan.extract.context.reading import Located, Reading, text
from thaiplan.extract.context.tables import cell, header_depth
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Block, Provenance
from thaiplan.extract.recognisers.kpi_rows import kpi_record, target_record
from thaiplan.extract.records import Record
from thaiplan.extract.rows import BudgetLineRow
from thaiplan.normalize.keywords import LETTER_EDIT_COST, closest
from thaiplan.normalize.numbers import parse_number, point_for_comma, to_money, unit_scale

PROGRAMME = re.compile(
    r"^\d+(?:\.\d+)+\s+((?:แผนงาน|ผลผลิตที่|โครงการที่).+?)\s+([\d,]+(?:\.\d+)?)\s*(ล้านบาท|บาท)$"
)
PROGRAMME_START = re.compile(r"^\d+(?:\.\d+)+\s+(?:แผนงาน|ผลผลิตที่|โครงการที่)")
#: a wrapped programme heading is joined while it stays heading-sized
HEADING_MAX_WORDS = 40
INDICATOR = re.compile(r"^-?\s*(?:ตัวชี้วัด)?\s*(?:เชิง\S+)?\s*:\s*(.+)$")


#: A KPI-table row whose unit cell is one of these holds money (ล้านบาท scaled by unit_scale).
MONEY_UNITS = frozenset({"บาท", "ล้านบาท"})
#: The money rows of such a table; the budget's own is told from the others within one
#: letter OCR misread (`เงินงงบประมาณ`).
BUDGET_MONEY = "เงินงบประมาณ"
MONEY_ROWS = (BUDGET_MONEY, "เงินนอกงบประมาณ", "รวมทั้งสิ้น")


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    if not is_budget_document(reading):
        return
    agency, programme = None, None
    wrapped = None
    blocks = [item.block for item in reading.located]
    for index, located in enumerate(reading.located):
        block = located.block
        if block.kind == "table":
            yield from _read_table(reading, ids, located, agency, programme)
            continue
        value = text(block.text)
        joined = f"{wrapped} {value}" if wrapped else value
        wrapped = None
        if AGENCY_BUDGET_LINE.match(value) and (title := agency_title(blocks, index)):
            agency, programme = join_title(title[1:]) or title[0], None
        elif m := PROGRAMME.match(joined):
            programme = m[1]
        elif PROGRAMME_START.match(joined) and joined.count(" ") < HEADING_MAX_WORDS:
            wrapped = joined  # the heading goes on, its amount on a later line


def _read_table(
    reading: Reading, ids: IdMaker, located: Located, agency: str | None, programme: str | None
) -> Iterable[Record]:
    table = multi_year_part(located.block)
    if table is None:
        return
    depth = header_depth(table)
    unit_col, years = unit_and_years(table, depth)
    if unit_col is None:
        return
    plan_col = next((c for c, y in years.items() if y == reading.fiscal_year_be), max(years))
    for row in table.rows[depth:]:
        label, unit = text(cell(row, 0)), text(cell(row, unit_col))
        if unit in MONEY_UNITS:
            if closest(label, MONEY_ROWS, limit=LETTER_EDIT_COST) == BUDGET_MONEY and programme:
                for col, year in sorted(years.items()):
                    raw = cell(row, col)
                    yield _item(
                        reading, ids, agency, programme, year, _amount(raw, unit), raw, row.prov
                    )
            continue
        if not (m := INDICATOR.match(label)) or (
            "ตัวชี้วัด" not in label and not label.lstrip("- ").startswith("เชิง")
        ):
            continue
        targets = {year: target_of(cell(row, col), unit) for col, year in years.items()}
        kpi = kpi_record(
            reading,
            ids,
            located.section,
            row.prov,
            kpi_set="other",
            seq=None,
            name=m[1],
            target=targets[years[plan_col]],
            objective=False,
            agency=agency,
        )
        yield kpi
        for year in sorted(targets):
            yield target_record(kpi, year, targets[year])


def claims(table: Block) -> bool:
    """A multi-year target table with a หน่วยนับ column (budget documents' KPI tables)."""
    return multi_year_part(table) is not None


def _amount(raw: str, unit: str) -> Decimal | None:
    number = parse_number(point_for_comma(re.sub(r"(?<=\d)\s+(?=[\d,.])", "", text(raw))))
    return None if number is None else to_money(number * unit_scale(unit))


def _item(
    reading: Reading,
    ids: IdMaker,
    agency: str | None,
    programme: str,
    year: int,
    amount: Decimal | None,
    raw: str,
    prov: Provenance,
) -> Record:
    """One year of a programme's เงินงบประมาณ row in its service-target table (budget_lines)."""
    name = text(programme)
    label = re.sub(r"^\S+ที่\s*\d+\s*:\s*", "", name)
    return Record(
        BudgetLineRow(
            line_id=ids.make("budget_line", "service_targets", agency, name, year),
            parent_id=None,
            view="service_targets",
            ministry=None,
            budgetary_unit=agency or reading.agency,
            plan=name if name.startswith("แผนงาน") else None,
            cross_functional=name.startswith("แผนงานบูรณาการ"),
            output=label if name.startswith("ผลผลิต") else None,
            project=label if name.startswith("โครงการ") else None,
            activity=None,
            category_lv1=None,
            category_path=[],
            level=0,
            is_leaf=True,
            item="เงินงบประมาณ",
            quantity_text=None,
            year_be=year,
            obligated=False,
            amount=amount,
            amount_raw=raw,
            printed_page=None,
        ),
        prov,
    )
