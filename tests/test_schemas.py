"""The Arrow schemas against the output contract (DATASETS.md) and to_table's coercion."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.rows import placed
from thaiplan.extract.rows import KpiRow
from thaiplan.output.schemas import (
    SCHEMA_VERSION,
    SCHEMAS,
    SchemaError,
    description,
    to_table,
)

SPEC = Path(__file__).resolve().parents[1] / "docs" / "DATASETS.md"
MONEY_COLUMNS = {
    ("budget_items", "amount"),
    ("budget_lines", "amount"),
    ("schedule_steps", "project_budget"),
    ("checks", "expected"),
    ("checks", "actual"),
    ("checks", "difference"),
    ("progress_reports", "budget_received"),
    ("progress_reports", "budget_spent"),
    ("progress_reports", "disbursed"),
}
SPEC_TYPES = {
    "string": pa.string(),
    "int8": pa.int8(),
    "int16": pa.int16(),
    "int32": pa.int32(),
    "double": pa.float64(),
    "decimal128(18,2)": pa.decimal128(18, 2),
    "date32": pa.date32(),
    "list<date32>": pa.list_(pa.date32()),
    "list<string>": pa.list_(pa.string()),
    "bool": pa.bool_(),
}


def spec_columns() -> dict[str, list[tuple[str, str]]]:
    """Dataset -> (column, type cell) from the contract's tables; common columns under ''."""
    if not SPEC.exists():
        pytest.skip(f"contract not found at {SPEC}")
    sections: dict[str, list[tuple[str, str]]] = {"": []}
    current = ""
    for line in SPEC.read_text("utf-8").splitlines():
        heading = re.match(r"## (\w+)", line)
        if heading:
            current = heading.group(1)
            sections[current] = []
        elif line.startswith("|") and not re.match(r"\|\s*(column|-)", line):
            names, type_cell = (cell.strip() for cell in line.split("|")[1:3])
            sections[current] += [(name.strip(), type_cell) for name in names.split(",")]
    return sections


def test_every_dataset_in_the_contract_has_a_schema():
    assert set(spec_columns()) - {""} == set(SCHEMAS)


def test_schemas_hold_exactly_the_contract_columns_with_their_types():
    sections = spec_columns()
    common = sections.pop("")
    for dataset, columns in sections.items():
        schema = SCHEMAS[dataset]
        for name, cell in common + columns:
            assert name in schema.names, f"{dataset}.{name} missing"
            field = schema.field(name)
            if cell:
                base = (
                    cell.split(",")[0].replace(" ", "")
                    if "decimal" not in cell
                    else "decimal128(18,2)"
                )
                assert field.type == SPEC_TYPES[base], f"{dataset}.{name}: {field.type} vs {cell}"
                if cell.endswith("null"):
                    assert field.nullable, f"{dataset}.{name} must be nullable"
        assert set(schema.names) == {name for name, _ in common + columns}, dataset


def test_common_columns_lead_every_schema():
    for schema in SCHEMAS.values():
        assert schema.names[:4] == ["doc_id", "fiscal_year_ce", "page", "line"]
        assert schema.field("page").type == pa.int32() and schema.field("line").type == pa.int32()


def test_money_columns_are_decimal_18_2_and_nothing_else_is():
    decimals = {
        (dataset, field.name)
        for dataset, schema in SCHEMAS.items()
        for field in schema
        if pa.types.is_decimal(field.type)
    }
    assert decimals == MONEY_COLUMNS
    assert all(SCHEMAS[d].field(c).type == pa.decimal128(18, 2) for d, c in MONEY_COLUMNS)


def test_every_field_has_a_description_and_schema_version():
    for schema in SCHEMAS.values():
        assert schema.metadata[b"schema_version"] == SCHEMA_VERSION.encode()
        assert all(description(field) for field in schema), schema


def test_to_table_coerces_and_fills_missing_columns_with_null():
    table = to_table(
        "budget_items",
        [
            placed("budget_items", row_)
            for row_ in [
                {
                    "doc_id": "abc",
                    "fiscal_year_ce": 2022,
                    "line": 12,
                    "item_id": "i1",
                    "budget_table": "measure",
                    "section": "detail",
                    "project_kind": "project",
                    "funding_status": "funded",
                    "amount": Decimal("11125900.005"),
                    "budget_year_be": 2565.0,
                }
            ]
        ],
    )
    row = table.to_pylist()[0]
    assert table.schema == SCHEMAS["budget_items"]
    assert row["amount"] == Decimal("11125900.01")
    assert row["budget_year_be"] == 2565 and isinstance(row["budget_year_be"], int)
    assert row["project_name"] is None and row["page"] is None
    assert row["fiscal_year_ce"] == 2022


def test_to_table_months_are_dates():
    months = [dt.date(2021, 10, 1), dt.date(2021, 11, 1)]
    row = {"doc_id": "a", "schedule_id": "s", "months": months}
    assert to_table("schedule_steps", [placed("schedule_steps", row_) for row_ in [row]]).column(
        "months"
    ).to_pylist() == [months]


@pytest.mark.parametrize(
    ("dataset", "column", "value"),
    [
        ("kpis", "target_value", "ร้อยละ 80"),
        ("budget_items", "amount", 1.5),  # money is never float
        ("kpi_targets", "year_be", 2565.5),
        ("kpi_targets", "year_be", 40000),  # beyond int16
        ("kpi_rubrics", "level", True),
        ("progress_reports", "report_date", dt.datetime(2019, 10, 16, 9, 30)),
        ("progress_reports", "on_plan", "yes"),
        ("schedule_steps", "months", ["2021-10"]),
        ("kpis", "kpi_set", None),  # non-null column
    ],
)
def test_to_table_error_names_dataset_and_column(dataset, column, value):
    base = {
        "doc_id": "abc",
        "line": 7,
        "kpi_id": "k",
        "kpi_set": "objective",
        "item_id": "i",
        "schedule_id": "s",
        "budget_table": "other",
        "section": "detail",
        "project_kind": "other",
        "funding_status": "unknown",
    }
    row = {key: val for key, val in base.items() if key in SCHEMAS[dataset].names}
    row[column] = value
    with pytest.raises(SchemaError, match=rf"^{dataset}\.{column}: row 0 doc_id=abc line=7: "):
        to_table(dataset, [placed(dataset, row_) for row_ in [row]])


def test_a_misspelt_column_fails_where_the_row_is_made_and_unknown_datasets_are_refused():
    with pytest.raises(TypeError, match="targte_text"):
        KpiRow(kpi_id="k", kpi_set="other", targte_text="x")  # type: ignore[call-arg]
    with pytest.raises(SchemaError, match="unknown dataset 'kpi'"):
        to_table("kpi", [])
    row = placed("kpis", {"doc_id": "a", "kpi_id": "k", "kpi_set": "other"})
    with pytest.raises(SchemaError, match="kpi_targets: row 0 is a kpis row"):
        to_table("kpi_targets", [row])


@given(
    st.decimals(
        min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False
    )
)
def test_money_round_trips_exactly(amount):
    row = {
        "doc_id": "a",
        "check_id": "c",
        "check": "budget_table_total",
        "unit": "baht",
        "status": "ok",
        "items": 1,
        "expected": amount,
    }
    assert (
        to_table("checks", [placed("checks", row_) for row_ in [row]]).column("expected")[0].as_py()
        == amount
    )
