"""The entities table: one row per tagged mention in a record's text fields (pipeline.nlp).

A mention is located by ``record_id``, ``field`` and ``item`` (the 0-based index inside a list field
such as ``progress``; null for single-text fields such as ``action``) and by character offsets
``start``/``end`` into that text, so ``text == field_text[start:end]``.  Normalised values are typed
columns, filled according to ``label``:

- SERVICE, ORG: ``canonical`` (gazetteer id, e.g. "HR" -> "Human Resources");
- DATE: ``canonical`` (the value's canonical text, e.g. "2025/26", "2025-Q4"), ``date_start``,
  ``date_end`` (first and last day; null for "Ongoing") and ``date_precision``;
- METRIC: ``number``, ``unit`` ("%", "GBP", "FTE" or the counted noun as written, e.g. "responses"),
  ``metric_kind`` (percent | money | fte | count), and where stated ``direction`` (up | down),
  ``change`` (the stated change, in ``unit``) and ``baseline`` (ISO partial date the change is since).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from schemas.records import SCHEMA_VERSION

LABELS = ("SERVICE", "DATE", "METRIC", "ORG")
ENTITY_FIELDS = (
    "objective", "commitment", "action", "detail", "progress", "issues", "measures", "responsible",
    "timescale",
)


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One tagged mention and its normalised value."""

    record_id: str
    doc_id: str
    field: str                    # one of ENTITY_FIELDS
    item: int | None              # index in a list field (progress[2] -> 2); None for text fields
    start: int                    # character offsets into the field text
    end: int
    label: str                    # SERVICE | DATE | METRIC | ORG
    text: str                     # the mention as written
    canonical: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None  # day | month | quarter | season | year | financial_year | range | ongoing
    number: float | None = None
    unit: str | None = None
    metric_kind: str | None = None     # percent | money | fte | count
    direction: str | None = None       # up | down
    change: float | None = None
    baseline: str | None = None        # ISO partial date


ENTITIES_SCHEMA = pa.schema(
    [
        pa.field("record_id", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("field", pa.string(), nullable=False),
        pa.field("item", pa.int32()),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("label", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("canonical", pa.string()),
        pa.field("date_start", pa.date32()),
        pa.field("date_end", pa.date32()),
        pa.field("date_precision", pa.string()),
        pa.field("number", pa.float64()),
        pa.field("unit", pa.string()),
        pa.field("metric_kind", pa.string()),
        pa.field("direction", pa.string()),
        pa.field("change", pa.float64()),
        pa.field("baseline", pa.string()),
    ],
    metadata={"schema_version": SCHEMA_VERSION, "table": "entities"},
)
