"""CSV and Excel export of a real run's output: Thai text, money and lists intact."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from click.testing import CliRunner

from tests.rows import placed
from thaiplan.cli import main
from thaiplan.output.datasets import read_dataset
from thaiplan.output.export import LIST_SEPARATOR, ExportError, export
from thaiplan.output.schemas import DATASETS


def test_csv_has_a_bom_file_per_dataset_and_the_rows(extracted_output, tmp_path):
    out, _ = extracted_output
    written = export(out, tmp_path / "csv", "csv")
    assert [p.stem for p in written] == list(DATASETS)
    items = read_dataset(out, "budget_items")
    path = tmp_path / "csv" / "budget_items.csv"
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == items.column_names
    assert len(rows) == items.num_rows > 0
    by_id = {r["item_id"]: r for r in rows}
    for item in items.to_pylist():
        row = by_id[item["item_id"]]
        assert row["project_name"] == item["project_name"]
        assert row["amount"] == ("" if item["amount"] is None else f"{item['amount']:.2f}")


def test_csv_joins_months_and_keeps_empty_datasets(extracted_output, tmp_path):
    out, _ = extracted_output
    export(out, tmp_path, "csv")
    steps = read_dataset(out, "schedule_steps").to_pylist()
    with (tmp_path / "schedule_steps.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    several = next(s for s in steps if len(s["months"]) > 1)
    row = next(
        r
        for r in rows
        if (r["schedule_id"], r["step_no"]) == (several["schedule_id"], several["step_no"])
    )
    assert row["months"] == LIST_SEPARATOR.join(m.isoformat() for m in several["months"])
    lines = (tmp_path / "budget_lines.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines == [",".join(read_dataset(out, "budget_lines").column_names)]


def test_xlsx_has_a_sheet_per_dataset_with_typed_cells(extracted_output, tmp_path):
    from openpyxl import load_workbook

    out, _ = extracted_output
    (path,) = export(out, tmp_path / "out.xlsx", "xlsx")
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == list(DATASETS)
    items = read_dataset(out, "budget_items")
    sheet = list(book["budget_items"].iter_rows(values_only=True))
    assert list(sheet[0]) == items.column_names
    assert len(sheet) == items.num_rows + 1
    amount = items.column_names.index("amount")
    name = items.column_names.index("project_name")
    for cells, item in zip(sheet[1:], items.to_pylist(), strict=True):
        assert cells[name] == item["project_name"]
        expected = None if item["amount"] is None else float(item["amount"])
        assert cells[amount] == expected


def test_xlsx_header_is_frozen_filtered_and_columns_fit_their_values(extracted_output, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from thaiplan.output.export import WIDTH_RANGE, display_width

    out, _ = extracted_output
    (path,) = export(out, tmp_path / "out.xlsx", "xlsx")
    sheet = load_workbook(path)["budget_items"]
    items = read_dataset(out, "budget_items")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(items.num_columns)}{items.num_rows + 1}"
    width = {
        name: sheet.column_dimensions[get_column_letter(i)].width
        for i, name in enumerate(items.column_names, start=1)
    }
    names = [display_width(n) for n in items.column("project_name").to_pylist() if n]
    assert width["project_name"] == min(max(names) + 1, WIDTH_RANGE[1])
    biggest = max(a for a in items.column("amount").to_pylist() if a is not None)
    assert width["amount"] == len(f"{biggest:,.2f}") + 1
    assert width["doc_id"] == 17  # 16 hex digits
    assert len(set(width.values())) > 3  # not one width for every column


def test_export_refuses_an_unknown_format_and_a_folder_without_datasets(tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'ods'"):
        export(tmp_path, tmp_path / "x", "ods")
    with pytest.raises(ExportError, match="holds no thaiplan datasets"):
        export(tmp_path, tmp_path / "x", "csv")


# --- kaogeek-csv: the community's layout -------------------------------------------------

DATA = Path(__file__).parent / "data"
#: The first rows of the community's CSV of book 17 (kaogeek/thailand-budget-pdf2csv, v2).
COMMUNITY_HEAD = DATA / "community" / "budget2565_book17_head.csv"


def read_community_csv(path: Path) -> pd.DataFrame:
    """As the community's CSVs are read: pandas, the unnamed first column as the index."""
    return pd.read_csv(path, index_col=0)


@pytest.fixture(scope="module")
def book17_export(tmp_path_factory) -> Path:
    """The kaogeek-csv of book 17's cover and first pages, exported by the command line."""
    out = tmp_path_factory.mktemp("book17") / "out"
    target = out.parent / "book17.csv"
    for args in (
        ["extract", str(DATA / "budget_book17_cover_pages.pdf"), "--out", str(out), "-q"],
        ["export", str(out), "--format", "kaogeek-csv", "--to", str(target)],
    ):
        extra = ["--workers", "1"] if args[0] == "extract" else []
        result = CliRunner().invoke(main, [*args, *extra])
        assert result.exit_code == 0, result.output
    return target


def test_kaogeek_csv_reads_back_as_the_community_csv(book17_export):
    ours, theirs = read_community_csv(book17_export), read_community_csv(COMMUNITY_HEAD)
    assert list(ours.columns) == list(theirs.columns)
    for column in ("REF_PAGE_NO", "CROSS_FUNC?", "FISCAL_YEAR", "OBLIGED?", "AMOUNT"):
        assert ours[column].dtype == theirs[column].dtype, column
    assert set(ours["REF_DOC"]) == {"2022.3.17"} == set(theirs["REF_DOC"])
    assert list(ours["ITEM_ID"]) == [f"2022.3.17.{n}" for n in range(len(ours))]
    same = ["ITEM_ID", "MINISTRY", "BUDGETARY_UNIT", "BUDGET_PLAN", "CATEGORY_LV1"]
    same += ["CATEGORY_LV2", "ITEM_DESCRIPTION", "FISCAL_YEAR", "AMOUNT"]
    assert ours.iloc[0][same].to_dict() == theirs.iloc[0][same].to_dict()
    # REF_PAGE_NO: the printed page (theirs: 11) or, where none was read, the PDF page, said
    first = ours.iloc[0]
    if first["REF_PAGE_NO"] != theirs.iloc[0]["REF_PAGE_NO"]:
        assert first["REF_PAGE_NO"] == 4 and "PDF page" in first["DEBUG_LOG"]


@pytest.mark.slow
def test_the_whole_books_ref_page_no_is_the_communitys_on_every_row_they_share(
    book17_output, tmp_path
):
    """Every row of the community's CSV found in ours (same unit, item, year and amount)
    carries the same REF_PAGE_NO: the printed page, never the PDF page."""
    from thaiplan.output.datasets import read_dataset
    from thaiplan.output.kaogeek import write_kaogeek_csv

    lines, documents = (read_dataset(book17_output, d) for d in ("budget_lines", "documents"))
    write_kaogeek_csv(lines, tmp_path / "book17.csv", documents)
    ours, theirs = read_community_csv(tmp_path / "book17.csv"), read_community_csv(COMMUNITY_HEAD)
    key = ["BUDGETARY_UNIT", "ITEM_DESCRIPTION", "FISCAL_YEAR", "AMOUNT"]
    matched = theirs.merge(ours, on=key, suffixes=("_theirs", "_ours"))
    assert len(matched) * 2 >= len(theirs)  # a wrapped description may read otherwise
    assert list(matched["REF_PAGE_NO_ours"]) == list(matched["REF_PAGE_NO_theirs"])
    assert not ours["DEBUG_LOG"].astype("string").fillna("").str.contains("PDF page").all()


def test_kaogeek_amount_is_0_where_the_page_prints_a_dash(tmp_path):
    from thaiplan.output.kaogeek import write_kaogeek_csv
    from thaiplan.output.schemas import to_table

    line = {
        "doc_id": "b0e9cd39e4c649a6",
        "fiscal_year_ce": 2022,
        "page": 59,
        "line": None,
        "line_id": "l1",
        "view": "detail",
        "cross_functional": False,
        "category_lv1": "งบเงินอุดหนุน",
        "category_path": ["เงินอุดหนุนเฉพาะกิจ"],
        "level": 3,
        "is_leaf": True,
        "item": "ปรับปรุงอาคารนวมินทราชินีและอาคารเทพรัตน์",
        "year_be": 2565,
        "obligated": True,
        "amount": None,
        "amount_raw": "- บาท",  # as book 17 prints it on page 59
        "printed_page": 51,
    }
    document = {"doc_id": line["doc_id"], "fiscal_year_ce": 2022}
    document["title"] = "เอกสารงบประมาณ ฉบับที่ 3 เล่มที่ 17"
    lines = to_table(
        "budget_lines",
        [
            placed("budget_lines", row_)
            for row_ in [line, {**line, "line_id": "l2", "amount_raw": "n/a"}]
        ],
    )
    documents = pa.Table.from_pylist([document])
    written = write_kaogeek_csv(lines, tmp_path / "dash.csv", documents)
    assert (written.rows, written.pdf_pages, written.doc_id_refs) == (2, 0, 0)
    with (tmp_path / "dash.csv").open(encoding="utf-8") as handle:  # as budget_match.py reads
        rows = list(csv.DictReader(handle))
    assert [(r["ITEM_ID"], r["REF_PAGE_NO"], r["AMOUNT"]) for r in rows] == [
        ("2022.3.17.0", "51", "0"),
        ("2022.3.17.1", "51", ""),
    ]
