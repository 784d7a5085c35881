"""Typed rows: one frozen dataclass per output dataset, the single source of its columns.

Recognisers, checks and the run stage build these (never dicts), so mypy catches a
misspelt or mistyped column where the row is made. The Arrow schemas, the data
dictionary (`thaiplan schema`) and the dataset names all derive from the classes here:
a column's Python type says its Arrow type (`Decimal` is money, decimal128(18, 2); an
`int` carries its width, INT16), `| None` that it may be null, and the string in its
`Annotated[...]` is its description. Kept free of pyarrow so the read and recognise
stages load no data library.

Nullable columns default to None: a column a recogniser does not know stays empty.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Annotated, Any, ClassVar


@dataclass(frozen=True)
class IntWidth:
    """The Arrow width of an `int` column, in bits."""

    bits: int


INT8, INT16, INT32 = IntWidth(8), IntWidth(16), IntWidth(32)

# Columns several datasets share, declared once (a KPI's target, a row's responsible unit).
TargetText = Annotated[str | None, "Target as written, normalised: ร้อยละ 80, ระดับ 5, จำนวน 1 ฉบับ"]
TargetValue = Annotated[float | None, "Number in the target: 80, 5, 1"]
TargetUnit = Annotated[str | None, "percent, level, count, score or other"]
ResponsibleUnit = Annotated[str | None, "Responsible unit, full normalised name"]
ResponsibleUnitRaw = Annotated[str | None, "Responsible unit as written"]


@dataclass(frozen=True, kw_only=True)
class Common:
    """The columns every dataset shares and the recognisers never set: which document,
    which year, where in it. The file's assembly fills them (thaiplan.extract.process)."""

    doc_id: Annotated[str, "First 16 hex digits of the SHA-256 of the source file's bytes"]
    fiscal_year_ce: Annotated[
        int | None,
        INT32,
        "Fiscal year, Gregorian (FY 2565 BE = 2022): the year the document states, else "
        "the fiscal year of its own date, else null",
    ] = None
    page: Annotated[int | None, INT32, "1-based PDF page (null for text exports)"] = None
    line: Annotated[int | None, INT32, "1-based line in a text export (null for PDFs)"] = None


@dataclass(frozen=True, kw_only=True)
class Row:
    """A row of one dataset (`DATASET`), without the common columns."""

    DATASET: ClassVar[str]


@dataclass(frozen=True)
class Placed:
    """A row with its common columns: what a file's assembly hands to the output stage."""

    common: Common
    row: Row

    @property
    def dataset(self) -> str:
        return self.row.DATASET


@dataclass(frozen=True, kw_only=True)
class DocumentRow(Row):
    """One document read: its file, kind, title, agency, year and row counts."""

    DATASET: ClassVar[str] = "documents"

    source_path: Annotated[
        str,
        "Relative to the input root it was found under: a file given is its name, a file "
        "in a folder the folder's name and the path below it",
    ]
    source_sha256: Annotated[str, "Full SHA-256 hex digest of the source file"]
    source_format: Annotated[str, "pdf or text"]
    text_source: Annotated[
        str,
        "export (a text export), text_layer (the PDF's text), ocr (page images) or mixed",
    ]
    printed_title_page: Annotated[
        int | None,
        INT32,
        "Budget documents: the page number printed on the first page",
    ] = None
    doc_type: Annotated[
        str,
        "action_plan, kpi_report, progress_report, meeting_minutes, budget_document or unknown",
    ]
    title: Annotated[str | None, "Document title, e.g. แผนปฏิบัติการประจำปี พ.ศ. 2565"] = None
    agency: Annotated[str | None, "Issuing agency, full normalised name"] = None
    fiscal_year_be: Annotated[int | None, INT16, "Fiscal year, Buddhist Era (2565)"] = None
    page_count: Annotated[int | None, INT32, "Number of PDF pages (null for text exports)"] = None
    extractor_version: Annotated[str, "Version of the extractor that read the document"]
    n_kpis: Annotated[int, INT32, "Rows in kpis from this document"]
    n_budget_items: Annotated[int, INT32, "Rows in budget_items from this document"]
    n_schedule_steps: Annotated[int, INT32, "Rows in schedule_steps from this document"]
    n_diagnostics: Annotated[int, INT32, "Rows in diagnostics from this document"]


@dataclass(frozen=True, kw_only=True)
class KpiRow(Row):
    """An indicator (ตัวชี้วัด) with its place in the plan, target, weight and unit."""

    DATASET: ClassVar[str] = "kpis"

    kpi_id: Annotated[
        str,
        "Stable hash of doc_id, kpi_set, strategy path, seq, name and occurrence",
    ]
    kpi_set: Annotated[str, "objective, measure, negotiated, mission, headline, component or other"]
    agency: Annotated[
        str | None,
        "Agency the indicator belongs to (else the document's agency)",
    ] = None
    programme: Annotated[
        str | None,
        "The programme the indicator measures (a BMA volume's งาน)",
    ] = None
    seq: Annotated[str | None, "ลำดับที่ as written, digits normalised: 1, 5.1"] = None
    name: Annotated[str | None, "Indicator text"] = None
    pillar_code: Annotated[str | None, "ด้านที่ in force: 7"] = None
    dimension_code: Annotated[str | None, "มิติที่ in force: 7.1"] = None
    goal_code: Annotated[str | None, "เป้าหมาย in force: 7.1.2"] = None
    objective_code: Annotated[str | None, "เป้าประสงค์ in force: 7.1.2.1"] = None
    measure_no: Annotated[str | None, "มาตรการที่: 1"] = None
    target_text: TargetText = None
    target_value: TargetValue = None
    target_unit: TargetUnit = None
    target_unit_th: Annotated[str | None, "Thai unit word: ร้อยละ, ระดับ, ฉบับ, ครั้ง"] = None
    weight_pct: Annotated[float | None, "ค่าน้ำหนัก in percent: ร้อยละ 10 → 10"] = None
    result_type: Annotated[str | None, "output (ผลผลิต) or outcome (ผลลัพธ์)"] = None
    responsible_unit: ResponsibleUnit = None
    responsible_unit_raw: ResponsibleUnitRaw = None


@dataclass(frozen=True, kw_only=True)
class KpiTargetRow(Row):
    """A target an indicator sets for one year."""

    DATASET: ClassVar[str] = "kpi_targets"

    kpi_id: Annotated[str | None, "Indicator (joins kpis)"] = None
    year_be: Annotated[int | None, INT16, "Target year, Buddhist Era"] = None
    year_ce: Annotated[int | None, INT16, "Target year, Gregorian"] = None
    target_text: TargetText = None
    target_value: TargetValue = None
    target_unit: TargetUnit = None


@dataclass(frozen=True, kw_only=True)
class BudgetItemRow(Row):
    """A project or activity with its amount, from a plan's budget table."""

    DATASET: ClassVar[str] = "budget_items"

    item_id: Annotated[str, "Stable hash of doc_id, budget_table, section, name and occurrence"]
    budget_table: Annotated[str, "measure, mission, strategic, routine or other"]
    agency: Annotated[str | None, "Agency the item belongs to (else the document's agency)"] = None
    budget_year_be: Annotated[int | None, INT16, "Fiscal year (BE) the amount is for"] = None
    section: Annotated[str, "summary or detail"]
    seq: Annotated[str | None, "ลำดับที่ as written"] = None
    project_name: Annotated[
        str | None,
        "Project/activity name, normalised, footnote marks stripped",
    ] = None
    project_kind: Annotated[str, "project, activity or other"]
    amount: Annotated[Decimal | None, "Amount in baht; null for - or ไม่ใช้งบประมาณ"] = None
    amount_raw: Annotated[str | None, "Amount cell text as found"] = None
    funding_status: Annotated[str, "funded, not_funded, merged, no_budget or unknown"]
    fund_source: Annotated[str | None, "แหล่งงบประมาณ as written: กทม., รัฐบาล"] = None
    responsible_unit: ResponsibleUnit = None
    responsible_unit_raw: ResponsibleUnitRaw = None
    measure_ref: Annotated[str | None, "Measure number after the name: (๒) → 2"] = None
    footnote: Annotated[str | None, "Text of the * / ** note the item's mark points to"] = None


@dataclass(frozen=True, kw_only=True)
class BudgetLineRow(Row):
    """A line of a budget document's tree: its unit, plan, output, category and amount."""

    DATASET: ClassVar[str] = "budget_lines"

    line_id: Annotated[str, "Stable hash of doc_id, view, path, name, year and occurrence"]
    parent_id: Annotated[
        str | None,
        "The line this one is part of (its amount is in the parent's)",
    ] = None
    view: Annotated[
        str,
        "detail, by_budget_type, by_category, by_structure, by_source, comparison, "
        "by_activity, service_targets, ministry_summary or other",
    ]
    ministry: Annotated[str | None, "กระทรวง or equivalent, full name"] = None
    budgetary_unit: Annotated[str | None, "หน่วยรับงบประมาณ (กรม or equivalent), full name"] = None
    plan: Annotated[str | None, "แผนงาน, whole name even where the heading wraps"] = None
    cross_functional: Annotated[bool, "The แผนงาน is a แผนงานบูรณาการ"]
    output: Annotated[str | None, "ผลผลิต"] = None
    project: Annotated[
        str | None,
        "โครงการ (a line is under an output or a project, not both)",
    ] = None
    activity: Annotated[str | None, "กิจกรรม, where the view has one"] = None
    division: Annotated[str | None, "ฝ่าย of a BMA volume's office that runs the งาน"] = None
    work: Annotated[
        str | None,
        "งาน of a BMA volume: a unit of work with its own money and indicators",
    ] = None
    work_code: Annotated[str | None, "The งาน's รหัส as printed (1300001)"] = None
    money_source: Annotated[
        str | None,
        "budget (เงินงบประมาณ) or off_budget (เงินนอกงบประมาณ) where a table splits its "
        "money by source; null for a line that states one total",
    ] = None
    category_lv1: Annotated[
        str | None,
        "งบบุคลากร, งบดำเนินงาน, งบลงทุน, งบเงินอุดหนุน, งบรายจ่ายอื่น",
    ] = None
    category_path: Annotated[
        list[str],
        "Sub-line names below level 1, outermost first (empty for a level-1 line)",
    ]
    level: Annotated[
        int,
        INT8,
        "0 = a unit/plan/output/project total, 1 = งบรายจ่าย, 2… = its sub-lines",
    ]
    is_leaf: Annotated[bool, "No line below it"]
    item: Annotated[str, "The line's own text, numbering stripped"]
    quantity_text: Annotated[str | None, "1 ระบบ, 12 คัน where an item states one"] = None
    year_be: Annotated[int, INT16, "Fiscal year (BE) the amount is for"]
    obligated: Annotated[bool, "Part of a multi-year commitment (รายการผูกพัน)"]
    amount: Annotated[Decimal | None, "In baht (ล้านบาท pages multiplied out)"] = None
    amount_raw: Annotated[str, "As printed, with its unit if the cell has one"]
    printed_page: Annotated[int | None, INT32, "Page number printed on the page"] = None


@dataclass(frozen=True, kw_only=True)
class ScheduleStepRow(Row):
    """A step of a project's schedule: its weight and active months."""

    DATASET: ClassVar[str] = "schedule_steps"

    schedule_id: Annotated[str, "Stable hash, one per project schedule"]
    kpi_no: Annotated[str | None, "ตัวชี้วัดที่: 1"] = None
    kpi_name: Annotated[str | None, "Indicator the schedule serves"] = None
    project_name: Annotated[str | None, "โครงการ/กิจกรรม the schedule belongs to"] = None
    responsible_unit: Annotated[str | None, "Unit in brackets after the project name"] = None
    project_budget: Annotated[
        Decimal | None,
        "งบประมาณ of the project in baht; null for ไม่ใช้งบประมาณ",
    ] = None
    step_no: Annotated[str | None, "Step number: 1, 4.1"] = None
    step_text: Annotated[str | None, "Step description"] = None
    weight_pct: Annotated[float | None, "Weight of the step in percent"] = None
    cumulative_pct: Annotated[float | None, "Stated cumulative progress in percent"] = None
    months: Annotated[
        list[dt.date] | None,
        "Active months (first day, Gregorian), ascending",
    ] = None
    start_month: Annotated[dt.date | None, "First active month"] = None
    end_month: Annotated[dt.date | None, "Last active month"] = None


@dataclass(frozen=True, kw_only=True)
class CheckRow(Row):
    """A total the document states reconciled against its parts."""

    DATASET: ClassVar[str] = "checks"

    check_id: Annotated[str, "Stable hash"]
    check: Annotated[
        str,
        "budget_table_total, budget_detail_vs_summary, schedule_budget_vs_summary, "
        "schedule_weights_sum, schedule_cumulative, schedule_step_count, project_count, "
        "budget_tree_sum, budget_unit_total, budget_views_agree, ministry_total or "
        "budget_kpi_money",
    ]
    unit: Annotated[str, "What expected and actual count: baht, percent or count"]
    scope: Annotated[str | None, "Which table or project, in words"] = None
    expected: Annotated[Decimal | None, "Figure the document states"] = None
    actual: Annotated[Decimal | None, "Figure recomputed from the rows"] = None
    difference: Annotated[Decimal | None, "actual − expected"] = None
    status: Annotated[str, "ok, mismatch or unverifiable"]
    items: Annotated[int, INT32, "Rows that went into actual"]


@dataclass(frozen=True, kw_only=True)
class DiagnosticRow(Row):
    """Something a person should know about a file: an error, warning or note."""

    DATASET: ClassVar[str] = "diagnostics"

    source_path: Annotated[str, "File the diagnostic is about"]
    severity: Annotated[str, "error, warning or info"]
    code: Annotated[
        str,
        "unreadable_file, encrypted_pdf, extract_failed, file_timeout, memory_limit, "
        "worker_crashed, unparsed_table, …",
    ]
    message: Annotated[str, "One sentence a person can act on"]
    context: Annotated[str | None, "Offending text, shortened"] = None


@dataclass(frozen=True, kw_only=True)
class KpiRubricRow(Row):
    """A level of an indicator's scoring rubric."""

    DATASET: ClassVar[str] = "kpi_rubrics"

    kpi_id: Annotated[str | None, "Indicator scored, where it can be joined"] = None
    kpi_name: Annotated[str | None, "Indicator name"] = None
    level: Annotated[int | None, INT8, "ระดับความสำเร็จ 1–5"] = None
    criterion_pct: Annotated[float | None, "เกณฑ์การให้คะแนน in percent"] = None
    description: Annotated[str | None, "ผลการดำเนินงาน for this level"] = None
    points: Annotated[float | None, "คะแนนที่ได้รับ"] = None


@dataclass(frozen=True, kw_only=True)
class KpiResultRow(Row):
    """An indicator's result for one quarter."""

    DATASET: ClassVar[str] = "kpi_results"

    kpi_code: Annotated[str | None, "Indicator code: 0402-0810"] = None
    kpi_name: Annotated[str | None, "Indicator name"] = None
    target_text: TargetText = None
    target_value: TargetValue = None
    target_unit: TargetUnit = None
    kpi_type: Annotated[str | None, "ตัวชี้วัดเชิงยุทธศาสตร์ …"] = None
    quarter: Annotated[int | None, INT8, "Quarter 1–4"] = None
    result_value: Annotated[float | None, "ผลงาน"] = None
    assessed: Annotated[str | None, "ผลประเมินตัวชี้วัด as written: 100 / 100"] = None
    report_text: Annotated[str | None, "รายงานผลฯ of the quarter"] = None


@dataclass(frozen=True, kw_only=True)
class ProgressReportRow(Row):
    """A project's progress as of one report."""

    DATASET: ClassVar[str] = "progress_reports"

    project_code: Annotated[str | None, "Project code: 03000000-2449"] = None
    project_name: Annotated[str | None, "Project name"] = None
    fiscal_year_be: Annotated[int | None, INT16, "Fiscal year, Buddhist Era"] = None
    start_date: Annotated[dt.date | None, "Project start date"] = None
    end_date: Annotated[dt.date | None, "Project end date"] = None
    budget_received: Annotated[Decimal | None, "Budget received in baht"] = None
    budget_spent: Annotated[Decimal | None, "Budget spent in baht"] = None
    responsible_unit: Annotated[str | None, "Responsible unit"] = None
    report_no: Annotated[int | None, INT16, "รายงานครั้งที่ N"] = None
    report_date: Annotated[dt.date | None, "Report date"] = None
    status_text: Annotated[str | None, "Status as written"] = None
    progress_pct: Annotated[float | None, "ความก้าวหน้าของงาน in percent"] = None
    disbursed: Annotated[Decimal | None, "งบประมาณที่เบิกใช้ in baht"] = None
    on_plan: Annotated[bool | None, "เป็นไปตามแผน"] = None
    on_target: Annotated[bool | None, "เป็นไปตามเป้าหมาย"] = None


@dataclass(frozen=True, kw_only=True)
class ProjectOutcomeRow(Row):
    """A project's outcome as minutes record it."""

    DATASET: ClassVar[str] = "project_outcomes"

    project_name: Annotated[str | None, "Project name"] = None
    responsible_unit: Annotated[str | None, "Responsible unit"] = None
    strategy: Annotated[str | None, "ยุทธศาสตร์ที่ the table sits under: 1"] = None
    status: Annotated[str, "achieved, not_achieved, completed, in_progress, not_done or unknown"]
    status_text: Annotated[str | None, "Status as written"] = None
    note: Annotated[str | None, "หมายเหตุ / ผลลัพธ์ที่ได้"] = None


@dataclass(frozen=True, kw_only=True)
class TableCellRow(Row):
    """A cell of a table no recogniser claimed, so no table of a document vanishes."""

    DATASET: ClassVar[str] = "tables"

    table_index: Annotated[int, INT32, "0-based position of the table among the document's tables"]
    row_index: Annotated[int, INT32, "0-based row of the table"]
    col_index: Annotated[int, INT32, "0-based first column the cell covers"]
    colspan: Annotated[int, INT32, "Columns the cell covers"]
    text: Annotated[str, "The cell's text, normalised"]
    x0: Annotated[float | None, "Left edge of the cell's row on the PDF page, in points"] = None
    top: Annotated[float | None, "Top edge of the cell's row, in points from the page top"] = None
    x1: Annotated[float | None, "Right edge of the cell's row, in points"] = None
    bottom: Annotated[float | None, "Bottom edge of the cell's row, in points"] = None


#: Every dataset's row class, in the contract's order (docs/DATASETS.md).
ROW_TYPES: tuple[type[Row], ...] = (
    DocumentRow,
    KpiRow,
    KpiTargetRow,
    BudgetItemRow,
    BudgetLineRow,
    ScheduleStepRow,
    CheckRow,
    DiagnosticRow,
    KpiRubricRow,
    KpiResultRow,
    ProgressReportRow,
    ProjectOutcomeRow,
    TableCellRow,
)


@dataclass(frozen=True)
class Column:
    """One column as declared: `kind` is str, int, float, Decimal, bool, dt.date or
    list[...] of one of these; `bits` the width of an int."""

    name: str
    kind: str
    nullable: bool
    description: str
    bits: int | None = None


def columns(row_type: type[Common] | type[Row]) -> tuple[Column, ...]:
    """The columns of a row class in declaration order.

    >>> [(c.name, c.kind, c.nullable, c.bits) for c in columns(KpiTargetRow)][1:3]
    [('year_be', 'int', True, 16), ('year_ce', 'int', True, 16)]
    >>> columns(BudgetLineRow)[0].nullable, columns(BudgetLineRow)[-3].kind
    (False, 'Decimal')
    """
    hints = typing.get_type_hints(row_type, include_extras=True)
    return tuple(_column(f.name, hints[f.name]) for f in fields(row_type))


def _column(name: str, hint: Any) -> Column:
    base, *extras = typing.get_args(hint)
    description = next(e for e in extras if isinstance(e, str))
    width = next((e.bits for e in extras if isinstance(e, IntWidth)), None)
    members = typing.get_args(base) if isinstance(base, types.UnionType) else (base,)
    kind = next(m for m in members if m is not type(None))
    return Column(name, _kind_name(kind), type(None) in members, description, width)


def _kind_name(kind: Any) -> str:
    if typing.get_origin(kind) is list:
        return f"list[{_kind_name(typing.get_args(kind)[0])}]"
    return "dt.date" if kind is dt.date else kind.__name__
