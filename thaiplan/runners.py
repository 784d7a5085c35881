"""Runners: where the per-file task (thaiplan.tasks.extract_file) runs.

A runner takes the jobs and yields `(index, outcome)` as files finish, in any order (the
pipeline restores input order). This module sits above the runners it chooses
between; they and it share only thaiplan.tasks (the task and every outcome builder).
`InProcess` reads in the calling process, under the same limits; thaiplan.workers.LocalPool
is the default, a process pool that isolates every file; thaiplan.dask_runner.DaskRunner runs on a Dask cluster.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

from thaiplan.extract.model import PageStage
from thaiplan.limits import FileTimeLimit, Limits, file_limits, use_system_allocator
from thaiplan.normalize.units import UnitRegistry
from thaiplan.tasks import FilePageProgress, Job, Outcomes, extract_file, timed_out

Runner = Callable[[list[Job], UnitRegistry], Outcomes]


def default_workers() -> int:
    """CPUs this process may run on (fewer than the machine has in a container or cgroup)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def make_runner(
    workers: int,
    limits: Limits,
    engine: str = "local",
    scheduler: str | None = None,
    on_page: FilePageProgress | None = None,
) -> Runner:
    """`--engine dask` or `--scheduler` runs on Dask; else 1 worker in-process, more in a pool.
    `on_page` hears of each page read, wherever the file runs."""
    if engine == "dask" or scheduler is not None:
        from thaiplan.dask_runner import DaskRunner

        return DaskRunner(scheduler, workers, limits, on_page)
    if workers <= 1:
        return InProcess(limits, on_page)
    from thaiplan.workers import LocalPool

    return LocalPool(workers, limits, on_page)


class InProcess:
    """One file after another in this process, each under `limits` (thaiplan.limits.
    file_limits): for one worker and for debugging, where a pool's isolation costs more
    than it gives."""

    def __init__(self, limits: Limits, on_page: FilePageProgress | None = None) -> None:
        self.limits = limits
        self.on_page = on_page

    def __call__(self, jobs: list[Job], units: UnitRegistry) -> Outcomes:
        if self.limits.max_memory_mb is not None:
            use_system_allocator()
        for job in jobs:
            try:
                with file_limits(self.limits) as restart_clock:
                    outcome = extract_file(job, units, partial(self._page, job, restart_clock))
            except FileTimeLimit:
                outcome = timed_out(job, self.limits)
            yield job.index, outcome

    def _page(
        self,
        job: Job,
        restart_clock: Callable[[], None],
        done: int,
        total: int,
        stage: PageStage = "ocr",
        /,
    ) -> None:
        """A page read: the progress hears of it; after an OCR page the file's clock starts
        again (a text-layer page takes milliseconds, so its file's limit stays whole)."""
        if stage == "ocr":
            restart_clock()
        if self.on_page is not None:
            self.on_page(job.source_path, done, total, stage)


# No limits at all: for the Python API (thaiplan.api), where a signal handler or a
# process-wide ceiling would disturb the host program, and for tests.
in_process = InProcess(Limits(file_timeout=None, max_memory_mb=None))
