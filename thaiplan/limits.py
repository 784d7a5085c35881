"""Per-file isolation limits, apart from the runners so the command line loads fast."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DEFAULT_FILE_TIMEOUT = 600.0
DEFAULT_MAX_MEMORY_MB = 4096
# Bytes of one input file read at most, under every runner: the largest national budget
# book is a few hundred MB; a larger file is a disk image or a runaway export, not a plan.
MAX_FILE_BYTES = 1024 * 2**20


@dataclass(frozen=True)
class Limits:
    """Wall-clock seconds one file may take (a scan: each page OCR reads); memory (MB) a
    worker may grow by for one file."""

    file_timeout: float | None = DEFAULT_FILE_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


class FileTimeLimit(BaseException):
    """A file read in this process ran past --file-timeout. A BaseException, like
    KeyboardInterrupt, so that no parser's `except Exception` swallows it."""


@contextlib.contextmanager
def file_limits(limits: Limits) -> Iterator[Callable[[], None]]:
    """--file-timeout and --max-memory-mb for one file read in this process (one worker,
    `thaiplan text`): an address-space ceiling over what the process holds now, so an
    allocation past it raises MemoryError, and a one-shot alarm raising FileTimeLimit.
    The alarm needs the main thread; elsewhere only the memory ceiling applies. It yields
    a function that winds the alarm up again: each page OCR finishes gets the full time.

    Afterwards the ceiling, the SIGALRM handler and an alarm the caller had set (with its
    time left) are given back. The alarm is switched off first, alone: should it fire
    just then, the outer clean-up still runs, and a one-shot alarm cannot fire twice.
    """
    previous = limit_address_space(limits.max_memory_mb) if limits.max_memory_mb else None
    timeout = limits.file_timeout
    alarm = timeout is not None and threading.current_thread() is threading.main_thread()
    handler, outer, armed_at = None, (0.0, 0.0), time.monotonic()

    def restart() -> None:
        if timeout is not None and alarm:
            signal.setitimer(signal.ITIMER_REAL, timeout)

    try:
        if timeout is not None and alarm:
            outer = signal.getitimer(signal.ITIMER_REAL)
            handler = signal.signal(signal.SIGALRM, _raise_time_limit)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            yield restart
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        if alarm:
            signal.signal(signal.SIGALRM, handler)
            if outer[0]:
                left = max(outer[0] - (time.monotonic() - armed_at), 0.001)
                signal.setitimer(signal.ITIMER_REAL, left, outer[1])
        if previous is not None:
            resource.setrlimit(resource.RLIMIT_AS, previous)


def _raise_time_limit(signum, frame) -> None:
    raise FileTimeLimit


def use_system_allocator() -> None:
    """Arrow's default allocator reserves address space in large arenas; the system
    allocator makes an address-space ceiling track what is really used. Called where a
    ceiling is set; Arrow not yet imported is told by its environment variable, read when
    it first allocates, so a worker reads its document before Arrow loads."""
    if "pyarrow" not in sys.modules:
        os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
        return
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def give_back_freed_memory() -> None:
    """Collects unreachable objects and returns the C heap's free pages to the system
    (glibc's malloc_trim; elsewhere only the collection), so that what a phase freed does
    not stay in the process's resident size under the next phase's allocations."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def limit_address_space(megabytes: int) -> tuple[int, int] | None:
    """Lets this process grow by `megabytes` over what it holds now (Linux; elsewhere no
    limit); returns the limits it replaced, or None where it set none."""
    current = _address_space()
    if current is None:
        return None
    previous = resource.getrlimit(resource.RLIMIT_AS)
    soft, hard = previous
    limit = current + megabytes * 2**20
    for ceiling in (soft, hard):
        if ceiling != resource.RLIM_INFINITY:
            limit = min(limit, ceiling)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return previous


@contextlib.contextmanager
def outside_the_ceiling() -> Iterator[None]:
    """Address space mapped inside is not counted against the address-space ceiling: for
    loading libraries a worker keeps for every file after (Arrow and numpy, ~300 MiB of
    mappings), not memory the file took. The ceiling is lifted to the hard limit meanwhile
    and set back raised by what was mapped."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    before = _address_space()
    if soft == resource.RLIM_INFINITY or before is None:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    try:
        yield
    finally:
        raised = soft + max((_address_space() or before) - before, 0)
        if hard != resource.RLIM_INFINITY:
            raised = min(raised, hard)
        resource.setrlimit(resource.RLIMIT_AS, (raised, hard))


def _address_space() -> int | None:
    """Bytes of address space this process has mapped (Linux; elsewhere None)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return None
