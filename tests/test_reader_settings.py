"""The PDF reader's settings: documented defaults, and a changed setting read on real pages."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pdfplumber
import pytest

from thaiplan.extract.model import Document
from thaiplan.extract.readers.pdf_chars import (
    default_classify,
    group_lines,
    line_text,
    pdfminer_objects,
)
from thaiplan.extract.readers.settings import (
    OcrSettings,
    PdfSettings,
    TableSettings,
    TextLayerSettings,
)

DATA = Path(__file__).parent / "data"
BOOK17_PAGES = DATA / "budget_book17_pages.pdf"
SECRETARIAT = DATA / "pdf" / "plan2562_secretariat.pdf"

#: the values documented in extract/readers/settings.py (the reader's tuned values)
DOCUMENTED = {
    TextLayerSettings: {
        "recent_lines_count": 4,
        "line_overlap_ratio": 0.5,
        "min_glyph_height_pt": 0.1,
        "mark_over_base_em": 0.6,
        "mark_near_base_em": 0.6,
        "orphan_inside_pt": 0.5,
        "orphan_outside_pt": 2.0,
        "orphan_reach_em": 1.0,
        "word_gap_em": 0.2,
        "digit_gap_ratio": 3,
        "overprint_shift_ratio": 0.25,
        "overprint_min_width_em": 0.1,
        "overprint_rise_em": 0.2,
        "space_over_ink_ratio": 0.5,
        "header_margin_ratio": 0.08,
        "footer_margin_ratio": 0.94,
        "page_number_digits_count": 4,
        "full_line_ratio": 0.08,
        "pitch_cap_ratio": 1.75,
        "paragraph_gap_ratio": 1.15,
        "wrap_space_lines_count": 20,
        "wrap_space_ratio": 0.2,
    },
    TableSettings: {
        "edge_merge_pt": 2.0,
        "cell_pad_pt": 0.5,
        "grid_pad_pt": 1.0,
        "arrow_reach_pt": 1.0,
        "band_merge_ratio": 0.3,
        "band_match_ratio": 0.3,
        "continuation_edge_pt": 3.0,
        "repeat_similarity_ratio": 0.85,
        "cut_min_height_em": 1.5,
        "cut_level_em": 1.0,
    },
    OcrSettings: {
        "render_dpi": 300,
        "turn_check_conf_pct": 75,
        "osd_min_conf_score": 2.0,
        "space_gap_ratio": 0.6,
        "number_space_gap_ratio": 1.0,
        "latin_space_gap_ratio": 0.15,
        "line_overlap_ratio": 0.5,
        "edge_merge_px": 12,
        "rule_join_px": 15,
        "rule_reach_ratio": 0.5,
        "cell_inset_px": 4,
        "slot_pad_px": 12,
        "slot_gap_px": 60,
        "min_cell_ink_px": 40,
        "noise_conf_pct": 50,
        "ghost_tall_ratio": 1.4,
        "ghost_narrow_ratio": 0.6,
        "ghost_min_digits_count": 3,
        "mark_height_px": 30,
        "mark_width_ratio": 1.6,
        "head_share_ratio": 0.25,
        "head_rise_ratio": 2.5,
        "shaft_percentile_pct": 20,
        "tick_aspect_min_ratio": 0.75,
        "tick_aspect_max_ratio": 1.6,
        "tick_low_from_ratio": 0.1,
        "tick_low_to_ratio": 0.6,
        "tick_rise_ratio": 0.25,
        "tick_fill_ratio": 0.4,
        "speck_sure_conf_pct": 85,
        "unread_band_ratio": 0.6,
        "unread_row_ink_ratio": 1.0,
        "thai_again_conf_pct": 85,
        "word_pad_ratio": 0.4,
        "alone_pad_ratio": 0.2,
        "alone_margin_ratio": 1.0,
        "line_min_conf_pct": 70,
        "speck_height_ratio": 0.6,
        "short_token_chars": 3,
        "number_gap_ratio": 1.0,
        "column_run_gap_ratio": 1.0,
        "column_run_min_ratio": 8.0,
        "citation_span_chars": 80,
    },
}
UNITS = ("_pt", "_px", "_em", "_ratio", "_count", "_dpi", "_pct", "_score", "_chars")


@pytest.mark.parametrize("kind", list(DOCUMENTED), ids=lambda k: k.__name__)
def test_defaults_are_the_documented_values_and_every_name_says_its_unit(kind):
    assert {f.name: f.default for f in fields(kind)} == DOCUMENTED[kind]
    assert all(f.name.endswith(UNITS) for f in fields(kind))
    assert PdfSettings() == PdfSettings(TextLayerSettings(), TableSettings(), OcrSettings())


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (copy it from shared/corpus)")
    return path


def test_a_smaller_line_overlap_ratio_merges_a_label_drawn_higher_into_its_line():
    # book17 p.2: the header label "แหล่งเงิน" sits a little above the heading beside it
    with pdfplumber.open(need(BOOK17_PAGES)) as pdf:
        page = pdf.pages[1]
        glyphs = default_classify(pdfminer_objects(page).glyphs)
    usual = [line_text(line) for line in group_lines(glyphs)]
    loose = TextLayerSettings(line_overlap_ratio=0.1)
    merged = [line_text(line, loose) for line in group_lines(glyphs, loose)]
    assert "แหล่งเงิน" in usual
    assert "งบประมาณ ประมาณการรายจ่ายล่วงหน้า*" in usual
    assert "แหล่งเงิน งบประมาณ ประมาณการรายจ่ายล่วงหน้า*" in merged
    assert len(merged) == len(usual) - 1


def tables(settings: PdfSettings) -> list:
    from thaiplan.extract.readers.pdf import read_pdf

    doc: Document = read_pdf(SECRETARIAT, SECRETARIAT.name, ocr="off", settings=settings)
    return [b for b in doc.blocks if b.kind == "table"]


def test_no_continuation_edge_tolerance_leaves_tables_split_at_the_page_break():
    # the secretariat plan redraws its tables on each page up to 1.2 pt off their columns
    need(SECRETARIAT)
    joined = tables(PdfSettings())
    strict = tables(PdfSettings(tables=TableSettings(continuation_edge_pt=0.0)))
    assert len(strict) > len(joined)
    # unjoined, the rows a join drops (a header printed again) or mends (a cut row) stay
    assert sum(len(t.rows) for t in strict) > sum(len(t.rows) for t in joined)


def test_ocr_settings_reach_the_ocr_reader_and_change_how_words_join(monkeypatch):
    """`read_pdf`'s caller sets OCR's tolerances: they are what OCR reads with, and a wider
    space gap joins two Thai words a gap of 0.8 of the text height apart."""
    from thaiplan.extract.readers import ocr, pdf
    from thaiplan.extract.readers.ocr import Word

    seen = []

    def ocr_pages(path, source_path, pages, mode, on_page, settings):
        seen.append(settings)
        return []

    monkeypatch.setattr(ocr, "ocr_pages", ocr_pages)
    wide = OcrSettings(space_gap_ratio=1.0)
    # forced: OCR is called only where a page needs it, and this PDF has a text layer
    pdf.read_pdf(SECRETARIAT, "x.pdf", ocr="force", settings=PdfSettings(ocr=wide))
    assert seen == [wide]
    words = [Word("งาน", 0, 0, 30, 10, 90, (1, 1, 1)), Word("ดี", 38, 0, 50, 10, 90, (1, 1, 1))]
    assert (ocr._join(words, 10.0), ocr._join(words, 10.0, wide)) == ("งาน ดี", "งานดี")
