"""A plan of another agency reads its names whole and its rows whole (issue 30).

tests/data/plans/other_agency.txt is a text export in the corpus's format and
other_agency.pdf the same plan printed page by page from the HTML beside it (the command
is in its first comment). Its organisation section spells out a unit with spaces inside
(`กองควบคุมโรคเอดส์ วัณโรค และโรคติดต่อทางเพศสัมพันธ์`) that its rows write cut at the first
space or with ฯ; a ศูนย์ shortened with ฯ; a unit that wraps in its cell and one cut at
the line end; a cut name that begins two units; targets counted in ฉบับ, สถานี,
หลักสูตร and คน. In the PDF the organisation item wraps inside the spaced name, and a
budget row and a schedule's last step, each one line high, are cut at a page's end with
their centred values on the next page.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.rows import as_dicts
from thaiplan.extract.context.reading import Reading
from thaiplan.extract.model import Block, Cell, Document, Provenance, Row
from thaiplan.extract.process import FileResult, process_file
from thaiplan.normalize.units import UnitRegistry, name_key

PLANS = Path(__file__).parent / "data" / "plans"
AIDS = "กองควบคุมโรคเอดส์วัณโรคและโรคติดต่อทางเพศสัมพันธ์"
FLOOD = "ศูนย์ป้องกันและแก้ไขปัญหาน้ำท่วม"
TEACHERS = "กองพัฒนาข้าราชการครูและบุคลากรทางการศึกษา"


@pytest.fixture(scope="module", params=["other_agency.txt", "other_agency.pdf"])
def result(request) -> FileResult:
    path = PLANS / request.param
    return process_file(path, path.name, UnitRegistry.load())


def _units(rows: list[dict]) -> list[str | None]:
    return [r["responsible_unit"] and name_key(r["responsible_unit"]) for r in rows]


def test_a_name_cut_at_its_first_space_or_shortened_is_the_name_the_plan_spells_out(result):
    budget = _units(as_dicts(result)["budget_items"])
    kpis = _units(as_dicts(result)["kpis"])
    outcomes = _units(as_dicts(result)["project_outcomes"])
    steps = set(_units(as_dicts(result)["schedule_steps"]))
    assert budget == [AIDS, TEACHERS, FLOOD, "กองส่งเสริมสุขภาพ"]
    assert kpis[:4] == [AIDS, FLOOD, TEACHERS, FLOOD]
    assert outcomes == [AIDS, TEACHERS]
    assert steps == {AIDS}


def test_a_name_cut_at_its_cells_line_end_is_completed(result):
    assert _units(as_dicts(result)["kpis"])[5] == TEACHERS


def test_a_cut_name_that_begins_two_units_stays_and_the_diagnostic_names_them(result):
    assert as_dicts(result)["kpis"][4]["responsible_unit"] == "กองส่งเสริม"
    notes = [d["message"] for d in as_dicts(result)["diagnostics"] if d["code"] == "ambiguous_unit"]
    assert notes == [
        "'กองส่งเสริม' begins several unit names (กองส่งเสริมการเรียนรู้, กองส่งเสริมสุขภาพ); kept as written"
    ]
    assert not [d for d in as_dicts(result)["diagnostics"] if d["code"] == "unknown_abbreviation"]


def test_targets_counted_in_any_classifier_are_counts(result):
    targets = [
        (k["target_value"], k["target_unit"], k["target_unit_th"]) for k in as_dicts(result)["kpis"]
    ]
    assert targets == [
        (4.0, "count", "ฉบับ"),
        (12.0, "count", "สถานี"),
        (3.0, "count", "หลักสูตร"),
        (30.0, "other", "นาที"),  # time is measured, not counted
        (80.0, "percent", "ร้อยละ"),
        (200.0, "count", "คน"),
    ]


def test_a_one_line_row_cut_at_the_page_end_keeps_the_values_below_the_cut(result):
    budget = [
        (b["seq"], b["amount"], b["funding_status"], b["fund_source"])
        for b in as_dicts(result)["budget_items"]
    ]
    assert budget[2] == ("3", Decimal("2500000.00"), "funded", "กทม.")
    steps = [
        (s["step_no"], s["weight_pct"], s["cumulative_pct"])
        for s in as_dicts(result)["schedule_steps"]
    ]
    assert steps[-1] == ("5", 10.0, 100.0)
    assert str(as_dicts(result)["schedule_steps"][-1]["months"][-1]) == "2023-09-01"  # ↔ under ก.ย.
    verdicts = sorted((c["check"], c["status"]) for c in as_dicts(result)["checks"])
    assert verdicts == [
        ("budget_table_total", "ok"),
        ("schedule_budget_vs_summary", "ok"),
        ("schedule_cumulative", "ok"),
        ("schedule_step_count", "ok"),
        ("schedule_weights_sum", "ok"),
    ]


def _reading(lines: list[str], cells: list[str]) -> Reading:
    prov = Provenance("plan.txt", line=1)
    blocks = [Block("paragraph", prov, text=line) for line in lines]
    blocks.append(Block("table", prov, rows=[Row([Cell(c, 0)], prov) for c in cells]))
    return Reading.of(Document("plan.txt", "0", "text", blocks), UnitRegistry.load(), None, None)


def test_a_name_listed_whole_or_found_by_its_initials_is_not_completed():
    reading = _reading(
        ["๑. กองพัฒนาบุคลากร มีหน้าที่พัฒนาบุคลากร", "๒. ฝ่ายโยธา", "โดยมี กองแผนงาน เป็นผู้ประสาน"],
        ["กองพัฒนาบุคลากรทางการแพทย์", "ฝ่ายโยธาและผังเมือง", "กองแผนงานและงบประมาณ", "ฝ่ายรายได้และภาษี"],
    )
    assert reading.unit("กองพัฒนาบุคลากร") == "กองพัฒนาบุคลากร"  # listed, a clause after it
    assert reading.unit("ฝ่ายโยธา") == "ฝ่ายโยธา"  # listed on its own line
    assert reading.unit("กผ.") == "กองแผนงาน"  # initials stand for a whole name
    assert reading.unit("ฝ่ายรายได้") == "ฝ่ายรายได้และภาษี"  # cut: the one name it begins
