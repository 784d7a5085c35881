"""What an embedded font says about one glyph code: its name, its Unicode, where it is drawn.

Used to narrow the candidates for a glyph the PDF maps badly: a glyph drawn wholly
above the x-height is an upper vowel or tone mark, one drawn below the baseline a lower
vowel, whatever its ToUnicode says. Glyph names (`uni0E49.low`, `maitho`) and the
font's own cmap settle a glyph outright when the subset kept them.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from pdfminer.pdftypes import resolve1

# embedded subset fonts carry odd header dates; fontTools' warnings about them mean
# nothing to a user reading a plan, so only its errors reach the console
logging.getLogger("fontTools").setLevel(logging.ERROR)


@dataclass(frozen=True)
class GlyphInfo:
    name: str | None
    unicode: str | None  # from the embedded font's cmap or a meaningful glyph name
    zone: str | None  # "above", "below", "base" or None when unknown
    advance: int | None


_UNI_NAME = re.compile(r"^uni([0-9A-Fa-f]{4})(?:\..*)?$|^u([0-9A-Fa-f]{4,6})(?:\..*)?$")


def name_to_unicode(name: str | None) -> str | None:
    """Unicode of a glyph name such as `uni0E49.low` or an AGL name such as `maitho`.

    >>> name_to_unicode("uni0E49.low"), name_to_unicode("glyph00012")
    ('้', None)
    """
    if not name:
        return None
    m = _UNI_NAME.match(name)
    if m:
        return chr(int(m.group(1) or m.group(2), 16))
    try:
        from fontTools import agl

        base = name.split(".")[0]
        u = agl.toUnicode(base)
        return u or None
    except Exception:  # pragma: no cover - fontTools variants
        return None


class FontFile:
    """An embedded TrueType/OpenType font of a pdfminer font object, opened with fontTools."""

    def __init__(self, pdffont) -> None:
        self.tt = None
        self.cid_to_gid: list[int] | None = None
        self.is_cid = False
        try:
            self._open(pdffont)
        except Exception:
            self.tt = None

    def _open(self, pdffont) -> None:
        from fontTools.ttLib import TTFont

        desc = getattr(pdffont, "descriptor", None) or {}
        data = None
        for key in ("FontFile2", "FontFile3"):
            if key in desc:
                data = resolve1(desc[key]).get_data()
                break
        if not data:
            return
        self.tt = TTFont(io.BytesIO(data), lazy=True)
        self.is_cid = hasattr(pdffont, "cidcoding")
        spec = getattr(pdffont, "spec", None) or {}
        c2g = spec.get("CIDToGIDMap") if isinstance(spec, dict) else None
        c2g = resolve1(c2g) if c2g is not None else None
        if c2g is not None and hasattr(c2g, "get_data"):
            raw = c2g.get_data()
            self.cid_to_gid = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]

    def gid(self, code: int) -> int | None:
        if self.tt is None:
            return None
        if self.is_cid:
            if self.cid_to_gid is not None:
                return self.cid_to_gid[code] if code < len(self.cid_to_gid) else None
            return code
        try:
            cmap = self.tt["cmap"]
        except Exception:
            return None
        order = self.tt.getGlyphOrder()
        for table in cmap.tables:
            for c in (code, 0xF000 + code):
                name = table.cmap.get(c)
                if name is not None:
                    return order.index(name)
        return None

    def info(self, code: int) -> GlyphInfo | None:
        g = self.gid(code)
        if g is None or self.tt is None:
            return None
        try:
            order = self.tt.getGlyphOrder()
            name = order[g] if g < len(order) else None
            uni = name_to_unicode(name)
            advance = zone = None
            if "hmtx" in self.tt and name:
                advance = self.tt["hmtx"][name][0]
            if "glyf" in self.tt and name:
                glyph = self.tt["glyf"][name]
                if glyph.numberOfContours != 0:
                    glyph.recalcBounds(self.tt["glyf"])
                    upm = self.tt["head"].unitsPerEm
                    if glyph.yMax <= 0.02 * upm:
                        zone = "below"
                    elif glyph.yMin >= 0.40 * upm:
                        zone = "above"
                    else:
                        zone = "base"
            return GlyphInfo(name, uni, zone, advance)
        except Exception:
            return None

    def outline(self, code: int) -> tuple | None:
        """The glyph's contours as drawn (points, contour ends, advance), or None if blank."""
        g = self.gid(code)
        if g is None or self.tt is None or "glyf" not in self.tt:
            return None
        try:
            order = self.tt.getGlyphOrder()
            if g >= len(order):
                return None
            name = order[g]
            glyf = self.tt["glyf"]
            glyph = glyf[name]
            if glyph.numberOfContours == 0:
                return None
            coords, ends, _flags = glyph.getCoordinates(glyf)
            advance = self.tt["hmtx"][name][0] if "hmtx" in self.tt else None
            return (tuple(coords), tuple(ends), advance)
        except Exception:
            return None


@lru_cache(maxsize=256)
def _font_file(fontname: str, pdffont_id: int, pdffont) -> FontFile:
    return FontFile(pdffont)


def forget_fonts() -> None:
    """Drops the embedded fonts read so far: they are a document's, held until its glyphs
    are decided, and memory after that (a worker's peak is at writing)."""
    _font_file.cache_clear()


def glyph_info(fontname: str, pdffont, code: int) -> GlyphInfo | None:
    """GlyphInfo of `code` in the font embedded for `fontname`, or None if unknown."""
    if pdffont is None or code is None or code < 0:
        return None
    return _font_file(fontname, id(pdffont), pdffont).info(code)


def font_file(fontname: str, pdffont) -> FontFile | None:
    """The embedded font of `fontname`, read now: its PDF may be closed when it is asked."""
    if pdffont is None:
        return None
    return _font_file(fontname, id(pdffont), pdffont)
