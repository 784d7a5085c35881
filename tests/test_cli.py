"""The command line: schema, audit and extract (mostly with extract.process_file faked)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

import thaiplan.extract.process
from thaiplan.cli import main
from thaiplan.extract.errors import UnreadableFile
from thaiplan.schemas import SCHEMAS, type_name
from thaiplan.writer import OutputWriter


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# --- schema -------------------------------------------------------------------------------


def test_schema_lists_every_column_with_type_and_description():
    result = invoke("schema", "budget_items")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "budget_items"
    listed = {line.split()[0]: line for line in lines[1:]}
    assert set(listed) == set(SCHEMAS["budget_items"].names) | {"fiscal_year_ce"}
    assert "decimal128(18, 2)" in listed["amount"] and "Amount in baht" in listed["amount"]
    assert "string not null" in listed["item_id"]
    assert "(partition key)" in listed["fiscal_year_ce"]


def test_schema_without_argument_covers_all_datasets():
    result = invoke("schema")
    headings = [line for line in result.output.splitlines() if line and not line.startswith(" ")]
    assert headings == list(SCHEMAS)
    assert type_name(SCHEMAS["schedule_steps"].field("months").type) == "list<date32>"
    assert "list<date32>" in result.output


def test_schema_unknown_dataset_is_a_usage_error():
    result = invoke("schema", "kpi")
    assert result.exit_code == 2
    assert "kpi" in result.output


# --- audit --------------------------------------------------------------------------------


def check_row(
    doc_id: str, line: int, status: str, expected: str | None, actual: str | None
) -> dict:
    diff = None if expected is None or actual is None else Decimal(actual) - Decimal(expected)
    return {
        "doc_id": doc_id,
        "fiscal_year_ce": 2022,
        "line": line,
        "check_id": f"c{line}",
        "check": "budget_table_total",
        "unit": "baht",
        "scope": f"ตารางงบประมาณ บรรทัด {line}",
        "status": status,
        "items": 3,
        "expected": None if expected is None else Decimal(expected),
        "actual": None if actual is None else Decimal(actual),
        "difference": diff,
    }


def write_output(out: Path, statuses: list[str]) -> None:
    document = {
        "doc_id": "d1",
        "fiscal_year_ce": 2022,
        "source_path": "plans/plan2565.txt",
        "source_sha256": "d1" * 32,
        "source_format": "text",
        "text_source": "export",
        "doc_type": "action_plan",
        "extractor_version": "test",
        "n_kpis": 0,
        "n_budget_items": 0,
        "n_schedule_steps": 0,
        "n_diagnostics": 0,
    }
    figures = {
        "ok": ("10.00", "10.00"),
        "mismatch": ("11125900", "11000000.50"),
        "unverifiable": ("500", None),
    }
    checks = [
        check_row("d1", 100 + i, status, *figures[status]) for i, status in enumerate(statuses)
    ]
    writer = OutputWriter(out)
    writer.add_file({"documents": [document], "checks": checks})
    writer.commit(datetime.now(UTC))


def test_audit_prints_checks_that_are_not_ok(tmp_path):
    write_output(tmp_path / "out", ["ok", "mismatch", "unverifiable"])
    result = invoke("audit", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "mismatch  budget_table_total  plans/plan2565.txt line 101" in result.output
    assert "expected 11,125,900.00  actual 11,000,000.50  difference -125,899.50" in result.output
    assert "unverifiable  budget_table_total  plans/plan2565.txt line 102" in result.output
    assert "expected 500.00  actual n/a  difference n/a" in result.output
    assert "ตารางงบประมาณ บรรทัด 101" in result.output
    assert "บรรทัด 100" not in result.output  # the ok check
    assert "2 of 3 checks not ok: 1 mismatch, 1 unverifiable." in result.output


@pytest.mark.parametrize(
    ("statuses", "exit_code"),
    [
        (["ok", "mismatch"], 1),
        (["ok", "unverifiable"], 0),
        (["ok"], 0),
    ],
)
def test_audit_strict_fails_only_on_mismatch(tmp_path, statuses, exit_code):
    write_output(tmp_path / "out", statuses)
    assert invoke("audit", str(tmp_path / "out"), "--strict").exit_code == exit_code
    assert invoke("audit", str(tmp_path / "out")).exit_code == 0


def test_audit_rejects_a_directory_that_is_not_an_output(tmp_path):
    result = invoke("audit", str(tmp_path))
    assert result.exit_code == 1
    assert "is not a thaiplan output directory" in result.output


# --- extract ------------------------------------------------------------------------------


def fake_process_file(path: Path, source_path: str, units) -> thaiplan.extract.process.FileResult:
    """Rows keyed by the file's text: UNREADABLE, CRASH and BADROW misbehave, anything else is good."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    if "UNREADABLE" in text:
        raise UnreadableFile("unreadable_file", "The file is not a PDF or UTF-8 text export.")
    if "CRASH" in text:
        raise RuntimeError("list index out of range\n  in recogniser")
    sha = hashlib.sha256(data).hexdigest()
    doc_id = sha[:16]
    common = {"doc_id": doc_id, "fiscal_year_ce": 2022, "page": None}
    kpi_value = "eighty" if "BADROW" in text else 80.0
    records = {
        "documents": [
            {
                **common,
                "line": None,
                "source_path": source_path,
                "source_sha256": sha,
                "source_format": "text",
                "text_source": "export",
                "doc_type": "action_plan",
                "extractor_version": "fake",
                "n_kpis": 2,
                "n_budget_items": 0,
                "n_schedule_steps": 0,
                "n_diagnostics": 1,
            }
        ],
        "kpis": [
            {
                **common,
                "line": n,
                "kpi_id": f"{doc_id}-{n}",
                "kpi_set": "objective",
                "target_value": kpi_value,
            }
            for n in (1, 2)
        ],
        "checks": [
            {
                **common,
                "line": 3,
                "check_id": "c",
                "check": "project_count",
                "unit": "count",
                "status": "mismatch",
                "items": 2,
                "expected": Decimal(3),
                "actual": Decimal(2),
                "difference": Decimal(-1),
            }
        ],
        "diagnostics": [
            {
                **common,
                "line": 4,
                "source_path": source_path,
                "severity": "warning",
                "code": "unknown_abbreviation",
                "message": "กองฯ is not in the registry.",
            }
        ],
    }
    return thaiplan.extract.process.FileResult(source_path, sha, records)


@pytest.fixture
def fake_extract(monkeypatch):
    """Stands in for extract.process_file, so each file's outcome is chosen by its text."""
    monkeypatch.setattr(thaiplan.extract.process, "process_file", fake_process_file)


@pytest.fixture
def inputs(tmp_path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("แผนปฏิบัติการ", "utf-8")
    (root / "sub" / "other.md").write_text("แผนอีกฉบับ", "utf-8")
    (root / "notes.csv").write_text("a,b", "utf-8")
    return root


def read(out: Path, dataset: str) -> list[dict]:
    return ds.dataset(out / dataset, partitioning="hive").to_table().to_pylist()


def test_extract_writes_datasets_and_prints_a_summary(fake_extract, inputs, tmp_path):
    out = tmp_path / "out"
    result = invoke("extract", str(inputs), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(row["source_path"] for row in read(out, "documents")) == [
        "good.txt",
        "sub/other.md",
    ]
    assert len(read(out, "kpis")) == 4
    assert {row["fiscal_year_ce"] for row in read(out, "kpis")} == {2022}
    lines = result.output.splitlines()
    header = next(line for line in lines if line.startswith("document"))
    assert header.split() == [
        "document",
        "kpis",
        "checks",
        "checks_not_ok",
        "diagnostics",
        "status",
    ]
    assert any(line.split() == ["good.txt", "2", "1", "1", "1", "ok"] for line in lines)
    assert "Skipped 1 file(s)" in result.output
    manifest = json.loads((out / "_manifest.json").read_text("utf-8"))
    assert [entry["source_path"] for entry in manifest["inputs"]] == ["good.txt", "sub/other.md"]
    assert manifest["row_counts"]["kpis"] == 4


def test_extract_bad_files_become_diagnostics_and_exit_1(fake_extract, inputs, tmp_path):
    (inputs / "broken.pdf").write_text("UNREADABLE", "utf-8")
    (inputs / "crash.txt").write_text("CRASH", "utf-8")
    (inputs / "badrow.txt").write_text("BADROW", "utf-8")
    out = tmp_path / "out"
    result = invoke("extract", str(inputs), "--out", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert sorted(row["source_path"] for row in read(out, "documents")) == [
        "good.txt",
        "sub/other.md",
    ]
    errors = {
        row["source_path"]: row for row in read(out, "diagnostics") if row["severity"] == "error"
    }
    assert set(errors) == {"broken.pdf", "crash.txt", "badrow.txt"}
    assert errors["broken.pdf"]["code"] == "unreadable_file"
    assert errors["broken.pdf"]["doc_id"] == hashlib.sha256(b"UNREADABLE").hexdigest()[:16]
    assert errors["crash.txt"]["code"] == "extract_failed"
    assert errors["crash.txt"]["message"].startswith(
        "Extraction failed with RuntimeError (list index out of range in"
    )
    assert "kpis.target_value" in errors["badrow.txt"]["message"]
    assert all(row["fiscal_year_ce"] is None for row in errors.values())
    assert len(read(out, "kpis")) == 4  # nothing of badrow.txt, although its kpis came first
    assert "error: crash.txt: Extraction failed" in result.output
    statuses = {
        e["source_path"]: e["status"]
        for e in json.loads((out / "_manifest.json").read_text())["inputs"]
    }
    assert statuses == {
        "badrow.txt": "failed",
        "broken.pdf": "failed",
        "crash.txt": "failed",
        "good.txt": "ok",
        "sub/other.md": "ok",
    }


def test_extract_single_file_uses_its_name(fake_extract, inputs, tmp_path):
    out = tmp_path / "out"
    assert invoke("extract", str(inputs / "sub" / "other.md"), "--out", str(out)).exit_code == 0
    assert [row["source_path"] for row in read(out, "documents")] == ["other.md"]


def test_extract_bad_units_file_stops_before_writing(fake_extract, inputs, tmp_path):
    units = tmp_path / "units.tsv"
    units.write_text("only one column\n", "utf-8")
    result = invoke("extract", str(inputs), "--out", str(tmp_path / "out"), "--units", str(units))
    assert result.exit_code == 2
    assert "--units" in result.output and "cannot load the unit registry" in result.output
    assert not (tmp_path / "out").exists()


def test_extract_skips_the_output_directory_inside_an_input(fake_extract, inputs):
    out = inputs / "outputs"
    assert invoke("extract", str(inputs), "--out", str(out)).exit_code == 0
    (out / "README.md").write_text("# outputs", "utf-8")
    assert invoke("extract", str(inputs), "--out", str(out)).exit_code == 0
    assert sorted(row["source_path"] for row in read(out, "documents")) == [
        "good.txt",
        "sub/other.md",
    ]
    assert (out / "README.md").read_text("utf-8") == "# outputs"


def test_extract_real_samples(tmp_path):
    out = tmp_path / "out"
    data = Path(__file__).parent / "data" / "text"
    result = invoke("extract", str(data), "--out", str(out))
    assert result.exit_code == 0, result.output
    documents = read(out, "documents")
    assert sorted(row["source_path"] for row in documents) == sorted(
        p.name for p in data.glob("*.txt")
    )
    assert {row["source_path"]: row["fiscal_year_ce"] for row in documents}[
        "plan2565_ocsc.txt"
    ] == 2022
    audit = invoke("audit", str(out))
    total = re.search(r"(?:All|of) (\d+) checks", audit.output.splitlines()[-1])
    assert audit.exit_code == 0 and total and int(total.group(1)) == len(read(out, "checks")) > 0
