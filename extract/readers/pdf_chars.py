"""Glyphs of a PDF page as positioned characters, grouped into lines and clusters.

pdfminer sorts a line's characters by x, which puts a zero-width Thai mark after the
next letter when its x0 is a hair larger. Here marks are attached to their base first
(by content-stream order, checked by position, else by position alone), then whole
clusters are ordered by x and spaces are rebuilt from the gaps between them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from thaiplan.normalize.glyphs import MARKS, map_pua

from .settings import TEXT_LAYER, TextLayerSettings

#: added to a line's distance to rank "overlaps, no base under it" / "no overlap" last
#: (a rank, not a tolerance: any distance longer than a page)
LINE_FAR = 1000.0


def pdfminer_objects(page) -> PageChars:
    """Read `page` with pdfminer's interpreter (the char layer's fallback): fill its object
    cache, chars carrying their glyph code, and return its chars and font table."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    class Device(PDFPageAggregatorWithMarkedContent):
        """pdfplumber's device, keeping each char's code and font."""

        fonts: dict[str, object]

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
            item: Any = self.cur_item._objs[-1]
            item.cid = cid
            self.fonts[item.fontname] = font
            return adv

    if not hasattr(page, "_layout"):
        device = Device(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
        device.fonts = {}
        try:
            PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
        except Exception as exc:
            raise PdfminerException(exc) from exc
        page._layout = device.get_result()
        page._fonts = device.fonts
    build_page_objects(page)
    return PageChars(raw_glyphs(page.chars), len(page.chars), getattr(page, "_fonts", {}))


def build_page_objects(page) -> None:
    """Fill pdfplumber's object cache of `page`: chars built straight from pdfminer's
    LTChar with the fields this reader uses, every other object as pdfplumber builds it.

    pdfplumber resolves each of a char's twenty-odd attributes recursively (colours,
    graphics state, matrix); on a budget book that was a third of all reading time, for
    fields nothing here reads. A PDF opened with Unicode normalisation keeps pdfplumber's
    own path, which applies it.
    """
    if hasattr(page, "_objects") or page.pdf.unicode_norm is not None:
        return
    from pdfminer.layout import LTChar, LTContainer
    from pdfplumber.page import fix_fontname_bytes

    height, (mb_x0, mb_top) = page.height, page.mediabox[:2]
    objects: dict[str, list[dict]] = {}
    stack = [iter(page.layout._objs)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTContainer):  # a form's contents, as pdfplumber walks them
            stack.append(iter(obj._objs))
        elif isinstance(obj, LTChar):
            fontname = obj.fontname
            top = height - obj.y1 + mb_top
            objects.setdefault("char", []).append(
                {
                    "object_type": "char",
                    "page_number": page.page_number,
                    "text": obj.get_text(),
                    "fontname": fix_fontname_bytes(fontname)
                    if isinstance(fontname, bytes)
                    else fontname,
                    "size": obj.size,
                    "upright": obj.upright,
                    "cid": getattr(obj, "cid", -1),
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "y0": obj.y0,
                    "y1": obj.y1,
                    "width": obj.width,
                    "height": obj.height,
                    "top": top,
                    "bottom": height - obj.y0 + mb_top,
                    "doctop": page.initial_doctop + top,
                }
            )
        else:
            built = page.process_object(obj)
            if built["object_type"] != "anno":
                objects.setdefault(built["object_type"], []).append(built)
    page._objects = objects


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    cid: int
    seq: int
    mark: bool = False

    @property
    def bold(self) -> bool:
        return "bold" in self.font.lower()

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def raw_glyphs(chars: Iterable[dict]) -> list[Glyph]:
    """pdfplumber char dicts (stream order) as Glyphs with their raw text; only upright
    chars, numbered by their place among all chars."""
    return [
        Glyph(
            c["text"],
            c["x0"],
            c["x1"],
            c["top"],
            c["bottom"],
            c["size"],
            c["fontname"],
            c.get("cid", -1),
            i,
        )
        for i, c in enumerate(chars)
        if c.get("upright", True)
    ]


def default_classify(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs' text as mapped (private-use forms folded), marks flagged, without a
    glyph map's repair; glyphs with no text dropped."""
    out = []
    for g in glyphs:
        text = map_pua(g.text)
        if text in ("\t", "\u00a0"):
            text = " "
        if text:
            g.text, g.mark = text, len(text) == 1 and text in MARKS
            out.append(g)
    return out


@dataclass
class PageChars:
    """What the reader takes from a page's char layer."""

    glyphs: list[Glyph]  # upright chars, raw text, stream order
    count: int  # chars drawn, upright or not
    fonts: dict[Any, object]  # fontname -> font object last drawn under that name


def group_lines(glyphs: list[Glyph], settings: TextLayerSettings = TEXT_LAYER) -> list[list[Glyph]]:
    """Glyphs into printed lines, top to bottom; a glyph joins the line it overlaps most.

    Overlap is measured against the line's band, so punctuation drawn a little higher or
    lower (another font, a rise) stays in its line.
    """
    lines: list[list] = []  # [top, bottom, glyphs]
    # a base's line depends on its band and the recent lines alone: the glyphs of one
    # string share a band, so it is looked up once per band until a line is opened
    found: dict[tuple[float, float], list | None] = {}
    for g in sorted((g for g in glyphs if not g.mark), key=lambda g: (g.top, g.x0)):
        band = (g.top, g.bottom)
        if band in found:
            line = found[band]
        else:
            line = found[band] = _base_line(lines[-settings.recent_lines_count :], g, settings)
        if line is None:
            found.clear()
        _add(lines, line, g)
    spans: dict[int, tuple[list[float], list[float]]] = {}
    bands: _Bands | None = None
    for g in glyphs:
        if g.mark:
            if bands is None or bands.count != len(lines):  # a mark opened the first line
                bands = _Bands(lines)
            _add(lines, _mark_line(lines, spans, g, settings.mark_over_base_em, bands), g)
    lines.sort(key=lambda line: line[0])
    return [sorted(line[2], key=lambda g: g.seq) for line in lines]


def _add(lines: list[list], line: list | None, g: Glyph) -> None:
    if line is None:
        lines.append([g.top, g.bottom, [g]])
    else:
        line[2].append(g)


def _base_line(recent: list[list], g: Glyph, settings: TextLayerSettings) -> list | None:
    """The recent line a base glyph overlaps most (by over a share of the lower height)."""
    h = max(g.bottom - g.top, settings.min_glyph_height_pt)
    best, best_ov = None, 0.0
    for line in recent:
        ov = min(line[1], g.bottom) - max(line[0], g.top)
        if ov > settings.line_overlap_ratio * min(h, line[1] - line[0]) and ov > best_ov:
            best, best_ov = line, ov
    return best


class _Bands:
    """The lines' tops in order, so a mark tests only the lines it may overlap."""

    def __init__(self, lines: list[list]) -> None:
        self.count = len(lines)
        self.order = sorted(range(len(lines)), key=lambda k: lines[k][0])
        self.tops = [lines[k][0] for k in self.order]
        #: no line reaches further below its top (a point of slack for rounding)
        self.reach = max((line[1] - line[0] for line in lines), default=0.0) + 1.0

    def near(self, g: Glyph) -> list[int]:
        """Indices (in order) of the lines whose band may overlap `g`'s."""
        low = bisect_left(self.tops, g.top - self.reach)
        return sorted(self.order[low : bisect_right(self.tops, g.bottom)])


def _mark_line(
    lines: list[list],
    spans: dict[int, tuple[list[float], list[float]]],
    g: Glyph,
    slack_em: float,
    bands: _Bands,
) -> list | None:
    """A mark goes with the line of the base it sits over: of the lines whose band it
    touches, one with a base under it beats one that merely overlaps it more (two
    columns side by side, their lines a little apart in height); else the nearest band.
    `slack_em` is how near the base must reach (TextLayerSettings.mark_over_base_em)."""
    best, best_d = None, 0.0
    for k in bands.near(g):
        line = lines[k]
        ov = min(line[1], g.bottom) - max(line[0], g.top)
        if ov > 0:
            if k not in spans:
                spans[k] = _x_spans([b for b in line[2] if not b.mark])
            under = _covers(spans[k], (g.x0 + g.x1) / 2, slack_em * max(g.size, 1.0))
            d = -ov - (LINE_FAR if under else 0.0)
            if best is None or d < best_d:
                best, best_d = line, d
    return best if best is not None else _nearest_band(lines, g)


def _nearest_band(lines: list[list], g: Glyph) -> list | None:
    """The line whose band's middle is nearest the mark's (it overlaps none)."""
    best, best_d = None, 0.0
    for line in lines:
        d = abs(g.cy - (line[0] + line[1]) / 2) + LINE_FAR
        if best is None or d < best_d:
            best, best_d = line, d
    return best


def _x_spans(bases: list[Glyph]) -> tuple[list[float], list[float]]:
    """The bases' left edges in order and the running maximum of their right edges."""
    ordered = sorted(bases, key=lambda g: g.x0)
    reach: list[float] = []
    far = float("-inf")
    for g in ordered:
        far = max(far, g.x1)
        reach.append(far)
    return [g.x0 for g in ordered], reach


def _covers(spans: tuple[list[float], list[float]], x: float, slack: float) -> bool:
    """Does some base of the line reach over `x` (within `slack`)?"""
    lefts, reach = spans
    k = bisect_right(lefts, x + slack)
    return k > 0 and reach[k - 1] >= x - slack


def clusters(line: list[Glyph], settings: TextLayerSettings = TEXT_LAYER) -> list[list[Glyph]]:
    """A line's glyphs (stream order) as base+marks clusters, ordered by x."""
    out: list[list[Glyph]] = []
    last: list[Glyph] | None = None
    orphans: list[Glyph] = []
    for g in line:
        if not g.mark:
            last = [g]
            out.append(last)
            continue
        if last is not None:
            base = last[0]
            slack = settings.mark_near_base_em * max(base.size, 1.0)
            if base.x0 - slack <= g.x0 <= base.x1 + slack:
                last.append(g)
                continue
        orphans.append(g)
    for g in orphans:  # no base just before it in the stream: attach by position
        best = _nearest_cluster(out, g, settings)
        if best is None:
            out.append([g])
        else:
            best.append(g)
    out.sort(key=lambda cl: cl[0].x0)
    return out


def _nearest_cluster(
    out: list[list[Glyph]], g: Glyph, settings: TextLayerSettings
) -> list[Glyph] | None:
    """The cluster a stray mark is drawn nearest to, if one is within reach."""
    best: list[Glyph] | None = None
    best_d = 0.0
    for cl in out:
        b = cl[0]
        d = (
            abs(g.x0 - b.x1)
            if b.x0 <= g.x0 <= b.x1 + settings.orphan_inside_pt
            else min(abs(g.x0 - b.x0), abs(g.x0 - b.x1)) + settings.orphan_outside_pt
        )
        if best is None or d < best_d:
            best, best_d = cl, d
    if best is None or best_d > settings.orphan_reach_em * max(g.size, 1.0):
        return None
    return best


def cluster_text(cl: list[Glyph]) -> str:
    """Base then marks; a mark drawn twice on one base (overprinted bold) counts once."""
    if len(cl) == 1:
        return cl[0].text
    out = [cl[0].text]
    for g in cl[1:]:
        if g.text not in out:
            out.append(g.text)
    return "".join(out)


def line_text(line: list[Glyph], settings: TextLayerSettings = TEXT_LAYER) -> str:
    """The text of one line: clusters in x order, a space where glyphs leave a gap."""
    parts: list[str] = []
    prev = None
    cls = drop_overprint(clusters(line, settings), settings)
    for k, cl in enumerate(cls):
        base = cl[0]
        if base.text == " " and _over_ink(
            base,
            cls[k - 1] if k else None,
            cls[k + 1] if k + 1 < len(cls) else None,
            settings.space_over_ink_ratio,
        ):
            continue
        if prev is not None:
            gap = base.x0 - prev.x1
            size = max(prev.size, base.size, 1.0)
            # digits set with wide tracking ("4 78,966,500") stay one number
            gap_em = settings.word_gap_em
            numeric = _numeric(prev.text) and _numeric(base.text)
            limit = settings.digit_gap_ratio * gap_em if numeric else gap_em
            if (
                gap > limit * size
                and not (parts and parts[-1].endswith(" "))
                and not base.text.startswith(" ")
            ):
                parts.append(" ")
        parts.append(cluster_text(cl))
        if not base.mark:
            prev = base
    return "".join(parts)


def _over_ink(
    space: Glyph, before: list[Glyph] | None, after: list[Glyph] | None, ratio: float
) -> bool:
    """A space glyph drawn over a letter or digit (padding laid over the text) is no gap:
    it overlaps the letter by more than `ratio` of its width."""
    width = max(space.x1 - space.x0, 0.01)
    for cl in (before, after):
        if cl is None or cl[0].text == " ":
            continue
        b = cl[0]
        if min(space.x1, b.x1) - max(space.x0, b.x0) > ratio * width:
            return True
    return False


def _numeric(text: str) -> bool:
    return len(text) == 1 and (text.isdigit() or text in ",.")


def drop_overprint(
    cls: list[list[Glyph]], settings: TextLayerSettings = TEXT_LAYER
) -> list[list[Glyph]]:
    """Drop a cluster printed again a hair to the right of an identical one (fake bold)."""
    out: list[list[Glyph]] = []
    for cl in cls:
        if out:
            p = out[-1][0]
            b = cl[0]
            if (
                b.text == p.text
                and b.text.strip()
                and abs(b.x0 - p.x0)
                < settings.overprint_shift_ratio
                * max(p.x1 - p.x0, settings.overprint_min_width_em * p.size)
                and abs(b.top - p.top) < settings.overprint_rise_em * p.size
            ):
                if len(cl) > len(out[-1]):
                    out[-1] = cl
                continue
        out.append(cl)
    return out


def bbox_of(glyphs: Iterable[Glyph]) -> tuple[float, float, float, float]:
    gs = list(glyphs)
    return (
        min(g.x0 for g in gs),
        min(g.top for g in gs),
        max(g.x1 for g in gs),
        max(g.bottom for g in gs),
    )
