"""Incremental runs: which inputs are unchanged since the output was written, and what
becomes of each part of that output.

An input is unchanged when the previous manifest lists its SHA-256 (its content) with the
same other copies of those bytes (each named in a `duplicate_of` note); the options that
change rows are compared first. Where it is found does not matter: an input that moved or
was renamed keeps its rows, its part rewritten with its new source path. Files that failed
on a run limit (time, memory, a crashed worker) are tried again; other failures would
fail the same way and are kept. Parts whose documents are all unchanged are carried over
untouched; parts that lost documents (changed or deleted inputs) are rewritten without
them; the last part, if not full, is topped up with the new documents, so file counts
stay low over many small runs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from thaiplan._version import __version__
from thaiplan.extract.ids import doc_id_of
from thaiplan.output.datasets import OutputReadError, check_part
from thaiplan.output.schemas import SCHEMA_VERSION
from thaiplan.output.writer import MANIFEST_NAME, OutputWriter, Part, read_parts

RETRIED = frozenset({"file_timeout", "worker_crashed", "memory_limit"})


class Input(Protocol):
    @property
    def source_path(self) -> str: ...
    @property
    def sha256(self) -> str | None: ...
    @property
    def copies(self) -> tuple[str, ...]: ...


@dataclass
class Plan:
    kept: dict[int, dict[str, Any]] = field(default_factory=dict)  # input index -> previous entry
    carried: list[Part] = field(default_factory=list)  # copied as they are
    trimmed: list[tuple[Part, set[str]]] = field(
        default_factory=list
    )  # rewritten with these doc_ids
    topped_up: tuple[Part, set[str]] | None = None  # refilled with the new documents
    removed: int = 0  # previous inputs whose rows go (changed or deleted)
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc_id -> (old, new) path

    def apply(self, writer: OutputWriter) -> None:
        """Carries the previous output's parts into `writer` as planned."""
        for part in self.carried:
            writer.keep_part(writer.out_dir, part)
        for part, keep in self.trimmed:
            writer.filter_part(writer.out_dir, part, keep, self.moved)
        if self.topped_up is not None:
            writer.absorb_part(writer.out_dir, *self.topped_up, self.moved)


def plan(
    out_dir: Path,
    inputs: Sequence[Input],
    docs_per_part: int,
    row_options: Mapping[str, Any] | None = None,
) -> Plan | str:
    """What to keep of the output in `out_dir`, or why everything must be extracted again."""
    previous = _previous(out_dir, row_options)
    if isinstance(previous, str):
        return previous
    parts, entries = previous
    missing = next((f for part in parts for f in part.files if not (out_dir / f).is_file()), None)
    if missing is not None:
        return f"{missing} of the previous output is missing"
    damaged = _damaged(out_dir, parts)
    if damaged is not None:
        return f"the previous output is damaged: {damaged}"
    in_parts = {doc_id for part in parts for doc_id in part.doc_ids}
    kept, moved = _unchanged(entries, inputs, in_parts)
    result = Plan(kept=kept, moved=moved)
    kept_ids = {doc_id_of(e["sha256"]) for e in result.kept.values()}
    result.removed = sum(e.get("status") not in ("duplicate", "skipped") for e in entries) - len(
        result.kept
    )
    for part in parts:
        keep = set(part.doc_ids) & kept_ids
        if keep == set(part.doc_ids) and not keep & result.moved.keys():
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


def _previous(
    out_dir: Path, row_options: Mapping[str, Any] | None
) -> tuple[list[Part], list[dict[str, Any]]] | str:
    """The previous output's parts and read inputs, or why it cannot be built on."""
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
    return parts, entries


def _unchanged(
    entries: list[dict[str, Any]], inputs: Sequence[Input], in_parts: set[str]
) -> tuple[dict[int, dict[str, Any]], dict[str, tuple[str, str]]]:
    """The inputs whose rows are kept (input index -> manifest entry): the same bytes, with
    the same other copies, and rows in the parts; and of those, the ones that moved (doc_id
    -> old and new source path), whose rows keep all but their path. Bytes read twice by an
    older run (rows doubled under one doc_id) are never kept."""
    read = [
        e for e in entries if e.get("status") != "duplicate" and isinstance(e.get("sha256"), str)
    ]
    times_read = Counter(e["sha256"] for e in read)
    previous = {e["sha256"]: e for e in read if e.get("code") not in RETRIED}
    copies_before: dict[str, list[str]] = {}
    for e in entries:
        if e.get("status") == "duplicate" and isinstance(e.get("sha256"), str):
            copies_before.setdefault(e["sha256"], []).append(e["source_path"])
    kept: dict[int, dict[str, Any]] = {}
    moved: dict[str, tuple[str, str]] = {}
    for index, item in enumerate(inputs):
        entry = previous.get(item.sha256) if item.sha256 is not None else None
        if (
            entry is None
            or times_read[entry["sha256"]] != 1
            or sorted(copies_before.get(entry["sha256"], [])) != sorted(item.copies)
            or doc_id_of(entry["sha256"]) not in in_parts
        ):
            continue
        kept[index] = {**entry, "source_path": item.source_path}
        if entry["source_path"] != item.source_path:
            moved[doc_id_of(entry["sha256"])] = (entry["source_path"], item.source_path)
    return kept, moved


def _damaged(out_dir: Path, parts: list[Part]) -> str | None:
    """Why a part file cannot be carried over (its footer is read, not its rows), or None."""
    try:
        for part in parts:
            for relative in part.files:
                check_part(out_dir / relative, relative.split("/")[0])
    except OutputReadError as exc:
        return str(exc)
    return None
