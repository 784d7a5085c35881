"""Readers, one per input format, all producing extract.model.Document."""
from __future__ import annotations

from pathlib import Path

from extract.errors import UnreadableFile
from extract.model import Document

TEXT_SUFFIXES = {".txt", ".md"}


def read_document(path: Path, source_path: str, data: bytes) -> Document:
    """Pick the reader by content first (a PDF is a PDF whatever its name), then by suffix."""
    if not data.strip():
        raise UnreadableFile("unreadable_file", f"{source_path} is empty")
    if data.lstrip()[:5] == b"%PDF-":
        from extract.readers.pdf import read_pdf

        return read_pdf(path, source_path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise UnreadableFile("unreadable_file", f"{source_path} is named .pdf but is not a PDF file")
    if suffix in TEXT_SUFFIXES:
        from extract.readers.text import read_text

        return read_text(path, source_path, data)
    raise UnreadableFile("unsupported_format", f"{source_path}: no reader for '{suffix}' files")
