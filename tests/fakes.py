"""Rows a stand-in for extract.process_file returns, for tests of the run stage (CLI,
incremental runs) that choose each file's outcome by its text, without extracting; and a
stand-in for a slow scan, which a Dask worker can be given too (`read_as_slow_scan`)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from thaiplan.extract import process as extract_process

REAL_PROCESS_FILE = extract_process.process_file
#: The stand-in scan: pages, and seconds OCR takes a page.
SCAN_PAGES, SECONDS_A_PAGE = 4, 1.5


def slow_scan(path: Path, source_path: str, units, ocr="auto", on_page=None):
    """Stands in for a four-page scan read by OCR at 1.5 s a page; STALL hangs on page one."""
    text = path.read_text("utf-8")
    for done in range(1, SCAN_PAGES + 1):
        time.sleep(SECONDS_A_PAGE)
        if on_page is not None:
            on_page(done, SCAN_PAGES)
        if "STALL" in text:
            time.sleep(60)
    return REAL_PROCESS_FILE(path, source_path, units)


def read_as_slow_scan() -> None:
    """Makes this process (a Dask worker, say) read every file as `slow_scan`."""
    extract_process.process_file = slow_scan


def fake_records(
    data: bytes, source_path: str, year: int | None, kpi: dict[str, Any], n_diagnostics: int
) -> tuple[str, dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """(sha256, the columns every row shares, records): a documents row and two kpis rows
    holding `kpi`'s fields, for a file of `data` in fiscal year `year`."""
    sha = hashlib.sha256(data).hexdigest()
    doc_id = sha[:16]
    common = {"doc_id": doc_id, "fiscal_year_ce": year, "page": None}
    document = {
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
        "n_diagnostics": n_diagnostics,
    }
    kpis = [
        {**common, "line": n, "kpi_id": f"{doc_id}-{n}", "kpi_set": "objective", **kpi}
        for n in (1, 2)
    ]
    return sha, common, {"documents": [document], "kpis": kpis}
