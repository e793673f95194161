"""Responsible cells -> services: every responsible value in the gold files, and the paragraph test."""

from __future__ import annotations

import json
import re

import pytest
from conftest import GOLD_SEEDS, RAW

from pipeline.run import run_document
from pipeline.services import (
    canonical_service,
    canonical_services,
    load_gazetteer,
    looks_like_service,
    service_to_canonical,
    split_responsible,
)

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
    ("004_59fe58fd6413823e", 7, ("Policy, Communities and Engagement\nHR/L&D, Comms and Events, Museums, Civic "
                                 "team, Economic Development, Communities lead\nPolicy, Communities and Engagement/HR")),
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


@pytest.mark.parametrize(
    ("as_written", "canonical"),
    [
        # dash variants: en dash, em dash, spaced hyphen, unspaced en dash (seed 002 mixes the first two)
        ("Policy and Information team – Data Intelligence Officer", "Policy and Information - Data Intelligence Officer"),
        ("Policy and Information team—Data Intelligence Officer", "Policy and Information - Data Intelligence Officer"),
        ("Parks team – Tree Officer", "Parks team - Tree Officer"),
        ("Parks team—Tree Officer", "Parks team - Tree Officer"),
        ("Co-ordinator for Volunteering", "Co-ordinator for Volunteering"),  # a word's hyphen stays
        # abbreviations: the gazetteer's, "&" for "and", and an acronym of exactly one gazetteer name
        ("HR", "Human Resources"),
        ("Revs & Bens", "Revenues and Benefits"),
        ("Waste & Recycling", "Waste and Recycling"),
        ("Parks  &  Gardens team", "Parks and Gardens team"),
        ("DS", "Democratic Services"),
        ("ES", "ES"),  # Electoral Services or Environmental Services: not guessed
    ],
)
def test_canonical_service_unifies_dash_and_abbreviation_variants(as_written, canonical):
    assert canonical_service(as_written) == canonical


def test_canonical_services_deduplicate_in_order():
    assert canonical_services(("HR", "Housing", "Human Resources", "housing", "", "L&D")) == (
        "Human Resources", "Housing", "Learning and Development")
    assert canonical_services(()) == ()


def _spelling_key(name: str) -> str:
    """A name with dashes, ampersands, "and", spaces and case taken out."""
    return re.sub(r"[\s\-\u2013\u2014&]+|\band\b", "", name.casefold())


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s,/]+", name) if w and w.casefold() not in {"and", "of", "the", "&"})


@pytest.mark.parametrize("seed", sorted(p.name for p in RAW.glob("*.txt")))
def test_no_two_services_of_a_seed_differ_only_by_dash_or_abbreviation(seed):
    records = run_document(RAW / seed, tag=False).records
    services = sorted({s for r in records for s in r.services})
    written = {s for r in records for s in r.responsible}
    for a in services:
        for b in services:
            if a < b:
                assert _spelling_key(a) != _spelling_key(b), (a, b)
                assert a != _initials(b) and b != _initials(a), (a, b)
    # services sit beside the names as written, one canonical name per record and service
    for r in records:
        assert len(r.services) <= len(r.responsible)
        assert bool(r.services) == bool(r.responsible)
    expected_counts = {  # distinct names as written -> distinct services
        "000": (0, 0), "001": (0, 0), "002": (10, 8), "003": (0, 0), "004": (17, 15),
    }
    assert (len(written), len(services)) == expected_counts[seed[:3]]


def test_seed_services_merge_the_spellings_the_reports_mix():
    by_seed = {p.name[:3]: run_document(p, tag=False).records for p in RAW.glob("*.txt")}
    services_002 = {s for r in by_seed["002"] for s in r.services}
    assert services_002 == {
        "All staff", "Data Intelligence Officer", "Democratic Services", "Equalities and Corporate Policy Officer",
        "Policy and Information", "Policy and Information - Data Intelligence Officer",
        "Policy and Information - Equalities and Corporate Policy Officer", "Unit Managers",
    }
    # seed 002 writes the same post with an en dash and with a hyphen
    assert {"Policy and Information team – Data Intelligence Officer",
            "Policy and Information team - Data Intelligence Officer"} <= {s for r in by_seed["002"] for s in r.responsible}
    written_004 = {s for r in by_seed["004"] for s in r.responsible}
    services_004 = {s for r in by_seed["004"] for s in r.services}
    assert {"HR", "Human Resources", "Comms and Events", "Communication and Events", "L&D"} <= written_004
    assert {"Human Resources", "Communications and Events", "Learning and Development"} <= services_004
    assert not {"HR", "Comms and Events", "Communication and Events", "L&D"} & services_004


def test_seed_000_tagged_services_have_no_dash_or_abbreviation_variants():
    """Seed 000 has no responsible column (records.services is empty); the services its text names do not repeat."""
    from pipeline.nlp import tag_records

    records = run_document(RAW / "000_183e9267aebdd3be.txt", tag=False).records
    assert len(records) == 24 and not any(r.services for r in records)
    names = sorted({e.canonical or e.text for e in tag_records(records) if e.label == "SERVICE"})
    assert len(names) == 15 and "Policy and Information" in names
    for a in names:
        for b in names:
            if a < b:
                assert _spelling_key(a) != _spelling_key(b) and a != _initials(b) and b != _initials(a), (a, b)


def test_entity_canonical_names_of_responsible_items_are_records_services():
    from pipeline.nlp import tag_records

    records = run_document(RAW / "002_be210f0cadcd6921.txt", tag=False).records
    tagged = {}
    for e in tag_records(records):
        if e.field == "responsible":
            tagged.setdefault(e.record_id, []).append(e.canonical)
    for r in records:
        assert tuple(dict.fromkeys(tagged.get(r.record_id, []))) == r.services
