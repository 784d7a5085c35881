"""Paired CPU benchmark of the PDF path, against bare pdfplumber `extract_text`.

    python bench/pdf_bench.py BOOK.pdf [OTHER_BOOK.pdf]

Each side runs in its own fresh process on the same file, so CPU seconds and peak RSS
(from `os.wait4`) belong to that side alone. Sides: pdfium's own text (the physical
floor of any pdfium char layer), pdfplumber `extract_text` (the baseline), the char
layer alone (every page's glyphs, paths and fonts, as the reader loads them), `thaiplan
text` (the reader alone: glyphs, repair, tables) and `thaiplan extract --workers 1` (the
whole pipeline). With a second book its table follows, and both books are extracted
with 1 and 2 workers, compared by wall time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_KIB_PER_MIB = 1024  # Linux reports ru_maxrss in KiB

_PLUMBER = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_text()\n"
    "        page.close()\n"
)


_PDFIUM = (
    "import sys, pypdfium2\n"
    "pdf = pypdfium2.PdfDocument(sys.argv[1])\n"
    "for page in pdf:\n"
    "    page.get_textpage().get_text_bounded()\n"
)


_LAYER = (
    "import sys, pdfplumber\n"
    "from pathlib import Path\n"
    "from thaiplan.extract.readers.pdf import load_page, open_layer\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    layer = open_layer(Path(sys.argv[1]), len(pdf.pages))\n"
    "    for index, page in enumerate(pdf.pages):\n"
    "        load_page(page, layer, index)\n"
    "        page.close()\n"
)


def _run(argv: list[str], may_report_errors: bool = False) -> tuple[float, float, float]:
    """CPU seconds (user + system) and peak RSS in MiB of one child process, counting the
    workers it waited for (wait4 reports both), and its wall seconds."""
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    allowed = (0, 1) if may_report_errors else (0,)  # extract exits 1 when a file failed
    if os.waitstatus_to_exitcode(status) not in allowed:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / _KIB_PER_MIB, wall


def _pages(pdf: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def _table(pdf: Path) -> None:
    """One book's sides: CPU s, pages/s, ratio to pdfplumber, peak RSS."""
    pages = _pages(pdf)
    thaiplan = str(Path(sys.executable).with_name("thaiplan"))
    with tempfile.TemporaryDirectory() as out:
        sides = {
            "pdfium get_text_bounded": _run([sys.executable, "-c", _PDFIUM, str(pdf)]),
            "pdfplumber extract_text": _run([sys.executable, "-c", _PLUMBER, str(pdf)]),
            "char layer alone": _run([sys.executable, "-c", _LAYER, str(pdf)]),
            "thaiplan text": _run([thaiplan, "text", str(pdf)]),
            "thaiplan extract --workers 1": _run(
                [thaiplan, "extract", str(pdf), "--out", out, "--workers", "1"], True
            ),
        }
    base = sides["pdfplumber extract_text"][0]
    print(f"{pdf.name}: {pages} pages")
    print(f"{'side':30} {'CPU s':>8} {'pages/s':>8} {'x plumber':>10} {'peak MiB':>9}")
    for name, (cpu, rss, _) in sides.items():
        print(f"{name:30} {cpu:8.1f} {pages / cpu:8.2f} {base / cpu:10.2f} {rss:9.0f}")


def main(pdf: Path, other: Path | None) -> None:
    """Print each book's table, then both books with 1 and 2 workers."""
    _table(pdf)
    if other is None:
        return
    print()
    _table(other)
    thaiplan = str(Path(sys.executable).with_name("thaiplan"))
    both = _pages(pdf) + _pages(other)
    print(f"\n{pdf.name} + {other.name}: {both} pages, wall seconds")
    print(f"{'workers':30} {'wall s':>8} {'pages/s':>8} {'speed-up':>10}")
    walls = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            argv = [thaiplan, "extract", str(pdf), str(other), "--out", out]
            walls[workers] = _run([*argv, "--workers", str(workers)], True)[2]
        speed_up = walls[1] / walls[workers]
        print(f"{workers:<30} {walls[workers]:8.1f} {both / walls[workers]:8.2f} {speed_up:10.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
