"""Splitting a project or indicator cell into its parts: seq, name, marks, refs, result type."""

from __future__ import annotations

import re
from dataclasses import dataclass

from thaiplan.extract.context.reading import text
from thaiplan.normalize.keywords import LETTER_EDIT_COST, closest
from thaiplan.normalize.text import split_footnote_mark, split_measure_ref

#: A leading seq: `1. `, `5.1 `, or joined to a word as OCR writes it, `๒.ความ`.
LEADING_SEQ = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)(?:\.?\s+(?=\S)|\.(?=[^\W\d_]))")
# A result type in brackets: one of two words, matched tolerantly (`(ผลิต)` lost a syllable).
RESULT_TYPE = re.compile(r"\s*\((ผล[^()\s]*)\)")
RESULT_WORDS = {"ผลผลิต": "output", "ผลลัพธ์": "outcome"}
# A choice between two known words may be looser than a keyword in free text: a lost
# syllable (two consonants) is still far nearer one word than the other.
RESULT_WORD_LIMIT = 2 * LETTER_EDIT_COST
DOT_LEADERS = re.compile(r"\.{2,}")


@dataclass(frozen=True)
class Name:
    seq: str | None
    name: str
    mark: str | None = None
    measure_ref: str | None = None


def split_seq(value: str) -> tuple[str | None, str]:
    """`1. โครงการ…` → ('1', 'โครงการ…'); `5.1 ความสำเร็จ…` → ('5.1', …).

    >>> split_seq("๑. ความสำเร็จ")
    ('1', 'ความสำเร็จ')
    >>> split_seq("๒.ความสำเร็จ")
    ('2', 'ความสำเร็จ')
    >>> split_seq("2566 - 2570 แผน")
    (None, '2566 - 2570 แผน')
    """
    value = text(value)
    m = LEADING_SEQ.match(value)
    if not m:
        return None, value
    return m[1], value[m.end() :]


def project_name(value: str) -> Name:
    """Seq prefix, footnote marks and a trailing `(N)` measure ref taken off a project name.

    >>> project_name("โครงการพัฒนาระบบสารบรรณ (๓)")
    Name(seq=None, name='โครงการพัฒนาระบบสารบรรณ', mark=None, measure_ref='3')
    >>> project_name("2. โครงการพัฒนาระบบ*")
    Name(seq='2', name='โครงการพัฒนาระบบ', mark='*', measure_ref=None)
    """
    seq, rest = split_seq(value)
    rest, mark = split_footnote_mark(rest)
    rest, ref = split_measure_ref(rest)
    if mark is None:  # the mark may also stand after the ref: `… (2)*` or `…* (2)`
        rest, mark = split_footnote_mark(rest)
    return Name(seq, rest.strip(), mark, ref)


def project_kind(name: str) -> str:
    if name.startswith("โครงการ"):
        return "project"
    if name.startswith("กิจกรรม"):
        return "activity"
    return "other"


def result_type(value: str) -> tuple[str | None, str]:
    """`(ผลผลิต)`/`(ผลิต)` → output, `(ผลลัพธ์)` → outcome; the word is taken out of the name.

    >>> result_type("ร้อยละของผู้ผ่าน (ผลิต)"), result_type("ความพึงพอใจ (ผลลัพท์)")
    (('output', 'ร้อยละของผู้ผ่าน'), ('outcome', 'ความพึงพอใจ'))
    """
    for m in RESULT_TYPE.finditer(value):
        word = closest(m[1], RESULT_WORDS, RESULT_WORD_LIMIT)
        if word is not None:
            return RESULT_WORDS[word], (value[: m.start()] + value[m.end() :]).strip()
    return None, value


def drop_dot_leaders(value: str) -> str:
    return re.sub(r"\s+", " ", DOT_LEADERS.sub(" ", value)).strip()
