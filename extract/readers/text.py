"""Reader for text exports: tab-separated and markdown pipe tables between lines of text.

Each non-blank line that is not part of a table becomes one heading or paragraph block;
each run of consecutive table lines becomes one table block whose rows keep their line
numbers. HTML fragments and markdown emphasis are dropped from the text, digits are kept
as written (recognisers normalise them, so `*_raw` columns can keep the original).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.model import (
    Block,
    BlockKind,
    Cell,
    Diagnostic,
    Document,
    Provenance,
    Row,
)
from thaiplan.normalize.text import clean_text, strip_markup

SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$|^-+$")
HEADING_MARK = re.compile(r"^#{1,6}\s+")
# a line that opens `**` emphasis which a later line closes (a bold title over two lines)
OPEN_EMPHASIS = re.compile(r"^\*\*(?!.*\*\*)")
CLOSE_EMPHASIS = re.compile(r"\*\*\s*$")


# A byte-order mark names the encoding; the 32-bit marks first, as UTF-32-LE starts with
# the UTF-16-LE mark (a spreadsheet's "Unicode text" export is UTF-16 with a BOM). A
# UTF-8 mark is dropped and the file read like any other, TIS-620 lines and all.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BINARY_PROBE = 4096  # bytes looked at for NUL bytes, which no 8-bit text holds
THAI = re.compile("[\u0e01-\u0e5b]")


def decode_export(data: bytes, source_path: str) -> tuple[str, list[int]]:
    """The text of an export and the numbers of lines decoded as TIS-620 in a UTF-8 file.

    A UTF-16/32 BOM decides first; else UTF-8, else line by line: UTF-8 where a line is
    valid, the legacy Thai code page cp874/TIS-620 elsewhere. A file pasted together from
    two sources keeps its UTF-8 lines, so one TIS-620 line never loses the file; a file
    with no non-ASCII UTF-8 line is TIS-620 throughout and gets no warning.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    "unreadable_file",
                    f"{source_path} starts with a {encoding} mark but is not {encoding} text",
                ) from exc
    if b"\x00" in data[:BINARY_PROBE]:
        raise UnreadableFile(
            "unreadable_file", f"{source_path} is not a text export (it holds binary data)"
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines, legacy = _line_by_line(data, source_path)
    if len(legacy) < len(lines) and any(not line.isascii() for line in _utf8_lines(lines, legacy)):
        return "\n".join(lines), legacy  # UTF-8 Thai with a few TIS-620 lines
    text = "\n".join(lines)
    if not THAI.search(text):
        raise UnreadableFile(
            "unreadable_file", f"{source_path} is neither UTF-8 nor Thai TIS-620 text"
        )
    return text, []  # a TIS-620 file throughout (its ASCII lines read the same either way)


def _utf8_lines(lines: list[str], legacy: list[int]) -> list[str]:
    skip = set(legacy)
    return [line for number, line in enumerate(lines, start=1) if number not in skip]


def _line_by_line(data: bytes, source_path: str) -> tuple[list[str], list[int]]:
    """Each line as UTF-8 where it is valid, else as TIS-620; the numbers of the latter."""
    lines, legacy = [], []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(raw.decode("cp874"))
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    "unreadable_file",
                    f"{source_path} line {number} is neither UTF-8 nor TIS-620 text",
                ) from exc
            legacy.append(number)
    return lines, legacy


def is_table_line(line: str) -> bool:
    stripped = line.strip()
    return ("\t" in line.rstrip("\n") and bool(stripped)) or (
        stripped.startswith("|") and stripped.count("|") >= 2
    )


def split_cells(line: str) -> list[str]:
    stripped = line.strip()
    if "\t" not in line and stripped.startswith("|"):
        return [part.strip() for part in stripped.strip("|").split("|")]
    return line.rstrip("\r\n").split("\t")


def is_separator_row(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(SEPARATOR_CELL.match(c) for c in filled)


def cell_text(raw: str) -> str:
    return clean_text(strip_markup(raw))


def two_line_emphasis(lines: list[str]) -> set[int]:
    """Line numbers of `**title` + `title**` pairs; a lone leading `**` is a footnote mark."""
    found: set[int] = set()
    for index, line in enumerate(lines[:-1]):
        if (
            OPEN_EMPHASIS.match(line.strip())
            and CLOSE_EMPHASIS.search(lines[index + 1])
            and "**" not in lines[index + 1].strip()[:-2]
        ):
            found.update((index + 1, index + 2))
    return found


def read_text(path: Path, source_path: str, data: bytes | None = None) -> Document:
    """Read a text export into the common document model."""
    data = path.read_bytes() if data is None else data
    text, legacy = decode_export(data, source_path)
    blocks: list[Block] = []
    table: Block | None = None
    after_blank = True
    lines = text.splitlines()
    bold = two_line_emphasis(lines)
    for number, raw in enumerate(lines, start=1):
        prov = Provenance(source_path, line=number)
        if is_table_line(raw):
            cells = split_cells(raw)
            if is_separator_row(cells):
                continue
            if table is None:
                table = Block("table", prov, starts_paragraph=after_blank)
                blocks.append(table)
            table.rows.append(Row([Cell(cell_text(c), i) for i, c in enumerate(cells)], prov))
            after_blank = False
            continue
        table = None
        if not raw.strip():
            after_blank = True
            continue
        kind: BlockKind = "paragraph"
        line = raw
        if HEADING_MARK.match(line):
            kind, line = "heading", HEADING_MARK.sub("", line)
        if line.strip().startswith("**") and CLOSE_EMPHASIS.search(line.strip()[2:]):
            kind = "heading"
        elif number in bold:
            kind, line = "heading", CLOSE_EMPHASIS.sub("", line.strip().removeprefix("**"))
        content = cell_text(line)
        if content:
            blocks.append(Block(kind, prov, text=content, starts_paragraph=after_blank))
        after_blank = False
    return Document(
        source_path=source_path,
        sha256=hashlib.sha256(data).hexdigest(),
        source_format="text",
        blocks=blocks,
        diagnostics=[_legacy_line(source_path, number) for number in legacy],
    )


def _legacy_line(source_path: str, number: int) -> Diagnostic:
    return Diagnostic(
        "warning",
        "mixed_encoding",
        f"{source_path} line {number} is not UTF-8 and was read as TIS-620; check its Thai text",
        prov=Provenance(source_path, line=number),
    )
