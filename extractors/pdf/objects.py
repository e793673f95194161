"""A page's objects as pdfplumber builds them, built with less work per object.

pdfplumber's ``Page.process_object`` turns each pdfminer layout object (a character, rect, line,
curve, image) into the dict that ``page.chars``, ``page.rects`` and the rest hold.  It costs about
half of reading a page: every attribute goes through ``resolve_all`` (a recursive walk that
copies tuples) and every character's colour-space name through ``decode_text``, though nearly
all values are plain numbers, strings and flags, and a page has a handful of colour spaces.

:func:`fast_objects` makes one page build its objects with :func:`process_object`, which is
pdfplumber 0.11.11's ``process_object`` step by step, except that a plain value (``float``,
``int``, ``str``, ``bool``, ``None``, or a tuple of those) is kept as it is instead of walked
(``resolve_all`` gives an equal value for it), a colour-space name is decoded once per name, and
the object kind is worked out once per pdfminer class.  The dicts are equal, key for key and in
the same key order, to pdfplumber's (compared on every page of the public and test PDFs).  With
another pdfplumber version the page keeps pdfplumber's own method.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTCurve, LTTextContainer
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes, lt_pat, normalize_unicode
from pdfplumber.utils import resolve_all, resolve_and_decode

MIRRORED_VERSIONS = frozenset({"0.11.11"})   # pdfplumber versions whose process_object this mirrors
_PLAIN = frozenset({float, int, str, bool, type(None)})  # values resolve_all returns unchanged
_KINDS: dict[type, str] = {}                  # pdfminer class -> object_type ("LTChar" -> "char")
_CS_NAMES: dict[str, Any] = {}                # colour-space name -> resolve_and_decode(name)


def fast_objects(page: Any) -> Any:
    """``page`` (a pdfplumber ``Page``), set to build its objects with :func:`process_object`
    when the installed pdfplumber is one it mirrors; returns the page."""
    if pdfplumber.__version__ in MIRRORED_VERSIONS:
        page.process_object = MethodType(process_object, page)
    return page


def _plain(v: Any) -> bool:
    t = type(v)
    return t in _PLAIN or (t is tuple and all(type(x) in _PLAIN for x in v))


def _cs_name(name: Any) -> Any:
    if type(name) is not str:
        return resolve_and_decode(name)
    decoded = _CS_NAMES.get(name)
    if decoded is None:
        decoded = _CS_NAMES[name] = resolve_and_decode(name)
    return decoded


def process_object(self: Any, obj: Any) -> dict[str, Any]:
    """pdfplumber 0.11.11's ``Page.process_object(obj)`` for the page ``self``: the same dict."""
    cls = obj.__class__
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = lt_pat.sub("", cls.__name__).lower()
    attr = {k: v if _plain(v) else resolve_all(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = kind
    attr["page_number"] = self.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = _cs_name(getattr(obj, cs).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        norm = self.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):  # pragma: no cover - rare byte-encoded font names
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    elif isinstance(obj, LTCurve):
        to_coord = self.point2coord
        attr["pts"] = list(map(to_coord, attr["pts"]))
        attr["path"] = [(cmd, *map(to_coord, pts)) for cmd, *pts in obj.original_path]  # type: ignore[union-attr]
        attr["dash"] = obj.dashing_style
    mb_x0, mb_top = self.mediabox[:2]
    if "y0" in attr:
        height = self.height
        attr["top"] = (height - attr["y1"]) + mb_top
        attr["bottom"] = (height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr
