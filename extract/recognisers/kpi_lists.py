"""Indicators listed as lines under a heading that names their set.

    ตัวชี้วัดเจรจาตกลง
    1. ระดับความสำเร็จ… (ค่าเป้าหมาย ระดับ 5)
    - ร้อยละความสำเร็จ…
      (ค่าเป้าหมาย ร้อยละ 100)
    ตัวชี้วัดภารกิจสำคัญของหน่วยงาน แผนยุทธศาสตร์….(ค่าเป้าหมาย..จำนวน 1..ฉบับ)

An item is a numbered or bulleted line; lines without a blank line before them continue it.
A line opening with a number OCR misread (`‘2 ร้อยละ…` for item ๗) is the next item when
the numbered item after it is the one after next: the numbers run by one. A target note
alone on its line closes its item, so a line after it opens the next one even when OCR
lost that item's bullet; it stands as an indicator only once its own note is read.
A list names no single เป้าประสงค์, so its indicators carry no objective code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from thaiplan.extract.context.names import split_seq
from thaiplan.extract.context.reading import Located, Reading, join_wrapped, text
from thaiplan.extract.context.sections import set_named_by
from thaiplan.extract.ids import IdMaker
from thaiplan.extract.recognisers.kpi_rows import clean_name, kpi_record, split_target_note
from thaiplan.extract.records import Record

#: A numbered item (`๑. จำนวน…`, or as OCR joins it `๒.ความสำเร็จ…`) or a bulleted one.
ITEM = re.compile(r"^(?:\d{1,2}\.(?:\s+|(?=[^\W\d_]))|[-•●○]\s*)")
NUMBERED_HEADING = re.compile(r"ตัวชี้วัดที่")
TARGET_LINE = re.compile(r"^\(ค่า\s*เป้า")  # a target note alone on a line never starts an item
#: the target note an item of a list closes with: `(ค่าเป้าหมาย ระดับ 5)`
TARGET_NOTE = re.compile(r"\(ค่า\s*เป้า")
#: A numbered item whose point OCR lost (`3 ระดับ…`): an item only as its list's next number
UNPOINTED_ITEM = re.compile(r"^(\d{1,2})\s+(?=[^\W\d_])")
#: A line opening with a number as OCR may misread it: a stray mark before, no point after.
MISREAD_ITEM = re.compile(r"^[^\w\s]?\s*\d{1,2}\.?\s*(?=[^\W\d_])")
#: How far on (lines) the numbered item after a misread one is looked for.
LOOK_AHEAD = 4


def recognise(reading: Reading, ids: IdMaker) -> Iterable[Record]:
    kpi_set: str | None = None
    items: list[tuple[Located, list[str], bool]] = []  # first line, lines, written as an item
    for located in reading.located:
        block = located.block
        value = text(block.text) if block.kind != "table" else ""
        named = set_named_by(value) if value and not NUMBERED_HEADING.search(value) else None
        if block.kind == "table" or named:
            yield from _flush(reading, ids, kpi_set, items)
            items = []
            kpi_set = named
            if named and " " in value:
                items.append((located, [value.split(" ", 1)[1]], False))
            continue
        if kpi_set is None:
            continue
        if ITEM.match(value) or _next_number(value, items):
            items.append((located, [value], True))
        elif mended := _misread_number(reading, located, value, items):
            items.append((located, [mended], True))
        elif items and not block.starts_paragraph and _closed(items[-1][1], value):
            items.append((located, [value], False))
        elif items and (
            not block.starts_paragraph or TARGET_LINE.match(value) or _awaits_target(items)
        ):
            items[-1][1].append(value)
        else:
            yield from _flush(reading, ids, kpi_set, items)
            items, kpi_set = [], None
    yield from _flush(reading, ids, kpi_set, items)


def _closed(lines: list[str], value: str) -> bool:
    """Does the item end with its target note on a line of its own, and `value` not
    continue that note? Then `value` opens the next item (its bullet lost).

    >>> _closed(["- ความสำเร็จ", "(ค่าเป้าหมาย ร้อยละ 100)"], "ร้อยละความสำเร็จ")
    True
    >>> _closed(["- ความสำเร็จ", "(ค่าเป้าหมาย"], "ร้อยละ 100)"), _closed(["- ความสำเร็จ"], "ต่อ")
    (False, False)
    """
    return (
        len(lines) > 1
        and bool(TARGET_LINE.match(lines[-1]))
        and lines[-1].rstrip().endswith(")")
        and not TARGET_LINE.match(value)
    )


def _awaits_target(items: list[tuple[Located, list[str], bool]]) -> bool:
    """Is the last item still short of the target note its list's items close with? Its
    next line continues it then, whatever gap a scan shows before that line.

    >>> done = (None, ["1. ระดับ (ค่าเป้าหมาย ระดับ 5)"], True)
    >>> _awaits_target([done, (None, ["2. ระดับ"], True)])  # type: ignore[list-item]
    True
    >>> _awaits_target([done, done]), _awaits_target([(None, ["2. ระดับ"], True)])  # type: ignore[list-item]
    (False, False)
    """
    *before, (_, last, _) = items
    closed = [any(TARGET_NOTE.search(line) for line in lines) for _, lines, _ in before]
    return any(closed) and not any(TARGET_NOTE.search(line) for line in last)


def _next_number(value: str, items: list[tuple[Located, list[str], bool]]) -> bool:
    """Does `value` open the item after the list's last numbered one, its point lost?

    >>> _next_number("3 ระดับความสำเร็จ", [(None, ["2. ระดับ"], True)])  # type: ignore[list-item]
    True
    >>> _next_number("2566 ระดับ", [(None, ["2. ระดับ"], True)])  # type: ignore[list-item]
    False
    """
    m = UNPOINTED_ITEM.match(value)
    if m is None or not items or not items[-1][2]:
        return False
    seq, _ = split_seq(items[-1][1][0])
    return seq is not None and seq.isdigit() and int(seq) + 1 == int(m[1])


def _misread_number(
    reading: Reading, located: Located, value: str, items: list[tuple[Located, list[str], bool]]
) -> str | None:
    """The line with the number OCR misread mended, where the list's numbers decide it: the
    item before is n and the next numbered line, a few lines on, is n + 2."""
    m = MISREAD_ITEM.match(value)
    if m is None or not items or not items[-1][2]:
        return None
    seq, _ = split_seq(items[-1][1][0])
    if seq is None or not seq.isdigit():
        return None
    for item in reading.located[located.index + 1 : located.index + 1 + LOOK_AHEAD]:
        if item.block.kind == "table":
            return None
        after, _ = split_seq(text(item.block.text))
        if after is not None and ITEM.match(text(item.block.text)):
            return f"{int(seq) + 1}. {value[m.end() :]}" if after == str(int(seq) + 2) else None
    return None


def _flush(
    reading: Reading,
    ids: IdMaker,
    kpi_set: str | None,
    items: list[tuple[Located, list[str], bool]],
) -> Iterable[Record]:
    if kpi_set is None:
        return
    for located, lines, is_item in items:
        joined = join_wrapped(lines)
        body, target = split_target_note(joined)
        if not is_item and target.text is None:
            continue  # words after the heading that are not an indicator, e.g. (ตัวชี้วัดตาม…)
        seq, body = split_seq(re.sub(r"^[-•●○]\s*", "", body))
        name, result, weight = clean_name(body)
        if not name:
            continue
        yield kpi_record(
            reading,
            ids,
            located.section,
            located.block.prov,
            kpi_set=kpi_set,
            seq=seq,
            name=name,
            target=target,
            result=result,
            weight=weight,
            objective=False,
        )
