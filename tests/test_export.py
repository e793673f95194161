"""`council-extract export` and `query -f`: every format read back (pandas, openpyxl) with lists and dates intact.

The dataset is the five seed reports of data/raw (105 records; 62 with a list of several items, 19 of
them several responsible services or deadlines; 21 with a due_date), so lists and dates are exercised.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import RAW

from pipeline.cli import OVERDUE_EXAMPLE, cli
from pipeline.export import LIST_SEPARATOR
from pipeline.store import read_table

LIST_COLUMNS = ("progress", "issues", "measures", "responsible", "services", "due", "flags")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "seeds"
    result = CliRunner().invoke(cli, ["run", str(RAW), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def records(dataset: Path) -> list[dict]:
    """The records as the Parquet files hold them (lists as lists, due_date as a midnight datetime)."""
    return read_table(dataset, "records").to_pylist()


def export(dataset: Path, tmp_path: Path, fmt: str, table: str = "records") -> Path:
    out = tmp_path / f"{table}.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--data", str(dataset), "--to", fmt, "--table", table, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{len(read_table(dataset, table))} rows of {table} -> {out}\n"
    return out


def _due_dates(records: list[dict]) -> list[dt.date | None]:
    return [r["due_date"].date() if r["due_date"] else None for r in records]


def _as_dates(values) -> list[dt.date | None]:
    return [None if pd.isna(v) else pd.Timestamp(v).date() for v in values]


def test_the_sample_has_lists_of_several_items_and_dates(records: list[dict]) -> None:
    assert len(records) == 105
    assert sum(any(len(r[c]) > 1 for c in LIST_COLUMNS) for r in records) == 62
    assert sum(len(r["responsible"]) > 1 or len(r["due"]) > 1 for r in records) == 19
    assert sum(r["due_date"] is not None for r in records) == 21


def test_csv_joins_list_items_with_the_documented_separator_and_writes_iso_dates(dataset, records, tmp_path) -> None:
    path = export(dataset, tmp_path, "csv")
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    assert list(frame.columns) == list(records[0])
    assert not any(LIST_SEPARATOR in item for r in records for c in LIST_COLUMNS for item in r[c])
    for column in LIST_COLUMNS:
        back = [v.split(LIST_SEPARATOR) if v else [] for v in frame[column]]
        assert back == [r[column] for r in records], column
    assert frame["responsible"][1] == "Housing | Revenues and Benefits | Policy, Communities and Engagement"
    assert all(v == "" or re.fullmatch(r"\d{4}-\d\d-\d\d", v) for v in frame["due_date"])
    assert _as_dates(pd.read_csv(path, parse_dates=["due_date"])["due_date"]) == _due_dates(records)


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_keeps_lists_as_arrays_and_dates_as_iso_dates(dataset, records, tmp_path, fmt) -> None:
    path = export(dataset, tmp_path, fmt)
    frame = pd.read_json(path, lines=fmt == "ndjson", dtype=False)
    assert len(frame) == 105
    frame["due_date"] = pd.to_datetime(frame["due_date"], format="%Y-%m-%d")
    for column in LIST_COLUMNS:
        assert [list(v) for v in frame[column]] == [r[column] for r in records], column
    assert _as_dates(frame["due_date"]) == _due_dates(records)
    raw = path.read_text(encoding="utf-8")
    assert '"due_date": "2024-06-30"' in raw and "T00:00" not in raw.split('"due_date"')[1][:20]
    assert '"status": null' in raw and "NaN" not in raw


def test_excel_has_one_item_per_line_and_real_date_cells(dataset, records, tmp_path) -> None:
    path = export(dataset, tmp_path, "xlsx")
    sheet = openpyxl.load_workbook(path)["records"]
    header = [c.value for c in sheet[1]]
    assert header == list(records[0])
    rows = list(sheet.iter_rows(min_row=2, values_only=False))
    assert len(rows) == 105
    due = header.index("due_date")
    for row, record in zip(rows, records, strict=True):
        for column in LIST_COLUMNS:
            value = row[header.index(column)].value
            assert (value.split("\n") if value else []) == record[column], column
        cell = row[due]
        if record["due_date"] is None:
            assert cell.value is None
        else:
            assert cell.is_date and cell.value == record["due_date"] and cell.number_format == "yyyy-mm-dd"
    wrapped = rows[1][header.index("responsible")]
    assert wrapped.value == "Housing\nRevenues and Benefits\nPolicy, Communities and Engagement"
    assert wrapped.alignment.wrap_text
    frame = pd.read_excel(path)
    assert pd.api.types.is_datetime64_dtype(frame["due_date"])
    assert _as_dates(frame["due_date"]) == _due_dates(records)


def test_documents_export_keeps_period_dates_and_warning_lists(dataset, tmp_path) -> None:
    documents = read_table(dataset, "documents").to_pylist()
    path = export(dataset, tmp_path, "json", table="documents")
    back = {d["source_file"]: d for d in json.loads(path.read_text(encoding="utf-8"))}
    assert back["004_59fe58fd6413823e.txt"]["period_start"] == "2023-04-01"
    assert back["004_59fe58fd6413823e.txt"]["period_end"] == "2024-03-31"
    assert back["003_8ba6588832b7b595.txt"]["period"] == "October – March 2013/14"
    assert {d["source_file"]: d["warnings"] for d in documents} == {k: v["warnings"] for k, v in back.items()}
    # a timestamp with a time zone keeps it
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", back["004_59fe58fd6413823e.txt"]["processed_at"])
    sheet = openpyxl.load_workbook(export(dataset, tmp_path, "xlsx", table="documents"))["documents"]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("source_file")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["004_59fe58fd6413823e.txt"][header.index("period_end")] == dt.datetime(2024, 3, 31)
    # seed 000 is dated by its last progress update: an end, no start (a null date is an empty cell)
    assert rows["000_183e9267aebdd3be.txt"][header.index("period_start")] is None


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_query_output_is_the_export_output(dataset, tmp_path, fmt) -> None:
    exported = export(dataset, tmp_path, fmt).read_text(encoding="utf-8")
    queried = CliRunner().invoke(cli, ["query", "select * from records order by record_id", "--data", str(dataset),
                                       "-f", fmt])
    assert queried.exit_code == 0, queried.output
    assert queried.output == exported


def test_the_overdue_example_in_query_help_returns_the_overdue_sample_records(dataset, records) -> None:
    help_text = CliRunner().invoke(cli, ["query", "--help"]).output
    assert f'council-extract query "{OVERDUE_EXAMPLE}" -f csv' in help_text
    result = CliRunner().invoke(cli, ["query", OVERDUE_EXAMPLE, "--data", str(dataset), "-f", "csv"])
    assert result.exit_code == 0, result.output
    got = pd.read_csv(pd.io.common.StringIO(result.output), keep_default_na=False)
    today = dt.date.today()
    done = {"complete", "cancelled", "superseded"}
    overdue = [r for r in records if r["due_date"] and r["due_date"].date() < today and r["state"] not in done]
    assert sorted(got["action"]) == sorted(r["action"] for r in overdue)
    # every dated sample record: seed 002 (due 2017-2018) and seed 004 (due 2024-2025); none of them states
    # where it stands (no status word, no RAG)
    assert got["source_file"].str[:3].value_counts().to_dict() == {"002": 11, "004": 10}
    assert (got["state"] == "unknown").all()


def test_the_readme_report_date_overdue_example_returns_the_sample_rows(dataset) -> None:
    """README "Overdue": judged at each report's own date, undated reports at today's (issue 20: the example
    compared with period_end alone and returned no row on its own sample)."""
    readme = (RAW.parents[1] / "README.md").read_text(encoding="utf-8")
    sql = " ".join(re.search(r"`(select r\.source_file.*?)`", readme, re.DOTALL).group(1).split())
    assert "coalesce(d.period_end, current_date)" in sql
    result = CliRunner().invoke(cli, ["query", sql, "--data", str(dataset), "-f", "csv"])
    assert result.exit_code == 0, result.output
    got = pd.read_csv(pd.io.common.StringIO(result.output), keep_default_na=False)
    # seed 002 states no period: it is inferred from the span of its deadlines (to 30 September 2018), so the
    # two actions due that day are not yet overdue; seed 004's fall on or after 31 March 2024
    assert got["source_file"].str[:3].value_counts().to_dict() == {"002": 9}
    assert set(got["state"]) == {"unknown"}


def test_export_errors_are_clear(dataset, tmp_path, monkeypatch) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["export", "--data", str(tmp_path / "nothing"), "--to", "csv"])
    assert missing.exit_code == 1
    assert "no council-extract dataset here" in missing.output and "Traceback" not in missing.output
    to_terminal = runner.invoke(cli, ["export", "--data", str(dataset), "--to", "xlsx", "--out", "-"])
    assert to_terminal.exit_code == 1
    assert "an Excel file cannot go to the terminal; name a file with --out FILE.xlsx" in to_terminal.output
    monkeypatch.chdir(tmp_path)
    default = runner.invoke(cli, ["-q", "export", "--data", str(dataset), "--to", "ndjson", "--table", "entities"])
    assert default.exit_code == 0 and default.output == ""  # -q: no note
    assert len((tmp_path / "entities.ndjson").read_text().splitlines()) == len(read_table(dataset, "entities"))
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed into place
    # A file named for one format but asked in another: refused before anything is written (a new user
    # got an Excel file called x.csv).
    mismatch = runner.invoke(cli, ["export", "--data", str(dataset), "--to", "xlsx", "--out", "x.csv"])
    assert mismatch.exit_code == 2
    assert "x.csv is named as csv but --to is xlsx: name the file x.xlsx or give --to csv" in mismatch.output
    assert not (tmp_path / "x.csv").exists()
    # The same for review (it writes HTML) and track --to.
    review = runner.invoke(cli, ["review", "--data", str(dataset), "--out", "rev.csv"])
    assert review.exit_code == 2
    assert "rev.csv is named as csv but review writes html: name the file rev.html" in review.output
    track = runner.invoke(cli, ["track", "--data", str(dataset), "--to", "xlsx", "--out", "t.csv"])
    assert track.exit_code == 2
    assert "t.csv is named as csv but --to is xlsx: name the file t.xlsx or give --to csv" in track.output
    assert not (tmp_path / "rev.csv").exists() and not (tmp_path / "t.csv").exists()


# --- issue 11: struct lists, float32 noise, empty results, a reader that goes away ----------------------------


def _expected_sources(record: dict) -> list[dict]:
    """records.sources as JSON holds them: float32 coordinates at their own digits."""
    return [{k: (None if v is None else round(v, 3)) if k in ("x0", "top", "x1", "bottom") else v for k, v in s.items()}
            for s in record["sources"]]


def test_csv_writes_lists_of_structs_as_json_text(dataset, records, tmp_path) -> None:
    frame = pd.read_csv(export(dataset, tmp_path, "csv"), keep_default_na=False, dtype=str)
    back = [json.loads(v) for v in frame["sources"]]
    assert back == [_expected_sources(r) for r in records]
    assert back[0][0] == {"role": "action", "text": records[0]["sources"][0]["text"], "page": 1, "x0": None,
                          "top": None, "x1": None, "bottom": None, "line_start": records[0]["sources"][0]["line_start"],
                          "line_end": records[0]["sources"][0]["line_end"], "index": None, "struck": []}
    assert not frame["sources"].str.contains("'role'").any()   # no Python dict repr
    documents = pd.read_csv(export(dataset, tmp_path, "csv", table="documents"), keep_default_na=False, dtype=str)
    dropped = {f: json.loads(v) for f, v in zip(documents["source_file"], documents["dropped"], strict=True)}
    assert {f: len(v) for f, v in dropped.items()} == {
        "000_183e9267aebdd3be.txt": 0, "001_bc951520d11eea04.txt": 11, "002_be210f0cadcd6921.txt": 3,
        "003_8ba6588832b7b595.txt": 2, "004_59fe58fd6413823e.txt": 6}
    assert dropped["002_be210f0cadcd6921.txt"][0] == {"kind": "furniture", "text": "Your Councillors", "page": 1, "line": 1}
    assert dropped["004_59fe58fd6413823e.txt"][0] == {
        "kind": "struck", "text": "including a specific work stream on communities.", "page": 4, "line": 43}
    # list-of-string columns keep the documented separator
    assert documents["warnings"].str.contains("W1").any() and not documents["warnings"].str.startswith("[").any()


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson", "xlsx"])
def test_confidence_is_written_without_float32_noise(dataset, records, tmp_path, fmt) -> None:
    """records.confidence is float32: 0.4 is stored as 0.4000000059604645 and must be written as 0.4."""
    path = export(dataset, tmp_path, fmt)
    if fmt == "xlsx":
        frame = pd.read_excel(path)
    elif fmt == "csv":
        frame = pd.read_csv(path, dtype={"confidence": str})
        assert sorted(set(frame["confidence"])) == ["0.4", "1.0"]
    else:
        frame = pd.read_json(path, lines=fmt == "ndjson", dtype=False)
    assert [float(v) for v in frame["confidence"]] == [round(r["confidence"], 3) for r in records]
    assert sum(float(v) == 0.4 for v in frame["confidence"]) == 11
    if fmt != "xlsx":
        assert "0.40000000" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "expected"), [
    ("table", "(no rows)\n"), ("csv", "record_id,action\n"), ("json", "[]\n"), ("ndjson", ""),
])
def test_an_empty_query_result_says_so_in_each_format(dataset, fmt, expected) -> None:
    result = CliRunner().invoke(cli, ["query", "select record_id, action from records where seq < 0",
                                      "--data", str(dataset), "-f", fmt])
    assert result.exit_code == 0, result.output
    assert result.output == expected


@pytest.mark.parametrize(("command", "statuses"), [
    (["export", "--to", "ndjson", "--out", "-"], {141}),
    (["query", "select * from records", "-f", "csv"], {141}),
    # the table is one 2 MB write: Linux ends a write cut short by the reader with a short count, not
    # an error, so Python may never see the closed pipe; either way nothing reaches stderr
    (["query", "select r.* from records r, range(20)"], {0, 141}),
])
def test_a_reader_closing_the_pipe_ends_the_command_quietly(dataset, command, statuses) -> None:
    """`council-extract export --out - | head -1`: the sample's records are ~300 kB, more than a pipe holds,
    so the writer meets the closed pipe; it exits 141 (128 + SIGPIPE) with nothing on stderr."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", *command, "--data", str(dataset)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) in statuses, stderr
    assert first.strip() and stderr == ""


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_gets_the_permissions_of_an_ordinary_new_file(dataset, tmp_path, fmt) -> None:
    """Exports were written 0600 (mkstemp's private mode) while Parquet and review pages follow the umask,
    so colleagues on a shared drive could not open them."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        path = export(dataset, tmp_path, fmt)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
