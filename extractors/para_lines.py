"""One visible line of a paragraph, as the DOCX and HTML readers both build it from styled runs.

A reader collects a paragraph as ``(text, bold, struck)`` parts; :func:`parts_to_line` turns them
into a :class:`ParaLine`: struck text is kept apart (never field text), a typed bullet glyph makes the
line a list item, and the line is bold when every visible part with text is bold.

>>> line = parts_to_line([("• Keep ", True, False), ("old", True, True), (" going", True, False)],
...                      heading_level=None, list_item=False, list_level=0, page=2)
>>> line.text, line.list_item, line.bold, line.struck_chars, line.struck_text
('Keep going', True, True, 3, ('old',))
>>> line.to_text().page
2
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from extractors.base import Dropped, Text, collapse_ws, struck_runs

# Unambiguous bullet glyphs typed in place of a real list: stripped from any paragraph start.
BULLET_GLYPHS = "•·○◦▪■●▫□➢►✓"
MARKS = ("✓", "□")   # bullet glyphs that, alone, are a status mark (pipeline/patterns/states.jsonl "marks")

Part = tuple[str, bool, bool]   # (text, bold, struck) of one run


@dataclass(frozen=True, slots=True)
class ParaLine:
    """One visible line of a paragraph (DOCX paragraphs split at soft line breaks; an HTML block)."""

    text: str                      # visible text, whitespace collapsed; "" when everything was struck
    bold: bool
    struck_chars: int              # characters of struck text dropped from the line
    heading_level: int | None
    list_item: bool
    list_level: int
    page: int
    struck_text: tuple[str, ...] = ()

    def to_text(self) -> Text:
        """The line as a body :class:`Text` block (call only when ``text`` is not empty)."""
        return Text(
            text=self.text, page=self.page, heading_level=self.heading_level, bold=self.bold,
            list_item=self.list_item, list_level=self.list_level, struck_chars=self.struck_chars,
            struck_text=self.struck_text,
        )

    def dropped(self) -> list[Dropped]:
        """What a line struck out entirely loses (one entry per struck run); [] for a line with text."""
        return [] if self.text else [Dropped("struck", t, self.page) for t in self.struck_text]


def parts_to_line(parts: Sequence[Part], heading_level: int | None, list_item: bool, list_level: int,
                  page: int, list_only_glyphs: str = "") -> ParaLine:
    """Finish a paragraph's ``(text, bold, struck)`` parts as one :class:`ParaLine`.

    A leading :data:`BULLET_GLYPHS` glyph is stripped and makes the line a list item (a line that is only
    one of :data:`MARKS` keeps it: "✓" in a status cell is the status); a glyph of
    ``list_only_glyphs`` followed by a space ("- ", "o ") is stripped only from a known list item.
    """
    text = collapse_ws("".join(t for t, _, s in parts if not s))
    struck = collapse_ws("".join(t for t, _, s in parts if s))
    if text and text[0] in BULLET_GLYPHS and text not in MARKS:   # a tick or a box alone is a cell's mark ("✓")
        text, list_item = text[1:].lstrip(), True
    elif list_item and len(text) > 1 and text[0] in list_only_glyphs and text[1] == " ":
        text = text[2:]
    bold = bool(text) and all(b for t, b, s in parts if not s and t.strip())
    return ParaLine(text, bold, len(struck), heading_level, list_item, list_level, page,
                    struck_runs((t, s) for t, _, s in parts))
