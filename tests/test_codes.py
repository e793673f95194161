"""The code registry (`council-extract codes`, docs/codes.md) and the CLI's global flags and error messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from pipeline import PIPELINE_VERSION
from pipeline.cli import cli
from pipeline.codes import CODES, code_of, codes_markdown

# A code as the source writes one: "E105", W103 = "W103 ...", code = "E101".
CODE_IN_SOURCE = re.compile(r"""["'(= ]([EW]\d{3})\b""")


def source_codes() -> set[str]:
    found: set[str] = set()
    for folder in ("extractors", "pipeline"):
        for path in (REPO / folder).rglob("*.py"):
            found |= set(CODE_IN_SOURCE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_source_writes_is_registered() -> None:
    written = source_codes()
    assert {"E101", "E105", "E110", "E900", "W103", "W111"} <= written  # the scan finds codes
    assert written - set(CODES) == set(), "add these codes to extractors/base.py or pipeline/codes.py"


def test_every_registered_code_means_something_and_says_what_to_do() -> None:
    assert len(CODES) == 43  # + intake (E111-E113, W121, W122), the account (W130-W133), lineage (W140), workbooks and OCR (W150-W155)
    for code in CODES.values():
        assert re.fullmatch(r"[EW]\d{3}", code.code)
        assert code.meaning.endswith(".") and code.action.endswith(".")
    assert code_of("W105 text decoded as windows-1252 (not UTF-8); check accented characters") == "W105"
    assert code_of("no code here") is None


def test_docs_codes_md_is_written_from_the_registry() -> None:
    assert (REPO / "docs" / "codes.md").read_text(encoding="utf-8") == codes_markdown(), (
        "regenerate it: council-extract codes --markdown > docs/codes.md")


def test_codes_command_lists_every_code_and_explains_one() -> None:
    runner = CliRunner()
    everything = runner.invoke(cli, ["codes"])
    assert everything.exit_code == 0
    assert [line.split()[0] for line in everything.output.splitlines() if not line.startswith(" ")] == list(CODES)
    one = runner.invoke(cli, ["codes", "e104"])
    assert one.output == (
        "E104  A scanned PDF whose pages could not be read by OCR: Tesseract is not installed, or --ocr never "
        "was given.\n"
        "      what to do: Install Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng) and "
        "run again with --ocr auto (the default).\n"
    )
    unknown = runner.invoke(cli, ["codes", "E999"])
    assert unknown.exit_code == 1
    assert "Error: no code 'E999'; `council-extract codes` lists them all" in unknown.output


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = CliRunner().invoke(cli, [flag])
    assert result.exit_code == 0
    assert result.output == f"council-extract, version {PIPELINE_VERSION}\n"


def test_quiet_and_verbose_exclude_each_other() -> None:
    result = CliRunner().invoke(cli, ["-q", "-v", "codes"])
    assert result.exit_code == 2
    assert "use either -q or -v, not both" in result.output


def test_eval_on_an_empty_gold_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "data" / "documents").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "gold"), "--records", str(tmp_path / "data")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'gold'}: no *.json gold files here (format: tests/shared/gold/SPEC.md)\n"


def test_eval_on_a_gold_file_that_is_not_json_names_it(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "000.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "data" / "documents").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "gold"), "--records", str(tmp_path / "data")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'gold'}: ")
    assert "Traceback" not in result.output


def test_an_unexpected_error_is_one_clear_line_and_its_traceback_comes_with_v(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "records" / "ab").mkdir(parents=True)
    (data / "documents").mkdir()
    (data / "records" / "ab" / "abcdef0123456789.parquet").write_bytes(b"PAR1 not really parquet")
    result = CliRunner().invoke(cli, ["export", "--data", str(data), "--to", "csv", "--out", str(tmp_path / "r.csv")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "run again with -v to see where it happened" in result.output
    assert result.exception is not None and isinstance(result.exception, SystemExit)
    verbose = CliRunner().invoke(cli, ["-v", "export", "--data", str(data), "--to", "csv", "--out", str(tmp_path / "r.csv")])
    assert verbose.exit_code == 1 and not isinstance(verbose.exception, SystemExit)  # the real exception
