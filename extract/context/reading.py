"""One document as recognisers see it: its blocks with the section context in force at each.

The context is computed once per document; every recogniser walks the same list, so a new
layout needs only a new recogniser that reads what it needs from here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from thaiplan.extract.context.sections import Section
from thaiplan.extract.model import SCANNED, Block, Diagnostic, Document, Provenance, Severity
from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.keywords import LETTER_EDIT_COST, matches, tolerance
from thaiplan.normalize.text import clean_text, unmarked_key
from thaiplan.normalize.units import (
    ABBREVIATION_MARKS,
    OFFICE_WORDS,
    SUB_UNIT_WORDS,
    UnitRegistry,
    completions,
    expansions,
    letters_prefix,
    listed_name,
    name_key,
    overlap_joined,
    spelled_cell,
    spelled_names,
    without_parent_office,
)

#: Where a parent office opens inside a unit cell read as one word.
OFFICE_WORD = re.compile("|".join(OFFICE_WORDS))
UNIT_WORDS = ("กอง", "ส่วน", "ฝ่าย", "สำนัก", "ศูนย์", "กลุ่มงาน", "สถาบัน", "คณะกรรมการ")


@dataclass
class Located:
    index: int
    block: Block
    section: Section  # the context in force where the block stands


@dataclass
class Reading:
    doc: Document
    units: UnitRegistry
    fiscal_year_be: int | None
    agency: str | None
    located: list[Located] = field(default_factory=list)
    #: Unit names the document spells out (organisation section, headings, tables): a
    #: ฯ form the registry does not know is resolved to the one of these it abbreviates.
    spelled_units: set[str] = field(default_factory=set)
    #: Unit names a line lists on their own (an organisation section): whole, not cut.
    listed_units: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: block index -> the recogniser that claims that table as its own layout
    claimed_by: dict[int, str] = field(default_factory=dict)
    _reported: set[str] = field(default_factory=set)

    @classmethod
    def of(
        cls, doc: Document, units: UnitRegistry, fiscal_year_be: int | None, agency: str | None
    ) -> Reading:
        reading = cls(doc, units, fiscal_year_be, agency)
        section = Section()
        before = ""  # the line before, while a paragraph goes on
        for index, block in enumerate(doc.blocks):
            reading.located.append(Located(index, block, section))
            if block.kind != "table":
                section = section.after(block.text)
                reading._learn(block.text, "" if block.starts_paragraph else before)
            before = block.text if block.kind != "table" else ""
            for row in block.rows:
                for cell in row.cells:
                    if name := spelled_cell(cell.text):
                        reading.spelled_units.add(name)
        return reading

    def _learn(self, line: str, before: str) -> None:
        """The unit names a line spells out, and lists whole. A line going on from the one
        `before` it is read joined to it too: a printed paragraph wraps inside a name
        (`๒. กองควบคุมโรคเอดส์ วัณโรค และ` / `โรคติดต่อทางเพศสัมพันธ์ มีหน้าที่…`)."""
        for written in (line, f"{before} {line}") if before else (line,):
            self.spelled_units.update(spelled_names(written))
            if name := listed_name(written):
                self.listed_units.add(name_key(name))

    @functools.cached_property
    def spelled_unmarked(self) -> dict[str, str]:
        """The spelled names by their letters alone (marks dropped), where one name has
        them: a unit whose unit word lost its mark to OCR (`ฝายการคลัง`) is the one the
        document spells."""
        by_letters: dict[str, set[str]] = {}
        for name in self.spelled_units:
            by_letters.setdefault(unmarked_key(name), set()).add(name_key(name))
        return {key: names.pop() for key, names in by_letters.items() if len(names) == 1}

    def tables(self) -> Iterator[Located]:
        return (item for item in self.located if item.block.kind == "table")

    def unclaimed_tables(self) -> Iterator[Located]:
        """Tables no recogniser claimed as its own layout (for the general-purpose readers)."""
        return (item for item in self.tables() if item.index not in self.claimed_by)

    def text_after(self, index: int) -> Iterator[Located]:
        """The heading/paragraph lines after block `index`, up to the next table."""
        for item in self.located[index + 1 :]:
            if item.block.kind == "table":
                return
            yield item

    def text_before(self, index: int) -> Iterator[Located]:
        """The heading/paragraph lines before block `index`, nearest first, back to the previous table."""
        for item in reversed(self.located[:index]):
            if item.block.kind == "table":
                return
            yield item

    def previous_table(self, index: int) -> Located | None:
        for item in reversed(self.located[:index]):
            if item.block.kind == "table":
                return item
        return None

    def unit(self, raw: str | None, prov: Provenance | None = None) -> str | None:
        """The full normalised unit name; an unknown abbreviation is reported once per document."""
        if raw is None or not raw.strip():
            return None
        joined = overlap_joined(raw)
        if joined != raw and not self.units.knows(raw) and self._names_unit(joined):
            raw = joined  # a cell's line OCR read twice over
        resolved = self.units.resolve(thai_to_arabic(raw))
        if resolved.name is not None and self.scanned:
            unit = self._before_scanned_parent(resolved.name)
            resolved = resolved if unit == resolved.name else self.units.resolve(unit)
        if resolved.name is not None:
            resolved = replace(resolved, name=without_parent_office(resolved.name, self.agency))
        candidates = expansions(resolved.name, self.spelled_units) if resolved.name else []
        if len(candidates) == 1:  # a ฯ stem's shortest name may itself be cut; initials are not
            cut = name_key(resolved.name or "").endswith(ABBREVIATION_MARKS)
            return self._whole(candidates[0], raw, prov) if cut else candidates[0]
        if resolved.name is not None and (spelled := self._spelled_as(resolved.name)):
            return spelled
        if resolved.name is not None and not candidates and not resolved.unknown_abbreviations:
            return self._whole(resolved.name, raw, prov)
        for abbreviation in resolved.unknown_abbreviations:
            if abbreviation not in self._reported:
                self._reported.add(abbreviation)
                named = f"; the document spells out {', '.join(candidates)}" if candidates else ""
                self.diagnostics.append(
                    Diagnostic(
                        "info",
                        "unknown_abbreviation",
                        f"'{abbreviation}' is not in the unit registry{named}; "
                        "add it to a --units file to expand it",
                        context=clean_text(raw)[:120],
                        prov=prov,
                    )
                )
        return resolved.name

    @property
    def scanned(self) -> bool:
        """Was the text read by OCR, whose spaces and marks are not the print's?"""
        return self.doc.text_source in SCANNED

    def _before_scanned_parent(self, name: str) -> str:
        """A unit and its parent office as OCR reads them (`กองสรรหาบุคคลสำนักงาน ก.ุก.`,
        `… สำนักงาน` cut at a line's end; no space to tell them apart): the unit, where the
        registry or the document knows the name before the office word, or the rest is an
        office the registry knows, read near or cut."""
        key = name_key(name)
        if not key.startswith(SUB_UNIT_WORDS):
            return name
        for m in OFFICE_WORD.finditer(key):
            head, tail = key[: m.start()], key[m.start() :]
            if head not in SUB_UNIT_WORDS and (
                self._names_unit(head) or self.units.near_office(tail)
            ):
                return letters_prefix(name, len(head))
        return name

    def _near_known(self, name: str) -> str | None:
        """On a scan, the one known unit a name OCR misread is within a small edit of
        (`กองพิทักษ์ระบบคุณจรรม`); None when none is, or several are (noted)."""
        key = name_key(name)
        fits = {
            name_key(known): known
            for known in self.known_units
            if name_key(known) != key and matches(key, name_key(known), _misread_limit(known))
        }
        if len(fits) > 1 and name not in self._reported:
            self._reported.add(name)
            self.note(
                "ambiguous_unit",
                f"'{name}' is near several unit names ({', '.join(sorted(fits.values()))}); "
                "kept as written",
                name,
                None,
                severity="info",
            )
        return next(iter(fits.values())) if len(fits) == 1 else None

    def _names_unit(self, raw: str) -> bool:
        """Does `raw` name a unit the registry knows or the document spells out?"""
        return self.units.knows(raw) or name_key(clean_text(raw)) in self._spelled_keys

    @functools.cached_property
    def _spelled_keys(self) -> set[str]:
        return {name_key(n) for n in self.spelled_units}

    @functools.cached_property
    def known_units(self) -> set[str]:
        """The names a unit name cut short may be completed to: the document's own and the
        registry's."""
        return self.spelled_units | self.units.full_names

    def _whole(self, name: str, raw: str, prov: Provenance | None) -> str:
        """A name cut short (at a space, at its cell's line end) as the one known name it
        begins; a name the registry knows or a line lists whole is whole already. With
        several candidates it stays as written, and a diagnostic names them."""
        if self.units.knows(name) or name_key(name) in self.listed_units:
            return name
        found = completions(name, self.known_units)
        if len(found) == 1:
            return found[0]
        if not found and self.scanned and (near := self._near_known(name)) is not None:
            return near
        if found and name not in self._reported:
            self._reported.add(name)
            self.note(
                "ambiguous_unit",
                f"'{name}' begins several unit names ({', '.join(found)}); kept as written",
                clean_text(raw),
                prov,
                severity="info",
            )
        return name

    def is_unit(self, raw: str) -> bool:
        """Whether a bracketed text names an organisation unit (registry entry or a unit word first)."""
        name = self.units.resolve(text(raw)).name or ""
        return name.startswith(UNIT_WORDS) or self._spelled_as(name) is not None

    def _spelled_as(self, name: str) -> str | None:
        """The unit the document spells out that `name` is with its unit word's marks lost;
        None for a name that opens with a unit word as written (it is read as it stands)."""
        if not name or name.startswith(UNIT_WORDS):
            return None
        return self.spelled_unmarked.get(unmarked_key(name))

    def note(
        self,
        code: str,
        message: str,
        context: str | None,
        prov: Provenance | None,
        severity: Severity = "warning",
    ) -> None:
        self.diagnostics.append(
            Diagnostic(severity, code, message, (context or "")[:120] or None, prov)
        )


def _misread_limit(known: str) -> int:
    """The edit a misread name may be from a known one: the keyword tolerance, at most two
    letters, so a long name is not taken for another that differs in a word.

    >>> _misread_limit("กองคลัง"), _misread_limit("กองพัฒนาระบบราชการกรุงเทพมหานคร")
    (2, 4)
    """
    return min(tolerance(name_key(known)), 2 * LETTER_EDIT_COST)


THAI = "\u0e01-\u0e5b"
THAI_WRAP = re.compile(f"(?<=[{THAI}])\n(?=[{THAI}])")


def join_wrapped(lines: list[str]) -> str:
    """Printed lines of one item as one text: Thai writes no space between words, so a
    wrap between two Thai letters joins without one; any other wrap becomes a space.

    >>> join_wrapped(["(ค่า", "เป้าหมาย ระดับ 5)"]), join_wrapped(["(BMA Onboarding)", "(ค่าเป้าหมาย"])
    ('(ค่าเป้าหมาย ระดับ 5)', '(BMA Onboarding) (ค่าเป้าหมาย')
    """
    return THAI_WRAP.sub("", "\n".join(line.strip() for line in lines)).replace("\n", " ")


def text(value: str | None) -> str:
    """Display text as the datasets want it: Arabic digits, NFC, clean spaces, no wrap hyphens."""
    return clean_text(thai_to_arabic(value or ""))
