"""documents.council / period set by the analyst: a metadata CSV (run --metadata) or folder names, and
council_source / period_source saying where each value came from."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import RAW

from pipeline.cli import cli
from pipeline.docmeta import folder_meta
from pipeline.store import read_table


def _documents(data: Path) -> dict[str, dict]:
    return {d["source_file"]: d for d in read_table(data, "documents").to_pylist()}


def test_a_metadata_file_overrides_folders_and_the_report(tmp_path: Path) -> None:
    folder = tmp_path / "archive" / "maidstone" / "2016"
    folder.mkdir(parents=True)
    shutil.copy(RAW / "000_183e9267aebdd3be.txt", folder)
    shutil.copy(RAW / "003_8ba6588832b7b595.txt", tmp_path / "archive")
    meta = tmp_path / "meta.csv"
    meta.write_text("path,council,period\n"
                    "archive/maidstone/2016/000_183e9267aebdd3be.txt,,2015/16\n"   # path relative to the CSV
                    "003_8ba6588832b7b595.txt,Maidstone Council,\n",                # a bare file name
                    encoding="utf-8")
    out = tmp_path / "data"
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "archive"), "--out", str(out), "--workers", "1",
                                      "--no-tag", "--metadata", str(meta)])
    assert result.exit_code == 0, result.output
    docs = _documents(out)
    d0 = docs["000_183e9267aebdd3be.txt"]
    # council from the folder (the file gives none; "maidstone" is the gazetteer's Maidstone Borough
    # Council), period from the file: 2015/16 is a financial year
    assert (d0["council"], d0["council_source"], d0["period"], d0["period_source"]) == (
        "Maidstone Borough Council", "folder", "2015/16", "file")
    assert (d0["period_start"], d0["period_end"]) == (dt.datetime(2015, 4, 1), dt.datetime(2016, 3, 31))
    d3 = docs["003_8ba6588832b7b595.txt"]
    # the gazetteer's canonical name; the period stays the report's own
    assert (d3["council"], d3["council_source"], d3["period"], d3["period_source"]) == (
        "Maidstone Borough Council", "file", "October – March 2013/14", "document")
    assert not any(w.startswith("W140") for w in d3["warnings"])


def test_a_metadata_file_without_its_header_is_a_usage_error(tmp_path: Path) -> None:
    meta = tmp_path / "meta.csv"
    meta.write_text("file,council\nx.txt,Kent County Council\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(RAW), "--out", str(tmp_path / "d"), "--metadata", str(meta)])
    assert result.exit_code == 2
    assert "the header row must be path,council,period (missing path, period)" in result.output


def test_folder_names_give_council_and_year() -> None:
    assert folder_meta(Path("/srv/archive/tunbridge_wells_borough_council/2022_23/q4/plan.pdf")) == (
        "Tunbridge Wells Borough Council", "2022-23")
    assert folder_meta(Path("/srv/reports/2024/plan.pdf")) == (None, "2024")
    assert folder_meta(Path("/srv/reports/plan-2024.pdf")) == (None, None)


def test_reports_lineage_cannot_place_are_counted_once_in_the_run_summary(tmp_path: Path) -> None:
    """W140 was a warning on each document whose council or period is unknown: 30 of 36 development
    layouts and all 15 bug cases carried it, so it told nothing.  It is one line of the run's summary."""
    shutil.copy(RAW / "003_8ba6588832b7b595.txt", tmp_path)   # names two councils about as often: none taken
    shutil.copy(RAW / "004_59fe58fd6413823e.txt", tmp_path)   # Maidstone Borough Council, 2023-24
    # no period label, but the date of its latest update ends its period (2016-03-31): lineage places it,
    # so it is not counted (every sample report was, and the README's first run ended on a warning)
    shutil.copy(RAW / "000_183e9267aebdd3be.txt", tmp_path)
    out = tmp_path / "data"
    result = CliRunner().invoke(cli, ["run", str(tmp_path), "--out", str(out), "--workers", "1", "--no-tag"])
    assert result.exit_code == 0, result.output
    assert "W140  1 document has no council or period: lineage cannot place it in a series; list it:" in result.output
    assert not any(w.startswith("W140") for d in _documents(out).values() for w in d["warnings"])
    meta = tmp_path / "meta.csv"
    meta.write_text("path,council,period\n003_8ba6588832b7b595.txt,Maidstone Council,\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(tmp_path), "--out", str(out), "--workers", "1", "--no-tag",
                                      "--metadata", str(meta), "--force"])
    assert result.exit_code == 0, result.output
    assert "W140" not in result.output
