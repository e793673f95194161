"""Cue words are data: pipeline/patterns/cues.jsonl, extended by the user's --headers file."""

from __future__ import annotations

import json
import re

import pytest

from pipeline import cues, vocab
from pipeline.reading.shared import THEME


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "my-words.jsonl"
    path.write_text(
        json.dumps({"cue": "theme_word", "phrase": "Mission"}) + "\n"
        + json.dumps({"role": "responsible", "pattern": "accountable body"}) + "\n",
        encoding="utf-8",
    )
    vocab.use_headers_file(path)
    yield path
    vocab.use_headers_file(None)


def test_packaged_theme_words_make_theme_lines():
    assert THEME.match("Priority 2: Homes and communities").group(1) == "Homes and communities"
    assert THEME.match("Strategic Ambition – A greener borough").group(1) == "A greener borough"
    assert THEME.match("Mission 1: Zero carbon") is None
    assert THEME.match("Progress 2: done") is None


def test_user_headers_file_extends_cue_words_and_header_words_alike(user_file):
    assert THEME.match("Mission 1: Zero carbon").group(1) == "Zero carbon"
    assert vocab.match_label("Accountable body").role is vocab.Role.RESPONSIBLE


def test_phrases_match_any_white_space_and_longest_first():
    pattern = cues.Cue(r"^(?:{theme_modifier}) (?:{theme_word})$")
    assert pattern.match("Corporate Priority")
    assert "Priority" in cues.alternation("theme_word").split("|")


def test_unknown_cue_names_the_cue():
    with pytest.raises(KeyError, match="no_such_cue"):
        cues.Cue("{no_such_cue}").match("x")


def test_bad_user_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"cue": "theme_word", "phrase": ""}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape("bad.jsonl line 1")):
        cues.cue_words.__wrapped__(path)
