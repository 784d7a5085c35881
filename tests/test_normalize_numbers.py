"""normalize.numbers on the amounts, targets and percentages of NORMALIZATION.md."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiplan.normalize.numbers import (
    AMOUNT_STATUSES,
    Amount,
    Target,
    parse_amount,
    parse_number,
    parse_percent,
    parse_target,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("11,125,900", Decimal("11125900")),
        ("๑๔,๗๐๐,๐๐๐.-", Decimal("14700000")),
        ("๕๐,๓๐๐.-", Decimal("50300")),
        ("214,600 บาท", Decimal("214600")),
        ("85.00", Decimal("85.00")),
        ("งบประมาณ : 11,125,900 บาท", Decimal("11125900")),
        ("งบประมาณที่ใช้ไป : 0 บาท", Decimal("0")),
        ("1.5 ล้านบาท", Decimal("1500000")),
    ],
)
def test_parse_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


def test_parse_number_is_never_float() -> None:
    assert isinstance(parse_number("85.00"), Decimal)


@pytest.mark.parametrize(
    "text",
    ["", "-", "ไม่ใช้งบประมาณ", "774,750 (ไม่ได้รับงบประมาณ)", "2566 - 2570", "ครั้งที่ 1/2564", "1,2345"],
)
def test_parse_number_rejects_text_that_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value", "status"),
    [
        ("11,125,900", Decimal("11125900.00"), "funded"),
        ("๑๔,๗๐๐,๐๐๐.-", Decimal("14700000.00"), "funded"),
        ("214,600 บาท", Decimal("214600.00"), "funded"),
        ("11,125,900 บาท", Decimal("11125900.00"), "funded"),
        ("774,750 (ไม่ได้รับงบประมาณ)", Decimal("774750.00"), "not_funded"),
        ("6,894,300 (ไม่ได้รับ งบประมาณ)", Decimal("6894300.00"), "not_funded"),
        ("10,000,000 (ยุบรวมโครงการ)", Decimal("10000000.00"), "merged"),
        ("5,087,700 (ยุบรวมโครงการ)", Decimal("5087700.00"), "merged"),
        ("-", None, "no_budget"),
        ("–", None, "no_budget"),
        ("ไม่ใช้งบประมาณ", None, "no_budget"),
        ("", None, "unknown"),
        ("   ", None, "unknown"),
        ("ตามที่ สงม. กำหนด", None, "unknown"),
        ("(ไม่ได้รับงบประมาณ)", None, "not_funded"),
    ],
)
def test_parse_amount(text: str, value: Decimal | None, status: str) -> None:
    assert parse_amount(text) == Amount(value, status, text)


def test_parse_amount_keeps_two_places_and_raw_text() -> None:
    amount = parse_amount("๑๔,๗๐๐,๐๐๐.-")
    assert amount.value is not None and amount.value.as_tuple().exponent == -2
    assert amount.raw == "๑๔,๗๐๐,๐๐๐.-"


def test_parse_amount_is_frozen() -> None:
    with pytest.raises(AttributeError):
        parse_amount("1").value = Decimal(2)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("ร้อยละ 80", Target("ร้อยละ 80", 80.0, "percent", "ร้อยละ")),
        ("ร้อยละ ๑๐๐", Target("ร้อยละ 100", 100.0, "percent", "ร้อยละ")),
        ("ร้อยละ ๗๐", Target("ร้อยละ 70", 70.0, "percent", "ร้อยละ")),
        ("ระดับ 5", Target("ระดับ 5", 5.0, "level", "ระดับ")),
        ("ค่าเป้าหมาย ระดับ : 5", Target("ระดับ 5", 5.0, "level", "ระดับ")),
        ("จำนวน 1 ฉบับ", Target("จำนวน 1 ฉบับ", 1.0, "count", "ฉบับ")),
        ("(ค่าเป้าหมาย..จำนวน 1..ฉบับ)", Target("จำนวน 1 ฉบับ", 1.0, "count", "ฉบับ")),
        ("(ค่าเป้าหมาย..ระดับ..5)", Target("ระดับ 5", 5.0, "level", "ระดับ")),
        ("(ค่าเป้าหมาย จำนวน 1 เรื่อง)", Target("จำนวน 1 เรื่อง", 1.0, "count", "เรื่อง")),
        ("6 ครั้ง", Target("6 ครั้ง", 6.0, "count", "ครั้ง")),
        ("๖ ครั้ง", Target("6 ครั้ง", 6.0, "count", "ครั้ง")),
        ("ค่าเป้าหมาย : ๖ ครั้ง", Target("6 ครั้ง", 6.0, "count", "ครั้ง")),
        ("85.00 คะแนน", Target("85.00 คะแนน", 85.0, "score", "คะแนน")),
        ("จำนวน 3", Target("จำนวน 3", 3.0, "count", "จำนวน")),
        ("80 %", Target("80 %", 80.0, "percent", "ร้อยละ")),
        ("30 วัน", Target("30 วัน", 30.0, "other", "วัน")),
        # any noun counted after a number is a count, not only the classifiers listed
        ("๑๒ สถานี", Target("12 สถานี", 12.0, "count", "สถานี")),
        ("ไม่น้อยกว่า 2 ชมรม", Target("ไม่น้อยกว่า 2 ชมรม", 2.0, "count", "ชมรม")),
        ("3 หลักสูตร/ปี", Target("3 หลักสูตร/ปี", 3.0, "count", "หลักสูตร")),
        # money, time and physical measures are measured, not counted
        ("2.5 ล้านบาท", Target("2.5 ล้านบาท", 2.5, "other", "ล้านบาท")),
        ("จำนวน 500,000 บาท", Target("จำนวน 500,000 บาท", 500000.0, "other", "บาท")),
        ("๓๐ นาที", Target("30 นาที", 30.0, "other", "นาที")),
        ("4 ไตรมาส", Target("4 ไตรมาส", 4.0, "other", "ไตรมาส")),
        ("120 ตัน", Target("120 ตัน", 120.0, "other", "ตัน")),
    ],
)
def test_parse_target(text: str, target: Target) -> None:
    assert parse_target(text) == target


@pytest.mark.parametrize("text", ["-", "", "–", "  "])
def test_parse_target_missing(text: str) -> None:
    assert parse_target(text) == Target(None, None, None, None)


def test_parse_target_without_number_is_qualitative() -> None:
    assert parse_target("ระดับ A") == Target("ระดับ A", None, "other", None)


def test_parse_target_bare_number_states_no_unit() -> None:
    assert parse_target("100") == Target("100", 100.0, None, None)


def test_parse_target_first_unit_in_text_wins() -> None:
    target = parse_target("ร้อยละ 80 ของหน่วยงานได้ 85 คะแนน")
    assert (target.value, target.unit) == (80.0, "percent")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ร้อยละ 10", 10.0),
        ("10", 10.0),
        ("10 %", 10.0),
        ("1.00 %", 1.0),
        ("(ค่าน้ำหนัก ร้อยละ 10)", 10.0),
        ("ความก้าวหน้าของงานฯ = 100.00 %", 100.0),
        ("๕", 5.0),
        ("", None),
        ("-", None),
        ("6 ครั้ง", None),
    ],
)
def test_parse_percent(text: str, value: float | None) -> None:
    assert parse_percent(text) == value


@given(st.text(alphabet=st.sampled_from("0123456789๑๒,.- ()บาทไม่ใช้งบประมาณยุบรวม%"), max_size=30))
def test_parse_amount_never_raises(text: str) -> None:
    amount = parse_amount(text)
    assert amount.status in AMOUNT_STATUSES
    assert (amount.value is None) or amount.status in ("funded", "not_funded", "merged")


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_parse_amount_round_trips_formatted_numbers(value: Decimal) -> None:
    assert parse_amount(f"{value:,.2f}").value == value


def test_parse_amount_too_large_for_the_money_column_is_unknown() -> None:
    assert parse_amount("100000000000000000000000000") == Amount(
        None, "unknown", "100000000000000000000000000"
    )
