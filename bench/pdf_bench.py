"""Paired CPU benchmark: bare pdfplumber `extract_text` against `thaiplan extract --workers 1`.

Each side runs in its own fresh process on the same file, so CPU seconds and peak RSS
(from `os.wait4`) belong to that side alone. Usage: python bench/pdf_bench.py BOOK.pdf
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

_KIB_PER_MIB = 1024  # Linux reports ru_maxrss in KiB

_PLUMBER = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_text()\n"
    "        page.close()\n"
)


def _run(argv: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and peak RSS in MiB of one child process."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / _KIB_PER_MIB


def _pages(pdf: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def main(pdf: Path) -> None:
    """Print one table: CPU s, pages/s, ratio to pdfplumber, peak RSS."""
    pages = _pages(pdf)
    thaiplan = str(Path(sys.executable).with_name("thaiplan"))
    with tempfile.TemporaryDirectory() as out:
        sides = {
            "pdfplumber extract_text": _run([sys.executable, "-c", _PLUMBER, str(pdf)]),
            "thaiplan extract --workers 1": _run(
                [thaiplan, "extract", str(pdf), "--out", out, "--workers", "1"]
            ),
        }
    base = sides["pdfplumber extract_text"][0]
    print(f"{pdf.name}: {pages} pages")
    print(f"{'side':30} {'CPU s':>8} {'pages/s':>8} {'x plumber':>10} {'peak MiB':>9}")
    for name, (cpu, rss) in sides.items():
        print(f"{name:30} {cpu:8.1f} {pages / cpu:8.2f} {base / cpu:10.2f} {rss:9.0f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
