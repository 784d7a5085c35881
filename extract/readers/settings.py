"""The PDF reader's tolerances, named with their unit, so a caller can set them.

Units: `_pt` is PDF points (page coordinates), `_em` a multiple of the glyph's font size,
`_ratio` a share of the length named, `_count` a number of things. The defaults are the
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
class PdfSettings:
    """Everything `read_pdf` can be told, one settings object per concern."""

    text: TextLayerSettings = field(default_factory=TextLayerSettings)
    tables: TableSettings = field(default_factory=TableSettings)


#: the defaults, shared (the settings are frozen) as the functions' default arguments
TEXT_LAYER = TextLayerSettings()
TABLES = TableSettings()
PDF = PdfSettings()
