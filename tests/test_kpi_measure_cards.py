"""KPI and performance-measure kinds and action cards read end to end (issue 18 item 3), on invented
documents in tests/data/kinds: each test is named after what broke before it was read right."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run import run_document

KINDS = Path(__file__).parent / "data" / "kinds"


def _records(name: str) -> list[dict]:
    out = []
    for r in run_document(KINDS / name, tag=False).records:
        out.append({"kind": r.kind, "section": r.section, "objective": r.objective, "commitment": r.commitment,
                    "action": r.action, "detail": r.detail, "progress": list(r.progress), "issues": list(r.issues),
                    "measures": list(r.measures), "status": r.status})
    return out


@pytest.fixture(scope="module")
def kpi_tables() -> list[dict]:
    return _records("kpi-tables-one-after-another-period-and-rag.txt")


def test_kpi_tables_one_after_another_each_give_their_rows(kpi_tables) -> None:
    """Three KPI tables in a row: a period header with 'value' columns was not a header (its rows were
    lost), and a second header with the same roles kept the first header's labels."""
    assert [(r["section"], r["action"]) for r in kpi_tables] == [
        ("Leisure centre measures", "Leisure centre visits (thousands)"),
        ("Leisure centre measures", "% of swimming lessons filled"),
        ("Leisure centre measures", "Customer complaints per 1,000 visits (Minimise)"),
        ("Library measures", "Library loans (physical and e-books)"),
        ("Library measures", "Public computer sessions booked"),
        ("Library measures (community hubs)", "Volunteer hours given in community hubs"),
    ]
    assert {r["kind"] for r in kpi_tables} == {"measure"}
    assert kpi_tables[5]["progress"] == ["2022/23 result: 3,120", "2023/24 result: 3,480", "2024/25 target: 3,600"]


def test_kpi_value_na_is_not_glued_to_the_next_value(kpi_tables) -> None:
    """'n/a' ends on 'a' after a slash: a value, not an open article joining the next column's item."""
    assert kpi_tables[4]["progress"] == ["2022/23 value: n/a", "2023/24 value: 48,300", "2024/25 target: 50,000"]


def test_kpi_measure_target_actual_rag_commentary(kpi_tables) -> None:
    assert kpi_tables[2]["progress"] == ["Target: 2", "Actual: n/a", "New complaints system not yet reporting."]
    assert [r["status"] for r in kpi_tables[:3]] == ["AMBER", "GREEN", "AMBER"]
    assert [r["status"] for r in kpi_tables[3:]] == [None, None, None]


def test_measures_listed_under_one_label_each_take_their_label_block() -> None:
    """Several measures under one 'Key performance indicator(s)' label, then one 'How it will be measured'
    / 'What success looks like' block per measure: one record each (they were glued into one)."""
    got = _records("measure-label-blocks-three-measures-one-objective.txt")
    assert [(r["kind"], r["objective"], r["action"]) for r in got] == [
        ("measure", "to bring empty homes back into use", "Number of long-term empty homes"),
        ("measure", "to bring empty homes back into use", "Empty homes brought back into use after council action"),
        ("measure", "to bring empty homes back into use", "Average time a home stays empty"),
        ("measure", "to prevent homelessness", "Households helped to stay in their home"),
    ]
    assert got[1]["detail"] == "A case log kept by the empty homes officer."
    assert got[1]["measures"] == ["At least 80 homes a year brought back into use."]
    assert got[2]["detail"] == ("The months between a home becoming empty and being lived in again, from council "
                                "tax records.")
    assert got[2]["measures"] == ["The average falls below 14 months."]
    assert all(r["progress"] == [] and r["status"] is None for r in got)


def test_tracker_cards_with_heading_labels_one_record_per_card() -> None:
    """HTML tracker cards (h2 title, h3 labels, h4 update lists under an h3 'Updates'): one record per card;
    the nested headings were read as a table header and the update lists became actions."""
    got = _records("tracker-cards-heading-labels-dated-updates.html")
    assert [r["action"] for r in got] == ["Retrofit council housing with heat pumps",
                                         "Publish a local cycling and walking plan"]
    assert got[0]["detail"] == "Homes off the gas grid get air source heat pumps and loft insulation."
    assert got[0]["progress"] == ["Behind schedule", "03.02.2026 First 120 heat pumps fitted"]
    assert got[0]["issues"] == ["Summer 2026 Survey 300 more homes in the eastern villages"]
    assert got[1]["progress"] == ["Completed", "12.12.2025 Plan adopted by Cabinet", "01.09.2025 Public consultation closed"]
    assert got[1]["issues"] == []
    assert all(r["kind"] == "action" and r["status"] is None for r in got)


def test_tracker_card_breadcrumb_inside_its_article_is_its_context() -> None:
    """A breadcrumb trail inside each card's <article> was removed as site navigation: it is the card's
    section / objective / commitment (numbers and codes dropped); the page's own breadcrumb stays furniture."""
    got = _records("tracker-cards-heading-labels-dated-updates.html")
    assert [(r["section"], r["objective"], r["commitment"]) for r in got] == [
        ("Warm Homes", "Cut fuel poverty in council homes", "Fit low-carbon heating"),
        ("Getting Around", "Make walking and cycling the easy choice", None),
    ]
    result = run_document(KINDS / "tracker-cards-heading-labels-dated-updates.html", tag=False)
    assert not any(w.startswith(("W130", "W131", "W132", "W133")) for w in result.document.warnings)
