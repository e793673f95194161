"""The README's commands stay valid: every `council-extract` line parses against the CLI as it is now.

Running them all is what a fresh clone does (the lead's check); this catches a renamed command or
option cheaply, and that every line calls the venv's tools, so it works pasted into a new shell.
"""

from __future__ import annotations

import re
import shlex
import warnings

import click
import pytest
from conftest import REPO

from pipeline.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")
BASH_LINES = [
    line.strip() for block in re.findall(r"```bash\n(.*?)```", README, re.DOTALL) for line in block.splitlines()
    if line.strip()
]
CLI_LINES = [line for line in BASH_LINES if "council-extract " in line]


def test_every_shell_line_uses_the_venv_or_creates_it() -> None:
    assert len(CLI_LINES) >= 12
    for line in BASH_LINES:
        assert line.startswith((".venv/bin/", "python3 -m venv .venv")), line


@pytest.mark.parametrize("line", CLI_LINES, ids=range(len(CLI_LINES)))
def test_readme_command_parses(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # paths are relative to the clone, as pasted
    words = shlex.split(line.split("&&")[-1], comments=True)
    assert words[0] == ".venv/bin/council-extract"
    try:
        with cli.make_context("council-extract", words[1:]) as ctx, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # protected_args: click 8 keeps the command name there
            name, command, rest = cli.resolve_command(ctx, [*ctx.protected_args, *ctx.args])
            assert command is not None, name
            command.make_context(name, rest, parent=ctx)
    except click.exceptions.Exit as e:  # -V, --help
        assert e.exit_code == 0


def test_ci_runs_exactly_the_readme_test_command_then_the_slow_tests() -> None:
    """The README's second command (the lean default) is what CI runs, followed by the slow tests; a
    slow run that collects nothing (pytest exit 5) does not fail CI."""
    test_command = BASH_LINES[1]
    assert test_command == '.venv/bin/python -m pytest -q -m "not slow"'
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
    slow = ci.index(".venv/bin/python -m pytest -q -m slow || status=$?")
    assert ci.index(test_command) < slow
    assert any('"$status" -ne 5' in line for line in ci[slow:])


def test_the_readme_says_the_tests_need_nothing_beside_the_clone() -> None:
    assert "`../shared/` beside the clone for the tests" not in README
    assert "Everything the tests read is in the repository." in README
    assert "tests/sync_shared.py" in README and "../shared/corpus/public" in README
