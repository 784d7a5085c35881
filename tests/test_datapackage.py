"""datapackage.json beside the datasets: a valid Frictionless Data Package whose primary
and foreign keys hold on the rows written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from thaiplan.cli import main
from thaiplan.output.schemas import DATASETS, PRIMARY_KEYS, SCHEMAS

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    """A budget book's pages, a plan, and a second copy of the plan in another folder."""
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "copy").mkdir()
    shutil.copy(DATA / "budget_book17_pages.pdf", inputs)
    shutil.copy(DATA / "text" / "plan2565_ocsc.txt", inputs)
    shutil.copy(DATA / "text" / "plan2565_ocsc.txt", inputs / "copy")
    out = tmp_path_factory.mktemp("run") / "out"
    result = CliRunner().invoke(main, ["extract", str(inputs), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out


def package(out: Path) -> dict:
    return json.loads((out / "datapackage.json").read_text("utf-8"))


def resource_rows(out: Path, resource: dict) -> pa.Table:
    paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
    return pa.concat_tables([pq.read_table(out / path) for path in paths])


def test_datapackage_is_a_valid_frictionless_package(output):
    frictionless = pytest.importorskip("frictionless")
    descriptor = package(output)
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, [error.message for error in report.errors]
    loaded = frictionless.Package(descriptor, basepath=str(output))
    assert [r.name for r in loaded.resources] == list(DATASETS)
    names = {r["name"]: r for r in descriptor["resources"]}
    for resource in descriptor["resources"]:  # every reference names a resource and its fields
        for key in resource["schema"]["foreignKeys"]:
            target = names[key["reference"]["resource"] or resource["name"]]
            fields = {f["name"] for f in target["schema"]["fields"]}
            assert set(key["reference"]["fields"]) <= fields


def test_primary_and_foreign_keys_hold_on_the_rows(output):
    resources = {r["name"]: r for r in package(output)["resources"]}
    tables = {name: resource_rows(output, r) for name, r in resources.items()}
    assert {name: t.num_rows for name, t in tables.items()} == json.loads(
        (output / "_manifest.json").read_text("utf-8")
    )["row_counts"]
    assert tables["budget_lines"].num_rows and tables["kpis"].num_rows
    for name, resource in resources.items():
        schema = resource["schema"]
        for column in schema.get("primaryKey", []):
            values = tables[name].column(column)
            assert values.null_count == 0 and pc.count_distinct(values).as_py() == len(values)
        for key in schema["foreignKeys"]:
            (column,), (target,) = key["fields"], key["reference"]["fields"]
            referenced = set(
                tables[key["reference"]["resource"] or name].column(target).to_pylist()
            )
            values = set(tables[name].column(column).drop_null().to_pylist())
            assert values <= referenced, (name, column)
    assert all(not SCHEMAS[d].field(c).nullable for d, k in PRIMARY_KEYS.items() for c in k)
    documents = [r for r in package(output)["resources"] if r["name"] == "documents"]
    assert documents[0]["schema"]["primaryKey"] == ["doc_id"]
