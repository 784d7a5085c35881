"""--incremental: unchanged files are not read again, changed and deleted ones lose their
old rows, and only the parts that held them are rewritten."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from tests.rows import typed
from thaiplan.cli import main
from thaiplan.extract import process as extract_process
from thaiplan.output.schemas import DATASETS
from thaiplan.output.writer import MANIFEST_NAME
from thaiplan.pipeline import run
from thaiplan.runners import in_process

from .fakes import fake_records


def fake_process_file(
    path: Path, source_path: str, units, ocr="auto", on_page=None
) -> extract_process.FileResult:
    """Two kpis per file, in the year the file's text names (a number), or no year."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    year = int(text.split()[0]) if text.split()[0].isdigit() else None
    sha, _, records = fake_records(data, source_path, year, {"name": text}, 0)
    return extract_process.FileResult(source_path, sha, typed(records))


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """The source paths the (fake) core is called with."""
    seen: list[str] = []

    def counting(path, source_path, units, ocr="auto", on_page=None):
        seen.append(source_path)
        return fake_process_file(path, source_path, units)

    monkeypatch.setattr(extract_process, "process_file", counting)
    return seen


def extract_into(root: Path, out: Path, incremental: bool):
    return run(
        [root],
        out,
        None,
        progress=False,
        runner=in_process,
        incremental=incremental,
        docs_per_part=2,
    )


def rows(out: Path) -> dict[str, list[dict]]:
    """Every dataset's rows, in a fixed order (files differ between full and incremental runs)."""
    result = {}
    for name in DATASETS:
        table = ds.dataset(out / name).to_table()
        result[name] = sorted(
            table.to_pylist(), key=lambda r: json.dumps(r, sort_keys=True, default=str)
        )
    return result


def files(out: Path) -> dict[str, tuple[int, bytes]]:
    """Part files (not the zero-row schema files, written anew each run): inode and bytes."""
    return {
        str(p.relative_to(out)): (p.stat().st_ino, p.read_bytes())
        for p in sorted(out.rglob("part-[0-9]*.parquet"))
    }


@pytest.fixture
def inputs(tmp_path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for n, year in enumerate([2022, 2022, 2021, 2022, None, 2020]):
        (root / f"doc{n}.txt").write_text(f"{year or 'ไม่ระบุปี'} แผนฉบับที่ {n}", "utf-8")
    return root


def test_changes_deletions_and_additions(tmp_path, inputs, calls):
    out = tmp_path / "out"
    extract_into(inputs, out, incremental=False)
    assert len(calls) == 6
    before = files(out)
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    assert [p["name"] for p in manifest["parts"]] == ["part-0", "part-1", "part-2"]
    assert all(len(p["doc_ids"]) == 2 for p in manifest["parts"])

    (inputs / "doc2.txt").write_text("2021 แผนฉบับที่ 2 แก้ไข", "utf-8")  # part-1 changes
    (inputs / "doc5.txt").unlink()  # part-2 loses one document
    (inputs / "new.txt").write_text("2023 แผนใหม่", "utf-8")
    calls.clear()
    summary = extract_into(inputs, out, incremental=True)
    assert sorted(calls) == ["in/doc2.txt", "in/new.txt"]
    assert (summary.kept, summary.removed) == (4, 2)

    fresh = tmp_path / "fresh"
    extract_into(inputs, fresh, incremental=False)
    assert rows(out) == rows(fresh)
    assert not any(r["source_path"] == "in/doc5.txt" for r in rows(out)["documents"])
    after = files(out)
    part0 = {path: v for path, v in before.items() if "part-0" in path}
    assert part0 and all(
        after[path] == v for path, v in part0.items()
    )  # carried: same inode, same bytes
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    index = {p["name"]: p["doc_ids"] for p in manifest["parts"]}
    docs = {r["source_path"]: r["doc_id"] for r in rows(out)["documents"]}
    assert sorted(d for ids in index.values() for d in ids) == sorted(docs.values())
    assert index["part-0"] == [docs["in/doc0.txt"], docs["in/doc1.txt"]]
    assert all(len(ids) <= 2 for ids in index.values())
    assert [e["source_path"] for e in manifest["inputs"]] == sorted(docs)


def test_nothing_changed_reads_nothing_and_rewrites_nothing(tmp_path, inputs, calls):
    out = tmp_path / "out"
    extract_into(inputs, out, incremental=False)
    before, before_rows = files(out), rows(out)
    calls.clear()
    summary = extract_into(inputs, out, incremental=True)
    assert calls == [] and summary.kept == 6 and summary.documents == []
    assert files(out) == before and rows(out) == before_rows


def test_deleting_every_input_of_a_year_removes_that_partition(tmp_path, inputs, calls):
    out = tmp_path / "out"
    extract_into(inputs, out, incremental=False)
    (inputs / "doc5.txt").unlink()
    extract_into(inputs, out, incremental=True)
    assert not (out / "kpis" / "fiscal_year_ce=2020").exists()
    assert {r["fiscal_year_ce"] for r in rows(out)["kpis"]} == {2021, 2022, None}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda m: m["parts"][0]["files"].append("../../outside/part-0.parquet"),
        lambda m: m["parts"][0].update(name="../part-0"),
        lambda m: m["parts"][0]["files"].append(
            "kpis/fiscal_year_ce=1999/part-0.parquet"
        ),  # not on disk
        lambda m: m["parts"][1].update(name="part-0"),
        lambda m: m.update(tool_version="0.0.0-old"),
        lambda m: m.pop("parts"),
    ],
)
def test_an_unusable_manifest_means_a_full_run(tmp_path, inputs, calls, tamper):
    out = tmp_path / "out"
    extract_into(inputs, out, incremental=False)
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    tamper(manifest)
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    expected = rows(out)
    calls.clear()
    summary = extract_into(inputs, out, incremental=True)
    assert summary.full_run_reason and len(calls) == 6
    assert rows(out) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_files_that_failed_on_a_limit_are_tried_again(tmp_path, inputs, calls):
    out = tmp_path / "out"
    extract_into(inputs, out, incremental=False)
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    manifest["inputs"][3].update(status="failed", code="file_timeout")
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    calls.clear()
    extract_into(inputs, out, incremental=True)
    assert calls == ["in/doc3.txt"]


def test_cli_incremental(tmp_path, inputs, calls):
    out = tmp_path / "out"
    invoke = CliRunner().invoke
    assert (
        invoke(main, ["extract", str(inputs), "--out", str(out), "--workers", "1"]).exit_code == 0
    )
    (inputs / "doc0.txt").write_text("2022 แก้ไข", "utf-8")
    result = invoke(
        main, ["extract", str(inputs), "--out", str(out), "--workers", "1", "--incremental"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "Kept 5 unchanged file(s); dropped the rows of 1 changed or removed file(s)."
        in result.output
    )
    table = [line for line in result.stdout.splitlines() if line.endswith(" ok")]
    assert [line.split()[0] for line in table] == ["in/doc0.txt"]
    first = CliRunner().invoke(
        main, ["extract", str(inputs), "--out", str(tmp_path / "new"), "--incremental"]
    )
    assert "Extracting every file: there is no previous output." in first.output


def test_a_changed_units_file_extracts_everything_again(tmp_path, inputs, calls):
    out = tmp_path / "out"
    units = tmp_path / "units.tsv"
    units.write_text("written\tfull_name\nกองทดสอบฯ\tกองทดสอบระบบงาน\n", "utf-8")
    args = ["extract", str(inputs), "--out", str(out), "--workers", "1", "--units", str(units)]
    assert CliRunner().invoke(main, args).exit_code == 0
    calls.clear()
    again = CliRunner().invoke(main, [*args, "--incremental"])
    assert again.exit_code == 0 and calls == []  # same inputs, same units: nothing read
    units.write_text("written\tfull_name\nกองทดสอบฯ\tกองทดสอบระบบงานใหม่\n", "utf-8")
    changed = CliRunner().invoke(main, [*args, "--incremental"])
    assert changed.exit_code == 0
    assert "the options that change rows (the --units file, --ocr)" in changed.output
    assert len(calls) == 6  # every file read again under the new registry
    calls.clear()
    with_ocr = CliRunner().invoke(main, [*args, "--incremental", "--ocr", "force"])
    assert with_ocr.exit_code == 0 and len(calls) == 6  # OCR mode changes rows too


def test_incremental_keys_on_the_bytes_not_on_how_the_path_was_typed(
    tmp_path, inputs, calls, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    args = ["--out", str(out), "--workers", "1", "--incremental"]
    assert CliRunner().invoke(main, ["extract", "in/doc1.txt", *args]).exit_code == 0
    calls.clear()
    again = CliRunner().invoke(main, ["extract", str(inputs / "doc1.txt"), *args])
    assert again.exit_code == 0 and calls == []
    assert [r["source_path"] for r in rows(out)["documents"]] == ["doc1.txt"]


def test_a_copy_added_or_removed_changes_only_its_note(tmp_path, inputs, calls):
    out = tmp_path / "out"
    extract_into(inputs, out, incremental=False)
    (inputs / "z_copy.txt").write_bytes((inputs / "doc1.txt").read_bytes())
    calls.clear()
    summary = extract_into(inputs, out, incremental=True)
    assert calls == ["in/doc1.txt"]  # read again, now with its copy's note
    assert [(c.source_path, c.duplicate_of) for c in summary.duplicates] == [
        ("in/z_copy.txt", "in/doc1.txt")
    ]
    fresh = tmp_path / "fresh"
    extract_into(inputs, fresh, incremental=False)
    assert rows(out) == rows(fresh)
    assert sum(r["code"] == "duplicate_of" for r in rows(out)["diagnostics"]) == 1
    calls.clear()
    extract_into(inputs, out, incremental=True)
    assert calls == []  # the copy is still there: nothing changed
    (inputs / "z_copy.txt").unlink()
    extract_into(inputs, out, incremental=True)
    assert calls == ["in/doc1.txt"]
    assert not any(r["code"] == "duplicate_of" for r in rows(out)["diagnostics"])


def test_a_moved_file_keeps_its_rows_under_its_new_path(tmp_path, inputs, calls):
    out = tmp_path / "out"
    extract_into(inputs, out, incremental=False)
    (inputs / "archive").mkdir()
    (inputs / "doc1.txt").rename(inputs / "archive" / "doc1_renamed.txt")
    calls.clear()
    summary = extract_into(inputs, out, incremental=True)
    assert calls == [] and summary.kept == 6 and summary.removed == 0  # its bytes: not read
    fresh = tmp_path / "fresh"
    extract_into(inputs, fresh, incremental=False)
    assert rows(out) == rows(fresh)
    assert "in/archive/doc1_renamed.txt" in [r["source_path"] for r in rows(out)["documents"]]
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    assert "in/archive/doc1_renamed.txt" in [e["source_path"] for e in manifest["inputs"]]
    assert "in/doc1.txt" not in [e["source_path"] for e in manifest["inputs"]]
