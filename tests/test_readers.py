"""Every dataset reads back alike in pandas, pyarrow, polars, DuckDB and Spark (DATASETS.md v2):
the same column types, nulls included, empty datasets included."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from tests.rows import typed
from thaiplan.output.schemas import DATASETS, SCHEMAS
from thaiplan.output.writer import OutputWriter
from thaiplan.pipeline import run
from thaiplan.runners import in_process

TEXT = Path(__file__).parent / "data" / "text"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """A real run (years known and unknown, some datasets empty) and a run with no year at all."""
    root = tmp_path_factory.mktemp("readers")
    inputs = root / "in"
    inputs.mkdir()
    for name in ("plan2565_ocsc.txt", "kpi_detail_hrsmart.txt"):
        shutil.copy(TEXT / name, inputs / name)
    (inputs / "no-year.txt").write_text(
        "แผนปฏิบัติการ\nสำนักงานเขตทดสอบ\n\n| ลำดับ | ตัวชี้วัด | ค่าเป้าหมาย |\n|---|---|---|\n"
        "| 1 | ร้อยละของงานที่แล้วเสร็จ | ร้อยละ 80 |\n",
        "utf-8",
    )
    real = root / "real"
    run([inputs], real, None, runner=in_process)
    undated = root / "undated"
    writer = OutputWriter(undated)
    writer.add_file(
        typed(
            {
                "checks": [
                    {
                        "doc_id": "d" * 16,
                        "fiscal_year_ce": None,
                        "check_id": "c1",
                        "check": "budget_table_total",
                        "unit": "baht",
                        "status": "ok",
                        "items": 1,
                        "expected": Decimal("1.50"),
                        "actual": Decimal("1.50"),
                        "difference": Decimal(0),
                    }
                ]
            }
        )
    )
    writer.commit(datetime(2024, 1, 1, tzinfo=UTC))
    return {"real": real, "undated": undated}


CASES = [(run_name, dataset) for run_name in ("real", "undated") for dataset in DATASETS]


def _polars_type(t: pa.DataType) -> str:
    import polars as pl

    if pa.types.is_list(t):
        return str(pl.List(pl.from_arrow(pa.array([], t.value_type)).dtype))
    return str(pl.from_arrow(pa.array([], t)).dtype)


DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int8": "TINYINT",
    "int16": "SMALLINT",
    "int32": "INTEGER",
    "double": "DOUBLE",
    "bool": "BOOLEAN",
    "date32[day]": "DATE",
    "decimal128(18, 2)": "DECIMAL(18,2)",
    "list<item: date32[day]>": "DATE[]",
    "list<item: string>": "VARCHAR[]",
}


@pytest.mark.parametrize(("run_name", "dataset"), CASES)
def test_pyarrow_reads_the_schema_exactly(outputs, run_name, dataset):
    table = ds.dataset(outputs[run_name] / dataset).to_table()
    assert table.schema.remove_metadata() == SCHEMAS[dataset].remove_metadata()


@pytest.mark.parametrize(("run_name", "dataset"), CASES)
def test_pandas_reads_every_dataset(outputs, run_name, dataset):
    frame = pd.read_parquet(outputs[run_name] / dataset, dtype_backend="pyarrow")
    types = {name: dtype.pyarrow_dtype for name, dtype in frame.dtypes.items()}
    assert types == {f.name: f.type for f in SCHEMAS[dataset]}
    assert len(pd.read_parquet(outputs[run_name] / dataset)) == len(frame)


@pytest.mark.parametrize(("run_name", "dataset"), CASES)
def test_polars_reads_every_dataset(outputs, run_name, dataset):
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(str(outputs[run_name] / dataset / "*.parquet"))
    assert {n: str(t) for n, t in frame.schema.items()} == {
        f.name: _polars_type(f.type) for f in SCHEMAS[dataset]
    }


@pytest.mark.parametrize(("run_name", "dataset"), CASES)
def test_duckdb_reads_every_dataset(outputs, run_name, dataset):
    described = duckdb.sql(
        f"describe select * from read_parquet('{outputs[run_name] / dataset}/*.parquet')"
    ).fetchall()
    assert {row[0]: row[1] for row in described} == {
        f.name: DUCKDB_TYPES[str(f.type)] for f in SCHEMAS[dataset]
    }


def test_year_filters_work_as_integers_in_every_engine(outputs):
    kpis = outputs["real"] / "kpis"
    expected = ds.dataset(kpis).to_table().filter(ds.field("fiscal_year_ce") == 2022).num_rows
    assert expected > 0
    assert len(pd.read_parquet(kpis, filters=[("fiscal_year_ce", "==", 2022)])) == expected
    count = duckdb.sql(
        f"select count(*) from read_parquet('{kpis}/*.parquet') where fiscal_year_ce = 2022"
    ).fetchall()
    assert count == [(expected,)]
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(str(kpis / "*.parquet")).filter(pl.col("fiscal_year_ce") == 2022)
    assert frame.height == expected


@pytest.mark.slow
def test_spark_reads_every_dataset_with_the_same_types(outputs):
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java, and no java is on PATH")
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[1]").appName("thaiplan-readers").getOrCreate()
    try:
        for run_name in ("real", "undated"):
            for dataset in DATASETS:
                frame = spark.read.parquet(str(outputs[run_name] / dataset))
                types = {f.name: f.dataType.simpleString() for f in frame.schema.fields}
                assert types["fiscal_year_ce"] == "int", (run_name, dataset)
                for f in SCHEMAS[dataset]:
                    if pa.types.is_decimal(f.type):
                        assert types[f.name] == "decimal(18,2)", (run_name, dataset, f.name)
                assert frame.count() == ds.dataset(outputs[run_name] / dataset).count_rows()
    finally:
        spark.stop()
