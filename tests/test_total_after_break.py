"""A total row cut from its table by a page break rejoins the table (issue 13)."""

from __future__ import annotations

from pathlib import Path

from tests.rows import as_dicts
from thaiplan.extract.model import Block, Cell, Provenance, Row
from thaiplan.extract.process import process_file
from thaiplan.extract.readers.continuations import join_continuations
from thaiplan.normalize.units import UnitRegistry

PLAN = Path(__file__).parent / "data" / "plans" / "total_after_break.txt"
PROV = Provenance("x")


def _table(*rows: tuple[str, ...]) -> Block:
    return Block(
        "table", PROV, rows=[Row([Cell(v, c) for c, v in enumerate(r)], PROV) for r in rows]
    )


def test_a_table_of_only_its_total_joins_the_table_before_it():
    steps = _table(("ขั้นตอนที่ 1 สำรวจ", "50", "50"), ("ขั้นตอนที่ 2 ดำเนินการ", "50", "100"))
    total = _table(("รวม 2 ขั้นตอน คิดเป็นร้อยละ", "100", "100"))
    joined = join_continuations([steps, total])
    assert len(joined) == 1 and joined[0].rows[-1].values()[0].startswith("รวม")
    other = _table(("หัวข้อ", "ค่า"))
    assert len(join_continuations([steps, other])) == 2


def test_the_schedule_reads_whole_with_its_total_after_the_break():
    result = process_file(PLAN, PLAN.name, UnitRegistry.load())
    steps = as_dicts(result)["schedule_steps"]
    assert [(s["step_no"], s["weight_pct"], s["cumulative_pct"]) for s in steps] == [
        ("1", 50.0, 50.0),
        ("2", 50.0, 100.0),
    ]
    assert {c["status"] for c in as_dicts(result)["checks"]} == {"ok"}
    assert as_dicts(result)["diagnostics"] == []


def test_the_read_stage_hands_on_the_table_joined_and_the_context_keeps_it(tmp_path):
    """Continuation is decided once, as the read stage hands its document on: a table a
    blank line split is one table in the reader's document, and the context reads
    exactly those blocks (it joins nothing of its own)."""
    from thaiplan.extract.context.reading import Reading
    from thaiplan.extract.readers import read_document

    path = tmp_path / "split.txt"
    path.write_text(
        "แผนปฏิบัติการ\n\n| ลำดับ | โครงการ | งบประมาณ |\n|---|---|---|\n| 1 | ก | 100 |\n\n"
        "| 2 | ข | 200 |\n",
        "utf-8",
    )
    doc = read_document(path, path.name, path.read_bytes())
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert [row.values()[0] for row in table.rows] == ["ลำดับ", "1", "2"]
    reading = Reading.of(doc, UnitRegistry.load(), None, None)
    assert [located.block for located in reading.located] == doc.blocks
