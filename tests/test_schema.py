"""schemas/: the dataclasses and the Arrow schemas name the same columns, and real records fit them."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from pathlib import Path

import pyarrow as pa

from pipeline.run import run_document
from schemas import DOCUMENTS_SCHEMA, RECORDS_SCHEMA, SCHEMA_VERSION, ActionRecord, DocumentRow, rows_to_table


def test_dataclasses_and_schemas_name_the_same_columns():
    assert [f.name for f in fields(ActionRecord)] == RECORDS_SCHEMA.names
    assert [f.name for f in fields(DocumentRow)] == DOCUMENTS_SCHEMA.names
    for schema in (RECORDS_SCHEMA, DOCUMENTS_SCHEMA):
        assert schema.metadata[b"schema_version"] == SCHEMA_VERSION.encode()


def test_gold_field_names_are_record_columns(gold_seeds_dir: Path):
    import json

    gold = json.loads(next(gold_seeds_dir.glob("*.json")).read_text(encoding="utf-8"))
    assert set(gold["records"][0]) <= set(RECORDS_SCHEMA.names)


def test_real_records_fit_the_schema(seeds_dir: Path):
    result = run_document(seeds_dir / "004_59fe58fd6413823e.txt", tag=False)
    table = rows_to_table(list(result.records), RECORDS_SCHEMA)
    assert table.num_rows == 21
    assert table.schema.field("due_date").type == pa.timestamp("ms")  # pandas reads it as datetime64
    assert table.schema.field("responsible").type == pa.list_(pa.string())
    row = table.slice(13, 1).to_pylist()[0]
    assert row["due"] == ["2025-07", "2024-07", "2024-10"]
    assert row["due_date"] == dt.datetime(2025, 7, 31)
    docs = rows_to_table([result.document], DOCUMENTS_SCHEMA)
    assert docs.to_pylist()[0]["n_records"] == 21
