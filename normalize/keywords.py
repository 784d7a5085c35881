"""Tolerant matching of structural keywords (headings, column words, month names).

Plans are typed by hand and exported or scanned: a structural word arrives with a
vowel mark dropped (`มติที่` for `มิติที่`), a letter doubled (`สรุปรโครงการ`), a mark
mistyped (`มีย` for `มิย`) or a syllable lost (`ผลิต` for `ผลผลิต`). Rather than one
literal per seen typo, a keyword matches a written word within a bounded edit distance
in which a vowel or tone mark costs less than a consonant, because marks are what Thai
typing and OCR lose or swap most. The first letter is never guessed: a typo there
would make most short keywords match unrelated words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Vowels and marks written around a consonant; an edit of one of these is cheap.
THAI_MARKS = frozenset("ะัาำิีึืฺุูเแโใไๅ็่้๊๋์ํ")
#: The marks written above a consonant (vowels, tone marks, thanthakhat): small print that
#: OCR drops most (`รายงานครงท` for รายงานครั้งที่, `ความกาวหนา` for ความก้าวหน้า).
ABOVE_MARKS = frozenset("ัิีึื็่้๊๋์ํ")
#: Cost of inserting, deleting or swapping one vowel or tone mark.
MARK_EDIT_COST = 1
#: Cost of an edit that involves a consonant (or any other character).
LETTER_EDIT_COST = 2
#: Keyword characters per unit of edit cost allowed: a 3-letter keyword tolerates one
#: mark edit, a 6-letter one a consonant edit, an 11-letter one a consonant and a mark.
CHARS_PER_EDIT = 3


def tolerance(keyword: str) -> int:
    """The edit cost a written form of `keyword` may differ by.

    >>> tolerance("มิติ"), tolerance("ผลผลิต"), tolerance("สรุปโครงการ")
    (1, 2, 3)
    """
    return len(keyword) // CHARS_PER_EDIT


def _cost(a: str, b: str | None = None) -> int:
    """Cost of deleting/inserting `a` (b None) or of replacing `a` by `b`."""
    chars = {a} if b is None else {a, b}
    return MARK_EDIT_COST if chars <= THAI_MARKS else LETTER_EDIT_COST


def _last_row(keyword: str, text: str) -> list[int]:
    """Edit costs from `keyword` to every prefix `text[:j]` (weighted Levenshtein)."""
    previous = [0]
    for char in text:
        previous.append(previous[-1] + _cost(char))
    for k_char in keyword:
        current = [previous[0] + _cost(k_char)]
        for j, t_char in enumerate(text, start=1):
            current.append(
                min(
                    previous[j] + _cost(k_char),
                    current[j - 1] + _cost(t_char),
                    previous[j - 1] + (0 if k_char == t_char else _cost(k_char, t_char)),
                )
            )
        previous = current
    return previous


def distance(word: str, keyword: str) -> int:
    """Weighted edit cost between a written word and a keyword.

    >>> distance("มติ", "มิติ"), distance("มีย", "มิย"), distance("มีย", "มีค")
    (1, 1, 2)
    """
    return _last_row(keyword, word)[-1]


def matches(word: str, keyword: str, limit: int | None = None) -> bool:
    """Whether `word` is `keyword` as written, within `limit` (default: `tolerance`).

    >>> matches("มติ", "มิติ"), matches("มาต", "มิติ"), matches("ผลลัพธ์", "ผลผลิต")
    (True, False, False)
    """
    if not word or word[0] != keyword[0]:
        return word == keyword
    return distance(word, keyword) <= (tolerance(keyword) if limit is None else limit)


def starts_with(text: str, keyword: str, limit: int | None = None) -> int | None:
    """Length of the prefix of `text` that is `keyword` as written, else None.

    The prefix closest to the keyword wins, the longest of equally close ones.

    >>> starts_with("สรุปรโครงการ ประจำปี", "สรุปโครงการ")
    12
    >>> starts_with("มติที่ 1.1", "มิติ"), starts_with("มาตรการที่ 1", "มิติ")
    (3, None)
    """
    if not text or text[0] != keyword[0]:
        return None
    row = _last_row(keyword, text[: len(keyword) + tolerance(keyword)])
    best = min(row)
    if best > (tolerance(keyword) if limit is None else limit):
        return None
    return max(j for j, cost in enumerate(row) if cost == best)


def closest(word: str, keywords: Iterable[str], limit: int | None = None) -> str | None:
    """The one keyword `word` is closest to within tolerance; None when none or a tie.

    >>> closest("มีย", ["มค", "มีค", "เมย", "มิย"], limit=MARK_EDIT_COST)
    'มิย'
    >>> closest("มี", ["มค", "มีค"], limit=MARK_EDIT_COST) is None
    True
    >>> closest("ผลิต", ["ผลผลิต", "ผลลัพธ์"], limit=4)
    'ผลผลิต'

    """
    scored = sorted(
        (distance(word, keyword), keyword) for keyword in keywords if matches(word, keyword, limit)
    )
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def contains(text: str, keyword: str, limit: int | None = None) -> bool:
    """Whether some word of `text` is `keyword` as written (spaces inside it ignored).

    OCR splits a word with spaces and drops its marks, so a column header reads
    `ความก้าวหนา ของโครงการ` or `เนื้องำ น`; an exact substring test misses both.

    >>> contains("ความก้าวหนาของโครงการ (ร้อยละ)", "ความก้าวหน้า")
    True
    >>> contains("เนื้องำ น รายขั้น ตอน", "เนื้องาน"), contains("ระยะเวลาดำเนินการ", "เนื้องาน")
    (True, False)
    """
    squeezed = "".join(text.split())
    if keyword in squeezed:
        return True
    return any(
        starts_with(squeezed[start:], keyword, limit) is not None
        for start, char in enumerate(squeezed)
        if char == keyword[0]
    )


def marks_optional(keyword: str) -> str:
    """A regular expression for `keyword` in which each mark written above a consonant
    may be missing, as OCR drops them; letters and the marks written beside them stay.

    >>> import re; bool(re.match(marks_optional("ความก้าวหน้า"), "ความกาวหนาของงาน"))
    True
    """
    return "".join(re.escape(ch) + ("?" if ch in ABOVE_MARKS else "") for ch in keyword)


def spaces_inside(keyword: str) -> str:
    """A regular expression for `keyword` with a space allowed between any two of its
    characters, as OCR splits a word (`ยุทธศาส ตร์ที่`).

    >>> import re; bool(re.match(spaces_inside("ยุทธศาสตร์"), "ยุทธศาส ตร์ที่ ๓"))
    True
    """
    return r"\s?".join(re.escape(ch) for ch in keyword)
