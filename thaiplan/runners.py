"""Runners: where the per-file task (thaiplan.tasks.extract_file) runs.

A runner takes the jobs and yields `(index, outcome)` as files finish, in any order (the
pipeline restores input order). This module sits above the runners it chooses
between; they and it share only thaiplan.tasks (the task and every outcome builder).
`in_process` reads in the calling process, without limits; thaiplan.workers.LocalPool
is the default, a process pool that isolates every file; thaiplan.dask_runner.DaskRunner runs on a Dask cluster.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from thaiplan.limits import Limits
from thaiplan.normalize.units import UnitRegistry
from thaiplan.tasks import Job, Outcomes, extract_file

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
