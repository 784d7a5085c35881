"""normalize.dates on the years, months and dates of NORMALIZATION.md."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiplan.normalize.dates import (
    be_to_ce,
    ce_to_be,
    fiscal_year_ce,
    month_number,
    parse_thai_date,
    year_be_from_text,
)


def test_buddhist_era() -> None:
    assert be_to_ce(2565) == 2022
    assert ce_to_be(2022) == 2565
    assert be_to_ce(ce_to_be(1999)) == 1999


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2021, 10, 1), 2022),
        (date(2022, 9, 30), 2022),
        (date(2021, 9, 30), 2021),
        (date(2022, 1, 1), 2022),
    ],
)
def test_fiscal_year_runs_october_to_september(day: date, fiscal_year: int) -> None:
    assert fiscal_year_ce(day) == fiscal_year


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_fiscal_year_changes_only_on_1_october(day: date) -> None:
    following = day + timedelta(days=1)
    changes = fiscal_year_ce(following) != fiscal_year_ce(day)
    assert changes == ((following.month, following.day) == (10, 1))


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("ม.ค.", 1),
        ("ก.พ.", 2),
        ("มี.ค.", 3),
        ("เม.ย.", 4),
        ("พ.ค.", 5),
        ("มิ.ย.", 6),
        ("ก.ค.", 7),
        ("ส.ค.", 8),
        ("ก.ย.", 9),
        ("ต.ค.", 10),
        ("พ.ย.", 11),
        ("ธ.ค.", 12),
        ("กพ", 2),
        ("กพ.", 2),
        ("ก.พ", 2),
        ("มี.ย.", 6),
        (" ต. ค. ", 10),
        ("มกราคม", 1),
        ("พฤศจิกายน", 11),
        ("ธันวาคม", 12),
    ],
)
def test_month_number(written: str, month: int) -> None:
    assert month_number(written) == month


@pytest.mark.parametrize("text", ["", "พ.ศ. 2564", "ระยะเวลาดำเนินการ", "ก.ก.", "13"])
def test_month_number_rejects_other_text(text: str) -> None:
    assert month_number(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("16/10/2562", date(2019, 10, 16)),
        ("21/05/2563", date(2020, 5, 21)),
        ("21/1/2563", date(2020, 1, 21)),
        ("รายงานครั้งที่ 1\t:: 16/10/2562 : อยู่ระหว่างขั้นตอนการศึกษาข้อมูลโครงการ", date(2019, 10, 16)),
        ("2 พฤศจิกายน 2563", date(2020, 11, 2)),
        ("๒ พ.ย. ๒๕๖๓", date(2020, 11, 2)),
        ("วันที่ ๖ มกราคม ๒๕๖๔", date(2021, 1, 6)),
        ("ลงวันที่ 9 สิงหาคม พ.ศ. 2561", date(2018, 8, 9)),
        ("2019-10-01 00:00:00", date(2019, 10, 1)),
        ("สิ้นสุดโครงการ : 2020-09-29 00:00:00", date(2020, 9, 29)),
        ("ผลการเบิกจ่าย ณ 30 ก.ย. 64", date(2021, 9, 30)),
        ("ครั้งที่ 2/2564 เมื่อวันที่ 15 มกราคม 2564", date(2021, 1, 15)),
    ],
)
def test_parse_thai_date(text: str, day: date) -> None:
    assert parse_thai_date(text) == day


@pytest.mark.parametrize(
    "text",
    ["", "31/02/2563", "ครั้งที่ 5/2561", "จำนวน 3 ระบบ 2565", "(พ.ศ. 2566 - 2570)", "พฤศจิกายน 2564"],
)
def test_parse_thai_date_rejects_text_without_a_full_date(text: str) -> None:
    assert parse_thai_date(text) is None


def test_parse_thai_date_does_not_mistake_months_10_to_12() -> None:
    # pythainlp's thai_strptime reads numeric months 10-12 as January
    assert [parse_thai_date(f"1/{m}/2563") for m in (10, 11, 12)] == [
        date(2020, 10, 1),
        date(2020, 11, 1),
        date(2020, 12, 1),
    ]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("แผนปฏิบัติการประจำปี พ.ศ.2565", 2565),
        ("แผนปฏิบัติการประจำปี พ.ศ. ๒๕๖๒", 2562),
        ("ประจำปี พ.ศ. ๒๕๖๒", 2562),
        ("ปีงบประมาณ พ.ศ. 2565", 2565),
        ("ปีงบประมาณ 2563", 2563),
        ("ปีงบประมาณ พ.ศ. : 2563", 2563),
        ("สรุปโครงการ/กิจกรรมและงบประมาณ ประจำปีงบประมาณ พ.ศ. 2565", 2565),
        ("แนวทางการประเมินผลตามคำรับรอง พ.ศ. 2565 (พ.ศ. 2561 – 2565)", 2565),
    ],
)
def test_year_be_from_text(text: str, year: int) -> None:
    assert year_be_from_text(text) == year


@pytest.mark.parametrize(
    "text",
    ["", "รายละเอียดตัวชี้วัด", "แผนยุทธศาสตร์ (พ.ศ. 2561 – 2565)", "ปีงบประมาณ 2020"],
)
def test_year_be_from_text_none(text: str) -> None:
    assert year_be_from_text(text) is None
