"""What a harsh scan of the OCSC plan read wrong in its KPI and budget tables, written
into its text export line by line, and read back as a scan (issue 26): a bullet lost,
a weight word and a sub-number misread, unit names run into a misread parent office, a
unit's letter misread, the amount header's first letter lost."""

from __future__ import annotations

import pytest

from tests.conftest import TEXT, rows_at
from thaiplan.extract import process

NAME = "plan2565_ocsc.txt"


@pytest.fixture
def as_scanned(monkeypatch):
    """Documents read as if OCR had read them (text_source `ocr`)."""
    read = process.read_document

    def scanned(*args, **kwargs):
        doc = read(*args, **kwargs)
        doc.text_source = "ocr"
        return doc

    monkeypatch.setattr(process, "read_document", scanned)


def _edited(tmp_path, edits: dict[int, tuple[str, str]]):
    """The plan's text export with line N's `old` replaced by `new` (N as the datasets count)."""
    lines = (TEXT / NAME).read_text(encoding="utf-8").split("\n")
    for number, (old, new) in edits.items():
        assert old in lines[number - 1], (number, old)
        lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path = tmp_path / NAME
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _one(result, dataset: str, line: int) -> dict:
    (row,) = rows_at(result, dataset, line)
    return row


def test_a_listed_indicator_whose_bullet_ocr_lost_follows_the_target_note_before_it(
    tmp_path, units
):
    """The scan read the mission list's second `- ร้อยละ…` without its dash, on the line
    right after the first item's `(ค่าเป้าหมาย ร้อยละ 100)`: that note closed the first
    item, so the line opens the second; both keep their target."""
    path = _edited(tmp_path, {345: ("- ร้อยละ", "ร้อยละ")})
    result = process.process_file(path, NAME, units)
    first, second = _one(result, "kpis", 343), _one(result, "kpis", 345)
    assert [(r["kpi_set"], r["target_value"], r["target_unit"]) for r in (first, second)] == [
        ("mission", 100.0, "percent")
    ] * 2
    assert first["name"].endswith("(เครือข่าย STRONG)")
    assert second["name"].startswith("ร้อยละความสำเร็จในการจัดทำสื่อ")
