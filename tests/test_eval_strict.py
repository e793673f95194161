"""The strict field score of `council-extract eval` (issue 18): only the fields gold or the prediction
fills are scored, so a field lost on every record costs in full instead of 1/15.

Predictions here are seed gold records with one field taken away or added, so every figure is exact.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import GOLD_SEEDS, RAW

from benchmarks.score_holdout import main as score_holdout
from pipeline.cli import cli
from pipeline.evaluate import FIELDS, evaluate, has_value, load_gold

SEED = "000_183e9267aebdd3be.txt"   # 24 records; kind, section, objective, action and progress filled on each


def seed_gold() -> list[dict]:
    return load_gold(GOLD_SEEDS)[SEED]


def test_seed_gold_fills_five_fields_on_every_record() -> None:
    gold = seed_gold()
    filled = {f: sum(has_value(r.get(f)) for r in gold) for f in FIELDS}
    assert {f: n for f, n in filled.items() if n} == {
        "kind": 24, "section": 24, "objective": 24, "action": 24, "progress": 24,
    }


def test_a_lost_field_costs_a_fifth_strictly_and_a_fifteenth_leniently() -> None:
    gold = seed_gold()
    pred = [dict(r, objective=None, source_file=SEED) for r in gold]
    doc = evaluate({SEED: gold}, pred).documents[0]
    assert (doc.n_matched, doc.precision, doc.recall) == (24, 1.0, 1.0)
    assert round(doc.field_score, 4) == round(14 / 15, 4)
    assert doc.strict_field_score == 96 / 120
    assert doc.strict_mean("objective") == 0.0 and doc.strict_counts["objective"] == 24
    assert doc.strict_mean("start") is None and doc.strict_counts["start"] == 0   # neither side fills it


def test_a_value_gold_does_not_have_is_scored_strictly() -> None:
    gold = seed_gold()
    pred = [dict(r, responsible=["HR"], source_file=SEED) for r in gold]
    report = evaluate({SEED: gold}, pred)
    assert report.strict_mean("responsible") == 0.0 and report.strict_count("responsible") == 24
    assert report.strict_field_score == 120 / 144
    assert round(report.field_score, 4) == round(14 / 15, 4)


def test_report_json_and_table_name_both_scores() -> None:
    gold = seed_gold()
    pred = [dict(r, objective=None, source_file=SEED) for r in gold[:12]]
    report = evaluate({SEED: gold}, pred)
    data = report.to_dict()
    assert (data["record_precision"], data["record_recall"]) == (1.0, 0.5)
    assert data["strict_field_score"] == 48 / 60
    assert data["strict_counts"]["objective"] == 12 and data["strict_fields"]["commitment"] is None
    assert data["documents"][0]["strict_field_score"] == 48 / 60
    from pipeline.evaluate import render_report

    lines = render_report(report).splitlines()
    assert lines[0].split()[-2:] == ["field(len)", "strict"]
    assert lines[1].split()[1:] == ["24", "12", "12", "1.000", "0.500", "0.667", "0.933", "0.800"]
    assert "objective=0.000/12" in lines[4] and lines[4].startswith("fields (strict):")


def test_eval_command_strict_threshold_and_help(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "ds"
    assert runner.invoke(cli, ["run", str(RAW / "002_be210f0cadcd6921.txt"), "--out", str(out)]).exit_code == 0
    report_path = tmp_path / "r.json"
    ok = runner.invoke(cli, ["eval", "--gold", str(GOLD_SEEDS), "--records", str(out), "--json", str(report_path)])
    assert ok.exit_code == 0, ok.output
    doc = next(d for d in json.loads(report_path.read_text())["documents"] if d["file"] == "002_be210f0cadcd6921.txt")
    assert (doc["n_matched"], doc["strict_field_score"], doc["field_score"]) == (11, 1.0, 1.0)
    # Gold that also names an issue on every record (the seed has none): lenient falls by 1/15, strict by 11 of 110 filled pairs.
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = json.loads((GOLD_SEEDS / "002_be210f0cadcd6921.json").read_text())
    for rec in gold["records"]:
        rec["issues"] = ["Budget pressure"]
    (gold_dir / "002.json").write_text(json.dumps(gold))
    low = runner.invoke(cli, ["eval", "--gold", str(gold_dir), "--records", str(out), "--min-field", "0.9",
                              "--min-strict", "0.95"])
    assert low.exit_code == 1, low.output
    assert "lenient field score 0.933 (min 0.9), strict field score 0.899 (min 0.95)" in low.output
    help_text = runner.invoke(cli, ["eval", "--help"]).output
    assert "field(len)  lenient field score" in help_text and "strict      strict field score" in help_text


def test_score_holdout_scores_a_list_apart(tmp_path: Path, capsys) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("# two seeds\n002_be210f0cadcd6921.txt\n004_59fe58fd6413823e.txt  # a comment\n")
    excluded = tmp_path / "out.txt"
    excluded.write_text("003_8ba6588832b7b595.txt\n")
    json_path = tmp_path / "split.json"
    code = score_holdout(["--list", str(listing), "--corpus", str(RAW), "--gold", str(GOLD_SEEDS),
                          "--exclude", str(excluded), "--json", str(json_path)])
    assert code == 0
    split = json.loads(json_path.read_text())
    assert [d["file"] for d in split["listed"]["documents"]] == ["002_be210f0cadcd6921.txt", "004_59fe58fd6413823e.txt"]
    assert [d["file"] for d in split["rest"]["documents"]] == ["000_183e9267aebdd3be.txt", "001_bc951520d11eea04.txt"]
    assert split["listed"]["record_f1"] == 1.0 and split["rest"]["strict_field_score"] == 1.0
    printed = capsys.readouterr().out
    assert printed.startswith("== listed in list.txt: 2 documents, 32 gold / 32 predicted / 32 paired records")
    assert "003_8ba6588832b7b595" not in printed
    listing.write_text("no-such-file.txt\n")
    assert score_holdout(["--list", str(listing), "--corpus", str(RAW), "--gold", str(GOLD_SEEDS)]) == 2
