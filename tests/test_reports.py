"""KPI detail reports and project progress reports: kpi_results, progress_reports, documents."""

from datetime import date
from decimal import Decimal

from tests.conftest import TEXT, rows_at
from tests.rows import as_dicts
from thaiplan.extract.process import process_file


def only(result, dataset: str, line: int) -> dict:
    (row,) = rows_at(result, dataset, line)
    return row


def test_document_types_and_fiscal_years(processed):
    found = {
        stem: as_dicts(processed(stem))["documents"][0]
        for stem in (
            "kpi_detail_hrsmart",
            "progress_report_2449",
            "minutes_2564_01",
            "plan2565_ocsc",
        )
    }
    assert {stem: (d["doc_type"], d["fiscal_year_be"]) for stem, d in found.items()} == {
        "kpi_detail_hrsmart": ("kpi_report", 2564),  # no year stated: its first date, 2 พ.ย. 2563
        "progress_report_2449": (
            "progress_report",
            2563,
        ),  # the ปีงบประมาณ field, not the project's name
        "minutes_2564_01": ("meeting_minutes", 2564),  # the meeting date, 6 ม.ค. 2564
        "plan2565_ocsc": ("action_plan", 2565),
    }
    assert found["progress_report_2449"]["title"] == "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"


def test_kpi_results_one_row_per_quarter(processed):
    rows = as_dicts(processed("kpi_detail_hrsmart"))["kpi_results"]
    assert [(r["line"], r["quarter"], r["result_value"], r["assessed"]) for r in rows] == [
        (28, 1, 10.0, "100 / 100"),
        (32, 2, 25.0, "100 / 100"),
        (36, 3, 65.0, "100 / 100"),
        (40, 4, 100.0, "100 / 100"),
    ]
    first = rows[0]
    assert (first["kpi_code"], first["kpi_name"]) == (
        "0402-0810",
        "ระดับความสำเร็จของการดำเนินโครงการต้นแบบ HR SMART ระดับหน่วยงาน",
    )
    assert (
        first["target_text"],
        first["target_value"],
        first["target_unit"],
        first["kpi_type"],
    ) == ("ระดับ 5", 5.0, "level", "ตัวชี้วัดเชิงยุทธศาสตร์")
    assert first["report_text"].startswith("ขั้นตอนที่ 1 จัดทำโครงการ/กิจกรรม")
    assert rows[3]["report_text"].startswith("ดำเนินการจัดทำข้อมูลองค์ความรู้")
    assert "สรุปผลการดำเนินงาน" not in rows[3]["report_text"]


def test_progress_reports_in_both_layouts(processed):
    result = processed("progress_report_2449")
    rows = as_dicts(result)["progress_reports"]
    assert [r["report_no"] for r in rows] == [
        1,
        2,
        3,
        4,
        5,
        6,
        8,
        9,
        10,
        11,
        12,
        13,
        14,
    ]  # 7 is a bare heading
    tab = only(result, "progress_reports", 69)  # tab layout: รายงานครั้งที่ 4 :: 21/1/2563
    assert (tab["report_no"], tab["report_date"], tab["progress_pct"], tab["disbursed"]) == (
        4,
        date(2020, 1, 21),
        4.0,
        Decimal("0.00"),
    )
    bullet = only(result, "progress_reports", 90)  # bulleted layout, (ครั้งที่ 8) runs one behind
    assert (
        bullet["report_no"],
        bullet["report_date"],
        bullet["progress_pct"],
        bullet["on_plan"],
        bullet["on_target"],
    ) == (9, date(2020, 5, 21), 10.0, True, True)
    wrapped = only(result, "progress_reports", 98)  # its status goes on over line 99
    assert wrapped["status_text"].endswith("ซึ่งได้ดำเนินการแล้วเสร็จ 2 วิดีโอคลิป")
    assert only(result, "progress_reports", 101)["progress_pct"] == 100.0
    assert any(
        d["code"] == "empty_report_entry" and d["line"] == 80
        for d in as_dicts(result)["diagnostics"]
    )


def test_progress_report_header_fields(processed):
    row = as_dicts(processed("progress_report_2449"))["progress_reports"][0]
    assert (row["project_code"], row["fiscal_year_be"], row["start_date"], row["end_date"]) == (
        "03000000-2449",
        2563,
        date(2019, 10, 1),
        date(2020, 9, 29),
    )
    assert (row["budget_received"], row["budget_spent"]) == (Decimal("214600.00"), Decimal("0.00"))
    assert row["project_name"].startswith("โครงการประชุมวิชาการ เรื่อง การชี้แจงแนวทาง")
    assert (
        row["responsible_unit"] == "กองพัฒนาระบบราชการกรุงเทพมหานคร"
    )  # the division of agency / division / group


def test_progress_report_off_plan_and_wrapped_figures(tmp_path, units):
    path = tmp_path / "report.txt"
    path.write_text(
        "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ\n\n"
        "ชื่อโครงการ/กิจกรรม : โครงการทดสอบ\n\nปีงบประมาณ พ.ศ. : 2566\n\n"
        "- รายงานครั้งที่ 1 :: 3/11/2565 : เริ่มดำเนินการ\n"
        " :: ความก้าวหน้าของงานฯ = 12.50 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) =\n"
        "1,250.50 บาท : ไม่เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n\n"
        "ขอรับรองว่า ข้อมูลถูกต้อง\n",
        encoding="utf-8",
    )
    (row,) = as_dicts(process_file(path, path.name, units))["progress_reports"]
    assert (
        row["fiscal_year_be"],
        row["report_date"],
        row["progress_pct"],
        row["disbursed"],
        row["on_plan"],
        row["on_target"],
        row["status_text"],
    ) == (2566, date(2022, 11, 3), 12.5, Decimal("1250.50"), False, True, "เริ่มดำเนินการ")


def test_progress_figures_wrapped_into_a_new_paragraph_and_marks_lost_to_ocr(tmp_path, units):
    """A scan's line spacing starts a paragraph where the figures wrap after `=` (the
    amount and both statements were lost), and OCR drops the small `::` marks and the
    marks over ครั้งที่ and the figures' words, and reads a report's number or bullet as
    another sign."""
    path = tmp_path / "report.txt"
    path.write_text(
        "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ\n\n"
        "ชื่อโครงการ/กิจกรรม : โครงการทดสอบ\n\nปีงบประมาณ พ.ศ. : 2566\n\n"
        "- รายงานครั้งที่ 1 :: 3/11/2565 : เริ่มดำเนินการ\n"
        " :: ความก้าวหน้าของงานฯ = 12.50 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) =\n\n"
        "0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n\n"
        "อรายงานครั้งที่ 2 20/12/2565 : ประชุม\n"  # the bullet read as a letter
        "ความก้าวหน้าของงานฯ = 20.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 2)\n\n"
        "= 5 บาท : ไม่เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n\n"
        "รายงานครงท 3 16/1/2566 : ประชุม\n"  # the marks over ครั้งที่ lost
        "ความก้าวหน้าของงานฯ = 30.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท\n\n"
        "รายงานครั้งที่ๆ :: 16/2/2566 : ประชุม\n"  # 4 read as ๆ: between 3 and 5
        ":: ความก้าวหน้าของงานฯ = 40.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 4) = 0 บาท\n\n"
        "=รายงานครั้งที่ 5 :: 16/3/2566 : ประชุม\n"  # the bullet read as `=`, the marks over
        # the figures lost
        ":: ความกาวหนาของงานฯ = 50.00 % งบประมาณทีเบิกใช (ครั้งที่ 5) = 7 บาท\n\n"
        "- รายงานครั้งที่ผ่านมา ได้ดำเนินการแล้ว\n\n"  # words, not a misread number
        "ขอรับรองว่า ข้อมูลถูกต้อง\n",
        encoding="utf-8",
    )
    rows = as_dicts(process_file(path, path.name, units))["progress_reports"]
    assert [r["report_no"] for r in rows] == [1, 2, 3, 4, 5]
    assert (rows[4]["progress_pct"], rows[4]["disbursed"]) == (50.0, Decimal("7.00"))
    assert [
        (r["report_date"], r["progress_pct"], r["disbursed"], r["on_plan"], r["on_target"])
        for r in rows[:3]
    ] == [
        (date(2022, 11, 3), 12.5, Decimal("0.00"), True, True),
        (date(2022, 12, 20), 20.0, Decimal("5.00"), False, True),
        (date(2023, 1, 16), 30.0, Decimal("0.00"), None, None),
    ]


def test_progress_figures_whose_bracket_and_equals_ocr_misread_still_give_the_amount(
    tmp_path, units
):
    """Report 10 as OCR read a held-out scan of progress_report_2449 (220 dpi, skew 0.85,
    noise 0.003, blur 0.55, q 68): `(ครั้งที่ 9) =` read `(ครั้งที่ ญู`, and the line
    spacing starts a paragraph before `0 บาท`. Figures that name the disbursement without
    its บาท go on, and the amount is the figure before บาท; the row had no amount and no
    statements."""
    path = tmp_path / "report.txt"
    path.write_text(
        "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ\n\n"
        "ชื่อโครงการ/กิจกรรม : โครงการทดสอบ\n\nปีงบประมาณ พ.ศ. : 2563\n\n"
        "- รายงานครั้งที่10 :: 17/06/2563 : ประชุมคณะกรรมการ\n"
        ":: ความก้าวหน้าของงานฯ = 15.00 % งบประมาณที่เบิกใช้(ครั้งที่ ญู\n\n"
        "0 บาท : เป็นไปตามแผน: ไม่เป็นไปตามเป้าหมาย\n\n"
        "- รายงานครั้งที่11 :: 20/07/2563 : ประชุม\n"
        ":: ความก้าวหน้าของงานฯ = 20.00 % งบประมาณที่เบิกใช้ (ครั้งที่10)\n\n"
        "= 1,250 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n\n"
        "ขอรับรองว่า ข้อมูลถูกต้อง\n",
        encoding="utf-8",
    )
    rows = as_dicts(process_file(path, path.name, units))["progress_reports"]
    assert [
        (r["report_no"], r["progress_pct"], r["disbursed"], r["on_plan"], r["on_target"])
        for r in rows
    ] == [(10, 15.0, Decimal("0.00"), True, False), (11, 20.0, Decimal("1250.00"), True, True)]


def test_kpi_results_from_a_quarter_table(tmp_path, units):
    path = tmp_path / "kpi.txt"
    path.write_text(
        "รายละเอียดตัวชี้วัด\n\n(2) ร้อยละของหน่วยงานที่ส่งรายงาน : 1234-0001\n\nค่าเป้าหมาย ร้อยละ : 80\n\n"
        "ไตรมาสที่\tผลงาน\tผลประเมินตัวชี้วัด\n1\t40.00\t50 / 100\n2\t85.50\t100 / 100\n",
        encoding="utf-8",
    )
    rows = as_dicts(process_file(path, path.name, units))["kpi_results"]
    assert [
        (r["quarter"], r["result_value"], r["assessed"], r["target_value"], r["target_unit"])
        for r in rows
    ] == [(1, 40.0, "50 / 100", 80.0, "percent"), (2, 85.5, "100 / 100", 80.0, "percent")]


FOUR_QUARTERS = [
    (1, 10.0, "100 / 100"),
    (2, 25.0, "100 / 100"),
    (3, 65.0, "100 / 100"),
    (4, 100.0, "100 / 100"),
]


def _quarters_read(tmp_path, units, values: list[str]) -> list[tuple]:
    """(quarter, result, assessed) of a KPI report whose quarter table OCR read as
    `values`, one cell a line under the table's header."""
    path = tmp_path / "kpi.txt"
    path.write_text(
        "รายละเอียดตัวชี้วัด\n\n(1) ระดับความสำเร็จของโครงการ : 0402-0810\n\n"
        "ค่าเป้าหมาย ระดับ : 5\n\nไตรมาสที่\n(1-4)\n*ผลงาน*\n(ระดับ)\n*ผลประเมินตัวชี้วัด*\n"
        + "".join(f"{value}\n" for value in values)
        + "\nรายงานผลฯ ไตรมาสที่ 1\n\nจัดทำโครงการ\n",
        encoding="utf-8",
    )
    rows = as_dicts(process_file(path, path.name, units))["kpi_results"]
    return [(r["quarter"], r["result_value"], r["assessed"]) for r in rows]


def test_kpi_results_whose_quarter_numbers_ocr_lost_are_numbered_by_their_assessed_values(
    tmp_path, units
):
    """The quarter table as OCR read a held-out scan of kpi_detail_hrsmart (200 dpi, skew
    0.9, noise 0.003, blur 0.5, q 65): the lone numbers 2, 3 and 4 dropped as speckle, so
    only quarter 1 was written. Each quarter's values close with its assessed `a / b`."""
    values = ["1", "10.00", "100", "100 / 100", "25.00", "100", "100 / 100"]
    values += ["65.00", "100", "100 / 100", "100.00", "100", "100 / 100"]
    assert _quarters_read(tmp_path, units, values) == FOUR_QUARTERS


def test_a_quarter_number_ocr_misread_is_the_quarter_its_place_gives(tmp_path, units):
    """The quarter table as OCR read another held-out scan of kpi_detail_hrsmart (220 dpi,
    skew 0.85, noise 0.003, blur 0.55, q 68): quarter 3's lone number read `5`, so the
    values split into no quarters and only one row was written. Each quarter's values close
    with its assessed `a / b`, all four groups are as long, and three open with their own
    number: the fourth's first value is its number misread. Quarter 2's `100/ 100` is
    written as the others are."""
    values = ["1", "10.00", "100", "100 / 100", "2", "25.00", "100", "100/ 100"]
    values += ["5", "65.00", "100", "100 / 100", "4", "100.00", "100", "100 / 100"]
    assert _quarters_read(tmp_path, units, values) == FOUR_QUARTERS


def test_the_one_amount_ocr_misread_in_a_table_is_its_total_less_the_other_rows(tmp_path, units):
    """The secretariat plan's routine table with ๕๐,๓๐๐.- read as ๕๐,๓๐๐๑.“ (a mild
    scan): the row had no amount. Its digits are 50300 but one, and the stated total less
    the other rows is 50300: the amount is that, noted."""
    from pathlib import Path

    src = Path(__file__).parent / "data" / "text" / "plan2562_secretariat.txt"
    lines = src.read_text(encoding="utf-8").split("\n")
    assert "\t๕๐,๓๐๐.-\tกทม." in lines[381]
    lines[381] = lines[381].replace("\t๕๐,๓๐๐.-\t", "\t๕๐,๓๐๐๑.“\t")
    path = tmp_path / "plan2562_secretariat.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = process_file(path, path.name, units)
    (row,) = rows_at(result, "budget_items", 382)
    assert (row["amount"], row["funding_status"]) == (Decimal("50300.00"), "funded")
    (total,) = [c for c in rows_at(result, "checks", 383) if c["check"] == "budget_table_total"]
    # the total gave the row its amount, so it cannot check it: unverifiable, never `ok`
    assert (total["status"], total["actual"]) == ("unverifiable", Decimal("3500000.00"))
    codes = [d["code"] for d in as_dicts(result)["diagnostics"]]
    assert codes.count("amount_mended_by_total") == 1


def test_a_title_ocr_misread_by_a_letter_still_names_the_document_type(tmp_path, units):
    """The KPI report's scans read its title รายละเอียดตัวชี้วัด as รายละเอียดตัวขี้วัด (ช as
    ข), and the document's type came out unknown."""
    from thaiplan.extract.process import process_file

    name = "kpi_detail_hrsmart.txt"
    lines = (TEXT / name).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "รายละเอียดตัวชี้วัด"
    lines[0] = "รายละเอียดตัวขี้วัด"
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    (document,) = as_dicts(process_file(path, name, units))["documents"]
    assert document["doc_type"] == "kpi_report"
