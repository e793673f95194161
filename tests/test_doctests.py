"""The docstring examples of the pipeline and text modules run (they document behaviour, so they must stay true)."""

from __future__ import annotations

import doctest
import importlib

import pytest
from conftest import REPO

MODULES = [
    "extractors.base", "extractors.text", "pipeline.reading.model", "pipeline.reading.shared", "pipeline.reading.loop",
    "pipeline.reading.readers.context", "pipeline.reading.readers.tables", "pipeline.reading.readers.paragraph_tables",
    "pipeline.reading.readers.line_tables", "pipeline.reading.readers.items", "pipeline.reading.readers.column_groups",
    "pipeline.reading.readers.items.lines", "pipeline.reading.readers.items.drafts", "pipeline.reading.readers.items.runs",
    "pipeline.reading.readers.items.headings",
    "pipeline.reading.columns", "pipeline.reading.evidence", "pipeline.records", "pipeline.evaluate", "pipeline.dates",
    "pipeline.services", "pipeline.batch", "pipeline.docmeta", "schemas.records",
    "pipeline.export", "pipeline.codes", "pipeline.run", "pipeline.review", "extractors.render",
    "extractors.text_tables", "extractors.text_columns", "extractors.para_lines", "extractors.html_flow",
    "extractors.html_furniture", "extractors.html_tables",
    "pipeline.intake", "extractors.entities",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # examples name files relative to the repository, as the README does
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
    assert result.attempted >= 1, f"{name} has no docstring examples"
