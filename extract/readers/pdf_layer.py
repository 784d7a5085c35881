"""The PDF char layer: each page's content parsed once by QPDF (pikepdf), its text and
graphics state followed here.

pdfminer's content-stream interpreter was most of the time spent reading a PDF. QPDF
tokenises the stream in C++; this module keeps the state pdfminer keeps (text matrix,
line matrix, Tc/Tw/Tz/TL/Ts/Tf, the CTM, q/Q, Form XObjects) with pdfminer's own
arithmetic, so every glyph box, rect, line and curve is the number pdfminer and
pdfplumber give. Fonts are read by pdfminer's own font classes (widths, descent,
ToUnicode, the `(cid:N)` of an unmapped code) from the font dictionary, converted once
per dictionary; the dictionary object keys them and its descriptor's FontName names them.
A page this layer cannot follow (vertical writing, a stream QPDF rejects) raises
`Unsupported` and is read by pdfminer instead (`pdf_chars.pdfminer_objects`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf

from .pdf_chars import Glyph

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
INF = float("inf")
#: operator -> number of operands pdfminer's interpreter pops for it
ARGS = {
    "q": 0, "Q": 0, "cm": 6, "w": 1, "m": 2, "l": 2, "c": 6, "v": 4, "y": 4, "h": 0,
    "re": 4, "S": 0, "s": 0, "f": 0, "f*": 0, "B": 0, "B*": 0, "b": 0, "b*": 0, "n": 0,
    "BT": 0, "Tc": 1, "Tw": 1, "Tz": 1, "TL": 1, "Tf": 2, "Tr": 1, "Ts": 1, "Td": 2,
    "TD": 2, "Tm": 6, "T*": 0, "TJ": 1, "Tj": 1, "'": 1, '"': 3, "Do": 1,
}  # fmt: skip
#: operators pdfminer knows and ignores here (their operands are popped all the same)
IGNORED = {
    "J": 1, "j": 1, "M": 1, "d": 2, "ri": 1, "i": 1, "gs": 1, "F": 0, "W": 0, "W*": 0,
    "CS": 1, "cs": 1, "G": 1, "g": 1, "RG": 3, "rg": 3, "K": 4, "k": 4, "SCN": 0,
    "scn": 0, "SC": 0, "sc": 0, "sh": 1, "ET": 0, "BX": 0, "EX": 0, "MP": 1, "DP": 2,
    "BMC": 1, "BDC": 2, "EMC": 0, "BI": 0, "ID": 0,
}  # fmt: skip
#: colour operators: pdfminer pops as many operands as the colour space has components
COLOURS = {"SCN", "scn", "SC", "sc"}


class Unsupported(Exception):
    """A page this layer does not interpret; pdfminer reads it instead."""


def mult(m1: Matrix, m0: Matrix) -> Matrix:
    """pdfminer's `mult_matrix`, term for term (the same floats)."""
    (a1, b1, c1, d1, e1, f1) = m1
    (a0, b0, c0, d0, e0, f0) = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


_FLOATS: dict[Any, float] = {}
#: numbers remembered at most (a page repeats its few spacings and offsets)
FLOATS_KEPT = 1 << 16


def num(v: Any) -> float:
    """pdfminer's float() of an operand, remembered: converting a Decimal is slow and a
    stream repeats the same few numbers. Raises TypeError/ValueError as float() does."""
    got = _FLOATS.get(v)
    if got is None:
        got = float(v)
        if got and len(_FLOATS) < FLOATS_KEPT:  # zeros not: -0 == 0, their signs differ
            _FLOATS[v] = got
    return got


def _num(o: Any) -> Any:
    """A content operand as pdfminer's parser gives it (reals as float)."""
    return float(o) if type(o) is Decimal else o


class Converter:
    """pikepdf objects as the plain values pdfminer's font classes read (names as
    literals, strings as bytes, streams read when asked), shared objects once."""

    def __init__(self) -> None:
        from pdfminer.psparser import LIT

        self.pk = pikepdf
        self.lit = LIT
        self.memo: dict[tuple[int, int], Any] = {}

    def __call__(self, obj: Any) -> Any:
        if type(obj) is Decimal:
            return float(obj)
        if not isinstance(obj, self.pk.Object):
            return obj
        key = obj.objgen
        if key != (0, 0) and key in self.memo:
            return self.memo[key]
        return self._convert(obj, key)

    def _convert(self, obj: Any, key: tuple[int, int]) -> Any:
        pk = self.pk
        if isinstance(obj, pk.Name):
            return self.lit(str(obj)[1:])
        if isinstance(obj, pk.String):
            return bytes(obj)
        if isinstance(obj, pk.Array):
            out: Any = []
            self._keep(key, out)
            out.extend(self(x) for x in obj)
            return out
        if isinstance(obj, pk.Stream):
            out = LazyStream(obj)
            self._keep(key, out)
            out.attrs = self._dict(obj.stream_dict)
            return out
        if isinstance(obj, pk.Dictionary):
            out = {}
            self._keep(key, out)
            out.update(self._dict(obj))
            return out
        return None

    def _dict(self, obj: Any) -> dict[str, Any]:
        return {k[1:]: self(v) for k, v in obj.items() if k != "/Parent"}

    def _keep(self, key: tuple[int, int], value: Any) -> None:
        if key != (0, 0):
            self.memo[key] = value


def _stream_class() -> type:
    from pdfminer.pdftypes import PDFStream

    class _Lazy(PDFStream):
        """A pdfminer stream whose data QPDF decodes on first use."""

        def __init__(self, source: Any) -> None:
            super().__init__({}, b"")
            self.source = source

        def get_data(self) -> bytes:
            if self.data is None:
                self.data = self.source.read_bytes()
            return self.data

    return _Lazy


def LazyStream(source: Any) -> Any:
    global _LAZY
    if _LAZY is None:
        _LAZY = _stream_class()
    return _LAZY(source)


_LAZY: type | None = None


class Document:
    """A PDF opened for the char layer: its pages and a pdfminer font per font dictionary."""

    def __init__(self, path: Path) -> None:
        from pdfminer.pdfinterp import PDFResourceManager

        self.pdf = pikepdf.open(path)
        self.pages = self.pdf.pages
        self.convert = Converter()
        self.rsrcmgr = PDFResourceManager(caching=True)
        #: font object (by identity) -> {code: (text, width)}
        self.glyphs: dict[int, dict[int, tuple[str, float]]] = {}

    def close(self) -> None:
        self.pdf.close()

    def font(self, obj: Any) -> Any:
        """The pdfminer font of a font dictionary, one per indirect dictionary."""
        objid = obj.objgen[0] or None
        if objid and objid in self.rsrcmgr._cached_fonts:
            return self.rsrcmgr._cached_fonts[objid]
        spec = self.convert(obj)
        return self.rsrcmgr.get_font(objid, spec if isinstance(spec, dict) else {})

    def glyph(self, font: Any, cid: int) -> tuple[str, float]:
        """(text, width) of a code: pdfminer's `to_unichr` or `(cid:N)`, its `char_width`."""
        table = self.glyphs.setdefault(id(font), {})
        got = table.get(cid)
        if got is None:
            from pdfminer.pdffont import PDFUnicodeNotDefined

            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = f"(cid:{cid})"
            got = table[cid] = (text, font.char_width(cid))
        return got


def page_resources(page: Any) -> Any:
    """The page's /Resources, inherited from the page tree where the page has none."""
    node = page
    while node is not None:
        res = node.get("/Resources")
        if res is not None:
            return res
        node = node.get("/Parent")
    return None


class Geometry:
    """Where pdfplumber puts a page's objects: its height, media box origin, doctop."""

    def __init__(self, plumber_page: Any) -> None:
        self.number = plumber_page.page_number
        self.height = plumber_page.height
        self.mb_x0, self.mb_top = plumber_page.mediabox[:2]
        self.doctop = plumber_page.initial_doctop
        obj = plumber_page.page_obj
        (x0, y0, x1, y1) = obj.mediabox
        rotate = obj.rotate
        if rotate == 90:
            self.ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rotate == 180:
            self.ctm = (-1, 0, 0, -1, x1, y1)
        elif rotate == 270:
            self.ctm = (0, 1, -1, 0, y1, -x0)
        else:
            self.ctm = (1, 0, 0, 1, -x0, -y0)


class TextState:
    """pdfminer's PDFTextState: the values q saves and Q restores, text matrix included."""

    __slots__ = (
        "charspace",
        "font",
        "fontsize",
        "leading",
        "linematrix",
        "matrix",
        "rise",
        "scaling",
        "wordspace",
    )

    def __init__(self) -> None:
        self.font: Any = None
        self.fontsize: float = 0
        self.charspace: float = 0
        self.wordspace: float = 0
        self.scaling: float = 100
        self.leading: float = 0
        self.rise: float = 0
        self.matrix: Matrix = IDENTITY
        self.linematrix: tuple[float, float] = (0, 0)

    def copy(self) -> TextState:
        new = TextState.__new__(TextState)
        new.font, new.fontsize, new.charspace = self.font, self.fontsize, self.charspace
        new.wordspace, new.scaling, new.leading = self.wordspace, self.scaling, self.leading
        new.rise, new.matrix, new.linematrix = self.rise, self.matrix, self.linematrix
        return new


class PageObjects:
    """What one page draws: upright glyphs (raw text) and the count of all chars, paths
    and images as pdfplumber's object dicts, and the fonts its glyphs use (fontname ->
    pdfminer font, the last one drawn under that name)."""

    def __init__(self, geometry: Geometry) -> None:
        self.geo = geometry
        self.glyphs: list[Glyph] = []
        self.count = 0
        self.rects: list[dict] = []
        self.lines: list[dict] = []
        self.curves: list[dict] = []
        self.images: list[dict] = []
        self.fonts: dict[Any, Any] = {}

    def objects(self) -> dict[str, list[dict]]:
        kinds = (
            ("rect", self.rects),
            ("line", self.lines),
            ("curve", self.curves),
            ("image", self.images),
        )
        return {k: v for k, v in kinds if v}


def read_page(doc: Document, index: int, plumber_page: Any) -> PageObjects:
    """The objects of page `index`, interpreted from its content stream."""
    page = doc.pages[index]
    geo = Geometry(plumber_page)
    out = PageObjects(geo)
    try:
        instructions = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError as exc:
        raise Unsupported(str(exc)) from exc
    Interpreter(doc, out, page_resources(page.obj), geo.ctm, set()).run(instructions)
    return out


class Interpreter:
    """One content stream (a page's or a form's) with pdfminer's state and arithmetic."""

    def __init__(self, doc: Document, out: PageObjects, resources: Any, ctm: Matrix, forms: set):
        self.doc = doc
        self.out = out
        self.resources = resources
        self.forms = forms
        self.ctm = ctm
        self.ts = TextState()
        self.linewidth: float = 0
        self.path: list[tuple] = []
        self.gstack: list[tuple[Matrix, TextState, float]] = []
        self.args: list[Any] = []
        self.fontmap: dict[str, Any] = {}

    def run(self, instructions: Any) -> None:
        for ins in instructions:
            op = str(ins.operator)
            got = DISPATCH.get(op)
            if got is None:  # pdfminer leaves an unknown operator's operands stacked
                self._other(op, ins)
                continue
            handler, n = got
            operands = ins.operands
            if len(operands) == n and not self.args:
                if handler is not None:
                    handler(self, *operands)
            else:
                self._stacked(handler, n, operands)

    def _stacked(self, handler: Any, n: int, operands: Any) -> None:
        """An operator whose operands are not exactly its own: pdfminer's argument stack."""
        if n == 0:
            self.args.extend(operands)
            if handler is not None:
                handler(self)
            return
        args = self._pop(operands, n)
        if len(args) == n and handler is not None:
            handler(self, *args)

    def _other(self, op: str, ins: Any) -> None:
        if op == "INLINE IMAGE":
            self._inline_image(ins)
        elif op not in COLOURS:
            self.args.extend(ins.operands)

    def _pop(self, operands: Any, n: int) -> list[Any]:
        stack = self.args
        if stack:
            stack.extend(operands)
            got = stack[-n:] if n else []
            del stack[len(stack) - len(got) :]
            return got
        got = list(operands)
        if len(got) > n:
            self.args = got[: len(got) - n]
            got = got[len(got) - n :] if n else []
        return got

    # ---- graphics state --------------------------------------------------------
    def q(self) -> None:
        self.gstack.append((self.ctm, self.ts.copy(), self.linewidth))

    def Q(self) -> None:
        if self.gstack:
            self.ctm, self.ts, self.linewidth = self.gstack.pop()

    def cm(self, *values: Any) -> None:
        try:
            m = tuple(num(v) for v in values)
        except (TypeError, ValueError):
            return
        self.ctm = mult(m, self.ctm)  # type: ignore[arg-type]

    def w(self, width: Any) -> None:
        try:
            value = num(width)
        except (TypeError, ValueError):
            return
        self.linewidth = value * (self.ctm[0] ** 2 + self.ctm[1] ** 2) ** 0.5

    # ---- paths -----------------------------------------------------------------
    def point(self, op: str, *values: Any) -> None:
        try:
            self.path.append((op, *(num(v) for v in values)))
        except (TypeError, ValueError):
            return

    def rect(self, x: Any, y: Any, w: Any, h: Any) -> None:
        try:
            x_f, y_f, w_f, h_f = num(x), num(y), num(w), num(h)
        except (TypeError, ValueError):
            return
        self.path.append(("m", x_f, y_f))
        self.path.append(("l", x_f + w_f, y_f))
        self.path.append(("l", x_f + w_f, y_f + h_f))
        self.path.append(("l", x_f, y_f + h_f))
        self.path.append(("h",))

    def paint(self, stroke: bool, fill: bool, evenodd: bool, close: bool = False) -> None:
        if close:
            self.path.append(("h",))
        paint_path(self.out, self.ctm, self.linewidth, stroke, fill, evenodd, self.path)
        self.path = []

    # ---- text state ------------------------------------------------------------
    def set_text(self, name: str, value: Any) -> None:
        try:
            setattr(self.ts, name, num(value))
        except (TypeError, ValueError):
            return

    def Tc(self, value: Any) -> None:  # the commonest operator of a Thai budget book
        try:
            self.ts.charspace = num(value)
        except (TypeError, ValueError):
            return

    def Tf(self, fontid: Any, size: Any) -> None:
        name = str(fontid)[1:] if not isinstance(fontid, str) else fontid
        font = self.fontmap.get(name)
        if font is None:
            fonts = self.resources.get("/Font") if self.resources is not None else None
            spec = fonts.get("/" + name) if fonts is not None else None
            font = self.doc.font(spec) if spec is not None else self.doc.rsrcmgr.get_font(None, {})
            self.fontmap[name] = font
        self.ts.font = font
        self.set_text("fontsize", size)

    def Td(self, tx: Any, ty: Any, leading: bool = False) -> None:
        ts = self.ts
        try:
            tx_, ty_ = num(tx), num(ty)
        except (TypeError, ValueError):
            ts.linematrix = (0, 0)
            return
        else:
            (a, b, c, d, e, f) = ts.matrix
            ts.matrix = (a, b, c, d, tx_ * a + ty_ * c + e, tx_ * b + ty_ * d + f)
            if leading:
                ts.leading = ty_
        ts.linematrix = (0, 0)

    def Tm(self, *values: Any) -> None:
        try:
            self.ts.matrix = tuple(num(v) for v in values)  # type: ignore[assignment]
        except (TypeError, ValueError):
            return
        self.ts.linematrix = (0, 0)

    def T_star(self) -> None:
        ts = self.ts
        (a, b, c, d, e, f) = ts.matrix
        ts.matrix = (a, b, c, d, ts.leading * c + e, ts.leading * d + f)
        ts.linematrix = (0, 0)

    def BT(self) -> None:
        self.ts.matrix = IDENTITY
        self.ts.linematrix = (0, 0)

    # ---- text ------------------------------------------------------------------
    def show(self, seq: list) -> None:
        """pdfminer's render_string_horizontal: one char per code, advancing the line;
        `seq` holds numbers and the bytes of strings."""
        ts = self.ts
        font = ts.font
        if font is None:
            return
        if font.is_vertical():
            raise Unsupported("vertical writing")
        show_string(self, ts, font, seq)

    def Do(self, name: Any) -> None:
        xobjs = self.resources.get("/XObject") if self.resources is not None else None
        xobj = xobjs.get(str(name)) if xobjs is not None else None
        if xobj is None or not hasattr(xobj, "read_bytes"):
            return
        subtype = xobj.get("/Subtype")
        if subtype == "/Form" and "/BBox" in xobj:
            self._form(xobj)
        elif subtype == "/Image" and "/Width" in xobj and "/Height" in xobj:
            self.out.images.append({"object_type": "image"})

    def _form(self, xobj: Any) -> None:
        key = xobj.objgen
        if key in self.forms:  # a form that draws itself: pdfminer refuses it too
            return
        m = xobj.get("/Matrix")
        matrix = tuple(_num(v) for v in m) if m is not None else IDENTITY
        res = xobj.get("/Resources")
        if res is not None and not len(res.keys()):
            res = None  # pdfminer: an empty dictionary is no resources
        try:
            instructions = pikepdf.parse_content_stream(xobj)
        except pikepdf.PdfError as exc:
            raise Unsupported(str(exc)) from exc
        sub = Interpreter(
            self.doc,
            self.out,
            res if res is not None else self.resources,
            mult(matrix, self.ctm),
            self.forms | {key},
        )
        sub.run(instructions)

    def _inline_image(self, ins: Any) -> None:
        d = ins.operands[0].obj if ins.operands else None
        if d is not None and "/W" in d and "/H" in d:
            self.out.images.append({"object_type": "image"})


def _operand(o: Any) -> Any:
    """A TJ element as pdfminer reads it: a number, the bytes of a string, else None."""
    t = type(o)
    if t is int or t is float:
        return o
    if t is Decimal:
        return num(o)
    return bytes(o) if isinstance(o, pikepdf.String) else None


def tj_elements(seq: Any) -> list:
    """The numbers and string bytes of a TJ array."""
    if not isinstance(seq, pikepdf.Array):
        raise Unsupported(f"TJ of {type(seq).__name__}")
    return [_operand(o) for o in seq]


def show_string(it: Interpreter, ts: TextState, font: Any, seq: list) -> None:
    """Chars of one Tj/TJ: pdfminer's render_string_horizontal for the advance, its
    LTChar for the box (apply_matrix_rect of (0, descent + rise, adv, descent + rise +
    size) under the text matrix translated to the char)."""
    scaling = ts.scaling * 0.01
    placed, x = _advance(it.doc, font, ts, seq, scaling)
    ts.linematrix = (x, ts.linematrix[1])
    if not placed:
        return
    out = it.out
    first = out.count
    out.count += len(placed)
    out.fonts[font.fontname] = font
    m = mult(ts.matrix, it.ctm)
    (a, b, c, d, _, _) = m
    if not (a * d * scaling > 0 and b * c <= 0):  # not upright: not read
        return
    lo = font.get_descent() * ts.fontsize + ts.rise
    box = (lo, lo + ts.fontsize, ts.linematrix[1], first)
    if b == 0 and c == 0:
        _straight_glyphs(out, m, box, _fix_name(font.fontname), placed)
    else:
        _turned_glyphs(out, m, box, _fix_name(font.fontname), placed)


def _advance(
    doc: Document, font: Any, ts: TextState, seq: list, scaling: float
) -> tuple[list[tuple[int, float, str, float]], float]:
    """Each code of the string with the x it is drawn at, its text and advance; the x
    after the string."""
    fontsize = ts.fontsize
    charspace = ts.charspace * scaling
    wordspace = 0 if font.is_multibyte() else ts.wordspace * scaling
    dxscale = 0.001 * fontsize * scaling
    table = doc.glyphs.setdefault(id(font), {})
    x = ts.linematrix[0]
    need = False
    placed = []
    for obj in seq:
        if type(obj) is not bytes:
            if obj is not None:
                x -= obj * dxscale
                need = True
            continue
        for cid in font.decode(obj):
            if need:
                x += charspace
            text, width = table.get(cid) or doc.glyph(font, cid)
            adv = width * fontsize * scaling
            placed.append((cid, x, text, adv))
            x += adv
            if cid == 32 and wordspace:
                x += wordspace
            need = True
    return placed, x


def _straight_glyphs(
    out: PageObjects, m: Matrix, box: tuple, name: Any, placed: list[tuple[int, float, str, float]]
) -> None:
    """Glyphs under a matrix without rotation or skew: pdfminer's box terms in b and c
    are zeros, so top, bottom and size are the string's and x0/x1 the char's (the same
    floats: adding a zero changes no value)."""
    (a, _, _, d, e, f) = m
    lo, hi, y, seq = box
    f2 = y * d + f
    y0, y1 = d * lo + f2, d * hi + f2
    if y1 < y0:
        y0, y1 = y1, y0
    geo = out.geo
    top, bottom = geo.height - y1 + geo.mb_top, geo.height - y0 + geo.mb_top
    size, mb_x0 = y1 - y0, geo.mb_x0
    add = out.glyphs.append
    for cid, x, text, adv in placed:
        left = x * a + e
        right = a * adv + left
        if right < left:
            left, right = right, left
        add(Glyph(text, left + mb_x0, right + mb_x0, top, bottom, size, name, cid, seq))
        seq += 1


def _turned_glyphs(
    out: PageObjects, m: Matrix, box: tuple, name: Any, placed: list[tuple[int, float, str, float]]
) -> None:
    """Glyphs under any upright matrix, pdfminer's apply_matrix_rect term for term."""
    (a, b, c, d, e, f) = m
    lo, hi, y, seq = box
    geo = out.geo
    for cid, x, text, adv in placed:
        e2 = x * a + y * c + e
        f2 = x * b + y * d + f
        left1, bottom1 = a * 0 + c * lo + e2, b * 0 + d * lo + f2
        right1, bottom2 = a * adv + c * lo + e2, b * adv + d * lo + f2
        right2, top1 = a * adv + c * hi + e2, b * adv + d * hi + f2
        left2, top2 = a * 0 + c * hi + e2, b * 0 + d * hi + f2
        y0 = min(bottom1, bottom2, top1, top2)
        y1 = max(bottom1, bottom2, top1, top2)
        x0 = min(left1, left2, right1, right2) + geo.mb_x0
        x1 = max(left1, left2, right1, right2) + geo.mb_x0
        top = geo.height - y1 + geo.mb_top
        bottom = geo.height - y0 + geo.mb_top
        out.glyphs.append(Glyph(text, x0, x1, top, bottom, y1 - y0, name, cid, seq))
        seq += 1


def _fix_name(fontname: Any) -> Any:
    if isinstance(fontname, bytes):
        from pdfplumber.page import fix_fontname_bytes

        return fix_fontname_bytes(fontname)
    return fontname


_M_SPLIT = re.compile(r"m[^m]+")


def paint_path(
    out: PageObjects,
    ctm: Matrix,
    linewidth: float,
    stroke: bool,
    fill: bool,
    evenodd: bool,
    path: list[tuple],
) -> None:
    """pdfminer's PDFLayoutAnalyzer.paint_path: a subpath as a line, a rect or a curve."""
    shape = "".join(x[0] for x in path)
    if shape[:1] != "m":
        return
    if shape.count("m") > 1:
        for m in _M_SPLIT.finditer(shape):
            paint_path(out, ctm, linewidth, stroke, fill, evenodd, path[m.start(0) : m.end(0)])
        return
    (a, b, c, d, e, f) = ctm
    pts = []
    for p in path:
        (x, y) = p[-2:] if p[0] != "h" else path[0][-2:]
        pts.append((a * x + c * y + e, b * x + d * y + f))
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    state = (linewidth, stroke, fill, evenodd)
    if shape in {"mlh", "ml"}:
        out.lines.append(_curve(out.geo, "line", [pts[0], pts[1]], state))
    elif shape in {"mlllh", "mllll"} and _is_rect(pts):
        (x0, y0), (x1, y1) = pts[0], pts[2]
        out.rects.append(_curve(out.geo, "rect", [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], state))
    else:
        out.curves.append(_curve(out.geo, "curve", pts, state))


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    return pts[0] == pts[4] and (
        (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
        or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    )


def _curve(geo: Geometry, kind: str, pts: list, state: tuple) -> dict:
    """An LTCurve (LTLine, LTRect) as pdfplumber's process_object builds its dict."""
    x0 = y0 = INF
    x1 = y1 = -INF
    for x, y in pts:
        x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
    linewidth, stroke, fill, evenodd = state
    h, mb_x0, mb_top = geo.height, geo.mb_x0, geo.mb_top
    top = (h - y1) + mb_top
    obj = {
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "pts": [(mb_x0 + px, mb_top + h - py) for px, py in pts],
        "linewidth": linewidth,
        "stroke": stroke,
        "fill": fill,
        "evenodd": evenodd,
        "object_type": kind,
        "page_number": geo.number,
        "top": top,
        "bottom": (h - y0) + mb_top,
        "doctop": geo.doctop + top,
    }
    if mb_x0 != 0:
        obj["x0"] = x0 + mb_x0
        obj["x1"] = x1 + mb_x0
    return obj


def _show_quote(it: Interpreter, s: Any) -> None:
    it.T_star()
    it.show([s])


def _show_dquote(it: Interpreter, aw: Any, ac: Any, s: Any) -> None:
    it.set_text("wordspace", aw)
    it.set_text("charspace", ac)
    it.show([s])


def _leading(it: Interpreter, value: Any) -> None:
    try:
        it.ts.leading = -num(value)
    except (TypeError, ValueError):
        return


HANDLERS: dict[str, Any] = {
    "q": Interpreter.q,
    "Q": Interpreter.Q,
    "cm": Interpreter.cm,
    "w": Interpreter.w,
    "m": lambda it, x, y: it.point("m", x, y),
    "l": lambda it, x, y: it.point("l", x, y),
    "c": lambda it, *v: it.point("c", *v),
    "v": lambda it, *v: it.point("v", *v),
    "y": lambda it, *v: it.point("y", *v),
    "h": lambda it: it.path.append(("h",)),
    "re": Interpreter.rect,
    "S": lambda it: it.paint(True, False, False),
    "s": lambda it: it.paint(True, False, False, close=True),
    "f": lambda it: it.paint(False, True, False),
    "f*": lambda it: it.paint(False, True, True),
    "B": lambda it: it.paint(True, True, False),
    "B*": lambda it: it.paint(True, True, True),
    "b": lambda it: it.paint(True, True, False, close=True),
    "b*": lambda it: it.paint(True, True, True, close=True),
    "n": lambda it: setattr(it, "path", []),
    "BT": Interpreter.BT,
    "Tc": Interpreter.Tc,
    "Tw": lambda it, v: it.set_text("wordspace", v),
    "Tz": lambda it, v: it.set_text("scaling", v),
    "TL": _leading,
    "Tf": Interpreter.Tf,
    "Tr": lambda it, v: None,
    "Ts": lambda it, v: it.set_text("rise", v),
    "Td": Interpreter.Td,
    "TD": lambda it, x, y: it.Td(x, y, leading=True),
    "Tm": Interpreter.Tm,
    "T*": Interpreter.T_star,
    "TJ": lambda it, seq: it.show(tj_elements(seq)),
    "Tj": lambda it, s: it.show([_operand(s)]),
    "'": _show_quote,
    '"': _show_dquote,
    "Do": Interpreter.Do,
}

#: operator -> (handler or None for one pdfminer ignores, operands it pops)
DISPATCH: dict[str, tuple[Any, int]] = {
    **{op: (None, n) for op, n in IGNORED.items()},
    **{op: (HANDLERS[op], n) for op, n in ARGS.items()},
}
