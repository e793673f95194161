"""Counted nouns in what the command line prints: "1 document", "2 documents"."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an "s" unless n is 1 (a consonant + "y" ending gives "ies").

    >>> plural(1, "file"), plural(2, "file"), plural(2, "entity"), plural(0, "day")
    ('1 file', '2 files', '2 entities', '0 days')
    """
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else f"{n} {word}s"
