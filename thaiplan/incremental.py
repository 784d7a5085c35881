"""Incremental runs: which inputs are unchanged since the output was written, and what
becomes of each part of that output.

An input is unchanged when the previous manifest lists the same source path with the
same SHA-256. Files that failed on a run limit (time, memory, a crashed worker) are
tried again; other failures would fail the same way and are kept. Parts whose documents
are all unchanged are carried over untouched; parts that lost documents (changed or
deleted inputs) are rewritten without them; the last part, if not full, is topped up
with the new documents, so file counts stay low over many small runs.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from thaiplan._version import __version__
from thaiplan.extract.ids import doc_id_of, file_sha256
from thaiplan.output.datasets import OutputReadError, check_part
from thaiplan.output.schemas import SCHEMA_VERSION
from thaiplan.output.writer import MANIFEST_NAME, OutputWriter, Part, read_parts

RETRIED = frozenset({"file_timeout", "worker_crashed", "memory_limit"})


class Input(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def source_path(self) -> str: ...


@dataclass
class Plan:
    kept: dict[int, dict[str, Any]] = field(default_factory=dict)  # input index -> previous entry
    carried: list[Part] = field(default_factory=list)  # copied as they are
    trimmed: list[tuple[Part, set[str]]] = field(
        default_factory=list
    )  # rewritten with these doc_ids
    topped_up: tuple[Part, set[str]] | None = None  # refilled with the new documents
    removed: int = 0  # previous inputs whose rows go (changed or deleted)

    def apply(self, writer: OutputWriter) -> None:
        """Carries the previous output's parts into `writer` as planned."""
        for part in self.carried:
            writer.keep_part(writer.out_dir, part)
        for part, keep in self.trimmed:
            writer.filter_part(writer.out_dir, part, keep)
        if self.topped_up is not None:
            writer.absorb_part(writer.out_dir, *self.topped_up)


def plan(
    out_dir: Path,
    inputs: Sequence[Input],
    docs_per_part: int,
    row_options: Mapping[str, Any] | None = None,
) -> Plan | str:
    """What to keep of the output in `out_dir`, or why everything must be extracted again."""
    try:
        manifest = json.loads((out_dir / MANIFEST_NAME).read_text("utf-8"))
        if (manifest.get("tool_version"), manifest.get("schema_version")) != (
            __version__,
            SCHEMA_VERSION,
        ):
            return "the previous output was written by another thaiplan version"
        if manifest.get("row_options", {}) != dict(row_options or {}):
            return (
                "the options that change rows (the --units file, --ocr) are not those of the "
                "previous run"
            )
        parts = read_parts(manifest)
        entries = [  # skipped entries are found again (or not) by this run's walk
            e
            for e in manifest["inputs"]
            if isinstance(e, dict)
            and isinstance(e.get("source_path"), str)
            and e.get("status") != "skipped"
        ]
    except FileNotFoundError:
        return "there is no previous output"
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"the previous manifest cannot be used ({exc})"
    missing = next((f for part in parts for f in part.files if not (out_dir / f).is_file()), None)
    if missing is not None:
        return f"{missing} of the previous output is missing"
    damaged = _damaged(out_dir, parts)
    if damaged is not None:
        return f"the previous output is damaged: {damaged}"
    in_parts = {doc_id for part in parts for doc_id in part.doc_ids}
    # Two inputs with the same bytes share a doc_id: their rows cannot be told apart, so
    # neither is kept unless both are.
    shared = Counter(_doc_id(e["source_path"], e.get("sha256")) for e in entries)
    previous = {
        (e["source_path"], e.get("sha256")): e for e in entries if e.get("code") not in RETRIED
    }
    result = Plan()
    for index, item in enumerate(inputs):
        sha256 = file_sha256(item.path, follow_links=False)
        entry = previous.get((item.source_path, sha256))
        doc_id = _doc_id(item.source_path, sha256)
        if entry is not None and shared[doc_id] == 1 and doc_id in in_parts:
            result.kept[index] = entry
    kept_ids = {_doc_id(e["source_path"], e.get("sha256")) for e in result.kept.values()}
    result.removed = len(entries) - len(result.kept)
    for part in parts:
        keep = set(part.doc_ids) & kept_ids
        if keep == set(part.doc_ids):
            result.carried.append(part)
        elif keep:
            result.trimmed.append((part, keep))
    if len(result.kept) < len(inputs) and (result.carried or result.trimmed):
        last = max([*result.carried, *(p for p, _ in result.trimmed)], key=lambda p: p.number)
        keep = set(last.doc_ids) & kept_ids
        if len(keep) < docs_per_part:
            result.carried = [p for p in result.carried if p is not last]
            result.trimmed = [(p, k) for p, k in result.trimmed if p is not last]
            result.topped_up = (last, keep)
    return result


def _damaged(out_dir: Path, parts: list[Part]) -> str | None:
    """Why a part file cannot be carried over (its footer is read, not its rows), or None."""
    try:
        for part in parts:
            for relative in part.files:
                check_part(out_dir / relative, relative.split("/")[0])
    except OutputReadError as exc:
        return str(exc)
    return None


def _doc_id(source_path: str, sha256: str | None) -> str:
    """As the rows have it: from the bytes, or from the path for a file that could not be read."""
    return doc_id_of(sha256 or hashlib.sha256(source_path.encode()).hexdigest())
