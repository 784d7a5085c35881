"""Arrow schemas of the output datasets: the code form of docs/DATASETS.md.

Every column is declared here with its type and a description, so the files, the
`thaiplan schema` data dictionary and the coercion in `to_table` cannot drift apart.
Nullability: identifiers, closed enumerations (which have an `unknown`/`other` value)
and counts are non-null; every other column may be null, because real documents leave
such cells out (mission KPIs with no ลำดับที่, for one).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pyarrow as pa

from thaiplan.normalize.numbers import to_money
from thaiplan.output.arrays import array
from thaiplan.output.dataset_names import DATASETS

SCHEMA_VERSION = "2"
FISCAL_YEAR = "fiscal_year_ce"

MONEY = pa.decimal128(18, 2)
_MONEY_LIMIT = Decimal(10) ** 16  # 18 digits, 2 of them after the point


class SchemaError(ValueError):
    """A row does not fit its dataset's schema (the message names dataset and column)."""


def _field(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


_COMMON = [
    _field(
        "doc_id",
        pa.string(),
        "First 16 hex digits of the SHA-256 of the source file's bytes",
        False,
    ),
    _field(
        FISCAL_YEAR,
        pa.int32(),
        "Fiscal year, Gregorian (FY 2565 BE = 2022): the year the document states, else the "
        "fiscal year of its own date, else null",
    ),
    _field("page", pa.int32(), "1-based PDF page (null for text exports)"),
    _field("line", pa.int32(), "1-based line in a text export (null for PDFs)"),
]


def _s(name: str, description: str, nullable: bool = True) -> pa.Field:
    return _field(name, pa.string(), description, nullable)


def _target_fields() -> list[pa.Field]:
    return [
        _s("target_text", "Target as written, normalised: ร้อยละ 80, ระดับ 5, จำนวน 1 ฉบับ"),
        _field("target_value", pa.float64(), "Number in the target: 80, 5, 1"),
        _s("target_unit", "percent, level, count, score or other"),
    ]


_RESPONSIBLE = [
    _s("responsible_unit", "Responsible unit, full normalised name"),
    _s("responsible_unit_raw", "Responsible unit as written"),
]

_DATASET_FIELDS: dict[str, list[pa.Field]] = {
    "documents": [
        _s(
            "source_path",
            "Relative to the input root it was found under: a file given is its name, a file "
            "in a folder the folder's name and the path below it",
            False,
        ),
        _s("source_sha256", "Full SHA-256 hex digest of the source file", False),
        _s("source_format", "pdf or text", False),
        _s(
            "text_source",
            "export (a text export), text_layer (the PDF's text), ocr (page images) or mixed",
            False,
        ),
        _field(
            "printed_title_page",
            pa.int32(),
            "Budget documents: the page number printed on the first page",
        ),
        _s(
            "doc_type",
            "action_plan, kpi_report, progress_report, meeting_minutes, budget_document or unknown",
            False,
        ),
        _s("title", "Document title, e.g. แผนปฏิบัติการประจำปี พ.ศ. 2565"),
        _s("agency", "Issuing agency, full normalised name"),
        _field("fiscal_year_be", pa.int16(), "Fiscal year, Buddhist Era (2565)"),
        _field("page_count", pa.int32(), "Number of PDF pages (null for text exports)"),
        _s("extractor_version", "Version of the extractor that read the document", False),
        _field("n_kpis", pa.int32(), "Rows in kpis from this document", False),
        _field("n_budget_items", pa.int32(), "Rows in budget_items from this document", False),
        _field("n_schedule_steps", pa.int32(), "Rows in schedule_steps from this document", False),
        _field("n_diagnostics", pa.int32(), "Rows in diagnostics from this document", False),
    ],
    "kpis": [
        _s(
            "kpi_id",
            "Stable hash of doc_id, kpi_set, strategy path, seq, name and occurrence",
            False,
        ),
        _s(
            "kpi_set",
            "objective, measure, negotiated, mission, headline, component or other",
            False,
        ),
        _s("agency", "Agency the indicator belongs to (else the document's agency)"),
        _s("programme", "The programme the indicator measures (a BMA volume's งาน)"),
        _s("seq", "ลำดับที่ as written, digits normalised: 1, 5.1"),
        _s("name", "Indicator text"),
        _s("pillar_code", "ด้านที่ in force: 7"),
        _s("dimension_code", "มิติที่ in force: 7.1"),
        _s("goal_code", "เป้าหมาย in force: 7.1.2"),
        _s("objective_code", "เป้าประสงค์ in force: 7.1.2.1"),
        _s("measure_no", "มาตรการที่: 1"),
        *_target_fields(),
        _s("target_unit_th", "Thai unit word: ร้อยละ, ระดับ, ฉบับ, ครั้ง"),
        _field("weight_pct", pa.float64(), "ค่าน้ำหนัก in percent: ร้อยละ 10 → 10"),
        _s("result_type", "output (ผลผลิต) or outcome (ผลลัพธ์)"),
        *_RESPONSIBLE,
    ],
    "kpi_targets": [
        _s("kpi_id", "Indicator (joins kpis)"),
        _field("year_be", pa.int16(), "Target year, Buddhist Era"),
        _field("year_ce", pa.int16(), "Target year, Gregorian"),
        *_target_fields(),
    ],
    "budget_items": [
        _s("item_id", "Stable hash of doc_id, budget_table, section, name and occurrence", False),
        _s("budget_table", "measure, mission, strategic, routine or other", False),
        _s("agency", "Agency the item belongs to (else the document's agency)"),
        _field("budget_year_be", pa.int16(), "Fiscal year (BE) the amount is for"),
        _s("section", "summary or detail", False),
        _s("seq", "ลำดับที่ as written"),
        _s("project_name", "Project/activity name, normalised, footnote marks stripped"),
        _s("project_kind", "project, activity or other", False),
        _field("amount", MONEY, "Amount in baht; null for - or ไม่ใช้งบประมาณ"),
        _s("amount_raw", "Amount cell text as found"),
        _s("funding_status", "funded, not_funded, merged, no_budget or unknown", False),
        _s("fund_source", "แหล่งงบประมาณ as written: กทม., รัฐบาล"),
        *_RESPONSIBLE,
        _s("measure_ref", "Measure number after the name: (๒) → 2"),
        _s("footnote", "Text of the * / ** note the item's mark points to"),
    ],
    "budget_lines": [
        _s("line_id", "Stable hash of doc_id, view, path, name, year and occurrence", False),
        _s("parent_id", "The line this one is part of (its amount is in the parent's)"),
        _s(
            "view",
            "detail, by_budget_type, by_category, by_structure, by_source, comparison, "
            "by_activity, service_targets, ministry_summary or other",
            False,
        ),
        _s("ministry", "กระทรวง or equivalent, full name"),
        _s("budgetary_unit", "หน่วยรับงบประมาณ (กรม or equivalent), full name"),
        _s("plan", "แผนงาน, whole name even where the heading wraps"),
        _field("cross_functional", pa.bool_(), "The แผนงาน is a แผนงานบูรณาการ", False),
        _s("output", "ผลผลิต"),
        _s("project", "โครงการ (a line is under an output or a project, not both)"),
        _s("activity", "กิจกรรม, where the view has one"),
        _s("division", "ฝ่าย of a BMA volume's office that runs the งาน"),
        _s("work", "งาน of a BMA volume: a unit of work with its own money and indicators"),
        _s("work_code", "The งาน's รหัส as printed (1300001)"),
        _s(
            "money_source",
            "budget (เงินงบประมาณ) or off_budget (เงินนอกงบประมาณ) where a table splits its "
            "money by source; null for a line that states one total",
        ),
        _s("category_lv1", "งบบุคลากร, งบดำเนินงาน, งบลงทุน, งบเงินอุดหนุน, งบรายจ่ายอื่น"),
        _field(
            "category_path",
            pa.list_(pa.string()),
            "Sub-line names below level 1, outermost first (empty for a level-1 line)",
            False,
        ),
        _field(
            "level",
            pa.int8(),
            "0 = a unit/plan/output/project total, 1 = งบรายจ่าย, 2… = its sub-lines",
            False,
        ),
        _field("is_leaf", pa.bool_(), "No line below it", False),
        _s("item", "The line's own text, numbering stripped", False),
        _s("quantity_text", "1 ระบบ, 12 คัน where an item states one"),
        _field("year_be", pa.int16(), "Fiscal year (BE) the amount is for", False),
        _field("obligated", pa.bool_(), "Part of a multi-year commitment (รายการผูกพัน)", False),
        _field("amount", MONEY, "In baht (ล้านบาท pages multiplied out)"),
        _s("amount_raw", "As printed, with its unit if the cell has one", False),
        _field("printed_page", pa.int32(), "Page number printed on the page"),
    ],
    "schedule_steps": [
        _s("schedule_id", "Stable hash, one per project schedule", False),
        _s("kpi_no", "ตัวชี้วัดที่: 1"),
        _s("kpi_name", "Indicator the schedule serves"),
        _s("project_name", "โครงการ/กิจกรรม the schedule belongs to"),
        _s("responsible_unit", "Unit in brackets after the project name"),
        _field("project_budget", MONEY, "งบประมาณ of the project in baht; null for ไม่ใช้งบประมาณ"),
        _s("step_no", "Step number: 1, 4.1"),
        _s("step_text", "Step description"),
        _field("weight_pct", pa.float64(), "Weight of the step in percent"),
        _field("cumulative_pct", pa.float64(), "Stated cumulative progress in percent"),
        _field("months", pa.list_(pa.date32()), "Active months (first day, Gregorian), ascending"),
        _field("start_month", pa.date32(), "First active month"),
        _field("end_month", pa.date32(), "Last active month"),
    ],
    "checks": [
        _s("check_id", "Stable hash", False),
        _s(
            "check",
            "budget_table_total, budget_detail_vs_summary, schedule_budget_vs_summary, "
            "schedule_weights_sum, schedule_cumulative, schedule_step_count, project_count, "
            "budget_tree_sum, budget_unit_total, budget_views_agree, ministry_total or "
            "budget_kpi_money",
            False,
        ),
        _s("unit", "What expected and actual count: baht, percent or count", False),
        _s("scope", "Which table or project, in words"),
        _field("expected", MONEY, "Figure the document states"),
        _field("actual", MONEY, "Figure recomputed from the rows"),
        _field("difference", MONEY, "actual − expected"),
        _s("status", "ok, mismatch or unverifiable", False),
        _field("items", pa.int32(), "Rows that went into actual", False),
    ],
    "diagnostics": [
        _s("source_path", "File the diagnostic is about", False),
        _s("severity", "error, warning or info", False),
        _s(
            "code",
            "unreadable_file, encrypted_pdf, extract_failed, file_timeout, memory_limit, worker_crashed, "
            "unparsed_table, …",
            False,
        ),
        _s("message", "One sentence a person can act on", False),
        _s("context", "Offending text, shortened"),
    ],
    "kpi_rubrics": [
        _s("kpi_id", "Indicator scored, where it can be joined"),
        _s("kpi_name", "Indicator name"),
        _field("level", pa.int8(), "ระดับความสำเร็จ 1–5"),
        _field("criterion_pct", pa.float64(), "เกณฑ์การให้คะแนน in percent"),
        _s("description", "ผลการดำเนินงาน for this level"),
        _field("points", pa.float64(), "คะแนนที่ได้รับ"),
    ],
    "kpi_results": [
        _s("kpi_code", "Indicator code: 0402-0810"),
        _s("kpi_name", "Indicator name"),
        *_target_fields(),
        _s("kpi_type", "ตัวชี้วัดเชิงยุทธศาสตร์ …"),
        _field("quarter", pa.int8(), "Quarter 1–4"),
        _field("result_value", pa.float64(), "ผลงาน"),
        _s("assessed", "ผลประเมินตัวชี้วัด as written: 100 / 100"),
        _s("report_text", "รายงานผลฯ of the quarter"),
    ],
    "progress_reports": [
        _s("project_code", "Project code: 03000000-2449"),
        _s("project_name", "Project name"),
        _field("fiscal_year_be", pa.int16(), "Fiscal year, Buddhist Era"),
        _field("start_date", pa.date32(), "Project start date"),
        _field("end_date", pa.date32(), "Project end date"),
        _field("budget_received", MONEY, "Budget received in baht"),
        _field("budget_spent", MONEY, "Budget spent in baht"),
        _s("responsible_unit", "Responsible unit"),
        _field("report_no", pa.int16(), "รายงานครั้งที่ N"),
        _field("report_date", pa.date32(), "Report date"),
        _s("status_text", "Status as written"),
        _field("progress_pct", pa.float64(), "ความก้าวหน้าของงาน in percent"),
        _field("disbursed", MONEY, "งบประมาณที่เบิกใช้ in baht"),
        _field("on_plan", pa.bool_(), "เป็นไปตามแผน"),
        _field("on_target", pa.bool_(), "เป็นไปตามเป้าหมาย"),
    ],
    "project_outcomes": [
        _s("project_name", "Project name"),
        _s("responsible_unit", "Responsible unit"),
        _s("strategy", "ยุทธศาสตร์ที่ the table sits under: 1"),
        _s("status", "achieved, not_achieved, completed, in_progress, not_done or unknown", False),
        _s("status_text", "Status as written"),
        _s("note", "หมายเหตุ / ผลลัพธ์ที่ได้"),
    ],
    "tables": [
        _field(
            "table_index",
            pa.int32(),
            "0-based position of the table among the document's tables",
            False,
        ),
        _field("row_index", pa.int32(), "0-based row of the table", False),
        _field("col_index", pa.int32(), "0-based first column the cell covers", False),
        _field("colspan", pa.int32(), "Columns the cell covers", False),
        _s("text", "The cell's text, normalised", False),
        _field("x0", pa.float64(), "Left edge of the cell's row on the PDF page, in points"),
        _field("top", pa.float64(), "Top edge of the cell's row, in points from the page top"),
        _field("x1", pa.float64(), "Right edge of the cell's row, in points"),
        _field("bottom", pa.float64(), "Bottom edge of the cell's row, in points"),
    ],
}

SCHEMAS: dict[str, pa.Schema] = {
    name: pa.schema(_COMMON + fields, metadata={"schema_version": SCHEMA_VERSION, "dataset": name})
    for name, fields in _DATASET_FIELDS.items()
}
if tuple(SCHEMAS) != DATASETS:
    raise RuntimeError("thaiplan.output.dataset_names and the schemas name other datasets")


# A dataset's own row identifier, the last sort key after doc_id, page and line.
def schema_for(dataset: str) -> pa.Schema:
    try:
        return SCHEMAS[dataset]
    except KeyError:
        raise SchemaError(f"unknown dataset {dataset!r} (known: {', '.join(DATASETS)})") from None


def description(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"description", b"").decode()


def type_name(type_: pa.DataType) -> str:
    """Short type names for the data dictionary: `date32`, `list<date32>`."""
    if pa.types.is_list(type_):
        return f"list<{type_name(type_.value_type)}>"
    if pa.types.is_date32(type_):
        return "date32"
    return str(type_)


def to_table(dataset: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows (column -> value) as a table of `dataset`'s schema; missing columns are null.

    Raises SchemaError naming dataset, column and row on a value that does not fit.
    """
    schema = schema_for(dataset)
    known = set(schema.names)
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for index, row in enumerate(rows):
        unknown = sorted(set(row) - known)
        if unknown:
            raise SchemaError(
                f"{dataset}: row {index} has columns not in the schema: {', '.join(unknown)}"
            )
        for field in schema:
            try:
                columns[field.name].append(_coerce(field, row.get(field.name)))
            except (TypeError, ValueError) as exc:
                where = "".join(
                    f" {k}={row[k]}" for k in ("doc_id", "page", "line") if row.get(k) is not None
                )
                raise SchemaError(f"{dataset}.{field.name}: row {index}{where}: {exc}") from None
    arrays = [array(columns[field.name], field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def misfit(dataset: str, column: str, value: Any) -> str | None:
    """Why a value of the right type cannot be represented in `dataset.column` (too large,
    not finite), or None if it fits; a value of the wrong type is a bug and is not excused."""
    try:
        _coerce(schema_for(dataset).field(column), value)
    except TypeError:
        return None
    except ValueError as exc:
        return str(exc)
    return None


def _coerce(field: pa.Field, value: Any) -> Any:
    if value is None:
        if not field.nullable:
            raise ValueError("null in a non-null column")
        return None
    type_ = field.type
    for is_type, coerce in _COERCIONS:
        if is_type(type_):
            return coerce(value, type_)
    raise TypeError(f"no coercion for Arrow type {type_}")


def _string(value: Any, type_: pa.DataType) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {_show(value)}")
    return value


def _float(value: Any, type_: pa.DataType) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"expected a number, got {_show(value)}")
    return float(value)


def _list(value: Any, type_: pa.DataType) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"expected a list, got {_show(value)}")
    item_field = pa.field("item", type_.value_type, nullable=False)
    return [_coerce(item_field, item) for item in value]


def _bool(value: Any, type_: pa.DataType) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected bool, got {_show(value)}")
    return value


def _integer(value: Any, type_: pa.DataType) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"expected an integer, got {_show(value)}")
    if isinstance(value, (float, Decimal)) and not math.isfinite(value):
        raise ValueError(f"expected an integer, got {value!r}")
    if value != int(value):
        raise ValueError(f"expected an integer, got {value!r}")
    bits = type_.bit_width - 1
    if not -(2**bits) <= int(value) < 2**bits:
        raise ValueError(f"{value!r} does not fit {type_}")
    return int(value)


def _money(value: Any) -> Decimal:
    """Baht as Decimal with 2 places; floats are refused so rounding errors cannot creep in."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"expected Decimal money, got {_show(value)}")
    try:
        amount = to_money(value)
    except InvalidOperation:
        raise ValueError(f"expected a finite amount, got {value!r}") from None
    if abs(amount) >= _MONEY_LIMIT:
        raise ValueError(f"{value!r} does not fit decimal128(18, 2)")
    return amount


def _date(value: Any) -> dt.date:
    # datetime is a date subclass; refusing it keeps clock times out of the rows.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"expected a date, got {_show(value)}")
    return value


#: (is this Arrow type, coerce a Python value to it), tried in order
_COERCIONS: tuple[tuple[Callable[[pa.DataType], bool], Callable[[Any, pa.DataType], Any]], ...] = (
    (pa.types.is_string, _string),
    (pa.types.is_integer, lambda value, type_: _integer(value, type_)),
    (pa.types.is_floating, _float),
    (pa.types.is_decimal, lambda value, type_: _money(value)),
    (pa.types.is_date32, lambda value, type_: _date(value)),
    (pa.types.is_list, _list),
    (pa.types.is_boolean, _bool),
)


def _show(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}{'…' if len(text) > 60 else ''}"


#: Frictionless Table Schema field types for the Arrow types the datasets use.
_FRICTIONLESS_TYPES = {
    "string": "string",
    "bool": "boolean",
    "int8": "integer",
    "int16": "integer",
    "int32": "integer",
    "double": "number",
    "date32[day]": "date",
}


def frictionless_schema(dataset: str) -> dict[str, Any]:
    """`dataset` as a Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/),
    with the Arrow type kept under `arrowType` for loaders that want the exact one.

    >>> fields = frictionless_schema("checks")["fields"]
    >>> [(f["name"], f["type"]) for f in fields if f["name"] in ("expected", "items")]
    [('expected', 'number'), ('items', 'integer')]
    """
    schema = schema_for(dataset)
    fields = []
    for f in schema:
        entry: dict[str, Any] = {
            "name": f.name,
            "type": "array"
            if pa.types.is_list(f.type)
            else "number"
            if pa.types.is_decimal(f.type)
            else _FRICTIONLESS_TYPES[str(f.type)],
            "description": description(f),
            "arrowType": type_name(f.type),
        }
        if not f.nullable:
            entry["constraints"] = {"required": True}
        fields.append(entry)
    described: dict[str, Any] = {"name": dataset, "fields": fields, "missingValues": [""]}
    if dataset in PRIMARY_KEYS:
        described["primaryKey"] = list(PRIMARY_KEYS[dataset])
    described["foreignKeys"] = foreign_keys(dataset)
    described["schemaVersion"] = SCHEMA_VERSION
    return described


#: The column that identifies a row, where a dataset has one: a hash of the document and
#: the row's place and occurrence, so unique by construction (and not null).
PRIMARY_KEYS = {
    "documents": ("doc_id",),
    "kpis": ("kpi_id",),
    "budget_items": ("item_id",),
    "budget_lines": ("line_id",),
    "checks": ("check_id",),
}
#: Datasets whose doc_id may name no documents row: a file that could not be read at all
#: leaves only its `error` row in diagnostics.
WITHOUT_DOCUMENT = frozenset({"documents", "diagnostics"})


def foreign_keys(dataset: str) -> list[dict[str, Any]]:
    """Every row's doc_id is a document's (Frictionless `foreignKeys`), and a budget line's
    parent is a budget line.

    >>> [k["reference"]["resource"] for k in foreign_keys("budget_lines")]
    ['documents', '']
    >>> foreign_keys("diagnostics")
    []
    """
    keys = []
    if dataset not in WITHOUT_DOCUMENT:
        keys.append(
            {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}
        )
    if dataset == "budget_lines":  # "" is this resource itself
        keys.append({"fields": ["parent_id"], "reference": {"resource": "", "fields": ["line_id"]}})
    return keys
