"""Buddhist-Era years, Thai months, dates and fiscal years.

Thai plans date everything in the Buddhist Era (BE = CE + 543) and plan by fiscal year:
FY N (BE) runs 1 October of N−1 to 30 September of N. pythainlp's `thai_strptime`
misreads numeric months 10–12, a `/` separator and Thai digits, so dates are parsed
here; pythainlp supplies the month names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from pythainlp.util.date import thai_abbr_months, thai_full_months

from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.keywords import MARK_EDIT_COST, closest
from thaiplan.normalize.text import THAI_LETTERS, clean_text

BE_OFFSET = 543
# How far a year may stand from the document's own and still be read as written (OCR
# reads ๒๕๖๑ as ๒๕๒๑, a year that looks fine):
#: Years a plan reaches from its fiscal year (Thai plans run at most five years): a year
#: further off in a plan's own tables or title is a misread.
PLAN_HORIZON_YEARS = 5
#: Years a document mentions around its usual year (past results, a strategy's span): an
#: OCR'd year further off is doubtful, and one outside the era of plans is a misread.
MENTION_SPREAD_YEARS = 10
PLAUSIBLE_YEARS = range(2540, 2601)
#: An OCR'd year outside the era is the printed one with at most this many digit edits: a
#: digit read as another (๖ as ๒), a speck read as one more digit (๒๕๒๓ as ๓๒๕๒๓).
YEAR_MISREAD_EDITS = 2


# Month names compared without dots and spaces: มค … ธค and full names. A header with one
# vowel mark mistyped (มีย for มิ.ย.) reads as the one month it is nearest; only a mark,
# never a consonant, as in two or three letters a consonant edit reaches another month.
_MONTHS: dict[str, int] = {
    **{name.replace(".", ""): n for n, name in enumerate(thai_abbr_months, start=1)},
    **{name: n for n, name in enumerate(thai_full_months, start=1)},
}
MONTH_TYPO_LIMIT = MARK_EDIT_COST
_LONGEST_MONTH = max(map(len, _MONTHS)) + MONTH_TYPO_LIMIT

_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}|\d{2})(?![\d/])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_WORD_DATE = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*([{THAI_LETTERS}][{THAI_LETTERS}.\s]{{0,12}}?)\s*"
    rf"(?:พ\.\s*ศ\.\s*)?(\d{{4}}|\d{{2}})(?!\d)"
)
_STATED_FISCAL_YEAR = re.compile(
    r"(?:ประจำปี(?:งบประมาณ)?|ปีงบประมาณ)\s*(?:พ\.\s*ศ\.)?\s*:?\s*(\d{4})(?!\d)"
)
_ANY_BE_YEAR = re.compile(r"(?<!\d)(2[45]\d\d)(?!\d)")
_BE_YEAR = re.compile(r"พ\.\s*ศ\.\s*:?\s*(\d{4})(?!\d)(?!\s*[-–]\s*\d)")


def be_to_ce(year_be: int) -> int:
    """Gregorian year of a Buddhist-Era year.

    >>> be_to_ce(2565)
    2022
    """
    return year_be - BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    """Buddhist-Era year of a Gregorian year.

    >>> ce_to_be(2022)
    2565
    """
    return year_ce + BE_OFFSET


def fiscal_year_ce(d: date) -> int:
    """The Thai government fiscal year (Gregorian) a day falls in: October starts the next.

    >>> fiscal_year_ce(date(2021, 10, 1)), fiscal_year_ce(date(2022, 9, 30))
    (2022, 2022)
    """
    return d.year + 1 if d.month >= 10 else d.year


def month_number(text: str) -> int | None:
    """The month (1–12) a Thai month name or abbreviation stands for, else None.

    Dots and spaces are ignored, so a missing final dot or a wrapped abbreviation
    still reads. Only for month headers and dates: in a unit cell `ก.พ.` is an agency.

    >>> month_number("ม.ค."), month_number("ก.พ"), month_number("กพ"), month_number("กพ.")
    (1, 2, 2, 2)
    >>> month_number("มี.ย."), month_number("มิ. ย."), month_number("พฤศจิกายน")
    (6, 6, 11)
    >>> month_number("ระยะเวลา") is None
    True
    """
    key = re.sub(r"[.\s]", "", clean_text(text))
    if key in _MONTHS:
        return _MONTHS[key]
    if not key or len(key) > _LONGEST_MONTH:
        return None
    nearest = closest(key, _MONTHS, MONTH_TYPO_LIMIT)
    return None if nearest is None else _MONTHS[nearest]


def _year_ce(year: str) -> int:
    """A written year as Gregorian: 4 digits above 2400 are BE, 2 digits are short BE."""
    value = int(year)
    if len(year) == 2:
        return be_to_ce(2500 + value)
    return be_to_ce(value) if value > 2400 else value


def _make_date(year: str, month: int | None, day: str) -> date | None:
    if month is None:
        return None
    try:
        return date(_year_ce(year), month, int(day))
    except ValueError:
        return None


def parse_thai_date(text: str) -> date | None:
    """The first date written in the text, as a Gregorian date; None if there is none.

    `16/10/2562` is day/month/year; `2 พฤศจิกายน 2563` and `๒ พ.ย. ๒๕๖๓` name the month;
    `2019-10-01 00:00:00` is ISO. A four-digit year above 2400 is BE, otherwise CE; a
    two-digit year is a short BE year (`30 ก.ย. 64`).

    >>> parse_thai_date("16/10/2562"), parse_thai_date("21/05/2563")
    (datetime.date(2019, 10, 16), datetime.date(2020, 5, 21))
    >>> parse_thai_date("2 พฤศจิกายน 2563"), parse_thai_date("๒ พ.ย. ๒๕๖๓")
    (datetime.date(2020, 11, 2), datetime.date(2020, 11, 2))
    >>> parse_thai_date("2019-10-01 00:00:00")
    datetime.date(2019, 10, 1)
    >>> parse_thai_date("วันที่ ๖ มกราคม ๒๕๖๔")
    datetime.date(2021, 1, 6)
    >>> parse_thai_date("ผลการเบิกจ่าย ณ 30 ก.ย. 64")
    datetime.date(2021, 9, 30)
    >>> parse_thai_date("31/02/2563") is None
    True
    """
    text = thai_to_arabic(clean_text(text))
    found: list[tuple[int, date | None]] = []
    for m in _NUMERIC_DATE.finditer(text):
        found.append((m.start(), _make_date(m.group(3), int(m.group(2)), m.group(1))))
    for m in _ISO_DATE.finditer(text):
        found.append((m.start(), _make_date(m.group(1), int(m.group(2)), m.group(3))))
    for m in _WORD_DATE.finditer(text):
        found.append((m.start(), _make_date(m.group(3), month_number(m.group(2)), m.group(1))))
    dates = sorted((pos, d) for pos, d in found if d is not None)
    return dates[0][1] if dates else None


def year_be_from_text(text: str) -> int | None:
    """The Buddhist-Era year a title or heading states, else None.

    `ประจำปี` / `ปีงบประมาณ` followed by a year wins; otherwise the first `พ.ศ. N` that
    does not open a range (`พ.ศ. 2561 – 2565`). Only BE years (above 2400) count.

    >>> year_be_from_text("แผนปฏิบัติการประจำปี พ.ศ.2565")
    2565
    >>> year_be_from_text("แผนปฏิบัติการประจำปี พ.ศ. ๒๕๖๒")
    2562
    >>> year_be_from_text("สรุปโครงการและงบประมาณในปีงบประมาณ พ.ศ. 2565")
    2565
    >>> year_be_from_text("ปีงบประมาณ 2563"), year_be_from_text("ปีงบประมาณ พ.ศ. : 2563")
    (2563, 2563)
    >>> year_be_from_text("แผนยุทธศาสตร์ (พ.ศ. 2561 – 2565)") is None
    True
    """
    text = thai_to_arabic(clean_text(text))
    for pattern in (_STATED_FISCAL_YEAR, _BE_YEAR):
        for match in pattern.finditer(text):
            year = int(match.group(1))
            if year > 2400:
                return year
    return None


def most_named_year(lines: list[str]) -> int | None:
    """The Buddhist-Era year the lines name most often (the first of equals), else None.

    >>> most_named_year(["พ.ศ. ๒๕๒๒", "ธันวาคม ๒๕๖๑ - พฤษภาคม ๒๕๖๒", "๒๕๖๒"])
    2562
    """
    return usual_year(
        int(match[1]) for line in lines for match in _ANY_BE_YEAR.finditer(thai_to_arabic(line))
    )


def usual_year(years: Iterable[int]) -> int | None:
    """The year named most often (the first of equals), else None.

    >>> usual_year([2522, 2561, 2562, 2562]), usual_year([])
    (2562, None)
    """
    counts = Counter(years)
    return counts.most_common(1)[0][0] if counts else None


def doubtful_year(year: int, usual: int | None) -> bool:
    """Whether an OCR'd year is likely a misread: outside the era of plans, or further
    from the document's usual year than its mentions spread.

    >>> doubtful_year(2522, 2562), doubtful_year(2557, 2562), doubtful_year(2522, None)
    (True, False, True)
    """
    if year not in PLAUSIBLE_YEARS:
        return True
    return usual is not None and abs(year - usual) > MENTION_SPREAD_YEARS


def mended_year(written: str, usual: int) -> int | None:
    """The year an OCR'd year outside the era of plans was printed as: the one year within
    a plan's horizon of the document's usual year that is fewest digit edits from it (at
    most YEAR_MISREAD_EDITS); None when the year is plausible as read, or no year or two
    years fit as well.

    >>> mended_year("๒๕๒๒", 2562), mended_year("32523", 2563), mended_year("2522", 2562)
    (2562, 2563, 2562)
    >>> mended_year("2580", 2563) is None, mended_year("256", 2563) is None  # in era; many fit
    (True, True)
    """
    digits = thai_to_arabic(written)
    if int(digits) in PLAUSIBLE_YEARS:
        return None
    horizon = range(usual - PLAN_HORIZON_YEARS, usual + PLAN_HORIZON_YEARS + 1)
    by_edits: dict[int, list[int]] = {}
    for year in horizon:
        by_edits.setdefault(_edits(digits, str(year)), []).append(year)
    fewest = min(by_edits)
    fits = by_edits[fewest]
    return fits[0] if fewest <= YEAR_MISREAD_EDITS and len(fits) == 1 else None


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: letters changed, dropped or added to turn `a` into `b`."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
