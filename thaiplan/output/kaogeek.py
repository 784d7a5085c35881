"""The community's CSV layout (kaogeek/thailand-budget-pdf2csv, v2) for budget_lines.

People who use those CSVs can switch: one row per leaf of the `detail` view, the sub-line
names in CATEGORY_LV2…LV6, the fiscal year in CE, amounts printed with thousands commas.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from thaiplan.normalize.dates import be_to_ce

COLUMNS = (
    "",
    "ITEM_ID",
    "REF_DOC",
    "REF_PAGE_NO",
    "MINISTRY",
    "BUDGETARY_UNIT",
    "CROSS_FUNC?",
    "BUDGET_PLAN",
    "OUTPUT",
    "PROJECT",
    "CATEGORY_LV1",
    "CATEGORY_LV2",
    "CATEGORY_LV3",
    "CATEGORY_LV4",
    "CATEGORY_LV5",
    "CATEGORY_LV6",
    "ITEM_DESCRIPTION",
    "FISCAL_YEAR",
    "AMOUNT",
    "OBLIGED?",
    "DEBUG_LOG",
)
#: CATEGORY_LV2…LV6: the layout has room for five sub-line names below level 1
SUB_LEVELS = 5


def write_kaogeek_csv(budget_lines: pa.Table, path: Path | str) -> int:
    """Write the detail-view leaves of `budget_lines` to `path`; returns the rows written."""
    leaves = [
        row
        for row in budget_lines.to_pylist()
        if row["view"] == "detail" and row["is_leaf"] and row["level"] >= 1
    ]
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index, row in enumerate(leaves):
            writer.writerow(kaogeek_row(index, row))
    return len(leaves)


def kaogeek_row(index: int, row: dict[str, Any]) -> list[object]:
    """One leaf in the community's columns; sub-line names past LV6 join the last one.

    >>> kaogeek_row(0, {"doc_id": "d", "printed_page": None, "page": 6, "ministry": "m",
    ...     "budgetary_unit": "u", "cross_functional": False, "plan": "p", "output": "o",
    ...     "project": None, "category_lv1": "งบเงินอุดหนุน", "category_path": ["เงินอุดหนุนทั่วไป"],
    ...     "item": "ค่าใช้จ่ายบุคลากร", "year_be": 2565, "amount": Decimal("78459000"),
    ...     "obligated": False})[10:19]
    ['งบเงินอุดหนุน', 'เงินอุดหนุนทั่วไป', '', '', '', '', 'ค่าใช้จ่ายบุคลากร', 2022, '78,459,000']
    """
    path = list(row["category_path"] or [])
    if len(path) > SUB_LEVELS:
        path = [*path[: SUB_LEVELS - 1], " ".join(path[SUB_LEVELS - 1 :])]
    path += [""] * (SUB_LEVELS - len(path))
    amount = row["amount"]
    return [
        index,
        f"{row['doc_id']}.{index}",
        row["doc_id"],
        row["printed_page"] if row["printed_page"] is not None else row["page"],
        row["ministry"] or "",
        row["budgetary_unit"] or "",
        bool(row["cross_functional"]),
        row["plan"] or "",
        row["output"] or "",
        row["project"] or "",
        row["category_lv1"] or "",
        *path,
        row["item"],
        be_to_ce(row["year_be"]),
        "" if amount is None else _baht(amount),
        bool(row["obligated"]),
        "",
    ]


def _baht(amount: Decimal) -> str:
    """`78,459,000`, with satang only where there are some."""
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
