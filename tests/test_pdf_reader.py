"""extract.readers.pdf on the corpus renderings: their text exports are the truth."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.model import Document

from .test_bad_input import HELVETICA, PAGE, one_page_pdf, pdf_of, stream

DATA = Path(__file__).parent / "data"
PDF = DATA / "pdf"
TEXT = DATA / "text"

_cache: dict[str, Document] = {}


def doc(stem: str) -> Document:
    path = PDF / f"{stem}.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not in the repository (copy it from shared/corpus/pdf)")
    if stem not in _cache:
        from thaiplan.extract.readers.pdf import read_pdf

        _cache[stem] = read_pdf(path, path.name)
    return _cache[stem]


def squash(text: str) -> str:
    """Compare as the scorer does: whitespace, markdown emphasis and HTML tags ignored."""
    return re.sub(r"\s+|\*|<[^>]+>", "", text)


def table_rows(d: Document) -> list[list[str]]:
    return [r.values() for b in d.blocks if b.kind == "table" for r in b.rows]


def export_rows(stem: str) -> list[list[str]]:
    lines = (TEXT / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if "\t" in line]


def all_text(d: Document) -> str:
    parts = []
    for b in d.blocks:
        parts.append(
            b.text if b.kind != "table" else "\n".join("\t".join(r.values()) for r in b.rows)
        )
    return "\n".join(parts)


def share_of_export_rows(stem: str) -> float:
    got = {squash("|".join(v)) for v in table_rows(doc(stem))}
    want = [squash("|".join(v)) for v in export_rows(stem)]
    return sum(1 for w in want if w in got) / len(want)


def test_document_shape_and_provenance():
    d = doc("progress_report_2449")
    assert d.source_format == "pdf" and d.page_count == 7 and len(d.sha256) == 64
    for b in d.blocks:
        assert b.prov.page and b.prov.bbox, b
        for r in b.rows:
            assert r.prov.page and r.prov.bbox
    pages = [b.prov.page for b in d.blocks]
    assert pages == sorted(pages)


def test_progress_report_table_is_the_exports():
    # 5-column report table over pages 3-5, rows cut by the page breaks joined again
    assert share_of_export_rows("progress_report_2449") == 1.0


def test_progress_report_sara_uu_read_as_mai_tho_is_repaired():
    text = all_text(doc("progress_report_2449"))
    assert "ผู้รับผิดชอบ" in text and "ข้อมูล" in text and "อยู่" in text
    assert "ผ้้" not in text and "ข้อม้ล" not in text
    codes = {dg.code for dg in doc("progress_report_2449").diagnostics}
    assert "glyph_remapped" in codes  # never silently


def test_schedule_row_p47_marks_in_the_export_columns():
    d = doc("plan2562_secretariat")
    want = next(
        v
        for v in export_rows("plan2562_secretariat")
        if v[0].startswith("ขั้นตอนที่ ๓ ตรวจติดตามการนำเข้า")
    )
    rows = [(r, b) for b in d.blocks if b.kind == "table" for r in b.rows]
    row, _ = next((r, b) for r, b in rows if squash(r.values()[0]).startswith(squash(want[0])[:20]))
    assert row.prov.page == 47
    got = row.values(len(want))
    assert [squash(x) for x in got] == [squash(x) for x in want]
    assert [i for i, x in enumerate(got) if x == "↔"] == [5, 6, 7, 8, 9, 10]


def test_schedule_continued_over_page_break_is_one_table():
    d = doc("plan2562_secretariat")
    block = next(
        b for b in d.blocks if b.kind == "table" and any(r.prov.page == 47 for r in b.rows)
    )
    firsts = [squash(r.values()[0]) for r in block.rows]
    steps = [f for f in firsts if f.startswith("ขั้นตอนที่")]
    assert steps[:5] == sorted(steps[:5]) and len(steps) == 5  # steps 1-5 once each
    assert sum(1 for f in firsts if f.startswith("ขั้นตอนการปฏิบัติงาน")) == 1  # header not repeated
    assert {r.prov.page for r in block.rows} >= {46, 47}
    assert firsts[-1].startswith("รวม")


def test_plain_plans_tables_close_to_exports():
    assert share_of_export_rows("plan2562_secretariat") >= 0.95
    assert share_of_export_rows("minutes_2564_01") >= 0.9


def test_minutes_latin_b_and_swapped_marks():
    text = all_text(doc("minutes_2564_01"))
    assert "ครั้ง" in text and "นี้" in text and "ให้" in text and "ข้าราชการ" in text
    assert not re.search("[\u0e01-\u0e4e]B", text)
    assert "ใหู" not in text and "ขูาราชการ" not in text
    assert "ผู้" in text


def test_ocsc_cid3_sara_aa_and_wrapped_arrow():
    d = doc("plan2565_ocsc")
    text = all_text(d)
    assert "(cid:" not in text and "สำนักงาน" in text and "การ" in text
    cells = [c for b in d.blocks if b.kind == "table" for r in b.rows for c in r.cells]
    assert any(c.text == "←————→" for c in cells)
    assert share_of_export_rows("plan2565_ocsc") >= 0.9


def test_legacy_pua_mapped():
    d = doc("plan2565_ocsc_legacy")
    text = all_text(d)
    assert not re.search("[\ue000-\uf8ff]", text)
    assert "ได้" in text and "เป็น" in text and "เป้าหมาย" in text
    assert share_of_export_rows("plan2565_ocsc_legacy".replace("_legacy", "")) >= 0.9


def test_scanned_pages_get_no_text_layer(monkeypatch):
    """Without Tesseract (OCR of such pages is tested in test_ocr) they stay empty."""
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    d = doc("plan2562_secretariat_scanned")
    pages = sorted(dg.prov.page for dg in d.diagnostics if dg.code == "no_text_layer")
    assert pages == [1, 2, 3, 4]
    assert d.page_count == 4 and d.blocks == []
    assert [dg.code for dg in d.diagnostics].count("ocr_unavailable") == 1


def test_a_blank_page_is_neither_read_by_ocr_nor_reported(tmp_path):
    """A page with nothing drawn on it (a budget book's blank back page) has no text to
    find: OCR would spend seconds on it and a no_text_layer warning would mislead."""
    from thaiplan.extract.readers.pdf import read_pdf

    text_page = PAGE.replace(b"/Contents 4 0 R", b"/Contents 5 0 R")
    blank_page = PAGE.replace(b"/Contents 4 0 R", b"/Contents 6 0 R")
    path = tmp_path / "with blank.pdf"
    path.write_bytes(
        pdf_of(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                text_page.replace(b"5 0 R >> >>", b"7 0 R >> >>"),
                blank_page.replace(b"5 0 R >> >>", b"7 0 R >> >>"),
                stream(b"BT /F1 18 Tf 72 720 Td (Annual plan 2565) Tj ET"),
                stream(b""),
                HELVETICA,
            ]
        )
    )
    document = read_pdf(path, path.name)
    assert document.page_count == 2 and document.text_source == "text_layer"
    assert [b.text for b in document.blocks] == ["Annual plan 2565"]
    assert document.diagnostics == []


def test_a_page_of_rotated_text_only_is_not_taken_for_blank(tmp_path):
    """Its text is not read (upright text only), but it is no blank page: it must say so."""
    from thaiplan.extract.readers.pdf import read_pdf

    path = tmp_path / "rotated.pdf"
    path.write_bytes(one_page_pdf(stream(b"BT /F1 18 Tf 0 1 -1 0 300 100 Tm (Annual plan) Tj ET")))
    document = read_pdf(path, path.name)
    assert document.blocks == []
    assert {d.code for d in document.diagnostics} & {"no_text_layer", "ocr_page", "ocr_unavailable"}


def test_kpi_detail_lines_are_paragraphs_with_wrap_flags():
    d = doc("kpi_detail_hrsmart")
    lines = [b for b in d.blocks if b.kind != "table"]
    i = next(k for k, b in enumerate(lines) if "HR SMART ระดับ" in b.text)
    assert lines[i + 1].text.startswith("หน่วยงาน : 0402-0810")
    assert lines[i + 1].starts_paragraph is False


def test_not_a_pdf_raises_unreadable(tmp_path):
    from thaiplan.extract.readers.pdf import read_pdf

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    with pytest.raises(UnreadableFile) as err:
        read_pdf(bad, bad.name)
    assert err.value.code in {"unreadable_pdf", "encrypted_pdf"}


CHAR_FIELDS = ["text", "fontname", "size", "x0", "x1", "top", "bottom"]
GLYPH_FIELDS = ["text", "font", "size", "x0", "x1", "top", "bottom"]
PATH_FIELDS = ["x0", "x1", "y0", "y1", "top", "bottom", "width", "height", "pts", "linewidth"]
PATH_FIELDS += ["stroke", "fill", "evenodd", "object_type"]


def _fields(objects: dict, kind: str, names: list[str]) -> list[list]:
    return [[o[f] for f in names] for o in objects.get(kind, [])]


@pytest.mark.parametrize(
    "fixture",
    ["real/budget2565_book17.pdf", "pdf/plan2565_ocsc_legacy.pdf", "pdf/minutes_2564_01.pdf"],
)
def test_the_char_layer_draws_what_pdfminer_draws(fixture):
    """The char layer (QPDF's parser, our text state) must give the very chars, codes,
    fonts and ruling paths pdfminer's interpreter gives and pdfplumber builds from it."""
    import pdfplumber

    from thaiplan.extract.readers import pdf_layer
    from thaiplan.extract.readers.pdf_chars import pdfminer_objects

    path = DATA / fixture
    layer = pdf_layer.Document(path)
    with pdfplumber.open(path) as theirs, pdfplumber.open(path) as coded:
        pairs = list(zip(theirs.pages, coded.pages, strict=True))[:12]
        for k, (their_page, coded_page) in enumerate(pairs):
            drawn = pdf_layer.read_page(layer, k, their_page)
            got, expected = drawn.objects(), their_page.objects
            assert sorted([*got, "char"] if drawn.count else got) == sorted(expected)
            assert drawn.count == len(their_page.chars)
            chars = [c for c in their_page.chars if c["upright"]]
            assert [[getattr(g, f) for f in GLYPH_FIELDS] for g in drawn.glyphs] == [
                [c[f] for f in CHAR_FIELDS] for c in chars
            ]
            for kind in ("rect", "line", "curve"):
                assert _fields(got, kind, PATH_FIELDS) == _fields(expected, kind, PATH_FIELDS)
            coded_chars = pdfminer_objects(coded_page)
            assert [(g.cid, g.seq) for g in drawn.glyphs] == [
                (g.cid, g.seq) for g in coded_chars.glyphs
            ]
            assert {n: f.fontname for n, f in drawn.fonts.items()} == {
                n: f.fontname for n, f in coded_chars.fonts.items()
            }
    layer.close()


@pytest.mark.parametrize("fixture", ["real/budget2565_book17.pdf", "pdf/minutes_2564_01.pdf"])
def test_chars_built_by_hand_are_pdfplumbers_own(fixture):
    """The fallback (pdfminer_objects) makes chars without pdfplumber's per-attribute
    work; they must be the very dicts pdfplumber makes (for the fields read)."""
    import pdfplumber

    from thaiplan.extract.readers.pdf_chars import pdfminer_objects

    path = DATA / fixture
    with pdfplumber.open(path) as theirs, pdfplumber.open(path) as ours:
        for their_page, our_page in list(zip(theirs.pages, ours.pages, strict=True))[:12]:
            pdfminer_objects(our_page)
            expected, got = their_page.objects, our_page.objects
            assert sorted(got) == sorted(expected)
            assert _fields(got, "char", CHAR_FIELDS) == _fields(expected, "char", CHAR_FIELDS)
            assert got.get("rect") == expected.get("rect")
            assert got.get("line") == expected.get("line")


def test_a_page_the_char_layer_fails_on_is_read_by_pdfminer(monkeypatch):
    """Whatever the char layer cannot interpret falls back to pdfminer, page by page:
    the document reads the same, no page lost."""
    from thaiplan.extract.readers import pdf_layer
    from thaiplan.extract.readers.pdf import read_pdf

    path = PDF / "minutes_2564_01.pdf"
    normal = read_pdf(path, path.name)
    original = pdf_layer.read_page
    calls: list[int] = []

    def fail_odd(doc, index, page):
        calls.append(index)
        if index % 2:
            raise pdf_layer.Unsupported("test: an odd page")
        return original(doc, index, page)

    monkeypatch.setattr(pdf_layer, "read_page", fail_odd)
    mixed = read_pdf(path, path.name)
    assert len(calls) == normal.page_count >= 2
    assert [b.text for b in mixed.blocks] == [b.text for b in normal.blocks]
    assert [b.prov.bbox for b in mixed.blocks] == [b.prov.bbox for b in normal.blocks]


def test_fonts_travel_with_the_page_not_between_files():
    """Each page's font table is its own (issue #24: no table shared across files): a
    document reads the same after another PDF with other fonts was read in the process."""
    from thaiplan.extract.readers.pdf import read_pdf

    first, other = PDF / "minutes_2564_01.pdf", PDF / "plan2565_ocsc_legacy.pdf"
    alone = read_pdf(first, first.name)
    read_pdf(other, other.name)
    again = read_pdf(first, first.name)
    assert [b.text for b in again.blocks] == [b.text for b in alone.blocks]
    assert [d.context for d in again.diagnostics] == [d.context for d in alone.diagnostics]
