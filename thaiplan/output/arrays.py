"""Arrow arrays from Python values, built from their buffers.

`pa.array(list)` asks pandas whether the list is one of its arrays, and importing
pandas to answer costs a worker about 45 MiB that it never uses again. The datasets use
few types (string, integers, double, bool, date32, decimal128 and lists of them) whose
Arrow layout is simple, so the buffers are written here with numpy (which pyarrow
imports anyway) and handed to `Array.from_buffers`. Values arrive already checked by
the schema's coercion (`schemas._coerce`), nulls as None.

>>> array([1, None, 3], pa.int32()).to_pylist()
[1, None, 3]
>>> array([["ก", "ข"], None, []], pa.list_(pa.string())).to_pylist()
[['ก', 'ข'], None, []]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa

_EPOCH = dt.date(1970, 1, 1).toordinal()
_NUMPY = {
    pa.int8(): np.int8,
    pa.int16(): np.int16,
    pa.int32(): np.int32,
    pa.int64(): np.int64,
    pa.float64(): np.float64,
}


def array(values: Sequence[Any], type_: pa.DataType) -> pa.Array:
    """`values` as an Arrow array of `type_`, equal to `pa.array(values, type_)`."""
    present = [v is not None for v in values]
    validity = None if all(present) else _bits(present)
    return pa.Array.from_buffers(
        type_, len(values), [validity, *_data(values, type_)], children=_children(values, type_)
    )


def _data(values: Sequence[Any], type_: pa.DataType) -> list[pa.Buffer]:
    """The buffers after validity: values, or offsets (and bytes) for strings and lists."""
    if pa.types.is_string(type_):
        encoded = [b"" if v is None else v.encode() for v in values]
        return [_offsets(encoded), pa.py_buffer(b"".join(encoded))]
    if pa.types.is_list(type_):
        return [_offsets([() if v is None else v for v in values])]
    if pa.types.is_boolean(type_):
        return [_bits([bool(v) for v in values])]
    if pa.types.is_decimal(type_):
        return [_decimals(values, type_.scale)]
    if pa.types.is_date32(type_):
        days = [0 if v is None else v.toordinal() - _EPOCH for v in values]
        return [pa.py_buffer(np.array(days, dtype=np.int32))]
    numbers = [0 if v is None else v for v in values]
    return [pa.py_buffer(np.array(numbers, dtype=_NUMPY[type_]))]


def _children(values: Sequence[Any], type_: pa.DataType) -> list[pa.Array] | None:
    if not pa.types.is_list(type_):
        return None
    items = [item for v in values if v is not None for item in v]
    return [array(items, type_.value_type)]


def _offsets(parts: Sequence[Sequence[Any]]) -> pa.Buffer:
    """Where each value's bytes or items start, and where the last ends (int32)."""
    offsets = np.zeros(len(parts) + 1, dtype=np.int32)
    np.cumsum([len(p) for p in parts], out=offsets[1:])
    return pa.py_buffer(offsets)


def _bits(flags: Sequence[bool]) -> pa.Buffer:
    """A bitmap, least significant bit first, as Arrow lays out validity and booleans."""
    return pa.py_buffer(np.packbits(np.array(flags, dtype=np.bool_), bitorder="little"))


def _decimals(values: Sequence[Decimal | None], scale: int) -> pa.Buffer:
    """decimal128: each value's unscaled integer in 16 bytes, two's complement, low half
    first; the schema's money fits 64 bits, so the high half is the sign."""
    low = np.array([0 if v is None else int(v.scaleb(scale)) for v in values], dtype="<i8")
    return pa.py_buffer(np.stack([low, low >> 63], axis=1))
