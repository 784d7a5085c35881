"""A schedule's arrow wrapped over three lines inside a narrow month cell (issue 26)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from thaiplan.extract.readers.ocr import _CellCuts
from thaiplan.extract.readers.settings import OCR

#: cells cut from pages 149 and 151 of a harsh scan of the OCSC plan (make_scan.py --skew
#: 0.8 --noise 0.003 --blur 0.6 --seed 7 --quality 70), cleaned as OCR reads them
CELLS = Path(__file__).parent / "data" / "ocr_cells"


@pytest.mark.parametrize(
    ("cell", "mark"),
    [
        ("wrapped_arrow_oct.png", "↔"),  # ← / —— / ——→, the last shaft taken for a rule
        ("wrapped_arrow_aug.png", "↔"),  # the same, read as one dash before
        ("text_under_a_mark.png", None),  # a line of text under a flat mark is no arrow
    ],
)
def test_an_arrow_wrapped_inside_its_month_cell_spans_that_month(cell, mark):
    """The plan prints `←————→` in one month's cell; the scan's narrow column wraps it
    over three lines, which no one-line mark test read (the steps had no months). Every
    line a flat stroke, the first opening with a head: the arrow spans its cell."""
    arr = np.asarray(Image.open(CELLS / cell).convert("L"))
    cuts = _CellCuts(OCR)
    cuts.add(arr, 0, (0.0, 0.0, float(arr.shape[1]), float(arr.shape[0])))
    assert (cuts.marks[0].text if 0 in cuts.marks else None) == mark
