"""The pypdfium2 (PDFium, C++) backend: pages that look like pdfplumber's to the rest of the reader.

``PdfSettings.backend = "pdfium"`` (``council-extract run --pdf-backend pdfium``) reads each page with
PDFium instead of pdfminer.  :class:`PdfiumPage` offers what the reader uses of a pdfplumber page, in
pdfplumber's coordinates (PDF points, origin at the top left of the page as displayed):

- ``chars``: dicts with ``text``, ``x0``/``x1``/``top``/``bottom`` (pdfminer's box: the advance width
  by the font size, from the font's descent), ``size``, ``fontname``, ``matrix``, ``upright``,
  ``non_stroking_color`` (RGB 0-1);
- ``lines``, ``rects``, ``curves``: painted paths classified as pdfminer does (one segment: a line;
  a closed axis-aligned four-point path: a rect; anything else: a curve), with ``stroke``, ``fill``,
  ``stroking_color``, ``non_stroking_color``, ``linewidth`` and the curve's ``pts``;
- ``extract_words(...)``: pdfplumber's own word grouping (``pdfplumber.utils.text.WordExtractor``) run
  on those characters, so words are grouped by the same rule on either backend.

Why PDFium: it is already a dependency (the density check), mature (Chrome's PDF engine), and parses a
page in C; pdfplumber-rs is faster still but young and not a drop-in (the reader imports
``pdfplumber.table``).  Measured in ``benchmarks/bench_speed.py``.  Known differences from pdfminer, each
measured on tests/data/pdf (tests/test_pdf_backends.py):

- glyph advances are whole thousandths of an em (pdfminer keeps the width table's fractions), so x
  positions drift along a line (0.675 pt at most on seed-000's first page); coordinates are single
  precision (82.99994 for pdfminer's 83.0000000001), which moves a value sitting exactly on a tolerance;
- font names lose their subset tag ("AAAAAA+Arial-BoldMT" -> "Arial-BoldMT"); the descent of the
  standard 14 fonts is taken from pdfminer's AFM table, as pdfminer does;
- a path's ``linewidth`` is PDFium's default 1.0 where the content never set one (pdfminer: 0), and a
  rect's ``pts`` repeat its first point at the end; neither is read by the reader;
- PDFium drops characters drawn twice at one place (fake bold); unmapped glyphs come out as U+FFFD or
  their code point, not pdfminer's "(cid:N)".
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.base import DamagedFile, EncryptedFile
from extractors.pdf.pdfium_calls import Calls, fast_calls

RECT_SHAPES = frozenset({"mlllh", "mllll"})
LINE_SHAPES = frozenset({"mlh", "ml"})
MAX_FORM_DEPTH = 12
PDFIUM_HYPHEN, HYPHEN = 2, "-"   # PDFium reports a hyphen ending a line as U+0002; pdfminer as the "-" drawn
# (a, b, c, d) of a glyph's matrix times the CTM with which pdfminer turns a page by its /Rotate.
ROTATE_MATRIX: dict[int, Callable[[float, float, float, float], tuple[float, float, float, float]]] = {
    0: lambda a, b, c, d: (a, b, c, d),
    90: lambda a, b, c, d: (b, -a, d, -c),
    180: lambda a, b, c, d: (-a, -b, -c, -d),
    270: lambda a, b, c, d: (-b, a, -d, c),
}


def open_pdfium(path: Path) -> Any:
    """Open a PDF with pypdfium2, turning its errors into ours (encrypted, damaged)."""
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as e:
        if "password" in str(e).lower() or "security" in str(e).lower():
            raise EncryptedFile(
                f"{path.name}: the PDF is password-protected or uses unsupported encryption; "
                "save an unprotected copy (e.g. print to PDF) and run again"
            ) from e
        raise DamagedFile(f"{path.name}: not a readable PDF ({e}); re-download or re-export the file") from e


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention, as pdfminer's ``mult_matrix``)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (a * a1 + b * c1, a * b1 + b * d1, c * a1 + d * c1, c * b1 + d * d1,
            e * a1 + f * c1 + e1, e * b1 + f * d1 + f1)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(slots=True)
class _Reader:
    """ctypes buffers reused for every call on one page."""

    raw: Any
    fm: Any = field(default_factory=lambda: __import__("pypdfium2.raw", fromlist=["FS_MATRIX"]).FS_MATRIX())
    r: ctypes.c_uint = field(default_factory=ctypes.c_uint)
    g: ctypes.c_uint = field(default_factory=ctypes.c_uint)
    b: ctypes.c_uint = field(default_factory=ctypes.c_uint)
    a: ctypes.c_uint = field(default_factory=ctypes.c_uint)
    mode: ctypes.c_int = field(default_factory=ctypes.c_int)
    stroke: ctypes.c_int = field(default_factory=ctypes.c_int)
    buf: Any = field(default_factory=lambda: ctypes.create_string_buffer(512))
    fonts: dict[int, tuple[str, float]] = field(default_factory=dict)  # font address -> (name, descent per pt)
    calls: Calls = field(default_factory=fast_calls)
    origin: tuple[Any, list[Any]] = (None, [])  # a character's origin (x, y), doubles: (buffer, pointers)
    box: tuple[Any, list[Any]] = (None, [])     # a character's loose box (left, top, right, bottom), floats
    point: tuple[Any, list[Any]] = (None, [])   # a path segment's point (x, y), floats

    def __post_init__(self) -> None:
        self.origin, self.box, self.point = (self.calls.buffer("double", 2), self.calls.buffer("float", 4),
                                             self.calls.buffer("float", 2))

    def matrix(self, obj: Any) -> Matrix:
        self.raw.FPDFPageObj_GetMatrix(obj, self.fm)
        m = self.fm
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def color(self, obj: Any, fill: bool) -> tuple[float, float, float]:
        get = self.raw.FPDFPageObj_GetFillColor if fill else self.raw.FPDFPageObj_GetStrokeColor
        if not get(obj, self.r, self.g, self.b, self.a):
            return (0.0, 0.0, 0.0)
        return (self.r.value / 255, self.g.value / 255, self.b.value / 255)


@dataclass(slots=True)
class _FontFacts:
    fontname: str
    descent_per_pt: float        # the font's descent (negative) per point of font size
    color: tuple[float, float, float]
    size: float                  # the text object's font size (Tf)
    matrix: Matrix               # the character's text-space-to-page matrix, without Tf

    simple: bool = False         # upright, unturned, unskewed text: its box needs no matrix
    dy0: float = 0.0             # the box's bottom above the baseline (the descent, negative), page units
    dy1: float = 0.0             # the box's top above the baseline, page units
    a: float = 0.0               # the matrix's horizontal scale (matrix[0])
    d: float = 0.0               # the matrix's vertical scale (matrix[3])

    def __post_init__(self) -> None:
        a, b, c, d = self.matrix[:4]
        fs = self.size or 1.0
        self.a, self.d = a, d
        self.simple = a > 0 and d > 0 and b == 0 and c == 0
        self.dy0, self.dy1 = d * self.descent_per_pt * fs, d * (self.descent_per_pt + 1.0) * fs


class PageView:
    """Objects of a page as pdfplumber dicts, with the attributes of a pdfplumber page the reader uses."""

    width: float
    height: float
    initial_doctop: float
    _objects: dict[str, list[dict]] | None

    def __init__(self, objects: dict[str, list[dict]], width: float, height: float, doctop: float) -> None:
        self._objects = objects
        self.width, self.height, self.initial_doctop = width, height, doctop
        self.bbox = (0.0, 0.0, width, height)

    @property
    def objects(self) -> dict[str, list[dict]]:
        assert self._objects is not None
        return self._objects

    @property
    def chars(self) -> list[dict]:
        return self.objects["char"]

    @property
    def lines(self) -> list[dict]:
        return self.objects["line"]

    @property
    def rects(self) -> list[dict]:
        return self.objects["rect"]

    @property
    def curves(self) -> list[dict]:
        return self.objects["curve"]

    def extract_words(self, **kwargs: Any) -> list[dict]:
        """pdfplumber's ``Page.extract_words`` on these characters (same keyword arguments)."""
        from pdfplumber.utils.text import extract_words

        return extract_words(self.chars, **kwargs)

    def turned(self, turn: Callable[[dict], dict], width: float, height: float) -> PageView:
        """A view with every object passed through ``turn`` (``page.turned_page``), ``width`` x ``height`` pt."""
        return PageView({k: [turn(o) for o in objs] for k, objs in self.objects.items()}, width, height,
                        self.initial_doctop)

    def close(self) -> None:
        self._objects = None


class PdfiumPage(PageView):
    """One page read by PDFium, with the attributes of a pdfplumber page the reader uses."""

    def __init__(self, doc: Any, index: int, doctop: float = 0.0) -> None:  # noqa: D107 - no super(): lazy objects
        import pypdfium2.raw as raw

        self.page_number = index + 1
        self.initial_doctop = doctop
        self._page = doc[index]
        self.rotation = int(raw.FPDFPage_GetRotation(self._page.raw)) * 90 % 360
        mb = self._page.get_mediabox()
        self._box = (mb[0], mb[1], mb[2], mb[3])   # unrotated: left, bottom, right, top
        w, h = mb[2] - mb[0], mb[3] - mb[1]
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)
        self.bbox = (0.0, 0.0, self.width, self.height)
        self._objects: dict[str, list[dict]] | None = None
        self._text_page: Any = None

    @property
    def objects(self) -> dict[str, list[dict]]:
        if self._objects is None:
            self._objects = self._read()
        return self._objects

    def text_page(self) -> Any:
        """PDFium's text page of this page (``FPDFText_LoadPage``), loaded once for counting and reading."""
        if self._text_page is None:
            import pypdfium2.raw as raw

            assert self._page is not None
            self._text_page = raw.FPDFText_LoadPage(self._page.raw)
        return self._text_page

    def _close_text_page(self) -> None:
        if self._text_page is not None:
            import pypdfium2.raw as raw

            raw.FPDFText_ClosePage(self._text_page)
            self._text_page = None

    def close(self) -> None:
        self._objects = None
        self._close_text_page()
        if self._page is not None:
            self._page.close()
            self._page = None

    # --- reading ----------------------------------------------------------------------------------

    def _to_display(self, x: float, y: float) -> tuple[float, float]:
        """A point in PDF user space -> (x, top) on the displayed page (the page's /Rotate applied)."""
        left, bottom, right, top = self._box
        ux, utop = x - left, top - y                 # unrotated, top-based
        w, h = right - left, top - bottom
        if self.rotation == 90:
            return h - utop, ux
        if self.rotation == 180:
            return w - ux, h - utop
        if self.rotation == 270:
            return utop, w - ux
        return ux, utop

    def _box_dict(self, xs: list[float], tops: list[float]) -> dict[str, Any]:
        x0, x1, t0, t1 = min(xs), max(xs), min(tops), max(tops)
        return {"x0": x0, "x1": x1, "top": t0, "bottom": t1, "width": x1 - x0, "height": t1 - t0,
                "y0": self.height - t1, "y1": self.height - t0, "doctop": self.initial_doctop + t0}

    def _read(self) -> dict[str, list[dict]]:
        import pypdfium2.raw as raw

        reader = _Reader(raw)
        out: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": []}
        page = self._page.raw
        for i in range(raw.FPDFPage_CountObjects(page)):
            self._walk(raw.FPDFPage_GetObject(page, i), IDENTITY, reader, out, 0)
        out["char"] = self._chars(reader)
        return out

    def _walk(self, obj: Any, outer: Matrix, reader: _Reader, out: dict[str, list[dict]], depth: int) -> None:
        raw = reader.raw
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            self._path(obj, mult(reader.matrix(obj), outer), reader, out)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            m = mult(reader.matrix(obj), outer)
            for k in range(raw.FPDFFormObj_CountObjects(obj)):
                self._walk(raw.FPDFFormObj_GetObject(obj, k), m, reader, out, depth + 1)

    def _path(self, obj: Any, m: Matrix, reader: _Reader, out: dict[str, list[dict]]) -> None:
        raw = reader.raw
        if not raw.FPDFPath_GetDrawMode(obj, reader.mode, reader.stroke):
            return
        fill, stroke = reader.mode.value != raw.FPDF_FILLMODE_NONE, bool(reader.stroke.value)
        if not (fill or stroke):
            return
        shape, pts = _segments(obj, m, reader)
        if not shape:
            return
        attrs = {"stroke": stroke, "fill": fill, "linewidth": _width(raw, obj),
                 "stroking_color": reader.color(obj, False), "non_stroking_color": reader.color(obj, True)}
        start = 0
        for n in range(1, len(shape) + 1):  # one subpath per "m", as pdfminer paints them
            if n == len(shape) or shape[n] == "m":
                self._subpath(shape[start:n], pts[start:n], attrs, out)
                start = n

    def _subpath(self, shape: str, pts: list[tuple[float, float]], attrs: dict, out: dict[str, list[dict]]) -> None:
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:  # pdfminer drops a redundant "l"
            shape = shape[:-2] + "h"
            pts = pts[:-2] + pts[-1:]
        if shape in LINE_SHAPES:
            kind, pts = "line", pts[:2]
        elif shape in RECT_SHAPES and _is_rect(pts):
            kind = "rect"
        elif shape[:1] == "m":
            kind = "curve"
        else:
            return
        display = self._display(pts)
        obj = self._box_dict([p[0] for p in display], [p[1] for p in display])
        obj.update(attrs)
        obj["pts"] = display
        obj["page_number"] = self.page_number
        obj["object_type"] = kind
        out[kind].append(obj)

    def _display(self, pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
        """:meth:`_to_display` of every point (on an unturned page without a call per point)."""
        if self.rotation == 0:
            left, top = self._box[0], self._box[3]
            return [(x - left, top - y) for x, y in pts]
        return [self._to_display(x, y) for x, y in pts]

    def _chars(self, reader: _Reader) -> list[dict]:
        try:
            return self._text_chars(self.text_page(), reader)
        finally:
            self._close_text_page()

    def _text_chars(self, tp: Any, reader: _Reader) -> list[dict]:
        """Every character PDFium read from the content (not the spaces and line ends it generates)."""
        raw = reader.raw
        facts: dict[int, _FontFacts] = {}
        chars: list[dict] = []
        is_generated, unicode = raw.FPDFText_IsGenerated, raw.FPDFText_GetUnicode
        calls = reader.calls
        text_object, origin, loose, handle = calls.text_object, calls.origin, calls.loose_box, calls.handle(tp)
        (xy, (px, py)), (box, (pbox, _, _, _)) = reader.origin, reader.box
        left, top, height, doctop, number = self._box[0], self._box[3], self.height, self.initial_doctop, self.page_number
        simple_page = self.rotation == 0
        append = chars.append
        count = raw.FPDFText_CountChars(tp)
        codes = _page_codes(raw, tp, count)
        last: int | None = -1                 # the text object of the previous character (-1: none yet)
        f: _FontFacts
        for i in range(count):
            code = codes[i] if codes is not None else unicode(tp, i)
            if code in MAYBE_GENERATED:
                if is_generated(tp, i) == 1:
                    continue
                code = unicode(tp, i)    # the page text writes PDFium's hyphen U+0002 as U+FFFE
            key = text_object(handle, i)
            if key != last:                  # a new text object (most run on for many characters)
                if not key:
                    continue
                known = facts.get(key)
                if known is None:
                    known = facts[key] = self._font_facts(tp, i, raw.FPDFText_GetTextObject(tp, i), reader)
                f = known
                last, simple = key, simple_page and f.simple
                fontname, color, fa, fd, dy0, dy1 = f.fontname, f.color, f.a, f.d, f.dy0, f.dy1
            origin(handle, i, px, py)
            loose(handle, i, pbox)
            text = HYPHEN if code == PDFIUM_HYPHEN else chr(code) if code else ""
            ox, oy = xy[0], xy[1]
            if not simple:
                append(self._char(text, ox, oy, box[2] - box[0], box[1] - box[3], f))
                continue
            # Upright text on an unturned page (nearly all of it): the box without the general matrix.
            x0 = ox - left
            x1 = x0 + (box[2] - box[0])
            t0, t1 = top - (oy + dy1), top - (oy + dy0)
            h = t1 - t0
            append({"x0": x0, "x1": x1, "top": t0, "bottom": t1, "width": x1 - x0, "height": h,
                    "y0": height - t1, "y1": height - t0, "doctop": doctop + t0,
                    "text": text, "object_type": "char", "fontname": fontname, "upright": True,
                    "size": h, "non_stroking_color": color, "matrix": (fa, 0.0, 0.0, fd, ox, oy),
                    "page_number": number})
        return chars

    def _font_facts(self, tp: Any, i: int, text_obj: Any, reader: _Reader) -> _FontFacts:
        raw = reader.raw
        size = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(text_obj, size)
        font = raw.FPDFTextObj_GetFont(text_obj)
        name, descent = _font_name_descent(raw, font, reader) if font else ("", 0.0)
        raw.FPDFText_GetMatrix(tp, i, reader.fm)
        fm = reader.fm
        return _FontFacts(name, descent, reader.color(text_obj, True), float(size.value),
                          (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f))

    def _char(self, text: str, ox: float, oy: float, w: float, h: float, f: _FontFacts) -> dict:
        """pdfminer's box of one character: origin to origin + advance, descent to descent + font size.

        ``w`` and ``h`` are the width and height of PDFium's loose box of the character (page units)."""
        a, b, c, d = f.matrix[:4]
        fs = f.size or 1.0
        scale = math.hypot(a, b) or 1.0
        adv = w / abs(a) if abs(b) < 1e-6 and a else h / abs(b) if abs(a) < 1e-6 and b else w / scale
        desc = f.descent_per_pt * fs
        corners = [(ox + c * desc, oy + d * desc), (ox + a * adv + c * (desc + fs), oy + b * adv + d * (desc + fs)),
                   (ox + a * adv + c * desc, oy + b * adv + d * desc), (ox + c * (desc + fs), oy + d * (desc + fs))]
        display = [self._to_display(px, py) for px, py in corners]
        obj = self._box_dict([p[0] for p in display], [p[1] for p in display])
        # pdfminer's matrix has the page's /Rotate in it (its initial CTM turns the page).
        a, b, c, d = ROTATE_MATRIX[self.rotation](a, b, c, d)
        obj.update(text=text, object_type="char", fontname=f.fontname, upright=a * d > 0 and b * c <= 0,
                   size=obj["height"], non_stroking_color=f.color, matrix=(a, b, c, d, ox, oy),
                   page_number=self.page_number)
        return obj


# What PDFium may generate (FPDFText_IsGenerated: the spaces and line ends it inserts between words and
# lines) and the line-end hyphen (U+0002 per character, U+FFFE in the page text): only these codes need
# the per-character calls.
MAYBE_GENERATED = frozenset((0, PDFIUM_HYPHEN, 0x0A, 0x0D, 0x20, 0xFFFE))


def _page_codes(raw: Any, tp: Any, count: int) -> list[int] | None:
    """Every character's code on the text page ``tp`` in one call (``FPDFText_GetText``), or None.

    One call instead of ``FPDFText_GetUnicode`` per character (a ctypes call each: the backend's
    largest cost).  The page's text is UTF-16 and skips characters with no text; when it is not
    exactly one code unit per character (a surrogate pair, a skipped character), None: ask per character.
    """
    if count <= 0:
        return None
    buf = (ctypes.c_ushort * (count + 1))()
    if raw.FPDFText_GetText(tp, 0, count, buf) != count + 1:
        return None
    codes = buf[:count]
    if any(0xD800 <= c <= 0xDFFF for c in codes):
        return None
    return codes


def _segments(obj: Any, m: Matrix, reader: _Reader) -> tuple[str, list[tuple[float, float]]]:
    """A path's shape as pdfminer spells it ("m", "l", "c" per three Bezier points, "h" after a closing
    segment) and its points through ``m`` (a closing "h" repeats its subpath's first point)."""
    raw = reader.raw
    calls = reader.calls
    get_segment, get_point, get_type, get_close = calls.segment, calls.point, calls.segment_type, calls.segment_close
    bezier, move = raw.FPDF_SEGMENT_BEZIERTO, raw.FPDF_SEGMENT_MOVETO
    handle = calls.handle(obj)
    xy, (pfx, pfy) = reader.point
    a, b, c, d, e, f = m
    shape, pts = "", []
    pending = 0
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = get_segment(handle, k)
        get_point(seg, pfx, pfy)
        kind = get_type(seg)
        x, y = xy[0], xy[1]
        point = (a * x + c * y + e, b * x + d * y + f)   # apply(m, x, y)
        if kind == bezier:
            pending += 1
            if pending < 3:
                continue
            pending = 0
            shape += "c"
        else:
            shape += "m" if kind == move else "l"
        pts.append(point)
        if get_close(seg):
            start = shape.rfind("m")
            shape += "h"
            pts.append(pts[start] if start >= 0 else point)
    return shape, pts


def _font_name_descent(raw: Any, font: Any, reader: _Reader) -> tuple[str, float]:
    """A font's base name (no subset tag) and descent per pt, asked of PDFium once per font of the page."""
    key = ctypes.cast(font, ctypes.c_void_p).value or 0
    known = reader.fonts.get(key)
    if known is None:
        n = raw.FPDFFont_GetBaseFontName(font, reader.buf, len(reader.buf))
        name = reader.buf.raw[:max(0, n - 1)].decode("utf-8", "replace")
        descent = _standard_descent(name)
        d = ctypes.c_float()
        if descent is None:
            descent = d.value if raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), d) else 0.0
        known = reader.fonts[key] = (name, descent or 0.0)
    return known


def _standard_descent(basefont: str) -> float | None:
    """pdfminer's descent (per pt) for one of the standard 14 fonts: its AFM table, not the font's own."""
    from pdfminer.fontmetrics import FONT_METRICS

    metrics = FONT_METRICS.get(basefont)
    return float(metrics[0].get("Descent", 0)) / 1000 if metrics else None  # type: ignore[arg-type]


def _width(raw: Any, obj: Any) -> float:
    w = ctypes.c_float()
    return float(w.value) if raw.FPDFPageObj_GetStrokeWidth(obj, w) else 0.0


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    """pdfminer's test: a closed four-point path with axis-aligned sides."""
    if len(pts) != 5:
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    closed = pts[0] == pts[4]
    return closed and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))


def count_chars(page: PdfiumPage) -> int:
    """Characters on the page, counted by PDFium before any object is read."""
    import pypdfium2.raw as raw

    return int(raw.FPDFText_CountChars(page.text_page()))   # the text page stays for reading the characters


def read_pages_pdfium(path: Path, settings: Any, pdf_settings: Any) -> Any:
    """:func:`extractors.pdf.read_pages` on PDFium: each page read, turned into blocks and closed in turn.

    Returns a :class:`extractors.pdf.PagesRead`; raises EncryptedFile, DamagedFile or FileTooLarge.
    """
    from extractors.base import W113, FileTooLarge
    from extractors.pdf import PagesRead, PageTooDense
    from extractors.pdf.page import PageOut, page_to_out

    doc = open_pdfium(path)
    try:
        n_pages = len(doc)
        if n_pages > settings.max_pages:
            raise FileTooLarge(f"{path.name}: {n_pages} pages is over the {settings.max_pages}-page limit; "
                               "split the file or raise --max-pages")
        out = PagesRead([], [], [], [])
        title = (doc.get_metadata_dict() or {}).get("Title")
        if isinstance(title, str) and title.strip():
            out.meta.append(("title", title.strip()))
        carried: tuple[float, ...] | None = None
        doctop = 0.0
        for i in range(n_pages):
            page = PdfiumPage(doc, i, doctop)
            doctop += page.height
            try:
                n = count_chars(page)
                if n > pdf_settings.max_chars_per_page:
                    raise PageTooDense(f"{n:,} characters on one page is over the limit of "
                                       f"{pdf_settings.max_chars_per_page:,} (--max-chars-per-page); "
                                       "the page was not read")
                po = page_to_out(page, i + 1, settings, carried, pdf_settings)
                out.pages.append(po)
                carried = po.last_unruled_columns()
            except Exception as e:  # noqa: BLE001 - a damaged page is reported, the rest is kept
                dense = isinstance(e, PageTooDense)
                out.failures.append(str(e) if dense else "")
                out.warnings.append(W113.format(page=i + 1, error=e if dense else f"{type(e).__name__}: {e}"))
                out.pages.append(PageOut(i + 1, float(page.height or 0), failed=True))
                carried = None
            finally:
                page.close()
        return out
    finally:
        doc.close()
