"""Runners: the same rows whichever runs the files; isolation of files that crash, hang or
eat memory; Ctrl-C; input order restored; parts written as they fill."""

from __future__ import annotations

import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pyarrow.dataset as ds
import pytest

from thaiplan.dask_runner import DaskRunner
from thaiplan.extract import process as extract_process
from thaiplan.limits import Limits
from thaiplan.ordering import in_input_order
from thaiplan.output.schemas import DATASETS
from thaiplan.output.writer import MANIFEST_NAME
from thaiplan.pipeline import run
from thaiplan.runners import in_process, make_runner
from thaiplan.tasks import FileOutcome, Job, failed
from thaiplan.workers import LocalPool

from .fakes import read_as_slow_scan, slow_scan

TEXT = Path(__file__).parent / "data" / "text"
REAL_PROCESS_FILE = extract_process.process_file


def read_all(out: Path) -> dict[str, list[dict]]:
    return {name: ds.dataset(out / name).to_table().to_pylist() for name in DATASETS}


def snapshot(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    }


def test_every_runner_gives_the_same_rows_and_files(tmp_path):
    outs = {
        "in_process": in_process,
        "pool": LocalPool(2, Limits()),
        "dask": DaskRunner(None, 2, Limits()),
    }
    for name, runner in outs.items():
        summary = run([TEXT], tmp_path / name, None, progress=False, runner=runner, docs_per_part=2)
        assert not summary.failed, name
    expected = read_all(tmp_path / "in_process")
    assert sum(len(rows) for rows in expected.values()) > 300
    for name in ("pool", "dask"):
        assert read_all(tmp_path / name) == expected, name
        assert snapshot(tmp_path / name) == snapshot(tmp_path / "in_process"), name


def misbehaving_process_file(path: Path, source_path: str, units, ocr="auto", on_page=None):
    """Stands in for the core: HANG sleeps, EXIT and KILLED end the worker, HOG eats memory."""
    text = path.read_text("utf-8")
    if "HANG" in text:
        time.sleep(60)
    if "EXIT" in text:
        os._exit(3)
    if "KILLED" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "HOG" in text:
        hog = bytearray(2 * 2**30)
        hog[-1] = 1
    return REAL_PROCESS_FILE(path, source_path, units)


def test_a_file_that_hangs_crashes_or_eats_memory_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(extract_process, "process_file", misbehaving_process_file)
    root = tmp_path / "in"
    root.mkdir()
    for name in ("kpi_detail_hrsmart.txt", "progress_report_2449.txt"):
        (root / name).write_bytes((TEXT / name).read_bytes())
    for word in ("HANG", "EXIT", "KILLED", "HOG"):
        (root / f"{word.lower()}.txt").write_text(f"แผน {word}", "utf-8")
    pool = LocalPool(2, Limits(file_timeout=3, max_memory_mb=300))
    started = time.monotonic()
    summary = run([root], tmp_path / "out", None, progress=False, runner=pool)
    assert time.monotonic() - started < 30
    errors = {d.source_path.removeprefix("in/"): d.error for d in summary.failed}
    assert set(errors) == {"hang.txt", "exit.txt", "killed.txt", "hog.txt"}
    rows = read_all(tmp_path / "out")
    codes = {
        r["source_path"].removeprefix("in/"): r["code"]
        for r in rows["diagnostics"]
        if r["severity"] == "error"
    }
    assert codes == {
        "hang.txt": "file_timeout",
        "exit.txt": "worker_crashed",
        "killed.txt": "worker_crashed",
        "hog.txt": "memory_limit",
    }
    assert "3 s limit" in errors["hang.txt"]
    assert "exit code 3" in errors["exit.txt"]
    assert "killed by SIGKILL" in errors["killed.txt"]
    assert "--max-memory-mb" in errors["hog.txt"]
    assert not any("Traceback" in message for message in errors.values())
    assert sorted(r["source_path"] for r in rows["documents"]) == [
        "in/kpi_detail_hrsmart.txt",
        "in/progress_report_2449.txt",
    ]
    alone_root = tmp_path / "good" / "in"  # the same folder name: the same source paths
    alone_root.mkdir(parents=True)
    for name in ("kpi_detail_hrsmart.txt", "progress_report_2449.txt"):
        (alone_root / name).write_bytes((TEXT / name).read_bytes())
    alone = run(
        [alone_root],
        tmp_path / "alone",
        None,
        progress=False,
        runner=in_process,
    )
    assert not alone.failed
    good = read_all(tmp_path / "alone")
    for dataset in ("kpis", "kpi_results", "progress_reports", "documents"):
        assert rows[dataset] == good[dataset], dataset
    hang_id = hashlib.sha256("แผน HANG".encode()).hexdigest()[:16]
    assert any(r["doc_id"] == hang_id for r in rows["diagnostics"])


@pytest.mark.parametrize("workers", [1, 2])
def test_each_page_ocr_reads_gets_the_file_timeout_anew(tmp_path, monkeypatch, workers):
    """A scan takes seconds a page: four pages of 1.5 s pass a 3 s --file-timeout, as
    each page read restarts the clock, while a page that never ends still stops the file."""
    monkeypatch.setattr(extract_process, "process_file", slow_scan)
    root = tmp_path / "in"
    root.mkdir()
    (root / "pages.txt").write_text("แผน PAGES", "utf-8")
    (root / "stall.txt").write_text("แผน STALL", "utf-8")
    runner = make_runner(workers, Limits(file_timeout=3, max_memory_mb=None))
    started = time.monotonic()
    summary = run([root], tmp_path / "out", None, progress=False, runner=runner)
    assert time.monotonic() - started < 30
    assert {d.source_path: d.error for d in summary.failed}.keys() == {"in/stall.txt"}
    assert "3 s limit" in summary.failed[0].error
    documents = read_all(tmp_path / "out")["documents"]
    assert [r["source_path"] for r in documents] == ["in/pages.txt"]


def test_one_worker_reads_under_the_same_limits(tmp_path, monkeypatch):
    """--workers 1 reads in this process, yet a file past the time or memory limit fails
    alone, and the process gets its own limits back."""
    monkeypatch.setattr(extract_process, "process_file", misbehaving_process_file)
    root = tmp_path / "in"
    root.mkdir()
    (root / "kpi_detail_hrsmart.txt").write_bytes((TEXT / "kpi_detail_hrsmart.txt").read_bytes())
    for word in ("HANG", "HOG"):
        (root / f"{word.lower()}.txt").write_text(f"แผน {word}", "utf-8")
    address_space = resource.getrlimit(resource.RLIMIT_AS)

    def callers_alarm(signum, frame):  # the caller's own alarm, running across the run
        pass

    default_handler = signal.signal(signal.SIGALRM, callers_alarm)
    signal.setitimer(signal.ITIMER_REAL, 300)
    started = time.monotonic()
    runner = make_runner(1, Limits(file_timeout=3, max_memory_mb=300))
    try:
        summary = run([root], tmp_path / "out", None, progress=False, runner=runner)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        alarm = signal.getsignal(signal.SIGALRM)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, default_handler)
    assert time.monotonic() - started < 30
    assert 300 - (time.monotonic() - started) - 1 < left <= 300  # re-armed with its time left
    assert alarm is callers_alarm
    errors = {d.source_path: d.error for d in summary.failed}
    assert set(errors) == {"in/hang.txt", "in/hog.txt"}
    assert "3 s limit" in errors["in/hang.txt"] and "--max-memory-mb" in errors["in/hog.txt"]
    assert len(read_all(tmp_path / "out")["kpi_results"]) == 4
    assert resource.getrlimit(resource.RLIMIT_AS) == address_space


INTERRUPTED_RUN = """
import sys, time
from thaiplan.extract import process as extract_process

real = extract_process.process_file


def slow(path, source_path, units, ocr="auto", on_page=None):
    if "slow" in path.name:
        time.sleep(120)
    return real(path, source_path, units)


extract_process.process_file = slow
from thaiplan.cli import main

sys.argv = ["thaiplan", "extract", *sys.argv[1:]]
main()
"""


def test_ctrl_c_stops_workers_and_keeps_the_previous_output(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(INTERRUPTED_RUN), "utf-8")
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_bytes((TEXT / "kpi_detail_hrsmart.txt").read_bytes())
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    command = [sys.executable, str(script), str(root), "--out", str(out), "--workers", "2"]
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=120)
    before = snapshot(out)
    for n in range(3):
        (root / f"slow{n}.txt").write_text("แผน", "utf-8")
    # A session of its own, so Ctrl-C can go to the whole group, as a terminal sends it.
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        text=True,
    )
    workers = busy_workers(process, 2)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr + stdout
    assert "Interrupted" in stderr
    psutil.wait_procs(workers, timeout=5)
    assert not any(worker.is_running() for worker in workers)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out", "run.py"]


def busy_workers(process: subprocess.Popen, count: int) -> list[psutil.Process]:
    """The run's `count` worker processes, once started and busy with their slow files."""
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 60
    while len(parent.children()) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = parent.children()
    assert len(workers) == count
    time.sleep(0.5)  # the workers are busy with the slow files
    return workers


def test_workers_die_with_a_killed_parent(tmp_path):
    """SIGKILL gives the parent no chance to stop its workers: the kernel must end them."""
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(INTERRUPTED_RUN), "utf-8")
    root = tmp_path / "in"
    root.mkdir()
    for n in range(2):
        (root / f"slow{n}.txt").write_text("แผน", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    command = [sys.executable, str(script), str(root), "--out", str(tmp_path / "out")]
    process = subprocess.Popen(
        [*command, "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    workers = busy_workers(process, 2)
    process.kill()
    process.wait(timeout=10)
    _, alive = psutil.wait_procs(workers, timeout=5)
    assert alive == []


def test_outcomes_come_back_in_input_order_even_when_spilled():
    outcomes = {
        i: failed(Job(i, Path(f"/nonexistent/{i}.txt"), f"{i}.txt"), "x", "y") for i in range(20)
    }
    arrival = list(outcomes.items())
    random.Random(4).shuffle(arrival)
    order = list(range(20))
    for budget in (0, 10**9):
        released = list(in_input_order(iter(arrival), order, budget=budget))
        assert [index for index, _ in released] == order
        assert all(isinstance(o, FileOutcome) and o.source_path == f"{i}.txt" for i, o in released)


def test_parts_are_written_as_they_fill(tmp_path, monkeypatch):
    """The writer holds one part at most: the first is on disk before the run ends."""
    seen: list[list[str]] = []

    def watching(path, source_path, units, ocr="auto", on_page=None):
        seen.append(sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("part-*.parquet")))
        return REAL_PROCESS_FILE(path, source_path, units)

    monkeypatch.setattr(extract_process, "process_file", watching)
    run([TEXT], tmp_path / "out", None, progress=False, runner=in_process, docs_per_part=2)
    assert seen[0] == [] and seen[2] != [] and all("part-0" in p for p in seen[2])
    parts = [p.name for p in (tmp_path / "out" / "documents").rglob("part-*.parquet")]
    assert sorted(set(parts)) == ["part-0.parquet", "part-1.parquet", "part-2.parquet"]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_cli_engines(tmp_path, engine):
    """The command line, with --workers 2 on each engine, writes the in-process rows."""
    command = [
        str(Path(sys.executable).parent / "thaiplan"),
        "extract",
        str(TEXT / "kpi_detail_hrsmart.txt"),
        str(TEXT / "progress_report_2449.txt"),
        "--out",
        str(tmp_path / engine),
        "--workers",
        "2",
        "--engine",
        engine,
    ]
    result = subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert result.returncode == 0, result.stderr
    run(
        [TEXT / "kpi_detail_hrsmart.txt", TEXT / "progress_report_2449.txt"],
        tmp_path / "ref",
        None,
        progress=False,
        runner=in_process,
    )
    assert read_all(tmp_path / engine) == read_all(tmp_path / "ref")


def test_dask_gives_up_a_file_past_the_time_limit_and_goes_on(tmp_path, units):
    """A Dask task cannot be stopped: its worker is restarted, and the other files still run."""
    slow = tmp_path / "one huge line.txt"
    slow.write_text(" ".join(["แผนปฏิบัติราชการ ตัวชี้วัด ร้อยละ 80"] * 100_000), "utf-8")  # ~10 s or more
    jobs = [Job(0, slow, slow.name)] + [
        Job(i, TEXT / name, name)
        for i, name in enumerate(["kpi_detail_hrsmart.txt", "progress_report_2449.txt"], start=1)
    ]
    outcomes = dict(DaskRunner(None, 1, Limits(file_timeout=4))(jobs, units))
    assert outcomes[0].code == "file_timeout"
    assert not outcomes[1].failed and not outcomes[2].failed


def test_dask_gives_each_ocr_page_the_file_timeout_anew(tmp_path, units):
    """On a cluster too, four pages of 1.5 s pass a 3 s --file-timeout, each page heard
    back as progress, while a page that never ends still stops its file."""
    from distributed import Client, LocalCluster

    pages_file, stall = tmp_path / "pages.txt", tmp_path / "stall.txt"
    pages_file.write_text("แผน PAGES", "utf-8")
    stall.write_text("แผน STALL", "utf-8")
    jobs = [Job(0, pages_file, "pages.txt"), Job(1, stall, "stall.txt")]
    pages: list[tuple[str, int, int, str]] = []
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        client.run(read_as_slow_scan)
        runner = DaskRunner(
            cluster.scheduler_address, 2, Limits(file_timeout=3), lambda *page: pages.append(page)
        )
        started = time.monotonic()
        outcomes = dict(runner(jobs, units))
    assert time.monotonic() - started < 30
    assert not outcomes[0].failed and outcomes[1].code == "file_timeout"
    assert [p for p in pages if p[0] == "pages.txt"] == [
        ("pages.txt", n, 4, "ocr") for n in range(1, 5)
    ]
    assert [p for p in pages if p[0] == "stall.txt"] == [("stall.txt", 1, 4, "ocr")]


def _allocate(megabytes: int) -> str:
    try:
        block = bytearray(megabytes * 2**20)
        block[-1] = 1
    except MemoryError:
        return "MemoryError"
    return "allocated"


def test_dask_workers_hold_the_address_space_ceiling_after_a_restart():
    """The per-file ceiling of a local Dask cluster lives on every worker, restarted ones
    too, so a file over it fails as memory_limit in the task, not as a killed worker."""
    from distributed import Client, LocalCluster

    from thaiplan.dask_runner import address_space_ceiling

    with (
        LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(address_space_ceiling(300))
        assert client.submit(_allocate, 1024, pure=False).result() == "MemoryError"
        assert client.submit(_allocate, 50, pure=False).result() == "allocated"
        client.restart_workers(list(client.scheduler_info()["workers"]))
        assert client.submit(_allocate, 1024, pure=False).result() == "MemoryError"


def pages_then_real(path: Path, source_path: str, units, ocr="auto", on_page=None):
    """Stands in for an OCR'd file of three pages; EXIT ends the worker after page one."""
    for done in (1, 2, 3):
        if on_page is not None:
            on_page(done, 3)
        if "EXIT" in path.read_text("utf-8"):
            os._exit(3)
    return REAL_PROCESS_FILE(path, source_path, units)


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_read_are_reported_from_every_local_runner(tmp_path, monkeypatch, workers):
    """Per-page progress reaches the caller in order, in-process and across the pool's pipes;
    in the pool a worker that dies after a page still ends as that file's crash, the other
    file's rows intact."""
    monkeypatch.setattr(extract_process, "process_file", pages_then_real)
    root = tmp_path / "in"
    root.mkdir()
    (root / "kpi_detail_hrsmart.txt").write_bytes((TEXT / "kpi_detail_hrsmart.txt").read_bytes())
    if workers > 1:  # in-process, the exit would end the test run itself
        (root / "exit.txt").write_text("แผน EXIT", "utf-8")
    pages: list[tuple[str, int, int, str]] = []
    limits = Limits() if workers > 1 else Limits(file_timeout=None, max_memory_mb=None)
    runner = make_runner(workers, limits, on_page=lambda *event: pages.append(event))
    summary = run([root], tmp_path / "out", None, progress=False, runner=runner)
    good = [event for event in pages if event[0] == "in/kpi_detail_hrsmart.txt"]
    assert good == [("in/kpi_detail_hrsmart.txt", done, 3, "ocr") for done in (1, 2, 3)]
    if workers > 1:
        assert [event for event in pages if event[0] == "in/exit.txt"] == [
            ("in/exit.txt", 1, 3, "ocr")
        ]
        (crash,) = summary.failed
        assert crash.source_path == "in/exit.txt" and "worker reading this file died" in crash.error
    assert summary.row_counts["kpi_results"] > 0


def test_progress_tells_each_file_when_it_is_done_while_rows_keep_input_order(tmp_path):
    """A runner that finishes the last file first: its progress line comes first, and the
    output is still written in input order."""

    def last_first(jobs, units):
        yield from reversed(list(in_process(jobs, units)))

    told: list[str] = []
    summary = run(
        [TEXT / "kpi_detail_hrsmart.txt", TEXT / "minutes_2564_01.txt"],
        tmp_path / "out",
        None,
        progress=lambda doc: told.append(doc.source_path),
        runner=last_first,
    )
    assert told == ["minutes_2564_01.txt", "kpi_detail_hrsmart.txt"]
    assert [d.source_path for d in summary.documents] == [
        "kpi_detail_hrsmart.txt",
        "minutes_2564_01.txt",
    ]
