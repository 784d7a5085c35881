"""Runners: where the per-file task (thaiplan.tasks.extract_file) runs.

A runner takes the jobs and yields `(index, outcome)` as files finish, in any order (the
pipeline restores input order). `in_process` reads in the calling process, without
limits; thaiplan.workers.LocalPool is the default, a process pool that isolates every
file; thaiplan.dask_runner.DaskRunner runs on a Dask cluster.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Generator

from thaiplan.limits import Limits
from thaiplan.normalize.units import UnitRegistry
from thaiplan.tasks import FileOutcome, Job, extract_file, failed

Outcomes = Generator[tuple[int, FileOutcome], None, None]  # (job index, outcome) as files finish
Runner = Callable[[list[Job], UnitRegistry], Outcomes]


def default_workers() -> int:
    """CPUs this process may run on (fewer than the machine has in a container or cgroup)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def make_runner(
    workers: int, limits: Limits, engine: str = "local", scheduler: str | None = None
) -> Runner:
    """`--engine dask` or `--scheduler` runs on Dask; else 1 worker in-process, more in a pool."""
    if engine == "dask" or scheduler is not None:
        from thaiplan.dask_runner import DaskRunner

        return DaskRunner(scheduler, workers, limits)
    if workers <= 1:
        return in_process
    from thaiplan.workers import LocalPool

    return LocalPool(workers, limits)


def in_process(jobs: list[Job], units: UnitRegistry) -> Outcomes:
    """One file after another in this process: no isolation, for one worker and debugging."""
    for job in jobs:
        yield job.index, extract_file(job, units)


def timed_out(job: Job, limits: Limits) -> FileOutcome:
    return failed(
        job,
        "file_timeout",
        f"Reading took longer than the {limits.file_timeout:g} s limit "
        "(--file-timeout), so the file was skipped.",
    )


def crashed(job: Job, how: str) -> FileOutcome:
    return failed(
        job,
        "worker_crashed",
        f"The worker reading this file died ({how}), so the file was skipped; please report this.",
    )


def exit_reason(exitcode: int | None) -> str:
    """How a worker process ended, in words: `exit code 3`, `killed by SIGSEGV`."""
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    hint = (
        ", perhaps by the system for using too much memory" if -exitcode == signal.SIGKILL else ""
    )
    return f"killed by {name}{hint}"
