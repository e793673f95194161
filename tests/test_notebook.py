"""notebooks/analysis.ipynb runs top to bottom (nbclient) on a dataset built from data/raw.

Each analysis cell prints its key numbers as JSON; they are checked against the same numbers
computed here straight from the Parquet tables, so a notebook that runs but shows wrong numbers fails.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import RAW, REPO
from pipeline.batch import run_batch
from pipeline.store import read_table

NOTEBOOK = REPO / "notebooks" / "analysis.ipynb"
AS_OF = dt.date(2024, 9, 30)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> tuple[nbformat.NotebookNode, Path]:
    out = tmp_path_factory.mktemp("nb") / "processed"
    summary = run_batch([RAW], out, workers=2)
    assert summary.ok == 5
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COUNCIL_EXTRACT_DATA", str(out))
        mp.setenv("COUNCIL_EXTRACT_AS_OF", AS_OF.isoformat())
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb, out


def printed(nb: nbformat.NotebookNode, tag: str) -> dict:
    """The JSON line a tagged cell prints."""
    cell = next(c for c in nb.cells if tag in c.metadata.get("tags", ()))
    text = "".join(o["text"] for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
    return json.loads(text.strip().splitlines()[-1])


def test_the_notebook_runs_without_errors_and_draws_three_plots(executed) -> None:
    nb, _ = executed
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3


def test_the_parameter_cell_is_tagged_for_papermill() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.metadata["tags"] == ["parameters"]
    assert "COUNCIL_EXTRACT_DATA" in first_code.source
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")  # committed without outputs


def test_overview_matches_the_tables(executed) -> None:
    nb, out = executed
    documents = read_table(out, "documents").to_pylist()
    assert printed(nb, "overview") == {
        "documents": 5,
        "failed": 0,
        "pages": sum(d["pages"] for d in documents),
        "records": 105,
        "entities": read_table(out, "entities").num_rows,
    }


def test_status_and_overdue_numbers_match_the_records(executed) -> None:
    nb, out = executed
    records = read_table(out, "records").to_pylist()
    assert printed(nb, "status") == {
        "sections": len({r["section"] for r in records}),
        "rated": sum(r["status"] is not None for r in records),
    }
    overdue = [
        r for r in records
        if r["due_date"] is not None and r["due_date"] < AS_OF and r["status"] != "GREEN" and r["responsible"]
    ]
    overdue_ids = {r["record_id"] for r in overdue}
    canonical = {
        e["canonical"] or e["text"] for e in read_table(out, "entities").to_pylist()
        if e["field"] == "responsible" and e["label"] == "SERVICE" and e["record_id"] in overdue_ids
    }
    assert printed(nb, "overdue") == {"overdue_records": len(overdue), "services": len(canonical)}
    # Canonical names merge spellings: fewer services than names as written.
    assert len(canonical) < len({s for r in overdue for s in r["responsible"]})
    assert len(overdue) > 0


def test_metrics_match_the_entities(executed) -> None:
    nb, out = executed
    metrics = [e for e in read_table(out, "entities").to_pylist() if e["label"] == "METRIC"]
    assert printed(nb, "metrics") == {
        "metrics": len(metrics),
        "with_direction": sum(e["direction"] is not None for e in metrics),
    }
    # The seed 000 KPI table: "56% (down 11% since 2013)" is read as a percentage that went down.
    assert any(e["number"] == 56.0 and e["unit"] == "%" and e["direction"] == "down" for e in metrics)
