"""Lineage: each council's records linked across its reports, scored against the two link golds.

Golds (format: tests/gold/lineage/README.md): ``maidstone`` — the seeds' four Maidstone equality reports
linked by hand; ``harrowmere`` — the made three-year series (PDF, DOCX, HTML) of
tests/data/make_lineage_series.py.  Both are run through the whole pipeline (``run`` then ``lineage``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import DATA, RAW

from pipeline.batch import run_batch
from pipeline.cli import cli
from pipeline.lineage import (
    Report,
    commitment_records,
    dropped_without_completion,
    gold_dropped,
    gold_links,
    heading_levels,
    item_of,
    link_dataset,
    link_series,
    made_links,
    read_lineage,
    score,
    score_links,
    state_from_rows,
    threads,
)
from pipeline.store import connect_dataset, read_table

GOLD = Path(__file__).resolve().parent / "gold" / "lineage"
SERIES = DATA / "lineage" / "harrowmere"
MAIDSTONE = ("000_183e9267aebdd3be.txt", "001_bc951520d11eea04.txt", "002_be210f0cadcd6921.txt",
             "004_59fe58fd6413823e.txt")


def _dataset(files: list[Path], out: Path) -> Path:
    run_batch(files, out, workers=1, tag=False, progress=False)
    return out


@pytest.fixture(scope="module")
def harrowmere(tmp_path_factory) -> Path:
    out = _dataset(sorted(SERIES.iterdir()), tmp_path_factory.mktemp("harrowmere") / "data")
    link_dataset(out)
    return out


@pytest.fixture(scope="module")
def maidstone(tmp_path_factory) -> Path:
    out = _dataset([RAW / f for f in MAIDSTONE], tmp_path_factory.mktemp("maidstone") / "data")
    link_dataset(out)
    return out


def _records(data: Path) -> list[dict]:
    return read_table(data, "records", ["record_id", "source_file", "action"]).to_pylist()


def _actions(data: Path) -> dict[str, str]:
    return {r["record_id"]: f"{r['source_file']}: {r['action']}" for r in _records(data)}


def test_the_made_series_links_as_its_gold_says(harrowmere: Path) -> None:
    rows = read_lineage(harrowmere)
    score = score_links(made_links(rows), gold_links(GOLD / "harrowmere", _records(harrowmere)))
    names = _actions(harrowmere)
    assert score.gold == 18
    assert score.precision >= 0.90, [(names[a], names[b]) for a, b in score.wrong]
    assert score.recall >= 0.85, [(names[a], names[b]) for a, b in score.missed]
    assert (score.precision, score.recall) == (1.0, 1.0)   # what it scores today; a drop is a regression


def test_the_made_series_dropped_without_completion_list_is_exact(harrowmere: Path) -> None:
    rows = read_lineage(harrowmere)
    records = _records(harrowmere)
    names = _actions(harrowmere)
    assert sorted(names[r] for r in dropped_without_completion(rows)) == sorted(
        names[r] for r in gold_dropped(GOLD / "harrowmere", records))
    assert sorted(names[r] for r in dropped_without_completion(rows)) == [
        "2022-23.pdf: Translate key council leaflets into the five most spoken community languages",
        "2023-24.docx: Introduce a reverse mentoring scheme for senior leaders",
        "2023-24.docx: Review the accessibility of the council website against WCAG 2.1 AA",
        "2023-24.docx: Set up a community forum for faith groups",
    ]


def test_changes_merges_and_splits_of_the_made_series(harrowmere: Path) -> None:
    con = connect_dataset(harrowmere)
    got = con.execute(
        "select l.change, l.changes, l.relation, len(l.continues), l.action from lineage l "
        "join documents d using (doc_id) where d.source_file = '2023-24.docx' and l.record_id is not null "
        "order by l.action").fetchall()
    by_action = {a: (c, list(cs), rel, n) for c, cs, rel, n, a in got}
    assert by_action["Carry out an annual residents' survey to understand the needs of our different communities"] \
        == ("reworded", ["reworded", "due moved"], "one", 1)
    assert by_action["Publish the equality profile of the district on the council website"] == (
        "completed", ["completed"], "one", 1)
    assert by_action["Set up a community forum for faith groups"] == ("owner changed", ["owner changed"], "one", 1)
    # two equality impact assessment actions of 2022-23 merged into one
    assert by_action["Carry out equality impact assessments for every budget proposal and every change to a "
                     "service"][2:] == ("merge", 2)
    # "all council buildings" split into offices and community centres: both links kept
    assert by_action["Make the council offices accessible to wheelchair users"][2] == "split"
    assert by_action["Make community centres and leisure centres accessible to wheelchair users"][2] == "split"
    assert by_action["Introduce a reverse mentoring scheme for senior leaders"][0] == "new"
    probabilities = con.execute("select min(link_probability) from lineage where link_probability is not null")
    assert probabilities.fetchone()[0] >= 0.5
    evidence = con.execute("select evidence from lineage where action = 'Publish the gender pay gap report' "
                           "and evidence is not null").fetchone()[0]
    assert evidence.startswith("text=same words(+")


def test_thread_outcomes_of_the_made_series(harrowmere: Path) -> None:
    got = {(t.outcome, t.first_action) for t in threads(read_lineage(harrowmere))}
    assert ("completed", "Run a residents' survey every year to understand the needs of different communities") in got
    assert ("carried", "Deliver equality and diversity training to all managers") in got
    assert ("new", "Develop a British Sign Language plan for the council") in got
    # the two impact assessment threads merge: one goes on (which one is the stronger link's, a near tie: the
    # merged action keeps one's words and the other's owner), the other ends "merged"
    assessments = sorted(outcome for outcome, first in got if first.startswith("Carry out equality impact assessments"))
    assert assessments == ["carried", "merged"]
    assert len(got) == 15


# The seeds' four reports are four different plans, years apart: most actions are new each time and
# the 15 continuations are reworded beyond shared words (tests/gold/lineage/README.md).  These floors
# are what lineage scores today (11 links made, all right, 11 of the 15): precision is over the
# issue's target of 0.90, recall under its 0.85 (the four missed are reworded past their words).
SEED_PRECISION_FLOOR = 1.0
SEED_RECALL_FLOOR = 0.73


def test_the_seeds_link_as_the_hand_made_gold_says(maidstone: Path) -> None:
    rows = read_lineage(maidstone)
    score = score_links(made_links(rows), gold_links(GOLD / "maidstone", _records(maidstone)))
    assert score.gold == 15
    assert score.precision >= SEED_PRECISION_FLOOR
    assert score.recall >= SEED_RECALL_FLOOR


def _seed_link(data: Path, earlier: str, later: str) -> dict | None:
    """The lineage row of the record starting ``later`` where it continues the record starting ``earlier``."""
    names = {r["record_id"]: r["action"] for r in _records(data)}
    found = [r for r in read_lineage(data) if r["record_id"] and names[r["record_id"]].startswith(later)
             and any(names[b].startswith(earlier) for b in r["continues"])]
    assert len(found) <= 1
    return found[0] if found else None


def test_seed_links_of_each_kind_the_hand_made_gold_draws(maidstone: Path) -> None:
    # reworded, 2015-16 progress -> 2017-18 plan
    embed = _seed_link(maidstone, "Embedding the principles of consultation", "Embed the principles of good")
    assert embed is not None and embed["change"] == "reworded"
    # moved between objectives: a Service Provider action of 2021-22 under Community Leader in 2023-24
    seldom = _seed_link(maidstone, "We will work with the community through consultation", "Increase engagement from")
    assert seldom is not None and "heading=different" in seldom["evidence"]
    # one report skipped (2017-18 -> 2023-24), with a new owner and deadline
    members = _seed_link(maidstone, "To ensure newly elected members", "Ensure all new Members")
    assert members is not None and members["changes"] == ["reworded", "owner changed", "due moved"]
    assert "gap=one report skipped" in members["evidence"]
    # merged: the 2021-22 update lists its Equalities Group under two objectives; both go on as one officer group
    group = _seed_link(maidstone, "We will appoint an internal Equalities Group", "Develop the Equality Diversity")
    assert group is not None and group["relation"] == "merge" and len(group["continues"]) == 2
    # not a link: made while a possessive 's counted as a word both shared ("Maidstone’s residents", "Maidstone’s
    # demographic"); the gold links the 2021-22 review to the 2017-18 consultation principles instead
    assert _seed_link(maidstone, "Increase understanding of Maidstone’s residents",
                      "We will undertake a review of consultation") is None


def test_seed_actions_restated_in_the_next_plans_commitments_are_carried_not_dropped(maidstone: Path) -> None:
    got = {t.first_action[:50]: t for t in threads(read_lineage(maidstone))}
    restated = sorted(a for a, t in got.items() if "restated in a commitment" in t.changes)
    assert restated == [
        "Undertaking Equality Impact Assessments when makin",      # 2015-16 -> 2017-18 -> 2021-22, then restated
        "We will provide training and support to staff so t",
        "We will review and identify our policies where we ",
        "We will support and promote diversity and inclusio",
        "We will undertake a review of consultation and eng",
    ]
    assert {got[a].outcome for a in restated} == {"carried"}
    assert got["We will undertake a review of consultation and eng"].last_period == "2023-24"
    # the 2023-24 plan rewrote this one's commitment ("... supporting financial inclusion and social well-being"):
    # a reader would not call that the same sentence, and lineage does not
    assert got["We will take an evidence-based approach to leading"].outcome == "dropped without completion"
    row = next(r for r in read_lineage(maidstone) if r["relation"] == "commitment"
               and r["action"].startswith("We will undertake a review of consultation"))
    assert (row["record_id"], row["change"]) == (None, "carried")
    assert row["evidence"].startswith("restated in the commitment of ")


def _item(n: int, action: str, section: str | None = None, objective: str | None = None, doc: str = "d",
          commitment: str | None = None):
    return item_of({"record_id": f"{doc}:{n}", "doc_id": doc, "kind": "action", "action": action,
                    "section": section, "objective": objective, "commitment": commitment})


def test_a_thread_restated_in_a_commitment_links_on_the_same_when_the_series_is_extended() -> None:
    reports = [Report(d, "Kiltarra Shire Council", y, None, f"{y}.pdf") for d, y in (("a", "2021"), ("b", "2022"),
                                                                                      ("c", "2023"))]
    items = {
        "a": [_item(0, "We will set up a community forum for faith groups", doc="a"),
              _item(1, "We will publish the gender pay gap report every year", doc="a")],
        "b": [_item(0, "Publish the gender pay gap report every year", doc="b",
                    commitment="We will set up a community forum for faith groups. We will be a fair employer.")],
        "c": [_item(0, "Set up a community forum for faith groups", doc="c"),
              _item(1, "Publish the gender pay gap report every year", doc="c")],
    }
    full = link_series(reports, items)
    forum = [r for r in full if r["thread_id"] == "a:0"]
    assert [(r["report"], r["record_id"], r["relation"]) for r in forum] == [
        (0, "a:0", None), (1, None, "commitment"), (2, "c:0", "one")]
    assert forum[-1]["continues"] == ["a:0"]
    first = link_series(reports[:2], items)
    assert commitment_records(first) == {"a:0"}
    state = state_from_rows(first, {i.record_id: i for d in ("a", "b") for i in items[d]})
    assert first + link_series(reports, items, state, 2) == full


def test_headings_a_report_reorganised_under_new_objectives_do_not_count_against_a_pair() -> None:
    aims = ("Lead a diverse workforce", "Serve every resident fairly")
    earlier = [_item(n, f"Action {n}", "Employer", aims[n % 2], "a") for n in range(4)]
    kept = [_item(n, f"Action {n}", "Employer", aims[n % 2], "b") for n in range(4)]
    renamed = [_item(n, f"Action {n}", "Employer", aim, "b")
               for n, aim in enumerate(("Value our staff", "Open data", "Engage young people", "Green spaces"))]
    moved = heading_levels(kept, earlier, [False] * 4)
    weight = np.log2(moved["heading_m"] / moved["heading_u"])
    assert weight[0, 0] > 0 > weight[0, 1]            # same objective for, another objective against
    level = heading_levels(renamed, earlier, [False] * 4)
    assert (level["heading"] == 1).all()               # same section, no objective of one in the other
    assert np.allclose(level["heading_m"], level["heading_u"])   # so the heading says nothing


def test_open_threads_of_an_older_report_leave_the_previous_reports_odds_alone() -> None:
    later = [_item(0, "Publish the gender pay gap report", doc="c"), _item(1, "Run a staff survey", doc="c")]
    previous = [_item(0, "Publish the gender pay gap report every year", doc="b"),
                _item(1, "Run a survey of staff", doc="b")]
    older = [_item(n, f"Unrelated action number {n}", doc="a") for n in range(6)]
    alone, _ = score(later, previous, [False, False])
    together, _ = score(later, previous + older, [False, False] + [True] * 6)
    assert np.allclose(alone, together[:, :2])


def test_the_seeds_are_one_councils_series_in_period_order(maidstone: Path) -> None:
    con = connect_dataset(maidstone)
    got = con.execute("select distinct l.report, d.source_file, l.council from lineage l join documents d "
                      "using (doc_id) order by 1").fetchall()
    assert got == [(0, MAIDSTONE[0], "Maidstone Borough Council"), (1, MAIDSTONE[2], "Maidstone Borough Council"),
                   (2, MAIDSTONE[1], "Maidstone Borough Council"), (3, MAIDSTONE[3], "Maidstone Borough Council")]


def test_adding_next_years_report_links_only_it_and_gives_the_full_runs_rows(tmp_path: Path) -> None:
    files = sorted(SERIES.iterdir())          # 2022-23.pdf, 2023-24.docx, 2024-25.html
    data = _dataset(files[:2], tmp_path / "data")
    first = link_dataset(data)
    assert (first.relinked, first.reports_linked) == (("Harrowmere District Council",), 2)
    _dataset(files[2:], data)
    added = link_dataset(data)
    assert (added.extended, added.reports_linked) == (("Harrowmere District Council",), 1)
    incremental = read_lineage(data)
    assert link_dataset(data).unchanged == ("Harrowmere District Council",)
    link_dataset(data, force=True)
    assert read_lineage(data) == incremental


def test_a_report_inserted_before_the_last_relinks_the_council(tmp_path: Path) -> None:
    files = sorted(SERIES.iterdir())
    data = _dataset([files[0], files[2]], tmp_path / "data")
    link_dataset(data)
    _dataset([files[1]], data)
    summary = link_dataset(data)
    assert summary.relinked == ("Harrowmere District Council",) and summary.reports_linked == 3


def test_track_prints_threads_by_outcome(harrowmere: Path) -> None:
    result = CliRunner().invoke(cli, ["track", "--data", str(harrowmere)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Harrowmere District Council: 15 threads (4 completed, 5 carried, "
                        "4 dropped without completion, 1 new, 1 merged)")
    assert "  dropped without completion (absent from a later report, never reported done): 4" in lines
    assert "      first: Run a residents' survey every year to understand the needs of different communities" in lines


def test_track_writes_xlsx_and_review_shows_a_thread(harrowmere: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "threads.xlsx"
    result = CliRunner().invoke(cli, ["track", "--data", str(harrowmere), "--to", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["threads"]
    assert [c.value for c in sheet[1]][:3] == ["council", "outcome", "thread_id"]
    assert sheet.max_row == 16
    survey = next(t for t in threads(read_lineage(harrowmere)) if t.first_action.startswith("Run a residents"))
    page = tmp_path / "thread.html"
    result = CliRunner().invoke(cli, ["review", "--data", str(harrowmere), "--thread", survey.thread_id,
                                      "--out", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "<th>2022-23.pdf</th><th>2023-24.docx</th><th>2024-25.html</th>" in text
    assert "Completed: the 2024 survey results were published in January 2025." in text


def test_review_of_an_unknown_thread_says_how_to_list_them(harrowmere: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["review", "--data", str(harrowmere), "--thread", "nope",
                                      "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 1
    assert f"no thread 'nope' in the lineage table; list them with `council-extract track --data {harrowmere}`" \
        in result.output


def test_the_made_series_gold_is_what_the_generator_writes() -> None:
    sys.path.insert(0, str(DATA))
    import make_lineage_series

    rows = (GOLD / "harrowmere" / "links.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == len(make_lineage_series.gold_links()) == 18
    dropped = (GOLD / "harrowmere" / "dropped.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(dropped) == len(make_lineage_series.gold_dropped()) == 4


def test_lineage_needs_a_dataset(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["lineage", "--data", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no council-extract dataset here" in result.output


def test_a_copy_of_the_series_under_council_year_folders_takes_the_folder_names(tmp_path: Path) -> None:
    archive = tmp_path / "archive" / "harrowmere-district-council"
    (archive / "2023").mkdir(parents=True)
    shutil.copy(SERIES / "2023-24.docx", archive / "2023" / "report.docx")
    data = _dataset([tmp_path / "archive"], tmp_path / "data")
    doc = read_table(data, "documents").to_pylist()[0]
    assert (doc["council"], doc["council_source"], doc["period"], doc["period_source"]) == (
        "Harrowmere District Council", "folder", "2023", "folder")


def test_a_council_no_report_names_any_more_loses_its_lineage(tmp_path: Path) -> None:
    data = _dataset(sorted(SERIES.iterdir())[:2], tmp_path / "data")
    link_dataset(data)
    assert {r["council"] for r in read_lineage(data)} == {"Harrowmere District Council"}
    meta = tmp_path / "meta.csv"
    meta.write_text("path,council,period\n2022-23.pdf,Kiltarra Shire Council,\n2023-24.docx,Kiltarra Shire Council,\n",
                    encoding="utf-8")
    run_batch(sorted(SERIES.iterdir())[:2], data, workers=1, tag=False, progress=False, force=True,
              settings={"metadata_file": str(meta)})
    assert link_dataset(data).relinked == ("Kiltarra Shire Council",)
    assert {r["council"] for r in read_lineage(data)} == {"Kiltarra Shire Council"}


def test_a_cancelled_action_is_cancelled_not_carried_and_one_report_gives_new_threads(tmp_path: Path) -> None:
    """One plan (the new-user DOCX, states complete ... cancelled, superseded), its council given in a
    metadata file: a new user saw track call cancelled actions "carried (still open in the latest report)"
    and a one-report series "6 carried" while every lineage.change said new."""
    plan = DATA / "new_user" / "climate-plan-plain-title.docx"
    meta = tmp_path / "meta.csv"
    meta.write_text(f"path,council,period\n{plan},Thornbury Town Council,2025-26\n")
    data = tmp_path / "data"
    ran = CliRunner().invoke(cli, ["-q", "run", str(plan), "--out", str(data), "--no-tag", "--metadata", str(meta)])
    assert ran.exit_code == 0, ran.output
    link_dataset(data)
    rows = read_lineage(data)
    assert {r["state"] for r in rows} >= {"cancelled", "superseded", "complete"}
    got = {t.first_action: t.outcome for t in threads(rows)}
    assert got["Open a community tree nursery at Mill Lane depot."] == "cancelled"
    assert got["Publish a tree strategy for council land."] == "cancelled"
    assert set(got.values()) <= {"completed", "cancelled", "new"}
    track = CliRunner().invoke(cli, ["track", "--data", str(data)])
    assert "  cancelled or superseded (closed without completion): 2" in track.output.splitlines()
    assert "carried" not in track.output.splitlines()[0]


def test_a_council_folder_named_by_its_place_joins_the_council_named_in_full(tmp_path: Path) -> None:
    """The README's folder form `archive/<council>/<year>/`: a folder gives 'Brackenford', another report
    is 'Brackenford Borough Council' (here from a metadata file); one series, not two (a new user's
    track showed two councils)."""
    archive = tmp_path / "archive"
    (archive / "brackenford" / "2017-18").mkdir(parents=True)
    shutil.copy(RAW / "002_be210f0cadcd6921.txt", archive / "brackenford" / "2017-18" / "progress.txt")
    shutil.copy(RAW / "004_59fe58fd6413823e.txt", archive / "plan.txt")
    meta = tmp_path / "meta.csv"
    meta.write_text("path,council,period\nplan.txt,Brackenford Borough Council,2023-24\n")
    data = tmp_path / "data"
    ran = CliRunner().invoke(cli, ["-q", "run", str(archive), "--out", str(data), "--no-tag", "--metadata", str(meta)])
    assert ran.exit_code == 0, ran.output
    councils = {d["source_file"]: d["council"] for d in read_table(data, "documents").to_pylist()}
    assert councils == {"progress.txt": "Brackenford", "plan.txt": "Brackenford Borough Council"}
    link_dataset(data)
    rows = read_lineage(data)
    assert {r["council"] for r in rows} == {"Brackenford Borough Council"}
    assert {r["report"] for r in rows} == {0, 1}
    assert read_lineage(data, "Brackenford") == rows
    track = CliRunner().invoke(cli, ["track", "--data", str(data)])
    assert [ln.split(":")[0] for ln in track.output.splitlines() if not ln.startswith(" ")] == [
        "Brackenford Borough Council"]


def test_a_record_reported_cancelled_is_a_cancelled_change_of_its_thread() -> None:
    """The second year's record of a thread says 'Cancelled': its change is cancelled, not carried (a new
    user's track tagged a cancelled thread '[carried]')."""
    from pipeline.lineage import changes_between

    def row(state: str | None, status_word: str) -> dict:
        return {"record_id": f"r-{status_word}", "doc_id": "d", "kind": "action",
                "action": "Launch a rural demand-responsive bus pilot", "state": state, "progress": [status_word]}

    assert changes_between(item_of(row("on track", "On track")), item_of(row("cancelled", "Cancelled"))) == ["cancelled"]
    assert changes_between(item_of(row("on track", "On track")), item_of(row("superseded", "Superseded"))) == [
        "cancelled"]
    assert changes_between(item_of(row("on track", "On track")), item_of(row("on track", "On track"))) == []


def test_track_names_the_councils_there_when_asked_for_one_that_is_not(harrowmere: Path) -> None:
    result = CliRunner().invoke(cli, ["track", "--data", str(harrowmere), "--council", "Fenmoor Town Council"])
    assert result.exit_code == 1
    assert f"no council 'Fenmoor Town Council' in {harrowmere}'s lineage; its councils: Harrowmere District Council" \
        in result.output


def test_export_writes_the_lineage_table_and_says_when_there_is_none(harrowmere: Path, tmp_path: Path) -> None:
    out = tmp_path / "lineage.csv"
    result = CliRunner().invoke(cli, ["export", "--data", str(harrowmere), "--table", "lineage", "--to", "csv",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[0].startswith("thread_id,record_id,doc_id,council,period")
    assert len(out.read_text().splitlines()) == 1 + len(read_lineage(harrowmere))
    bare = _dataset([RAW / "003_8ba6588832b7b595.txt"], tmp_path / "bare")
    none = CliRunner().invoke(cli, ["export", "--data", str(bare), "--table", "lineage", "--to", "csv",
                                    "--out", str(tmp_path / "x.csv")])
    assert none.exit_code == 1
    assert "has no lineage table yet: link its reports first with `council-extract lineage" in none.output
