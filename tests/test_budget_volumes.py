"""Budget volumes of one office (BMA district volumes): their font defect, their tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaiplan.extract.readers import read_document
from thaiplan.normalize.glyphs import oov_chars

BMA = Path(__file__).parent / "data" / "bma"


@pytest.mark.parametrize("name", ["sara_aa_as_am_65050.pdf", "sara_aa_as_am_65057.pdf"])
def test_sara_aa_drawn_by_a_glyph_mapped_to_sara_am_is_read_as_sara_aa(name):
    """Both volumes' fonts map the glyph of า to ำ (`งำน`, `ชํำระ`); the document's own
    words decide it per font, so the pages read as printed."""
    path = BMA / name
    doc = read_document(path, name, path.read_bytes())
    lines = [b.text for b in doc.blocks if b.kind != "table"]
    text = "\n".join(lines)
    assert "การ" in text and "สำนักงาน" in text
    assert "งำน" not in text and "กำร" not in text and "\u0e4d\u0e33" not in text
    thai = sum(1 for ch in text if "\u0e01" <= ch <= "\u0e4e")
    assert oov_chars(text) < 0.005 * thai
