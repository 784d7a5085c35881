"""Thai text cleaning: invisible characters, spacing, line-break hyphens, export markup.

Text exports and PDF text layers carry artefacts of the page, not of the language:
zero-width characters, runs of spaces and NBSPs, words hyphenated where a table cell
wrapped (`กองพัฒนาระบบราชการ-กรุงเทพมหานคร`), HTML and markdown from the export tool.
These functions remove the artefacts and keep the wording (and, except in
`compact_key`, the digits) as written.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from pythainlp.util import normalize as thai_normalize

from thaiplan.normalize.digits import thai_to_arabic

#: Thai letters, vowels and marks (U+0E01–U+0E4E) as a regex class body, without the
#: signs that end a word rather than spell one: ฯ (U+0E2F), ฿ (U+0E3F), ๆ (U+0E46);
#: Thai digits and ๏ ๚ ๛ (U+0E4F–U+0E5B) are outside the range.
THAI_LETTERS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"

# Zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen: invisible in print.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# A hyphen right after a Thai letter, then the next Thai letter, possibly on the next
# line: a wrap leaves the hyphen at the end of the line. A hyphen with space before it
# is a dash (ทางเข้า - ออก) or a bullet ("...หน่วยงาน\n- ความสำเร็จ"), also once the
# line break is collapsed to a space, so cleaning clean text changes nothing.
_LINEBREAK_HYPHEN = re.compile(rf"(?<=[{THAI_LETTERS}])[-\u2010\u2011]\s*(?=[{THAI_LETTERS}])")

_BLOCK_TAGS = frozenset(
    [
        "p",
        "br",
        "li",
        "ul",
        "ol",
        "div",
        "tr",
        "td",
        "th",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "hr",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ]
)
_INLINE_TAGS = frozenset(
    [
        "b",
        "i",
        "u",
        "s",
        "strong",
        "em",
        "span",
        "sup",
        "sub",
        "font",
        "a",
        "small",
        "big",
        "mark",
        "del",
        "ins",
        "strike",
        "code",
    ]
)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")

# Markdown: a backslash escapes ASCII punctuation; emphasis opens after whitespace or an
# opening bracket and closes before whitespace or closing punctuation, so a footnote
# mark glued to a word (`อิเล็กทรอนิกส์*`) is never an opener. The text between the
# marks holds no mark of its own, so each opener looks only as far as the next mark and
# a line of thousands of unmatched openers is read in linear time.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED_STAR = "\x00"
_OPEN = r"(?<![^\s(\[{\"'“‘])"
_CLOSE = r"(?![^\s)\]}.,:;!?\"'”’])"
_MD_STRONG = re.compile(rf"{_OPEN}\*\*(?=[^\s*])((?:[^*]|\*(?!\*))+?)(?<=[^\s*])\*\*{_CLOSE}", re.S)
_MD_EMPHASIS = re.compile(rf"{_OPEN}\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*{_CLOSE}", re.S)

_KEY_DROP = re.compile(r"[\s*]")  # whitespace and footnote stars never tell two names apart
_RANGE_DASH = re.compile("[–—−]")
# Distinct cell texts in one book number in the tens of thousands; caching this many
# keeps repeated headers and labels from being normalised again without unbounded growth.
_CLEAN_CACHE_SIZE = 1 << 16
_MEASURE_REF = re.compile(r"^(.*?)\s*\(\s*([0-9๐-๙]{1,2})\s*\)\s*$", re.S)
_FOOTNOTE_MARK = re.compile(r"^(.*?)\s*(\*+)$", re.S)


def join_linebreak_hyphens(text: str) -> str:
    """Join words that a hyphen split across lines; keep dashes that mean something.

    A `-` right after a Thai letter and before the next one, with or without space or a
    line break after it, is a word wrapped in a narrow cell. A dash next to a digit is
    a range; a `-` with space before it is a dash (`ทางเข้า - ออก`) or a bullet opening
    a line: all are kept.

    >>> join_linebreak_hyphens("กองพัฒนาระบบราชการ-กรุงเทพมหานคร")
    'กองพัฒนาระบบราชการกรุงเทพมหานคร'
    >>> join_linebreak_hyphens("ข้าราชการ- กรุงเทพมหานคร")
    'ข้าราชการกรุงเทพมหานคร'
    >>> join_linebreak_hyphens("สำนักงาน เลขานุการ-ปลัด กรุงเทพมหานคร")
    'สำนักงาน เลขานุการปลัด กรุงเทพมหานคร'
    >>> join_linebreak_hyphens("(พ.ศ. 2566 - 2570)")
    '(พ.ศ. 2566 - 2570)'
    >>> join_linebreak_hyphens("(พ.ศ. ๒๕๖๑ - ๒๕๖๕)")
    '(พ.ศ. ๒๕๖๑ - ๒๕๖๕)'
    >>> join_linebreak_hyphens("ตัวชี้วัดภารกิจสำคัญของหน่วยงาน\\n- ความสำเร็จในการพัฒนา")
    'ตัวชี้วัดภารกิจสำคัญของหน่วยงาน\\n- ความสำเร็จในการพัฒนา'
    >>> join_linebreak_hyphens("การจัดทางเข้า - ออก คนละเส้นทาง")
    'การจัดทางเข้า - ออก คนละเส้นทาง'
    """
    return _LINEBREAK_HYPHEN.sub("", text)


def _clean_text(text: str) -> str:
    """The normalised form of any text value: what every dataset column holds.

    NFC; zero-width characters dropped; line-break hyphens joined; every run of
    whitespace (newlines, tabs, NBSP) becomes one space; ends stripped. Then
    `pythainlp.util.normalize` puts Thai marks in their canonical order and drops
    keystroke duplicates (a doubled vowel or tone mark, a space before a mark), so
    text that looks the same compares equal. Digits and spelling stay as written.

    >>> clean_text("  กองทะเบียนประวัติ\\u00a0 ข้าราชการ\\u200b ")
    'กองทะเบียนประวัติ ข้าราชการ'
    >>> clean_text("กองทะเบียน- ประวัติข้าราชการ")
    'กองทะเบียนประวัติข้าราชการ'
    >>> clean_text("การบริหารจัดการเมือง-\\n มหานคร")
    'การบริหารจัดการเมืองมหานคร'
    >>> clean_text("ร้อยละ ๑๐๐")
    'ร้อยละ ๑๐๐'
    >>> clean_text("ค่าเฉลี่ย 4.20 – 5.00")
    'ค่าเฉลี่ย 4.20 – 5.00'
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = " ".join(join_linebreak_hyphens(text).split())
    # One normalize pass can expose work for another (a dropped dangling mark leaves
    # two spaces or two vowels side by side); repeat until stable, so that cleaning
    # clean text changes nothing. Every pass shortens the text or reorders marks
    # into their final order, so the loop ends.
    while (normal := " ".join(thai_normalize(text).split())) != text:
        text = normal
    return text


# Memoised (the plain function stays visible so its doctests run): the same header and
# label texts recur on every page of a book, and the normalize passes dominate the cost
# of a cell.
clean_text = functools.lru_cache(maxsize=_CLEAN_CACHE_SIZE)(_clean_text)


def compact_key(text: str) -> str:
    """A key to match the same name written differently in two tables.

    Cell wraps, Thai digits, footnote marks and the measure number after a project name
    differ between the summary and the detail tables of one plan; the key drops them.

    >>> compact_key("โครงการพัฒนาระบบประเมินผลการปฏิบัติราชการระดับ บุคคลในรูปแบบอิเล็กทรอนิกส์*")
    'โครงการพัฒนาระบบประเมินผลการปฏิบัติราชการระดับบุคคลในรูปแบบอิเล็กทรอนิกส์'
    >>> compact_key("โครงการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ของกรุงเทพมหานคร (๓)")
    'โครงการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ของกรุงเทพมหานคร'
    >>> compact_key("กองพัฒนาระบบราชการ- กรุงเทพมหานคร") == compact_key("กองพัฒนา ระบบราชการ กรุงเทพมหานคร")
    True
    >>> compact_key("แผน (พ.ศ. 2566 – 2570)") == compact_key("แผน (พ.ศ. 2566 - 2570)")
    True
    """
    key = _KEY_DROP.sub("", thai_to_arabic(clean_text(text)))
    key = _RANGE_DASH.sub("-", key)  # a range dash is one dash however it is drawn
    return split_measure_ref(key)[0]


def unmarked_key(text: str) -> str:
    """`compact_key` without the vowel and tone marks above and below the letters: the
    same name typed or OCR'd with a mark lost (`สิง` for `สิ่ง`) in one of two tables.

    >>> unmarked_key("โครงการจัดสิ่งอำนวยความสะดวก") == unmarked_key("โครงการจัดสิงอำนวย ความสะดวก")
    True
    """
    return "".join(c for c in compact_key(text) if unicodedata.category(c) != "Mn")


def split_measure_ref(text: str) -> tuple[str, str | None]:
    """Split the `(N)` measure number that a summary table writes after a project name.

    The number says which measure (มาตรการที่ N) the project supports; it is not part
    of the name. It comes back with Arabic digits.

    >>> split_measure_ref("กิจกรรมการผลักดันการดำเนินงานของศูนย์ข้อมูลข่าวสารของหน่วยงาน (๒)")
    ('กิจกรรมการผลักดันการดำเนินงานของศูนย์ข้อมูลข่าวสารของหน่วยงาน', '2')
    >>> split_measure_ref("จำนวนครั้งของการตรวจติดตาม (๗๒ ศูนย์)")
    ('จำนวนครั้งของการตรวจติดตาม (๗๒ ศูนย์)', None)
    >>> split_measure_ref("โครงการฝึกอบรม ( ๔)")
    ('โครงการฝึกอบรม', '4')
    """
    match = _MEASURE_REF.match(text)
    if match is None:
        return text, None
    return match.group(1), thai_to_arabic(match.group(2))


def split_footnote_mark(text: str) -> tuple[str, str | None]:
    """Split a trailing `*` / `**` footnote mark off a project name.

    The mark points to a note below the table (`* มติที่ประชุม...`); the name itself
    is stored without it.

    >>> split_footnote_mark("กิจกรรมพัฒนารูปแบบและเวลาการทำงาน**")
    ('กิจกรรมพัฒนารูปแบบและเวลาการทำงาน', '**')
    >>> split_footnote_mark("กองอัตรากำลัง")
    ('กองอัตรากำลัง', None)
    """
    match = _FOOTNOTE_MARK.match(text)
    if match is None:
        return text, None
    return match.group(1), match.group(2)


def _replace_tag(match: re.Match[str]) -> str:
    name = match.group(1).lower()
    if name in _BLOCK_TAGS:
        return " "
    if name in _INLINE_TAGS:
        return ""
    return match.group(0)


def strip_markup(text: str) -> str:
    """Remove the HTML tags and markdown emphasis an export tool left in a cell.

    Block tags (`<p>`, `<li>`, `<br>`, `<ul ...>`, ...) separate words and become a
    space; inline tags (`<b>`, `<u>`, `<span ...>`, ...) vanish. HTML entities are
    unescaped. Markdown `**x**` and `*x*` lose their stars only when paired around
    text: a lone trailing `*` or `**` is a footnote mark and is kept. The result is
    single-spaced.

    >>> strip_markup('<p>ค่าเป้าหมาย</p> <p>ระดับ 5</p>')
    'ค่าเป้าหมาย ระดับ 5'
    >>> strip_markup('<ol style="list-style-type: none"> 1. รายงานการประชุม<br>2. ภาพถ่าย</ol>')
    '1. รายงานการประชุม 2. ภาพถ่าย'
    >>> strip_markup("<p><u>เกณฑ์</u></p>")
    'เกณฑ์'
    >>> strip_markup("**ผู้ไม่มาประชุม**")
    'ผู้ไม่มาประชุม'
    >>> strip_markup("*ผลงาน*")
    'ผลงาน'
    >>> strip_markup("โครงการพัฒนาระบบประเมินผลการปฏิบัติราชการระดับบุคคลในรูปแบบอิเล็กทรอนิกส์*")
    'โครงการพัฒนาระบบประเมินผลการปฏิบัติราชการระดับบุคคลในรูปแบบอิเล็กทรอนิกส์*'
    >>> strip_markup("กิจกรรมพัฒนารูปแบบและเวลาการทำงาน**")
    'กิจกรรมพัฒนารูปแบบและเวลาการทำงาน**'
    >>> strip_markup("**\\\\*\\\\* แบบแสดงรายงานความก้าวหน้า \\\\*\\\\***")
    '** แบบแสดงรายงานความก้าวหน้า **'
    >>> strip_markup("ร้อยละ 80&nbsp;&amp; 85 คะแนน")
    'ร้อยละ 80 & 85 คะแนน'
    """
    text = html.unescape(_TAG.sub(_replace_tag, text))
    text = text.replace("\\*", _ESCAPED_STAR)
    text = _MD_EMPHASIS.sub(r"\1", _MD_STRONG.sub(r"\1", text))
    text = _MD_ESCAPE.sub(r"\1", text.replace(_ESCAPED_STAR, "*"))
    return " ".join(text.split())
