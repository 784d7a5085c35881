"""Reader for text exports: tab-separated and markdown pipe tables between lines of text.

Each non-blank line that is not part of a table becomes one heading or paragraph block;
each run of consecutive table lines becomes one table block whose rows keep their line
numbers. HTML fragments and markdown emphasis are dropped from the text, digits are kept
as written (recognisers normalise them, so `*_raw` columns can keep the original).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.model import Block, BlockKind, Cell, Document, Provenance, Row
from thaiplan.normalize.text import clean_text, strip_markup

SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$|^-+$")
HEADING_MARK = re.compile(r"^#{1,6}\s+")
# a line that opens `**` emphasis which a later line closes (a bold title over two lines)
OPEN_EMPHASIS = re.compile(r"^\*\*(?!.*\*\*)")
CLOSE_EMPHASIS = re.compile(r"\*\*\s*$")


def decode_export(data: bytes, source_path: str) -> str:
    """UTF-8 (with or without BOM) first, then the legacy Thai code page cp874/TIS-620."""
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            "unreadable_file", f"{source_path} is not a text export (it holds binary data)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            "unreadable_file", f"{source_path} is neither UTF-8 nor TIS-620 text"
        ) from exc
    if not re.search("[\u0e01-\u0e5b]", text):
        raise UnreadableFile(
            "unreadable_file", f"{source_path} is neither UTF-8 nor Thai TIS-620 text"
        )
    return text


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
    text = decode_export(data, source_path)
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
    )
