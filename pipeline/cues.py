"""Cue words as data: the words that mark a section, a theme, a note row, an open ending ...

The readers recognise lines by a shape *and* by words: "Priority 2: Homes" is a theme line because of its
shape (a word, a number, a colon, a title) and because "Priority" is one of the words councils use for a
theme.  The shape stays in code, as a regular expression template; the words are data in
``pipeline/patterns/cues.jsonl``, one JSON object per line::

    {"cue": "theme_word", "phrase": "priority"}
    {"cue": "theme_word", "phrase": "ambition"}

A template names each word list in braces, and a :class:`Cue` fills them in the first time it is used::

    >>> THEME_LINE = Cue(r"^(?:{theme_word})\\s*\\d{0,2}\\s*:\\s*(.+)$", re.I)
    >>> THEME_LINE.match("Priority 2: Homes and communities").group(1)
    'Homes and communities'
    >>> bool(THEME_LINE.match("Progress 2: done"))
    False

(A brace pair around a lower-case name is a word list; write a literal one doubled.)  A phrase is matched as written but
for its spaces, which match any run of white space; a phrase may be a regular expression fragment when
its line says ``"regex": true`` (for word endings such as ``"officers?"``).  Phrases are tried longest
first, so "strategic priority" wins over "priority".

A user's ``--headers`` file (see :mod:`pipeline.vocab`) extends every list: its lines with a ``"cue"`` key
are cue words, the others header words.  One list per concept: a concept that two readers need is one
``cue`` name, never two lists.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import vocab
from pipeline.vocab import PATTERNS_DIR, user_headers_file

CUES_FILE = PATTERNS_DIR / "cues.jsonl"
_FIELD = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")


def _read_cue_lines(path: Path, *, only_cues: bool) -> list[tuple[str, str]]:
    """``[(cue, regex fragment)]`` of one JSON-lines file.

    ``only_cues`` skips lines without a ``"cue"`` key (a user's headers file mixes both kinds).
    Raises ValueError naming the file and line when a line is not valid.
    """
    out: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path.name} line {n}: {e}") from e
            if not isinstance(row, dict) or "cue" not in row:
                if only_cues:
                    continue
                raise ValueError(f'{path.name} line {n}: each line must be JSON like {{"cue": "theme_word", "phrase": "priority"}}')
            phrase = str(row.get("phrase", "")).strip()
            if not phrase:
                raise ValueError(f"{path.name} line {n}: cue {row['cue']!r} has an empty phrase")
            fragment = phrase if row.get("regex") else r"\s+".join(re.escape(w) for w in phrase.split())
            out.append((str(row["cue"]), fragment))
    return out


@lru_cache(maxsize=8)
def cue_words(user_file: Path | None = None) -> dict[str, tuple[str, ...]]:
    """``{cue: (regex fragment, ...)}``: the packaged words, then the user's; longest fragment first."""
    lines = _read_cue_lines(CUES_FILE, only_cues=False)
    if user_file is not None:
        lines += _read_cue_lines(user_file, only_cues=True)
    words: dict[str, list[str]] = defaultdict(list)
    for cue, fragment in lines:
        if fragment not in words[cue]:
            words[cue].append(fragment)
    return {cue: tuple(sorted(fs, key=len, reverse=True)) for cue, fs in words.items()}


def alternation(cue: str) -> str:
    """The words of ``cue`` as one regex alternation (no group), e.g. ``priority|theme|aim``.

    Raises KeyError naming the cue when no pattern file lists it.
    """
    words = cue_words(user_headers_file())
    if cue not in words:
        raise KeyError(f"no cue words named {cue!r} in {CUES_FILE.name} (or the --headers file)")
    return "|".join(words[cue])


class Cue:
    """A regular expression whose word lists come from the cue files; compiled on first use.

    Offers the ``re.Pattern`` methods the readers use (``match``, ``search``, ``fullmatch``, ``sub``,
    ``finditer``, ``findall``, ``split``).  Recompiled when the user's ``--headers`` file changes.
    """

    __slots__ = ("template", "flags", "_compiled", "_generation")

    def __init__(self, template: str, flags: int | re.RegexFlag = 0) -> None:
        self.template = template
        self.flags = int(flags)
        self._compiled: re.Pattern[str] | None = None
        self._generation = -1

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled pattern for the words in force.  Kept on the cue (a reader matches one cue hundreds
        of thousands of times in a batch) until :func:`pipeline.vocab.use_headers_file` changes the user's
        file; ``COUNCIL_EXTRACT_HEADERS`` is read when a cue is first used."""
        if self._compiled is None or self._generation != vocab.headers_generation:
            self._generation = vocab.headers_generation
            self._compiled = _compile(self.template, self.flags, user_headers_file())
        return self._compiled

    def match(self, text: str, *args: Any) -> re.Match[str] | None:
        return self.pattern.match(text, *args)

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        return self.pattern.search(text, *args)

    def fullmatch(self, text: str, *args: Any) -> re.Match[str] | None:
        return self.pattern.fullmatch(text, *args)

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self.pattern.sub(repl, text, count)

    def finditer(self, text: str) -> Any:
        return self.pattern.finditer(text)

    def findall(self, text: str) -> list[Any]:
        return self.pattern.findall(text)

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.pattern.split(text, maxsplit)

    def __repr__(self) -> str:
        return f"Cue({self.template!r})"


@lru_cache(maxsize=512)
def _compile(template: str, flags: int, user_file: Path | None) -> re.Pattern[str]:
    words = cue_words(user_file)

    def fill(m: re.Match[str]) -> str:
        if m.group(1) not in words:
            raise KeyError(f"template {template!r} names cue {m.group(1)!r}, which no pattern file lists")
        return "|".join(words[m.group(1)])

    return re.compile(_FIELD.sub(fill, template).replace("{{", "{").replace("}}", "}"), flags)
