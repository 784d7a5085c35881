"""OCR throughput: pages per second reading pages of a scan with 1 and 2 workers.

Beside the wall-clock rate it prints thaiplan's CPU seconds per page (its processes and
their Tesseract children): on a machine shared with other work the wall figure moves with
the load, the CPU figure much less, so compare releases by the CPU column.

Usage: python bench/ocr_bench.py SCAN.pdf [PAGES]: PAGES pages spread evenly through the
scan (prose and table pages alike). Each worker OCRs whole pages (render,
deskew, rules, Tesseract), as the extract worker pool does with files. The baseline lets
Tesseract take an OpenMP thread per core (its default); thaiplan runs it single-threaded.

Each side runs in a process group of its own. With more workers than cores to spare, the
baseline's OpenMP threads can spin against each other for many minutes on one table page,
so it is stopped after BASELINE_CAP times thaiplan's time and shown as `>N`.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

from thaiplan.extract.readers.ocr import OMP_THREADS_VAR, ocr_pages
from thaiplan.extract.readers.pages import PageResult

DEFAULT_PAGES = 6
#: The baseline is given at most this many times thaiplan's time on the same pages.
BASELINE_CAP = 5
SIDE = "--side"  # run one side in this process: SIDE path workers threads pages...


def _ocr_one(args: tuple[str, int]) -> int:
    path, number = args
    page = PageResult(number, 0.0, 0.0, has_text=False)
    ocr_pages(Path(path), path, [page])
    return len(page.items)


def _threads(limit: str) -> None:
    os.environ[OMP_THREADS_VAR] = limit


def _side(path: str, workers: int, limit: str, numbers: list[int]) -> None:
    with ProcessPoolExecutor(workers, initializer=_threads, initargs=(limit,)) as pool:
        list(pool.map(_ocr_one, [(path, n) for n in numbers]))


def _children_cpu() -> float:
    """CPU seconds of every finished process below this one (each parent waited for its own)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(
    path: str, workers: int, limit: str, numbers: list[int], cap: float | None
) -> tuple[float, float]:
    """Wall and CPU seconds one side takes in its own process group; wall is infinity when
    it was stopped at `cap`."""
    args = [sys.executable, __file__, SIDE, path, str(workers), limit, *map(str, numbers)]
    start, cpu_start = time.perf_counter(), _children_cpu()
    proc = subprocess.Popen(args, start_new_session=True)
    try:
        proc.wait(timeout=cap)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the pool and its Tesseract processes
        proc.wait()
        return float("inf"), _children_cpu() - cpu_start
    if proc.returncode:
        raise SystemExit(f"the {limit}-thread side failed ({proc.returncode})")
    return time.perf_counter() - start, _children_cpu() - cpu_start


def main() -> None:
    if sys.argv[1] == SIDE:
        side_path, side_workers, limit, *side_numbers = sys.argv[2:]
        _side(side_path, int(side_workers), limit, [int(n) for n in side_numbers])
        return
    path = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_PAGES
    total = len(pdfium.PdfDocument(path))
    pages = min(pages, total)
    numbers = [1 + i * total // pages for i in range(pages)]
    cores = str(os.cpu_count() or 1)
    header = f"{'workers':>7} {'pages':>5} {'baseline s':>10} {'thaiplan s':>10} {'pages/s':>15}"
    print(f"{header} {'CPU s/page':>10}")
    for workers in (1, 2):
        ours, cpu = _timed(path, workers, "1", numbers, None)
        cap = BASELINE_CAP * ours
        theirs, _ = _timed(path, workers, cores, numbers, cap)
        stopped = theirs == float("inf")
        shown = f">{cap:.0f}" if stopped else f"{theirs:.1f}"
        rate = f"<{pages / cap:.2f}" if stopped else f"{pages / theirs:.2f}"
        rates = f"{rate} -> {pages / ours:.2f}"
        row = f"{workers:>7} {pages:>5} {shown:>10} {ours:>10.1f} {rates:>15}"
        print(f"{row} {cpu / pages:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
