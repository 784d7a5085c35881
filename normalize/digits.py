"""Thai digits (๐–๙) to Arabic digits (0–9).

Plans mix both systems, often within one table (plan2562_secretariat.txt writes every
number in Thai digits); every output value uses Arabic digits.
"""

from __future__ import annotations

from pythainlp.util import thai_digit_to_arabic_digit


def thai_to_arabic(text: str) -> str:
    """Replace Thai digits with Arabic digits, leaving everything else as written.

    >>> thai_to_arabic("๑๔,๗๐๐,๐๐๐.-")
    '14,700,000.-'
    >>> thai_to_arabic("ร้อยละ ๑๐๐")
    'ร้อยละ 100'
    >>> thai_to_arabic("")
    ''
    """
    return thai_digit_to_arabic_digit(text)
