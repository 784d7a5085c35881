"""The unit recognisers emit: one row of one dataset, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from thaiplan.extract.model import Provenance


@dataclass
class Record:
    """A row of `dataset` (column name -> value, see thaiplan.output.schemas) and its provenance.

    Common columns (doc_id, fiscal_year_ce, page, line) are filled from the document and
    `prov` when the file's records are assembled, so recognisers never set them.
    """

    dataset: str
    row: dict[str, Any]
    prov: Provenance | None = None
    meta: dict[str, Any] = field(default_factory=dict)
