"""Responsible cells -> services: every responsible value in the gold files, and the paragraph test."""

from __future__ import annotations

import json

import pytest
from conftest import GOLD_SEEDS

from pipeline.services import service_to_canonical, load_gazetteer, looks_like_service, split_responsible

GOLD = GOLD_SEEDS

# (gold file, record index, the responsible cell as the seed writes it; paragraphs joined by "\n")
CELLS = [
    ("002_be210f0cadcd6921", 0, "Policy and Information team – Data Intelligence Officer"),
    ("002_be210f0cadcd6921", 1, "Policy and Information team - Equalities and Corporate Policy Officer"),
    ("002_be210f0cadcd6921", 2,
     "Policy and Information team - Data Intelligence Officer & Equalities and Corporate Policy Officer"),
    ("002_be210f0cadcd6921", 3,
     "Policy and Information team - Equalities and Corporate Policy Officer & Data Intelligence Officer"),
    ("002_be210f0cadcd6921", 4,
     "Policy and Information team - Equalities and Corporate Policy Officer & Data Intelligence Officer\n\n\nUnit Managers"),
    ("002_be210f0cadcd6921", 5, "Policy and Information team - Equalities and Corporate Policy Officer"),
    ("002_be210f0cadcd6921", 6, ""),
    ("002_be210f0cadcd6921", 7, "Policy and Information team\n\n\nAll staff"),
    ("002_be210f0cadcd6921", 8, "Democratic Services & Policy and Information"),
    ("002_be210f0cadcd6921", 9, "Democratic Services"),
    ("002_be210f0cadcd6921", 10, "Democratic Services & Policy and Information"),
    ("004_59fe58fd6413823e", 0, "Housing"),
    ("004_59fe58fd6413823e", 1, "Housing, Revenues and Benefits, Policy, Communities and Engagement."),
    ("004_59fe58fd6413823e", 2, "Data Analytics/Democratic Services"),
    ("004_59fe58fd6413823e", 3, "Housing/ICT/Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 4, "Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 5, "Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 6, "Policy, Communities and Engagement"),
    # the row under "Implement the Diversity Calendar" merges in, and breaks across pages after "Civic"
    ("004_59fe58fd6413823e", 7, "Policy, Communities and Engagement\nHR/L&D, Comms and Events, Museums, Civic "
                                "team, Economic Development, Communities lead\nPolicy, Communities and Engagement/HR"),
    ("004_59fe58fd6413823e", 8, "Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 9, "Policy, Communities and Engagement/ Data Analytics/ Climate Change and Biodiversity"),
    ("004_59fe58fd6413823e", 10, "Housing/Human Resources"),
    ("004_59fe58fd6413823e", 11, "Human Resources/ Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 12, "Democratic Services/ Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 13, "Policy, Communities and Engagement/ Human Resources"),
    ("004_59fe58fd6413823e", 14, "Human Resources"),
    ("004_59fe58fd6413823e", 15, "Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 16, "Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 17, "Data Analytics/Information Governance/ Policy, Communities and Engagement"),
    ("004_59fe58fd6413823e", 18, "Policy, Communities and Engagement/Communication and Events"),
    ("004_59fe58fd6413823e", 19, "Policy, Communities and Engagement/Data Analytics"),
    ("004_59fe58fd6413823e", 20, "Policy, Communities and Engagement/HR"),
]


def _gold_records(stem: str) -> list[dict]:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))["records"]


def test_cells_cover_every_gold_record_with_responsible_values():
    covered = {(stem, i) for stem, i, _ in CELLS}
    for path in GOLD.glob("*.json"):
        for i, r in enumerate(_gold_records(path.stem)):
            if r["responsible"]:
                assert (path.stem, i) in covered, (path.stem, i, r["responsible"])
    assert len(CELLS) == 32


@pytest.mark.parametrize(("stem", "index", "cell"), CELLS, ids=[f"{s[:3]}-{i}" for s, i, _ in CELLS])
def test_split_responsible_matches_gold(stem, index, cell):
    assert split_responsible(cell) == tuple(_gold_records(stem)[index]["responsible"])


def test_every_gold_responsible_value_is_one_service_and_looks_like_one():
    values = {v for p in GOLD.glob("*.json") for r in _gold_records(p.stem) for v in r["responsible"]}
    assert len(values) == 26
    for v in values:
        assert split_responsible(v) == (v,)
        assert looks_like_service(v), v


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("HR", "Human Resources"),
        ("L&D", "Learning and Development"),
        ("Comms and Events", "Communications and Events"),
        ("Communication and Events", "Communications and Events"),
        ("Comms", "Communications"),
        ("PCE", "Policy, Communities and Engagement"),
        ("Policy, Communities and Engagement", "Policy, Communities and Engagement"),
        ("Policy and Information team - Data Intelligence Officer", "Policy and Information - Data Intelligence Officer"),
        ("Democratic Services.", "Democratic Services"),
        ("Sunshine Desk", None),
    ],
)
def test_canonical_service(name, canonical):
    assert service_to_canonical(name) == canonical


@pytest.mark.parametrize(
    "paragraph",
    [
        # seed 002 paragraphs that sit next to responsible ones but are not services
        "November 2017",
        "Review by March 2018",
        "·         Report to be produced for every ward member following annual Resident’s Survey",
        "Completed forms retuned to Democratic Services",
        "Integrate Equalities into Service Planning process.",
        "Raise standard of Equalities Impact Assessments (EqIAs)",
        "Provide a consistent approach to contract management across the services.",
        "New Consultation toolkit and guidelines to be developed",
        "Equalities Training to be included in the Member Development Programme",
        "",
    ],
)
def test_looks_like_service_rejects_other_paragraphs(paragraph):
    assert not looks_like_service(paragraph)


def test_names_with_separators_stay_whole_only_when_known():
    assert split_responsible("Revenues & Benefits/Policy, Communities & Engagement") == (
        "Revenues & Benefits", "Policy, Communities & Engagement")
    # an unknown comma name splits: add it to services.jsonl to keep it whole (docs/patterns.md)
    assert split_responsible("Planning, Housing and Environment") == ("Planning", "Housing and Environment")


def test_gazetteer_has_canonical_names_for_every_alias():
    gazetteer = load_gazetteer()
    canonicals = {s.canonical for s in gazetteer}
    assert all(s.canonical in {g.pattern for g in gazetteer} for s in gazetteer)
    assert len(canonicals) >= 60
