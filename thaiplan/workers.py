"""The default runner: a pool of worker processes, each reading one file at a time.

Every file is isolated: a worker runs under an address-space ceiling (RLIMIT_AS), so a
file that needs too much memory gets MemoryError there; a file that runs past the time
limit has its worker killed; a worker that dies is replaced. Each of these becomes an
`error` diagnostic for that one file and the batch goes on (a process pool from the
standard library would break as a whole instead, and cannot stop one task).

Workers are forked, so they start in milliseconds with the extraction code already
loaded. They ignore Ctrl-C: the parent gets it and stops them before it unwinds.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections import deque
from functools import partial
from multiprocessing.connection import Connection, wait

from thaiplan.extract.model import PageStage
from thaiplan.limits import Limits, limit_address_space, use_system_allocator
from thaiplan.normalize.units import UnitRegistry
from thaiplan.tasks import (
    FileOutcome,
    FilePageProgress,
    Job,
    Outcomes,
    crashed,
    exit_reason,
    extract_file,
    out_of_memory,
    timed_out,
)

PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies (Linux)
_STOP_GRACE = 5.0  # seconds an idle worker gets to exit before it is killed
_PAGE_DONE = "page"  # tags a worker's progress message, `(tag, done, to do, stage)`


class LocalPool:
    """Runs jobs on `workers` forked processes under `limits`; yields outcomes as they finish."""

    def __init__(
        self, workers: int, limits: Limits, on_page: FilePageProgress | None = None
    ) -> None:
        self.workers = workers
        self.limits = limits
        self.on_page = on_page

    def __call__(self, jobs: list[Job], units: UnitRegistry) -> Outcomes:
        context = multiprocessing.get_context("fork")
        queue = deque(jobs)
        pool: list[_Worker] = []
        try:
            while queue or any(w.job for w in pool):
                while queue and len(pool) < self.workers:
                    pool.append(_Worker(context, units, self.limits, pool, self.on_page))
                for worker in pool:
                    if worker.job is None and queue:
                        worker.assign(queue.popleft(), self.limits.file_timeout)
                busy = [w for w in pool if w.job is not None]
                ready = set(
                    wait([w.conn for w in busy] + [w.process.sentinel for w in busy], _until(busy))
                )
                for worker in busy:
                    job = worker.job
                    assert job is not None
                    outcome = self._outcome(worker, job, ready)
                    if outcome is None:  # still reading (or a page read; the file goes on)
                        continue
                    worker.job = None
                    if outcome.code == "memory_limit" or not worker.process.is_alive():
                        worker.stop(kill=outcome.code != "memory_limit")  # that one exits by itself
                        pool.remove(worker)
                    yield job.index, outcome
        finally:
            for worker in pool:
                worker.stop(kill=worker.job is not None)

    def _outcome(self, worker: _Worker, job: Job, ready: set) -> FileOutcome | None:
        """The file's outcome if the worker has one (or ran past the file's time), else None."""
        if worker.conn in ready or worker.process.sentinel in ready:
            return worker.collect(job)
        if worker.deadline is not None and time.monotonic() >= worker.deadline:
            worker.stop(kill=True)
            return timed_out(job, self.limits)
        return None


class _Worker:
    def __init__(
        self,
        context,
        units: UnitRegistry,
        limits: Limits,
        others: list[_Worker],
        on_page: FilePageProgress | None,
    ) -> None:
        self.on_page = on_page
        self.conn, child_end = context.Pipe()
        # The child closes its copies of every parent-side end, so it sees EOF if the parent dies.
        inherited = [self.conn, *(w.conn for w in others)]
        self.process = context.Process(
            target=_serve,
            args=(
                child_end,
                inherited,
                units,
                limits.max_memory_mb,
                os.getpid(),
                on_page is not None or limits.file_timeout is not None,
            ),
            name="thaiplan-worker",
            daemon=True,
        )
        self.process.start()
        child_end.close()
        self.job: Job | None = None
        self.timeout: float | None = None
        self.deadline: float | None = None

    def assign(self, job: Job, timeout: float | None) -> None:
        self.job, self.timeout = job, timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        with contextlib.suppress(OSError):  # died while idle: `collect` reports it
            self.conn.send(job)

    def collect(self, job: Job) -> FileOutcome | None:
        """The worker's answer, None for a page of progress (passed on), or a
        `worker_crashed` outcome if it died instead."""
        if self.conn.poll():
            with contextlib.suppress(
                EOFError, OSError, pickle.UnpicklingError
            ):  # cut off by the worker's death
                first, *rest = self.conn.recv()
                if first != _PAGE_DONE:
                    return rest[0]
                done, total, stage = rest
                if self.timeout is not None and stage == "ocr":  # its clock starts again
                    self.deadline = time.monotonic() + self.timeout
                if self.on_page is not None:
                    self.on_page(job.source_path, done, total, stage)
                return None
        self.process.join(_STOP_GRACE)
        return crashed(job, exit_reason(self.process.exitcode))

    def stop(self, kill: bool) -> None:
        """Ends the process (asking an idle one, killing a busy one) and reaps it."""
        if not kill:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(_STOP_GRACE)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _until(busy: list[_Worker]) -> float | None:
    deadlines = [w.deadline for w in busy if w.deadline is not None]
    return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None


def _serve(
    conn: Connection,
    inherited: list[Connection],
    units: UnitRegistry,
    max_memory_mb: int | None,
    parent: int,
    report_pages: bool,
) -> None:
    """A worker's life: read jobs until told to stop; after running out of memory, exit afresh."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    for other in inherited:
        other.close()
    if max_memory_mb is not None:
        use_system_allocator()
        limit_address_space(max_memory_mb)
    while True:
        try:
            job = conn.recv()
        except EOFError:  # the parent is gone
            return
        if job is None:
            return
        outcome = extract_file(job, units, partial(_send_page, conn) if report_pages else None)
        try:
            try:
                conn.send((job.index, outcome))
            except MemoryError:
                outcome = out_of_memory(job)
                conn.send((job.index, outcome))
        except OSError:  # the parent is gone
            return
        if outcome.code == "memory_limit":
            return


def _send_page(conn: Connection, done: int, total: int, stage: PageStage = "ocr", /) -> None:
    with contextlib.suppress(OSError):  # the parent is gone: the next send says so
        conn.send((_PAGE_DONE, done, total, stage))


def _die_with_parent(parent: int) -> None:
    """Asks Linux to kill this worker when the parent dies, even by SIGKILL (a busy worker
    never reads the pipe's EOF); exits at once if the parent died before the ask."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)
