"""A numbered heading right above a table ("1. Flood risk and drainage", "2.3 Parks", "(a) Housing",
"iv) Waste") is that table's section, written without its number as gold does (gold/layouts
cell-per-line-unlabelled-columns: "1. Fair Access to Services" is section "Fair Access to Services"); the
first such heading is never taken as the report's title (issue 20: a Word plan's first table lost its
section to the title).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run import run_document

TABLE = ("<table><tr><th>Action</th><th>Lead</th><th>Due</th></tr>"
         "<tr><td>{action}</td><td>Policy Team</td><td>March 2026</td></tr></table>")


@pytest.mark.parametrize("enumerator", ["1.", "2.3", "(a)", "iv)"])
def test_a_numbered_heading_above_a_table_is_its_section(tmp_path: Path, enumerator: str) -> None:
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><head><title>Climate Plan</title></head><body>"
        f"<h2>{enumerator} Flood risk and drainage</h2>{TABLE.format(action='Map every culvert')}"
        f"<h2>{enumerator} Green spaces</h2>{TABLE.format(action='Plant 500 street trees')}"
        "</body></html>", encoding="utf-8")
    result = run_document(page, tag=False)
    assert [(r.section, r.action) for r in result.records] == [
        ("Flood risk and drainage", "Map every culvert"), ("Green spaces", "Plant 500 street trees")]
    assert result.document.title == "Climate Plan"


def test_a_lower_case_line_after_a_number_is_no_caption(tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><p>2. see the table below</p>"
        f"{TABLE.format(action='Map every culvert')}</body></html>", encoding="utf-8")
    assert [r.section for r in run_document(page, tag=False).records] == [None]
