"""Building kpis and kpi_targets rows, shared by the list and table recognisers."""

from __future__ import annotations

import re

from thaiplan.extract.context.names import drop_dot_leaders, result_type
from thaiplan.extract.context.reading import Reading, text
from thaiplan.extract.context.sections import Section
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Provenance
from thaiplan.extract.records import Record
from thaiplan.extract.rows import KpiRow, KpiTargetRow
from thaiplan.normalize.dates import be_to_ce
from thaiplan.normalize.keywords import starts_with
from thaiplan.normalize.numbers import Target, parse_percent, parse_target

#: A bracketed note opening with ค่า…: the weight note when its word is ค่าน้ำหนัก as
#: written or as OCR reads it (`ค่าน้าหนัก`, the ำ read as า).
NOTE = re.compile(r"\s*\((ค่า[^()]*)\)")
WEIGHT_WORD = "ค่าน้ำหนัก"
#: A lone mark after a space closing a name: a speck OCR read as a dot or comma.
STRAY_MARK = re.compile(r"\s+[.,'`]$")
TARGET_NOTE = re.compile(r"\s*\(ค่า\s*เป้า\s*หมาย([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")
NO_TARGET = Target(None, None, None, None)
#: Dot leaders OCR read as a run of ๑ (`…ระยะเวลา๑๑๑๑๑(ค่าเป้าหมาย` or `(๑๑๑๑๑ ค่าเป้าหมาย`),
#: Arabic once read: no figure stands between a name and the bracket of its target note.
LEADER_ONES = re.compile(r"1{4,}\s*(?=\(\s*ค่า\s*เป้า)|(?<=\()\s*1{4,}\s*(?=ค่า\s*เป้า)")


def clean_name(value: str) -> tuple[str, str | None, float | None]:
    """The indicator text without its result type, weight note and dot leaders."""
    kind, value = result_type(text(value))
    weight = None
    if m := _weight_note(value):
        weight = parse_percent(m[0])
        value = value[: m.start()] + value[m.end() :]
    return STRAY_MARK.sub("", drop_dot_leaders(value)), kind, weight


def _weight_note(value: str) -> re.Match[str] | None:
    """The `(ค่าน้ำหนัก ร้อยละ 10)` note of a name, its word matched as OCR may write it.

    >>> _weight_note("ความสำเร็จ (ค่าน้าหนัก ร้อยละ 10)")[0]
    ' (ค่าน้าหนัก ร้อยละ 10)'
    >>> _weight_note("ความสำเร็จ (ค่าเป้าหมาย ร้อยละ 10)") is None
    True
    """
    for m in NOTE.finditer(value):
        if starts_with("".join(m[1].split()), WEIGHT_WORD) is not None:
            return m
    return None


def split_target_note(value: str) -> tuple[str, Target]:
    """`name (ค่าเป้าหมาย ระดับ 5)` → ('name', ระดับ 5); dot leaders before the note are dropped.

    >>> split_target_note("ระยะเวลา.....(๑๑๑๑๑ ค่าเป้าหมาย จำนวน 1 เรื่อง)")[1].value
    1.0
    """
    value = LEADER_ONES.sub("", text(value))
    m = TARGET_NOTE.search(value)
    if not m:
        return value, NO_TARGET
    return value[: m.start()].rstrip(". "), parse_target(drop_dot_leaders(m[1].replace("..", " ")))


def kpi_record(
    reading: Reading,
    ids: IdMaker,
    section: Section,
    prov: Provenance,
    *,
    kpi_set: str,
    seq: str | None,
    name: str,
    target: Target,
    result: str | None = None,
    weight: float | None = None,
    measure_no: str | None = None,
    objective: bool = True,
    unit_raw: str | None = None,
    agency: str | None = None,
) -> Record:
    path = (
        section.pillar_code,
        section.dimension_code,
        section.goal_code if objective else None,
        section.objective_code if objective else None,
    )
    return Record(
        KpiRow(
            kpi_id=ids.make("kpi", kpi_set, *path, seq, name),
            kpi_set=kpi_set,
            agency=agency or reading.agency,
            seq=seq,
            name=name,
            pillar_code=path[0],
            dimension_code=path[1],
            goal_code=path[2],
            objective_code=path[3],
            measure_no=measure_no,
            target_text=target.text,
            target_value=target.value,
            target_unit=target.unit,
            target_unit_th=target.unit_th,
            weight_pct=weight,
            result_type=result,
            responsible_unit=reading.unit(unit_raw, prov),
            responsible_unit_raw=unit_raw or None,
        ),
        prov,
    )


def target_record(kpi: Record, year_be: int, target: Target) -> Record:
    return Record(
        KpiTargetRow(
            kpi_id=kpi.row.kpi_id,
            year_be=year_be,
            year_ce=be_to_ce(year_be),
            target_text=target.text,
            target_value=target.value,
            target_unit=target.unit,
        ),
        kpi.prov,
    )
