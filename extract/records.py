"""What recognisers and checks emit: one typed row of one dataset with where it came from,
and the reconciliation row a recogniser makes of a table's stated total."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar, cast

from thaiplan.extract.ids import IdMaker
from thaiplan.extract.model import Provenance
from thaiplan.extract.rows import CheckRow, Row
from thaiplan.normalize.numbers import to_money

R = TypeVar("R", bound=Row)
#: A record's meta flag: its amount was set to the sum of the lines below it (a misread
#: figure mended), so comparing it with them checks nothing.
AMOUNT_FROM_ITEMS = "amount_from_items"


@dataclass
class Record(Generic[R]):
    """A row (one of thaiplan.extract.rows' classes) and its provenance.

    Common columns (doc_id, fiscal_year_ce, page, line) are filled from the document and
    `prov` when the file's records are assembled, so recognisers never set them. A later
    pass that learns more of a row (its parent's id, its programme) replaces `row` with an
    updated copy (`dataclasses.replace`): rows are frozen. `Record[KpiRow]` says which
    dataset a record is of; a bare `Record` may be any.
    """

    row: R
    prov: Provenance | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def dataset(self) -> str:
        return self.row.DATASET


def of_kind(records: Iterable[Record], row_type: type[R]) -> list[Record[R]]:
    """The records whose rows are of `row_type`, typed as such."""
    return [cast("Record[R]", r) for r in records if isinstance(r.row, row_type)]


#: What a check's expected and actual figures count.
CheckUnit = Literal["baht", "percent", "count"]


def status_of(expected: Decimal | None, actual: Decimal | None) -> str:
    """`ok` when equal or both unreadable, `unverifiable` when one side is, else `mismatch`.

    >>> status_of(Decimal(1), Decimal("1.00")), status_of(None, None), status_of(None, Decimal(1))
    ('ok', 'ok', 'unverifiable')
    """
    if expected is None and actual is None:
        return "ok"
    if expected is None or actual is None:
        return "unverifiable"
    return "ok" if expected == actual else "mismatch"


def check(
    ids: IdMaker,
    kind: str,
    scope: str,
    expected: Decimal | None,
    actual: Decimal | None,
    items: int,
    prov: Provenance | None,
    unit: CheckUnit = "baht",
    complete: bool = True,
) -> Record:
    """One reconciliation row; `unit` says what expected and actual count. Not `complete`
    (a figure on either side could not be read), it is `unverifiable` whatever the sums."""
    expected = None if expected is None else to_money(expected)
    actual = None if actual is None else to_money(actual)
    difference = None if expected is None or actual is None else actual - expected
    return Record(
        CheckRow(
            check_id=ids.make("check", kind, scope),
            check=kind,
            unit=unit,
            scope=scope,
            expected=expected,
            actual=actual,
            difference=difference,
            status=status_of(expected, actual) if complete else "unverifiable",
            items=items,
        ),
        prov,
    )


def where(first: Provenance | None, last: Provenance | None = None) -> str:
    """`lines 382-387` for a text export, `pages 15-16` for a PDF."""
    last = last or first
    if first is None or last is None:
        return "unknown place"
    if first.line is not None:
        return (
            f"line {first.line}" if first.line == last.line else f"lines {first.line}-{last.line}"
        )
    if first.page == last.page:
        return f"page {first.page}"
    return f"pages {first.page}-{last.page}"
