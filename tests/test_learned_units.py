"""Unit names a plan spells out resolve its own ฯ forms (issue 13)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.rows import as_dicts
from thaiplan.extract.process import process_file
from thaiplan.normalize.units import UnitRegistry

PLAN = Path(__file__).parent / "data" / "plans" / "learned_units.txt"


def _result():
    return process_file(PLAN, PLAN.name, UnitRegistry.load())


def test_a_wrapped_abbreviation_resolves_to_the_one_name_the_plan_spells_out():
    steps = as_dicts(_result())["schedule_steps"]
    first = [s for s in steps if s["step_no"] in ("1", "2")][:2]
    assert {s["responsible_unit"] for s in first} == {"ฝ่ายรักษาความสะอาดและสวนสาธารณะ"}
    assert first[1]["months"] == [date(2023, 6, 1)]  # the June header is typed มีย


def test_an_ambiguous_abbreviation_stays_as_written_and_names_the_candidates():
    result = _result()
    assert as_dicts(result)["schedule_steps"][-1]["responsible_unit"] == "ฝ่ายบริการฯ"
    messages = [
        d["message"] for d in as_dicts(result)["diagnostics"] if d["code"] == "unknown_abbreviation"
    ]
    assert messages == [
        "'ฝ่ายบริการฯ' is not in the unit registry; the document spells out "
        "ฝ่ายบริการประชาชน, ฝ่ายบริการสุขภาพ; add it to a --units file to expand it"
    ]
