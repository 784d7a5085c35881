"""CSV and Excel export of a real run's output: Thai text, money and lists intact."""

from __future__ import annotations

import codecs
import csv

import pytest

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


def test_export_refuses_an_unknown_format_and_a_folder_without_datasets(tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'ods'"):
        export(tmp_path, tmp_path / "x", "ods")
    with pytest.raises(ExportError, match="holds no thaiplan datasets"):
        export(tmp_path, tmp_path / "x", "csv")
