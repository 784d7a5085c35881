"""The PDF reader's tolerances, named with their unit, so a caller can set them.

Units: `_pt` is PDF points (page coordinates), `_em` a multiple of the glyph's font size,
`_ratio` a share of the length named, `_count` a number of things; for OCR, `_px` pixels
of the rendered page, `_dpi` its resolution, `_pct` a Tesseract word confidence (0-100),
`_score` Tesseract's orientation confidence, `_chars` characters of text. The defaults are the
values the reader was tuned with on the corpus; `read_pdf(..., settings=PdfSettings(...))`
passes others down to every function that reads a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TextLayerSettings:
    """How glyphs become printed lines and words, and which lines are page furniture."""

    #: a base glyph is matched against only this many (at least 1) of the lines found last (speed)
    recent_lines_count: int = 4
    #: a base glyph joins a line it overlaps by more than this share of the lower height
    line_overlap_ratio: float = 0.5
    #: a glyph shorter than this still has this height when its overlap is measured
    min_glyph_height_pt: float = 0.1
    #: a mark belongs to a line whose base reaches within this of the mark's centre
    mark_over_base_em: float = 0.6
    #: a mark joins the base before it in the stream when drawn within this of its box
    mark_near_base_em: float = 0.6
    #: a mark with no base before it counts as inside a base reaching this far past it
    orphan_inside_pt: float = 0.5
    #: added to a stray mark's distance from a base it is not inside (ranks those later)
    orphan_outside_pt: float = 2.0
    #: a stray mark further than this from every base stands alone
    orphan_reach_em: float = 1.0
    #: a gap wider than this between glyphs is a space
    word_gap_em: float = 0.2
    #: between two digits a space needs this many times `word_gap_em` (tracked numbers)
    digit_gap_ratio: float = 3
    #: a glyph repeated within this share of its width to the right is overprint (fake bold)
    overprint_shift_ratio: float = 0.25
    #: a narrow glyph's width counts as at least this, for `overprint_shift_ratio`
    overprint_min_width_em: float = 0.1
    #: an overprinted glyph is drawn within this of the original's top
    overprint_rise_em: float = 0.2
    #: a space glyph overlapping a neighbour's ink by more than this share of its width is padding
    space_over_ink_ratio: float = 0.5
    #: a page number lies above this share of the page height from the top...
    header_margin_ratio: float = 0.08
    #: ...or ends below this share of it
    footer_margin_ratio: float = 0.94
    #: a margin line of more digits than this is no page number
    page_number_digits_count: int = 4
    #: a page whose last line ends within this share of the page width of its widest
    #: line ends mid-paragraph (the next page's first line continues it)
    full_line_ratio: float = 0.08
    #: a page's usual line pitch is at most this multiple of its median line height
    pitch_cap_ratio: float = 1.75
    #: a line further below the last than this multiple of the usual pitch opens a paragraph
    paragraph_gap_ratio: float = 1.15
    #: wrapped cell lines to see before deciding that the document keeps wrap spaces
    wrap_space_lines_count: int = 20
    #: share of wrapped cell lines ending with a space for the document to keep them
    wrap_space_ratio: float = 0.2


@dataclass(frozen=True, slots=True)
class TableSettings:
    """How ruled grids are built and filled, and how a table continues over a page break."""

    #: cell edges found this close together are one column or row edge of the grid
    edge_merge_pt: float = 2.0
    #: a glyph's centre may lie this far outside its cell (rules are drawn on the edge)
    cell_pad_pt: float = 0.5
    #: the same for the whole grid's box
    grid_pad_pt: float = 1.0
    #: an arrow covers a neighbouring column when it reaches past its edge by this
    arrow_reach_pt: float = 1.0
    #: lines of value columns overlapping by more than this share of a height are one row
    band_merge_ratio: float = 0.3
    #: a label line belongs to a stacked row it overlaps by more than this share of its height
    band_match_ratio: float = 0.3
    #: two grids' column edges this far apart are the same edge (a table continued)
    continuation_edge_pt: float = 3.0
    #: a row this similar to the table's first rows is a repeated header (OCR misreads some)
    repeat_similarity_ratio: float = 0.85
    #: a last row is cut by the page only when some cell runs taller than this (two lines)
    cut_min_height_em: float = 1.5
    #: cells ending within this of the row's lowest line were filled down to the cut
    cut_level_em: float = 1.0


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How a page without a text layer is read by OCR: rendered, cut into cells, its words
    joined into lines, its specks and misreads told from print. `_px` is pixels of the
    page as rendered (at `render_dpi`), `_ratio` a share of the length named (mostly the
    word's or the page's median word height), `_pct` a Tesseract word confidence (0-100),
    `_score` Tesseract's OSD orientation confidence, `_chars` characters of text."""

    #: pages are rendered at this resolution for Tesseract (it reads Thai best near 300)
    render_dpi: int = 300
    #: a page read at a mean word confidence below this (print reads above 85) is asked
    #: of OSD whether it lies on its side...
    turn_check_conf_pct: float = 75
    #: ...and turned when OSD is this sure of the turn
    osd_min_conf_score: float = 2.0
    #: a gap wider than this share of the page's median word height is a space
    space_gap_ratio: float = 0.6
    #: between digits and number punctuation, the same share for a space
    number_space_gap_ratio: float = 1.0
    #: between two Latin words, the same share for a space
    latin_space_gap_ratio: float = 0.15
    #: two boxes overlapping vertically by this share of the smaller height sit on one line
    line_overlap_ratio: float = 0.5
    #: two rules closer than this are the same grid edge
    edge_merge_px: int = 12
    #: a horizontal and a vertical rule this close meet (scanned rules stop short)
    rule_join_px: int = 15
    #: a vertical rule bounds a band when it runs along this share of it
    rule_reach_ratio: float = 0.5
    #: cell interiors are cut this far inside their rules...
    cell_inset_px: int = 4
    #: ...each cut trimmed to its ink with this margin...
    slot_pad_px: int = 12
    #: ...and the cuts stacked this far apart for one Tesseract call
    slot_gap_px: int = 60
    #: a cell with fewer ink pixels than this is empty
    min_cell_ink_px: int = 40
    #: a "word" of only punctuation or one Latin letter read below this is a speck or a rule
    noise_conf_pct: float = 50
    #: a digit box this much taller than the line's median digit...
    ghost_tall_ratio: float = 1.4
    #: ...and this much narrower is a ghost Tesseract emitted twice...
    ghost_narrow_ratio: float = 0.6
    #: ...judged on lines of at least this many digits
    ghost_min_digits_count: int = 3
    #: a cell whose only ink is one stroke at most this high...
    mark_height_px: int = 30
    #: ...and this many times as wide as high holds a dash or an arrow
    mark_width_ratio: float = 1.6
    #: an arrowhead lies within this share of the stroke's length from an end...
    head_share_ratio: float = 0.25
    #: ...with ink this many times the shaft's thickness...
    head_rise_ratio: float = 2.5
    #: ...the shaft's thickness being this percentile of the stroke's column heights
    shaft_percentile_pct: float = 20
    #: a cell Tesseract read nothing of whose ink is at least this many times as wide as
    #: high...
    tick_aspect_min_ratio: float = 0.75
    #: ...and at most this many...
    tick_aspect_max_ratio: float = 1.6
    #: ...its lowest point at least this share of its width from the left...
    tick_low_from_ratio: float = 0.1
    #: ...and at most this share...
    tick_low_to_ratio: float = 0.6
    #: ...its right arm's top this share of its height above its left arm's...
    tick_rise_ratio: float = 0.25
    #: ...and no more than this share of its box inked, holds a check mark
    tick_fill_ratio: float = 0.4
    #: a short Latin word among Thai is taken as read again by the Thai model at this
    thai_again_conf_pct: float = 85
    #: ...the word cut out with this share of its height around it (twice above)
    word_pad_ratio: float = 0.4
    #: a short line read unsure is cut out with this share of its height around it...
    alone_pad_ratio: float = 0.2
    #: ...and read on white paper this share of its height wide
    alone_margin_ratio: float = 1.0
    #: a line read at a mean confidence below this is speckle, not print...
    line_min_conf_pct: float = 70
    #: ...and so is one whose tallest word is lower than this share of the median height
    speck_height_ratio: float = 0.6
    #: ...and one read below this confidence whose middle word is that low: specks read
    #: as a run of small Latin letters and signs, one tall blot among them
    speck_sure_conf_pct: float = 85
    #: a line of at most this many characters and no Thai letter may be a misread number
    short_token_chars: int = 3
    #: number words further apart than this share of their height are separate numbers
    number_gap_ratio: float = 1.0
    #: a band of rows of the page outside its tables, inked across at least this share of
    #: the median word height in pixels a row, that no word read covers...
    unread_row_ink_ratio: float = 1.0
    #: ...and at least this share of the median word height high, is a line Tesseract's
    #: sparse mode lost: it is read again on its own
    unread_band_ratio: float = 0.6
    #: a page's text column spans its tables and its runs of print (words at most this
    #: share of the median word height apart)...
    column_run_gap_ratio: float = 1.0
    #: ...at least this many median word heights long; a word centred beyond it is a speck
    column_run_min_ratio: float = 8.0
    #: a year this close after the name of a legal instrument is the year of the act cited
    citation_span_chars: int = 80


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Everything `read_pdf` can be told, one settings object per concern."""

    text: TextLayerSettings = field(default_factory=TextLayerSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)


#: the defaults, shared (the settings are frozen) as the functions' default arguments
TEXT_LAYER = TextLayerSettings()
TABLES = TableSettings()
OCR = OcrSettings()
PDF = PdfSettings()
