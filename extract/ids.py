"""Stable row ids: the same document gives the same ids on every run."""

from __future__ import annotations

import hashlib
from collections import Counter


class IdMaker:
    """Hashes the identifying parts of a row plus how often they occurred before in the document."""

    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.seen: Counter[tuple] = Counter()

    def make(self, kind: str, *parts: object) -> str:
        key = (kind, *("" if p is None else str(p) for p in parts))
        occurrence = self.seen[key]
        self.seen[key] += 1
        joined = "\x1f".join((self.doc_id, *key, str(occurrence)))
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]
