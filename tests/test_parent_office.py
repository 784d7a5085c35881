"""A unit followed by a parent office the registry does not know keeps the unit (issue 13)."""

from __future__ import annotations

from pathlib import Path

from tests.rows import as_dicts
from thaiplan.extract.process import process_file
from thaiplan.normalize.units import UnitRegistry

PLAN = Path(__file__).parent / "data" / "plans" / "parent_office.txt"


def test_the_parent_is_recognised_by_kind_or_as_the_documents_agency():
    result = process_file(PLAN, PLAN.name, UnitRegistry.load())
    assert as_dicts(result)["documents"][0]["agency"] == "สำนักงานเขตตัวอย่าง"
    units = [(s["step_no"], s["responsible_unit"]) for s in as_dicts(result)["schedule_steps"]]
    assert units == [("1", "กองการเจ้าหน้าที่"), ("2", "กองการเจ้าหน้าที่"), ("1", "ฝ่ายโยธา")]
