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
from collections.abc import Iterator

from thaiplan.extract.errors import UnreadableFile

MAX_STREAM_BYTES = 256 * 2**20  # one inflated stream: a page of a budget book is < 1 MB
MAX_CMAP_CODES = 2**20  # codes one CMap may map; a whole CJK font needs 65,536
MAX_PAGES = 10_000  # the largest budget books have a few thousand pages
INFLATE_CHUNK = 4 * 2**20  # inflated at a time, so the check itself stays small
CMAP_BYTES = 2**20  # of a stream searched for CMap ranges (real ToUnicode maps are KBs)
PDF_LIMIT = "pdf_limit"

DICT_LOOKBACK = 1024  # bytes before `stream` searched for the stream's dictionary

_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_RANGE_BEGIN = re.compile(rb"begin(bf|cid)range")
# one token of a range entry: a hex string, an array (bfrange destinations), an integer
_RANGE_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]{0,64})>|\[[^\]]{0,65536}\]|\d{1,10}")
_ALIAS_OBJECT = re.compile(
    rb"(?<!\d)(\d{1,10})\s{1,32}(\d{1,5})\s{1,32}obj\s{0,32}(\d{1,10})\s{1,32}(\d{1,5})"
    rb"\s{1,32}R\s{0,32}endobj"
)
_ALIAS_BODY = re.compile(rb"\s{0,32}(\d{1,10})\s{1,32}(\d{1,5})\s{1,32}R\s{0,32}")
_OBJECT_STREAM = re.compile(rb"/Type\s{0,32}/ObjStm")
_DICT_NUMBER = {key: re.compile(rb"/" + key + rb"\s{0,32}(\d{1,10})") for key in (b"N", b"First")}

Ref = tuple[int, int]


def check_pdf_limits(data: bytes, source_path: str) -> None:
    """Raises UnreadableFile(`pdf_limit`) for a stream, CMap or reference the parser
    could not get through in bounded time and memory. Every pattern here is bounded and
    every scan moves forward, so the check is linear in the file, hostile files too."""
    alias = {(int(m[1]), int(m[2])): (int(m[3]), int(m[4])) for m in _ALIAS_OBJECT.finditer(data)}
    for offset, head in _stream_heads(data, source_path):
        if b"range" in head:
            _check_cmap(head, offset, source_path)
        opened = data.rfind(b"obj", max(0, offset - DICT_LOOKBACK), offset)
        dictionary = data[max(opened, 0) : offset]  # this stream's own dictionary
        if _OBJECT_STREAM.search(dictionary):
            alias |= _aliases_in_object_stream(dictionary, head)
    _check_reference_loops(alias, source_path)


def check_page_count(pages: int, source_path: str) -> None:
    if pages > MAX_PAGES:
        raise UnreadableFile(
            PDF_LIMIT,
            f"{source_path} has {pages:,} pages, over the {MAX_PAGES:,} a PDF may have; "
            "split it into smaller files.",
        )


def _stream_heads(data: bytes, source_path: str) -> Iterator[tuple[int, bytes]]:
    """(offset, head) of every stream: its first CMAP_BYTES, inflated if it is Flate (a
    chunk at a time, refused past MAX_STREAM_BYTES). The scan resumes after each
    `endstream`, so no byte is looked at twice. Streams under other filters (LZW, a
    chain starting with ASCII85) are not measured: pdfminer and the limits decide them."""
    position = 0
    while match := _STREAM_START.search(data, position):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        position = end + len(b"endstream")
        raw = data[start:end]
        inflater = zlib.decompressobj()
        try:
            head = inflater.decompress(raw, INFLATE_CHUNK)
        except zlib.error:  # not Flate (an image, a plain stream) or damaged
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
    """Codes mapped by the bfrange and cidrange entries (`<lo> <hi> dest`, three tokens
    each) of the first CMAP_BYTES of a stream."""
    codes = 0
    position = 0
    while match := _RANGE_BEGIN.search(cmap, position):
        end = cmap.find(b"end" + match[1] + b"range", match.end())
        if end < 0:
            break
        tokens = [t[1] for t in _RANGE_TOKEN.finditer(cmap, match.end(), end)]
        for low, high in zip(tokens[0::3], tokens[1::3], strict=False):
            if low is not None and high is not None:
                codes += max(0, _hex(high) - _hex(low)) + 1
        position = end
    if codes > MAX_CMAP_CODES:
        raise UnreadableFile(
            PDF_LIMIT,
            f"{source_path}: the character map at byte {offset:,} maps {codes:,} codes, over "
            f"the {MAX_CMAP_CODES:,} a font may have, so the file was not read.",
        )


def _hex(digits: bytes) -> int:
    return int(b"".join(digits.split()) or b"0", 16)


def _aliases_in_object_stream(dictionary: bytes, head: bytes) -> dict[Ref, Ref]:
    """Objects of a compressed object stream whose whole body is a reference."""
    numbers = {key: pattern.findall(dictionary) for key, pattern in _DICT_NUMBER.items()}
    if not numbers[b"N"] or not numbers[b"First"]:
        return {}
    count, first = int(numbers[b"N"][-1]), int(numbers[b"First"][-1])
    header = head[:first].split()
    if not all(number.isdigit() for number in header):
        return {}  # damaged: pdfminer decides
    pairs = [(int(n), int(o)) for n, o in zip(header[0::2], header[1::2], strict=False)][:count]
    found = {}
    for k, (number, offset) in enumerate(pairs):
        stop = first + pairs[k + 1][1] if k + 1 < len(pairs) else len(head)
        body = _ALIAS_BODY.fullmatch(head[first + offset : stop])
        if body:
            found[(number, 0)] = (int(body[1]), int(body[2]))
    return found


def _check_reference_loops(alias: dict[Ref, Ref], source_path: str) -> None:
    """An object whose whole body is a reference to another such object, round to itself.
    Each chain is walked once (objects already known to end somewhere are not walked again)."""
    ends: set[Ref] = set()
    for first in alias:
        chain: list[Ref] = []
        on_chain: set[Ref] = set()
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
