"""records.state from status words, ticks, percentages complete and the RAG (pipeline/state.py and
pipeline/patterns/states.jsonl); the seeds' records keep their gold fields and get the state their RAG says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import RAW

from pipeline.state import StateVocabulary, percent_complete, state_of, vocabulary
from schemas import STATES


@pytest.mark.parametrize(("text", "state"), [
    ("Complete", "complete"), ("Completed 31/03/2024", "complete"), ("Complete - March 2025", "complete"),
    ("Achieved", "complete"), ("✔", "complete"), ("Blue", "complete"),
    ("On track", "on track"), ("Open – On  Track", "on track"), ("Green - on track", "on track"),
    ("At risk", "at risk"), ("Some slippage", "at risk"),
    ("Behind schedule", "behind"), ("Not on track", "behind"), ("Delayed (see note)", "behind"),
    ("Delayed by the contractor's insolvency", "behind"), ("Off target", "behind"),
    ("Not started", "not started"), ("Not yet started - due 2026", "not started"), ("☐", "not started"),
    ("Ongoing", "ongoing"), ("In progress", "ongoing"), ("Underway.", "ongoing"),
    ("Cancelled", "cancelled"), ("No longer required", "cancelled"), ("Withdrawn: see 3.1", "cancelled"),
    ("Superseded", "superseded"), ("Superseded by action 4.2", "superseded"), ("Merged into 2.1", "superseded"),
])
def test_status_words(text: str, state: str) -> None:
    assert vocabulary().of(text) == state


@pytest.mark.parametrize("text", [
    "Delivered 12 workshops for tenants",     # a progress sentence, not a status word
    "Met with partners in May",
    "Greenwich", "Amber", "", "Completion of the review is expected in 2026",
])
def test_sentences_and_colours_are_not_status_words(text: str) -> None:
    assert vocabulary().of(text) is None


def test_order_word_then_percentage_then_rag() -> None:
    assert state_of([], ("Complete", "Signed off"), "RED") == "complete"        # the word beats the colour
    assert state_of([], ("The new system is 100% complete.",), "AMBER") == "complete"
    assert state_of([], ("Design 0% complete: waiting for funding.",), None) == "not started"
    assert state_of([], ("Works 60% complete.",), "RED") == "behind"            # partial: the RAG says how
    assert state_of([], ("Works 60% complete.",), None) == "ongoing"
    assert state_of(["Green"], (), "GREEN") == "on track"
    assert state_of([], ("A long first progress item that happens to start with complete - but it is a "
                         "sentence of many more than twelve words",), None) == "unknown"
    assert percent_complete(["Target: 45%", "Completion: 80%"]) == 80.0


def test_vocabulary_file_names_only_known_states_and_bad_rows_are_named(tmp_path: Path) -> None:
    path = Path(__file__).resolve().parents[1] / "pipeline" / "patterns" / "states.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {r["state"] for r in rows} == set(STATES) - {"unknown"}
    with pytest.raises(ValueError, match=r"mine.jsonl row 1: state 'finished' is not one of complete, on track"):
        StateVocabulary([{"state": "finished", "phrases": ["done"]}], "mine.jsonl")
    bad = tmp_path / "states.jsonl"
    bad.write_text('{"state": "complete", "phrases": ["done"]}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match="states.jsonl line 2: not JSON"):
        vocabulary(bad)


def test_seed_states_follow_their_rag_and_nothing_scored_changes() -> None:
    from pipeline.run import run_document

    records = run_document(RAW / "003_8ba6588832b7b595.txt", tag=False).records
    pairs = {(r.status, r.state) for r in records}
    assert pairs == {("GREEN", "on track"), ("AMBER", "at risk"), (None, "unknown")}
    assert sum(r.state == "on track" for r in records) == 17


def test_a_status_word_ending_an_html_progress_cell_gives_the_state(tmp_path: Path) -> None:
    """A new user's HTML plan: the progress cell ends with the status ("... in February. Complete") and the
    state stayed unknown, so the README's overdue recipe listed finished work."""
    from pipeline.run import run_document

    page = tmp_path / "delivery-plan-update.html"
    page.write_text(
        "<html><head><title>Delivery plan update</title></head><body><h1>Delivery plan update</h1>"
        "<p>Progress as at 31 March 2026.</p><table><tr><th>Action</th><th>Lead</th><th>Progress</th></tr>"
        "<tr><td>Open the new library</td><td>Libraries</td><td>Building handed over in February. Complete</td></tr>"
        "<tr><td>Resurface Mill Lane</td><td>Highways</td><td>Contract let; works start in May. On track</td></tr>"
        "<tr><td>Review the parking plan</td><td>Parking</td><td>Work will be completed by the end of June.</td></tr>"
        "</table></body></html>", encoding="utf-8")
    result = run_document(page, tag=False)
    assert [(r.action, r.status, r.state) for r in result.records] == [
        ("Open the new library", None, "complete"), ("Resurface Mill Lane", None, "on track"),
        ("Review the parking plan", None, "unknown")]
    # "as at" in a one-sentence intro paragraph is the report's date: overdue is judged at it
    assert (result.document.period, result.document.period_start, result.document.period_end) == (
        "31 March 2026", None, dt.date(2026, 3, 31))


def test_a_rag_word_leading_a_status_cell_is_the_status_and_the_text_its_progress(tmp_path: Path) -> None:
    """'Amber - behind schedule' in a Status column left status null: only a bare RAG word was read."""
    from pipeline.run import run_document

    plan = tmp_path / "corporate-plan-progress.txt"
    plan.write_text("Corporate Plan Progress Report\nPosition as at 30 September 2025\n\n"
                    "Action\tLead\tDue\tStatus\n"
                    "Open the new library\tLibraries\tMarch 2026\tGreen\n"
                    "Resurface Mill Lane\tHighways\tJune 2026\tAmber - behind schedule\n"
                    "Publish the housing strategy\tHousing\tDecember 2025\tComplete\n", encoding="utf-8")
    result = run_document(plan, tag=False)
    assert [(r.status, r.progress, r.state) for r in result.records] == [
        ("GREEN", (), "on track"), ("AMBER", ("Amber - behind schedule",), "behind"),
        (None, ("Complete",), "complete")]
    assert result.document.period_end == dt.date(2025, 9, 30)
