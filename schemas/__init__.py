"""Output schemas (single source of truth for every column written)."""
from schemas.records import (
    DOCUMENT_STATUSES,
    DOCUMENTS_SCHEMA,
    KINDS,
    RECORDS_SCHEMA,
    SCHEMA_VERSION,
    STATES,
    STATUSES,
    ActionRecord,
    DocumentRow,
    DroppedText,
    SourceRef,
    rows_to_table,
)

__all__ = [
    "DOCUMENTS_SCHEMA", "DOCUMENT_STATUSES", "KINDS", "RECORDS_SCHEMA", "SCHEMA_VERSION", "STATES", "STATUSES", "ActionRecord",
    "DocumentRow", "DroppedText", "SourceRef", "rows_to_table",
]
from schemas.entities import ENTITIES_SCHEMA, EntityRow  # noqa: E402  (entities table, pipeline.nlp)

__all__ += ["ENTITIES_SCHEMA", "EntityRow"]
