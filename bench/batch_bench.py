"""Batch throughput and memory of `thaiplan extract`: pages/s, MB/s and peak RSS with 1
and 2 workers, on a corpus repeated to at least the given page counts.

Corpus `text` (default): the text exports in samples/ and tests/data/text, each counted
as lines / 50 pages (exports carry no page breaks). Corpus `pdf`: the PDFs in
tests/data/pdf, counted by their real pages. Each copy of a file gets a distinct last
line, so every copy is a document of its own, as in a real collection. Each run is a
fresh `thaiplan extract` process; its RSS and that of all its descendants (the workers)
is sampled every 50 ms, and the table shows the peak of the sum and of the largest
single process. `CPU s` is the run's own CPU time; `others' CPUs` is how many CPUs
other processes kept busy meanwhile: on a shared machine a speedup means something
only when that is near 0. No run is timed against a threshold.

    .venv/bin/python bench/batch_bench.py                  # 1,000 and 2,000 pages, 1 and 2 workers
    .venv/bin/python bench/batch_bench.py --corpus pdf --pages 1000 --workers 1 2 4 --dask
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
TEXT_FOLDERS = [ROOT / "samples", ROOT / "tests" / "data" / "text"]
PDF_FOLDER = ROOT / "tests" / "data" / "pdf"
LINES_PER_PAGE = 50


@dataclass
class Source:
    name: str
    data: bytes
    pages: float


@dataclass
class Result:
    pages: float
    files: int
    megabytes: float
    engine: str
    workers: int
    seconds: float
    peak_total_mb: float
    peak_process_mb: float
    cpu_seconds: float  # user + system of the run's processes
    others_cpu: float  # CPUs kept busy meanwhile by other processes on the machine (noise)


def corpus(kind: str) -> list[Source]:
    """The corpus files, each distinct file once (samples/ and tests/data/text overlap)."""
    seen: dict[bytes, Source] = {}
    if kind == "pdf":
        import pdfplumber

        for path in sorted(PDF_FOLDER.glob("*.pdf")):
            with pdfplumber.open(path) as pdf:
                seen.setdefault(
                    path.read_bytes(), Source(path.name, path.read_bytes(), len(pdf.pages))
                )
        return list(seen.values())
    for folder in TEXT_FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            data = path.read_bytes()
            lines = len(data.decode("utf-8").splitlines())
            seen.setdefault(data, Source(path.name, data, lines / LINES_PER_PAGE))
    return list(seen.values())


def make_batch(sources: list[Source], pages: float, into: Path) -> tuple[float, int, float]:
    """Copies of the corpus until `pages` are reached; returns pages, files and MB written."""
    copies = math.ceil(pages / sum(s.pages for s in sources))
    into.mkdir(parents=True)
    total_bytes = 0
    for copy in range(copies):
        for source in sources:
            mark = (
                f"\n% copy {copy}\n"
                if source.name.endswith(".pdf")
                else f"\n<!-- copy {copy} -->\n"
            )
            data = source.data + mark.encode()  # in a PDF: a comment after %%EOF
            (into / f"{copy:05d}_{source.name}").write_bytes(data)
            total_bytes += len(data)
    return copies * sum(s.pages for s in sources), copies * len(sources), total_bytes / 2**20


def measure(command: list[str]) -> tuple[float, float, float, float, float]:
    """Runs `command`: wall seconds, peak RSS (MB) of its process tree and of one process,
    its CPU seconds, and the CPUs other processes kept busy meanwhile."""
    machine_before = psutil.cpu_times()
    ours_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks = [0, 0]

    def sample() -> None:
        while process.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                sizes = [p.memory_info().rss for p in tree]
            except psutil.Error:
                continue
            peaks[0] = max(peaks[0], sum(sizes))
            peaks[1] = max(peaks[1], max(sizes))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stderr.decode()}")
    ours_after = resource.getrusage(
        resource.RUSAGE_CHILDREN
    )  # workers are reaped by the run, the run by us
    ours = (ours_after.ru_utime - ours_before.ru_utime) + (
        ours_after.ru_stime - ours_before.ru_stime
    )
    machine_after = psutil.cpu_times()
    busy = (
        sum(machine_after)
        - sum(machine_before)
        - (machine_after.idle - machine_before.idle)
        - (getattr(machine_after, "iowait", 0) - getattr(machine_before, "iowait", 0))
    )
    return seconds, peaks[0] / 2**20, peaks[1] / 2**20, ours, max(0.0, busy - ours) / seconds


def table(results: list[Result]) -> str:
    header = [
        "pages",
        "files",
        "MB",
        "engine",
        "workers",
        "seconds",
        "pages/s",
        "MB/s",
        "speedup",
        "peak RSS all MB",
        "peak RSS 1 proc MB",
        "CPU s",
        "others' CPUs",
    ]
    rows = []
    for r in results:
        base = next(
            (b for b in results if b.pages == r.pages and b.workers == 1 and b.engine == "local"),
            None,
        )
        speedup = f"{base.seconds / r.seconds:.2f}x" if base else "-"
        rows.append(
            [
                f"{r.pages:,.0f}",
                str(r.files),
                f"{r.megabytes:.1f}",
                r.engine,
                str(r.workers),
                f"{r.seconds:.1f}",
                f"{r.pages / r.seconds:.1f}",
                f"{r.megabytes / r.seconds:.2f}",
                speedup,
                f"{r.peak_total_mb:.0f}",
                f"{r.peak_process_mb:.0f}",
                f"{r.cpu_seconds:.1f}",
                f"{r.others_cpu:.2f}",
            ]
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages", type=float, nargs="+", default=[1000, 2000], help="batch sizes in pages"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--dask", action="store_true", help="also run --engine dask (a LocalCluster)"
    )
    parser.add_argument("--corpus", choices=["text", "pdf"], default="text")
    args = parser.parse_args()
    thaiplan = str(Path(sys.executable).parent / "thaiplan")
    sources = corpus(args.corpus)
    counted = f"{LINES_PER_PAGE} lines a page" if args.corpus == "text" else "PDF pages"
    print(
        f"corpus: {len(sources)} {args.corpus} files, {sum(s.pages for s in sources):.1f} pages ({counted}), "
        f"{sum(len(s.data) for s in sources) / 2**20:.2f} MB; {os.cpu_count()} CPUs",
        flush=True,
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="thaiplan-bench-") as scratch:
        for pages in args.pages:
            batch = Path(scratch, f"in-{pages:g}")
            real_pages, files, megabytes = make_batch(sources, pages, batch)
            runs = [("local", n) for n in args.workers]
            runs += [("dask", n) for n in args.workers if n > 1 and args.dask]
            for engine, workers in runs:
                out = Path(scratch, "out")
                command = [
                    thaiplan,
                    "extract",
                    str(batch),
                    "--out",
                    str(out),
                    "--workers",
                    str(workers),
                    "--engine",
                    engine,
                ]
                seconds, peak_total, peak_process, cpu, others = measure(command)
                shutil.rmtree(out)
                results.append(
                    Result(
                        real_pages,
                        files,
                        megabytes,
                        engine,
                        workers,
                        seconds,
                        peak_total,
                        peak_process,
                        cpu,
                        others,
                    )
                )
                print(
                    f"  {real_pages:,.0f} pages, {engine} x{workers}: {seconds:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
            shutil.rmtree(batch)
    print(table(results))


if __name__ == "__main__":
    main()
