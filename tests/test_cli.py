"""The command line: schema, audit and extract (mostly with extract.process_file faked)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from tests.rows import typed
from thaiplan.cli import SUMMARY_WIDTH, main
from thaiplan.extract import process as extract_process
from thaiplan.extract.errors import UnreadableFile
from thaiplan.output.schemas import SCHEMAS, type_name
from thaiplan.output.writer import OutputWriter
from thaiplan.progress import columns

from .fakes import fake_records


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
    assert listed["fiscal_year_ce"].split()[1:3] == ["int32", "Fiscal"]


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


def document_row(doc_id: str, source_path: str) -> dict:
    return {
        "doc_id": doc_id,
        "fiscal_year_ce": 2022,
        "source_path": source_path,
        "source_sha256": doc_id * 32,
        "source_format": "text",
        "text_source": "export",
        "doc_type": "action_plan",
        "extractor_version": "test",
        "n_kpis": 0,
        "n_budget_items": 0,
        "n_schedule_steps": 0,
        "n_diagnostics": 0,
    }


def write_output(out: Path, statuses: list[str]) -> None:
    document = document_row("d1", "plans/plan2565.txt")
    figures = {
        "ok": ("10.00", "10.00"),
        "mismatch": ("11125900", "11000000.50"),
        "unverifiable": ("500", None),
    }
    checks = [
        check_row("d1", 100 + i, status, *figures[status]) for i, status in enumerate(statuses)
    ]
    writer = OutputWriter(out)
    writer.add_file(typed({"documents": [document], "checks": checks}))
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


def fake_process_file(
    path: Path, source_path: str, units, ocr="auto", on_page=None
) -> extract_process.FileResult:
    """Rows keyed by the file's text: UNREADABLE, CRASH and BADROW misbehave, anything else is good."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    if "UNREADABLE" in text:
        raise UnreadableFile("unreadable_file", "The file is not a PDF or UTF-8 text export.")
    if "CRASH" in text:
        raise RuntimeError("list index out of range\n  in recogniser")
    kpi_value = "eighty" if "BADROW" in text else 80.0
    sha, common, records = fake_records(data, source_path, 2022, {"target_value": kpi_value}, 1)
    records |= {
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
    return extract_process.FileResult(source_path, sha, typed(records))


@pytest.fixture
def fake_extract(monkeypatch):
    """Stands in for extract.process_file, so each file's outcome is chosen by its text."""
    monkeypatch.setattr(extract_process, "process_file", fake_process_file)


@pytest.fixture
def inputs(tmp_path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("แผนปฏิบัติการ", "utf-8")
    (root / "sub" / "other.md").write_text("แผนอีกฉบับ", "utf-8")
    (root / "notes.csv").write_text("a,b", "utf-8")
    return root


def read(out: Path, dataset: str) -> list[dict]:
    return ds.dataset(out / dataset).to_table().to_pylist()


def test_extract_writes_datasets_and_prints_a_summary(fake_extract, inputs, tmp_path):
    out = tmp_path / "out"
    result = invoke("extract", str(inputs), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(row["source_path"] for row in read(out, "documents")) == [
        "in/good.txt",
        "in/sub/other.md",
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
    assert any(line.split() == ["in/good.txt", "2", "1", "1", "1", "ok"] for line in lines)
    assert "skipped in/notes.csv: not a .pdf, .txt or .md file, not read" in result.output
    manifest = json.loads((out / "_manifest.json").read_text("utf-8"))
    assert [(entry["source_path"], entry["status"]) for entry in manifest["inputs"]] == [
        ("in/good.txt", "ok"),
        ("in/sub/other.md", "ok"),
        ("in/notes.csv", "skipped"),  # found, not read: listed after the files read
    ]
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
        "in/good.txt",
        "in/sub/other.md",
    ]
    errors = {
        row["source_path"]: row for row in read(out, "diagnostics") if row["severity"] == "error"
    }
    assert set(errors) == {"in/broken.pdf", "in/crash.txt", "in/badrow.txt"}
    assert errors["in/broken.pdf"]["code"] == "unreadable_file"
    assert errors["in/broken.pdf"]["doc_id"] == hashlib.sha256(b"UNREADABLE").hexdigest()[:16]
    assert errors["in/crash.txt"]["code"] == "extract_failed"
    assert errors["in/crash.txt"]["message"].startswith(
        "Extraction failed with RuntimeError (list index out of range in"
    )
    assert "kpis.target_value" in errors["in/badrow.txt"]["message"]
    assert all(row["fiscal_year_ce"] is None for row in errors.values())
    assert len(read(out, "kpis")) == 4  # nothing of badrow.txt, although its kpis came first
    assert "error: in/crash.txt: Extraction failed" in result.output
    statuses = {
        e["source_path"]: e["status"]
        for e in json.loads((out / "_manifest.json").read_text())["inputs"]
    }
    assert statuses == {
        "in/badrow.txt": "failed",
        "in/broken.pdf": "failed",
        "in/crash.txt": "failed",
        "in/good.txt": "ok",
        "in/sub/other.md": "ok",
        "in/notes.csv": "skipped",
    }


def test_a_file_given_is_named_by_its_name_however_the_path_was_typed(
    fake_extract, inputs, tmp_path, monkeypatch
):
    monkeypatch.chdir(inputs / "sub")
    out = tmp_path / "out"
    for given in ("other.md", "../sub/other.md", str(inputs / "sub" / "other.md")):
        assert invoke("extract", given, "--out", str(out)).exit_code == 0
        assert [row["source_path"] for row in read(out, "documents")] == ["other.md"]


def test_a_second_copy_of_the_same_bytes_is_one_document_with_a_note(fake_extract, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / "dup" / folder).mkdir(parents=True)
        (tmp_path / "dup" / folder / "plan.txt").write_text("แผนเดียวกัน", "utf-8")
    out = tmp_path / "out"
    result = invoke("extract", str(tmp_path / "dup"), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    documents = read(out, "documents")
    assert [d["source_path"] for d in documents] == ["dup/a/plan.txt"]
    kpi_ids = [k["kpi_id"] for k in read(out, "kpis")]
    assert len(kpi_ids) == len(set(kpi_ids)) == 2
    notes = [d for d in read(out, "diagnostics") if d["code"] == "duplicate_of"]
    assert [(n["severity"], n["source_path"], n["doc_id"]) for n in notes] == [
        ("info", "dup/b/plan.txt", documents[0]["doc_id"])
    ]
    assert "dup/a/plan.txt" in notes[0]["message"]
    assert documents[0]["n_diagnostics"] == 2  # its own warning and the note
    assert "duplicate: dup/b/plan.txt holds the same bytes as dup/a/plan.txt" in result.output
    manifest = json.loads((out / "_manifest.json").read_text("utf-8"))
    assert manifest["inputs"][-1] == {
        "source_path": "dup/b/plan.txt",
        "sha256": documents[0]["source_sha256"],
        "status": "duplicate",
        "duplicate_of": "dup/a/plan.txt",
    }


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
        "in/good.txt",
        "in/sub/other.md",
    ]
    assert (out / "README.md").read_text("utf-8") == "# outputs"


def test_extract_real_samples(tmp_path):
    out = tmp_path / "out"
    data = Path(__file__).parent / "data" / "text"
    result = invoke("extract", str(data), "--out", str(out))
    assert result.exit_code == 0, result.output
    documents = read(out, "documents")
    assert sorted(row["source_path"] for row in documents) == sorted(
        f"text/{p.name}" for p in data.glob("*.txt")
    )
    assert {row["source_path"]: row["fiscal_year_ce"] for row in documents}[
        "text/plan2565_ocsc.txt"
    ] == 2022
    audit = invoke("audit", str(out))
    total = re.search(r"(?:All|of) (\d+) checks", audit.output.splitlines()[-1])
    assert audit.exit_code == 0 and total and int(total.group(1)) == len(read(out, "checks")) > 0


# --- honest runs --------------------------------------------------------------------------


def test_empty_input_keeps_the_previous_output_and_exits_1(fake_extract, inputs, tmp_path):
    out = tmp_path / "out"
    assert invoke("extract", str(inputs), "--out", str(out)).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["extract", str(empty), "--out", str(out)])
    assert result.exit_code == 1
    assert "no input files were found" in result.output and "left as it was" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_only_unreadable_input_keeps_the_previous_output(fake_extract, inputs, tmp_path):
    out = tmp_path / "out"
    assert invoke("extract", str(inputs), "--out", str(out)).exit_code == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.pdf").write_text("UNREADABLE", "utf-8")
    result = CliRunner().invoke(main, ["extract", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "none of the input files could be read" in result.output
    assert len(read(out, "kpis")) == 4  # the previous run's rows


def test_output_directory_respects_the_umask(fake_extract, inputs, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        assert invoke("extract", str(inputs), "--out", str(tmp_path / "out")).exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755


def test_json_summary_is_one_object_with_per_document_status(fake_extract, inputs, tmp_path):
    result = CliRunner().invoke(
        main, ["extract", str(inputs), "--out", str(tmp_path / "out"), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [d["status"] for d in summary["documents"]] == ["ok", "ok"]
    assert summary["row_counts"]["kpis"] == 4


def test_progress_goes_to_stderr_one_line_per_file_when_not_a_terminal(
    fake_extract, inputs, tmp_path
):
    result = CliRunner().invoke(main, ["extract", str(inputs), "--out", str(tmp_path / "out")])
    told = sorted(line for line in result.stderr.splitlines() if line.startswith("["))
    assert [line[:5] for line in told] == ["[1/2]", "[2/2]"]  # in the order they finish
    assert sorted(line[6:] for line in told) == ["in/good.txt: ok", "in/sub/other.md: ok"]
    assert "[1/2]" not in result.stdout and "\x1b[" not in result.stderr  # no bar, no escapes
    quiet = CliRunner().invoke(main, ["extract", str(inputs), "--out", str(tmp_path / "out"), "-q"])
    assert quiet.exit_code == 0 and "[1/2]" not in quiet.output and "document" not in quiet.output


def test_unreachable_scheduler_is_one_line_within_seconds(inputs, tmp_path):
    import socket
    import time

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    result = CliRunner().invoke(
        main,
        [
            "extract",
            str(inputs),
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            f"tcp://127.0.0.1:{port}",
        ],
    )
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert "no Dask scheduler answers at" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_second_run_on_the_same_output_is_refused(fake_extract, inputs, tmp_path):
    out = tmp_path / "out"
    holder = OutputWriter(out)  # holds the lock, as a run in progress does
    try:
        result = CliRunner().invoke(main, ["extract", str(inputs), "--out", str(out)])
        assert result.exit_code == 2
        assert "another thaiplan run is writing" in result.output
    finally:
        holder.abort()
    assert invoke("extract", str(inputs), "--out", str(out)).exit_code == 0


def test_stale_staging_of_a_killed_run_is_removed(fake_extract, inputs, tmp_path):
    stale = tmp_path / ".out.tmp-killed"
    (stale / "kpis").mkdir(parents=True)
    assert invoke("extract", str(inputs), "--out", str(tmp_path / "out")).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


# --- schema --format json, audit coverage, text ------------------------------------------


def test_schema_json_is_a_frictionless_table_schema_per_dataset():
    result = invoke("schema", "--format", "json")
    schemas = json.loads(result.output)
    assert set(schemas) == set(SCHEMAS)
    amount = next(f for f in schemas["budget_lines"]["fields"] if f["name"] == "amount")
    assert amount["type"] == "number" and amount["arrowType"] == "decimal128(18, 2)"
    doc_id = next(f for f in schemas["kpis"]["fields"] if f["name"] == "doc_id")
    assert doc_id["constraints"] == {"required": True}
    one = json.loads(invoke("schema", "checks", "--format", "json").output)
    assert one["name"] == "checks" and "unit" in [f["name"] for f in one["fields"]]


def test_audit_never_says_all_ok_when_nothing_was_checked(tmp_path):
    out = tmp_path / "out"
    w = OutputWriter(out)
    w.add_file(typed({"documents": [document_row("d1", "book.pdf")]}))
    w.commit(datetime(2024, 1, 1, tzinfo=UTC))
    result = invoke("audit", str(out))
    assert "All 0 checks ok" not in result.output
    assert "book.pdf: nothing checked" in result.output
    assert "No checks ran" in result.output


def test_text_prints_a_text_export(tmp_path):
    export = Path(__file__).parent / "data" / "text" / "plan2565_ocsc.txt"
    result = invoke("text", str(export))
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "แผนปฏิบัติการประจำปี พ.ศ.2565"


# --- report and export --------------------------------------------------------------------


def test_report_command_writes_one_html_file(extracted_output, tmp_path):
    extracted_output, _ = extracted_output
    target = tmp_path / "report.html"
    result = invoke("report", str(extracted_output), "--out", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {target}: 2 documents,")
    html = target.read_text("utf-8")
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org", "")


def test_export_command_csv_xlsx_and_kaogeek(extracted_output, tmp_path):
    extracted_output, _ = extracted_output
    result = invoke(
        "export", str(extracted_output), "--format", "csv", "--to", str(tmp_path / "csv")
    )
    assert result.exit_code == 0, result.output
    kpis = (tmp_path / "csv" / "kpis.csv").read_bytes()
    assert kpis.startswith(b"\xef\xbb\xbf")  # a BOM, so a spreadsheet opens the Thai as UTF-8
    book = tmp_path / "all.xlsx"
    assert (
        invoke("export", str(extracted_output), "--format", "xlsx", "--to", str(book)).exit_code
        == 0
    )
    assert book.read_bytes()[:2] == b"PK"
    community = tmp_path / "lines.csv"
    result = invoke(
        "export", str(extracted_output), "--format", "kaogeek-csv", "--to", str(community)
    )
    assert result.exit_code == 0 and "Wrote" in result.output
    assert "REF_DOC,REF_PAGE_NO,MINISTRY" in community.read_text("utf-8").splitlines()[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "kaogeek-csv"])
def test_export_of_a_folder_that_is_not_an_output_is_a_clear_error(tmp_path, fmt):
    result = CliRunner().invoke(main, ["export", str(tmp_path), "--format", fmt])
    assert result.exit_code == 1
    assert f"{tmp_path} is not a thaiplan output (it has no _manifest.json)" in result.output
    assert "Traceback" not in result.output and list(tmp_path.parent.glob("*kaogeek*")) == []


def test_export_to_an_existing_file_says_so_in_one_line(extracted_output, tmp_path):
    extracted_output, _ = extracted_output
    existing = tmp_path / "taken.csv"
    existing.write_text("mine", "utf-8")
    result = CliRunner().invoke(
        main, ["export", str(extracted_output), "--format", "csv", "--to", str(existing)]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {existing} is an existing file; the csv export writes a folder of files "
        "(one per dataset): give a folder with --to"
    ]
    assert existing.read_text("utf-8") == "mine"
    again = invoke(
        "export", str(extracted_output), "--format", "kaogeek-csv", "--to", str(existing)
    )
    assert again.exit_code == 0 and "(replaced the existing file)" in again.output
    folder = invoke("export", str(extracted_output), "--format", "xlsx", "--to", str(tmp_path))
    assert folder.exit_code == 1 and "is an existing folder" in folder.output


def test_report_refuses_a_folder_that_is_not_an_output(tmp_path):
    (tmp_path / "plan.txt").write_text("แผน", "utf-8")
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a thaiplan output (it has no _manifest.json)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt"]


def test_same_named_files_in_two_folders_stay_apart(fake_extract, tmp_path):
    for year in ("y2564", "y2565"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "plan.txt").write_text(f"แผน {year}", "utf-8")
    out = tmp_path / "out"
    result = invoke("extract", str(tmp_path / "y2564"), str(tmp_path / "y2565"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(r["source_path"] for r in read(out, "documents")) == [
        "y2564/plan.txt",
        "y2565/plan.txt",
    ]


def test_a_notes_file_in_an_input_folder_is_skipped_with_a_line(fake_extract, inputs, tmp_path):
    (inputs / "README.md").write_text("# how these plans were collected", "utf-8")
    result = CliRunner().invoke(main, ["extract", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "README.md" not in [r["source_path"] for r in read(tmp_path / "out", "documents")]
    assert "in/README.md: a folder's notes" in result.output


def test_the_command_line_loads_no_data_library_until_a_command_needs_one():
    """`thaiplan --help` answers at once: pyarrow, pandas, numpy and pythainlp load with
    the commands that read, write or describe data, not with the command line."""
    code = (
        "import sys, thaiplan.cli; "
        "print([m for m in ('pyarrow', 'pandas', 'numpy', 'pythainlp') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert CliRunner().invoke(main, ["schema", "checks"]).output.count("status") >= 1


# --- messages -----------------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def test_verbose_logs_what_thaiplan_decides_never_library_debug(tmp_path):
    from .test_bad_input import encrypted_pdf

    (tmp_path / "locked.pdf").write_bytes(encrypted_pdf("secret"))
    args = ["extract", str(DATA / "budget_book17_pages.pdf"), str(tmp_path / "locked.pdf")]
    args += ["--out", str(tmp_path / "out"), "--workers", "1"]
    plain = CliRunner().invoke(main, args)
    assert "INFO" not in plain.output and "Traceback" not in plain.output
    verbose = CliRunner().invoke(main, [*args, "-v"])
    assert (
        "budget_book17_pages.pdf: read by the PDF reader: 12 pages, text from text_layer"
        in verbose.output
    )
    assert "tables claimed: budget_documents 3" in verbose.output
    assert "rows: budget_lines" in verbose.output and "Traceback" not in verbose.output
    debug = CliRunner().invoke(main, [*args, "-vv"])
    assert "locked.pdf: not read (encrypted_pdf)" in debug.output
    assert "Traceback" in debug.output
    logged = [line.split()[1] for line in debug.output.splitlines() if line.startswith("DEBUG ")]
    assert logged and all(name.startswith("thaiplan") for name in logged)
    quiet = CliRunner().invoke(main, [*args, "-q"])
    assert quiet.exit_code == 1
    assert "error: locked.pdf is protected by a password" in quiet.output


def test_dask_says_nothing_of_its_own_without_verbose(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    command = [str(Path(sys.executable).parent / "thaiplan"), "extract"]
    command += [str(DATA / "text" / "minutes_2564_01.txt"), "--out", str(tmp_path / "out")]
    done = subprocess.run(
        [*command, "--engine", "dask", "--workers", "1", "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "INFO" not in done.stderr and "distributed" not in done.stderr


@pytest.mark.parametrize(
    ("name", "kind"), [("plan.docx", "a Word document"), ("budget.xlsx", "an Excel workbook")]
)
def test_a_known_format_without_a_reader_says_what_to_do(fake_extract, tmp_path, name, kind):
    given = tmp_path / name
    given.write_bytes(b"PK\x03\x04 not really")
    result = invoke("extract", str(given), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"skipped {name}: {kind}" in result.output and "export it to PDF" in result.output
    assert "no input files were found" not in result.output
    assert not (tmp_path / "out").exists()
    text = invoke("text", str(given))
    assert text.exit_code == 1 and f"error: {given}: {kind}" in text.output


def test_every_skipped_file_is_named(fake_extract, inputs, tmp_path):
    (inputs / "sub" / "minutes.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (inputs / "photo.jpg").write_bytes(b"\xff\xd8")
    result = invoke("extract", str(inputs), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped ")]
    assert [line.split(":")[0] for line in skipped] == [
        "skipped in/notes.csv",
        "skipped in/photo.jpg",
        "skipped in/sub/minutes.doc",
    ]


def test_markdown_is_read_only_when_it_looks_like_a_plan_export(fake_extract, inputs, tmp_path):
    notes = "# Legacy PUA code points\n\nThe marks ่ ้ are written as U+F70A.\n"
    (inputs / "PUA_MAP.md").write_text(notes, "utf-8")
    (inputs / "plan.md").write_text("# แผนปฏิบัติราชการ\n\n| ตัวชี้วัด | ค่าเป้าหมาย |\n", "utf-8")
    out = tmp_path / "out"
    result = invoke("extract", str(inputs), "--out", str(out))
    assert result.exit_code == 0
    sources = [row["source_path"] for row in read(out, "documents")]
    assert "in/plan.md" in sources and "in/PUA_MAP.md" not in sources
    assert "skipped in/PUA_MAP.md: Markdown that is not a plan export" in result.output
    given = invoke("extract", str(inputs / "PUA_MAP.md"), "--out", str(tmp_path / "one"))
    assert [row["source_path"] for row in read(tmp_path / "one", "documents")] == ["PUA_MAP.md"]
    assert given.exit_code == 0


def test_the_summary_of_a_mixed_batch_fits_100_columns_names_cut_at_the_start(tmp_path):
    """Ten files of every kind under long folder names: every line of the summary within 100
    columns, each name keeping its end (the file's name)."""
    import shutil

    deep = tmp_path / "แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2565" / "สำนักงานคณะกรรมการข้าราชการ"
    deep.mkdir(parents=True)
    names = sorted(p.name for p in (DATA / "text").iterdir())
    for name in names:
        shutil.copy(DATA / "text" / name, deep / f"exported_from_the_intranet_{name}")
    for name in ("kpi_detail_hrsmart.pdf", "progress_report_2449.pdf", "minutes_2564_01.pdf"):
        shutil.copy(DATA / "pdf" / name, deep / f"scanned_copy_from_the_archive_{name}")
    shutil.copy(DATA / "budget_book17_pages.pdf", deep)
    (deep / "a_file_that_is_not_a_plan_at_all.pdf").write_text("not a pdf", "utf-8")
    result = CliRunner().invoke(
        main, ["extract", str(tmp_path), "--out", str(tmp_path / "out"), "--workers", "1"]
    )
    assert result.exit_code == 1  # the file that is not a PDF
    lines = result.stdout.splitlines()
    assert len([line for line in lines if line.startswith("…")]) == 10
    assert max(columns(line) for line in lines) <= SUMMARY_WIDTH
    assert any(line.startswith("…") and "budget_book17_pages.pdf " in line for line in lines)
    wrote = next(i for i, line in enumerate(lines) if line.startswith("Wrote "))
    assert lines[-1].startswith("  ") and lines[-1].endswith(" tables.") and wrote
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert sorted(int(line[1 : line.index("/")]) for line in progress) == list(range(1, 11))
    assert all(line.startswith(f"[{i}/10] …") for i, line in enumerate(progress, 1))
    assert max(columns(line) for line in progress) <= SUMMARY_WIDTH, result.stderr
