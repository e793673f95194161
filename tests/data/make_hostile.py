"""Write hostile and awkward inputs, by kind, for tests/test_hostile.py and benchmarks/attack.py.

Each kind is a function ``write_<kind>(folder, scale) -> list[Path]`` that writes its files (and
special entries: FIFOs, sockets, symlinks) into ``folder`` and returns the paths it made.
``scale`` multiplies the size of what grows (rows, nesting, parts); the tests use 1, the attack
benchmark larger values.  The kinds are the ones of ``../shared/hostile/README.md`` in other
shapes and sizes, plus the faults issue 10 found (names, special files, unreadable paths).

Nothing is written at import time; files are generated, never committed (they are large or special).
"""

from __future__ import annotations

import io
import os
import socket
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

SEED_TEXT = Path(__file__).resolve().parents[2] / "data" / "raw" / "002_be210f0cadcd6921.txt"
DOCX_SEED = Path(__file__).resolve().parent / "docx" / "seed-002.docx"
CANARY = "CANARY-7f3a-SECRET-CONTENT"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_rowspan0(folder: Path, scale: int = 1) -> list[Path]:
    """``rowspan="0"`` (span to the end of the row group) on every row, in a table and in a tbody."""
    n = 1000 * scale
    rows = "".join(f"<tr><td rowspan=0>x{i}</td></tr>" for i in range(n))
    head = "<!DOCTYPE html><html><head><title>t</title></head><body>"
    a = folder / f"rowspan0-{n}.html"
    a.write_text(f"{head}<table><tr><th>Action</th><th>Progress</th></tr>{rows}</table></body></html>")
    b = folder / f"rowspan0-tbody-{n}.html"
    b.write_text(f"{head}<table><thead><tr><th>Action</th><th>Progress</th></tr></thead><tbody>{rows}</tbody>"
                 f"<tbody><tr><td>Deliver the plan</td><td>On track</td></tr></tbody></table></body></html>")
    return [a, b]


def write_colspan(folder: Path, scale: int = 1) -> list[Path]:
    """colspan=1000 and rowspan=1000 on every row: a few kB asking for millions of slots."""
    rows = "".join(f"<tr><td colspan=1000>a{i}</td><td rowspan=1000 colspan=1000>b</td></tr>" for i in range(500 * scale))
    path = folder / f"colspan1000-{500 * scale}.html"
    path.write_text(f"<html><body><table><tr><th>Action</th><th>Progress</th></tr>{rows}</table></body></html>")
    return [path]


def write_nested_tables(folder: Path, scale: int = 1) -> list[Path]:
    """Tables nested in cells: a little past the depth read as tables, and far past what a page nests."""
    out = []
    for n in (40, 3000 * scale):
        path = folder / f"nested-tables-{n}.html"
        path.write_text("<html><body>" + "<table><tr><td>cell" * n + "</td></tr></table>" * n + "</body></html>")
        out.append(path)
    return out


def write_deep_divs(folder: Path, scale: int = 1) -> list[Path]:
    """Elements nested tens of thousands deep (not tables): refused before parsing."""
    n = 20000 * scale
    path = folder / f"nested-divs-{n}.html"
    path.write_text("<html><body>" + "<div>" * n + "Action" + "</div>" * n + "</body></html>")
    return [path]


def write_big_parse(folder: Path, scale: int = 1) -> list[Path]:
    """1.1 million small elements in 9 MB: a parse estimated past half the default 2 GB ceiling (E106)."""
    n = 1_100_000 * scale
    path = folder / f"many-elements-{n}.html"
    with path.open("w") as f:
        f.write("<html><body>")
        f.write("<p>x</p>" * n)
        f.write("</body></html>")
    return [path]


def write_css_without_braces(folder: Path, scale: int = 1) -> list[Path]:
    """A style sheet of 1 MB without a closing brace: a backtracking regex over it never ends."""
    path = folder / "css-no-braces.html"
    path.write_text("<html><head><style>" + ".a " * (300_000 * scale) + "</style></head><body><table>"
                    "<tr><th>Action</th><th>Progress</th></tr><tr><td>Do it</td><td>Done</td></tr></table></body></html>")
    return [path]


def _docx_with_extra_parts(base: bytes, extra: dict[str, bytes], rels: list[tuple[str, str]]) -> bytes:
    """Copy a .docx, adding parts and relationships from word/document.xml to them."""
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels" and rels:
                links = "".join(
                    f'<Relationship Id="rIdX{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/{kind}" Target="{target}"/>' for i, (kind, target) in enumerate(rels)
                )
                data = data.replace(b"</Relationships>", links.encode() + b"</Relationships>")
            dst.writestr(info, data)
        for name, data in extra.items():
            dst.writestr(name, data)
    return out.getvalue()


def write_split_zip_bomb(folder: Path, scale: int = 1) -> list[Path]:
    """45 header parts of 2 MB of XML each (90 MB in 0.5 MB of zip), every one under the per-entry check.

    The shared file has 45 parts of 20 MB; this one is refused at the default 2 GB ceiling too: its
    XML needs about 12 times its size to parse, over the half of the ceiling a document may use.
    """
    base = DOCX_SEED.read_bytes()
    part = (f'<?xml version="1.0"?><w:hdr xmlns:w="{W_NS}">' + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 60_000
            + "</w:hdr>").encode()
    parts = {f"word/hdrbomb{i}.xml": part for i in range(45 * scale)}
    path = folder / f"split-zip-bomb-{len(parts)}x2MB.docx"
    path.write_bytes(_docx_with_extra_parts(base, parts, [("header", n.removeprefix("word/")) for n in parts]))
    return [path]


def write_entity_docx(folder: Path, scale: int = 1) -> list[Path]:
    """External and internal entity references inside a cell's text; the external one names a canary file."""
    canary = folder / "canary-secret.txt"
    canary.write_text(CANARY)
    src = zipfile.ZipFile(io.BytesIO(DOCX_SEED.read_bytes()))
    xml = src.read("word/document.xml").decode()
    decl = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{canary}"><!ENTITY lol "lol">]>'
    xml = xml.replace("?>", "?>" + decl, 1)
    first_t = xml.index("<w:t>") + len("<w:t>")
    xml = xml[:first_t] + "BEFORE[&xxe;]MIDDLE[&lol;]AFTER " + xml[first_t:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml.encode() if info.filename == "word/document.xml" else src.read(info.filename))
    path = folder / "entity-references.docx"
    path.write_bytes(out.getvalue())
    return [path]


def pdf_bytes(page_streams: list[bytes], damage: str | None = None) -> bytes:
    """A minimal PDF with one Flate content stream per page.

    ``damage="stream"`` replaces every stream's deflate data after its header by garbage (nothing
    decodes); ``damage="checksum"`` flips the last byte (pdfminer recovers the text and logs
    "Data-loss while decompressing corrupted data" once per stream).
    """
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    n = len(page_streams)
    font = 3 + 2 * n
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, content in enumerate(page_streams):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R "
                    f">> >> /Contents {4 + 2 * i} 0 R >>".encode())
        z = zlib.compress(content)
        if damage == "stream":
            z = z[:2] + bytes(range(256)) * (len(z) // 256 + 1)
        elif damage == "checksum":
            z = z[:-1] + bytes([z[-1] ^ 0xFF])
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _page_text(page: int) -> bytes:
    return b"".join(b"BT /F1 10 Tf 40 %d Td (Action %d.%d: publish the equality plan by March 2024) Tj ET\n"
                    % (800 - 12 * i, page, i) for i in range(60))


def write_damaged_pdf(folder: Path, scale: int = 1) -> list[Path]:
    """Content streams that do not inflate (no text at all), and ones with a bad checksum (log spam)."""
    a = folder / "damaged-streams.pdf"
    a.write_bytes(pdf_bytes([_page_text(p) for p in range(3)], damage="stream"))
    b = folder / f"checksum-damaged-{40 * scale}-pages.pdf"
    b.write_bytes(pdf_bytes([_page_text(p) for p in range(40 * scale)], damage="checksum"))
    return [a, b]


def write_bad_names(folder: Path, scale: int = 1) -> list[Path]:
    """File and folder names that are not valid UTF-8 (latin-1 bytes), with a real report inside."""
    root = os.fsencode(folder)
    sub = root + b"/caf\xe9-folder"
    os.makedirs(sub, exist_ok=True)
    text = SEED_TEXT.read_bytes()
    names = [root + b"/latin1-\xe9t\xe9.txt", sub + b"/r\xe9port-\xff.txt"]
    for name in names:
        with open(name, "wb") as f:
            f.write(text)
    return [Path(os.fsdecode(n)) for n in names]


def write_special_files(folder: Path, scale: int = 1) -> list[Path]:
    """A FIFO, a Unix socket and a link to a character device, named like reports."""
    fifo = folder / "pipe-report.txt"
    os.mkfifo(fifo)
    sock_path = folder / "socket-report.html"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    device = folder / "device-report.pdf"
    device.symlink_to("/dev/zero")
    return [fifo, sock_path, device]


def write_symlinks(folder: Path, scale: int = 1) -> list[Path]:
    """A symlink loop, a dangling link and a link to a folder (not followed)."""
    a, b = folder / "loop-a.txt", folder / "loop-b.txt"
    a.symlink_to(b.name)
    b.symlink_to(a.name)
    dangling = folder / "dangling.docx"
    dangling.symlink_to("no-such-file.docx")
    target = folder / "real-folder"
    target.mkdir()
    (target / "inside.txt").write_bytes(SEED_TEXT.read_bytes())
    link = folder / "linked-folder"
    link.symlink_to(target.name, target_is_directory=True)
    return [a, b, dangling, target / "inside.txt", link]


def write_unreadable(folder: Path, scale: int = 1) -> list[Path]:
    """A file and a folder without read permission (only root's override reads them)."""
    secret = folder / "secret-report.txt"
    secret.write_bytes(SEED_TEXT.read_bytes() + b"\n")
    secret.chmod(0)
    locked = folder / "locked-folder"
    locked.mkdir()
    (locked / "inner.txt").write_bytes(SEED_TEXT.read_bytes() + b"\n\n")
    locked.chmod(0)
    return [secret, locked]


KINDS: dict[str, Callable[[Path, int], list[Path]]] = {
    "html-rowspan0": write_rowspan0,
    "html-colspan": write_colspan,
    "html-nested-tables": write_nested_tables,
    "html-deep-nesting": write_deep_divs,
    "html-parse-memory": write_big_parse,
    "html-css-regex": write_css_without_braces,
    "docx-split-zip-bomb": write_split_zip_bomb,
    "docx-entities": write_entity_docx,
    "pdf-damaged-streams": write_damaged_pdf,
    "names-not-utf8": write_bad_names,
    "special-files": write_special_files,
    "symlinks": write_symlinks,
    "unreadable": write_unreadable,
}


def write_all(root: Path, scale: int = 1) -> dict[str, list[Path]]:
    """Write every kind into its own sub-folder of ``root``; return {kind: paths}."""
    made = {}
    for kind, write in KINDS.items():
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        made[kind] = write(folder, scale)
    return made


def printable(path: Path) -> str:
    """A path as the documents table names it: bytes that are not UTF-8 as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def input_paths(root: Path) -> list[Path]:
    """Every entry a run over ``root`` must account for (tests/test_hostile.py, benchmarks/attack.py):
    files, special files, links, and folders the run cannot read (not what is inside them: it cannot
    see it), sorted."""
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        paths += [Path(dirpath) / f for f in filenames]
        for d in list(dirnames):
            full = Path(dirpath) / d
            if full.is_symlink():
                paths.append(full)
            elif full.stat().st_mode & 0o500 != 0o500:     # unreadable without root's override
                paths.append(full)
                dirnames.remove(d)
    return sorted(paths)
