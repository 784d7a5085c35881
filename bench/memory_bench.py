"""Peak memory and CPU of reading a PDF, this checkout against a baseline checkout, side
by side in one run.

    .venv/bin/python bench/memory_bench.py BOOK.pdf [BOOK.pdf ...] [--baseline ../main]

For each book, `thaiplan extract --workers 1` (one process reads the PDF and writes the
datasets) and `thaiplan text` run with each checkout's own `.venv/bin/thaiplan`, the two
sides alternating, each in a fresh process: peak RSS and CPU seconds (user + system) come
from `os.wait4`, so they are the reading process's own, with nothing else counted. The
outputs are compared too: every Parquet file byte for byte and the text dumped, so a
figure is only reported for the same result. No run is timed against a threshold.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_KIB_PER_MIB = 1024  # Linux reports ru_maxrss in KiB


@dataclass
class Run:
    mib: float
    cpu: float
    output: dict[str, bytes]  # what the run produced, by relative name


def _measure(argv: list[str], stdout: Path) -> tuple[float, float]:
    """Peak RSS (MiB) and CPU seconds of one child process."""
    with stdout.open("wb") as sink:
        proc = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # extract exits 1 when a file failed
        raise SystemExit(f"failed: {' '.join(argv)}")
    return usage.ru_maxrss / _KIB_PER_MIB, usage.ru_utime + usage.ru_stime


def _run(checkout: Path, command: str, pdf: Path, scratch: Path) -> Run:
    thaiplan = str(checkout / ".venv" / "bin" / "thaiplan")
    dumped = scratch / "stdout"
    if command == "text":
        mib, cpu = _measure([thaiplan, "text", str(pdf)], dumped)
        return Run(mib, cpu, {"text": dumped.read_bytes()})
    out = scratch / "out"
    argv = [thaiplan, "extract", "--workers", "1", "-q", str(pdf), "--out", str(out)]
    mib, cpu = _measure(argv, dumped)
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.parquet"))}
    return Run(mib, cpu, files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--baseline", type=Path, default=ROOT.parent / "main")
    args = parser.parse_args()
    print(f"baseline: {args.baseline}   this: {ROOT}\n")
    print("| book | command | peak RSS MiB, baseline → this | CPU s, baseline → this | output |")
    print("|---|---|---|---|---|")
    for pdf in args.pdfs:
        for command in ("extract --workers 1", "text"):
            with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
                before = _run(args.baseline, command.split()[0], pdf, Path(a))
                after = _run(ROOT, command.split()[0], pdf, Path(b))
            same = "identical" if before.output == after.output else "DIFFERS"
            print(
                f"| {pdf.name} | {command} | {before.mib:.0f} → {after.mib:.0f} "
                f"({after.mib - before.mib:+.0f}) | {before.cpu:.1f} → {after.cpu:.1f} | {same} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
