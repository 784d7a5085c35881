"""pythainlp's newmm word segmentation over a compact dictionary.

newmm asks its dictionary one question, `prefixes(text, start)`: the dictionary words
that `text` begins with at `start`. pythainlp answers it with a node-per-letter trie
that takes about 70 MiB for its 62,000 words, most of a worker's memory, and its word
set takes 10 more. Here the words are kept as text: those sharing their first two
letters sorted into one newline-separated string (1,155 of them, 1.3 MiB in all). In a
sorted list a prefix comes before every word that continues it, so the first place
"\\n" + prefix occurs says both whether any word goes on (the trie's child) and whether
the prefix is itself a word (a newline follows), and each longer prefix is looked for
from there on. The segmentation is the same word for word.

>>> segment("กองแผนงานและประเมินผล")
['กอง', 'แผนงาน', 'และ', 'ประเมินผล']
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from pythainlp.util import Trie

#: pythainlp's dictionary file (what `pythainlp.corpus.thai_words` reads), read here
#: without pythainlp's own copy as a frozenset
WORDS_FILE = ("pythainlp.corpus", "words_th.txt")
#: letters that choose a word's group
_KEY = 3


class Dictionary:
    """Words answering newmm's `prefixes` as pythainlp's `Trie` does, and membership.

    >>> words = Dictionary(" ".join(["สวัสดี", "สวัส", "ดี", "ครับ", "ส", "สวัส"]).replace(" ", chr(10)))
    >>> words.prefixes("สวัสดีครับ"), words.prefixes("สวัสดีครับ", 6)
    (['ส', 'สวัส', 'สวัสดี'], ['ครับ'])
    >>> "สวัส" in words, "สวั" in words, "ส" in words, "ครับ" in words, len(words)
    (True, False, True, True, 5)
    """

    __slots__ = ("_groups", "_short", "_words")

    def __init__(self, lines: str) -> None:
        """From one word a line, a line at a time, so that the 62,000 words never all live
        as strings at once (the memory they took would stay with the process)."""
        #: prefixes shorter than _KEY of any word -> whether it is a word itself
        self._short: dict[str, bool] = {}
        #: first _KEY letters -> "\n" + that group's words, sorted, each followed by "\n"
        self._groups: dict[str, str] = {}
        for line in io.StringIO(lines):
            word = line.strip()  # as the trie's `add`; an empty line adds no word
            for length in range(1, min(len(word), _KEY - 1) + 1):
                head = word[:length]
                self._short[head] = self._short.get(head, False) or length == len(word)
            if len(word) >= _KEY:
                key = word[:_KEY]
                self._groups[key] = self._groups.get(key, "") + "\n" + word
        for key, group in self._groups.items():
            self._groups[key] = "\n" + "\n".join(sorted(set(group[1:].split("\n")))) + "\n"
        long_words = sum(group.count("\n") - 1 for group in self._groups.values())
        self._words = sum(self._short.values()) + long_words

    def __len__(self) -> int:  # newmm tests the dictionary's truth on every call
        return self._words

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or len(word) < _KEY:
            return isinstance(word, str) and self._short.get(word, False)
        return f"\n{word}\n" in self._groups.get(word[:_KEY], "")

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words `text` begins with at `start`, shortest first."""
        found: list[str] = []
        for end in range(start + 1, min(start + _KEY, len(text) + 1)):
            is_word = self._short.get(text[start:end])
            if is_word is None:
                return found
            if is_word:
                found.append(text[start:end])
        group = self._groups.get(text[start : start + _KEY])
        if group is None:
            return found
        at = 0
        for end in range(start + _KEY, len(text) + 1):
            if text[end - 1] == "\n":  # no word holds one; found, it would join two words
                break
            # the first word with this prefix is at or after the first with a shorter one
            at = group.find("\n" + text[start:end], at)
            if at < 0:
                break
            if group[at + 1 + end - start] == "\n":
                found.append(text[start:end])
        return found


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """pythainlp's dictionary words, read once."""
    package, name = WORDS_FILE
    return Dictionary(files(package).joinpath(name).read_text(encoding="utf-8-sig"))


def segment(text: str) -> list[str]:
    """`word_tokenize(text, engine="newmm")` with pythainlp's default dictionary."""
    from pythainlp.tokenize import word_tokenize

    # newmm only calls `prefixes`; pythainlp types the argument as its Trie
    return word_tokenize(text, custom_dict=cast("Trie", dictionary()), engine="newmm")
