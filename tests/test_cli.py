"""The council-extract command through click's CliRunner: exit codes and exact messages.

Inputs are the five seed reports in data/raw (gold: 105 records = 74 action, 28 project, 3 measure)
plus an empty and a binary file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GOLD_SEEDS as GOLD
from conftest import RAW

from pipeline.cli import cli
from schemas import SCHEMA_VERSION

COMMANDS = sorted(cli.commands)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def dataset(runner: CliRunner, tmp_path: Path) -> Path:
    out = tmp_path / "seeds"
    result = runner.invoke(cli, ["run", str(RAW), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    return out


def test_the_commands_are_the_documented_ones() -> None:
    assert COMMANDS == ["codes", "eval", "export", "lineage", "query", "review", "run", "schema", "show", "track"]


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "council-extract " in result.output  # every docstring shows a runnable example
    assert "Usage: " in result.output


def test_run_help_documents_the_exit_status(runner: CliRunner) -> None:
    text = runner.invoke(cli, ["run", "--help"]).output
    assert "0 when the run completed, even if some files failed" in text
    assert "1 with --strict if any file failed" in text
    for option in ("--out", "--workers", "--scheduler", "--dask-local", "--force", "--strict"):
        assert option in text


def test_run_reports_failures_and_exits_0_unless_strict(runner: CliRunner, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["run", str(inputs), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"7 files: 5 ok, 2 failed, 0 skipped (unchanged), 105 records -> {out}"
    assert "dataset: 7 documents, 105 records" in lines
    # Failures grouped by code, one example each, and where the codes are explained.
    assert "2 failed, by error code (`council-extract codes` explains every error and warning code):" in lines
    assert f"  E105  1 file, e.g. {inputs / 'empty.txt'}: the file is empty (0 bytes); nothing to extract" in lines
    assert any(line.startswith(f"  E101  1 file, e.g. {inputs / 'scan.bin'}: not PDF, XLSX, ODS, DOCX, HTML or text")
               for line in lines)

    # The second run runs nothing: its headline counts what ran (nothing failed this time; the two earlier
    # failures are skipped, and said so), and its failure list still names the stored failures.
    again = runner.invoke(cli, ["run", str(inputs), "--out", str(out), "--strict"])
    assert again.exit_code == 1
    again_lines = again.output.splitlines()
    assert again_lines[0] == f"7 files: 0 ok, 0 failed, 7 skipped (unchanged, 2 of them failed before), 0 records -> {out}"
    assert "2 failed, by error code (`council-extract codes` explains every error and warning code):" in again_lines
    assert f"  E105  1 file (1 unchanged since an earlier run), e.g. {inputs / 'empty.txt'}: " \
           "the file is empty (0 bytes); nothing to extract" in again_lines
    assert "re-run them with --retry-failed" in again.output

    (inputs / "empty.txt").unlink()
    (inputs / "scan.bin").unlink()
    clean = runner.invoke(cli, ["run", str(inputs), "--out", str(out), "--strict"])
    assert clean.exit_code == 0
    assert "2 documents removed: their source file changed or was deleted" in clean.output
    assert "dataset: 5 documents, 105 records" in clean.output


def test_an_empty_input_folder_says_there_is_nothing_to_run(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("# not a report\n")
    result = runner.invoke(cli, ["run", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        f"nothing to run: no report files found in {empty}",
        "1 data/code file in the folders passed over (.json, .md, .py, ...); name a file explicitly to run it anyway",
    ]
    strict = runner.invoke(cli, ["run", str(empty), "--out", str(tmp_path / "out"), "--strict"])
    assert strict.exit_code == 1


def test_run_help_names_the_limits_and_their_defaults(runner: CliRunner) -> None:
    from extractors import Settings

    text = " ".join(runner.invoke(cli, ["run", "--help"]).output.split())
    defaults = Settings()
    for option, value in (("--max-seconds", defaults.max_seconds), ("--max-memory-mb", defaults.max_memory_mb),
                          ("--max-pages", defaults.max_pages), ("--max-file-mb", defaults.max_file_mb)):
        assert option in text
        after = text[text.rindex(option):]   # the options come after the description
        assert f"[default: {value:g}]" in after[:400], option
    assert "--retry-failed" in text


def test_run_refuses_two_backends_and_missing_inputs(runner: CliRunner, tmp_path: Path) -> None:
    both = runner.invoke(cli, ["run", str(RAW), "--out", str(tmp_path), "--dask-local", "--scheduler", "tcp://x:1"])
    assert both.exit_code == 2
    assert "use either --scheduler ADDRESS or --dask-local, not both" in both.output
    missing = runner.invoke(cli, ["run", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2
    assert "does not exist" in missing.output


def test_query_runs_sql_over_the_views(runner: CliRunner, dataset: Path) -> None:
    result = runner.invoke(cli, ["query", "select kind, count(*) n from records group by kind order by kind",
                                 "--data", str(dataset), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output == "kind,n\naction,74\nmeasure,3\nproject,28\n"
    joined = runner.invoke(cli, ["query", "select count(*) as n from records r join documents d using (doc_id) "
                                 "where d.source_file = '002_be210f0cadcd6921.txt'", "-d", str(dataset), "-f", "json"])
    assert json.loads(joined.output) == [{"n": 11}]
    entities = runner.invoke(cli, ["query", "select count(distinct label) n from entities", "-d", str(dataset),
                                   "-f", "csv"])
    assert entities.output == "n\n4\n"


def test_query_errors_say_what_to_do(runner: CliRunner, dataset: Path, tmp_path: Path) -> None:
    bad = runner.invoke(cli, ["query", "select nonsense from records", "-d", str(dataset)])
    assert bad.exit_code == 1
    assert "nonsense" in bad.output
    assert "`council-extract schema TABLE` lists their columns" in bad.output
    none = runner.invoke(cli, ["query", "select 1", "-d", str(tmp_path / "empty")])
    assert none.exit_code == 1
    assert f"Error: {tmp_path / 'empty'}: no council-extract dataset here (no documents/ folder); " \
           f"create it with `council-extract run INPUT --out {tmp_path / 'empty'}`" in none.output


def test_show_summarises_the_dataset(runner: CliRunner, dataset: Path) -> None:
    result = runner.invoke(cli, ["show", "--data", str(dataset)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{dataset}: 5 documents (0 failed), ")
    assert lines[1:4] == ["  74 action records", "  3 measure records", "  28 project records"]
    # What was repaired or set aside, for the analyst to check (seed 000's scan debris, 004's struck text).
    assert "  flagged merged_continuation_row: 51 records" in lines
    assert "  flagged duplicate_text_dropped: 1 record" in lines
    assert "  flagged struck_text_dropped: 1 record" in lines
    assert "  warning W103: 3 (see documents.warnings)" in lines


def test_schema_lists_every_column(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema", "records"])
    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        f"schema version {SCHEMA_VERSION}", "records/", "  record_id          string not null",
    ]
    assert "  due_date           timestamp[ms]" in result.output
    assert "documents/" not in result.output


def test_eval_scores_against_gold_and_enforces_thresholds(runner: CliRunner, dataset: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    result = runner.invoke(cli, ["eval", "--gold", str(GOLD), "--records", str(dataset), "--json", str(report_path),
                                 "--min-f1", "0.95"])
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text())
    assert report["record_f1"] == 1.0
    assert report["field_score"] >= 0.99

    partial = tmp_path / "partial"
    two = [str(RAW / "000_183e9267aebdd3be.txt"), str(RAW / "002_be210f0cadcd6921.txt")]
    assert runner.invoke(cli, ["run", *two, "--out", str(partial)]).exit_code == 0
    low = runner.invoke(cli, ["eval", "--gold", str(GOLD), "--records", str(partial / "records"), "--min-f1", "0.9"])
    assert low.exit_code == 1
    assert "below threshold: record F1 0.500 (min 0.9)" in low.output


# --- issue 11: eval with gold for other files, the per-page character limit -------------------------------------


def test_eval_warns_when_no_gold_file_names_a_document_of_the_dataset(runner: CliRunner, dataset: Path) -> None:
    layouts_gold = GOLD.parent / "layouts"   # gold for the layout documents, none of which is in the seed dataset
    result = runner.invoke(cli, ["eval", "--gold", str(layouts_gold), "--records", str(dataset)])
    assert result.exit_code == 1, result.output   # nothing was scored: not a pass (issue 20)
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1
    assert f"no gold document in {layouts_gold} matches a document in the dataset {dataset}" in warning[0]
    assert "5 documents, e.g. 000_183e9267aebdd3be.txt" in warning[0]
    matching = runner.invoke(cli, ["eval", "--gold", str(GOLD), "--records", str(dataset)])
    assert matching.exit_code == 0 and "warning" not in matching.stderr


def test_run_max_chars_per_page_reaches_the_pdf_settings(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:
    import pipeline.batch
    from extractors.pdf.settings import pdf_settings_of

    seen = []

    def fake_run_batch(inputs, out, **kwargs):
        seen.append(kwargs["settings"])
        raise KeyboardInterrupt   # stop here: only the settings are under test

    monkeypatch.setattr(pipeline.batch, "run_batch", fake_run_batch)
    result = runner.invoke(cli, ["run", str(RAW), "--out", str(tmp_path / "o"), "--max-chars-per-page", "1000",
                                 "--max-pages", "7"])
    assert result.exit_code == 130
    assert pdf_settings_of(seen[0]).max_chars_per_page == 1000 and seen[0].max_pages == 7
    assert "--max-chars-per-page" in runner.invoke(cli, ["codes", "E106"]).output
    assert "--max-pages" in runner.invoke(cli, ["codes", "E106"]).output


def test_quiet_run_prints_only_failures(tmp_path: Path) -> None:
    """`-q run` printed the whole summary (headline, throughput, totals) like a plain run."""
    good = tmp_path / "in" / "plan.txt"
    good.parent.mkdir()
    good.write_text((RAW / "002_be210f0cadcd6921.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-q", "run", str(good.parent), "--out", str(tmp_path / "out"), "--workers", "1",
                                      "--no-progress"])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    (good.parent / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["-q", "run", str(good.parent), "--out", str(tmp_path / "out"), "--workers", "1",
                                      "--no-progress"])
    assert result.output.splitlines()[0].startswith("1 failed, by error code")
    assert "E105" in result.output and "ran " not in result.output
