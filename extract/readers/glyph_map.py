"""Per-font resolution of glyphs whose Unicode mapping is missing or implausible.

While pages are read, every glyph that may be wrong — `(cid:N)`, U+FFFD, a zero-width
glyph that maps to a space or a Latin letter, a Latin letter inside Thai words, and every
Thai mark — is written as a placeholder code point (plane-15 private use) standing for
its (font, code). At the end of the document `resolve()` decides each placeholder:

1. the embedded font's glyph name / cmap, when it names a Thai character;
2. else, for a glyph with no mapping at all, the character of a mapped glyph of the same
   font family drawn with the very same outline (one font cut into several subsets, one
   of which lost its ToUnicode entries: digits must not vanish);
3. else the candidate (narrowed by where the font draws the glyph: above, below, on the
   line) that turns the most text around the glyph's uses into dictionary words
   (pythainlp word list); a glyph used for two characters (ู in one word, a low ้ in
   another) is decided use by use between its two best candidates;
4. else it stays unresolved, is dropped from the text and counted in the
   `unmapped_glyph` diagnostic.

Glyphs mapped to a character that fonts exported from office software commonly give to
another glyph (SARA AM for the glyph of SARA AA: `งำน`, `ชํำระ`) are watched too: each such
(font, code) keeps its mapping unless most of its uses fall outside dictionary words and
its look-alike halves that (step 3), so a font whose ำ is right keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from thaiplan.normalize.glyphs import (
    LOWER_VOWELS,
    MARKS,
    SARA_AA,
    SARA_AM,
    TONES,
    UPPER_VOWELS,
    canonical_marks,
    forget_runs,
    impossible_marks,
    map_pua,
    oov_chars,
    rebuild_sara_am,
)

from . import fonts
from .pdf_chars import Glyph

PLACEHOLDER_BASE = 0xF0000
PLACEHOLDER = re.compile("[\U000f0000-\U000ffffd]")
THAI = re.compile("[\u0e01-\u0e4e]")
ABOVE = UPPER_VOWELS + TONES
BELOW = LOWER_VOWELS
THAI_BASES = "".join(chr(c) for c in range(0x0E01, 0x0E2F)) + "ะาเแโใไๅฯๆ"
WINDOW = 7
MAX_SAMPLES = 120
#: a mark pair no spelling has (ิั) costs more than every letter of a context window
IMPOSSIBLE_COST = 2 * WINDOW + 2
#: letters either side of a glyph that can share its base (and so its marks)
BASE_REACH = 3
#: a character some fonts map another glyph to -> the characters that glyph may really be
LOOKALIKES = {SARA_AM: (SARA_AA,)}


@dataclass
class Entry:
    font: str
    code: int
    raw: str  # what the PDF's ToUnicode (or pdfminer) said
    default: str  # text used unless the evidence says otherwise
    mark: bool
    suspect: bool  # True: the mapping is missing or implausible, not just watched
    zone: str | None = None
    chosen: str | None = None
    alternative: str | None = None  # decided use by use between chosen and this
    source: str = ""
    uses: int = 0


def _base_font(name: str) -> str:
    return name.split("+", 1)[1] if "+" in name[:8] else name


def _family(name: str) -> str:
    """DilleniaUPC for DilleniaUPC, DilleniaUPCBold and XYZABC+DilleniaUPC,Bold."""
    return re.sub(
        r"[-,]?(Bold|Italic|Oblique|BoldItalic|Regular)+$",
        "",
        _base_font(name),
        flags=re.IGNORECASE,
    )


@lru_cache(maxsize=200_000)
def _cost(text: str) -> int:
    return oov_chars(rebuild_sara_am(canonical_marks(text)))


def forget_scores() -> None:
    """Drops the remembered scores of a document's readings, once its glyphs are decided."""
    _cost.cache_clear()
    forget_runs()


def _cost_as(c: str, own: str, left: str, right: str) -> int:
    """The cost of one use read as `c`, the glyph's other uses (`own`) read so too."""
    return _cost((left + c + right).replace(own, c))


def _runner_up(
    own: str, best: str, cands: list[str], thai_ctx: list[tuple[str, str]]
) -> str | None:
    """A glyph standing for two characters: the reading that beats `best` in enough of its
    uses, each use scored with the glyph's other uses as decided, for use-by-use choice."""

    def use_cost(c: str, a: str, b: str) -> int:
        return _cost(a.replace(own, best) + c + b.replace(own, best))

    chosen = [use_cost(best, a, b) for a, b in thai_ctx]
    wins = {
        c: sum(1 for (a, b), y in zip(thai_ctx, chosen, strict=True) if use_cost(c, a, b) < y)
        for c in cands
        if c != best
    }
    if not wins:
        return None
    second = max(wins, key=lambda c: wins[c])
    return second if wins[second] >= max(3, 0.1 * len(thai_ctx)) else None


@dataclass
class GlyphMap:
    entries: list[Entry] = field(default_factory=list)
    index: dict[tuple, int] = field(default_factory=dict)
    #: (font, code) -> text of glyphs whose mapping nobody doubts, for outline matching
    mapped: dict[tuple[str, int], str] = field(default_factory=dict)
    #: font name -> its embedded font, opened while the PDF is open
    files: dict[str, fonts.FontFile | None] = field(default_factory=dict)
    resolved: bool = False
    #: (font, code, raw text, zero width) -> (entry index or -1, text, is_mark)
    seen: dict[tuple, tuple[int, str, bool]] = field(default_factory=dict)

    # ---- while reading -------------------------------------------------------------
    def classify(self, glyphs: list[Glyph], page_fonts: dict[str, object]) -> list[Glyph]:
        """The glyphs with their text resolved (doubtful ones as placeholders) and their
        mark flag set; glyphs with no text dropped. Decided once per (font, code, raw
        text, zero width), not per glyph. `page_fonts` is the page's font table
        (fontname -> font object)."""
        seen = self.seen
        entries = self.entries
        out = []
        for g in glyphs:
            size = g.size if g.size > 1.0 else 1.0
            key = (g.font, g.cid, g.text, (g.x1 - g.x0) < 0.05 * size)
            got = seen.get(key)
            if got is None:
                got = seen[key] = self._verdict(*key, page_fonts)
            i, text, mark = got
            if i >= 0:
                entries[i].uses += 1
            elif text == "":
                continue
            g.text = text
            g.mark = mark
            out.append(g)
        return out

    def _verdict(
        self, name: str, cid: int, raw: str, zero: bool, page_fonts: dict[str, object]
    ) -> tuple[int, str, bool]:
        """(entry index or -1, text, is_mark) of one (font, code, raw text, zero width)."""
        text = map_pua(raw)
        key = (_base_font(name), cid, raw, zero)
        i = self.index.get(key)
        if i is None:
            entry = self._new_entry(name, cid, raw, text, zero, page_fonts)
            if entry is None:
                self.index[key] = i = -1
                if len(text) == 1 and text.strip():
                    self.mapped[(name, cid)] = text
                    if name not in self.files:
                        self.files[name] = fonts.font_file(name, page_fonts.get(name))
            else:
                self.entries.append(entry)
                i = self.index[key] = len(self.entries) - 1
        if i < 0:
            if text in ("\t", "\u00a0", "\u3000"):
                text = " "
            return -1, text, (len(text) == 1 and text in MARKS) or (text == "\u0e33" and zero)
        return i, chr(PLACEHOLDER_BASE + i), self.entries[i].mark

    def _new_entry(
        self, name: str, cid: int, raw: str, text: str, zero: bool, page_fonts: dict[str, object]
    ) -> Entry | None:
        unknown = raw.startswith("(cid:") or raw in ("\ufffd", "")
        latin = len(text) == 1 and text.isascii() and text.isalpha()
        blank = text in (" ", "\u200b", "\u00a0", "\t") and zero
        thai_mark = len(text) == 1 and text in MARKS
        # one glyph mapped to a letter plus marks (a scrambled ToUnicode: ก -> "กิ")
        extra = len(text) > 1 and text[0] in THAI_BASES and all(ch in MARKS for ch in text[1:])
        lookalike = text in LOOKALIKES and not zero
        if not (unknown or latin or blank or thai_mark or extra or lookalike):
            return None
        if name not in self.files:
            self.files[name] = fonts.font_file(name, page_fonts.get(name))
        e = Entry(
            name,
            cid,
            raw,
            text,
            mark=zero or thai_mark,
            suspect=unknown or blank or (latin and zero) or extra,
        )
        if unknown or blank:
            e.default = ""
        info = fonts.glyph_info(name, page_fonts.get(name), e.code)
        if info is not None:
            e.zone = info.zone
            if thai_mark and info.zone in ("above", "below"):
                drawn = ABOVE if info.zone == "above" else BELOW
                if text not in drawn:  # mapped to a mark drawn on the other side
                    e.suspect = True
            if info.unicode and THAI.match(info.unicode) and (unknown or blank or latin):
                e.default, e.chosen, e.source, e.suspect = info.unicode, info.unicode, "font", False
                e.mark = info.unicode in MARKS
        return e

    # ---- at the end of the document ------------------------------------------------
    def candidates(self, e: Entry) -> list[str]:
        if e.default in LOOKALIKES:
            return [e.default, *LOOKALIKES[e.default]]
        if len(e.default) > 1:
            return [e.default[:k] for k in range(1, len(e.default) + 1)]
        if e.mark:
            if e.zone == "above":
                return list(ABOVE)
            if e.zone == "below":
                return list(BELOW)
            return list(MARKS)
        return list(THAI_BASES)

    def resolve(self, texts: list[str]) -> None:
        """Decide every placeholder from its uses in `texts` (all text of the document)."""
        uses: dict[int, list[tuple[str, str]]] = {}
        for t in texts:
            for m in PLACEHOLDER.finditer(t):
                i = ord(m.group()) - PLACEHOLDER_BASE
                lst = uses.setdefault(i, [])
                if len(lst) < 20 * MAX_SAMPLES:
                    lst.append(
                        (t[max(0, m.start() - WINDOW) : m.start()], t[m.end() : m.end() + WINDOW])
                    )
        self._match_outlines()
        # missing/implausible glyphs first (their neighbours as the PDF says), then the
        # marks nobody doubted (with those answers around them), then the first again
        for suspects in (True, False, True):
            for i, e in enumerate(self.entries):
                if e.source in ("font", "outline") or e.suspect != suspects:
                    continue
                own = chr(PLACEHOLDER_BASE + i)
                ctx = [(self._plain(a, own), self._plain(b, own)) for a, b in uses.get(i, [])]
                self._decide(e, own, ctx)
        self._borrow_from_family()
        self.resolved = True

    def _match_outlines(self) -> None:
        """A glyph with no mapping drawn with the very outline of a mapped glyph of its
        family is that character: no guess from context can beat the font's own drawing.
        An outline shared by mapped glyphs of different text settles nothing."""
        open_ = [e for e in self.entries if e.suspect and e.default == "" and e.source != "font"]
        families = {_family(e.font) for e in open_}
        if not families:
            return
        known: dict[tuple[str, tuple], str | None] = {}
        for (font, code), text in self.mapped.items():
            family = _family(font)
            if family not in families:
                continue
            shape = self._outline(font, code)
            if shape is not None:
                key = (family, shape)
                known[key] = text if known.get(key, text) == text else None
        for e in open_:
            shape = self._outline(e.font, e.code)
            got = known.get((_family(e.font), shape)) if shape is not None else None
            if got:
                e.chosen, e.source = got, "outline"

    def _outline(self, font: str, code: int) -> tuple | None:
        file = self.files.get(font)
        return file.outline(code) if file is not None and code >= 0 else None

    def _borrow_from_family(self) -> None:
        """A glyph left open takes the answer for the same code in the same family's
        other style (DilleniaUPC / DilleniaUPCBold), when that one was decided."""
        decided: dict[tuple[str, int, str], str] = {}
        for e in self.entries:
            if e.suspect and e.chosen:
                decided.setdefault((_family(e.font), e.code, e.raw), e.chosen)
        for e in self.entries:
            if e.suspect and not e.chosen and e.default == "":
                got = decided.get((_family(e.font), e.code, e.raw))
                if got:
                    e.chosen, e.source = got, "family"

    def _plain(self, text: str, keep: str = "") -> str:
        """`text` with every placeholder but `keep` as currently decided."""
        return PLACEHOLDER.sub(
            lambda m: (
                m.group() if m.group() == keep else self._current(ord(m.group()) - PLACEHOLDER_BASE)
            ),
            text,
        )

    def _current(self, i: int) -> str:
        e = self.entries[i]
        return e.chosen if e.chosen is not None else e.default

    def _decide(self, e: Entry, own: str, ctx: list[tuple[str, str]]) -> None:
        """Choose `e`'s text from its uses `ctx`, in which its other uses stand as `own`
        (a glyph often meets itself nearby: each reading is scored with all of them)."""
        e.alternative = None
        thai_ctx = [(a, b) for a, b in ctx if THAI.match(a[-1:].replace(own, e.default))]
        among_thai = len(thai_ctx) >= 0.5 * len(ctx)
        if len(thai_ctx) > MAX_SAMPLES // 2:  # spread over the document, not its first pages
            step = len(thai_ctx) / (MAX_SAMPLES // 2)
            thai_ctx = [thai_ctx[int(k * step)] for k in range(MAX_SAMPLES // 2)]
        if not thai_ctx or (not e.suspect and self._undoubted(e, own, thai_ctx, among_thai)):
            e.chosen = e.default
            return
        misdrawn = (
            e.zone in ("above", "below")
            and e.default in MARKS
            and e.default not in self.candidates(e)
        )
        cands = [c for c in self.candidates(e) if c != e.default] + (
            [] if misdrawn else [e.default]
        )
        total = {c: sum(_cost_as(c, own, a, b) for a, b in thai_ctx) for c in cands}
        best = min(cands, key=lambda c: (total[c], c != e.default))
        if not misdrawn:  # misdrawn: the font draws it elsewhere than its mapping says
            best = self._best(e, cands, total, best)
        e.chosen, e.source = best, ("context" if best != e.default else e.source or "pdf")
        if e.suspect:
            e.alternative = _runner_up(own, best, cands, thai_ctx)

    @staticmethod
    def _undoubted(e: Entry, own: str, thai_ctx: list[tuple[str, str]], among_thai: bool) -> bool:
        """A glyph nobody doubts keeps its mapping unless most of its uses read badly:
        a Latin letter among Latin letters, a mark that sits in words."""
        if e.default not in MARKS and not among_thai:
            return True
        base = [_cost_as(e.default, own, a, b) for a, b in thai_ctx]
        return len(base) < 5 or sum(1 for x in base if x) < 0.3 * len(base)

    @staticmethod
    def _best(e: Entry, cands: list[str], total: dict[str, int], best: str) -> str:
        """The reading to keep: a drawn glyph with no mapping takes the best real character
        that beats the rest; a mapped one keeps its mapping unless a reading beats it (by
        half, where nothing made it suspect)."""
        if e.default == "" and e.suspect:
            ranked = sorted((c for c in cands if c), key=lambda c: total[c])
            if (
                ranked
                and total[ranked[0]] <= total[""]
                and (len(ranked) == 1 or total[ranked[0]] < total[ranked[1]])
            ):
                return ranked[0]
            return best
        if total[best] >= total[e.default] or (
            not e.suspect and total[best] > 0.5 * total[e.default]
        ):
            return e.default
        return best

    # ---- output --------------------------------------------------------------------
    def apply(self, text: str) -> str:
        """`text` with every placeholder replaced by its decided character."""
        if not PLACEHOLDER.search(text):
            return text
        out = []
        last = 0
        for m in PLACEHOLDER.finditer(text):
            i = ord(m.group()) - PLACEHOLDER_BASE
            e = self.entries[i]
            ch = self._current(i)
            if e.alternative is not None:
                left = self._plain(text[max(0, m.start() - WINDOW) : m.start()])
                right = self._plain(text[m.end() : m.end() + WINDOW])
                if self._use_cost(left, e.alternative, right) < self._use_cost(left, ch, right):
                    ch = e.alternative
            out.append(text[last : m.start()] + ch)
            last = m.end()
        out.append(text[last:])
        return "".join(out)

    @staticmethod
    def _use_cost(left: str, ch: str, right: str) -> int:
        """Unknown letters around one use of a glyph read as `ch`, and far more for marks
        no base can carry together (ธิ then ั): the choice between its two readings."""
        near = left[-BASE_REACH:] + ch + right[:BASE_REACH]
        return _cost(left + ch + right) + IMPOSSIBLE_COST * impossible_marks(near)

    def unresolved(self) -> list[Entry]:
        return [
            e
            for e in self.entries
            if e.suspect and (e.chosen in (None, "") and e.default == "") and e.uses
        ]

    def report(self) -> list[Entry]:
        """Entries whose text differs from what the PDF said (for diagnostics)."""
        return [e for e in self.entries if e.chosen is not None and e.chosen != e.raw]
