"""The community's CSV layout (kaogeek/thailand-budget-pdf2csv, v2) for budget_lines.

People who use those CSVs can switch: one row per leaf of the `detail` view, the sub-line
names in CATEGORY_LV2…LV6, the fiscal year in CE, amounts printed with thousands commas
(0 where the page prints `-`), the book as REF_DOC `FY.ฉบับ.เล่ม` (`2022.3.17`,
`2022.3.3(5)`) and each line as ITEM_ID `REF_DOC.N`, N counting from 0 in each book.

Fallbacks, each said in the row's DEBUG_LOG: a document whose title names no ฉบับที่ and
เล่มที่ (or that states no fiscal year) has its doc_id as REF_DOC; a line whose printed page
number was not read has its PDF page as REF_PAGE_NO.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
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
#: ฉบับที่ N and เล่มที่ M or M(K) in a budget book's title (`documents.title`).
ISSUE = re.compile(r"ฉบับที่\s*(\d+)")
VOLUME = re.compile(r"เล่มที่\s*(\d+(?:\(\d+\))?)")
PDF_PAGE_NOTE = "REF_PAGE_NO is the PDF page: the printed page number was not read"
DOC_ID_NOTE = "REF_DOC is the doc_id: the title names no ฉบับที่ and เล่มที่"


@dataclass(frozen=True)
class KaogeekExport:
    """What was written: detail lines, and how many took a fallback (see the module)."""

    rows: int
    pdf_pages: int
    doc_id_refs: int


def ref_doc(document: dict[str, Any] | None) -> str | None:
    """The community's REF_DOC of a budget book, or None when its documents row does not say.

    >>> ref_doc({"title": "เอกสารงบประมาณ ฉบับที่ 3 เล่มที่ 3(5)", "fiscal_year_ce": 2022})
    '2022.3.3(5)'
    >>> ref_doc({"title": "เอกสารงบประมาณ ฉบับที่ 3", "fiscal_year_ce": 2022}) is None
    True
    """
    title = (document or {}).get("title") or ""
    year = (document or {}).get("fiscal_year_ce")
    issue, volume = ISSUE.search(title), VOLUME.search(title)
    if year is None or issue is None or volume is None:
        return None
    return f"{year}.{issue[1]}.{volume[1]}"


def write_kaogeek_csv(
    budget_lines: pa.Table, path: Path | str, documents: pa.Table | None = None
) -> KaogeekExport:
    """Writes the detail-view leaves of `budget_lines` to `path`, each book's REF_DOC read
    from its row in `documents`."""
    books = {row["doc_id"]: row for row in documents.to_pylist()} if documents else {}
    leaves = [
        row
        for row in budget_lines.to_pylist()
        if row["view"] == "detail" and row["is_leaf"] and row["level"] >= 1
    ]
    numbers: dict[str, int] = {}
    pdf_pages = doc_id_refs = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index, row in enumerate(leaves):
            ref = ref_doc(books.get(row["doc_id"]))
            doc_id_refs += ref is None
            pdf_pages += row["printed_page"] is None
            key = ref or row["doc_id"]
            numbers[key] = numbers.get(key, -1) + 1
            writer.writerow(kaogeek_row(index, row, ref, numbers[key]))
    return KaogeekExport(len(leaves), pdf_pages, doc_id_refs)


def kaogeek_row(
    index: int, row: dict[str, Any], ref: str | None = None, n: int = 0
) -> list[object]:
    """One leaf in the community's columns; sub-line names past LV6 join the last one.

    >>> kaogeek_row(0, {"doc_id": "d", "printed_page": 11, "page": 19, "ministry": "m",
    ...     "budgetary_unit": "u", "cross_functional": False, "plan": "p", "output": "o",
    ...     "project": None, "category_lv1": "งบเงินอุดหนุน", "category_path": ["เงินอุดหนุนทั่วไป"],
    ...     "item": "ค่าใช้จ่ายบุคลากร", "year_be": 2565, "amount": Decimal("78459000"),
    ...     "amount_raw": "78,459,000 บาท", "obligated": False}, "2022.3.17", 0)[1:4]
    ['2022.3.17.0', '2022.3.17', 11]
    """
    path = list(row["category_path"] or [])
    if len(path) > SUB_LEVELS:
        path = [*path[: SUB_LEVELS - 1], " ".join(path[SUB_LEVELS - 1 :])]
    path += [""] * (SUB_LEVELS - len(path))
    notes = [DOC_ID_NOTE] if ref is None else []
    if row["printed_page"] is None:
        notes.append(PDF_PAGE_NOTE)
    return [
        index,
        f"{ref or row['doc_id']}.{n}",
        ref or row["doc_id"],
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
        _amount(row["amount"], row.get("amount_raw")),
        bool(row["obligated"]),
        "; ".join(notes),
    ]


def _amount(amount: Decimal | None, raw: str | None) -> str:
    """The community's AMOUNT: `78,459,000`, 0 where the page prints `-`, else empty.

    >>> _amount(None, " - บาท"), _amount(None, None), _amount(Decimal("1.50"), "1.50")
    ('0', '', '1.50')
    """
    if amount is not None:
        return _baht(amount)
    return "0" if (raw or "").strip().startswith("-") else ""


def _baht(amount: Decimal) -> str:
    """`78,459,000`, with satang only where there are some."""
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
