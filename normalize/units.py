"""The registry of unit and agency names: written forms to full names.

Plans write one unit in full, shortened with ฯ (`กองสรรหาฯ`), as initials (`สกก.`),
wrapped across lines (`กองทะเบียน- ประวัติข้าราชการ`) or followed by its parent
(`กองสรรหาบุคคล สำนักงาน ก.ก.`). The registry is a data file, `data/units.tsv`
(UTF-8, header `written<TAB>full_name`, one row per written form), which a user file of
the same format extends or overrides. Names are compared with spaces removed.

Month abbreviations are not units (`ก.พ.` in a month row is February): resolve only
unit and agency cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.keywords import LETTER_EDIT_COST, closest, matches, starts_with
from thaiplan.normalize.text import THAI_LETTERS, clean_text
from thaiplan.normalize.words import segment

HEADER = ("written", "full_name")

#: Leading words of an agency-level name: a known unit followed by one of these is the
#: unit plus its parent (`กองทะเบียนประวัติข้าราชการ สำนักงาน ก.ก.`).
PARENT_WORDS = ("สำนัก", "กรม", "กระทรวง", "กรุงเทพมหานคร", "จังหวัด")
OFFICE_WORDS = ("สำนัก", "กรม", "กระทรวง")
#: The word that joins two units in one cell (`ส่วนเลขานุการและศูนย์…`).
CONJUNCTION = "และ"

# An abbreviation: Thai letters with dots (สกม., อ.ก.ก., ป.ป.ช) or a word cut short with ฯ
# (กองสรรหาฯ; ฯลฯ is "etc.", not an abbreviation).
ABBREVIATION = re.compile(
    rf"(?<![{THAI_LETTERS}.])(?:[{THAI_LETTERS}]{{1,5}}\.)+"
    rf"(?:[{THAI_LETTERS}]{{1,2}}(?![{THAI_LETTERS}.]))?"
    rf"|(?<![{THAI_LETTERS}])[{THAI_LETTERS}]+ฯ(?!ล)"
)

_INITIALS = re.compile(rf"[{THAI_LETTERS}]{{1,5}}\.")
_DASHES = frozenset("-–—−")


def name_key(text: str) -> str:
    """How names are compared: cleaned, Arabic digits, no spaces, no final dot.

    >>> name_key("กองทะเบียน- ประวัติข้าราชการ") == name_key("กองทะเบียนประวัติ ข้าราชการ")
    True
    >>> name_key("สำนักงาน ป.ป.ช") == name_key("สำนักงาน ป.ป.ช.")
    True
    """
    return re.sub(r"\s", "", thai_to_arabic(clean_text(text))).rstrip(".")


def parse_units_tsv(text: str, source: str) -> list[tuple[str, str]]:
    """Rows of a registry file; ValueError naming `source` and the line when malformed.

    >>> parse_units_tsv("written\\tfull_name\\nสกก.\\tสำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร\\n", "x.tsv")
    [('สกก.', 'สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร')]
    >>> parse_units_tsv("written\\tfull_name\\nสกก.\\n", "x.tsv")
    Traceback (most recent call last):
    ...
    ValueError: x.tsv:2: expected 2 tab-separated fields (written, full_name), got 1: 'สกก.'
    """
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or tuple(lines[0].strip().split("\t")) != HEADER:
        raise ValueError(f"{source}:1: expected the header 'written<TAB>full_name'")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != 2 or not all(fields):
            raise ValueError(
                f"{source}:{number}: expected 2 tab-separated fields (written, full_name), "
                f"got {len([f for f in fields if f])}: {line!r}"
            )
        rows.append((fields[0], fields[1]))
    return rows


@dataclass(frozen=True)
class Resolved:
    """A unit cell resolved: the full name (None for an empty cell), the cell as found,
    and the abbreviations in it that the registry does not know."""

    name: str | None
    raw: str
    unknown_abbreviations: tuple[str, ...] = ()


class UnitRegistry:
    """Written forms of unit names and the full names they stand for.

    >>> registry = UnitRegistry.load()
    >>> registry.resolve("กองสรรหาฯ").name
    'กองสรรหาบุคคล'
    >>> registry.resolve("กองพัฒนาระบบราชการ- กรุงเทพมหานคร").name
    'กองพัฒนาระบบราชการกรุงเทพมหานคร'
    >>> registry.resolve("กองทะเบียนประวัติข้าราชการ สำนักงาน ก.ก.").name
    'กองทะเบียนประวัติข้าราชการ'
    >>> registry.resolve("กองวินัยฯ สกม.")
    Resolved(name='กองวินัยฯ สกม.', raw='กองวินัยฯ สกม.', unknown_abbreviations=('สกม.',))
    """

    def __init__(self, rows: Iterable[tuple[str, str]]) -> None:
        """Build from (written, full_name) rows; a later row overrides an earlier one."""
        self._names: dict[str, str] = {}
        self._expandable: dict[str, str] = {}
        for written, full_name in rows:
            self._names[name_key(full_name)] = full_name
            self._names[name_key(written)] = full_name
            if ABBREVIATION.search(written):
                self._expandable[written] = full_name
        self._known_abbreviations = set(self._names) | {
            name_key(m.group(0)) for text in self._expandable for m in ABBREVIATION.finditer(text)
        }
        self._expand_pattern = self._abbreviation_pattern(self._expandable)
        self._max_conjunctions = max((key.count(CONJUNCTION) for key in self._names), default=0)
        #: every full name, the names a name cut short may be completed to
        self.full_names = frozenset(self._names.values())

    @classmethod
    def load(cls, extra: Path | None = None) -> UnitRegistry:
        """The package registry, extended and overridden by the user file `extra`."""
        package_file = files("thaiplan.normalize").joinpath("data/units.tsv")
        rows = parse_units_tsv(package_file.read_text(encoding="utf-8"), str(package_file))
        if extra is not None:
            rows += parse_units_tsv(Path(extra).read_text(encoding="utf-8"), str(extra))
        return cls(rows)

    @staticmethod
    def _abbreviation_pattern(written_forms: Iterable[str]) -> re.Pattern[str] | None:
        """One regex for every abbreviated written form, longest first; spaces and a
        final dot optional. Never inside a longer abbreviation (`ก.ก.` in `อ.ก.ก.`):
        initials must not follow a letter or a dot, a form opening with a word
        (`สำนักงาน ก.ก.`) may follow a word, as Thai writes no space between words."""
        alternatives = []
        for written in sorted(written_forms, key=len, reverse=True):
            pattern = r"\s*".join(map(re.escape, written.split()))
            if pattern.endswith(r"\."):
                pattern = pattern[:-2] + r"\.?"
            lead = rf"(?<![{THAI_LETTERS}.])" if _INITIALS.match(written) else r"(?<!\.)"
            alternatives.append(lead + pattern)
        if not alternatives:
            return None
        return re.compile(rf"(?:{'|'.join(alternatives)})(?![{THAI_LETTERS}])")

    def _lookup(self, key: str) -> str | None:
        return self._names.get(key.rstrip("."))

    def _single(self, key: str) -> str | None:
        """Full name of one unit: a written form, or a unit followed by its parent."""
        full_name = self._lookup(key)
        if full_name is not None:
            return full_name
        for cut in range(len(key) - 1, 0, -1):  # the longest unit first
            unit, parent = self._lookup(key[:cut]), self._lookup(key[cut:])
            if unit is not None and parent is not None and parent.startswith(PARENT_WORDS):
                return unit
        return None

    def _resolve_key(self, key: str) -> str | None:
        """Full name for a name key: one unit (`_single`), or known units joined by และ
        (`ส่วนเลขานุการและ ศูนย์เรื่องราวร้องทุกข์`).

        Dynamic programming over the และ positions, right to left: the suffix after
        each และ is resolved once, and a single unit spans at most the และ a registry
        unit plus its parent contain, so a line of n names costs O(n) lookups of
        bounded length, not the 2^n splits of trying every และ on both sides.
        The whole key as one unit is tried first, then the earliest split.
        """
        whole = self._single(key)
        if whole is not None:
            return whole
        conjunctions = [m.span() for m in re.finditer(CONJUNCTION, key)]
        starts = [0] + [end for _, end in conjunctions]
        span_limit = 2 * self._max_conjunctions  # a unit and its parent
        # suffix[i]: the resolved text of key[starts[i]:], or None
        suffix: list[str | None] = [None] * len(starts)
        for i in range(len(starts) - 1, -1, -1):
            start = starts[i]
            found = None
            if i > 0 and len(conjunctions) - i <= span_limit:
                found = self._single(key[start:])
            for j in range(i, min(len(conjunctions), i + span_limit + 1)):
                if found is not None:
                    break
                rest = suffix[j + 1]
                unit = None if rest is None else self._single(key[start : conjunctions[j][0]])
                if unit is not None:
                    found = f"{unit}{CONJUNCTION}{rest}"
            suffix[i] = found
        return suffix[0]

    def resolve(self, raw: str) -> Resolved:
        """The full name of the unit a cell names.

        A name the registry does not know is kept as written (cleaned, Arabic digits,
        wrap spaces kept), and its abbreviations the registry does not know are listed
        for the `unknown_abbreviation` diagnostic. An empty or `-` cell has no name.

        >>> registry = UnitRegistry.load()
        >>> registry.resolve("กองทะเบียนประวัติ ข้าราชการ").name
        'กองทะเบียนประวัติข้าราชการ'
        >>> registry.resolve("ส่วนเลขานุการและ ศูนย์เรื่องราวร้องทุกข์").name
        'ส่วนเลขานุการและศูนย์เรื่องราวร้องทุกข์'
        >>> registry.resolve("-")
        Resolved(name=None, raw='-', unknown_abbreviations=())
        """
        cleaned = thai_to_arabic(clean_text(raw))
        if not cleaned or set(cleaned) <= _DASHES:
            return Resolved(None, raw)
        full_name = self._resolve_key(name_key(cleaned)) or self._near_stem(name_key(cleaned))
        if full_name is not None:
            return Resolved(full_name, raw)
        cleaned = self._without_parent(cleaned)
        unknown = (
            m.group(0)
            for m in ABBREVIATION.finditer(cleaned)
            if name_key(m.group(0)) not in self._known_abbreviations
        )
        return Resolved(cleaned, raw, tuple(dict.fromkeys(unknown)))

    def _near_stem(self, key: str) -> str | None:
        """A ฯ form as OCR writes it (a letter misread, lost or extra; ฯ read as ๆ): the
        one ฯ form of the registry within a letter's edit of it.

        >>> registry = UnitRegistry([("กองพัฒนาระบบฯ", "กองพัฒนาระบบราชการ")])
        >>> registry._near_stem("กองพัฒนาระบบาฯ"), registry._near_stem("กองพัฒนาะบบๆ")
        ('กองพัฒนาระบบราชการ', 'กองพัฒนาระบบราชการ')
        >>> registry._near_stem("กองพัฒนาระบบาๆฯ")  # both marks read
        'กองพัฒนาระบบราชการ'
        """
        if not key.endswith(ABBREVIATION_MARKS) or len(key) <= MIN_FUZZY_STEM:
            return None
        stems = (k for k in self._names if k.endswith("ฯ"))
        near = closest(key.rstrip("".join(ABBREVIATION_MARKS)) + "ฯ", stems, LETTER_EDIT_COST)
        return None if near is None else self._names[near]

    def _without_parent(self, cleaned: str) -> str:
        """An unknown unit followed by a known parent office keeps the unit as written.

        Only offices count here: many unit names end in กรุงเทพมหานคร, which is part of
        the name, not a parent.

        >>> UnitRegistry.load()._without_parent("กองทุนและเสริมสร้างจริยธรรมสำนักงาน ก.ก.")
        'กองทุนและเสริมสร้างจริยธรรม'
        >>> UnitRegistry.load()._without_parent("กองทุนระบบราชการกรุงเทพมหานคร")
        'กองทุนระบบราชการกรุงเทพมหานคร'
        """
        key = name_key(cleaned)
        for cut in range(1, len(key)):
            parent = self._lookup(key[cut:])
            if parent is not None and parent.startswith(OFFICE_WORDS):
                return letters_prefix(cleaned, cut)
        return cleaned

    def near_office(self, tail: str) -> bool:
        """Is `tail` an office the registry knows, as OCR may leave it after a unit: with
        marks or a letter misread (within the keyword tolerance) or cut at a line's end?

        >>> registry = UnitRegistry.load()
        >>> registry.near_office("สำนักงาน ก.ุก."), registry.near_office("สำนักงาน")
        (True, True)
        >>> registry.near_office("สำนักงานเขตตัวอย่าง"), registry.near_office("ก.ก.")
        (False, False)
        """
        key = name_key(tail)
        if not key.startswith(OFFICE_WORDS):
            return False
        offices = (k for k, full in self._names.items() if k.startswith(OFFICE_WORDS))
        return any(k.startswith(key) or matches(key, k) for k in offices)

    def knows(self, name: str) -> bool:
        """Whether the registry resolves a name (a written form, or units it knows joined).

        >>> UnitRegistry.load().knows("กองสรรหาบุคคล"), UnitRegistry.load().knows("กองสรรหา")
        (True, False)
        """
        return self._resolve_key(name_key(thai_to_arabic(clean_text(name)))) is not None

    def expand_abbreviations(self, text: str) -> str:
        """Replace the registry's abbreviations in free text by full names.

        Only on request, and never on month headers (`ก.พ.` is also February).

        >>> UnitRegistry.load().expand_abbreviations("ตามที่ สกก. และ สตน. กำหนด ใน อ.ก.ก.")
        'ตามที่ สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร และ สำนักงานตรวจสอบภายใน กำหนด ใน อ.ก.ก.'
        """
        if self._expand_pattern is None:
            return text
        return self._expand_pattern.sub(lambda m: self._names[name_key(m.group(0))], text)


#: Words that open a unit name a plan spells out in its organisation section or tables.
SPELLED_UNIT_WORDS = ("กอง", "ฝ่าย", "สำนัก", "กลุ่ม", "ศูนย์", "สถาบัน")
#: Words that open a clause after a unit's name in a sentence (`… มีหน้าที่…`): a name
#: never runs on over them.
CLAUSE_WORDS = ("มีหน้าที่", "มีอำนาจ", "ทำหน้าที่", "รับผิดชอบ", "เป็น", "ซึ่ง", "โดย", "เพื่อ")
_NAME_END = rf"(?![ฯ.{THAI_LETTERS}])"
_NOT_NAME_PART = "|".join(SPELLED_UNIT_WORDS + PARENT_WORDS + CLAUSE_WORDS)
_PHRASE = rf"(?!{_NOT_NAME_PART})[{THAI_LETTERS}]+"
_SPELLED_UNIT = re.compile(
    rf"(?<![{THAI_LETTERS}])(?:{'|'.join(SPELLED_UNIT_WORDS)})[{THAI_LETTERS}]+{_NAME_END}"
)
#: In a line, a name with spaces inside is an enumeration closed by และ (`กองควบคุมโรคเอดส์
#: วัณโรค และโรคติดต่อทางเพศสัมพันธ์`): Thai lists its items with spaces.
_SPELLED_UNIT_IN_LINE = re.compile(
    rf"{_SPELLED_UNIT.pattern}(?:(?:\s+{_PHRASE}){{0,3}}\s+{CONJUNCTION}\s?{_PHRASE}{_NAME_END})?"
)


def spelled_names(text: str) -> list[str]:
    """Unit names written out in full in a line or cell (no ฯ, no initials).

    A cell is one name even when wrapped (`ฝ่ายรักษาความสะ อาด`); in a line a name ends
    at a space, as Thai separates phrases, not words, with spaces, unless the phrases
    after it are the name's own enumeration closed by และ.

    >>> spelled_names("1. กองสรรหาบุคคล มีหน้าที่สรรหา บรรจุ และแต่งตั้ง")
    ['กองสรรหาบุคคล']
    >>> spelled_names("2. สำนักวัฒนธรรม กีฬา และการท่องเที่ยว มีหน้าที่ส่งเสริม")
    ['สำนักวัฒนธรรม กีฬา และการท่องเที่ยว']
    >>> spelled_names("กองการเจ้าหน้าที่ สำนักการโยธา และสำนักการระบายน้ำ")
    ['กองการเจ้าหน้าที่', 'สำนักการโยธา']
    >>> spelled_names("กองสรรหาฯ"), spelled_names("สำนักงาน ก.ก.")
    ([], ['สำนักงาน'])
    """
    return [m.group(0) for m in _SPELLED_UNIT_IN_LINE.finditer(clean_text(text))]


#: The number or bullet of a list item.
_LIST_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[-•])\s*")
#: What may follow a listed name on its line: nothing, or a clause about the unit.
_LISTED_END = re.compile(rf"\s*$|\s+(?:{'|'.join(CLAUSE_WORDS)})")
#: Words a unit's name opens with: only such a name is completed (a word alone is no name).
UNIT_OPENERS = (*SPELLED_UNIT_WORDS, "ส่วน", "คณะกรรมการ")


def listed_name(text: str) -> str | None:
    """The unit name a line lists, as an organisation section does: the line is the name
    (its number taken off), or the name then a clause about it (`… มีหน้าที่…`). Such a
    name is whole, not cut. Else None.

    >>> listed_name("๕. กองส่งเสริมสุขภาพ"), listed_name("1. กองสรรหาบุคคล มีหน้าที่สรรหา")
    ('กองส่งเสริมสุขภาพ', 'กองสรรหาบุคคล')
    >>> listed_name("1. กองสรรหาบุคคล สรรหา บรรจุ"), listed_name("โดยมีกองสรรหาบุคคล")
    (None, None)
    """
    rest = _LIST_NUMBER.sub("", clean_text(thai_to_arabic(text)))
    m = _SPELLED_UNIT_IN_LINE.match(rest)
    if m is None or not _LISTED_END.match(rest, m.end()):
        return None
    return m.group(0)


def completions(written: str, names: Iterable[str]) -> list[str]:
    """The known names a name cut short begins (at a space, at a cell's line end): the
    candidates for a name that is not itself known.

    A name followed by its parent office is not a longer name; where one candidate
    begins another (a name and the name running on), the shorter is the one.

    >>> names = ["กองควบคุมโรคเอดส์ วัณโรค และโรคติดต่อทางเพศสัมพันธ์", "กองส่งเสริมสุขภาพ"]
    >>> completions("กองควบคุมโรคเอดส์", names)
    ['กองควบคุมโรคเอดส์วัณโรคและโรคติดต่อทางเพศสัมพันธ์']
    >>> completions("กองส่งเสริม", names + ["กองส่งเสริมการเรียนรู้"])
    ['กองส่งเสริมการเรียนรู้', 'กองส่งเสริมสุขภาพ']
    >>> completions("ฝ่ายโยธา", ["ฝ่ายโยธาสำนักงานเขตตัวอย่าง"]), completions("กอง", names)
    ([], [])
    """
    key = name_key(written)
    if not key.startswith(UNIT_OPENERS) or key in UNIT_OPENERS:
        return []
    found = {
        n
        for n in map(name_key, names)
        if n.startswith(key) and len(n) > len(key) and not n[len(key) :].startswith(PARENT_WORDS)
    }
    return sorted(n for n in found if not any(o != n and n.startswith(o) for o in found))


def expansions(written: str, names: Iterable[str]) -> list[str]:
    """The spelled-out names a ฯ form or an initialism abbreviates.

    A ฯ form abbreviates the names that begin with its stem. Spaces are ignored (a
    wrapped `ฝ่ายรักษาความสะ อาดฯ`). Where one candidate begins every other (a name and
    the name running on into its sentence), the name is the one. An initialism (`กพบ.`)
    abbreviates the names whose word initials it takes (`abbreviates`).

    >>> expansions("ฝ่ายรักษาความสะ อาดฯ", ["ฝ่ายรักษาความสะอาด", "ฝ่ายโยธา"])
    ['ฝ่ายรักษาความสะอาด']
    >>> expansions("ฝ่ายรักษาฯ", ["ฝ่ายรักษาความสะอาด", "ฝ่ายรักษาความปลอดภัย"])
    ['ฝ่ายรักษาความปลอดภัย', 'ฝ่ายรักษาความสะอาด']
    >>> expansions("กพบ.", ["กองพัฒนาบุคลากร", "กองบริหารทั่วไป"])
    ['กองพัฒนาบุคลากร']

    As OCR writes a stem, a letter misread, lost or extra and ฯ read as ๆ, it still
    abbreviates the one name it nearly begins (the stem long enough to tell):

    >>> expansions("กองพัฒนาะบบๆ", ["กองพัฒนาระบบราชการ", "กองพัฒนาข้าราชการ"])
    ['กองพัฒนาระบบราชการ']
    >>> expansions("กองพัฒนาระบบาฯ", ["กองพัฒนาระบบราชการ", "กองพัฒนาข้าราชการ"])
    ['กองพัฒนาระบบราชการ']
    """
    compact = re.sub(r"\s", "", clean_text(written))
    if INITIALISM.fullmatch(compact):
        return sorted({name_key(n) for n in names if abbreviates(compact, n)})
    key = name_key(written)
    if not key.endswith(ABBREVIATION_MARKS):
        return []
    stem = key[:-1]
    found = sorted({name_key(n) for n in names if name_key(n).startswith(stem)})
    if not found and len(stem) >= MIN_FUZZY_STEM:  # a letter of the stem misread, lost or extra
        found = sorted(
            {name_key(n) for n in names if starts_with(name_key(n), stem, LETTER_EDIT_COST)}
        )
    shortest = min(found, key=len, default=None)
    if shortest is not None and all(n.startswith(shortest) for n in found):
        return [shortest]
    return found


#: A line's wrap hyphen, as OCR may read it on its own between two pieces of a name.
WRAP_DASHES = ("-", "–")


def overlap_joined(text: str) -> str:
    """Two pieces of a line that overlap, as OCR reads a cell's line twice over, joined
    where they overlap (the second wholly inside the first's end, or running on from it).

    >>> overlap_joined("กองทะเบียนประวัติข้าราชการ ข้าราชการ")
    'กองทะเบียนประวัติข้าราชการ'
    >>> overlap_joined("กองวินัยและเสริมสร้า เสริมสร้างจริยธรรม")
    'กองวินัยและเสริมสร้างจริยธรรม'
    >>> overlap_joined("ฝ่ายโยธา ฝ่ายคลัง")
    'ฝ่ายโยธา ฝ่ายคลัง'

    The line's wrap hyphen may stand between the pieces, read as a word of its own:

    >>> overlap_joined("กองพิทักษ์ระบบ - ระบบคุณธรรม")
    'กองพิทักษ์ระบบคุณธรรม'
    """
    parts = [part for part in text.split() if part not in WRAP_DASHES]
    if len(parts) != 2:
        return text
    first, second = parts
    for overlap in range(min(len(first), len(second)), 0, -1):
        if first.endswith(second[:overlap]):
            return first + second[overlap:]
    return text


#: what closes a ฯ form: ฯ, or ๆ as OCR misreads it (a unit name never repeats a word)
ABBREVIATION_MARKS = ("ฯ", "ๆ")
#: a ฯ stem this long or longer names its unit even with one letter misread
MIN_FUZZY_STEM = 8
#: A unit written as its initials with a dot: `กพบ.`, `ก.พ.บ.` (ฯ forms are stems instead).
INITIALISM = re.compile(rf"(?:[{THAI_LETTERS}]{{1,5}}\.)+")
#: Vowels written before the consonant they follow (เ แ โ ใ ไ): a word's initial is
#: the consonant after them.
LEADING_VOWELS = "เแโใไ"


@lru_cache(maxsize=4096)
def word_initials(name: str) -> str:
    """The first consonant of each word of a name (pythainlp's dictionary words).

    >>> word_initials("กองแผนงานและประเมินผล")
    'กผลป'
    """
    words = (w.lstrip(LEADING_VOWELS) for w in segment(name_key(name)))
    return "".join(w[0] for w in words if w)


def abbreviates(initialism: str, name: str) -> bool:
    """Does `initialism` stand for `name`: its letters are initials of the name's words,
    in order, from the first word to the last (words between may go without a letter:
    `กผป.` for กองแผนงานและประเมินผล leaves out และ).

    Plans also take letters from inside a word; those stay unresolved rather than guessed.

    >>> abbreviates("กพบ.", "กองพัฒนาบุคลากร"), abbreviates("กพบ.", "กองพัฒนาระบบบริหาร")
    (True, True)
    >>> abbreviates("กพ.", "กองพัฒนาบุคลากร"), abbreviates("กบพ.", "กองพัฒนาบุคลากร")
    (False, False)
    """
    letters = initialism.replace(".", "")
    heads = word_initials(name)
    if len(letters) < 2 or len(heads) < len(letters):
        return False
    if letters[0] != heads[0] or letters[-1] != heads[-1]:
        return False
    inner = iter(heads[1:-1])
    return all(letter in inner for letter in letters[1:-1])


def spelled_cell(text: str) -> str | None:
    """A table cell that is one unit name written out, wrap spaces removed, else None.

    >>> spelled_cell("ฝ่ายรักษาความสะ อาด"), spelled_cell("กองสรรหาฯ")
    ('ฝ่ายรักษาความสะอาด', None)
    """
    key = name_key(text)
    return key if _SPELLED_UNIT.fullmatch(key) else None


#: A unit below an office (a กอง/ฝ่าย): written first when a cell adds its parent.
SUB_UNIT_WORDS = ("กอง", "ฝ่าย")
#: How an office (a parent) opens; สำนักงาน starts with สำนัก.
PARENT_OFFICE_WORD = "สำนัก"


def without_parent_office(name: str, agency: str | None = None) -> str:
    """A กอง/ฝ่าย name followed by its parent office keeps the unit (NORMALIZATION.md:
    the parent is the agency), for parents the registry does not know.

    The parent is recognised by kind: after a space, a name opening with สำนัก (Thai
    writes a unit name without spaces, so a space then an office word starts the
    parent), or the document's own agency written after the unit.

    >>> without_parent_office("กองการเจ้าหน้าที่ สำนักการโยธา")
    'กองการเจ้าหน้าที่'
    >>> without_parent_office("ฝ่ายโยธาสำนักงานเขตตัวอย่าง", "สำนักงานเขตตัวอย่าง")
    'ฝ่ายโยธา'
    >>> without_parent_office("สำนักการโยธา กองแผนงาน"), without_parent_office("กองสำนักงาน")
    ('สำนักการโยธา กองแผนงาน', 'กองสำนักงาน')
    """
    if not name.startswith(SUB_UNIT_WORDS):
        return name
    if agency:
        tail = name_key(agency)
        key = name_key(name)
        if key.endswith(tail) and len(key) > len(tail):
            return letters_prefix(name, len(key) - len(tail))
    m = re.search(rf"\s+{PARENT_OFFICE_WORD}", name)
    return name[: m.start()] if m else name


def letters_prefix(text: str, letters: int) -> str:
    """The start of `text` holding `letters` non-space characters."""
    kept, count = [], 0
    for char in text:
        if count == letters:
            break
        kept.append(char)
        count += not char.isspace()
    return "".join(kept).strip()
