"""Readers, one per input format, all producing extract.model.Document."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Literal

from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.model import Document, OcrMode, PageProgress
from thaiplan.extract.readers.continuations import join_continuations

FormatName = Literal["pdf", "text"]


@dataclass(frozen=True)
class Reader:
    """One input format: the names it goes by, how its bytes are told from others (None:
    by name alone) and the reader that makes its document model."""

    name: FormatName
    suffixes: frozenset[str]
    sniff: Callable[[bytes], bool] | None
    read: Callable[[Path, str, bytes, OcrMode, PageProgress | None], Document]


def _read_pdf(
    path: Path, source_path: str, data: bytes, ocr: OcrMode, on_page: PageProgress | None
) -> Document:
    from thaiplan.extract.readers.pdf import read_pdf

    with pdf_errors(source_path):
        return read_pdf(path, source_path, ocr, data, on_page)


def _read_text(
    path: Path, source_path: str, data: bytes, ocr: OcrMode, on_page: PageProgress | None
) -> Document:
    from thaiplan.extract.readers.text import read_text

    return read_text(path, source_path, data)


#: Every input format thaiplan reads; a new format is one entry here (and its reader).
READERS: tuple[Reader, ...] = (
    Reader("pdf", frozenset({".pdf"}), lambda data: data.lstrip()[:5] == b"%PDF-", _read_pdf),
    Reader("text", frozenset({".txt", ".md"}), None, _read_text),
)
#: The file names thaiplan reads (a folder's other files are skipped).
SUFFIXES = frozenset(suffix for reader in READERS for suffix in reader.suffixes)


def read_document(
    path: Path,
    source_path: str,
    data: bytes,
    ocr: OcrMode = "auto",
    on_page: PageProgress | None = None,
) -> Document:
    """The file's document model, from the reader its format needs (see document_format),
    its split tables joined (extract.readers.continuations); `on_page` hears of each page
    OCR reads."""
    doc = reader_of(source_path, data).read(path, source_path, data, ocr, on_page)
    doc.blocks = join_continuations(doc.blocks)
    return doc


def document_format(source_path: str, data: bytes) -> FormatName:
    """The name of the format a file's bytes and name say (see reader_of)."""
    return reader_of(source_path, data).name


def reader_of(source_path: str, data: bytes) -> Reader:
    """By content first (a PDF is a PDF whatever its name), then by the suffix of the name
    the file was found by (a link's, not its target's); UnreadableFile for an empty file,
    a file named for a format its bytes are not, or a suffix no reader takes."""
    if not data.strip():
        raise UnreadableFile("unreadable_file", f"{source_path} is empty")
    for reader in READERS:
        if reader.sniff is not None and reader.sniff(data):
            return reader
    suffix = PurePath(source_path).suffix.lower()
    named = next((reader for reader in READERS if suffix in reader.suffixes), None)
    if named is None:
        raise UnreadableFile("unsupported_format", f"{source_path}: no reader for '{suffix}' files")
    if named.sniff is not None:  # named .pdf, but its bytes are not a PDF's
        raise UnreadableFile(
            "unreadable_file",
            f"{source_path} is named {suffix} but is not a {named.name.upper()} file",
        )
    return named


@contextlib.contextmanager
def pdf_errors(source_path: str) -> Iterator[None]:
    """The PDF parser's own errors (a damaged or encrypted file) as UnreadableFile naming
    the cause: pdfminer raises many kinds, and none of them is a bug."""
    try:
        yield
    except MemoryError:
        raise  # the memory limit, which the caller reports as such
    except Exception as exc:
        chain = _chain(exc)
        if any("Password" in type(e).__name__ or "Encrypt" in type(e).__name__ for e in chain):
            raise UnreadableFile(
                "encrypted_pdf",
                f"{source_path} is protected by a password; save a copy without the password and run again",
            ) from exc
        cause = next((e for e in chain if type(e).__module__.startswith("pdfminer")), None)
        if cause is None and _raised_by_parser(exc):
            cause = exc
        if cause is None:
            raise
        code = exc.code if isinstance(exc, UnreadableFile) else "unreadable_file"
        detail = " ".join(str(cause).split())[:200] or "no details"
        message = f"{source_path} cannot be read as a PDF ({type(cause).__name__}: {detail})"
        raise UnreadableFile(code, message + "; it may be truncated or damaged") from exc


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc`, what it was raised from or while handling, and exceptions wrapped in their args."""
    found = [exc]
    for e in found:
        linked = [e.__cause__, e.__context__, *(a for a in e.args if isinstance(a, BaseException))]
        found += [x for x in linked if x is not None and x not in found]
    return found


def _raised_by_parser(exc: BaseException) -> bool:
    """Was the innermost frame of the traceback in pdfminer or pdfplumber (a KeyError, say)?"""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    module = tb.tb_frame.f_globals.get("__name__", "") if tb is not None else ""
    return module.split(".")[0] in {"pdfminer", "pdfplumber"}
