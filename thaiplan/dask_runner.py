"""The cluster runner: the same per-file task on a Dask distributed cluster.

`--scheduler tcp://host:8786` uses a running cluster; `--engine dask` alone starts a
LocalCluster of `--workers` processes here. Workers read the input files themselves, so
every worker must see them at the same absolute paths (a shared file system); only the
rows travel back.

Isolation: a file still running after --file-timeout is given up and its worker
restarted (Dask cannot stop one task); each page a worker reads by OCR reaches us as a
Dask event, which starts the file's time anew and is passed on as progress; a worker
that dies on a file (a crash, or its nanny stopping it over the memory limit) fails
that file. On a LocalCluster the limit is --max-memory-mb, held by each worker's
address-space ceiling as in the local pool (an allocation past it fails that file as
`memory_limit`; the nanny is the backstop), and a dead worker's file is not retried;
on your own cluster both are the workers' and scheduler's settings (`dask worker
--memory-limit`, `distributed.scheduler.allowed-failures`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue as queues
import signal
import time
import uuid

from thaiplan.extract.model import PageStage
from thaiplan.limits import Limits, limit_address_space, use_system_allocator
from thaiplan.normalize.units import UnitRegistry
from thaiplan.tasks import (
    FileOutcome,
    FilePageProgress,
    Job,
    Outcomes,
    crashed,
    extract_file,
    timed_out,
)

NANNY_HEADROOM_MB = 1024  # a worker's own imports and Dask's, over the per-file ceiling
#: Longest wait (seconds) for a file to finish before page events are passed on.
PAGE_POLL_SECONDS = 1.0
#: Seconds a file sent to the cluster may wait for a worker to start it, on top of
#: --file-timeout: a worker being restarted comes back in seconds; past this the file
#: is reported (no worker took it), never waited for in silence.
START_GRACE_SECONDS = 120.0
#: Seconds a restart of a worker that ran past --file-timeout is given.
RESTART_TIMEOUT_SECONDS = 60.0
REMOVAL_POLL_SECONDS = 0.05  # while the scheduler notices a killed worker is gone
STARTED = (0, 0, "start")  # (done, total, stage) of the event a task sends when it starts
log = logging.getLogger("thaiplan")


class DaskRunner:
    def __init__(
        self,
        scheduler: str | None,
        workers: int,
        limits: Limits,
        on_page: FilePageProgress | None = None,
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers  # of a LocalCluster (unused with a scheduler)
        self.limits = limits
        self.on_page = on_page

    def __call__(self, jobs: list[Job], units: UnitRegistry) -> Outcomes:
        import dask
        from distributed import Client, LocalCluster

        with contextlib.ExitStack() as stack:
            cluster = None
            if self.scheduler is None:
                mb = self.limits.max_memory_mb
                # the nanny (a backstop measuring the whole worker) allows for its imports
                memory = f"{mb + NANNY_HEADROOM_MB}MiB" if mb else 0
                # a file is sent only to a worker with a free thread, never queued behind
                # another: a worker stopped for its file takes no other file with it
                config = {
                    "distributed.scheduler.allowed-failures": 0,
                    "distributed.scheduler.worker-saturation": 1.0,
                }
                with dask.config.set(config):
                    cluster = stack.enter_context(
                        LocalCluster(
                            n_workers=self.workers,
                            threads_per_worker=1,
                            processes=True,
                            memory_limit=memory,
                            dashboard_address=":0",  # any free port: 8787 may be taken
                        )
                    )
                client = stack.enter_context(Client(cluster))
                if self.limits.max_memory_mb is not None:
                    client.register_plugin(address_space_ceiling(self.limits.max_memory_mb))
            else:
                client = stack.enter_context(Client(self.scheduler))
            yield from self._run(client, jobs, units, _Stopper(client, cluster))

    def _run(self, client, jobs: list[Job], units: UnitRegistry, stopper: _Stopper) -> Outcomes:
        from distributed import wait

        # As many tasks in flight as there are worker threads, so finished rows do not pile
        # up on the cluster; a task's deadline counts from the event it sends as it starts.
        window = max(1, sum(client.nthreads().values()))
        client.run(_load_extraction)  # so a file's time limit does not include the imports
        timeout = self.limits.file_timeout
        topic = f"thaiplan-pages-{uuid.uuid4().hex}"  # this run's page events only
        pages: queues.SimpleQueue = queues.SimpleQueue()  # (job index, done, total, stage)
        client.subscribe_topic(topic, lambda event: pages.put(event[1]))
        queue = list(reversed(jobs))
        running: dict = {}  # future -> job
        deadlines: dict[int, float] = {}  # job index -> when its file is given up
        try:
            while queue or running:
                while queue and len(running) < window:
                    job = queue.pop()
                    future = client.submit(_extract_reporting, job, units, topic, pure=False)
                    running[future] = job
                    if timeout is not None:  # until a worker starts it (see _pages_read)
                        deadlines[job.index] = time.monotonic() + timeout + START_GRACE_SECONDS
                until = min(deadlines.values(), default=None)
                wait_for = None if until is None else max(0.0, until - time.monotonic())
                try:
                    done, _ = wait(
                        list(running), timeout=_poll(wait_for), return_when="FIRST_COMPLETED"
                    )
                except TimeoutError:
                    done = set()
                self._pages_read(pages, running, deadlines)
                for future in done:
                    job = running.pop(future)
                    deadlines.pop(job.index, None)
                    yield job.index, _outcome(future, job)
                now = time.monotonic()
                for future, job in list(running.items()):
                    if job.index in deadlines and now >= deadlines[job.index]:
                        del running[future], deadlines[job.index]
                        stopper.give_up(future)
                        yield job.index, timed_out(job, self.limits)
        finally:
            client.unsubscribe_topic(topic)
            for future in running:
                future.cancel()

    def _pages_read(
        self, pages: queues.SimpleQueue, running: dict, deadlines: dict[int, float]
    ) -> None:
        """Each event: a file started, or a page read from its text layer or by OCR. A
        start or an OCR page starts its file's time (again), and the caller hears of each
        page: a file's time counts from when a worker starts it, not from when it was sent,
        so a file waiting for a restarted worker is not given up for the time it waited."""
        by_index = {job.index: job for job in running.values()}
        while not pages.empty():
            index, done, total, stage = pages.get()
            job = by_index.get(index)
            if job is None:  # its file already finished or was given up
                continue
            if stage != "text" and index in deadlines and self.limits.file_timeout is not None:
                deadlines[index] = time.monotonic() + self.limits.file_timeout
            if self.on_page is not None and stage != STARTED[2]:
                self.on_page(job.source_path, done, total, stage)


def address_space_ceiling(megabytes: int):
    """A worker plugin: every worker of our LocalCluster, restarted ones too, grows by at
    most `megabytes` over what it holds once started (see thaiplan.limits). Built here so
    that importing this module does not need Dask."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class AddressSpaceCeiling(WorkerPlugin):
        name = "thaiplan-address-space"

        def setup(self, worker) -> None:
            use_system_allocator()
            limit_address_space(megabytes)

    return AddressSpaceCeiling()


def _poll(wait_for: float | None) -> float:
    """How long to wait for a file now: never past a deadline, and short enough that page
    events (progress, and a deadline pushed back) are heard while files run."""
    return PAGE_POLL_SECONDS if wait_for is None else min(wait_for, PAGE_POLL_SECONDS)


def _extract_reporting(job: Job, units: UnitRegistry, topic: str) -> FileOutcome:
    """extract_file on a worker, each page it reads sent back as an event on `topic`."""
    from distributed import get_worker

    worker = get_worker()
    worker.log_event(topic, (job.index, *STARTED))

    def send(done: int, total: int, stage: PageStage = "ocr", /) -> None:
        worker.log_event(topic, (job.index, done, total, stage))

    return extract_file(job, units, send)


def _load_extraction() -> None:
    import thaiplan.tasks  # noqa: F401


def _outcome(future, job: Job) -> FileOutcome:
    from distributed.scheduler import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return crashed(job, "the Dask worker died: a crash, or over its memory limit")


class _Stopper:
    """Stops the worker still running a file given up (Dask cannot stop one task). A
    worker of our LocalCluster is killed at once and its nanny starts a new one, while the
    other workers' files go on (a polite restart waited 4 s for a worker busy in C code,
    then killed it anyway, and held up every other file meanwhile); a worker of your own
    cluster is restarted."""

    def __init__(self, client, cluster) -> None:
        self.client = client
        self.cluster = cluster

    def give_up(self, future) -> None:
        """Stops the task's worker, then cancels the task. Cancelled while its worker is
        still listed, it would free that worker's thread for the next file, which the
        worker's end would then take down with it."""
        address = self.client.run_on_scheduler(_processing_on, key=future.key)
        nanny = self._nanny_of(address) if address is not None else None
        if nanny is not None and nanny.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(nanny.pid, signal.SIGKILL)
            until = time.monotonic() + RESTART_TIMEOUT_SECONDS
            while address in self.client.nthreads() and time.monotonic() < until:
                time.sleep(REMOVAL_POLL_SECONDS)
        elif address is not None:
            failed = self.client.restart_workers(
                [address], timeout=RESTART_TIMEOUT_SECONDS, raise_for_error=False
            )
            if failed:
                log.warning("Dask worker %s did not restart: %s", address, failed)
        future.cancel()

    def _nanny_of(self, address: str):
        workers = self.cluster.workers.values() if self.cluster is not None else ()
        return next((n for n in workers if getattr(n, "worker_address", None) == address), None)


def _processing_on(key: str, dask_scheduler=None) -> str | None:
    task = dask_scheduler.tasks.get(key) if dask_scheduler is not None else None
    return (
        task.processing_on.address if task is not None and task.processing_on is not None else None
    )
