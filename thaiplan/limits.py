"""Per-file isolation limits, apart from the runners so the command line loads fast."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_FILE_TIMEOUT = 600.0
DEFAULT_MAX_MEMORY_MB = 4096
# Bytes of one input file read at most, under every runner: the largest national budget
# book is a few hundred MB; a larger file is a disk image or a runaway export, not a plan.
MAX_FILE_BYTES = 1024 * 2**20


@dataclass(frozen=True)
class Limits:
    """Wall-clock seconds one file may take; memory (MB) a worker may grow by for one file."""

    file_timeout: float | None = DEFAULT_FILE_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB
