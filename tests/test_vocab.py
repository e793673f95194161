"""Header and label words as data (pipeline/patterns/headers.jsonl), matched on normalised tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.reading.columns import assign_roles, header_match, header_score
from pipeline.vocab import Role, label_tokens, load_vocabulary, match_label, read_patterns, use_headers_file


# Header cells councils write that the first release's exact-word regexes mapped to nothing (issue 12),
# and the everyday variants the issue names: no code per header, only the pattern file.
@pytest.mark.parametrize(("header", "role"), [
    ("Lead Officer(s)", "responsible"), ("Update on progress", "progress"), ("Action Owner", "responsible"),
    ("RAG Rating", "status"), ("Target completion date", "timescale"), ("Timeframe", "timescale"),
    ("Issues/Risks", "issues"), ("Latest update / commentary", "progress"), ("Progress to date (Q2)", "progress"),
    ("By whom", "responsible"), ("What's happened", "progress"), ("Targeted date", "timescale"),
    ("Recommendation[i]", "action"), ("Responsible Officer[v]", "responsible"), ("2. Due date", "timescale"),
    ("Sponsor (CMT)", "responsible"), ("Six Monthly Progress Comment", "progress"), ("What happens next", "issues"),
    ("Expected Outcome", "measures"), ("Referred to:", "responsible"), ("Status", "status"), ("Ref", "id"),
])
def test_header_words_name_their_role(header: str, role: str) -> None:
    match = header_match(header)
    assert match is not None and match.role.value == role


@pytest.mark.parametrize("text", ["Revenues & Benefits", "GREEN", "Progress Report", "Delivery Program 2025 - 2029",
                                  "We will review the policy and report to Cabinet in March"])
def test_names_titles_and_sentences_are_not_header_cells(text: str) -> None:
    assert header_match(text) is None


def test_normalising_removes_case_punctuation_plurals_footnotes_and_numbering() -> None:
    assert label_tokens("3. Lead Officers[ii]:") == label_tokens("lead officer")
    assert label_tokens("Issues & Risks") == ("issue", "and", "risk")


def test_head_noun_decides_a_compound() -> None:
    assert match_label("Action owner").role == Role.RESPONSIBLE      # an owner, not an action
    assert match_label("Delivery Program Action").role == Role.ACTION


def test_kpi_header_and_value_columns() -> None:
    cols = assign_roles(["Indicator", "Target", "Q1 (April to June 2025)", "2023/24"])
    assert cols is not None and cols.kind.value == "measure"
    assert [r.value for r in cols.roles] == ["action", "value", "value", "value"]


def test_a_statistics_header_is_not_an_action_table_header() -> None:
    assert header_score(["Area", "2022", "2023", "2024"]) == 0.0
    assert header_score(["No.", "No.", "Date of"]) == 0.0   # a multi-row statistics header (camelot row_span_3)


def test_every_packaged_pattern_line_is_valid_and_distinct() -> None:
    patterns = read_patterns(Path("pipeline/patterns/headers.jsonl"))
    assert len(patterns) > 250
    assert len({(p.tokens, p.role) for p in patterns}) == len(patterns)


def test_a_user_headers_file_extends_the_vocabulary(tmp_path: Path) -> None:
    assert header_match("Accountable body") is None
    user = tmp_path / "headers.jsonl"
    user.write_text(json.dumps({"role": "responsible", "pattern": "accountable body"}) + "\n", encoding="utf-8")
    try:
        use_headers_file(user)
        assert header_match("Accountable bodies").role == Role.RESPONSIBLE
        assert header_match("Lead officer").role == Role.RESPONSIBLE          # the packaged words still apply
    finally:
        use_headers_file(None)
        load_vocabulary.cache_clear()
    assert header_match("Accountable body") is None


def test_a_bad_user_headers_file_names_the_line(tmp_path: Path) -> None:
    user = tmp_path / "headers.jsonl"
    user.write_text('{"role": "responsible", "pattern": "lead"}\n{"role": "owner", "pattern": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="headers.jsonl line 2"):
        use_headers_file(user)
