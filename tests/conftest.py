import os
from pathlib import Path

import pytest

from tests.rows import as_dicts

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

DATA = Path(__file__).parent / "data"
TEXT = DATA / "text"


@pytest.fixture
def scanning(monkeypatch):
    """Call it to have documents read from then on as if OCR had read them (text_source
    `ocr`): what a scan changes without the cost of scanning."""
    from thaiplan.extract import process

    read = process.read_document

    def scanned(*args, **kwargs):
        doc = read(*args, **kwargs)
        doc.text_source = "ocr"
        return doc

    return lambda: monkeypatch.setattr(process, "read_document", scanned)


@pytest.fixture
def as_scanned(scanning):
    """Documents read as if OCR had read them, for the whole test."""
    scanning()


@pytest.fixture(scope="session")
def units():
    from thaiplan.normalize.units import UnitRegistry

    return UnitRegistry.load()


@pytest.fixture(scope="session")
def processed(units):
    """process_file of a text export in tests/data/text, once per session, by stem."""
    from thaiplan.extract.process import process_file

    cache = {}

    def get(stem: str):
        if stem not in cache:
            path = TEXT / f"{stem}.txt"
            cache[stem] = process_file(path, path.name, units)
        return cache[stem]

    return get


def rows_at(result, dataset: str, line: int) -> list[dict]:
    return [r for r in as_dicts(result).get(dataset, []) if r["line"] == line]


@pytest.fixture(scope="session")
def extracted_output(tmp_path_factory):
    """A real run's output: a plan PDF (budgets, schedules, a failed check) and a KPI report.

    Returns (output directory, input directory); the inputs stay where the run read them,
    so the report can find the PDF again.
    """
    import shutil

    from click.testing import CliRunner

    from thaiplan.cli import main

    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copy(DATA / "pdf" / "plan2565_ocsc.pdf", inputs)
    shutil.copy(TEXT / "kpi_detail_hrsmart.txt", inputs)
    out = tmp_path_factory.mktemp("run") / "outputs"
    result = CliRunner().invoke(
        main, ["extract", str(inputs), "--out", str(out), "--workers", "1"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out, inputs


@pytest.fixture(scope="session")
def book17_output(tmp_path_factory):
    """The whole of national budget book 17 (tests/data/real), extracted once a session."""
    from thaiplan.api import extract

    book = DATA / "real" / "budget2565_book17.pdf"
    if not book.exists():
        pytest.skip(f"{book.name} is not in tests/data/real")
    out = tmp_path_factory.mktemp("book17") / "out"
    extract([book], out_dir=out)
    return out
