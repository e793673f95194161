"""Characters -> words: pdfplumber's word grouping, specialised for upright text read left to right.

:func:`group_words` gives exactly the words of pdfplumber 0.11.11's ``Page.extract_words(x_tolerance=...,
y_tolerance=..., keep_blank_chars=False, extra_attrs=["size"], return_chars=True)`` (``pdfplumber.utils.text
.WordExtractor.iter_extract_tuples`` with its default directions: lines top to bottom, characters left
to right), in the same order, without building pdfplumber's word dicts.  It mirrors, step by step:

- ``iter_extract_tuples``: consecutive characters grouped by (``upright``, ``size``);
- ``iter_chars_to_lines``: each group clustered into lines by ``top`` within ``y_tolerance``
  (pdfplumber's own ``make_cluster_dict``), lines in cluster order, each line's characters in page
  order, then stably sorted by ``(x0, x0)``;
- ``iter_chars_to_words`` with ``char_begins_new_word`` for "ltr": a blank character ends a word, an
  empty text is a word alone (``"" in split_at_punctuation``), a character left of the previous one's
  ``x0``, more than ``x_tolerance`` right of its ``x1`` or with a ``top`` more than ``y_tolerance`` away
  starts a new word;
- ``merge_chars``: the word's box is the min/max of its characters' boxes, its text their texts with
  pdfplumber's ligatures expanded, its size the first character's.

Any character that is not ``upright is True`` (vertical or rotated text, which pdfplumber reads top to
bottom in columns) sends the whole page to pdfplumber's own ``extract_words``.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import Any

# (text, x0, x1, top, bottom, size, chars): one word, its box in pt (pdfplumber's page coordinates),
# the font size of its first character and its characters (pdfplumber char dicts) left to right.
RawWord = tuple[str, float, float, float, float, float, list[dict]]

_X0_KEY = itemgetter("x0", "x0")   # pdfplumber's get_char_sort_key("ltr"): the same (x0, x0) tuples
_SIZE, _TEXT, _X0, _X1, _TOP, _BOTTOM = (itemgetter(k) for k in ("size", "text", "x0", "x1", "top", "bottom"))


def group_words(page: Any, x_tolerance: float, y_tolerance: float) -> list[RawWord]:
    """The page's words, as pdfplumber's ``extract_words`` groups ``page.chars`` (see the module docstring)."""
    chars = page.chars
    if not all(c["upright"] is True for c in chars):
        return [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], w["chars"])
                for w in page.extract_words(x_tolerance=x_tolerance, y_tolerance=y_tolerance,
                                            keep_blank_chars=False, extra_attrs=["size"], return_chars=True)]
    from pdfplumber.utils.text import LIGATURES

    words: list[RawWord] = []
    for _, group in groupby(chars, _SIZE):
        for line in _lines(list(group), y_tolerance):
            _line_words(line, x_tolerance, y_tolerance, LIGATURES, words)
    return words


def _lines(group: list[dict], y_tolerance: float) -> list[list[dict]]:
    """pdfplumber's ``cluster_objects(group, top, y_tolerance)``, each line then sorted by ``(x0, x0)``."""
    from pdfplumber.utils.clustering import make_cluster_dict

    cluster = make_cluster_dict([c["top"] for c in group], y_tolerance)
    lines: list[list[dict]] = [[] for _ in range(len(set(cluster.values())))]
    get = cluster.get
    for c in group:
        lines[get(c["top"])].append(c)  # type: ignore[index]
    for line in lines:
        line.sort(key=_X0_KEY)
    return lines


def _line_words(line: list[dict], xt: float, yt: float, ligatures: dict[str, str], out: list[RawWord]) -> None:
    """``iter_chars_to_words`` on one sorted line (direction "ltr", ``char_begins_new_word`` inline), each
    word merged onto ``out``."""
    word: list[dict] = []
    for c in line:
        text = c["text"]
        if text.isspace():
            if word:
                out.append(_merge(word, ligatures))
            word = []
        elif text == "":
            if word:
                out.append(_merge(word, ligatures))
            out.append(_merge([c], ligatures))
            word = []
        elif not word:
            word = [c]
        else:
            prev, cx = word[-1], c["x0"]
            if cx < prev["x0"] or cx > prev["x1"] + xt or abs(c["top"] - prev["top"]) > yt:
                out.append(_merge(word, ligatures))
                word = [c]
            else:
                word.append(c)
    if word:
        out.append(_merge(word, ligatures))


def _merge(word: list[dict], ligatures: dict[str, str]) -> RawWord:
    """pdfplumber's ``merge_chars``: the text, the bounding box (min/max, first wins ties) and the first size."""
    first = word[0]
    if len(word) == 1:
        t = first["text"]
        return (ligatures.get(t, t or ""), first["x0"], first["x1"], first["top"], first["bottom"], first["size"], word)
    text = "".join([ligatures.get(t, t or "") for t in map(_TEXT, word)])
    return (text, min(map(_X0, word)), max(map(_X1, word)), min(map(_TOP, word)), max(map(_BOTTOM, word)),
            first["size"], word)
