"""Thai digits of scanned numbers re-read from their shapes, not from Tesseract's guess.

Tesseract's Thai model confuses the digits (`๘๐` read as `๕๐`, `๒๕๖๒` as `๒๕๒๒`) and
repeats some (`๕๐,๓๐๐` as `๕๐๑๐,๓๐๐`), with high confidence, so an amount can be wrong
while looking fine. The digits of a number stand apart on the page, so each is cut out
(columns without ink between them) and matched against the ten digits drawn with the
Thai fonts installed (Thai government documents are set in TH Sarabun, which the TLWG
Laksaman font copies); commas, points and dashes are told by size and place.
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from pathlib import Path

import numpy as np

DIGITS = "๐๑๒๓๔๕๖๗๘๙"
#: Thai fonts to draw the digit templates with, most like government print first.
FONT_DIRS = ("/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/opentype/tlwg")
FONT_NAMES = ("Laksaman", "Garuda", "Norasi", "Loma", "Kinnari")
#: Side of the square a glyph is scaled into for matching, and the drawing size.
SIDE, DRAW_SIZE = 24, 120
#: Weight of the difference in width/height ratio (log) against shape correlation.
ASPECT_WEIGHT = 0.5
#: A digit whose best template correlates less than this is not read (keep Tesseract's).
MIN_MATCH = 0.5
#: Rows of the given box with at least this share of the fullest row's ink are the
#: digits' body (Tesseract's boxes may span the whole line).
ROW_SHARE = 0.2
#: Ink Tesseract did not read as digits at all must match this well to be read as them.
STRICT_MATCH = 0.8
#: Band around the digits' boxes searched for their ink, as shares of their height (a
#: `๘` rises above Tesseract's box; commas hang below), and how far a glyph cut by the
#: boxes' sides may run on.
ABOVE, BELOW, SIDE_REACH = 0.5, 0.5, 1.0
#: A cut narrower than this share of the median digit width, or lower than this share of
#: the digit height, is punctuation; a cut wider than WIDE_SHARE is glyphs run together.
PUNCT_WIDTH, PUNCT_HEIGHT, WIDE_SHARE = 0.5, 0.5, 1.6
#: A narrow glyph taller than this share of the digits' height is a bracket, not a
#: comma: `(ม. ๔)` is no `(ม. ๔,`.
BRACKET_HEIGHT = 1.2
#: Glyphs run together are cut within this share of a digit's width of where one would end.
SPLIT_REACH = 0.3
#: Punctuation lower than this share of the digit height, this many times as wide as
#: high and ending this share of the digit height above the baseline is a dash.
DASH_HEIGHT, DASH_RATIO, DASH_LIFT = 0.35, 1.5, 0.15
NUMBER_WORD = re.compile(r"^[๐-๙0-9.,\-]+$")
ARABIC = re.compile(r"[0-9]")


@functools.cache
def templates() -> tuple[tuple[str, np.ndarray, float], ...]:
    """(digit, normalised shape, width/height) for each digit in each font found."""
    from PIL import Image, ImageDraw, ImageFont

    out = []
    for name in FONT_NAMES:
        path = next(
            (Path(d, f"{name}.ttf") for d in FONT_DIRS if Path(d, f"{name}.ttf").exists()), None
        )
        if path is None:
            continue
        font = ImageFont.truetype(str(path), DRAW_SIZE)
        for d in DIGITS:
            img = Image.new("L", (2 * DRAW_SIZE, 2 * DRAW_SIZE), 0)
            ImageDraw.Draw(img).text((DRAW_SIZE // 4, DRAW_SIZE // 4), d, fill=255, font=font)
            ink = np.asarray(img) > 128
            if ink.any():
                out.append((d, *_shape(ink)))
    return tuple(out)


def _shape(ink: np.ndarray) -> tuple[np.ndarray, float]:
    """The glyph's ink centred in a square, scaled to SIDE, zero-mean and unit-norm."""
    from PIL import Image

    ys, xs = np.nonzero(ink)
    ink = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    h, w = ink.shape
    side = max(h, w)
    square = np.zeros((side, side), dtype=np.uint8)
    square[(side - h) // 2 : (side - h) // 2 + h, (side - w) // 2 : (side - w) // 2 + w] = ink * 255
    scaled = Image.fromarray(square).resize((SIDE, SIDE), Image.Resampling.BILINEAR)
    v = np.asarray(scaled, dtype=np.float64)
    v -= v.mean()
    return v / (np.linalg.norm(v) + 1e-9), w / h


def classify(ink: np.ndarray) -> tuple[str, float]:
    """The digit a glyph's ink looks most like, and how well it matches."""
    shape, ratio = _shape(ink)
    best, score = "", -1.0
    for d, t, tr in templates():
        s = float((shape * t).sum()) - ASPECT_WEIGHT * abs(np.log(ratio / tr))
        if s > score:
            best, score = d, s
    return best, score


def _keep_band(crop: np.ndarray, top: int, bottom: int) -> None:
    """Clear the ink not connected to the digits' band (the marks and tails of the
    neighbouring lines): the band's ink grown through touching ink until it stops."""
    keep = np.zeros_like(crop)
    keep[max(0, top) : bottom + 1] = crop[max(0, top) : bottom + 1]
    while True:
        grown = keep.copy()
        grown[1:] |= keep[:-1]
        grown[:-1] |= keep[1:]
        grown[:, 1:] |= keep[:, :-1]
        grown[:, :-1] |= keep[:, 1:]
        grown &= crop
        if (grown == keep).all():
            break
        keep = grown
    crop &= keep


def glyph_columns(ink: np.ndarray) -> list[tuple[int, int]]:
    """(first, past-last) column of each run of inked columns: the glyphs, left to right."""
    cols = np.concatenate([[False], ink.any(axis=0), [False]])
    edges = np.flatnonzero(np.diff(cols.astype(np.int8)))
    return [(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2], strict=True)]


def read_number(
    ink: np.ndarray, box: tuple[int, int, int, int], min_match: float = MIN_MATCH
) -> str | None:
    """The number drawn in `box` (x0, top, x1, bottom of its digits) of the page's ink
    mask, or None when a glyph matches no digit by `min_match` (then Tesseract's reading
    stands)."""
    found = _digit_strip(ink, box)
    if found is None:
        return None
    crop, band, baseline = found
    cuts = []
    for s, e in glyph_columns(crop):
        rows = np.flatnonzero(crop[:, s:e].any(axis=1))
        cuts.append((int(s), int(e), int(rows[0]), int(rows[-1])))
    widths = [e - s for s, e, r0, r1 in cuts if r1 - r0 + 1 >= (1 - PUNCT_HEIGHT) * band]
    if not widths:
        return None
    digit_width = statistics.median(widths)
    out = ""
    for i, (s, e, r0, r1) in enumerate(cuts):
        h, w = r1 - r0 + 1, e - s
        if w < PUNCT_WIDTH * digit_width and h > BRACKET_HEIGHT * band:
            if 0 < i < len(cuts) - 1:
                return None  # a bar or slash inside: no number
            out += "(" if i == 0 else ")"
            continue
        if w < PUNCT_WIDTH * digit_width or h < PUNCT_HEIGHT * band:
            out += _punctuation(h, w, r1, band, baseline)
            continue
        parts = [(s, e)] if w <= WIDE_SHARE * digit_width else _split(crop, s, e, digit_width)
        for a, b in parts:
            digit, score = classify(crop[:, a:b])
            if score < min_match:
                return None
            out += digit
    return out if any(ch in DIGITS for ch in out) else None


def _split(crop: np.ndarray, s: int, e: int, digit_width: float) -> list[tuple[int, int]]:
    """Glyphs run together (print blurred until two digits touch) cut apart at the column
    of least ink near each place a digit of the usual width would end; each part must
    then read as a digit on its own.

    >>> ink = np.zeros((10, 21), dtype=bool); ink[:, :9] = ink[:, 12:] = True; ink[4, 9:12] = True
    >>> _split(ink, 0, 21, 10.0)
    [(0, 9), (9, 21)]
    """
    n = max(2, round((e - s) / digit_width))
    cols = crop[:, s:e].sum(axis=0)
    reach = max(1, int(digit_width * SPLIT_REACH))
    edges = [s]
    for j in range(1, n):
        mid = int(j * (e - s) / n)
        lo, hi = max(1, mid - reach), min(e - s - 1, mid + reach)
        edges.append(s + lo + int(np.argmin(cols[lo:hi])))
    edges.append(e)
    return list(itertools.pairwise(edges))


def _digit_strip(
    ink: np.ndarray, box: tuple[int, int, int, int]
) -> tuple[np.ndarray, int, int] | None:
    """The ink of the number in `box`: its row band (the digits' body, not commas), a
    margin above and below, and sideways as far as its ink runs (Tesseract's boxes cut
    some off); with the band's height and the baseline's row in it."""
    x0, top, x1, bottom = box
    if bottom <= top or not templates():
        return None
    rows = ink[top : bottom + 1, max(0, x0) : x1 + 1].sum(axis=1)
    if not rows.any():
        return None
    body = np.flatnonzero(rows >= ROW_SHARE * rows.max())
    top, bottom = top + int(body[0]), top + int(body[-1])
    band = bottom - top
    if band <= 0:
        return None
    y0 = max(0, int(top - ABOVE * band))
    strip = ink[y0 : int(bottom + BELOW * band) + 1]
    reach = int(SIDE_REACH * band)
    lo, hi = max(0, x0 - reach), min(strip.shape[1], x1 + reach + 1)
    crop = strip[:, lo:hi].copy()
    _keep_band(crop, top - y0, bottom - y0)
    filled = np.asarray(crop.any(axis=0), dtype=bool)
    a, b = x0 - lo, x1 - lo
    while a > 0 and filled[a - 1]:
        a -= 1
    while b + 1 < len(filled) and filled[b + 1]:
        b += 1
    return crop[:, a : b + 1], band, bottom - y0


def _punctuation(h: int, w: int, r1: int, band: int, baseline: int) -> str:
    """A glyph too small for a digit: a dash (flat, above the baseline), a comma (below
    it) or a point."""
    if h < DASH_HEIGHT * band and w > DASH_RATIO * h and r1 < baseline - DASH_LIFT * band:
        return "-"
    return "," if r1 > baseline + 0.1 * band else "."


def read_bracketed(ink: np.ndarray, box: tuple[int, int, int, int]) -> str | None:
    """The digits between the brackets drawn in `box` (Tesseract read `(๓)` as `(cn)`),
    or None: the glyphs are cut apart by the ink columns between them, and those between
    the first and the last (the brackets) must read as digits, as strictly as ink
    Tesseract did not read as digits at all."""
    x0, top, x1, bottom = box
    if bottom <= top or x1 <= x0:
        return None
    glyphs = glyph_columns(ink[top : bottom + 1, x0 : x1 + 1])
    if len(glyphs) < 3:
        return None
    inner = (x0 + glyphs[1][0], top, x0 + glyphs[-2][1] - 1, bottom)
    text = read_number(ink, inner, STRICT_MATCH)
    return text if text is not None and set(text) <= set(DIGITS) else None
