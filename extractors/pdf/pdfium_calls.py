"""The PDFium calls made once per character or path segment, at the lowest cost Python offers.

:func:`fast_calls` gives ``FPDFText_GetTextObject``, ``FPDFText_GetCharOrigin``, ``FPDFText_GetLooseCharBox``,
``FPDFPath_GetPathSegment``, ``FPDFPathSegment_GetPoint``, ``_GetType`` and ``_GetClose`` (pypdfium2's own
function pointers) through cffi when it is installed (it comes with pdfminer.six, through cryptography),
else through ctypes prototypes taking plain addresses.  Either way the same PDFium functions write the
same buffers, so the values read are the same; a cffi call costs about half a ctypes one, and these
calls are most of the backend's time (three per character).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_NAMES = ("FPDFText_GetTextObject", "FPDFText_GetCharOrigin", "FPDFText_GetLooseCharBox", "FPDFPath_GetPathSegment",
          "FPDFPathSegment_GetPoint", "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose")
_CFFI_TYPES = ("intptr_t(*)(void*, int)", "int(*)(void*, int, double*, double*)", "int(*)(void*, int, float*)",
               "void*(*)(void*, int)", "int(*)(void*, float*, float*)", "int(*)(void*)", "int(*)(void*)")


@dataclass(frozen=True, slots=True)
class Calls:
    """The per-character and per-segment calls; pointer arguments from :meth:`handle` and :meth:`buffer`."""

    handle: Callable[[Any], Any]                  # a pypdfium2 handle (ctypes pointer) -> the calls' argument
    text_object: Callable[[Any, int], int | None]  # (text page, index) -> the text object's address (0/None: none)
    origin: Callable[[Any, int, Any, Any], int]   # (text page, index, x, y) -> ok; writes two doubles
    loose_box: Callable[[Any, int, Any], int]     # (text page, index, rect) -> ok; writes left, top, right, bottom
    segment: Callable[[Any, int], Any]            # (path object, index) -> a segment
    point: Callable[[Any, Any, Any], int]         # (segment, x, y) -> ok; writes two floats
    segment_type: Callable[[Any], int]
    segment_close: Callable[[Any], int]
    buffer: Callable[[str, int], tuple[Any, list[Any]]]  # ("double"/"float", n) -> (indexable buffer, n pointers)


_CALLS: list[Calls] = []


def fast_calls() -> Calls:
    """The calls, built once per process (cffi if it imports, else ctypes)."""
    if not _CALLS:
        import pypdfium2.raw as raw

        addresses = [ctypes.cast(getattr(raw, name), ctypes.c_void_p).value or 0 for name in _NAMES]
        try:
            _CALLS.append(_cffi_calls(addresses))
        except ImportError:
            _CALLS.append(_ctypes_calls(addresses))
    return _CALLS[0]


def _cffi_calls(addresses: list[int]) -> Calls:
    import cffi

    ffi = cffi.FFI()
    fns = [ffi.cast(t, a) for t, a in zip(_CFFI_TYPES, addresses)]

    def handle(h: Any) -> Any:
        return ffi.cast("void*", ctypes.cast(h, ctypes.c_void_p).value or 0)

    def buffer(kind: str, n: int) -> tuple[Any, list[Any]]:
        buf = ffi.new(f"{kind}[{n}]")
        return buf, [buf + k for k in range(n)]

    return Calls(handle, fns[0], fns[1], fns[2], fns[3], fns[4], fns[5], fns[6], buffer)


def _ctypes_calls(addresses: list[int]) -> Calls:
    p, i = ctypes.c_void_p, ctypes.c_int
    protos = (ctypes.CFUNCTYPE(p, p, i), ctypes.CFUNCTYPE(i, p, i, p, p), ctypes.CFUNCTYPE(i, p, i, p),
              ctypes.CFUNCTYPE(p, p, i), ctypes.CFUNCTYPE(i, p, p, p), ctypes.CFUNCTYPE(i, p), ctypes.CFUNCTYPE(i, p))
    fns = [proto(a) for proto, a in zip(protos, addresses)]

    def handle(h: Any) -> Any:
        return ctypes.cast(h, ctypes.c_void_p).value

    def buffer(kind: str, n: int) -> tuple[Any, list[Any]]:
        t = ctypes.c_double if kind == "double" else ctypes.c_float
        buf = (t * n)()
        return buf, [ctypes.byref(buf, k * ctypes.sizeof(t)) for k in range(n)]

    return Calls(handle, fns[0], fns[1], fns[2], fns[3], fns[4], fns[5], fns[6], buffer)
