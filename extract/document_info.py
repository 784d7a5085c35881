"""What a document is: its type, title, agency and fiscal year, read from its first lines."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Document
from extract.reading import UNIT_WORDS, text
from normalize.dates import fiscal_year_ce, parse_thai_date, year_be_from_text

FRONT_LINES = 40
DOC_TYPES = (
    ("meeting_minutes", re.compile(r"รายงานการประชุม")),
    ("progress_report", re.compile(r"รายงานความก้าวหน้า")),
    ("kpi_report", re.compile(r"รายละเอียดตัวชี้วัด|ผลการดำเนินงานตามตัวชี้วัด|รายงานผลตัวชี้วัด")),
    ("action_plan", re.compile(r"แผนปฏิบัติ(?:การ|ราชการ)")),
)


@dataclass(frozen=True)
class DocumentInfo:
    doc_type: str
    title: str | None
    agency: str | None
    fiscal_year_be: int | None


def front_lines(doc: Document) -> list[str]:
    lines = [text(b.text).lstrip("*\\ ") for b in doc.blocks if b.kind != "table" and b.text.strip()]
    return [line for line in lines if line][:FRONT_LINES]


def describe(doc: Document) -> DocumentInfo:
    lines = front_lines(doc)
    doc_type = next((name for name, pattern in DOC_TYPES if any(pattern.search(l) for l in lines[:5])), "unknown")
    title = lines[0] if lines else None
    agency = next((l for l in lines[1:4] if l.startswith(UNIT_WORDS)), None)
    return DocumentInfo(doc_type, title, agency, fiscal_year_of(lines))


def fiscal_year_of(lines: list[str]) -> int | None:
    """The year the document states (ประจำปี / ปีงบประมาณ พ.ศ. N), else the fiscal year of its first date."""
    for line in lines:
        if year := year_be_from_text(line):
            return year
    for line in lines:
        if found := parse_thai_date(line):
            return fiscal_year_ce(found) + 543
    return None
