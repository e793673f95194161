"""Write tests/data/pdf/ruled-kpi-ref-column-in-no-source.pdf (tests/test_ref_column_in_no_source.py).

An invented quarterly KPI report drawn with the tools of tests/data/make_pdf.py: a ruled grid whose first
column is a Ref (KPI 01 ... KPI 06), then Measure | Target | Actual | RAG (word and fill) | Commentary.
The Ref cells were in no field, no source and not in ``dropped`` (issue 18).  Deterministic (invariant=1):

    .venv/bin/python tests/data/pdf/make_ref_column.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from make_pdf import WIDTH, CellSpec, DocSpec, Para, TableSpec, doc_to_pdf  # noqa: E402

OUT = Path(__file__).resolve().parent / "ruled-kpi-ref-column-in-no-source.pdf"
ROWS = [
    ("KPI 01", "Percentage of household waste sent for reuse, recycling and composting", "48%", "45.2%", "AMBER",
     "Garden waste collections were suspended for three weeks in August."),
    ("KPI 02", "Average days to process new housing benefit claims", "20", "17.5", "GREEN",
     "The new online form has cut processing time."),
    ("KPI 03", "Number of affordable homes completed", "150", "92", "RED",
     "Two schemes were delayed by a contractor entering administration."),
    ("KPI 04", "Percentage of major planning applications decided in time", "90%", "94%", "GREEN",
     "All major applications met the agreed deadline."),
    ("KPI 05", "Number of missed bin collections per 100,000", "60", "71", "AMBER",
     "Vehicle breakdowns in September raised the figure."),
    ("KPI 06", "Percentage of invoices paid within 30 days", "95%", "96.1%", "GREEN",
     "Performance remains above target."),
]


def main() -> None:
    body = [[CellSpec([Para(t)]) for t in r[:4]] + [CellSpec([Para(r[4])], fill=r[4]), CellSpec([Para(r[5])])]
            for r in ROWS]
    table = TableSpec([50, 230, 60, 60, 60, WIDTH - 460], ["Ref", "Measure", "Target", "Actual", "RAG", "Commentary"],
                      body)
    title = "Quarter 1 Performance Report 2026/27"
    doc_to_pdf(DocSpec(title, [("title", title), ("heading", "Corporate Performance Indicators"), table]), OUT,
               ruled=True)


if __name__ == "__main__":
    main()
