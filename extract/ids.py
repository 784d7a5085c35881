"""Stable row ids: the same document gives the same ids on every run."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path

#: Hex digits kept of a SHA-256 for ids: 64 bits, unique across any realistic collection.
ID_HEX_DIGITS = 16


def doc_id_of(sha256_hex: str) -> str:
    """A document's id: the first ID_HEX_DIGITS of the SHA-256 of its bytes.

    >>> doc_id_of("9832c4f6d6e0f085" + "0" * 48)
    '9832c4f6d6e0f085'
    """
    return sha256_hex[:ID_HEX_DIGITS]


def file_sha256(path: Path, follow_links: bool = True) -> str | None:
    """SHA-256 of a file, read in chunks; None when it cannot be read (or, unless
    `follow_links`, when it is a link: an input found as a broken link stays unread)."""
    flags = os.O_RDONLY | (0 if follow_links else os.O_NOFOLLOW)
    try:
        with open(os.open(path, flags), "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


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
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]
