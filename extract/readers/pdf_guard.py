"""Limits a PDF must keep before the parser sees it, checked on its raw bytes.

pdfminer trusts a file's structure: a Flate stream that inflates to gigabytes is inflated
whole, a ToUnicode range of four billion codes is expanded code by code, and an object that
refers to itself is followed for ever. Each is a few hundred bytes in a hostile or broken
file. One pass over the streams (tens of milliseconds for a 300-page budget book) finds
them first, so such a file fails at once with a message, not after the time or memory
limit of its worker.
"""

from __future__ import annotations

import re
import zlib

from thaiplan.extract.errors import UnreadableFile

MAX_STREAM_BYTES = 256 * 2**20  # one inflated stream: a page of a budget book is < 1 MB
MAX_CMAP_CODES = 2**20  # codes one CMap may map; a whole CJK font needs 65,536
MAX_PAGES = 10_000  # the largest budget books have a few thousand pages
INFLATE_CHUNK = 4 * 2**20  # inflated at a time, so the check itself stays small
CMAP_BYTES = 2**20  # of a stream searched for CMap ranges (real ToUnicode maps are KBs)
PDF_LIMIT = "pdf_limit"

_STREAM_START = re.compile(rb"stream\r?\n")
_CMAP_RANGE_BLOCK = re.compile(rb"begin(?:bf|cid)range(.*?)end(?:bf|cid)range", re.S)
_RANGE_ENDS = re.compile(rb"<\s*([0-9A-Fa-f\s]{1,64})>\s*<\s*([0-9A-Fa-f\s]{1,64})>")
_ALIAS_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*(\d+)\s+(\d+)\s+R\s*endobj")


def check_pdf_limits(data: bytes, source_path: str) -> None:
    """Raises UnreadableFile(`pdf_limit`) for a stream, CMap or reference the parser
    could not get through in bounded time and memory."""
    for offset, inflated in _inflated_streams(data, source_path):
        if b"range" in inflated:
            _check_cmap(inflated, offset, source_path)
    _check_reference_loops(data, source_path)


def check_page_count(pages: int, source_path: str) -> None:
    if pages > MAX_PAGES:
        raise UnreadableFile(
            PDF_LIMIT,
            f"{source_path} has {pages:,} pages, over the {MAX_PAGES:,} a PDF may have; "
            "split it into smaller files.",
        )


def _inflated_streams(data: bytes, source_path: str):
    """(offset, head) of every stream: its first CMAP_BYTES, inflated if it is Flate;
    a Flate stream is inflated a chunk at a time and no further than MAX_STREAM_BYTES."""
    for match in _STREAM_START.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        raw = data[start : end if end >= 0 else len(data)]
        inflater = zlib.decompressobj()
        try:
            head = inflater.decompress(raw, INFLATE_CHUNK)
        except zlib.error:  # not Flate (an image, a plain stream) or damaged: pdfminer decides
            yield start, raw[:CMAP_BYTES]
            continue
        size = len(head)
        while inflater.unconsumed_tail and size <= MAX_STREAM_BYTES:
            try:
                size += len(inflater.decompress(inflater.unconsumed_tail, INFLATE_CHUNK))
            except zlib.error:
                break
        if size > MAX_STREAM_BYTES:
            raise UnreadableFile(
                PDF_LIMIT,
                f"{source_path}: the stream at byte {start:,} inflates to more than "
                f"{MAX_STREAM_BYTES // 2**20} MB (a decompression bomb or a damaged file), "
                "so the file was not read.",
            )
        yield start, head[:CMAP_BYTES]


def _check_cmap(cmap: bytes, offset: int, source_path: str) -> None:
    codes = 0
    for block in _CMAP_RANGE_BLOCK.finditer(cmap):
        for low, high in _RANGE_ENDS.findall(block.group(1)):
            codes += max(0, _hex(high) - _hex(low)) + 1
    if codes > MAX_CMAP_CODES:
        raise UnreadableFile(
            PDF_LIMIT,
            f"{source_path}: the character map at byte {offset:,} maps {codes:,} codes, over "
            f"the {MAX_CMAP_CODES:,} a font may have, so the file was not read.",
        )


def _hex(digits: bytes) -> int:
    return int(b"".join(digits.split()) or b"0", 16)


def _check_reference_loops(data: bytes, source_path: str) -> None:
    """An object whose whole body is a reference to another such object, round to itself.
    Each chain is walked once (objects already known to end somewhere are not walked again)."""
    alias = {(int(m[1]), int(m[2])): (int(m[3]), int(m[4])) for m in _ALIAS_OBJECT.finditer(data)}
    ends: set[tuple[int, int]] = set()
    for first in alias:
        chain: list[tuple[int, int]] = []
        on_chain: set[tuple[int, int]] = set()
        current = first
        while current in alias and current not in ends:
            if current in on_chain:
                raise UnreadableFile(
                    PDF_LIMIT,
                    f"{source_path}: object {current[0]} refers to itself through "
                    f"{len(chain) - chain.index(current)} reference(s), so the file cannot be read.",
                )
            chain.append(current)
            on_chain.add(current)
            current = alias[current]
        ends |= on_chain
