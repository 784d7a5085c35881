"""Every number parser in normalize/ on numbers of up to 10^4 digits and other pathological
numbers: no exception, and a value only when it is one a column can hold."""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from thaiplan.normalize.dates import (
    month_number,
    most_named_year,
    parse_thai_date,
    year_be_from_text,
)
from thaiplan.normalize.numbers import (
    MAX_DIGITS,
    figure_unread,
    parse_amount,
    parse_number,
    parse_percent,
    parse_target,
    unit_scale,
)

DIGITS = "0123456789๐๑๒๓๔๕๖๗๘๙"
BEFORE = ["", "ร้อยละ ", "ระดับ ", "จำนวน ", "ค่าเป้าหมาย ", "งบประมาณ : ", "พ.ศ. ", "ปีงบประมาณ "]
BEFORE += ["วันที่ 1/1/", "1 มกราคม ", "(", "-"]
AFTER = ["", " บาท", " ล้านบาท", " %", " คะแนน", " ครั้ง", ".-", " (ไม่ได้รับงบประมาณ)", ")"]
AFTER += [".5", ",000", "e999999", "/10/2563", "-01-01"]
PATHOLOGICAL = ["1e999999", "NaN", "Infinity", "-0", "1,", ".", "١٢٣", "𝟗" * 5000, "9" * 4301]
PATHOLOGICAL += ["1," * 5000 + "1", "1,000" * 3000, "0." + "0" * 10_000 + "1", "9" * 10_000]


@st.composite
def long_numbers(draw: st.DrawFn) -> str:
    """A digit run of up to 10^4 digits (Thai or Arabic), maybe grouped or with decimals."""
    length = draw(st.integers(1, 10_000))
    chunk = draw(st.text(alphabet=DIGITS, min_size=1, max_size=12))
    run = (chunk * (length // len(chunk) + 1))[:length]
    if draw(st.booleans()):
        run = ",".join(run[i : i + 3] for i in range(0, len(run), 3))
    return run


TEXTS = st.one_of(
    st.builds(
        lambda before, number, after: before + number + after,
        st.sampled_from(BEFORE),
        long_numbers(),
        st.sampled_from(AFTER),
    ),
    st.sampled_from(PATHOLOGICAL),
)
#: Largest magnitude a parsed number may have: MAX_DIGITS digits, times a scale word (ล้าน).
LARGEST = 10 ** (MAX_DIGITS + 6)


def bounded(value: float | Decimal | None) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) < LARGEST


@settings(max_examples=300, deadline=1000)
@given(TEXTS)
def test_every_number_parser_bounds_what_it_reads(text):
    assert bounded(parse_number(text))
    amount = parse_amount(text)
    assert amount.value is None or abs(amount.value) < Decimal(10) ** 16
    assert bounded(parse_target(text).value)
    assert bounded(parse_percent(text))
    assert figure_unread(parse_number(text), text) in (True, False)
    date = parse_thai_date(text)
    assert date is None or 1 <= date.year <= 9999
    for year in (year_be_from_text(text), most_named_year([text, text])):
        assert year is None or 2400 < year < 10_000
    assert month_number(text) in (None, *range(1, 13))
    assert unit_scale(text) in (1, 10**3, 10**4, 10**5, 10**6)


def test_a_number_past_max_digits_is_no_value():
    huge = "๙" * (MAX_DIGITS + 1)
    assert parse_number(huge) is None and parse_number(huge[:-1]) is not None
    assert parse_amount(f"{huge} บาท").status == "unknown"
    target = parse_target(f"ร้อยละ {huge}")
    assert (target.text, target.value) == ("ร้อยละ …", None)
    assert parse_percent(f"{huge} %") is None
