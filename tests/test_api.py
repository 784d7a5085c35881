"""The Python API: thaiplan.extract gives what the command line writes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import thaiplan

TEXT = Path(__file__).parent / "data" / "text"


def test_extract_returns_every_dataset_as_arrow_tables(tmp_path):
    datasets = thaiplan.extract(TEXT / "plan2565_ocsc.txt")
    assert set(datasets) >= {"documents", "kpis", "budget_items", "checks", "budget_lines"}
    documents = datasets["documents"].to_pylist()
    assert [d["source_path"] for d in documents] == ["plan2565_ocsc.txt"]
    assert documents[0]["fiscal_year_ce"] == 2022
    amounts = datasets["budget_items"].column("amount").to_pylist()
    assert amounts and all(isinstance(a, Decimal) or a is None for a in amounts)
    frames = datasets.to_pandas()
    assert len(frames["kpis"]) == datasets["kpis"].num_rows > 0


def test_extract_into_a_directory_matches_reading_it_back(tmp_path):
    written = thaiplan.extract([TEXT / "kpi_detail_hrsmart.txt"], out_dir=tmp_path / "out")
    again = thaiplan.read_output(tmp_path / "out")
    assert written["kpi_results"].equals(again["kpi_results"])
    assert written["kpi_results"].num_rows > 0


def test_read_output_refuses_a_missing_or_foreign_directory(tmp_path):
    from thaiplan.output.datasets import NotAnOutputError

    with pytest.raises(NotAnOutputError, match="does not exist"):
        thaiplan.read_output(tmp_path / "no" / "such")
    (tmp_path / "plan.txt").write_text("แผน", "utf-8")
    with pytest.raises(NotAnOutputError, match="is not a thaiplan output"):
        thaiplan.read_output(tmp_path)


def test_the_api_says_why_nothing_was_read(tmp_path):
    from thaiplan.pipeline import NothingReadError

    (tmp_path / "plan.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(NothingReadError, match=r"skipped plan.docx: a Word document \(.docx\)"):
        thaiplan.extract(tmp_path / "plan.docx")
