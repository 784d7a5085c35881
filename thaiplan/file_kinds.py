"""Which files are plan documents to read: a reader for the format, and in a folder, no
notes file and no Markdown that is not a plan export.

Apart from the pipeline so that `thaiplan text` can refuse a file as `extract` would
without importing the run machinery (Arrow, the worker pool).
"""

from __future__ import annotations

import re
from pathlib import Path

from thaiplan.extract.readers import SUFFIXES

# Names of files that describe a folder rather than hold a plan (README.md, notes.txt,
# CHANGELOG, LICENSE, TODO): a batch folder often holds one, and its lines are no document.
NOT_A_DOCUMENT = re.compile(
    r"^(readme|changelog|changes|license|licence|notes?|todo|authors)\b", re.I
)


#: Formats people keep plans in that thaiplan has no reader for, and what to do instead.
NO_READER = {
    ".docx": "a Word document",
    ".doc": "a Word document",
    ".odt": "an OpenDocument text",
    ".rtf": "a rich-text document",
    ".xlsx": "an Excel workbook",
    ".xls": "an Excel workbook",
    ".ods": "an OpenDocument spreadsheet",
    ".pptx": "a PowerPoint presentation",
    ".ppt": "a PowerPoint presentation",
}
#: A Markdown file found in a folder is read only when at least this share of the letters
#: in its first MARKDOWN_SAMPLE bytes are Thai: a plan exported to Markdown is Thai prose and
#: tables, while a folder's notes (a README, a code-point map) are mostly English.
PLAN_THAI_SHARE = 0.5
MARKDOWN_SAMPLE = 64 * 1024


def not_a_plan(path: Path, given: bool) -> str | None:
    """Why a regular file is not read, or None to read it: no reader for its format (with
    what to do), a folder's notes, or Markdown that does not look like a plan export. A
    file given by name is read whatever it looks like, if thaiplan has a reader for it."""
    suffix = path.suffix.lower()
    if suffix in NO_READER:
        return (
            f"{NO_READER[suffix]} ({suffix}), no reader for it: export it to PDF and extract that"
        )
    if suffix not in SUFFIXES:
        return "not a .pdf, .txt or .md file, not read"
    if given:
        return None
    if NOT_A_DOCUMENT.match(path.name):
        return "a folder's notes (README, CHANGELOG ...), not a plan"
    if suffix == ".md" and not looks_like_a_plan_export(path):
        return (
            "Markdown that is not a plan export (under half its letters Thai); name it to read it"
        )
    return None


def looks_like_a_plan_export(path: Path) -> bool:
    """Are at least PLAN_THAI_SHARE of the letters at the start of the file Thai (read as
    UTF-8, or as TIS-620 when it is not UTF-8)? A file that cannot be read is read anyway,
    so that its diagnostics row says why."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MARKDOWN_SAMPLE)
    except OSError:
        return True
    text = data.decode("utf-8", "replace")
    if text.count("\ufffd") > len(text) // 100:
        text = data.decode("cp874", "replace")
    letters = [ch for ch in text if ch.isalpha()]
    thai = sum("\u0e00" <= ch <= "\u0e7f" for ch in letters)
    return bool(letters) and thai >= PLAN_THAI_SHARE * len(letters)
