"""The Makefile: `make run` installs what running needs, the test toolchain comes with
`make test` and `make lint` (dry runs on a copy, as on a fresh machine)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(folder: Path, target: str) -> list[str]:
    """The commands `make TARGET` would run in `folder`, install lines only."""
    done = subprocess.run(
        ["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True
    )
    return [line for line in done.stdout.splitlines() if "pip install" in line]


@pytest.fixture
def fresh(tmp_path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path)
    return tmp_path


def test_make_run_installs_no_test_toolchain(fresh):
    assert dry_run(fresh, "run") == [".venv/bin/pip install -e ."]
    assert dry_run(fresh, "test") == [
        ".venv/bin/pip install -e .",
        ".venv/bin/pip install -e '.[test]'",
    ]
    assert dry_run(fresh, "lint")[-1] == ".venv/bin/pip install -e '.[test]'"


def test_stamps_install_each_part_once(fresh):
    venv = fresh / ".venv"
    venv.mkdir()
    (venv / ".installed").touch()
    assert dry_run(fresh, "run") == []
    assert dry_run(fresh, "test") == [".venv/bin/pip install -e '.[test]'"]
    (venv / ".installed-test").touch()
    assert dry_run(fresh, "test") == []
    later = (fresh / "pyproject.toml").stat().st_mtime + 10
    os.utime(fresh / "pyproject.toml", (later, later))  # a new dependency
    assert dry_run(fresh, "test") == [
        ".venv/bin/pip install -e .",
        ".venv/bin/pip install -e '.[test]'",
    ]
