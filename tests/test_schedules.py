"""schedule_steps and schedule checks: months from marks, weights, cumulative column."""

from datetime import date
from decimal import Decimal

from tests.conftest import TEXT, rows_at
from tests.rows import as_dicts
from thaiplan.extract.model import Cell, Provenance, Row
from thaiplan.extract.recognisers.schedules import marked_months

MONTHS = {
    3 + i: date(2021 + (m < 10), m, 1)
    for i, m in enumerate([10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9])
}


def row(*cells: Cell) -> Row:
    return Row(list(cells), Provenance("x"))


def months(result, line):
    (step,) = rows_at(result, "schedule_steps", line)
    return [(d.year, d.month) for d in step["months"]]


def test_marks_read_as_the_contract_says():
    assert marked_months(row(Cell("↔", 4)), MONTHS) == [date(2021, 11, 1)]
    assert marked_months(row(Cell("←", 3), Cell("→", 5)), MONTHS) == [
        date(2021, 10, 1),
        date(2021, 11, 1),
        date(2021, 12, 1),
    ]
    assert marked_months(row(Cell("↔", 6), Cell("↔", 10)), MONTHS) == [
        date(2022, 1, 1),
        date(2022, 5, 1),
    ]
    assert marked_months(row(Cell("←", 12)), MONTHS) == [date(2022, 7, 1)]
    assert marked_months(row(Cell("↔", 16)), MONTHS) == [
        date(2022, 9, 1)
    ]  # past the last month column
    # an arrow drawn across three month columns (a PDF's spanning cell) marks all three
    assert marked_months(row(Cell("←——→", 4, colspan=3)), MONTHS) == [
        date(2021, 11, 1),
        date(2021, 12, 1),
        date(2022, 1, 1),
    ]


def test_every_step_of_both_plans(processed):
    assert len(as_dicts(processed("plan2565_ocsc"))["schedule_steps"]) == 80
    assert len(as_dicts(processed("plan2562_secretariat"))["schedule_steps"]) == 5


def test_months_from_the_real_schedules(processed):
    plan = processed("plan2565_ocsc")
    assert months(plan, 612) == [(2021, 10)]
    assert months(plan, 665) == [(2021, 10), (2021, 11), (2021, 12)]
    assert months(plan, 638) == [
        (2021, 9)
    ]  # a 13-column schedule starting at ก.ย. of the year before
    assert months(plan, 765) == [(2022, 9)]
    assert months(plan, 799) == [(2021, 10)]  # under a ปีงบประมาณ พ.ศ. 2565 caption
    assert months(plan, 617) == []
    plan2562 = processed("plan2562_secretariat")
    assert months(plan2562, 532) == [
        (2018, 12),
        (2019, 1),
        (2019, 2),
        (2019, 3),
        (2019, 4),
        (2019, 5),
    ]
    assert months(plan2562, 533) == [(2019, 1), (2019, 5)]


def test_schedule_header_lines(processed):
    (step,) = rows_at(processed("plan2565_ocsc"), "schedule_steps", 685)
    assert step["kpi_no"] == "1"
    assert step["project_budget"] == Decimal("192000.00")
    assert step["responsible_unit"] == "กองพัฒนาระบบราชการกรุงเทพมหานคร"
    assert step["project_name"].startswith("โครงการสัมมนาเชิงปฏิบัติการเพื่อจัดทำแผนยุทธศาสตร์")
    (sub,) = rows_at(processed("plan2565_ocsc"), "schedule_steps", 783)
    assert sub["step_no"] == "4.1" and sub["weight_pct"] is None


def test_cumulative_mismatch_is_reported_where_it_first_parts(processed):
    checks = [
        r
        for r in as_dicts(processed("plan2565_ocsc"))["checks"]
        if r["check"] == "schedule_cumulative"
    ]
    assert len(checks) == 11
    (bad,) = [r for r in checks if r["status"] != "ok"]
    assert (bad["line"], bad["expected"], bad["actual"], bad["status"], bad["items"]) == (
        613,
        Decimal("10.00"),
        Decimal("15.00"),
        "mismatch",
        2,
    )


def test_step_counts_and_weights(processed):
    checks = as_dicts(processed("plan2565_ocsc"))["checks"]
    counts = [r for r in checks if r["check"] == "schedule_step_count"]
    weights = [r for r in checks if r["check"] == "schedule_weights_sum"]
    assert len(counts) == 11 and len(weights) == 11
    assert all(r["status"] == "ok" for r in counts + weights)
    (welfare,) = [r for r in counts if r["line"] == 788]
    assert welfare["expected"] == Decimal("6.00") and welfare["items"] == 6  # 4.1–4.3 are not steps


def test_other_marks_and_dashes():
    assert marked_months(row(Cell("✓", 5), Cell("-", 6)), MONTHS) == [date(2021, 12, 1)]
    # the pieces of an arrow drawn over several cells
    assert marked_months(row(Cell("←", 3), Cell("——", 4), Cell("——→", 5)), MONTHS) == [
        date(2021, 10, 1),
        date(2021, 11, 1),
        date(2021, 12, 1),
    ]


def test_header_labels_read_as_ocr_writes_them(tmp_path, units):
    """OCR drops a mark and a space from the indicator line: `ชื่อตัวชีวัดที่๑`."""
    from thaiplan.extract.process import process_file

    source = (TEXT / "plan2562_secretariat.txt").read_text(encoding="utf-8")
    assert source.count("ชื่อตัวชี้วัดที่ ๑") == 1
    scanned = tmp_path / "plan.txt"
    scanned.write_text(source.replace("ชื่อตัวชี้วัดที่ ๑", "ชื่อตัวชีวัดที่๑"), encoding="utf-8")
    steps = as_dicts(process_file(scanned, scanned.name, units))["schedule_steps"]
    assert len(steps) == 5 and {s["kpi_no"] for s in steps} == {"1"}
    assert steps[0]["kpi_name"].startswith("จำนวนครั้งของการตรวจติดตาม")
    # a consonant lost is another word, not the label
    mangled = tmp_path / "mangled.txt"
    mangled.write_text(source.replace("ชื่อตัวชี้วัดที่ ๑", "ชื่อตัวชีดที่๑"), encoding="utf-8")
    steps = as_dicts(process_file(mangled, mangled.name, units))["schedule_steps"]
    assert {s["kpi_no"] for s in steps} == {None}
    # every mark above the letters lost (a mild scan of the OCSC plan, page 92): the label
    bare = tmp_path / "bare.txt"
    bare.write_text(source.replace("ชื่อตัวชี้วัดที่ ๑", "ชื่อตัวชวดท ๑"), encoding="utf-8")
    steps = as_dicts(process_file(bare, bare.name, units))["schedule_steps"]
    assert len(steps) == 5 and {s["kpi_no"] for s in steps} == {"1"}


def test_a_month_label_misread_at_the_end_of_the_run_still_dates_its_column(tmp_path, units):
    """OCR reads a schedule's first month label `ก.ย.` as `กุย:` (a mild scan of the OCSC
    plan, page 92): next to the run of months the rest of the row reads, it is the run's
    month before ต.ค., and the steps marked under it keep their month."""
    from thaiplan.extract.process import process_file

    lines = (TEXT / "plan2565_ocsc.txt").read_text(encoding="utf-8").split("\n")
    month_row = 629 - 1  # the first part of indicator 2's schedule: steps 1-4, each ↔ in ก.ย.
    assert lines[month_row].split("\t")[3] == "ก.ย."
    lines[month_row] = lines[month_row].replace("ก.ย.", "กุย:", 1)
    scanned = tmp_path / "plan.txt"
    scanned.write_text("\n".join(lines), encoding="utf-8")
    result = process_file(scanned, scanned.name, units)
    assert [months(result, line) for line in (630, 631, 632, 633)] == [[(2021, 9)]] * 4
