"""Project progress reports: the project's header fields and one row per รายงานครั้งที่ N.

The form states its fields as `label… : value` lines (ชื่อโครงการ, รหัสโครงการ,
ปีงบประมาณ, dates, budgets, หน่วยงานที่รับผิดชอบ). Each report entry is
`รายงานครั้งที่ N :: <date> : <status>`, status lines that wrap, then
`:: ความก้าวหน้าของงานฯ = X % … งบประมาณที่เบิกใช้ (ครั้งที่ k) = Y บาท : เป็นไปตามแผน :
เป็นไปตามเป้าหมาย`. The same entries come as table rows (cells in turn) or as bulleted
lines, so rows and lines are read as one stream of texts. An entry without a date or
figures (a bare heading at a page break) gives no row; a document none of whose entries
states its progress is no progress report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from thaiplan.extract.context.reading import Reading, text
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Provenance
from thaiplan.extract.records import Record
from thaiplan.extract.rows import ProgressReportRow
from thaiplan.normalize.dates import parse_thai_date
from thaiplan.normalize.keywords import marks_optional
from thaiplan.normalize.numbers import NUMBER, parse_amount
from thaiplan.normalize.units import PARENT_WORDS

FIELD = re.compile(r"^(?P<label>[^:]+?)[.\s]*:\s*(?P<value>.*)$")
FIELDS = (  # label pattern -> header field
    (re.compile(r"^ชื่อโครงการ"), "project_name"),
    (re.compile(r"^รหัสโครงการ"), "project_code"),
    (re.compile(r"^(?:ประจำ)?ปีงบประมาณ"), "fiscal_year_be"),
    (re.compile(r"^(?:วันที่)?เริ่มต้น(?:โครงการ)?|^วันเริ่ม"), "start_date"),
    (re.compile(r"^(?:วันที่)?สิ้นสุด(?:โครงการ)?"), "end_date"),
    (re.compile(r"^งบประมาณที่ได้รับ"), "budget_received"),
    (re.compile(r"^งบประมาณที่ใช้ไป"), "budget_spent"),
    (re.compile(r"^หน่วยงานที่รับผิดชอบ|^หน่วยงานรับผิดชอบ"), "responsible_unit"),
)
# OCR loses the marks above ครั้งที่ (`รายงานครงท 1`): they are optional. A number OCR
# misread as one other sign standing alone (`ครั้งที่ๆ` for 4) is numbered by its neighbours.
# The entry's bullet may be read as any one sign or letter (`=`, `อ` for `-`).
ENTRY = re.compile(
    r"^\S?\s*รายงานคร\u0e31?\u0e49?งท\u0e35?\u0e48?\s*(\d+|[^\s\d:](?=\s|:|$))\s*(.*)$"
)
# The `::` before the date and the figures is small print OCR may lose; a date opens the line.
DATED = re.compile(r"^(?:::\s*|(?=\d))(?P<date>[^:]+?)\s*(?::\s*(?P<status>.*))?$")
# OCR drops the marks above the figures' words too (`ความกาวหนาของงานฯ`).
PROGRESS_WORD = marks_optional("ความก้าวหน้า")
FIGURES = re.compile(rf"^(?:::\s*)?{PROGRESS_WORD}")
# Figures that end on `=` or `:` state their value on the next line, and a line that opens
# with one goes on with the figures: whatever the paragraph marks (OCR's line spacing) say.
FIGURES_GO_ON = re.compile(r"[=:]\s*$")
GOES_ON = re.compile(r"^\s*[=:]")
PROGRESS = re.compile(rf"{PROGRESS_WORD}[^=]*=\s*({NUMBER})\s*%")
DISBURSED_WORD = marks_optional("เบิกใช้")
# The amount after `=`, or where OCR misread the `(ครั้งที่ k) =` before it (`(ครั้งที่ ญู`),
# the figure before บาท.
DISBURSED = re.compile(
    rf"{DISBURSED_WORD}(?:[^=]*=\s*({NUMBER})|[^=]*?(?<![\d,.])({NUMBER})\s*บาท)"
)
# Figures that name the disbursement but not yet its บาท go on, however they end.
DISBURSEMENT_OPEN = re.compile(rf"{DISBURSED_WORD}(?!.*บาท)")
YEAR = re.compile(r"\d{4}")


@dataclass
class Entry:
    """One รายงานครั้งที่ N as it is read: its dated status, wrapped status lines, figures."""

    report_no: int | None  # None: misread, until its neighbours number it
    prov: Provenance
    report_date: date | None = None
    status: list[str] = field(default_factory=list)
    figures: str | None = None
    open: bool = True  # until a new paragraph follows its figures


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    header, entries = _header_and_entries(reading)
    if not any(entry.figures for entry in entries):
        return  # no entry states its progress: not a progress report
    project = _project(reading, header)
    _number_between(entries)
    for entry in entries:
        if entry.report_no is None:
            reading.note(
                "unparsed_report_no",
                "A รายงานครั้งที่ entry's number could not be read nor told from the entries "
                "around it; no progress_reports row was written for it.",
                None,
                entry.prov,
            )
            continue
        if entry.report_date is None and entry.figures is None:
            reading.note(
                "empty_report_entry",
                f"รายงานครั้งที่ {entry.report_no} has no date and no figures; "
                "no progress_reports row was written for it.",
                None,
                entry.prov,
                severity="info",
            )
            continue
        yield Record(_entry_row(project, entry), entry.prov)


def _header_and_entries(reading: Reading) -> tuple[dict[str, str], list[Entry]]:
    """The form's fields above the first entry (a field's value may wrap onto the next
    lines), and each รายงานครั้งที่ N entry with what it states."""
    header: dict[str, str] = {}
    entries: list[Entry] = []
    last_field: str | None = None
    for line, prov, new_paragraph in _stream(reading):
        if m := ENTRY.match(line):
            entries.append(Entry(int(m[1]) if m[1].isdigit() else None, prov))
            if m[2]:
                _read(entries[-1], m[2])
        elif entries and entries[-1].open:
            _read(entries[-1], line, new_paragraph)
        elif not entries and (m := FIELD.match(line)):
            last_field = _field_named(m["label"].strip(), header)
            if last_field is not None:
                header[last_field] = text(m["value"])
        elif not entries and last_field is not None and not new_paragraph:
            header[last_field] = f"{header[last_field]} {line}"
        else:
            last_field = None
    return header, entries


def _field_named(label: str, header: dict[str, str]) -> str | None:
    """The header field a label names, unless the header has it already."""
    name = next((name for pattern, name in FIELDS if pattern.match(label)), None)
    return None if name in header else name


def _number_between(entries: list[Entry]) -> None:
    """An entry whose number was misread takes the one number between its neighbours'
    (reports 3 and 5 around it: 4); with a gap of more, or at either end, it stays None."""
    for before, entry, after in zip(entries, entries[1:], entries[2:], strict=False):
        if entry.report_no is not None or before.report_no is None or after.report_no is None:
            continue
        if after.report_no - before.report_no == 2:
            entry.report_no = before.report_no + 1


def _stream(reading: Reading) -> Iterable[tuple[str, Provenance, bool]]:
    """Text lines, and table rows as their filled cells in turn; with whether a paragraph starts."""
    for item in reading.located:
        block = item.block
        if block.kind != "table":
            yield text(block.text), block.prov, block.starts_paragraph
            continue
        for row in block.rows:
            cells = [text(value) for value in row.values() if text(value)]
            if cells:
                yield " ".join(cells), row.prov, True


def _read(entry: Entry, line: str, new_paragraph: bool = False) -> None:
    """One line of an entry: the dated status, a wrapped status line, the figures or their wrap."""
    if entry.figures is not None:
        wrapped = (
            FIGURES_GO_ON.search(entry.figures)
            or GOES_ON.match(line)
            or DISBURSEMENT_OPEN.search(entry.figures)
        )
        if new_paragraph and not wrapped:
            entry.open = False
        else:
            entry.figures = f"{entry.figures} {line}"
    elif FIGURES.match(line):
        entry.figures = line
    elif entry.report_date is None and (m := DATED.match(line)):
        entry.report_date = parse_thai_date(m["date"])
        entry.status.append(m["status"] or "")
    elif entry.report_date is not None:
        entry.status.append(line)


def _entry_row(project: ProgressReportRow, entry: Entry) -> ProgressReportRow:
    """The project's row with what one report entry states."""
    figures = entry.figures or ""
    progress = PROGRESS.search(figures)
    disbursed = DISBURSED.search(figures)
    return replace(
        project,
        report_no=entry.report_no,
        report_date=entry.report_date,
        status_text=" ".join(part for part in entry.status if part),
        progress_pct=float(progress[1].replace(",", "")) if progress else None,
        disbursed=parse_amount(disbursed[1] or disbursed[2]).value if disbursed else None,
        on_plan=_stated(figures, "แผน"),
        on_target=_stated(figures, "เป้าหมาย"),
    )


def _stated(figures: str, word: str) -> bool | None:
    """เป็นไปตาม<word> → True, ไม่เป็นไปตาม<word> → False, neither → None."""
    if re.search(rf"ไม่\s*เป็น\s*ไป\s*ตาม\s*{word}", figures):
        return False
    if re.search(rf"เป็น\s*ไป\s*ตาม\s*{word}", figures):
        return True
    return None


def _project(reading: Reading, header: dict[str, str]) -> ProgressReportRow:
    """What the form's header says of the project: the part every entry's row shares."""
    year = YEAR.search(header.get("fiscal_year_be", ""))
    unit_raw = _own_unit(header.get("responsible_unit", ""))
    return ProgressReportRow(
        project_code=header.get("project_code") or None,
        project_name=header.get("project_name", ""),
        fiscal_year_be=int(year[0]) if year else reading.fiscal_year_be,
        start_date=parse_thai_date(header.get("start_date", "")),
        end_date=parse_thai_date(header.get("end_date", "")),
        budget_received=parse_amount(header.get("budget_received", "")).value,
        budget_spent=parse_amount(header.get("budget_spent", "")).value,
        responsible_unit=reading.unit(unit_raw),
    )


def _own_unit(path: str) -> str:
    """The unit of an `agency / division / group` path: the first part below the agencies."""
    parts = [part.strip() for part in path.split("/") if part.strip()]
    own = [part for part in parts if not part.startswith(PARENT_WORDS)]
    return own[0] if own else (parts[-1] if parts else "")
