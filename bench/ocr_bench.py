"""OCR throughput: pages per second reading pages of a scan with 1 and 2 workers.

Usage: python bench/ocr_bench.py SCAN.pdf [PAGES]: PAGES pages spread evenly through the
scan (prose and table pages alike). Each worker OCRs whole pages (render,
deskew, rules, Tesseract), as the extract worker pool does with files. The baseline lets
Tesseract take an OpenMP thread per core (its default); thaiplan runs it single-threaded.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

from thaiplan.extract.readers.ocr import OMP_THREADS_VAR, ocr_pages
from thaiplan.extract.readers.pdf import PageResult

DEFAULT_PAGES = 6


def _ocr_one(args: tuple[str, int]) -> int:
    path, number = args
    page = PageResult(number, 0.0, 0.0, has_text=False)
    ocr_pages(Path(path), path, [page])
    return len(page.items)


def _threads(limit: str) -> None:
    os.environ[OMP_THREADS_VAR] = limit


def main() -> None:
    path = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_PAGES
    total = len(pdfium.PdfDocument(path))
    pages = min(pages, total)
    jobs = [(path, 1 + i * total // pages) for i in range(pages)]
    cores = str(os.cpu_count() or 1)
    print(f"{'workers':>7} {'pages':>5} {'baseline s':>10} {'thaiplan s':>10} {'pages/s':>15}")
    for workers in (1, 2):
        seconds = []
        for limit in (cores, "1"):  # Tesseract's default threading, then thaiplan's
            start = time.perf_counter()
            with ProcessPoolExecutor(workers, initializer=_threads, initargs=(limit,)) as pool:
                list(pool.map(_ocr_one, jobs))
            seconds.append(time.perf_counter() - start)
        rates = f"{pages / seconds[0]:.2f} -> {pages / seconds[1]:.2f}"
        print(f"{workers:>7} {pages:>5} {seconds[0]:>10.1f} {seconds[1]:>10.1f} {rates:>15}")


if __name__ == "__main__":
    main()
