"""pythainlp's newmm word segmentation over a compact dictionary.

newmm asks its dictionary one question, `prefixes(text, start)`: the dictionary words
that `text` begins with at `start`. pythainlp answers it with a node-per-letter trie
that takes about 70 MiB for the 62,000 words, most of a worker's memory. The same
answer comes from the words sorted once: every word that begins with a prefix sorts
right after it, so one bisection per letter says whether the prefix is a word and
whether any word goes on, the question the trie's children answer. The segmentation is
the same word for word; the words take one list of references to the strings the
word set holds anyway.

>>> segment("กองแผนงานและประเมินผล")
['กอง', 'แผนงาน', 'และ', 'ประเมินผล']
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from pythainlp.util import Trie


class SortedWords:
    """A word list answering newmm's `prefixes` as pythainlp's `Trie` does.

    >>> SortedWords(["สวัสดี", "สวัส", "ดี", " ครับ "]).prefixes("สวัสดีครับ")
    ['สวัส', 'สวัสดี']
    >>> SortedWords(["ครับ"]).prefixes("สวัสดีครับ", 6)
    ['ครับ']
    """

    __slots__ = ("_first", "_words")

    def __init__(self, words: Iterable[str]) -> None:
        # the trie strips each word and its root (the empty word) is never a prefix
        self._words = sorted({w.strip() for w in words} - {""})
        #: first letter -> where its words start and end in the list: most positions
        #: newmm asks about (digits, spaces, Latin) are answered by this alone
        self._first: dict[str, tuple[int, int]] = {}
        for i, w in enumerate(self._words):
            self._first[w[0]] = (self._first.get(w[0], (i, i))[0], i + 1)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words `text` begins with at `start`, shortest first."""
        found: list[str] = []
        span = self._first.get(text[start]) if start < len(text) else None
        if span is None:
            return found
        words = self._words
        at, end_of_letter = span
        for end in range(start + 1, len(text) + 1):
            prefix = text[start:end]
            # the first word after the shorter prefix is also the first after this one
            # whenever it goes on with this letter: no search then
            if not (at < end_of_letter and words[at].startswith(prefix)):
                at = bisect_left(words, prefix, at, end_of_letter)
                if at == end_of_letter or not words[at].startswith(prefix):
                    break
            if len(words[at]) == len(prefix):
                found.append(prefix)
        return found


@lru_cache(maxsize=1)
def thai_words() -> frozenset[str]:
    """pythainlp's dictionary words (its own frozenset, loaded once)."""
    from pythainlp.corpus import thai_words as _thai_words

    return frozenset(_thai_words())


@lru_cache(maxsize=1)
def _dictionary() -> SortedWords:
    return SortedWords(thai_words())


def segment(text: str) -> list[str]:
    """`word_tokenize(text, engine="newmm")` with pythainlp's default dictionary."""
    from pythainlp.tokenize import word_tokenize

    # newmm only calls `prefixes`; pythainlp types the argument as its Trie
    return word_tokenize(text, custom_dict=cast("Trie", _dictionary()), engine="newmm")
