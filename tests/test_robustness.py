"""The text path never raises on odd input: it returns a Layout and records, or a coded error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.text import text_to_layout
from pipeline.reading.loop import layout_to_rows
from pipeline.records import rows_to_records

FRAGMENTS = st.sampled_from([
    "\t", "\n", "\n\n", "<p>", "</p>", "<ul>", "<li>", "</li>", "</ul>", "<b>", "</b>", "<del>", "</del>", "&amp;",
    "•", "○", "·", "**", "#### ", "- ", "Action", "Progress", "Responsible Service", "Timescale", "Agreed Actions",
    "Issues & Next steps", "As a Community Leader - We will", "Objective", "GREEN", "AMBER", "N/A",
    "Asset workstream", "March 2024", "Ongoing", "31/3/24", "we will", "the", "Policy, Communities and Engagement",
    "Appendix 1 Update", "--\t--", "Measurement", "Current Performance", "Connections to other plans",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=80))
def test_text_pipeline_never_raises(parts):
    layout = text_to_layout("".join(parts), Path("fuzz.txt"))
    doc = layout_to_rows(layout)
    records = rows_to_records(doc, doc_id="f", source_file="fuzz.txt")
    for r in records:
        assert r.action
        assert r.page_start <= r.page_end


@pytest.mark.slow  # hypothesis over every seed's shuffled lines
def test_seed_shuffled_lines_never_raise(seeds_dir: Path):
    """Every seed with its lines reversed: nonsense order, real content; no exception, records still sane."""
    for p in sorted(seeds_dir.glob("*.txt")):
        lines = p.read_text(encoding="utf-8").split("\n")[::-1]
        doc = layout_to_rows(text_to_layout("\n".join(lines), p))
        for r in rows_to_records(doc, doc_id="x", source_file=p.name):
            assert r.action.strip()
