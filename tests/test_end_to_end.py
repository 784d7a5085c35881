"""The whole pipeline on the real text exports, read back as a warehouse would."""

from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from thaiplan.cli import main
from thaiplan.output.schemas import SCHEMAS

DATA = Path(__file__).parent / "data" / "text"
EXPECTED_ROWS = {
    "documents": 5,
    "kpis": 76,
    "kpi_targets": 12,
    "budget_items": 52,
    "schedule_steps": 85,
    "checks": 70,
    "kpi_rubrics": 15,
    "kpi_results": 4,
    "progress_reports": 13,
    "project_outcomes": 54,
}


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run") / "outputs"
    result = CliRunner().invoke(main, ["extract", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def duckdb_rows(out: Path, name: str) -> list[dict]:
    relation = duckdb.sql(f"select * from read_parquet('{out}/{name}/*.parquet')")
    return [dict(zip(relation.columns, row, strict=False)) for row in relation.fetchall()]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_dataset_reads_in_duckdb_and_pyarrow(output, name):
    rows = duckdb_rows(output, name)
    table = ds.dataset(output / name, format="parquet").to_table()
    assert table.num_rows == len(rows)
    if name in EXPECTED_ROWS:
        assert len(rows) == EXPECTED_ROWS[name]


def test_money_is_decimal_and_years_are_columns(output):
    rows = duckdb.sql(
        f"select amount, fiscal_year_ce from read_parquet('{output}/budget_items/*.parquet') "
        "where line = 370"
    ).fetchall()
    assert [(str(amount), year) for amount, year in rows] == [("14700000.00", 2019)]
    assert {p.name for p in (output / "kpis").iterdir()} == {"part-0.parquet"}
    years = duckdb.sql(
        f"select distinct fiscal_year_ce from read_parquet('{output}/kpis/*.parquet') order by 1"
    ).fetchall()
    assert years == [(2019,), (2022,)]


def test_every_row_has_provenance(output):
    for name in (
        "kpis",
        "budget_items",
        "schedule_steps",
        "checks",
        "kpi_rubrics",
        "project_outcomes",
    ):
        assert all(
            row["line"] is not None and row["doc_id"] for row in duckdb_rows(output, name)
        ), name


def test_the_one_known_mismatch_is_all_an_auditor_sees(output):
    result = CliRunner().invoke(main, ["audit", str(output), "--strict"])
    assert result.exit_code == 1
    assert "schedule_cumulative" in result.output and "613" in result.output
    statuses = duckdb.sql(
        f"select status, count(*) from read_parquet('{output}/checks/*.parquet') "
        "group by status order by status"
    ).fetchall()
    assert statuses == [("mismatch", 1), ("ok", 69)]


def test_a_second_run_gives_identical_rows(output, tmp_path):
    again = tmp_path / "again"
    assert CliRunner().invoke(main, ["extract", str(DATA), "--out", str(again)]).exit_code == 0
    for name in SCHEMAS:
        first = ds.dataset(output / name).to_table()
        second = ds.dataset(again / name).to_table()
        assert first.equals(second), name
