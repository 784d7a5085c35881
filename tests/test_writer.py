"""The output directory: layout, readability by DuckDB and pyarrow, determinism, atomicity."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from tests.rows import typed
from thaiplan.output import writer as writer_module
from thaiplan.output.schemas import DATASETS, SCHEMA_VERSION, SCHEMAS, SchemaError
from thaiplan.output.writer import MANIFEST_NAME, OutputDirError, OutputWriter

STARTED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def kpi(doc_id: str, line: int, kpi_id: str, year: int | None = 2022) -> dict:
    return {
        "doc_id": doc_id,
        "fiscal_year_ce": year,
        "page": None,
        "line": line,
        "kpi_id": kpi_id,
        "kpi_set": "objective",
        "name": f"ตัวชี้วัด {kpi_id}",
    }


def check(doc_id: str, line: int, status: str = "ok", year: int | None = 2022) -> dict:
    return {
        "doc_id": doc_id,
        "fiscal_year_ce": year,
        "line": line,
        "check_id": f"c{line}",
        "check": "budget_table_total",
        "unit": "baht",
        "status": status,
        "items": 2,
        "expected": Decimal("100.00"),
        "actual": Decimal("90.50"),
        "difference": Decimal("-9.50"),
    }


FILE_A = {
    "kpis": [kpi("aaaa", 30, "k3"), kpi("aaaa", 10, "k2"), kpi("aaaa", 10, "k1")],
    "checks": [check("aaaa", 40)],
}
FILE_B = {
    "kpis": [kpi("bbbb", 5, "k9", year=None), kpi("bbbb", 6, "k8", year=2021), kpi("bbbb", 1, "k7")]
}


def write(out: Path, *files: dict) -> dict[str, int]:
    w = OutputWriter(out)
    for index, records in enumerate(files):
        w.add_file(typed(records))
        w.add_input(f"file{index}.txt", "0" * 64, "ok")
    return w.commit(STARTED)


def read_pyarrow(path: Path) -> pa.Table:
    return ds.dataset(path).to_table()


def read_duckdb(path: Path) -> list[tuple]:
    return duckdb.sql(f"select * from read_parquet('{path}/*.parquet') order by all").fetchall()


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_plain_part_files_with_the_year_as_a_column(tmp_path):
    out = tmp_path / "out"
    counts = write(out, FILE_A, FILE_B)
    assert counts["kpis"] == 6 and counts["checks"] == 1 and counts["documents"] == 0
    assert sorted(p.name for p in (out / "kpis").iterdir()) == ["part-0.parquet"]
    table = read_pyarrow(out / "kpis")
    assert table.schema.field("fiscal_year_ce").type == pa.int32()
    years = {row["kpi_id"]: row["fiscal_year_ce"] for row in table.to_pylist()}
    assert years == {"k1": 2022, "k2": 2022, "k3": 2022, "k7": 2022, "k9": None, "k8": 2021}
    rows = duckdb.sql(
        f"select kpi_id, fiscal_year_ce from read_parquet('{out}/kpis/*.parquet')"
    ).fetchall()
    assert dict(rows) == years


def test_rows_sorted_by_year_doc_page_line_keeping_extraction_order_on_ties(tmp_path):
    write(tmp_path / "out", FILE_B, FILE_A)  # files added out of doc_id order
    table = pq.read_table(tmp_path / "out" / "kpis" / "part-0.parquet")
    # 2021 first, unknown year last; k2 and k1 share doc and line: extraction order stays
    assert table.column("kpi_id").to_pylist() == ["k8", "k2", "k1", "k3", "k7", "k9"]


def test_one_files_rows_out_of_order_are_written_sorted(tmp_path):
    write(tmp_path / "out", FILE_B)  # alone in its part: sorted before it is a table
    table = pq.read_table(tmp_path / "out" / "kpis" / "part-0.parquet")
    assert table.column("kpi_id").to_pylist() == ["k8", "k7", "k9"]


def test_one_row_group_per_year_so_readers_can_skip_years(tmp_path):
    write(tmp_path / "out", FILE_A, FILE_B)
    metadata = pq.read_metadata(tmp_path / "out" / "kpis" / "part-0.parquet")
    column = metadata.schema.names.index("fiscal_year_ce")
    stats = [
        metadata.row_group(i).column(column).statistics for i in range(metadata.num_row_groups)
    ]
    assert [(s.min, s.max) if s.has_min_max else None for s in stats] == [
        (2021, 2021),
        (2022, 2022),
        None,
    ]


def test_every_dataset_exists_and_reads_when_empty(tmp_path):
    out = tmp_path / "out"
    write(out, FILE_A)
    for dataset in DATASETS:
        files = list((out / dataset).rglob("*.parquet"))
        assert files, dataset
        table = read_pyarrow(out / dataset)
        assert set(SCHEMAS[dataset].names) <= set(table.column_names)
        expected = {"kpis": 3, "checks": 1}.get(dataset, 0)
        assert table.num_rows == expected
        assert len(read_duckdb(out / dataset)) == expected


def test_run_with_no_rows_at_all_is_readable(tmp_path):
    out = tmp_path / "out"
    write(out)
    for dataset in DATASETS:
        assert read_pyarrow(out / dataset).num_rows == 0
        assert read_duckdb(out / dataset) == []


def test_dataset_whose_rows_all_lack_a_year_still_infers_the_key(tmp_path):
    out = tmp_path / "out"
    write(out, {"kpis": [kpi("aaaa", 1, "k1", year=None)], "checks": [check("aaaa", 2, year=2021)]})
    table = read_pyarrow(out / "kpis")
    assert table.schema.field("fiscal_year_ce").type == pa.int32()
    assert table.column("fiscal_year_ce").to_pylist() == [None]
    assert len(read_duckdb(out / "kpis")) == 1


def test_two_writes_give_identical_rows(tmp_path):
    write(tmp_path / "one", FILE_A, FILE_B)
    write(tmp_path / "two", FILE_B, FILE_A)
    for dataset in DATASETS:
        one = read_pyarrow(tmp_path / "one" / dataset).to_pylist()
        two = read_pyarrow(tmp_path / "two" / dataset).to_pylist()
        assert one == two, dataset
    first = {k: v for k, v in snapshot(tmp_path / "one").items() if k != MANIFEST_NAME}
    assert first == {k: v for k, v in snapshot(tmp_path / "two").items() if k != MANIFEST_NAME}


def test_schema_version_and_types_in_every_file(tmp_path):
    out = tmp_path / "out"
    write(out, FILE_A, FILE_B)
    for path in out.rglob("*.parquet"):
        schema = pq.read_schema(path)
        assert schema.metadata[b"schema_version"] == SCHEMA_VERSION.encode()
        dataset = path.relative_to(out).parts[0]
        assert schema.remove_metadata() == SCHEMAS[dataset].remove_metadata()


def test_manifest(tmp_path):
    out = tmp_path / "out"
    w = OutputWriter(out)
    w.add_file(typed(FILE_A))
    w.add_input("a.txt", "a" * 64, "ok")
    w.add_input("broken.pdf", "b" * 64, "failed", "encrypted_pdf")
    w.commit(STARTED)
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["tool_version"]
    assert manifest["run_started"] == "2024-01-02T03:04:05+00:00"
    assert datetime.fromisoformat(manifest["run_finished"]) > datetime.fromisoformat(
        manifest["run_started"]
    )
    assert manifest["inputs"] == [
        {
            "source_path": "a.txt",
            "sha256": "a" * 64,
            "status": "ok",
            "rows": {},
            "page_count": None,
        },
        {
            "source_path": "broken.pdf",
            "sha256": "b" * 64,
            "status": "failed",
            "code": "encrypted_pdf",
            "rows": {},
            "page_count": None,
        },
    ]
    assert manifest["command"] == []
    assert [c["name"] for c in manifest["schema"]["kpis"]][:4] == [
        "doc_id",
        "fiscal_year_ce",
        "page",
        "line",
    ]
    assert manifest["row_counts"] == {
        name: {"kpis": 3, "checks": 1}.get(name, 0) for name in DATASETS
    }


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_failed_write_keeps_the_old_output(tmp_path, monkeypatch, error):
    out = tmp_path / "out"
    write(out, FILE_A)
    before = snapshot(out)
    real_write = writer_module._write
    calls = []

    def failing_write(where, table):
        calls.append(where)
        if len(calls) == 4:  # midway: some datasets are already written
            raise error
        real_write(where, table)

    monkeypatch.setattr(writer_module, "_write", failing_write)
    with pytest.raises(type(error)):
        write(out, FILE_B)
    assert len(calls) == 4
    assert snapshot(out) == before
    # no staging directory or lock file left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failed_rename_restores_the_old_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write(out, FILE_A)
    before = snapshot(out)
    real_rename = Path.rename

    def failing_rename(self, target):
        if Path(target) == out:
            raise KeyboardInterrupt
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(KeyboardInterrupt):
        write(out, FILE_B)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_new_output_replaces_old_and_keeps_foreign_files(tmp_path):
    out = tmp_path / "out"
    write(out, FILE_A)
    (out / "README.md").write_text("kept", "utf-8")
    write(out, FILE_B)
    assert (out / "README.md").read_text("utf-8") == "kept"
    assert read_pyarrow(out / "checks").num_rows == 0
    assert sorted(read_pyarrow(out / "kpis").column("kpi_id").to_pylist()) == ["k7", "k8", "k9"]


def test_refuses_a_directory_holding_foreign_directories(tmp_path):
    (tmp_path / "project" / "src").mkdir(parents=True)
    with pytest.raises(OutputDirError, match=r"holds directories thaiplan did not write \(src\)"):
        OutputWriter(tmp_path / "project")


def test_bad_row_adds_nothing_of_its_file(tmp_path):
    out = tmp_path / "out"
    w = OutputWriter(out)
    bad = {"kpis": [kpi("aaaa", 1, "k1")], "checks": [dict(check("aaaa", 2), items="two")]}
    with pytest.raises(SchemaError, match=r"^checks\.items: "):
        w.add_file(typed(bad))
    w.add_file(typed(FILE_B))
    counts = w.commit(STARTED)
    assert counts["kpis"] == 3 and counts["checks"] == 0


@pytest.mark.parametrize("year", ["2022", "../../etc", 2022.5, True])
def test_fiscal_year_must_be_an_integer(tmp_path, year):
    with pytest.raises(SchemaError, match=r"^kpis\.fiscal_year_ce: "):
        OutputWriter(tmp_path / "out").add_file(typed({"kpis": [kpi("aaaa", 1, "k1", year=year)]}))
