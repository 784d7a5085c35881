"""Inline SVG charts for the HTML report: horizontal bars and a month Gantt.

Plain SVG written from Python rather than a plotting library: the report must open with
no network and no JavaScript runtime, SVG renders in every browser and prints, each chart
is a few kilobytes, and the output is text a test can read. Every chart is an
`<svg class="chart">` so the report can count what was drawn. Text is escaped here; the
font comes from the page's CSS so Thai shapes with whatever Thai font the system has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from pythainlp.util.date import thai_abbr_months

from thaiplan.normalize.dates import ce_to_be

BAR_HEIGHT = 22  # px per bar row
LABEL_WIDTH = 360  # px reserved for the category label left of the bars
BAR_AREA = 420  # px the longest bar spans
VALUE_WIDTH = 150  # px for the amount printed after each bar
LABEL_CHARS = 48  # a longer label is cut and ends in "…" (full text in the tooltip)
MONTH_WIDTH = 48  # px per month column of a Gantt: fits "พ.ย. 64" at the small size
STEP_LABEL_WIDTH = 380  # px for the step text left of a Gantt
STEP_LABEL_CHARS = 44  # a longer step text is cut (full text in the tooltip)
HEADER_HEIGHT = 24  # px for the month labels above a Gantt


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """Cut a label to `limit` characters so the chart keeps its width.

    >>> shorten("แผนงานบุคลากรภาครัฐ", 6)
    'แผนงา…'
    >>> shorten("งบลงทุน")
    'งบลงทุน'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def baht(amount: Decimal) -> str:
    """Money as Thai readers write it: thousands separated, satang only when there are some.

    >>> baht(Decimal("11125900.00"))
    '11,125,900'
    >>> baht(Decimal("50.25"))
    '50.25'
    """
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def month_label(month: dt.date) -> str:
    """Thai month abbreviation and two-digit BE year: 2021-10-01 → 'ต.ค. 64'.

    >>> month_label(dt.date(2021, 10, 1))
    'ต.ค. 64'
    """
    return f"{thai_abbr_months[month.month - 1]} {ce_to_be(month.year) % 100:02d}"


def bar_chart(title: str, bars: Sequence[tuple[str, Decimal]]) -> str:
    """Horizontal bars, longest first as given, each labelled and its amount printed.

    >>> svg = bar_chart("by unit", [("ส่วนบริหารกลาง", Decimal(300)), ("กองคลัง", Decimal(100))])
    >>> svg.count("<rect"), 'class="chart"' in svg, "300" in svg
    (2, True, True)
    """
    top = max((amount for _, amount in bars), default=Decimal(0))
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = BAR_HEIGHT * len(bars) + BAR_HEIGHT
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for row, (label, amount) in enumerate(bars):
        y = BAR_HEIGHT * row + BAR_HEIGHT // 2
        length = float(amount / top) * BAR_AREA if top > 0 and amount > 0 else 0.0
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(shorten(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{max(length, 1):.1f}" '
            f'height="{BAR_HEIGHT - 6}" class="bar"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}">{baht(amount)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def gantt(
    title: str, steps: Sequence[tuple[str, Sequence[dt.date]]], fiscal_year_ce: int | None = None
) -> str:
    """One row per step, a filled cell for each month it is active, months labelled on top.

    Columns run from the first to the last month of any step, so a gap in a step's
    months shows as a gap; given the plan's fiscal year, they cover the whole year too
    (October to September), so a schedule that ends early shows the months left.

    >>> svg = gantt("s", [("1 วางแผน", [dt.date(2021, 10, 1), dt.date(2021, 11, 1)]),
    ...                   ("2 ประเมินผล", [dt.date(2022, 1, 1)])])
    >>> svg.count('class="active"'), "ต.ค. 64" in svg, "ธ.ค. 64" in svg, "ก.ย. 65" in svg
    (3, True, True, False)
    >>> "ก.ย. 65" in gantt("s", [("1", [dt.date(2021, 10, 1)])], fiscal_year_ce=2022)
    True
    """
    months = sorted({month for _, active in steps for month in active})
    if months and fiscal_year_ce is not None:
        months = sorted(
            {*months, dt.date(fiscal_year_ce - 1, 10, 1), dt.date(fiscal_year_ce, 9, 1)}
        )
    columns = _month_range(months[0], months[-1]) if months else []
    index = {month: i for i, month in enumerate(columns)}
    width = STEP_LABEL_WIDTH + MONTH_WIDTH * max(len(columns), 1)
    height = HEADER_HEIGHT + BAR_HEIGHT * len(steps)
    parts = [
        f'<svg class="chart gantt" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, month in enumerate(columns):
        x = STEP_LABEL_WIDTH + MONTH_WIDTH * i
        parts.append(
            f'<text x="{x + MONTH_WIDTH / 2}" y="16" text-anchor="middle" class="small">'
            f"{escape(month_label(month))}</text>"
        )
    for row, (label, active) in enumerate(steps):
        y = HEADER_HEIGHT + BAR_HEIGHT * row
        parts.append(
            f'<text x="{STEP_LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(shorten(label, STEP_LABEL_CHARS))}</text>"
        )
        for i in range(len(columns)):
            parts.append(
                f'<rect x="{STEP_LABEL_WIDTH + MONTH_WIDTH * i}" y="{y + 2}" '
                f'width="{MONTH_WIDTH - 2}" height="{BAR_HEIGHT - 4}" class="cell"/>'
            )
        for month in sorted(set(active)):
            parts.append(
                f'<rect x="{STEP_LABEL_WIDTH + MONTH_WIDTH * index[month]}" y="{y + 2}" '
                f'width="{MONTH_WIDTH - 2}" height="{BAR_HEIGHT - 4}" class="active">'
                f"<title>{escape(month_label(month))}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every first-of-month from `first` to `last`.

    >>> [m.month for m in _month_range(dt.date(2021, 11, 1), dt.date(2022, 2, 1))]
    [11, 12, 1, 2]
    """
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
