"""The cue words of the items, tables and context readers are data (pipeline/patterns/cues.jsonl): the
packaged words read as the code's lists did, and a user's --headers file extends them."""

from __future__ import annotations

import json

import pytest

from pipeline import vocab
from pipeline.reading.model import ReadState, layout_units_of
from pipeline.reading.readers.context import AIM, NUMBERED_HEADING_ALONE, read_context
from pipeline.reading.readers.items.lines import MONTH
from pipeline.reading.readers.items.runs import MEASURE_NAME, _has_measure_cue, _is_empty_title
from pipeline.reading.readers.tables import APPENDIX_HEADING
from pipeline.reading.readers.tables.context_rows import NOTE_ROW
from pipeline.reading.readers.tables.rows import OPEN_TITLE_END
from pipeline.reading.shared import OPEN_END


def test_numbered_heading_alone_and_aim_words():
    assert [bool(NUMBERED_HEADING_ALONE.match(s)) for s in
            ("Equality Objective 3:", "Priority three", "Theme 2.1", "Strategic Ambition 4 -", "Progress 3:")] == \
        [True, True, True, True, False]
    assert [bool(AIM.match(s)) for s in ("To make sure every tenant", "We will", "Our aim is", "Towards")] == \
        [True, True, True, False]


def test_table_cue_words():
    assert NOTE_ROW.match("Connections to other plans") and NOTE_ROW.match("Links with strategies")
    assert NOTE_ROW.match("Related to other strategic documents") and not NOTE_ROW.match("Links to the website")
    assert APPENDIX_HEADING.match("Appendix A") and not APPENDIX_HEADING.match("Appendices")


def test_open_title_end_is_not_open_end():
    """A title cut by a page break stops on a function word; the wrapped-line list has more words
    ("into", "than") and punctuation, which would glue more lower-case rows onto titles."""
    assert OPEN_TITLE_END.search("as a result of the") and OPEN_END.search("as a result of the")
    assert not OPEN_TITLE_END.search("move services into") and OPEN_END.search("move services into")


def test_item_cue_words():
    assert MONTH.match("May 2025") and not MONTH.match("Promise 12")
    assert [bool(MEASURE_NAME.match(s)) for s in ("Percentage of council tax collected", "Number of visits",
                                                  "Time taken to relet", "Plant trees")] == [True, True, True, False]
    # As before the words became data: "%" and "No." then a space never match (the pattern wants a word
    # boundary after the word, and neither ends on a letter).
    assert not MEASURE_NAME.match("% of council tax collected") and not MEASURE_NAME.match("No. of visits")
    assert [_is_empty_title(s) for s in ("N/A", "--", "None.", "TBC", "Nil return")] == [True, True, True, True, False]
    units = layout_units_of("Performance scorecard\nHouseholds helped (Green)")
    assert _has_measure_cue(units, 1) and not _has_measure_cue(layout_units_of("Our plan\nX (Green)"), 1)


@pytest.fixture
def user_words(tmp_path):
    path = tmp_path / "words.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (
        {"cue": "note_link_word", "phrase": "interfaces?", "regex": True},
        {"cue": "measure_name_opening", "phrase": "ratio"},
        {"cue": "objective_modifier", "phrase": "Wellbeing"},
    )) + "\n", encoding="utf-8")
    vocab.use_headers_file(path)
    yield path
    vocab.use_headers_file(None)


def test_user_headers_file_extends_the_reader_cues(user_words):
    assert NOTE_ROW.match("Interfaces with other plans")
    assert MEASURE_NAME.match("Ratio of staff to pupils")
    assert NUMBERED_HEADING_ALONE.match("Wellbeing Priority 2:")
    assert NOTE_ROW.match("Connections to other plans")   # the packaged words stay


def test_a_user_modifier_makes_a_numbered_heading_a_section(user_words):
    state = ReadState()
    units = layout_units_of("Wellbeing Priority 2\nTo make sure every tenant has a warm home")
    assert read_context(units, 0, state) == 2
    assert (state.ctx.section, state.ctx.objective) == ("Wellbeing Priority 2", "To make sure every tenant has a warm home")
