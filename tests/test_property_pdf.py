"""Generated PDFs through the PDF reader and every recogniser: text, rules and odd
operators on pages of any size, a font whose ToUnicode map gives Thai letters and marks
in any order, and files damaged after writing. No exception escapes process_file except
UnreadableFile (which the batch turns into a diagnostic), and the rows fit their schemas.

OCR is switched off (as on a machine without Tesseract): a damaged page that loses its
text would otherwise be rendered and read, which is slow and not what is tested here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rows import as_dicts
from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.process import process_file
from thaiplan.extract.readers import ocr
from thaiplan.output.writer import file_tables

from .test_bad_input import HELVETICA, pdf_of, stream

THAI = [chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable()]  # letters, marks, digits
CODES = range(0x21, 0x7F)  # the single-byte codes the Thai font maps
PAGE_SIZES = ["0 0 612 792", "0 0 842 595", "0 0 0 0", "0 0 -10 5", "0 0 14400 14400"]
ODD_OPERATORS = [
    "q",
    "Q",
    "BT",
    "ET",
    "T*",
    "0 Tw",
    "999 Tz",
    "1 0 0 1 10 10 cm",
    "-1 0 0 -1 600 800 cm",
    "0 0 0 0 0 0 cm",
    "[(a) -20 (b)] TJ",
    "(x) '",
    "/F9 12 Tf",
    "/NoSuchXObject Do",
    "1 0 0 RG 2 w",
]

coordinates = st.integers(-50, 900)
ascii_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters="()\\"),
    max_size=30,
)
text_runs = st.builds(
    lambda font, size, x, y, text: f"BT /{font} {size} Tf {x} {y} Td ({text}) Tj ET",
    st.sampled_from(["F1", "F2"]),
    st.integers(1, 40),
    coordinates,
    coordinates,
    ascii_text,
)
rules = st.builds(lambda a, b, c, d: f"{a} {b} m {c} {d} l S", *[coordinates] * 4)
boxes = st.builds(lambda a, b, c, d: f"{a} {b} {c} {d} re S", *[coordinates] * 4)
grids = st.builds(  # a ruled table: rows × columns of cells with text in them
    lambda x, y, rows, columns, text: "\n".join(
        f"{x + 80 * j} {y - 20 * i} 80 -20 re S BT /F2 12 Tf {x + 80 * j + 3} "
        f"{y - 20 * i - 15} Td ({text}) Tj ET"
        for i in range(rows)
        for j in range(columns)
    ),
    st.integers(20, 300),
    st.integers(300, 780),
    st.integers(1, 6),
    st.integers(1, 8),
    ascii_text,
)
operations = st.one_of(text_runs, text_runs, rules, boxes, grids, st.sampled_from(ODD_OPERATORS))
pages = st.tuples(st.sampled_from(PAGE_SIZES), st.lists(operations, max_size=25))
thai_maps = st.dictionaries(
    st.sampled_from(CODES), st.text(st.sampled_from(THAI), min_size=1, max_size=3)
)
damages = st.one_of(
    st.none(),
    st.tuples(st.just("truncate"), st.floats(0.05, 0.99)),
    st.tuples(st.just("overwrite"), st.floats(0, 1), st.binary(min_size=1, max_size=16)),
)


def thai_font(mapping: dict[int, str]) -> tuple[bytes, bytes]:
    """A Helvetica whose ToUnicode map sends single-byte codes to Thai text."""
    lines = " ".join(
        f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in mapping.items()
    )
    cmap = (
        "begincmap 1 begincodespacerange <00> <FF> endcodespacerange "
        f"{len(mapping)} beginbfchar {lines} endbfchar endcmap"
    ).encode()
    return HELVETICA.replace(b">>", b"/ToUnicode %d 0 R >>"), stream(cmap)


def generated_pdf(page_list, mapping, damage) -> bytes:
    page_count = len(page_list)
    font_1, font_2, cmap = 3, 4, 5  # objects after the catalog and the page tree
    first_page = 6
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(page_count))
    thai, cmap_stream = thai_font(mapping)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode(),
        HELVETICA,
        thai % cmap,
        cmap_stream,
    ]
    for i, (size, ops) in enumerate(page_list):
        resources = f"<< /Font << /F1 {font_1} 0 R /F2 {font_2} 0 R >> >>"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [{size}] /Contents {first_page + 2 * i + 1} 0 R"
            f" /Resources {resources} >>".encode()
        )
        objects.append(stream("\n".join(ops).encode()))
    data = pdf_of(objects)
    if damage is None:
        return data
    if damage[0] == "truncate":
        return data[: max(8, int(len(data) * damage[1]))]
    at = int((len(data) - 1) * damage[1])
    return data[:at] + damage[2] + data[at + len(damage[2]) :]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("property-pdf")


@pytest.fixture(scope="module", autouse=True)
def no_ocr():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ocr, "tesseract_missing", lambda: "OCR is off in this test")
        yield


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_list=st.lists(pages, min_size=1, max_size=3), mapping=thai_maps, damage=damages)
def test_no_exception_escapes_and_rows_fit(page_list, mapping, damage, workdir, units):
    path = workdir / "generated.pdf"
    path.write_bytes(generated_pdf(page_list, mapping, damage))
    try:
        result = process_file(path, "generated.pdf", units)
    except UnreadableFile as exc:
        assert exc.code and exc.message and "\n" not in exc.message
        return
    tables = file_tables(result.records)  # raises SchemaError if a row does not fit
    assert tables["documents"]
    for row in as_dicts(result)["diagnostics"]:
        assert row["severity"] in {"error", "warning", "info"} and row["code"] and row["message"]
