"""OCR throughput: pages per second reading the first pages of a scan with 1 and 2 workers.

Usage: python bench/ocr_bench.py SCAN.pdf [PAGES]. Each worker OCRs whole pages (render,
deskew, rules, Tesseract), as the extract worker pool does with files.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from thaiplan.extract.readers.ocr import ocr_pages
from thaiplan.extract.readers.pdf import PageResult

DEFAULT_PAGES = 6


def _ocr_one(args: tuple[str, int]) -> int:
    path, number = args
    page = PageResult(number, 0.0, 0.0, has_text=False)
    ocr_pages(Path(path), path, [page])
    return len(page.items)


def main() -> None:
    path = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_PAGES
    jobs = [(path, n) for n in range(1, pages + 1)]
    for workers in (1, 2):
        start = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_ocr_one, jobs))
        elapsed = time.perf_counter() - start
        print(
            f"workers={workers} pages={pages} seconds={elapsed:.1f} pages/s={pages / elapsed:.2f}"
        )


if __name__ == "__main__":
    main()
