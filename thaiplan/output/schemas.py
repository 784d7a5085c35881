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
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pyarrow as pa

from thaiplan.extract.rows import ROW_TYPES, Column, Common, Placed, columns
from thaiplan.normalize.numbers import to_money
from thaiplan.output.arrays import array
from thaiplan.output.dataset_names import DATASETS, SCHEMA_VERSION

MONEY = pa.decimal128(18, 2)
_MONEY_LIMIT = Decimal(10) ** 16  # 18 digits, 2 of them after the point


class SchemaError(ValueError):
    """A row does not fit its dataset's schema (the message names dataset and column)."""


#: Arrow type of each Python column kind of thaiplan.extract.rows (an int by its width).
_ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    "float": pa.float64(),
    "Decimal": MONEY,
    "bool": pa.bool_(),
    "dt.date": pa.date32(),
}


def _arrow_type(kind: str, bits: int | None = None) -> pa.DataType:
    if kind.startswith("list["):
        return pa.list_(_arrow_type(kind.removeprefix("list[").removesuffix("]")))
    if kind == "int":
        return pa.int8() if bits == 8 else pa.int16() if bits == 16 else pa.int32()
    return _ARROW_TYPES[kind]


def _field(column: Column) -> pa.Field:
    return pa.field(
        column.name,
        _arrow_type(column.kind, column.bits),
        nullable=column.nullable,
        metadata={"description": column.description},
    )


_COMMON = [_field(column) for column in columns(Common)]
SCHEMAS: dict[str, pa.Schema] = {
    row_type.DATASET: pa.schema(
        _COMMON + [_field(column) for column in columns(row_type)],
        metadata={"schema_version": SCHEMA_VERSION, "dataset": row_type.DATASET},
    )
    for row_type in ROW_TYPES
}


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


def to_table(dataset: str, rows: Iterable[Placed]) -> pa.Table:
    """Typed rows of `dataset` as a table of its schema.

    The row classes fix names and Python types; this still checks each value against its
    Arrow column (a year too large for int16, money past 18 digits, a float where the
    class says Decimal slipped past mypy) and raises SchemaError naming dataset, column
    and row.
    """
    schema = schema_for(dataset)
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for index, placed in enumerate(rows):
        if placed.dataset != dataset:
            raise SchemaError(f"{dataset}: row {index} is a {placed.dataset} row")
        for field, value in zip(schema, values_of(placed), strict=True):
            try:
                columns[field.name].append(_coerce(field, value))
            except (TypeError, ValueError) as exc:
                raise SchemaError(
                    f"{dataset}.{field.name}: row {index}{_where(placed.common)}: {exc}"
                ) from None
    arrays = [array(columns[field.name], field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def values_of(placed: Placed) -> list[Any]:
    """A placed row's values in its schema's column order: the common columns, then its own."""
    common, row = placed.common, placed.row
    return [getattr(common, name) for name in _COMMON_NAMES] + [
        getattr(row, name) for name in _ROW_NAMES[row.DATASET]
    ]


_COMMON_NAMES = [column.name for column in columns(Common)]
_ROW_NAMES = {
    row_type.DATASET: [column.name for column in columns(row_type)] for row_type in ROW_TYPES
}


def _where(common: Common) -> str:
    return "".join(
        f" {name}={value}"
        for name, value in (("doc_id", common.doc_id), ("page", common.page), ("line", common.line))
        if value is not None
    )


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
