"""Read each input file once: the bytes hashed for ``doc_id`` are the bytes the extractor parses.

:func:`private_copy` copies the file, hashing as it goes, into a folder only this process can write
(``tempfile.mkdtemp``: mode 0700) under the file's own name, and the extractor reads that copy.  A
file rewritten while a batch runs (a sync client, an editor saving) therefore never gives one
content's ``doc_id`` and another content's records: the copy is what was hashed.  A file that
changes *while it is copied* (its size, modification time or inode differ before and after, or the
bytes read are not its size) is copied again, up to :data:`COPY_ATTEMPTS` times, then refused with
:class:`FileKeptChanging` (E111).

Why a copy rather than bytes in memory: every extractor (pdfplumber, python-docx, lxml, the text
reader) takes a path; a private copy needs no change to any of them, costs one sequential write of a
file already under ``--max-file-mb``, and keeps the worker's memory what it was.

The copy is also where two kinds of readable text are made readable (:func:`readable_text`):

- a text file saved as **UTF-16 or UTF-32 with a byte-order mark** (Notepad's "Unicode") is decoded
  from its BOM and copied as UTF-8 (W121);
- a text file with a few **stray control bytes** (a NUL from a bad download, an escape sequence) has
  them dropped, with a warning naming the first offsets (W122).

A file still not PDF, XLSX, ODS, DOCX, HTML or text is refused by the extractors as before (E101), and the
message says which byte at which offset made it not text (:func:`extractors.not_text_reason`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "plan.txt").write_bytes("Action\\tLead\\n".encode("utf-16"))
>>> with private_copy(folder / "plan.txt", max_bytes=10**6) as copy:
...     copy.path.name, copy.path.read_text("utf-8"), copy.warnings
('plan.txt', 'Action\\tLead\\n', ('W121 text decoded as UTF-16 from its byte-order mark (the copy read is UTF-8)',))
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from extractors import EXTRACTORS, SNIFF_BYTES, ExtractError, FileTooLarge, UnsupportedFormat, special_file_kind

CHUNK = 1 << 20
COPY_ATTEMPTS = 3
RETRY_PAUSE_S = 0.1     # before the second copy; twice that before the third
# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes no text report holds (tab, line feed, vertical tab, form feed, carriage return are text).
CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
_CONTROL_RE = re.compile(b"[" + re.escape(CONTROL_BYTES) + b"]")
MAX_STRAY_PER_MB = 64       # more control bytes than this per MB (and than MIN_STRAY_ALLOWED) is binary, not text
MIN_STRAY_ALLOWED = 16
OFFSETS_SHOWN = 3
W121 = "W121 text decoded as {encoding} from its byte-order mark (the copy read is UTF-8)"
W122 = "W122 {n} stray control bytes dropped from the text ({where})"


class FileKeptChanging(ExtractError):
    """The file changed every time it was read (being written to); no row mixes two versions of it."""

    code = "E111"


@dataclass(frozen=True, slots=True)
class Copy:
    """The private copy of an input: ``path`` (same file name, in a private folder), the sha256 of the
    input's bytes (``doc_id`` is its first 16 hex digits), the input's size in bytes, and warnings
    about what :func:`readable_text` changed."""

    path: Path
    sha256: str
    size: int
    warnings: tuple[str, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


@contextmanager
def private_copy(path: Path, max_bytes: int) -> Iterator[Copy]:
    """Yield a :class:`Copy` of ``path``; the folder holding it is removed afterwards.

    Raises :class:`extractors.UnsupportedFormat` (E101) for a FIFO, socket or device (opened without
    blocking, never read), :class:`extractors.FileTooLarge` (E106) past ``max_bytes``,
    :class:`FileKeptChanging` (E111), and ``OSError`` when the input cannot be read (E109 for the
    caller) or the copy cannot be written (TMPDIR full: named in the message).
    """
    folder = Path(tempfile.mkdtemp(prefix="council-extract-"))
    try:
        target = folder / (path.name or "input")
        sha, size = _copy_stable(path, target, max_bytes)
        warnings = readable_text(target)
        yield Copy(target, sha, size, warnings)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _signature(st: os.stat_result) -> tuple[int, int, int]:
    """What changes when a file's content is rewritten (not its ctime: renaming another file over it,
    which unlinks it, changes that, and leaves the bytes being read whole)."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _copy_stable(path: Path, target: Path, max_bytes: int) -> tuple[str, int]:
    """Copy ``path`` to ``target`` until one copy saw no change; return (sha256 hex, bytes)."""
    for attempt in range(COPY_ATTEMPTS):
        if attempt:
            time.sleep(RETRY_PAUSE_S * attempt)     # let a save in progress finish
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            before = os.fstat(fd)
            kind = special_file_kind(before.st_mode)
            if kind:
                raise UnsupportedFormat(f"{path.name}: is {kind}, not a regular file; not opened")
            if before.st_size > max_bytes:
                raise _too_large(path, before.st_size, max_bytes)
            sha, size = _copy_fd(fd, path, target, max_bytes)
            after = os.fstat(fd)
        finally:
            os.close(fd)
        try:
            now = os.stat(path)
        except OSError:
            now = None      # removed or replaced after the copy: the copy is one whole version
        if _signature(before) == _signature(after) and size == after.st_size and (
                now is None or now.st_ino != after.st_ino or _signature(now) == _signature(after)):
            return sha, size
    raise FileKeptChanging(
        f"{path.name}: changed while it was being read, {COPY_ATTEMPTS} times in a row (something is writing "
        "to it); run it again once it is saved"
    )


def _copy_fd(fd: int, path: Path, target: Path, max_bytes: int) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    try:
        out = target.open("wb")
    except OSError as e:
        raise OSError(e.errno, f"cannot write a private copy in {target.parent.parent} ({e.strerror}); "
                      "free space there or point TMPDIR at a folder with room") from e
    with out:
        while chunk := os.read(fd, CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(path, size, max_bytes)
            h.update(chunk)
            try:
                out.write(chunk)
            except OSError as e:
                raise OSError(e.errno, f"cannot write a private copy in {target.parent.parent} ({e.strerror}); "
                              "free space there or point TMPDIR at a folder with room") from e
    return h.hexdigest(), size


def _too_large(path: Path, size: int, max_bytes: int) -> FileTooLarge:
    return FileTooLarge(f"{path.name}: {size / 1e6:.0f} MB is over the {max_bytes / 1e6:.0f} MB limit; "
                        "split the file or raise --max-file-mb")


def is_known_format(head: bytes) -> bool:
    """True when some extractor takes ``head`` (a file's first bytes) as it is."""
    return sniffed_format(head) is not None


def sniffed_format(head: bytes) -> str | None:
    """The format of the first extractor that takes ``head`` as it is (as :func:`extractors.extractor_for`), or None."""
    return next((e.format for e in EXTRACTORS if e.sniff(head)), None)


def readable_text(copy: Path) -> tuple[str, ...]:
    """Rewrite ``copy`` in place when it is text no extractor takes as it is; return the warnings.

    BOM-marked UTF-16/UTF-32 is decoded and written as UTF-8 (W121); stray control bytes (at most
    :data:`MAX_STRAY_PER_MB` per MB) are dropped when what is left is text (W122).  Anything else is
    left alone for the extractors to accept or refuse.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> _ = p.write_bytes(b"Action\\x00 Lead\\n")
    >>> readable_text(p), p.read_bytes()
    (('W122 1 stray control bytes dropped from the text (0x00 at offset 6)',), b'Action Lead\\n')
    """
    st = copy.stat()
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
        return ()
    with copy.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    fmt = sniffed_format(head)
    if fmt is not None and fmt != "text":
        return ()          # PDF, DOCX, HTML: binary or marked-up formats read by their own parsers
    for bom, encoding in BOMS:
        if fmt is None and head.startswith(bom):
            try:
                text = copy.read_bytes().decode(encoding)
            except UnicodeDecodeError:
                return ()        # not what its mark says: the extractors refuse it with the reason
            copy.write_text(text.removeprefix("\ufeff"), encoding="utf-8")
            return (W121.format(encoding=encoding.upper()),)
    return _drop_stray_controls(copy, head, fmt)


def _drop_stray_controls(copy: Path, head: bytes, fmt: str | None) -> tuple[str, ...]:
    """Drop a few control bytes from a text file (anywhere in it), if what is left is text."""
    data = copy.read_bytes() if fmt == "text" or _CONTROL_RE.search(head) else b""
    if not _CONTROL_RE.search(data):
        return ()
    cleaned = data.translate(None, CONTROL_BYTES)
    n = len(data) - len(cleaned)
    if n > max(MIN_STRAY_ALLOWED, MAX_STRAY_PER_MB * len(data) / 1e6) or not is_known_format(cleaned[:SNIFF_BYTES]):
        return ()
    copy.write_bytes(cleaned)
    shown = [m.start() for _, m in zip(range(OFFSETS_SHOWN), _CONTROL_RE.finditer(data), strict=False)]
    where = ", ".join(f"0x{data[i]:02x} at offset {i}" for i in shown)
    more = f" and {n - len(shown)} more" if n > len(shown) else ""
    return (W122.format(n=n, where=where + more),)
