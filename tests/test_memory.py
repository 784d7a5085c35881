"""What keeps a worker small: the newmm dictionary as a sorted word list instead of
pythainlp's node-per-letter trie, Arrow arrays built without pandas, and `thaiplan
text` without the output stack. Each replacement must give exactly what it replaces."""

import re
from pathlib import Path

from thaiplan.normalize.words import SortedWords, segment, thai_words

DATA = Path(__file__).parent / "data"
STEMS = [p.stem for p in sorted((DATA / "text").glob("*.txt"))]


def test_sorted_words_find_the_prefixes_the_trie_finds_at_every_position():
    from pythainlp.util import Trie

    trie, words = Trie(thai_words()), SortedWords(thai_words())
    text = "\n".join(p.read_text("utf-8") for p in sorted((DATA / "text").glob("*.txt")))
    found = 0
    for start in range(len(text)):
        expected = trie.prefixes(text, start)
        assert words.prefixes(text, start) == expected, (start, text[start : start + 20])
        found += len(expected)
    assert found > 10_000  # the texts are Thai: most positions begin dictionary words


def test_segmentation_is_pythainlps_own_newmm_word_for_word():
    from pythainlp.tokenize import word_tokenize

    text = (DATA / "text" / "plan2565_ocsc.txt").read_text("utf-8")
    runs = re.findall("[\u0e01-\u0e4e]+", text)
    assert len(runs) > 500
    assert [segment(run) for run in runs] == [word_tokenize(run, engine="newmm") for run in runs]
