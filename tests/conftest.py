import os
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

DATA = Path(__file__).parent / "data"
TEXT = DATA / "text"


@pytest.fixture(scope="session")
def units():
    from thaiplan.normalize.units import UnitRegistry

    return UnitRegistry.load()


@pytest.fixture(scope="session")
def processed(units):
    """process_file of a text export in tests/data/text, once per session, by stem."""
    from thaiplan.extract.process import process_file

    cache = {}

    def get(stem: str):
        if stem not in cache:
            path = TEXT / f"{stem}.txt"
            cache[stem] = process_file(path, path.name, units)
        return cache[stem]

    return get


def rows_at(result, dataset: str, line: int) -> list[dict]:
    return [r for r in result.records.get(dataset, []) if r["line"] == line]
