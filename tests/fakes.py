"""Rows a stand-in for extract.process_file returns, for tests of the run stage (CLI,
incremental runs) that choose each file's outcome by its text, without extracting."""

from __future__ import annotations

import hashlib
from typing import Any


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
