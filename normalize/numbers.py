"""Numbers, budget amounts, targets and percentages as plans write them.

Money is Decimal, never float: a budget total must reconcile to the satang. Targets and
percentages are measurements and come back as float (the datasets store them as double).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.keywords import contains
from thaiplan.normalize.text import THAI_LETTERS, clean_text
from thaiplan.normalize.words import segment

#: A number with optional thousands commas and decimals (Arabic digits).
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

# The whole text is one number: an optional label ending in ':' or '=' (งบประมาณ :,
# ความก้าวหน้าของงานฯ =), the number, an optional '.-' (whole baht, no satang) and an
# optional unit word (บาท, คน, %).
_NUMBER_TEXT = re.compile(
    rf"^(?:.*[:=])?\s*(?P<num>{NUMBER})(?:\.-)?\s*(?P<unit>%|[{THAI_LETTERS}.]+)?$", re.S
)
# A unit that is a Thai scale word (ล้านบาท) multiplies the number.
_SCALES = {"พัน": 10**3, "หมื่น": 10**4, "แสน": 10**5, "ล้าน": 10**6}
_SCALE_UNIT = re.compile(r"^(พัน|หมื่น|แสน|ล้าน)(?:บาท)?$")

_DASHES = frozenset("-–—−")
#: Money is kept to the satang: decimal128(18, 2).
CENT = Decimal("0.01")
#: Money columns are decimal128(18, 2): at most 16 digits before the point.
AMOUNT_LIMIT = Decimal(10) ** 16
#: Digits a number may have before it is no amount, count, year or measurement (money has
#: at most 18, a spreadsheet's float 17): a longer one (a runaway export, a "KPI number" of
#: 5,000 digits) has no value. Checked before any conversion, whose cost grows with length.
MAX_DIGITS = 32
_NUMBER_RUN = re.compile(NUMBER)
#: A figure grouped by threes after its first group, some commas there, some lost.
_FIGURE = re.compile(r"\d[\d,]*")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})*")
_GROUPS_COMMA_LOST = re.compile(r"^\d{1,3}(?=(?:,?\d{3})*,)(?:,?\d{3})+(?![\d,])")


def to_money(value: Decimal | int) -> Decimal:
    """Baht to the satang, halves rounded up as accountants do.

    >>> to_money(Decimal("11125900.005"))
    Decimal('11125900.01')
    >>> to_money(14700000)
    Decimal('14700000.00')
    """
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# Status notes as written: a note may wrap inside the cell and OCR drops marks
# (`ไมใช้งบประมาณ`), so they match within the keyword tolerance, spaces ignored.
_NO_BUDGET_NOTE = "ไม่ใช้งบ"
_STATUS_NOTES = (
    (("ไม่ได้รับการจัดสรร", "ไม่ได้รับจัดสรร", "ไม่ได้รับงบ"), "not_funded"),
    (("ยุบรวม",), "merged"),
)
# A trailing note: the last bracketed group, or a trailing run of Thai words.
_TRAILING_NOTE = re.compile(
    rf"^(?P<head>.*?)\s*(?P<note>\([^()]*\)|[{THAI_LETTERS}][{THAI_LETTERS}\s]*)$", re.S
)

AMOUNT_STATUSES = ("funded", "not_funded", "merged", "no_budget", "unknown")

_PERCENT = re.compile(rf"ร้อยละ\s*({NUMBER})|({NUMBER})\s*%")
_LEVEL = re.compile(rf"ระดับ(?:ที่)?\s*({NUMBER})")
_SCORE = re.compile(rf"({NUMBER})\s*คะแนน")
_COUNT = re.compile(rf"จำนวน\s*({NUMBER})(?:\s*([{THAI_LETTERS}]+))?")
_NUMBER_WORD = re.compile(rf"({NUMBER})\s*([{THAI_LETTERS}]+)")
_BARE_NUMBER = re.compile(rf"^({NUMBER})$")

#: Classifiers plans count in, matched as a prefix of the word after the number (Thai
#: writes no space after it): they name `unit_th` where a longer word follows (`ระบบงาน`).
COUNT_WORDS = tuple(
    sorted(
        [
            "ฉบับ",
            "เรื่อง",
            "ครั้ง",
            "ศูนย์",
            "คน",
            "แห่ง",
            "โครงการ",
            "กิจกรรม",
            "ระบบ",
            "หน่วยงาน",
            "หลักสูตร",
            "รายการ",
            "ราย",
            "ชิ้น",
            "เล่ม",
            "ชุด",
            "แผน",
            "ด้าน",
            "ช่องทาง",
            "ตำแหน่ง",
            "เขต",
            "องค์กร",
            "นวัตกรรม",
            "ประเด็น",
            "กลุ่ม",
            "รุ่น",
            "เครือข่าย",
            "ฐานข้อมูล",
            "มาตรการ",
            "แนวทาง",
            "คู่มือ",
            "ผลงาน",
        ],
        key=len,
        reverse=True,
    )
)
#: Units that measure rather than count: money (a scale word opens ล้านบาท), time, and
#: physical measures. "N <any other noun>" counts things (`12 สถานี`, `3 หลักสูตร`).
MONEY_WORDS = frozenset({"บาท", "สตางค์", "พัน", "หมื่น", "แสน", "ล้าน"})
TIME_WORDS = frozenset(
    {"วินาที", "นาที", "ชั่วโมง", "ชม", "วัน", "สัปดาห์", "อาทิตย์", "เดือน", "ไตรมาส", "ปี"}
)
MEASURE_WORDS = frozenset(
    {"เท่า", "กิโลกรัม", "กก", "ตัน", "ลิตร", "เมตร", "กิโลเมตร", "กม", "ไร่", "ตารางเมตร"}
)
NOT_COUNTED = MONEY_WORDS | TIME_WORDS | MEASURE_WORDS


def _normal(text: str) -> str:
    return drop_overlong(thai_to_arabic(clean_text(text)))[0]


def digit_count(number: str) -> int:
    """Digits in a written number (Thai or Arabic; commas and the point not counted)."""
    return sum(char.isdigit() for char in number)


def drop_overlong(text: str) -> tuple[str, list[str]]:
    """`text` with each number of more than MAX_DIGITS digits replaced by `…`, and those
    numbers: what no parser converts, nor searches (a pattern that backtracks over a digit
    run takes time quadratic in its length: 13 s for 10^4 digits).

    >>> kept, dropped = drop_overlong("ร้อยละ " + "๙" * 40 + " และ 12")
    >>> kept, [len(n) for n in dropped]
    ('ร้อยละ … และ 12', [40])
    >>> drop_overlong("๑๔,๗๐๐,๐๐๐.-") + drop_overlong("0.30000000000000004")
    ('๑๔,๗๐๐,๐๐๐.-', [], '0.30000000000000004', [])
    """
    dropped: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if digit_count(match[0]) <= MAX_DIGITS:
            return match[0]
        dropped.append(match[0])
        return "…"

    return _NUMBER_RUN.sub(replace, text), dropped


#: a point among a figure's thousands groups, or in a figure of บาท, with three digits
#: after it: a comma read as a point
_POINT_FOR_COMMA = re.compile(
    r"(\d,\d{3})\.(\d{3})(?![\d.,])|(?<![\d.,])(\d{1,3})\.(\d{3})(?=\s*บาท)"
)


def comma_for_point(text: str) -> str:
    """`text` with a point that ends a figure's thousands groups (`378,231.950`), or that
    has three digits after it in a figure of บาท (`1.595 บาท`), read as the comma it is:
    satang take two digits, so three after a point are a group of thousands (a scan's
    comma blurred to a point).

    >>> comma_for_point("งาน 378,231,950 378,231.950"), comma_for_point("ค่า 1.595 บาท")
    ('งาน 378,231,950 378,231,950', 'ค่า 1,595 บาท')
    >>> comma_for_point("1,250.50 และ 231.950 และ 1,231.9500 และ 43.811 ล้านบาท")
    '1,250.50 และ 231.950 และ 1,231.9500 และ 43.811 ล้านบาท'
    """
    return _POINT_FOR_COMMA.sub(lambda m: ",".join(g for g in m.groups() if g), text)


#: a figure's one comma with 1, 2, 4 or 5 digits after it: no thousands group, nor groups
#: that lost a comma (six digits may be `6,894300`, see _comma_lost)
_COMMA_FOR_POINT = re.compile(r"(?<![\d,.])(\d{1,3}),(\d{1,2}|\d{4,5})(?![\d,.])")


def point_for_comma(text: str) -> str:
    """`text` with a figure's one comma that groups no thousands (`43,8115` in a column of
    ล้านบาท) read as the decimal point it is: a scan's point read as a comma.

    >>> point_for_comma("43,8115 ล้านบาท"), point_for_comma("2,5")
    ('43.8115 ล้านบาท', '2.5')
    >>> point_for_comma("43,811 และ 1,234,5678 และ 43.8115 และ 6,894300")
    '43,811 และ 1,234,5678 และ 43.8115 และ 6,894300'
    """
    return _COMMA_FOR_POINT.sub(r"\1.\2", text)


def _to_decimal(number: str) -> Decimal | None:
    """The number, or None when it has more than MAX_DIGITS digits (counted first)."""
    if digit_count(number) > MAX_DIGITS:
        return None
    return Decimal(number.replace(",", ""))


def _to_float(number: str) -> float | None:
    value = _to_decimal(number)
    return None if value is None else float(value)


def _number_and_unit(text: str) -> tuple[Decimal, str | None] | None:
    """The number a normalised text consists of, with the unit word after it (None for a
    number too long to be one)."""
    match = _NUMBER_TEXT.match(text)
    if match is None:
        return None
    value, unit = _to_decimal(match.group("num")), match.group("unit")
    return None if value is None else (value * unit_scale(unit or ""), unit)


def unit_scale(unit: str) -> int:
    """What a unit word multiplies a number by: a Thai scale word (ล้านบาท) its power of ten,
    anything else (บาท) 1.

    >>> unit_scale("ล้านบาท"), unit_scale("บาท"), unit_scale("แสน")
    (1000000, 1, 100000)
    """
    scale = _SCALE_UNIT.match(unit)
    return _SCALES[scale.group(1)] if scale else 1


def parse_number(text: str) -> Decimal | None:
    """The number a cell holds, or None when the cell is more than a number.

    Thai or Arabic digits, thousands commas, a `.-` suffix, decimals kept as written.
    Words around the number are ignored only when the text is essentially that number:
    a label ending in `:` or `=` before it, one unit word after it (a scale word such as
    ล้านบาท multiplies).

    >>> parse_number("11,125,900")
    Decimal('11125900')
    >>> parse_number("๑๔,๗๐๐,๐๐๐.-")
    Decimal('14700000')
    >>> parse_number("214,600 บาท")
    Decimal('214600')
    >>> parse_number("85.00")
    Decimal('85.00')
    >>> parse_number("งบประมาณ : 11,125,900 บาท")
    Decimal('11125900')
    >>> parse_number("2.5 ล้านบาท")
    Decimal('2500000.0')
    >>> parse_number("774,750 (ไม่ได้รับงบประมาณ)") is None
    True
    >>> parse_number("(พ.ศ. 2566 - 2570)") is None
    True
    """
    found = _number_and_unit(_normal(text))
    return None if found is None else found[0]


@dataclass(frozen=True)
class Amount:
    """A budget cell: the amount (baht, 2 places) and what the cell says about it."""

    value: Decimal | None
    status: str
    raw: str


def figure_unread(value: Decimal | None, raw: str | None) -> bool:
    """Whether a cell writes a figure (a digit) that did not read as a number.

    >>> figure_unread(None, "๑๔,๗ฒ๐๐,๐๐๐.-"), figure_unread(None, "ไม่ใช้งบประมาณ")
    (True, False)
    >>> figure_unread(Decimal(1), "1"), figure_unread(None, None)
    (False, False)
    """
    return value is None and any(char.isdigit() for char in raw or "")


def figure_fits(raw: str | None, value: Decimal) -> bool:
    """Whether the digits OCR read in `raw` (before its decimal point) are the whole digits
    of `value` but for one digit added, lost or misread (`๕๐,๓๐๐๑.“` for 50300).

    >>> figure_fits("๕๐,๓๐๐๑.“", Decimal(50300)), figure_fits("๑๔,ฒ๐๐,๐๐๐.-", Decimal(14700000))
    (True, True)
    >>> figure_fits("๕๘,๐๐๐.-", Decimal(50300)), figure_fits(None, Decimal(1))
    (False, False)
    """
    read = thai_to_arabic((raw or "").split(".")[0])
    got, want = "".join(ch for ch in read if ch.isdigit()), str(int(value))
    if not got or abs(len(got) - len(want)) > 1:
        return False
    if len(got) == len(want):
        return sum(a != b for a, b in zip(got, want, strict=True)) <= 1
    short, long = sorted((got, want), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def grouped_as_printed(raw: str | None) -> bool:
    """Whether a figure's whole digits are grouped in threes by commas, as a printed amount
    is; a scan's `2252` (a comma lost or a digit for it) is not.

    >>> grouped_as_printed("29,440 บาท"), grouped_as_printed("899 บาท"), grouped_as_printed("2252 บาท")
    (True, True, False)
    >>> grouped_as_printed("๑,๒๓๔.๕๐"), grouped_as_printed("12,34 บาท"), grouped_as_printed(None)
    (True, False, False)
    """
    figure = _FIGURE.search(thai_to_arabic(raw or ""))
    return figure is not None and bool(_GROUPED.fullmatch(figure[0].rstrip(",")))


def _note_status(note: str) -> str | None:
    return next(
        (status for words, status in _STATUS_NOTES if any(contains(note, w) for w in words)),
        None,
    )


def _comma_lost(text: str) -> str:
    """A figure whose thousands grouping lost a comma (a scan's `6,894300`) without its
    commas, when every group after the first is still three digits, each with or without
    its comma; else the text as it is.

    >>> _comma_lost("6,894300"), _comma_lost("6,89430"), _comma_lost("12,345,678")
    ('6894300', '6,89430', '12345678')
    """
    return _GROUPS_COMMA_LOST.sub(lambda m: m[0].replace(",", ""), text)


def parse_amount(text: str) -> Amount:
    """Read a budget cell: the amount and its funding status.

    status is `funded` (a number), `not_funded` (ไม่ได้รับงบประมาณ: the amount was
    requested), `merged` (ยุบรวมโครงการ: folded into another project), `no_budget`
    (`-`, ไม่ใช้งบประมาณ; value None) or `unknown` (empty or unreadable, or too large
    for decimal128(18, 2); value None). `raw` is the text exactly as given.

    >>> parse_amount("11,125,900")
    Amount(value=Decimal('11125900.00'), status='funded', raw='11,125,900')
    >>> parse_amount("๑๔,๗๐๐,๐๐๐.-").value
    Decimal('14700000.00')
    >>> parse_amount("774,750 (ไม่ได้รับงบประมาณ)")
    Amount(value=Decimal('774750.00'), status='not_funded', raw='774,750 (ไม่ได้รับงบประมาณ)')
    >>> parse_amount("10,000,000 (ยุบรวมโครงการ)")
    Amount(value=Decimal('10000000.00'), status='merged', raw='10,000,000 (ยุบรวมโครงการ)')
    >>> parse_amount("ไม่ใช้งบประมาณ")
    Amount(value=None, status='no_budget', raw='ไม่ใช้งบประมาณ')
    >>> parse_amount("ไมใช้งบประมาณ").status  # a mark lost to OCR
    'no_budget'
    >>> parse_amount("–").status, parse_amount("").status, parse_amount("รอจัดสรร").status
    ('no_budget', 'unknown', 'unknown')
    >>> parse_amount("214,600 บาท").value
    Decimal('214600.00')
    >>> parse_amount("6,894300 (ไม่ได้รับงบประมาณ)").value  # a comma lost to OCR
    Decimal('6894300.00')
    >>> parse_amount("300,000 (งบกลาง)")
    Amount(value=Decimal('300000.00'), status='funded', raw='300,000 (งบกลาง)')
    """
    normal = _normal(text)
    if not normal:
        return Amount(None, "unknown", text)
    if set(normal) <= _DASHES or contains(normal, _NO_BUDGET_NOTE):
        return Amount(None, "no_budget", text)
    status, number_text = None, normal
    note = _TRAILING_NOTE.match(normal)
    if note is not None:
        status = _note_status(note.group("note"))
        if status is not None or _number_and_unit(note.group("head")) is not None:
            number_text = note.group("head")  # a note that is no status (งบกลาง) keeps the figure
    found = _number_and_unit(number_text) or _number_and_unit(_comma_lost(number_text))
    value = None if found is None or found[0] >= AMOUNT_LIMIT else to_money(found[0])
    if status is None:
        status = "unknown" if value is None else "funded"
    return Amount(value, status, text)


@dataclass(frozen=True)
class Target:
    """A target value (ค่าเป้าหมาย): normalised text, number, unit kind, Thai unit word."""

    text: str | None
    value: float | None
    unit: str | None
    unit_th: str | None


def _target_text(text: str) -> str:
    """Drop dot leaders, enclosing brackets and the ค่าเป้าหมาย label around a target."""
    text = _normal(re.sub(r"\.{2,}|…", " ", text))
    while text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    text = re.sub(r"^ค่าเป้าหมาย\s*:?\s*", "", text)
    return re.sub(r"^(ร้อยละ|ระดับ|จำนวน)\s*:\s*", r"\1 ", text)


@lru_cache(maxsize=1024)
def _first_word(word: str) -> str:
    """The first dictionary word of a run of Thai letters (`ล้านบาท` → ล้าน)."""
    return next(iter(segment(word)), word)


def unit_kind(word: str) -> tuple[str, str]:
    """What the word after a number measures in, and its Thai unit word: `count` for a
    classifier or any other noun, `other` for money, time and physical measures.

    >>> unit_kind("สถานี"), unit_kind("หลักสูตรฝึกอบรม"), unit_kind("ระบบงาน")
    (('count', 'สถานี'), ('count', 'หลักสูตร'), ('count', 'ระบบ'))
    >>> unit_kind("ล้านบาท"), unit_kind("นาที"), unit_kind("ตัน")
    (('other', 'ล้านบาท'), ('other', 'นาที'), ('other', 'ตัน'))
    """
    known = next((w for w in COUNT_WORDS if word.startswith(w)), None)
    if known is not None:
        return "count", known
    first = _first_word(word)
    if first in NOT_COUNTED:
        return "other", word
    return "count", first


def _read_target(match: re.Match[str]) -> tuple[float | None, str, str | None]:
    pattern = match.re
    if pattern is _PERCENT:
        return _to_float(match.group(1) or match.group(2)), "percent", "ร้อยละ"
    value = _to_float(match.group(1))
    if pattern is _LEVEL:
        return value, "level", "ระดับ"
    if pattern is _SCORE:
        return value, "score", "คะแนน"
    word = match.group(2)
    if not word:  # `จำนวน N` with no unit word
        return value, "count", "จำนวน"
    return value, *unit_kind(word)


def parse_target(text: str) -> Target:
    """Read a target cell: `ร้อยละ 80`, `ระดับ 5`, `จำนวน 1 ฉบับ`, `6 ครั้ง`, `85.00 คะแนน`.

    The text is normalised (Arabic digits; dot leaders, enclosing brackets and the
    ค่าเป้าหมาย label dropped). unit is `percent` (ร้อยละ, %), `level` (ระดับ),
    `score` (คะแนน), `count` (N + a classifier or any noun that counts things; unit_th
    is the classifier, or จำนวน when none follows) or `other` (N + a unit of money, time
    or a physical measure, which is unit_th; `unit_kind`). The unit read first in the
    text wins. A bare number states no unit: unit None, for the caller to take from the
    column header. A number of more than MAX_DIGITS digits is read as `…` (see
    drop_overlong), so it gives no value. A target without a number (`ระดับ A`) is
    qualitative: value None, unit `other`. `-` or empty: all None.

    >>> parse_target("ร้อยละ 80")
    Target(text='ร้อยละ 80', value=80.0, unit='percent', unit_th='ร้อยละ')
    >>> parse_target("ร้อยละ ๑๐๐")
    Target(text='ร้อยละ 100', value=100.0, unit='percent', unit_th='ร้อยละ')
    >>> parse_target("ระดับ 5")
    Target(text='ระดับ 5', value=5.0, unit='level', unit_th='ระดับ')
    >>> parse_target("(ค่าเป้าหมาย..จำนวน 1..ฉบับ)")
    Target(text='จำนวน 1 ฉบับ', value=1.0, unit='count', unit_th='ฉบับ')
    >>> parse_target("๖ ครั้ง")
    Target(text='6 ครั้ง', value=6.0, unit='count', unit_th='ครั้ง')
    >>> parse_target("85.00 คะแนน")
    Target(text='85.00 คะแนน', value=85.0, unit='score', unit_th='คะแนน')
    >>> parse_target("-")
    Target(text=None, value=None, unit=None, unit_th=None)
    """
    cleaned = _target_text(text)
    if not cleaned or set(cleaned) <= _DASHES:
        return Target(None, None, None, None)
    patterns = (_PERCENT, _LEVEL, _SCORE, _COUNT, _NUMBER_WORD)
    matches = [m for m in (p.search(cleaned) for p in patterns) if m is not None]
    if matches:
        first = min(matches, key=lambda m: m.start())  # min() keeps the earlier pattern on ties
        return Target(cleaned, *_read_target(first))
    bare = _BARE_NUMBER.match(cleaned)
    if bare:
        return Target(cleaned, _to_float(bare.group(1)), None, None)
    return Target(cleaned, None, "other", None)


def parse_percent(text: str) -> float | None:
    """A percentage as a number: weights (ค่าน้ำหนัก) and progress (ความก้าวหน้า).

    `ร้อยละ N` or `N %` anywhere in the text, or a text that is just a number
    (the column says it is a percentage).

    >>> parse_percent("ร้อยละ 10"), parse_percent("10"), parse_percent("10 %")
    (10.0, 10.0, 10.0)
    >>> parse_percent("1.00 %")
    1.0
    >>> parse_percent("(ค่าน้ำหนัก ร้อยละ 10)")
    10.0
    >>> parse_percent("ความก้าวหน้าของงานฯ = 1.00 %")
    1.0
    >>> parse_percent("6 ครั้ง") is None
    True
    """
    normal = _normal(text)
    match = _PERCENT.search(normal)
    if match:
        return _to_float(match.group(1) or match.group(2))
    found = _number_and_unit(normal)
    if found is None or found[1] is not None:
        return None
    return float(found[0])
