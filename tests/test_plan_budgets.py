"""budget_items and the budget checks on the two real plans."""

from decimal import Decimal

from tests.conftest import TEXT, rows_at
from tests.rows import as_dicts


def item(result, line):
    (row,) = rows_at(result, "budget_items", line)
    return row


def test_every_budget_row_of_both_plans(processed):
    assert len(as_dicts(processed("plan2565_ocsc"))["budget_items"]) == 42
    assert len(as_dicts(processed("plan2562_secretariat"))["budget_items"]) == 10


def test_amounts_and_funding_status(processed):
    plan = processed("plan2565_ocsc")
    assert item(plan, 267)["amount"] == Decimal("774750.00")
    assert item(plan, 267)["funding_status"] == "not_funded"
    assert item(plan, 267)["budget_table"] == "measure" and item(plan, 267)["section"] == "detail"
    assert (
        item(plan, 288)["amount"] == Decimal("11125900.00")
        and item(plan, 288)["funding_status"] == "funded"
    )
    assert item(plan, 288)["responsible_unit"] == "กองทะเบียนประวัติข้าราชการ"
    assert item(plan, 288)["responsible_unit_raw"] == "กองทะเบียนประวัติ ข้าราชการ"
    # under a not-funded heading but marked ยุบรวมโครงการ: merged, with the figure kept
    assert item(plan, 386)["funding_status"] == "merged" and item(plan, 386)["amount"] == Decimal(
        "10000000.00"
    )
    assert item(plan, 386)["footnote"].startswith("มติที่ประชุมคณะอนุกรรมการ")
    # a plain figure in the not-funded sub-list is not funded
    assert item(plan, 436)["funding_status"] == "not_funded"
    assert item(plan, 400)["amount"] is None and item(plan, 400)["funding_status"] == "no_budget"
    assert item(plan, 400)["footnote"].startswith("โครงการที่ไม่ได้รับการจัดสรรงบประมาณ")
    assert item(plan, 426)["seq"] == "1" and item(plan, 426)["budget_table"] == "routine"
    assert item(plan, 426)["section"] == "summary"


def test_thai_digits_fund_source_and_measure_ref(processed):
    plan = processed("plan2562_secretariat")
    row = item(plan, 370)
    assert row["amount"] == Decimal("14700000.00")
    assert row["amount_raw"] == "๑๔,๗๐๐,๐๐๐.-"
    assert row["fund_source"] == "กทม." and row["measure_ref"] == "3"
    assert row["project_name"] == "โครงการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ของกรุงเทพมหานคร"
    assert row["budget_table"] == "strategic" and row["budget_year_be"] == 2562
    assert (
        item(plan, 369)["fund_source"] is None and item(plan, 369)["funding_status"] == "no_budget"
    )


def test_every_stated_total_is_reconciled(processed):
    totals = {
        (stem, r["line"]): (r["expected"], r["actual"], r["status"], r["items"])
        for stem in ("plan2565_ocsc", "plan2562_secretariat")
        for r in as_dicts(processed(stem))["checks"]
        if r["check"] == "budget_table_total"
    }
    assert totals == {
        ("plan2565_ocsc", 384): (Decimal("11125900.00"), Decimal("11125900.00"), "ok", 1),
        ("plan2565_ocsc", 402): (Decimal("192000.00"), Decimal("192000.00"), "ok", 1),
        ("plan2565_ocsc", 434): (Decimal("46484230.00"), Decimal("46484230.00"), "ok", 5),
        ("plan2562_secretariat", 371): (Decimal("14700000.00"), Decimal("14700000.00"), "ok", 1),
        ("plan2562_secretariat", 383): (Decimal("3550300.00"), Decimal("3550300.00"), "ok", 2),
    }


def test_project_counts_and_detail_vs_summary(processed):
    plan = processed("plan2562_secretariat")
    counts = [
        (r["line"], r["expected"], r["actual"])
        for r in as_dicts(plan)["checks"]
        if r["check"] == "project_count"
    ]
    assert counts == [
        (373, Decimal("2.00"), Decimal("2.00")),
        (385, Decimal("3.00"), Decimal("3.00")),
    ]
    compared = [
        r
        for r in as_dicts(processed("plan2565_ocsc"))["checks"]
        if r["check"] == "budget_detail_vs_summary"
    ]
    assert len(compared) == 11 and all(r["status"] == "ok" for r in compared)


def test_amounts_in_millions_are_stored_in_baht(tmp_path, units):
    from thaiplan.extract.process import process_file

    path = tmp_path / "plan.txt"
    path.write_text(
        "แผนปฏิบัติราชการประจำปี พ.ศ. 2566\n\nสรุปโครงการและงบประมาณ\n\n"
        "ลำดับที่\tโครงการ\tงบประมาณ (ล้านบาท)\tหน่วยงาน\n"
        "1\tโครงการก่อสร้างอาคาร\t1.25\tสำนักการโยธา\n"
        "2\tโครงการซ่อมถนน\t0.5\tสำนักการโยธา\n"
        "รวมงบประมาณทั้งสิ้น\t\t1.75\t\n",
        "utf-8",
    )
    result = process_file(path, path.name, units)
    assert [r["amount"] for r in as_dicts(result)["budget_items"]] == [
        Decimal("1250000.00"),
        Decimal("500000.00"),
    ]
    (total,) = as_dicts(result)["checks"]
    assert (total["expected"], total["actual"], total["status"]) == (
        Decimal("1750000.00"),
        Decimal("1750000.00"),
        "ok",
    )


def test_an_unreadable_amount_is_a_diagnostic(tmp_path, units):
    from thaiplan.extract.process import process_file

    path = tmp_path / "plan.txt"
    path.write_text(
        "โครงการ/กิจกรรมรองรับมาตรการ\n\nโครงการ\tงบประมาณ\tส่วนราชการ\n"
        "โครงการทดลอง\tรอจัดสรร\tกองคลัง\n",
        "utf-8",
    )
    result = process_file(path, path.name, units)
    (item,) = as_dicts(result)["budget_items"]
    assert (item["amount"], item["funding_status"], item["amount_raw"]) == (
        None,
        "unknown",
        "รอจัดสรร",
    )
    (note,) = [d for d in as_dicts(result)["diagnostics"] if d["code"] == "unparsed_amount"]
    assert note["line"] == 4 and note["context"] == "รอจัดสรร"


def test_a_total_over_a_figure_that_did_not_read_is_unverifiable(tmp_path, units):
    """An auditor must not see `ok` (or a false mismatch) where a summed figure was lost:
    OCR read ๑๔,๗๐๐,๐๐๐ as ๑๔,๗ฒ๐๐,๐๐๐ in a row and in its total, or ๕๐,๓๐๐ as ๕o,๓๐๐."""
    from thaiplan.extract.process import process_file

    source = (TEXT / "plan2562_secretariat.txt").read_text(encoding="utf-8").splitlines()
    assert source[369].count("๑๔,๗๐๐,๐๐๐") == 1 and source[370].count("๑๔,๗๐๐,๐๐๐") == 1
    assert source[381].count("๕๐,๓๐๐") == 1 and source[359].count("๑๔,๗๐๐,๐๐๐") == 1
    source[359] = source[359].replace("๑๔,๗๐๐,๐๐๐", "๑๔,๗ฒ๐๐,๐๐๐")  # its detail row too
    source[369] = source[369].replace("๑๔,๗๐๐,๐๐๐", "๑๔,๗ฒ๐๐,๐๐๐")
    source[370] = source[370].replace("๑๔,๗๐๐,๐๐๐", "๑๔,๗ฒ๐๐,๐๐๐")
    source[381] = source[381].replace("๕๐,๓๐๐", "๕o,๓๐๐")
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(source), encoding="utf-8")
    result = process_file(path, path.name, units)
    totals = {
        r["line"]: (r["expected"], r["actual"], r["status"], r["items"])
        for r in as_dicts(result)["checks"]
        if r["check"] == "budget_table_total"
    }
    assert totals == {
        371: (None, None, "unverifiable", 0),
        383: (Decimal("3550300.00"), Decimal("3500000.00"), "unverifiable", 1),
    }
    (pair,) = [
        (r["expected"], r["actual"], r["status"])
        for r in as_dicts(result)["checks"]
        if r["check"] == "budget_detail_vs_summary" and r["line"] == 370
    ]
    assert pair == (None, None, "unverifiable")
    unread = [d["line"] for d in as_dicts(result)["diagnostics"] if d["code"] == "unparsed_amount"]
    assert unread == [360, 370, 382]


def test_detail_and_summary_rows_pair_with_a_mark_lost(tmp_path, units):
    """OCR reads สิ่งอำนวย as สิงอำนวย in the summary row only; the project is still
    reconciled against its detail row, names compared without marks."""
    from thaiplan.extract.process import process_file

    lines = (TEXT / "plan2562_secretariat.txt").read_text(encoding="utf-8").splitlines()
    assert lines[379].count("สิ่งอำนวย") == 1
    lines[379] = lines[379].replace("สิ่งอำนวย", "สิงอำนวย")
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    checks = as_dicts(process_file(path, path.name, units))["checks"]
    (pair,) = [c for c in checks if c["check"] == "budget_detail_vs_summary" and c["line"] == 380]
    assert (pair["expected"], pair["actual"], pair["status"]) == (
        Decimal("3500000.00"),
        Decimal("3500000.00"),
        "ok",
    )
    assert "detail line 277" in pair["scope"]


def test_a_unit_cell_ocr_read_twice_over_is_the_unit_it_names(tmp_path, units):
    """A scan of the OCSC plan read a unit cell's wrapped line twice over
    (`กองทะเบียนประวัติข้าราชการ ข้าราชการ`, `กองวินัยและเสริมสร้า เสริมสร้างจริยธรรม`);
    joined where the pieces overlap, each is the unit it names."""
    from thaiplan.extract.process import process_file

    name = "plan2565_ocsc.txt"
    lines = (TEXT / name).read_text(encoding="utf-8").splitlines()
    cells = lines[287].split("\t")
    assert cells[2] == "กองทะเบียนประวัติ ข้าราชการ"
    lines[287] = "\t".join([*cells[:2], "กองทะเบียนประวัติข้าราชการ ข้าราชการ"])
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")

    def unit_at(result, line):
        return next(r for r in as_dicts(result)["budget_items"] if r["line"] == line)

    read, original = process_file(path, name, units), process_file(TEXT / name, name, units)
    assert unit_at(read, 288)["responsible_unit"] == "กองทะเบียนประวัติข้าราชการ"
    assert unit_at(read, 288)["responsible_unit"] == unit_at(original, 288)["responsible_unit"]
