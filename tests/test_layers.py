"""Dependencies point down the stages (read -> context -> recognise -> check -> output -> run),
and no module imports a module that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: source folder -> the package it installs as
PACKAGES = {
    "thaiplan": "thaiplan",
    "extract": "thaiplan.extract",
    "normalize": "thaiplan.normalize",
}
#: the run stage: command line, batch pipeline, runners and the API
RUN_MODULES = {
    "thaiplan",
    "thaiplan.api",
    "thaiplan.cli",
    "thaiplan.pipeline",
    "thaiplan.runners",
    "thaiplan.workers",
    "thaiplan.dask_runner",
    "thaiplan.tasks",
    "thaiplan.incremental",
    "thaiplan.ordering",
    "thaiplan.progress",
    "thaiplan.limits",
}
SHARED_RECORD_BUILDERS = {"thaiplan.extract.recognisers.kpi_rows"}


def modules() -> dict[str, Path]:
    found = {}
    for folder, package in PACKAGES.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            name = ".".join((package, *parts)).removesuffix(".__init__")
            found[name] = path
    return found


def absolute(node: ast.ImportFrom, name: str, path: Path) -> str | None:
    """The module a `from … import` names, relative imports resolved against `name`."""
    if not node.level:
        return node.module
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for _ in range(node.level - 1):
        package = package.rsplit(".", 1)[0]
    return f"{package}.{node.module}" if node.module else package


def module_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """thaiplan modules a module imports, at module level or lazily inside a function (a lazy
    import is still a dependency), relative imports included; `from package import module`
    counts as that module."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = absolute(node, name, path)
            if not module or not module.startswith("thaiplan"):
                continue
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                imported.add(submodule if submodule in known else module)
        elif isinstance(node, ast.Import):
            imported |= {a.name for a in node.names if a.name.startswith("thaiplan")}
    return imported


MODULES = modules()
GRAPH = {name: module_imports(name, path, set(MODULES)) - {name} for name, path in MODULES.items()}


def test_relative_imports_are_counted():
    """The readers import each other relatively; the graph must see those edges."""
    assert "thaiplan.extract.readers.pages" in GRAPH["thaiplan.extract.readers.ocr"]
    assert "thaiplan.extract.readers.ocr" in GRAPH["thaiplan.extract.readers.pdf"]


def test_normalize_imports_only_normalize():
    for name, imports in GRAPH.items():
        if name.startswith("thaiplan.normalize"):
            assert all(i.startswith("thaiplan.normalize") for i in imports), (name, imports)


def test_extraction_stages_never_import_the_output_or_run_stages():
    for name, imports in GRAPH.items():
        if name.startswith("thaiplan.extract"):
            above = {
                i
                for i in imports
                if not i.startswith(("thaiplan.extract", "thaiplan.normalize", "thaiplan._version"))
            }
            assert not above, (name, above)


def test_readers_do_not_know_the_later_stages():
    later = (
        "thaiplan.extract.recognisers",
        "thaiplan.extract.context.sections",
        "thaiplan.extract.context.reading",
    )
    for name, imports in GRAPH.items():
        if name.startswith("thaiplan.extract.readers"):
            assert not {i for i in imports if i.startswith(later)}, name


def test_recognisers_do_not_import_each_other():
    for name, imports in GRAPH.items():
        if name.startswith("thaiplan.extract.recognisers.") and name not in SHARED_RECORD_BUILDERS:
            others = {
                i
                for i in imports
                if i.startswith("thaiplan.extract.recognisers.")
                and i not in SHARED_RECORD_BUILDERS
                and i != name
            }
            assert not others, (name, others)


def test_recognisers_do_not_import_the_check_stage():
    """A recogniser's own reconciliation rows are built with thaiplan.extract.records; the
    check stage comes after recognition and reads what the recognisers made."""
    for name, imports in GRAPH.items():
        if name.startswith("thaiplan.extract.recognisers"):
            assert not {i for i in imports if i.startswith("thaiplan.extract.check")}, name


def test_output_stage_never_imports_the_run_stage():
    for name, imports in GRAPH.items():
        if (
            name.startswith("thaiplan.")
            and not name.startswith(("thaiplan.extract", "thaiplan.normalize"))
            and name not in RUN_MODULES
        ):
            assert not (imports & RUN_MODULES), (name, imports & RUN_MODULES)


def test_no_import_cycle():
    """Depth-first search over every import, lazy and relative ones included; a back edge
    is a cycle."""
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH.get(name, ())):
            if target not in GRAPH:
                continue
            assert state.get(target) != "open", " -> ".join([*path, name, target])
            if target not in state:
                visit(target, [*path, name])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [])


def test_the_command_line_starts_without_pandas():
    """`thaiplan --help` and `thaiplan schema` need neither pandas nor the PDF stack."""
    import subprocess
    import sys

    probe = "import sys, thaiplan.cli; print(sorted({'pandas', 'pdfplumber'} & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


#: The only modules that write the environment: the package's entry, where every import of
#: thaiplan passes first (pythainlp offline); the command line (Dask's log level, before Dask
#: loads); and the OCR reader, for the Tesseract processes pytesseract starts, which take
#: their thread limit from no other place; and the limits, for Arrow's allocator under an
#: address-space ceiling, which Arrow loaded later (by the writer, or Dask) takes from no
#: other place.
ENVIRONMENT_WRITERS = {
    "thaiplan",
    "thaiplan.cli",
    "thaiplan.extract.readers.ocr",
    "thaiplan.limits",
}


def writes_environment(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        target = node.func if isinstance(node, ast.Call) else None
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Subscript) and "environ" in ast.unparse(t) for t in targets):
                return True
        if isinstance(target, ast.Attribute) and (
            target.attr == "putenv"
            or (target.attr in ("setdefault", "update", "pop") and "environ" in ast.unparse(target))
        ):
            return True
    return False


def test_no_module_but_the_entry_points_writes_the_environment():
    writers = {name for name, path in MODULES.items() if writes_environment(path)}
    assert writers <= ENVIRONMENT_WRITERS, writers - ENVIRONMENT_WRITERS
    assert "thaiplan" in writers
