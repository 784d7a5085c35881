"""Section context: which ด้าน/มิติ/เป้าหมาย/เป้าประสงค์/มาตรการ, KPI set and budget table are in force.

Plans are read top to bottom; every heading line moves the context and every table is read
under the context in force where it stands. The rules match structural keywords, never a
document's own titles, so the next agency's plan is read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.keywords import LETTER_EDIT_COST, spaces_inside, starts_with

CODE = r"(\d+(?:\.\d+)*)"
PILLAR = re.compile(r"^(?:\d+\.\s*)?ด้าน\s*ที่\s*(\d+)")
# A dimension heading: the keyword is matched tolerantly (`มติที่` for `มิติที่`), the
# misspelling is kept in the text; a dotted code tells it from an evaluation dimension.
DIMENSION_WORD = "มิติ"
DIMENSION_CODE = re.compile(r"\s*ที่\s*(\d+(?:\.\d+)+)")
SUMMARY_WORD = "สรุปโครงการ"
EVAL_DIMENSION = re.compile(r"^-?\s*มิติ\s*ที่\s*(\d+)(?![.\d])")
COMPONENT = re.compile(r"^องค์ประกอบ\s*ที่\s*(\d+)")
GOAL = re.compile(r"^เป้าหมาย\s*(?:ที่)?\s*(\d+\.\d+\.\d+)")
OBJECTIVE = re.compile(r"^เป้าประสงค์\s*(?:ที่)?\s*(\d+\.\d+\.\d+\.\d+)")
MEASURE = re.compile(r"^มาตรการ\s*ที่\s*(\d+)")
#: An evaluation table's heading: ตาราง and its letter, which OCR may read as a Latin one (ก as A).
EVAL_TABLE = re.compile(r"^ตาราง\s*[ก-ฮA-Z]\.?\s")
MISSION = re.compile(r"^ภารกิจ\s*ที่\s*(\d+)")
#: `ยุทธศาสตร์ที่ N`, the word maybe split by OCR (`ยุทธศาส ตร์ที่ ๓`)
STRATEGY = re.compile(rf"^{spaces_inside('ยุทธศาสตร์')}\s*ที่\s*(\d+)")
SCHEDULES = re.compile(r"^ขั้นตอนการปฏิบัติงาน")

#: The words a heading or column header opens with to name a KPI set.
KPI_SET_HEADINGS = (
    (("ตัวชี้วัดเป้าประสงค์",), "objective"),
    (("ตัวชี้วัดมาตรการ",), "measure"),
    (("ตัวชี้วัดเจรจาตกลง", "ตัวชี้วัดจากการเจรจาตกลง"), "negotiated"),
    (("ตัวชี้วัดภารกิจ",), "mission"),
    (("ผลการดำเนินงานหลัก", "ตัวชี้วัดผลการดำเนินงานหลัก"), "headline"),
)
#: A set heading as OCR writes it (`ตัวขี้วัดมาตรการ`) may differ by one letter or two
#: marks; more would let `ตัวชี้วัดมาตรฐาน` name the measure set.
KPI_SET_LIMIT = LETTER_EDIT_COST


def dimension_code(text: str) -> str | None:
    """The code of a dimension heading (`มิติที่ 1.1`, misspelt `- มติที่ 1.2`), else None.

    >>> dimension_code("- มติที่ 1.2 การพัฒนา"), dimension_code("มิติที่ 2 ด้านคุณภาพ")
    ('1.2', None)
    """
    body = text.lstrip("- ")
    end = starts_with(body, DIMENSION_WORD)
    if end is None:
        return None
    m = DIMENSION_CODE.match(body, end)
    return m[1] if m else None


def set_named_by(text: str) -> str | None:
    """The KPI set a heading or column header names, if any.

    >>> set_named_by("ตัวชี้วัดมาตรการ")
    'measure'
    >>> set_named_by("ตัวชี้วัด") is None
    True
    >>> set_named_by("ตัวขี้วัดมาตรการ"), set_named_by("ตัวชี้วัดมาตรฐาน") is None
    ('measure', True)
    """
    for words, name in KPI_SET_HEADINGS:
        if any(text.startswith(word) for word in words):
            return name
    for words, name in KPI_SET_HEADINGS:
        if any(starts_with(text, word, KPI_SET_LIMIT) is not None for word in words):
            return name
    return None


def eval_table_set(heading: str) -> str | None:
    """The set an evaluation table (ตาราง ก/ข/ค/ง) heading names."""
    if "เจรจาตกลง" in heading:
        return "negotiated"
    if "ภารกิจตามยุทธศาสตร์ของหน่วยงาน" in heading or "(ยุทธศาสตร์หน่วยงาน)" in heading:
        return "mission"
    return None


def budget_table_named_by(heading: str) -> str | None:
    """The budget table kind a heading introduces (DATASETS.md budget_items.budget_table)."""
    if "รองรับมาตรการ" in heading:
        return "measure"
    if MISSION.match(heading) or "ตามภารกิจสำคัญ" in heading:
        return "mission"
    if re.match(r"^โครงการ(?:/กิจกรรม)?ยุทธศาสตร์", heading):
        return "strategic"
    if heading.startswith("บัญชีรายการ") or re.match(
        r"^(?:โครงการ/กิจกรรม|โครงการ|กิจกรรม)(?:งาน)?ประจำ(?!ปี)", heading
    ):
        return "routine"
    return None


@dataclass(frozen=True)
class Section:
    """The context in force at one point of a document."""

    pillar_code: str | None = None
    dimension_code: str | None = None
    goal_code: str | None = None
    objective_code: str | None = None
    measure_no: str | None = None
    heading_set: str | None = None  # nearest heading naming a KPI set
    table_set: str | None = None  # the evaluation table (ตาราง ก/ข/…) the text sits in
    in_eval_table: bool = False
    budget_table: str | None = None
    part: str = "detail"  # summary or detail
    not_funded: bool = False
    strategy: str | None = None
    in_schedules: bool = False

    def after(self, heading: str) -> Section:
        """The context after a heading or paragraph line."""
        text = thai_to_arabic(heading).strip()
        if not text or text.startswith("*"):
            return self
        if text.startswith("โครงการที่ไม่ได้รับงบประมาณ"):
            return replace(self, not_funded=True)
        if EVAL_TABLE.match(text):
            return replace(
                Section(),
                part=self.part,
                table_set=eval_table_set(text),
                in_eval_table=True,
                heading_set=_component_in(text),
            )
        if SCHEDULES.match(text):
            return replace(Section(), in_schedules=True)
        s = _strategy_path(_budget_part(self, text), text)
        named = set_named_by(text)
        return replace(s, heading_set=named) if named else s


def _budget_part(s: Section, text: str) -> Section:
    """The part (summary or detail) and budget table a heading opens."""
    if starts_with(text, SUMMARY_WORD) is not None:
        s = replace(s, part="summary", budget_table=None, not_funded=False)
    elif text.startswith("บัญชีรายการ"):
        s = replace(s, part="summary")
    elif text.startswith("มาตรการและโครงการ") or text.startswith("การนำแผน"):
        s = replace(s, part="detail", budget_table=None)
    kind = budget_table_named_by(text)
    return replace(s, budget_table=kind, not_funded=False) if kind else s


def _strategy_path(s: Section, text: str) -> Section:
    """The place in the strategy a heading names: ด้าน, มิติ, an evaluation part, เป้าหมาย,
    เป้าประสงค์, มาตรการ or ยุทธศาสตร์ (each resets what lies below it)."""
    if m := PILLAR.match(text):
        return replace(
            s,
            pillar_code=m[1],
            dimension_code=None,
            goal_code=None,
            objective_code=None,
            measure_no=None,
        )
    if code := dimension_code(text):
        return replace(s, dimension_code=code, goal_code=None, objective_code=None, measure_no=None)
    if m := EVAL_DIMENSION.match(text):
        return _evaluation_part(s, int(m[1]))
    if m := COMPONENT.match(text):
        return _evaluation_part(s, int(m[1])) if int(m[1]) >= 2 else s
    if m := GOAL.match(text):
        return replace(s, goal_code=m[1], objective_code=None, measure_no=None)
    if m := OBJECTIVE.match(text):
        code = m[1]
        return replace(
            s,
            objective_code=code,
            goal_code=".".join(code.split(".")[:3]),
            measure_no=None,
            heading_set="objective",
        )
    if m := MEASURE.match(text):
        return replace(s, measure_no=m[1])
    if m := STRATEGY.match(text):
        return replace(s, strategy=m[1])
    return s


def _component_in(heading: str) -> str | None:
    m = re.search(r"องค์ประกอบที่\s*(\d+)", heading)
    return "component" if m and int(m[1]) >= 2 else None


def _evaluation_part(s: Section, number: int) -> Section:
    """An evaluation มิติที่ N / องค์ประกอบที่ N: from 2 on it holds component indicators."""
    if number >= 2:
        return replace(Section(), part=s.part, heading_set="component")
    return replace(s, heading_set=None)
