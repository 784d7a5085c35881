"""Initialisms resolve to the one unit name the plan spells out that they abbreviate (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rows import as_dicts
from thaiplan.extract.process import FileResult, process_file
from thaiplan.normalize.units import UnitRegistry

PLAN = Path(__file__).parent / "data" / "plans" / "learned_initialisms.txt"


@pytest.fixture(scope="module")
def result() -> FileResult:
    return process_file(PLAN, PLAN.name, UnitRegistry.load())


def test_an_initialism_takes_the_one_learned_name_whose_words_it_initials(result):
    units = [
        (b["responsible_unit_raw"], b["responsible_unit"]) for b in as_dicts(result)["budget_items"]
    ]
    assert units == [
        ("กพบ.", "กองพัฒนาบุคลากร"),
        ("กผป.", "กองแผนงานและประเมินผล"),  # และ goes without a letter
        ("กบท.", "กบท."),  # two names fit: kept as written
        ("กสพ.", "กสพ."),  # no name fits
        ("สกก.", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร"),  # the registry first
    ]


def test_an_ambiguous_or_unmatched_initialism_names_its_candidates(result):
    messages = [
        d["message"] for d in as_dicts(result)["diagnostics"] if d["code"] == "unknown_abbreviation"
    ]
    assert messages == [
        "'กบท.' is not in the unit registry; the document spells out "
        "กองบริการทะเบียน, กองบริหารทั่วไป; add it to a --units file to expand it",
        "'กสพ.' is not in the unit registry; add it to a --units file to expand it",
    ]
