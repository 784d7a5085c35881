"""Character-level repair of Thai text that came out of a PDF text layer.

Each function is small and pure (str -> str) so a reader can apply them in order;
`repair_thai` applies them all. Nothing here knows where a text came from.

>>> repair_thai("สำานักงาน ศักดิ ์ ได\\uf70b ผ\\uf702")
'สำนักงาน ศักดิ์ ได้ ผี'
"""

from __future__ import annotations

import re
from functools import lru_cache

from thaiplan.normalize.words import dictionary, segment

CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))
#: marks drawn above the base (vowels, nikhahit, yamakkan)
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d\u0e4e"
#: marks drawn below the base
LOWER_VOWELS = "\u0e38\u0e39\u0e3a"
#: tone marks and thanthakhat, drawn above everything else
TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
MARKS = UPPER_VOWELS + LOWER_VOWELS + TONES
NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"

# HarfBuzz hb-ot-shaper-thai.cc, thai_pua_shape(): (standard, Windows PUA, Mac PUA).
_PUA_TABLE = [
    # SD: shift down (tone marks on a consonant without upper vowel; lower vowels under ฎ ฏ)
    ("\u0e48", 0xF70A, 0xF88B),
    ("\u0e49", 0xF70B, 0xF88E),
    ("\u0e4a", 0xF70C, 0xF891),
    ("\u0e4b", 0xF70D, 0xF894),
    ("\u0e4c", 0xF70E, 0xF897),
    ("\u0e38", 0xF718, 0xF89B),
    ("\u0e39", 0xF719, 0xF89C),
    ("\u0e3a", 0xF71A, 0xF89D),
    # SDL: shift down-left (tone marks after ป ฝ ฟ)
    ("\u0e48", 0xF705, 0xF88C),
    ("\u0e49", 0xF706, 0xF88F),
    ("\u0e4a", 0xF707, 0xF892),
    ("\u0e4b", 0xF708, 0xF895),
    ("\u0e4c", 0xF709, 0xF898),
    # SL: shift left (upper vowels and tones after ป ฝ ฟ)
    ("\u0e48", 0xF713, 0xF88A),
    ("\u0e49", 0xF714, 0xF88D),
    ("\u0e4a", 0xF715, 0xF890),
    ("\u0e4b", 0xF716, 0xF893),
    ("\u0e4c", 0xF717, 0xF896),
    ("\u0e31", 0xF710, 0xF884),
    ("\u0e34", 0xF701, 0xF885),
    ("\u0e35", 0xF702, 0xF886),
    ("\u0e36", 0xF703, 0xF887),
    ("\u0e37", 0xF704, 0xF888),
    ("\u0e47", 0xF712, 0xF889),
    ("\u0e4d", 0xF711, 0xF899),
    # RD: remove descender (ญ ฐ before a lower vowel)
    ("\u0e0d", 0xF70F, 0xF89A),
    ("\u0e10", 0xF700, 0xF89E),
]
#: PUA code point -> standard Thai character
PUA_MAP: dict[str, str] = {}
for _std, _win, _mac in _PUA_TABLE:
    PUA_MAP[chr(_win)] = _std
    PUA_MAP[chr(_mac)] = _std
_PUA_TRANS = str.maketrans(PUA_MAP)


def map_pua(text: str) -> str:
    """Legacy-font Private Use Area forms (U+F700–F71A, U+F884–F89E) back to standard Thai.

    >>> map_pua("ได\\uf70b ต\\uf70aอ เป\\uf712น ป\\uf702 เป\\uf706าหมาย ผู\\uf70b")
    'ได้ ต่อ เป็น ปี เป้าหมาย ผู้'
    >>> map_pua("\\uf884\\uf89e")
    'ัฐ'
    """
    return text.translate(_PUA_TRANS)


_SPACE_BEFORE_MARK = re.compile(f"(?<=[{CONSONANTS}{MARKS}\u0e30-\u0e33])[ \u200b]+(?=[{MARKS}])")


def remove_space_before_marks(text: str) -> str:
    """Drop spaces (and zero-width spaces) that stand between a Thai letter and its mark.

    >>> remove_space_before_marks("ศักดิ ์ ตัวชวี้ ัด")
    'ศักดิ์ ตัวชวี้ัด'
    """
    return _SPACE_BEFORE_MARK.sub("", text)


_AM_SPLIT = [
    (re.compile(f"{SARA_AM}([{TONES}])"), rf"\1{SARA_AM}"),  # ำ่ -> ่ำ
    (re.compile(f"{NIKHAHIT}([{TONES}])"), rf"\1{NIKHAHIT}"),  # ํ่ -> ่ํ
    (re.compile(f"{SARA_AM}{SARA_AA}"), SARA_AM),  # ำา: nikhahit glyph read as ำ, then า
    (re.compile(f"{NIKHAHIT}{SARA_AA}"), SARA_AM),  # ํา
    (re.compile(f"{SARA_AA}([{TONES}]?){NIKHAHIT}"), rf"\1{SARA_AM}"),  # าํ, า่ํ (stored after า)
    (
        re.compile(f"{SARA_AA}([{TONES}]?){SARA_AM}([{TONES}]?)"),
        rf"\1\2{SARA_AM}",
    ),  # าำ้: the า sorted first
    (
        re.compile(f"(?<=[{CONSONANTS}{TONES}])[\u200b ]{SARA_AA}"),
        SARA_AM,
    ),  # nikhahit read as (zw)space
]


def rebuild_sara_am(text: str) -> str:
    """Rebuild SARA AM from the pieces PDF text layers split it into.

    >>> rebuild_sara_am("สำานักงาน ประจำาปี ลํ้า ลาํ น้ำา")
    'สำนักงาน ประจำปี ล้ำ ลำ น้ำ'
    >>> rebuild_sara_am("น าความ ก\\u200bาร")
    'นำความ กำร'
    >>> rebuild_sara_am("ลํ้า") == rebuild_sara_am("ล้ํา") == rebuild_sara_am("ลำ้า") == "ล้ำ"
    True
    >>> rebuild_sara_am("ค่านาำ้หนัก")
    'ค่าน้ำหนัก'

    """
    for pattern, repl in _AM_SPLIT:
        text = pattern.sub(repl, text)
    return text


def _mark_rank(ch: str) -> int:
    if ch in LOWER_VOWELS:
        return 0
    if ch in UPPER_VOWELS and ch != NIKHAHIT:
        return 1
    if ch in TONES:
        return 2
    return 3  # nikhahit last: it fuses with a following า into ำ


def canonical_marks(text: str) -> str:
    """Order the marks on each base: lower vowel, upper vowel, tone mark, nikhahit.

    >>> canonical_marks("ชี่้") == "ชี่้"
    True
    >>> canonical_marks("ช่ี ผู้")
    'ชี่ ผู้'
    """
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ch in MARKS:
            run.append(ch)
            continue
        if run:
            out.extend(sorted(run, key=_mark_rank))
            run = []
        out.append(ch)
    out.extend(sorted(run, key=_mark_rank))
    return "".join(out)


_REPEATED_MARK = re.compile(f"([{MARKS}])([{MARKS}]*)\\1")


def drop_repeated_marks(text: str) -> str:
    """A base never carries the same mark twice: a font that draws a letter+mark glyph and
    the mark again on its own (พ+ั then ั), or a mark overprinted, gives the mark once.

    >>> drop_repeated_marks("พัันธกิจ ถึึง เช่่อม ชี่ี")
    'พันธกิจ ถึง เช่อม ชี่'
    """
    while True:
        out = _REPEATED_MARK.sub(r"\1\2", text)
        if out == text:
            return out
        text = out


_VOWELS_ABOVE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # the upper vowels proper
_MARK_RUN = re.compile(f"[{MARKS}]{{2,}}")


def impossible_marks(text: str) -> int:
    """Marks on one base that no Thai spelling has: a mark twice, or two upper (or two
    lower) vowels, as a font or a repair left them (`drop_repeated_marks` removes the first kind).

    >>> impossible_marks("บริสุทธิั"), impossible_marks("ธิิ"), impossible_marks("บริสุทธิ์")
    (1, 1, 0)
    """
    bad = 0
    for m in _MARK_RUN.finditer(text):
        run = m.group()
        bad += len(run) - len(set(run))
        for kind in (_VOWELS_ABOVE, LOWER_VOWELS):
            bad += max(0, len(set(run).intersection(kind)) - 1)
    return bad


THAI_RUN = re.compile(f"[{CONSONANTS}\u0e2f-\u0e4e]+")


def oov_chars(text: str) -> int:
    """Thai characters of `text` that newmm cannot place in a dictionary word of 2+ letters.

    >>> oov_chars("ชื่อ") < oov_chars("ช่อื")
    True
    """
    return sum(_oov_in_run(run) for run in THAI_RUN.findall(text))


def forget_runs() -> None:
    """Drops the memoised runs of oov_chars (a document's words, scored while its glyphs
    were decided)."""
    _oov_in_run.cache_clear()


@lru_cache(maxsize=1 << 16)
def _oov_in_run(run: str) -> int:
    """oov_chars of one Thai run; memoised, since glyph decisions score the same words of
    a document again and again, and newmm is the slow part of deciding."""
    words = dictionary()
    return sum(len(tok) for tok in segment(run) if len(tok) < 2 or tok not in words)


_TONE_BEFORE_VOWEL = re.compile(
    f"([{CONSONANTS}])([{TONES}])([{CONSONANTS}])([{UPPER_VOWELS}{LOWER_VOWELS}])"
)
_MARKS_AFTER_NEXT = re.compile(f"([{CONSONANTS}])([{CONSONANTS}])([{MARKS}]+)")


def reorder_marks(text: str) -> str:
    """Move marks that a PDF sorted after the next letter back onto their base.

    A change is kept only where it turns unknown words into dictionary words, so
    valid spellings such as ไม่ดี or กลั้น are left alone.

    >>> reorder_marks("ช่อื ขนั้ตอน เพ่อื ตัวชวี้ัด")
    'ชื่อ ขั้นตอน เพื่อ ตัวชี้วัด'
    >>> reorder_marks("ไม่ดี กลั้น")
    'ไม่ดี กลั้น'
    """

    def tone_fixes(m: re.Match) -> list[str]:
        return [m.group(1) + m.group(4) + m.group(2) + m.group(3)]

    def split_fixes(m: re.Match) -> list[str]:
        c1, c2, run = m.groups()
        return [c1 + run[:k] + c2 + run[k:] for k in range(1, len(run) + 1)]

    for pattern, fixes in ((_TONE_BEFORE_VOWEL, tone_fixes), (_MARKS_AFTER_NEXT, split_fixes)):
        pieces: list[str] = []
        last = 0
        for m in pattern.finditer(text):
            start, end = m.span()
            lo, hi = max(0, start - 6), min(len(text), end + 6)

            def cost(middle: str, left: str = text[lo:start], right: str = text[end:hi]) -> int:
                return oov_chars(canonical_marks(left + middle + right))

            candidate = min(fixes(m), key=cost)
            best = candidate if cost(candidate) < cost(m.group()) else None
            if best is not None:
                pieces.append(text[last:start] + best)
                last = end
        pieces.append(text[last:])
        text = "".join(pieces)
    return text


_MULTI_SPACE = re.compile(r"[ \u00a0]{2,}")
_ZW = re.compile("[\u200c\u200d\ufeff]")


def tidy_spaces(text: str) -> str:
    """Collapse runs of spaces and drop zero-width joiners (keeps \\t and \\n).

    >>> tidy_spaces("พ.ศ.   ๒๕๖๒ ")
    'พ.ศ. ๒๕๖๒'
    """
    return _MULTI_SPACE.sub(" ", _ZW.sub("", text)).strip(" ")


def repair_thai(text: str, dictionary: bool = False) -> str:
    """All string-level repairs in order; `dictionary=True` adds `reorder_marks` (slower).

    >>> repair_thai("ประจำาปี ลาํ(ทดสอบ)")
    'ประจำปี ลำ(ทดสอบ)'
    """
    text = map_pua(text)
    text = remove_space_before_marks(text)
    if dictionary:
        text = reorder_marks(text)
    text = canonical_marks(text)
    text = drop_repeated_marks(text)
    text = rebuild_sara_am(text)
    return tidy_spaces(text.replace("\u200b", ""))
