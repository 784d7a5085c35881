"""A total row cut from its table by a page break rejoins the table (issue 13)."""

from __future__ import annotations

from pathlib import Path

from tests.rows import as_dicts
from thaiplan.extract.context.tables import join_continuations
from thaiplan.extract.model import Block, Cell, Provenance, Row
from thaiplan.extract.process import process_file
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
