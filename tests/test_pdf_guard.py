"""The raw-bytes PDF guard: what it refuses, what it must let through, and that it stays
linear on bytes made to defeat it (whole files are covered in test_bad_input)."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest

from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.readers.pdf_guard import check_pdf_limits

DATA = Path(__file__).parent / "data"
LINEAR_SECONDS = 2.0  # a quadratic scan of these inputs takes tens of seconds or minutes


def stream_object(number: int, dictionary: bytes, data: bytes) -> bytes:
    return (
        b"%d 0 obj\n<< %s /Length %d >>\nstream\n" % (number, dictionary, len(data))
        + data
        + b"\nendstream\nendobj\n"
    )


def refused(data: bytes) -> str | None:
    try:
        check_pdf_limits(b"%PDF-1.5\n" + data, "x.pdf")
    except UnreadableFile as exc:
        assert exc.code == "pdf_limit"
        return exc.message
    return None


def test_ranges_with_ligature_and_array_destinations_are_counted_as_codes():
    cmap = (
        b"begincmap 2 beginbfrange <0001> <0001> <0041> <0005> <0005> <00660069> endbfrange "
        b"1 beginbfrange <0010> <0012> [<0041> <0042> <0043>] endbfrange "
        b"1 begincidrange <0000> <FFFF> 1 endcidrange endcmap"
    )
    assert refused(stream_object(1, b"", zlib.compress(cmap))) is None


def test_a_range_of_every_four_byte_code_is_refused():
    cmap = b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange"
    assert "maps 4,294,967,296 codes" in refused(stream_object(1, b"", cmap))


def test_a_reference_loop_inside_a_compressed_object_stream_is_refused():
    objects = b"6 0 8 6 8 0 R 6 0 R"  # object 6 is a reference to 8, and 8 to 6
    dictionary = b"/Type /ObjStm /N 2 /First 8 /Filter /FlateDecode"
    message = refused(stream_object(7, dictionary, zlib.compress(objects)))
    assert "refers to itself through 2 reference(s)" in message
    chain = b"6 0 8 6 8 0 R 9 0 R"  # 6 -> 8 -> 9, which is no alias: fine
    assert refused(stream_object(7, dictionary, zlib.compress(chain))) is None


@pytest.mark.parametrize(
    "hostile",
    [
        b"1" * 200_000,  # digits that an unbounded `\d+ \d+ obj` pattern backtracks over
        b"1 0 obj\n<< >>\nstream\n" + b"beginbfrange" * 50_000 + b"\nendstream\n",
        b"stream\n" * 200_000,  # streams that never end
    ],
    ids=["digits", "unclosed ranges", "unended streams"],
)
def test_the_guard_is_linear_on_bytes_made_to_defeat_it(hostile):
    started = time.monotonic()
    refused(hostile)
    assert time.monotonic() - started < LINEAR_SECONDS


def test_real_budget_books_pass():
    for path in [DATA / "real" / "budget2565_book17.pdf", DATA / "budget_book3-5_pages.pdf"]:
        check_pdf_limits(path.read_bytes(), path.name)
