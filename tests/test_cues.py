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


def test_one_rag_list_for_shared_and_evidence():
    from pipeline.reading import evidence, shared

    assert shared.RAG is evidence.RAG_WORD
    assert shared.rag_of(" amber ") == "AMBER"
    assert shared.rag_of("Greenwich") is None


def test_user_headers_file_extends_status_and_post_words(tmp_path):
    from pipeline.reading.evidence import STATUS_WORD, text_features
    from pipeline.reading.shared import POST_END

    path = tmp_path / "words.jsonl"
    path.write_text(json.dumps({"cue": "status_word", "phrase": "paused"}) + "\n"
                    + json.dumps({"cue": "post_word", "phrase": "steward"}) + "\n", encoding="utf-8")
    assert STATUS_WORD.match("Paused") is None
    assert not POST_END.search("Parks Steward")
    vocab.use_headers_file(path)
    try:
        assert STATUS_WORD.match("Paused")
        assert text_features("Paused.").status_word
        assert POST_END.search("Parks Steward")
    finally:
        vocab.use_headers_file(None)
    assert STATUS_WORD.match("Paused") is None


def test_status_and_trend_words_are_whole_cells():
    from pipeline.reading.evidence import _TREND, STATUS_WORD

    assert STATUS_WORD.match("Open - on track").group(1) == "Open - on track"
    assert STATUS_WORD.match("For information")
    assert STATUS_WORD.match("On track to finish") is None
    assert _TREND.match("(Improving)")
    assert _TREND.match("Up to date") is None
