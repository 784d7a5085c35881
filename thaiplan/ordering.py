"""Puts outcomes that finish in any order back into input order.

The writer fills its parts in the order it is given files, so input order makes the
output the same whichever runner and how many workers produced it. Outcomes that finish
before their turn wait in memory up to a budget and on disk beyond it, so one slow file
among thousands of quick ones cannot make memory grow.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Generator, Iterable
from pathlib import Path

from thaiplan.tasks import FileOutcome

MEMORY_BUDGET = 256 * 2**20  # bytes of early outcomes held in memory


def in_input_order(
    results: Iterable[tuple[int, FileOutcome]], order: list[int], budget: int = MEMORY_BUDGET
) -> Generator[tuple[int, FileOutcome], None, None]:
    """Yields `results` in the order of the indexes in `order` (every index arrives once)."""
    waiting: dict[int, FileOutcome | Path] = {}
    held = 0
    position = 0
    with tempfile.TemporaryDirectory(prefix="thaiplan-early-") as spill:
        for index, outcome in results:
            if index != order[position] and held + outcome.nbytes > budget:
                path = Path(spill, f"{index}.pickle")
                with path.open("wb") as handle:
                    pickle.dump(outcome, handle, protocol=pickle.HIGHEST_PROTOCOL)
                waiting[index] = path
            else:
                waiting[index] = outcome
                held += outcome.nbytes
            while position < len(order) and order[position] in waiting:
                item = waiting.pop(order[position])
                if isinstance(item, Path):
                    with item.open("rb") as handle:
                        ready = pickle.load(handle)
                    item.unlink()
                else:
                    ready = item
                    held -= ready.nbytes
                yield order[position], ready
                position += 1
