"""The bad-input suite of tests/test_bad_input.py under every runner, as one table.

    .venv/bin/python bench/hostile_bench.py [--file-timeout 20] [--max-memory-mb 300]

Builds the hostile folder (bombs, loops, pipes, links out of the inputs, undecodable
names, quadratic-pattern lines, …, with the good files beside them), extracts it with
`--workers 1`, `--workers 2` and `--engine dask --workers 2`, and prints per runner: wall
seconds, whether it finished within the bound (every file within --file-timeout + 10 s),
tracebacks printed, files failed and skipped, good rows lost against the good files read
alone, documents read from outside the input folder (links out), and the peak RSS of any
one process of the run. Then it kills each runner's parent with SIGKILL while a slow file
is read and counts the processes left behind. A last row runs `thaiplan text` on every
entry of the folder, one at a time (hangs past --file-timeout + 10 s, tracebacks).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pyarrow.dataset as ds

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.test_bad_input import (  # noqa: E402
    GOOD,
    OUTSIDE_PLAN,
    TEXT,
    THAI_NAME,
    write_bad_inputs,
)
from thaiplan.extract.ids import file_sha256  # noqa: E402

THAIPLAN = [str(Path(sys.executable).parent / "thaiplan")]
RUNNERS = {
    "--workers 1": ["--workers", "1"],
    "--workers 2": ["--workers", "2"],
    "dask, 2 workers": ["--engine", "dask", "--workers", "2"],
}
SAMPLE_EVERY = 0.1  # seconds between memory samples of the process tree
KILL_AFTER = 8.0  # seconds into the slow file when the parent is killed
SETTLE = 5.0  # seconds given to the children to notice


def run_watched(command: list[str], limit: float) -> tuple[float, bool, int, str]:
    """Runs `command`: (wall seconds, finished in `limit`, peak RSS MB of one process, output)."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as output:
        process = psutil.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=REPO)
        peak = 0
        while process.poll() is None and time.monotonic() - started < limit:
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max([peak, *(p.memory_info().rss for p in tree if p.is_running())])
            except psutil.Error:
                pass
            time.sleep(SAMPLE_EVERY)
        finished = process.poll() is not None
        if not finished:
            process.kill()
            process.wait()
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    return time.monotonic() - started, finished, peak // 2**20, text


def rows_of(out: Path, doc_ids: set[str]) -> int:
    """Record rows (all datasets but documents and diagnostics) of these documents."""
    total = 0
    for dataset in ("kpis", "kpi_targets", "kpi_results", "progress_reports", "budget_items"):
        if (out / dataset).exists():
            table = ds.dataset(out / dataset).to_table(columns=["doc_id"]).to_pylist()
            total += sum(1 for row in table if row["doc_id"] in doc_ids)
    return total


def reads_outside(out: Path) -> int:
    """Documents whose bytes are those of a file outside the inputs (a plan, /etc/passwd)."""
    outside = {file_sha256(TEXT / OUTSIDE_PLAN), file_sha256(Path("/etc/passwd"))}
    if not (out / "documents").exists():
        return 0
    rows = ds.dataset(out / "documents").to_table(columns=["source_sha256"]).to_pylist()
    return sum(1 for row in rows if row["source_sha256"] in outside)


def text_row(root: Path, file_timeout: float) -> list[str]:
    """`thaiplan text` on every entry of the folder, one at a time: the table's cells."""
    entries = sorted(p for p in root.rglob("*") if not p.is_dir() or p.is_symlink())
    wall, peak, hung, tracebacks, failed = 0.0, 0, 0, 0, 0
    for entry in entries:
        took, finished, rss, text = run_watched([*THAIPLAN, "text", str(entry)], file_timeout + 10)
        wall, peak = wall + took, max(peak, rss)
        hung += not finished
        tracebacks += text.count("Traceback")
        failed += any(line.startswith("error: ") for line in text.splitlines())
    bound = "yes" if not hung else f"NO ({hung} hung)"
    cells = ["thaiplan text", f"{wall:.1f}", bound, str(tracebacks), str(failed), "-", "-"]
    return [*cells, "-", str(peak), "-"]


def orphans_after_kill(runner: list[str], work: Path) -> int:
    """Processes of a run still alive SETTLE seconds after its parent was SIGKILLed."""
    slow = work / "slow" / "slow.txt"
    slow.parent.mkdir(exist_ok=True)
    slow.write_text(" ".join(["แผนปฏิบัติราชการ ตัวชี้วัด ร้อยละ 80"] * 200_000), "utf-8")
    process = psutil.Popen(
        [*THAIPLAN, "extract", str(slow.parent), "--out", str(work / "killed"), *runner],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(KILL_AFTER)
    children = process.children(recursive=True)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(SETTLE)
    alive = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    for child in alive:
        child.kill()
    return len(alive)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file-timeout", type=float, default=20)
    parser.add_argument("--max-memory-mb", type=int, default=300)
    args = parser.parse_args()
    limits = ["--file-timeout", str(args.file_timeout), "--max-memory-mb", str(args.max_memory_mb)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = work / "hostile"
        (work / "outside").mkdir()
        write_bad_inputs(root, work / "outside")
        entries = len(os.listdir(root)) + len(os.listdir(root / "sub dir"))
        alone = work / "alone"
        (alone / "sub dir").mkdir(parents=True)
        (alone / GOOD).write_bytes((TEXT / GOOD).read_bytes())
        (alone / "sub dir" / THAI_NAME).write_bytes((root / "sub dir" / THAI_NAME).read_bytes())
        subprocess.run(
            [*THAIPLAN, "extract", "-q", str(alone), "--out", str(work / "a")], check=True
        )
        good = {r["doc_id"] for r in ds.dataset(work / "a" / "documents").to_table().to_pylist()}
        expected = rows_of(work / "a", good)
        bound = entries * (args.file_timeout + 10)
        print(f"{entries} entries; {expected} rows from the good files alone; {' '.join(limits)}\n")
        header = ["runner", "wall s", "in bound", "tracebacks", "failed", "skipped"]
        header += ["good rows lost", "reads outside", "peak RSS MB", "left after kill"]
        print(" | ".join(header))
        print(" | ".join("---" for _ in header))
        for name, runner in RUNNERS.items():
            out = work / name.replace(" ", "_").replace(",", "")
            command = [*THAIPLAN, "extract", str(root), "--out", str(out), *runner, *limits]
            wall, finished, peak, text = run_watched(command, bound)
            lost = expected - rows_of(out, good) if out.exists() else expected
            failed = sum(1 for line in text.splitlines() if line.startswith("error: "))
            skipped = sum(1 for line in text.splitlines() if line.startswith("skipped "))
            left = orphans_after_kill(runner, work)
            cells = [name, f"{wall:.1f}", "yes" if finished else "NO", str(text.count("Traceback"))]
            cells += [str(failed), str(skipped), str(lost), str(reads_outside(out))]
            cells += [str(peak), str(left)]
            print(" | ".join(cells))
        print(" | ".join(text_row(root, args.file_timeout)))


if __name__ == "__main__":
    main()
