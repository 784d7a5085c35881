"""The batch's progress: pages of a text-layer PDF heard from every runner, the bar's
figures (pages done of known, rate, time left), `[i/N]` lines, and lines within 100
columns; a bar with escape codes only on a terminal."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from thaiplan.extract import process as extract_process
from thaiplan.limits import Limits
from thaiplan.pipeline import DocumentSummary, run
from thaiplan.progress import WIDTH, BatchProgress, BatchState, columns
from thaiplan.runners import make_runner
from thaiplan.tasks import Paced

DATA = Path(__file__).parent / "data"
BOOK_PAGES = DATA / "budget_book17_pages.pdf"
REAL_PROCESS_FILE = extract_process.process_file


def _pages_of(pdf: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_text_layer_pdf_tells_its_pages_from_every_local_runner(tmp_path, workers):
    """A PDF with a text layer (no OCR) is heard page by page, in-process and through the
    pool's pipes, up to its last page (before, nothing came until the file ended)."""
    events: list[tuple[str, int, int, str]] = []
    limits = Limits() if workers > 1 else Limits(file_timeout=None, max_memory_mb=None)
    runner = make_runner(workers, limits, on_page=lambda *event: events.append(event))
    run([BOOK_PAGES], tmp_path / "out", None, progress=False, runner=runner)
    total = _pages_of(BOOK_PAGES)
    assert events and {e[3] for e in events} == {"text"}
    assert events[-1] == (BOOK_PAGES.name, total, total, "text")
    done = [e[1] for e in events]
    assert done == sorted(done) and all(e[2] == total for e in events)


@pytest.mark.slow
def test_a_text_layer_pdf_tells_its_pages_from_a_dask_cluster(units):
    """On Dask the pages come back as events through the scheduler, stage and all."""
    from thaiplan.dask_runner import DaskRunner
    from thaiplan.tasks import Job

    events: list[tuple[str, int, int, str]] = []
    runner = DaskRunner(None, 1, Limits(), lambda *event: events.append(event))
    outcomes = dict(runner([Job(0, BOOK_PAGES, BOOK_PAGES.name)], units))
    total = _pages_of(BOOK_PAGES)
    assert not outcomes[0].failed
    assert events and events[-1] == (BOOK_PAGES.name, total, total, "text")


def test_pages_are_paced_but_the_last_and_every_ocr_page_pass():
    heard: list[tuple[int, int, str]] = []
    paced = Paced(lambda done, total, stage="ocr": heard.append((done, total, stage)), 3600.0)
    for page in range(1, 11):
        paced(page, 10, "text")
    for page in (1, 2):
        paced(page, 2)
    assert heard == [(1, 10, "text"), (10, 10, "text"), (1, 2, "ocr"), (2, 2, "ocr")]


def reads_text_pages_slowly(path, source_path, units, ocr="auto", on_page=None):
    """A text-layer PDF that takes 0.3 s a page for 12 pages: too slow for its limit."""
    for page in range(1, 13):
        time.sleep(0.3)
        if on_page is not None:
            on_page(page, 12, "text")
    return REAL_PROCESS_FILE(path, source_path, units)


def test_text_layer_pages_do_not_restart_the_files_time_limit(tmp_path, monkeypatch):
    """Only an OCR page (seconds each) gives its file the time limit anew: a text-layer page
    takes milliseconds, and a file of thousands of slow ones must still be stopped."""
    monkeypatch.setattr(extract_process, "process_file", reads_text_pages_slowly)
    text = DATA / "text" / "kpi_detail_hrsmart.txt"
    runner = make_runner(1, Limits(file_timeout=2, max_memory_mb=None))
    started = time.monotonic()
    with pytest.raises(Exception, match="none of the input files could be read"):
        run([text], tmp_path / "out", None, progress=False, runner=runner)
    assert time.monotonic() - started < 3.5


def test_the_bar_counts_pages_done_of_those_known_with_rate_and_time_left():
    state = BatchState(files=3, pdfs={"a.pdf", "b.pdf"})
    assert state.line(1.0) == "0/3 files"
    state.page("a.pdf", 10, 100, "text")
    # b.pdf's pages are not known: counted as an average PDF's (100) for the time left
    assert state.line(5.0) == "0/3 files · 10/100+ pages · 2.0 pages/s · 1:35 left"
    state.finished("a.pdf", 100)
    state.page("b.pdf", 50, 50, "text")
    state.page("b.pdf", 1, 3, "ocr")  # OCR reads the last 3 of its 50 pages: 48 done
    assert state.line(74.0) == "1/3 files · 148/150 pages · 2.0 pages/s · 0:01 left"
    state.finished("b.pdf", 50)
    state.finished("c.txt", None)
    assert state.line(75.0).startswith("3/3 files · 150/150 pages")


def test_text_exports_alone_count_files():
    state = BatchState(files=4)
    state.finished("a.txt", None)
    assert state.line(2.0) == "1/4 files · 0.5 files/s · 0:06 left"


def _doc(name: str, pages: int | None) -> DocumentSummary:
    return DocumentSummary(name, "0" * 16, {"kpis": 1}, 0, 0, page_count=pages)


def test_on_a_terminal_one_bar_with_each_finished_file_printed_above_it():
    stream = io.StringIO()
    progress = BatchProgress(stream, interactive=True)
    progress.start(["slow/book.pdf", "plan.txt"])
    progress.page("slow/book.pdf", 40, 288, "text")
    progress(_doc("plan.txt", None))
    progress(_doc("slow/book.pdf", 288))
    progress.close()
    out = stream.getvalue()
    assert "━" in out and "\x1b[" in out  # a drawn bar
    assert "[1/2] plan.txt: ok" in out and "[2/2] slow/book.pdf: ok, 288 pages" in out
    assert out.index("[1/2] plan.txt") < out.index("[2/2] slow/book.pdf")  # as they finish


def test_in_a_log_plain_lines_a_text_layer_file_every_ten_seconds_and_every_ocr_page():
    clock = iter([0.0, 0.0, 1.0, 11.0, 12.0, 12.5, 13.0]).__next__
    stream = io.StringIO()
    progress = BatchProgress(stream, interactive=False, now=clock)
    progress.start(["book.pdf"])
    progress.page("book.pdf", 10, 288, "text")  # 1 s in: not yet
    progress.page("book.pdf", 150, 288, "text")  # 11 s in: a line
    progress.page("book.pdf", 160, 288, "text")  # a second later: not yet
    progress.page("book.pdf", 1, 2, "ocr")  # every OCR page
    progress(_doc("book.pdf", 288))
    assert stream.getvalue().splitlines() == [
        "book.pdf: page 150 of 288",
        "book.pdf: OCR page 1 of 2",
        "[1/1] book.pdf: ok, 288 pages",
    ]


def test_every_progress_line_fits_100_columns_with_the_name_cut_at_its_start():
    name = "แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2565/" * 3 + "สำนักงาน/budget_book17.pdf"
    stream = io.StringIO()
    progress = BatchProgress(stream, interactive=False)
    progress.start([name])
    progress.page(name, 1, 3)
    progress(_doc(name, 3))
    lines = stream.getvalue().splitlines()
    assert all(columns(line) <= WIDTH for line in lines), lines
    assert lines[-1].startswith("[1/1] …") and lines[-1].endswith("/budget_book17.pdf: ok, 3 pages")


def test_log_lines_print_above_the_bar_and_their_handler_is_given_back(monkeypatch):
    import logging

    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("thaiplan")
    logger.addHandler(handler)
    try:
        progress = BatchProgress(stream, interactive=True)
        progress.start(["book.pdf"])
        assert handler.stream is not stream  # through rich while the bar is up
        logger.warning("book.pdf: read by the PDF reader")
        progress(_doc("book.pdf", 3))
        progress.close()
    finally:
        logger.removeHandler(handler)
    assert handler.stream is stream
    assert stream.getvalue().count("book.pdf: read by the PDF reader") == 1
