"""What a document is: its type, title, agency and fiscal year, read from its first lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from thaiplan.extract.context.reading import UNIT_WORDS, text
from thaiplan.extract.model import Document
from thaiplan.normalize.dates import (
    PLAN_HORIZON_YEARS,
    PLAUSIBLE_YEARS,
    ce_to_be,
    fiscal_year_ce,
    most_named_year,
    parse_thai_date,
    year_be_from_text,
)
from thaiplan.normalize.keywords import contains

FRONT_LINES = 40
TITLE_LINES = 3  # a title may wrap: the type and the stated year are read from these
#: the words a title of each type names, checked in turn
DOC_TYPES = (
    ("budget_document", ("เอกสารงบประมาณ",)),  # the budget bureau's books, ฉบับที่ N
    ("meeting_minutes", ("รายงานการประชุม",)),
    ("progress_report", ("รายงานความก้าวหน้า",)),
    ("kpi_report", ("รายละเอียดตัวชี้วัด", "ผลการดำเนินงานตามตัวชี้วัด", "รายงานผลตัวชี้วัด")),
    ("action_plan", ("แผนปฏิบัติการ", "แผนปฏิบัติราชการ")),
)
# a form field `ปีงบประมาณ พ.ศ. : 2563`: the label opens the line, the year follows the colon
YEAR_FIELD = re.compile(r"^(?:ประจำ)?ปีงบประมาณ[^:]{0,12}:")
#: a budget's own title where it stands after front matter (a volume of one office opens
#: with its mission): `งบประมาณรายจ่ายประจำปี 2565 ของสำนักงานเขตห้วยขวางโดยสังเขป`
BUDGET_TITLE = re.compile(
    r"^งบประมาณรายจ่ายประจำปี(?:งบประมาณ)?\s*(?:พ\.ศ\.)?\s*(?P<year>25\d\d)"
    r"(?:\s*ของ\s*(?P<agency>\S+?)(?:โดยสังเขป)?)?$"
)
#: how many lines a budget title may stand down the document
BUDGET_TITLE_LINES = 120


@dataclass(frozen=True)
class DocumentInfo:
    doc_type: str
    title: str | None
    agency: str | None
    fiscal_year_be: int | None


def text_lines(doc: Document) -> list[str]:
    lines = [text(b.text).strip("*\\ ") for b in doc.blocks if b.kind != "table" and b.text.strip()]
    return [line for line in lines if line]


def describe(doc: Document) -> DocumentInfo:
    lines = text_lines(doc)
    front = lines[:FRONT_LINES]
    title = front[0] if front else None
    agency = next((line for line in front[1:4] if line.startswith(UNIT_WORDS)), None)
    doc_type = doc_type_of(front)
    volume = volume_of(front) if doc_type == "budget_document" else None
    if title is not None and volume is not None and "เล่มที่" not in title:
        title = f"{title} เล่มที่ {volume}"  # the forty volumes of one ฉบับ share its title
    info = DocumentInfo(doc_type, title, agency, fiscal_year_of(front, lines))
    if info.doc_type != "unknown":
        return info
    return _budget_title(lines) or info


def _budget_title(lines: list[str]) -> DocumentInfo | None:
    """A document with no type in its first lines that states a budget title further
    down is a budget document of the year and the office that title names.

    >>> info = _budget_title(["310", "งบประมาณรายจ่ายประจำปี 2565 ของสำนักงานเขตห้วยขวางโดยสังเขป"])
    >>> info.doc_type, info.agency, info.fiscal_year_be
    ('budget_document', 'สำนักงานเขตห้วยขวาง', 2565)
    """
    for line in lines[:BUDGET_TITLE_LINES]:
        if m := BUDGET_TITLE.match(line):
            return DocumentInfo("budget_document", line, m["agency"], int(m["year"]))
    return None


#: A budget book's cover line naming its volume: `เล่มที่ 17`, `เล่มที่ 3 (5)`.
VOLUME_LINE = re.compile(r"^เล่มที่\s*(\d+)(?:\s*\(\s*(\d+)\s*\))?$")


def volume_of(front: list[str]) -> str | None:
    """The volume the first cover line that is only `เล่มที่ N` names, as the community's
    REF_DOC writes it.

    >>> volume_of(["เอกสารงบประมาณ ฉบับที่ 3", "เล่มที่ 17"]), volume_of(["เล่มที่ 3 (5)"])
    ('17', '3(5)')
    """
    for line in front:
        match = VOLUME_LINE.match(line.strip())
        if match:
            return match[1] + (f"({match[2]})" if match[2] else "")
    return None


def doc_type_of(front: list[str]) -> str:
    """The type the first line naming one says (a title outranks what later lines mention).

    >>> doc_type_of(["แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ", "แผนปฏิบัติการ…"])
    'progress_report'
    >>> doc_type_of(["เอกสารงบประมาณ ฉบับที่ 3", "งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2565"])
    'budget_document'

    A title OCR misread by a letter or a mark (`รายละเอียดตัวขี้วัด`) still names its type,
    when no line names one as written:

    >>> doc_type_of(["รายละเอียดตัวขี้วัด", "ปีงบประมาณ พ.ศ. 2564"])
    'kpi_report'
    """
    for found in (str.__contains__, contains):
        for line in front[:5]:
            for name, words in DOC_TYPES:
                if any(found(line, word) for word in words):
                    return name
    return "unknown"


def _confirmed(year: int, front: list[str], lines: list[str]) -> int:
    """A stated year, unless the document names another year most and states that one
    too: a cover read by OCR (`พ.ศ. ๒๕๒๒` for ๒๕๖๒) then gives way to the inner title."""
    named = most_named_year(lines)
    if named is None or abs(named - year) <= PLAN_HORIZON_YEARS:
        return year
    restated = (
        y
        for line in front
        if (y := year_be_from_text(line)) and abs(y - named) <= PLAN_HORIZON_YEARS
    )
    return next(restated, year)


def fiscal_year_of(front: list[str], lines: list[str]) -> int | None:
    """The year the document states, else the fiscal year of its first date.

    It states a year in a `ปีงบประมาณ … : N` field or in its title (ประจำปี / ปีงบประมาณ /
    พ.ศ. N); years that body text mentions (a project named for next year's round) do not
    count. The first date of the document is its own (a meeting date, the first report);
    one outside the era of plans is a misread (OCR's `๒๕๒๕` for ๒๕๖๔) and is passed over.

    >>> fiscal_year_of(["แบบรายงาน", "ชื่อโครงการ : งาน ประจำปีงบประมาณ พ.ศ. 2564", "ปีงบประมาณ พ.ศ. : 2563"], [])
    2563
    >>> fiscal_year_of(["รายงานการประชุม", "วันที่ ๖ มกราคม ๒๕๖๔"], ["รายงานการประชุม", "วันที่ ๖ มกราคม ๒๕๖๔"])
    2564
    >>> fiscal_year_of(["รายงานการประชุม"], ["วันที่ ๖ มกราคม ๒๕๒๕", "๒ พ.ย. ๒๕๖๓"])
    2564
    >>> fiscal_year_of(["แผนปฏิบัติการประจำปี พ.ศ. ๒๕๒๒", "แผนปฏิบัติการประจำปี พ.ศ. ๒๕๖๒"], ["๒๕๖๒", "๒๕๖๑ - ๒๕๖๒"])
    2562
    """
    fields = [line for line in front if YEAR_FIELD.match(line)]
    stated = (year for line in [*fields, *front[:TITLE_LINES]] if (year := year_be_from_text(line)))
    if year := next(stated, None):
        return _confirmed(year, front, lines)
    for line in lines:
        found = parse_thai_date(line)
        if found and (year := ce_to_be(fiscal_year_ce(found))) in PLAUSIBLE_YEARS:
            return year
    return None
