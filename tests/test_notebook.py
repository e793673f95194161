"""notebooks/analysis.ipynb runs top to bottom (nbclient) on a dataset built from data/raw.

Each analysis cell prints its key numbers as JSON; they are checked against the same numbers
computed here straight from the Parquet tables, so a notebook that runs but shows wrong numbers fails.
The notebook needs the `notebook` extra (ipykernel, matplotlib): `pip install -e '.[dev]'`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="needs the test extra: pip install -e '.[dev]'")
nbclient = pytest.importorskip("nbclient", reason="needs the test extra: pip install -e '.[dev]'")
pytest.importorskip("ipykernel", reason="needs the notebook extra: pip install -e '.[dev]'")
pytest.importorskip("matplotlib", reason="needs the notebook extra: pip install -e '.[dev]'")

from conftest import RAW, REPO

from pipeline.batch import run_batch
from pipeline.store import read_table

NOTEBOOK = REPO / "notebooks" / "analysis.ipynb"


def execute(out: Path, as_of: str | None = None):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COUNCIL_EXTRACT_DATA", str(out))
        if as_of:
            mp.setenv("COUNCIL_EXTRACT_AS_OF", as_of)
        else:
            mp.delenv("COUNCIL_EXTRACT_AS_OF", raising=False)
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> tuple:
    out = tmp_path_factory.mktemp("nb") / "processed"
    summary = run_batch([RAW], out, workers=2)
    assert summary.ok == 5
    return execute(out), out


def printed(nb: nbformat.NotebookNode, tag: str) -> dict:
    """The JSON line a tagged cell prints."""
    cell = next(c for c in nb.cells if tag in c.metadata.get("tags", ()))
    text = "".join(o["text"] for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
    return json.loads(text.strip().splitlines()[-1])


def test_the_notebook_runs_without_errors_and_draws_four_plots(executed) -> None:
    nb, _ = executed
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 4


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


def test_status_panels_are_one_per_report_with_their_own_sections(executed) -> None:
    nb, out = executed
    records = read_table(out, "records").to_pylist()
    documents = {d["doc_id"]: d for d in read_table(out, "documents").to_pylist()}
    expected = {}
    for doc_id, doc in documents.items():
        # the label: title (else file name) and period, as written
        label = (doc["title"] or doc["source_file"]) + (f" ({doc['period']})" if doc["period"] else "")
        expected[label] = len({r["section"] for r in records if r["doc_id"] == doc_id})
    assert printed(nb, "status") == {
        "panels": expected,
        "rated": sum(r["status"] is not None for r in records),
    }
    # Seeds 000, 001, 002 and 004 all have a "Community Leader" section: four panels show it, none merges them.
    assert sum(n for n in expected.values()) == 16 and len(expected) == 5


def _overdue(records: list[dict], as_of: dict[str, dt.datetime]) -> list[dict]:
    return [r for r in records
            if r["due_date"] is not None and r["due_date"] < as_of[r["doc_id"]] and r["status"] != "GREEN"]


def test_overdue_is_judged_at_each_reports_own_date(executed) -> None:
    nb, out = executed
    records = read_table(out, "records").to_pylist()
    documents = read_table(out, "documents").to_pylist()
    newest = max(d["period_end"] for d in documents if d["period_end"])
    as_of = {d["doc_id"]: d["period_end"] or newest for d in documents}
    overdue = _overdue(records, as_of)
    result = printed(nb, "overdue")
    assert result == {
        "as_of": {d["source_file"]: as_of[d["doc_id"]].date().isoformat() for d in documents},
        "overdue_records": len(overdue),
        "services": len({s for r in overdue for s in r["services"]}),
    }
    # The as-of dates come from the reports: 2023-24 ends 31 March 2024, October – March 2013/14 on
    # 31 March 2014; seed 002 states no period and its deadlines span September 2017 - September 2018.
    assert result["as_of"]["004_59fe58fd6413823e.txt"] == "2024-03-31"
    assert result["as_of"]["003_8ba6588832b7b595.txt"] == "2014-03-31"
    assert result["as_of"]["002_be210f0cadcd6921.txt"] == "2018-09-30"
    # Seed 004's deadlines fall on or after its own date (none overdue then); judged at the end of its own
    # deadlines, seed 002 has 9 actions past due (its two September 2018 ones are due that day, not before).
    assert {r["source_file"][:3] for r in overdue} == {"002"} and len(overdue) == 9
    # Canonical names merge spellings: fewer services than names as written.
    assert result["services"] < len({s for r in overdue for s in r["responsible"]})


def test_an_as_of_date_parameter_judges_every_report_at_that_date(tmp_path) -> None:
    out = tmp_path / "processed"
    assert run_batch([RAW / "004_59fe58fd6413823e.txt"], out, workers=1, tag=False).ok == 1
    nb = execute(out, as_of="2024-09-30")
    records = read_table(out, "records").to_pylist()
    overdue = _overdue(records, {r["doc_id"]: dt.datetime(2024, 9, 30) for r in records})
    assert printed(nb, "overdue")["overdue_records"] == len(overdue) == 5


def test_metrics_match_the_entities(executed) -> None:
    nb, out = executed
    metrics = [e for e in read_table(out, "entities").to_pylist() if e["label"] == "METRIC"]
    assert printed(nb, "metrics") == {
        "metrics": len(metrics),
        "with_direction": sum(e["direction"] is not None for e in metrics),
    }
    # The seed 000 KPI table: "56% (down 11% since 2013)" is read as a percentage that went down.
    assert any(e["number"] == 56.0 and e["unit"] == "%" and e["direction"] == "down" for e in metrics)


def test_the_lineage_section_follows_maidstone_across_its_four_reports(executed) -> None:
    from pipeline.lineage import dropped_without_completion, read_lineage

    nb, out = executed
    rows = read_lineage(out)
    result = printed(nb, "lineage")
    assert result["council"] == "Maidstone Borough Council" and result["reports"] == 4
    expected: dict[str, dict[str, int]] = {}
    for r in rows:
        expected.setdefault(r["period"], {}).setdefault(r["change"], 0)
        expected[r["period"]][r["change"]] += 1
    assert result["per_report"] == expected
    assert result["per_report"]["to Mar 2016"] == {"new": 24}   # the first report (seed 000): all new
    assert printed(nb, "dropped") == {"dropped_without_completion": len(dropped_without_completion(rows))}
