"""Page images of scans: deskew, clean, and find the table rules drawn in them.

Scans keep their table rules; long straight runs of dark pixels are those rules, found
with a sliding-window test on a binarised image (numpy only). The rules are erased
before OCR so Tesseract does not read them as `|` or stray letters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

#: Grey level below which a pixel counts as ink.
INK_LEVEL = 140
#: Shortest dark run taken for a rule, as a share of the page's width or height.
MIN_RULE_SHARE = 0.04
#: Rules closer than this many pixels are one rule (a thick or doubled stroke).
MERGE_PX = 6
#: Share of a rule-long window that must be ink (scanned rules fade in places).
RUN_FILL = 0.9
#: A rule broken for longer than this (pixels) is two rules.
SEGMENT_GAP = 10
#: Skew angles tried (degrees), and the image width used to estimate them.
SKEW_RANGE, SKEW_STEP, SKEW_PROBE_WIDTH = 3.0, 0.1, 800


#: Pictures (a photograph, a filled area, a page printed black) are judged in squares of
#: this side (pixels at 300 dpi): a square is picture when more than PICTURE_SHARE of it
#: is darker than paper (PAPER_LEVEL). Print leaves most of a square this size paper, even
#: in a bold title; a square counts only with three picture neighbours making a 2×2 block,
#: so a picture is at least a centimetre across.
PICTURE_BLOCK, PAPER_LEVEL, PICTURE_SHARE = 64, 200, 0.6


@dataclass(frozen=True)
class Rule:
    """A straight rule: `pos` across it, from `start` to `end` along it (pixels)."""

    pos: float
    start: int
    end: int


def deskew(img: Image.Image) -> Image.Image:
    """The page turned so text lines run level: the angle whose row profile is sharpest."""
    scale = SKEW_PROBE_WIDTH / img.width
    probe = img.resize((SKEW_PROBE_WIDTH, max(1, int(img.height * scale))))
    ink = Image.fromarray(((np.asarray(probe) < INK_LEVEL) * 255).astype(np.uint8))
    best, best_score = 0.0, -1.0
    for angle in np.arange(-SKEW_RANGE, SKEW_RANGE + 1e-9, SKEW_STEP):
        rows = np.asarray(ink.rotate(float(angle), resample=Image.Resampling.NEAREST)).sum(axis=1)
        score = float(np.square(np.diff(rows.astype(np.float64))).sum())
        if score > best_score:
            best, best_score = float(angle), score
    if abs(best) < SKEW_STEP / 2:
        return img
    return img.rotate(best, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)


def erase_pictures(img: Image.Image) -> tuple[Image.Image, float]:
    """The page with its pictures painted white, and the share of the page they covered.

    Tesseract spends minutes on a photograph, reading its grain as letters, and finds
    rules in its edges; a page printed black is one picture and reads as empty."""
    arr = np.asarray(img)
    h, w = arr.shape
    rows, cols = -(-h // PICTURE_BLOCK), -(-w // PICTURE_BLOCK)
    padded = np.full((rows * PICTURE_BLOCK, cols * PICTURE_BLOCK), 255, dtype=arr.dtype)
    padded[:h, :w] = arr
    squares = padded.reshape(rows, PICTURE_BLOCK, cols, PICTURE_BLOCK) < PAPER_LEVEL
    dark = squares.mean(axis=(1, 3)) > PICTURE_SHARE
    quads = dark[:-1, :-1] & dark[1:, :-1] & dark[:-1, 1:] & dark[1:, 1:]
    picture = np.zeros_like(dark)
    for dy in (0, 1):
        for dx in (0, 1):
            picture[dy : dy + rows - 1, dx : dx + cols - 1] |= quads
    if not picture.any():
        return img, 0.0
    mask = np.repeat(np.repeat(picture, PICTURE_BLOCK, axis=0), PICTURE_BLOCK, axis=1)[:h, :w]
    out = arr.copy()
    out[mask] = 255
    return Image.fromarray(out), float(mask.mean())


def clean(img: Image.Image) -> Image.Image:
    """Specks removed (a median filter keeps strokes, drops isolated dots)."""
    return img.filter(ImageFilter.MedianFilter(3))


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels along axis 1 inside a window of `length` that is at least RUN_FILL ink (a
    scanned rule fades and breaks; a letter's stroke is never that long)."""
    n = mask.shape[1]
    if n < length:
        return np.zeros_like(mask)
    c = np.cumsum(np.pad(mask, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    full = (c[:, length:] - c[:, :-length]) >= RUN_FILL * length  # window starting at s
    starts = np.cumsum(np.pad(full, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    x = np.arange(n)
    hi = np.minimum(x, full.shape[1] - 1) + 1
    lo = np.maximum(x - length + 1, 0)
    out = (starts[:, hi] - starts[:, lo]) > 0  # some full window covers pixel x
    return out


def _group(lines: np.ndarray, length: int) -> list[Rule]:
    """Rows of a long-run mask into rules: neighbouring rows merged, and each merged band
    cut where it breaks for more than SEGMENT_GAP (two tables' rules at one position)."""
    rules: list[Rule] = []
    ys = np.nonzero(lines.any(axis=1))[0]
    groups: list[list[int]] = []
    for y in ys:
        if groups and y - groups[-1][-1] <= MERGE_PX:
            groups[-1].append(int(y))
        else:
            groups.append([int(y)])
    for g in groups:
        band = lines[g[0] : g[-1] + 1]
        xs = np.nonzero(band.any(axis=0))[0]
        cuts = np.nonzero(np.diff(xs) > SEGMENT_GAP)[0]
        for part in np.split(xs, cuts + 1):
            if part[-1] - part[0] + 1 < length:
                continue
            rows = np.nonzero(band[:, part[0] : part[-1] + 1].any(axis=1))[0]
            pos = g[0] + (rows[0] + rows[-1]) / 2
            rules.append(Rule(float(pos), int(part[0]), int(part[-1])))
    return rules


def find_rules(img: Image.Image) -> tuple[list[Rule], list[Rule], np.ndarray]:
    """Horizontal and vertical rules, and the mask of their ink pixels (to erase them).

    The ink is thickened by a pixel across each rule's direction first, so a rule left
    a pixel off level by the deskew still runs unbroken.
    """
    ink = np.asarray(img) < INK_LEVEL
    across_h = ink.copy()
    across_h[1:] |= ink[:-1]
    across_h[:-1] |= ink[1:]
    across_v = ink.copy()
    across_v[:, 1:] |= ink[:, :-1]
    across_v[:, :-1] |= ink[:, 1:]
    lh = max(2, int(MIN_RULE_SHARE * img.width))
    lv = max(2, int(MIN_RULE_SHARE * img.height))
    h = _runs(across_h, lh)
    v = _runs(across_v.T, lv).T
    return _group(h, lh), _group(v.T, lv), (h | v) & ink


def erase(img: Image.Image, mask: np.ndarray) -> Image.Image:
    """The image with rule pixels (grown by one pixel) painted white."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    arr = np.asarray(img).copy()
    arr[grown] = 255
    return Image.fromarray(arr)
