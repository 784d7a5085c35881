"""Scan-like PDFs made in the tests from born-digital pages: each page rendered in grey,
turned a little, sprinkled with specks, blurred like a photocopy and stored as a JPEG
image with no text layer (the way tools/make_scan.py in the shared material does)."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any


def scan_pages(
    src: Path,
    dst: Path,
    pages: range,
    *,
    seed: int = 7,
    skew: float = 0.8,
    noise: float = 0.003,
    blur: float = 0.6,
    quality: int = 70,
    dpi: int = 200,
) -> Path:
    """`pages` (0-based) of `src` as an image-only scan in `dst`; one seed gives one scan."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rnd = random.Random(seed)
    pdf = pdfium.PdfDocument(str(src))
    images = []
    for index in pages:
        im = pdf[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        angle = skew * rnd.choice((-1, 1)) * rnd.uniform(0.5, 1.0)
        im = im.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        if blur:
            im = im.filter(ImageFilter.GaussianBlur(blur))
        px = im.load()
        assert px is not None
        w, h = im.size
        for _ in range(int(w * h * noise)):
            px[rnd.randrange(w), rnd.randrange(h)] = rnd.choice((30, 90, 200, 255))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality)
        buf.seek(0)
        images.append(Image.open(buf))
    images[0].save(dst, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return dst


def scan_excerpt(src: Path, dst: Path, keep: list[int], **setting: Any) -> Path:
    """Pages `keep` (0-based) of the scan of `src` that make_scan.py makes with `setting`
    from its first page on (its random turns and specks run on from page to page): the
    same page images as that scan's, without OCR'ing the pages before them."""
    import pypdfium2 as pdfium

    full = scan_pages(src, dst.with_suffix(".full.pdf"), range(max(keep) + 1), **setting)
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(full)), keep)
    out.save(str(dst))
    return dst
