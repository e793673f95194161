"""Refuse XML whose document type declares entities that expand into other entities ("billion laughs").

Word never writes a document type declaration into a .docx part, and a web page's DOCTYPE names a
public DTD without an internal subset; an internal subset whose entities refer to other entities
(``<!ENTITY lol2 "&lol1;&lol1;...">``) exists to multiply a few bytes into gigabytes.  libxml2 stops
such a parse itself, but with a message ("Detected an entity reference loop", "use XML_PARSE_HUGE")
that reads as a damaged file; :func:`refuse_entity_expansion` names it before any parser runs.

External entities (``SYSTEM "file:///etc/passwd"``) are not refused here: they are never read (the
DOCX reader reports them, W107) and the text around them is kept.

>>> check_entity_declarations(b'<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;">]><r>&b;</r>', "x.docx")
Traceback (most recent call last):
...
extractors.entities.EntityExpansion: x.docx: refused: entity expansion (the entity 'b' is defined by other entities, a "billion laughs" attack); nothing in it was read
>>> check_entity_declarations(b'<!DOCTYPE html><html><p>&amp;</p></html>', "x.html")
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from extractors.base import ExtractError

PROLOG_BYTES = 1 << 20        # the document type declaration sits before the root element: this much is read
HEAD_BYTES = 1 << 16          # of a part with no DOCTYPE this far, no more is read (Word writes none)
MAX_ENTITY_VALUE_BYTES = 10_000  # a longer internal entity is the quadratic form of the same attack
_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.IGNORECASE)
_ENTITY = re.compile(rb"""<!ENTITY\s+(?:%\s+)?([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)')""", re.DOTALL)
_REFERENCE = re.compile(rb"[&%][A-Za-z_:][\w.:-]*;")


class EntityExpansion(ExtractError):
    """The file's XML declares entities built from other entities: refused before parsing."""

    code = "E112"


def check_entity_declarations(prolog: bytes, name: str) -> None:
    """Raise :class:`EntityExpansion` if ``prolog`` (the start of an XML or HTML file) declares an
    entity whose value refers to another entity, or one over :data:`MAX_ENTITY_VALUE_BYTES`."""
    doctype = _DOCTYPE.search(prolog)
    if doctype is None:
        return
    for m in _ENTITY.finditer(prolog, doctype.start()):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        entity = m.group(1).decode("utf-8", "replace")
        if _REFERENCE.search(value):
            why = f"the entity {entity!r} is defined by other entities, a \"billion laughs\" attack"
        elif len(value) > MAX_ENTITY_VALUE_BYTES:
            why = f"the entity {entity!r} holds {len(value)} bytes, to be repeated wherever it is named"
        else:
            continue
        raise EntityExpansion(f"{name}: refused: entity expansion ({why}); nothing in it was read")


def refuse_entity_expansion(path: Path, fmt: str) -> None:
    """Check a DOCX package's XML parts, or an HTML file's start, with :func:`check_entity_declarations`.

    Other formats, and packages that are not readable zips (the DOCX reader names those), pass.
    """
    if fmt == "html":
        with path.open("rb") as f:
            check_entity_declarations(f.read(PROLOG_BYTES), path.name)
        return
    if fmt != "docx":
        return
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with package:
        for info in package.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                with package.open(info) as part:
                    prolog = part.read(HEAD_BYTES)
                    if _DOCTYPE.search(prolog):
                        prolog += part.read(PROLOG_BYTES - HEAD_BYTES)
            except Exception:  # noqa: BLE001, S112 - a damaged part is the DOCX reader's to report
                continue
            check_entity_declarations(prolog, path.name)
