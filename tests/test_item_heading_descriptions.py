"""Item headings over label lines and a description (issue 18, tried as a new user would): an "Our
commitments" page whose every item is an h3 over "Lead:" / "Status:" / "Due:" lines and an unlabelled
description paragraph.  With the description AFTER the labels it was glued onto the next item's title
("We will convert the reading room ... Invest £1.2m in playground renewal": 3 of 4 actions wrong); with
it BEFORE them the first item's heading was set aside and the description became the action.  Both
silently (confidence 0.8, coverage 1.0, no W130-W133).

The invented documents (tests/data/item_headings, make_item_headings.py) give the same four pledges as
an HTML h3 page (windows-1252, h2 themes between the items), a Word page with Heading 3 or bold titles,
and plain text with title lines; each heading is the action, a description above the labels the
item's detail, one below them its progress (gold/SPEC.md; the unlabelled comment under the labels of
tests/shared/corpus/layouts/objective-blocks-directorate-rag.txt is progress too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run import run_document

DOCS = Path(__file__).parent / "data" / "item_headings"
LOSS_CODES = ("W130", "W131", "W132", "W133")

TITLES = ["Reopen the Hollinsford lido for summer swimming", "Spend £450,000 on new street lighting in Marsh End",
          "Collect food waste from every household", "Plant a community orchard in each ward"]
LEADS = [("Leisure Services",), ("Highways",), ("Waste and Recycling",), ("Parks and Countryside",)]
STATUS_WORDS = ["On track", "Behind schedule", "Complete", "Cancelled"]
DUES = [("2026-06",), ("2025-10",), ("2025-04",), ("2027-03",)]
DESCRIPTIONS = [
    "The pool tank has been relined and the changing rooms are being rebuilt by a local contractor.",
    "Supply problems with the lamp columns mean the last two streets will be finished in winter.",
    "Weekly food waste collections now reach all 41,000 homes in the borough.",
    "The pledge was withdrawn when the grant that paid for the trees ended.",
]
THEMES = ["Thriving neighbourhoods", "Thriving neighbourhoods", "A cleaner borough", "A cleaner borough"]

AFTER = ["pledges-h3-description-after.html", "pledges-heading3-description-after.docx",
         "pledges-title-lines-description-after.txt"]
BEFORE = ["pledges-h3-description-before.html", "pledges-bold-titles-description-before.docx",
          "pledges-title-lines-description-before.txt"]


def _records(name: str):
    result = run_document(DOCS / name, tag=False)
    doc = result.document
    assert doc.error_code is None
    assert not [w for w in doc.warnings if w.startswith(LOSS_CODES)], doc.warnings
    assert doc.coverage == 1.0
    return result.records


@pytest.mark.parametrize("name", AFTER)
def test_a_description_under_the_labels_is_its_item_s_progress_not_the_next_title(name: str) -> None:
    records = _records(name)
    assert [(r.action, r.detail, r.progress, r.responsible, r.due, r.status) for r in records] == [
        (title, None, (word, desc), lead, due, None)
        for title, word, desc, lead, due in zip(TITLES, STATUS_WORDS, DESCRIPTIONS, LEADS, DUES)]
    assert [r.state for r in records] == ["on track", "behind", "complete", "cancelled"]


@pytest.mark.parametrize("name", BEFORE)
def test_a_description_above_the_labels_is_its_item_s_detail_and_the_heading_its_action(name: str) -> None:
    records = _records(name)
    assert [(r.action, r.detail, r.progress, r.responsible, r.due) for r in records] == [
        (title, desc, (word,), lead, due)
        for title, word, desc, lead, due in zip(TITLES, STATUS_WORDS, DESCRIPTIONS, LEADS, DUES)]
    assert [r.timescale for r in records] == ["June 2026", "October 2025", "April 2025", "March 2027"]
    # The page intro above the first item is no item's text.
    assert not any("updated every quarter" in (r.detail or "") + r.action for r in records)


def test_an_h2_theme_between_h3_items_is_their_section() -> None:
    records = _records("pledges-h3-description-after.html")
    assert [r.section for r in records] == THEMES
    assert records[1].progress[-1] == DESCRIPTIONS[1] and records[2].action == TITLES[2]


def test_a_label_repeated_under_one_heading_stays_in_that_item(tmp_path: Path) -> None:
    """Two "Update:" lines under one h3 are that item's (they opened an untitled item, which took the
    next item's "Lead:" and "Due:" and the description that followed them)."""
    page = tmp_path / "pledges.html"
    page.write_text("<html><body><h2>Our pledges</h2><h3>Reopen the lido</h3><p>Lead: Leisure Services</p>"
                    "<p>Due: June 2026</p><p>Update: The tank is relined.</p><p>Update: The changing rooms are next.</p>"
                    "<p>Swimming starts next summer.</p><h3>Renew street lighting</h3><p>Lead: Highways</p>"
                    "<p>Due: October 2025</p><p>Update: Two streets are left.</p>"
                    "<p>Lamp columns arrive in September.</p></body></html>", encoding="utf-8")
    result = run_document(page, tag=False)
    assert [(r.action, r.progress, r.responsible, r.timescale) for r in result.records] == [
        ("Reopen the lido", ("The tank is relined.", "The changing rooms are next.", "Swimming starts next summer."),
         ("Leisure Services",), "June 2026"),
        ("Renew street lighting", ("Two streets are left.", "Lamp columns arrive in September."), ("Highways",),
         "October 2025"),
    ]
    assert result.document.coverage == 1.0


def test_an_item_heading_in_no_field_is_said(tmp_path: Path) -> None:
    """An h3 between the items that heads no labels (four paragraphs of background) is set aside by the
    run: the account counts its heading and paragraphs lost (W133, documents.lost_rows), where they were
    prose and the page's coverage 1.0.  Before, they were glued onto the next item's action."""
    page = tmp_path / "pledges.html"
    background = ["Residents told us what mattered most at twelve drop-in sessions held across the borough.",
                  "We then costed every suggestion and kept the ones the budget could pay for.",
                  "Councillors agreed the final list at the full council meeting in May.",
                  "Each pledge has a lead service that reports on it every quarter."]
    page.write_text("<html><body><h2>Our pledges</h2><h3>Reopen the lido</h3><p>Lead: Leisure Services</p>"
                    "<p>Status: On track</p><p>Due: June 2026</p><p>The pool tank has been relined.</p>"
                    "<h3>How we chose these pledges</h3>" + "".join(f"<p>{p}</p>" for p in background) +
                    "<h3>Renew street lighting</h3><p>Lead: Highways</p><p>Status: Behind schedule</p>"
                    "<p>Due: October 2025</p><p>Two streets are left.</p></body></html>", encoding="utf-8")
    result = run_document(page, tag=False)
    doc = result.document
    assert [r.action for r in result.records] == ["Reopen the lido", "Renew street lighting"]
    assert [r.progress for r in result.records] == [("On track", "The pool tank has been relined."),
                                                    ("Behind schedule", "Two streets are left.")]
    assert [r.text for r in doc.lost_rows] == ["How we chose these pledges", *background]
    (w133,) = [w for w in doc.warnings if w.startswith("W133")]
    assert "first 'How we chose these pledges'" in w133
    assert doc.coverage is not None and doc.coverage < 0.5


LONG = ["pledges-h3-long-descriptions-before.html", "pledges-bold-titles-long-descriptions-before.docx",
        "pledges-title-lines-long-descriptions-before.txt"]
LONG_DESCRIPTIONS = [
    f"{DESCRIPTIONS[0]} Lifeguards are being recruited over the winter.",
    f"{DESCRIPTIONS[1]} Residents chose the lamp design at two drop-in sessions. The new lamps use a third of the "
    "power of the old ones.",
    DESCRIPTIONS[2],
    f"{DESCRIPTIONS[3]} Two wards had already planted orchards of their own. The saplings bought so far went to "
    "school grounds. Friends groups will still be supported.",
]


@pytest.mark.parametrize("name", LONG)
def test_a_description_of_several_paragraphs_above_the_labels_is_all_detail(name: str) -> None:
    """Descriptions of two, three, one and four paragraphs above the labels (a trial's page had two): the
    run began at the last paragraph above the first "Lead:", so it was the first item's action and the
    heading and the first paragraph were set aside as unused, silently (coverage 1.0)."""
    records = _records(name)
    assert [(r.action, r.detail, r.progress, r.responsible, r.due) for r in records] == [
        (title, desc, (word,), lead, due)
        for title, word, desc, lead, due in zip(TITLES, STATUS_WORDS, LONG_DESCRIPTIONS, LEADS, DUES)]
    assert [r.timescale for r in records] == ["June 2026", "October 2025", "April 2025", "March 2027"]


def test_a_description_of_several_paragraphs_under_the_labels_is_all_progress() -> None:
    records = _records("pledges-h3-long-descriptions-after.html")
    assert [r.action for r in records] == TITLES
    assert [r.detail for r in records] == [None] * 4
    assert [len(r.progress) for r in records] == [3, 4, 2, 5]
    assert records[3].progress[-1] == "Friends groups will still be supported."


def test_an_item_heading_in_no_field_is_said_among_long_descriptions(tmp_path: Path) -> None:
    """Between items whose descriptions run over two paragraphs, an h3 that heads no labels is still
    counted lost (W133), not taken in silently."""
    page = tmp_path / "pledges.html"
    background = ["Residents told us what mattered most at twelve drop-in sessions held across the borough.",
                  "Councillors agreed the final list at the full council meeting in May."]
    page.write_text("<html><body><h2>Our pledges</h2><h3>Reopen the lido</h3><p>The pool tank has been relined.</p>"
                    "<p>Lifeguards are being recruited.</p><p>Lead: Leisure Services</p><p>Status: On track</p>"
                    "<p>Due: June 2026</p><h3>How we chose these pledges</h3>"
                    + "".join(f"<p>{p}</p>" for p in background) +
                    "<h3>Renew street lighting</h3><p>Two streets are left.</p><p>Lamp columns arrive in September.</p>"
                    "<p>Lead: Highways</p><p>Status: Behind schedule</p><p>Due: October 2025</p></body></html>",
                    encoding="utf-8")
    result = run_document(page, tag=False)
    doc = result.document
    assert [(r.action, r.detail) for r in result.records] == [
        ("Reopen the lido", "The pool tank has been relined. Lifeguards are being recruited."),
        ("Renew street lighting", "Two streets are left. Lamp columns arrive in September.")]
    assert [r.text for r in doc.lost_rows] == ["How we chose these pledges", *background]
    (w133,) = [w for w in doc.warnings if w.startswith("W133")]
    assert "first 'How we chose these pledges'" in w133
