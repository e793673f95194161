"""The lineage table: every record of a council's reports placed on a thread followed through time.

Written by ``pipeline.lineage`` (``council-extract lineage`` / ``track``), one Parquet file per council
under ``DIR/lineage/``; read like the other tables (``read_table(DIR, "lineage")``, the DuckDB view
``lineage`` of ``council-extract query``).

A **thread** is one action (commitment, measure, project) followed from report to report of one
council, in the order of their periods.  Each row is one record on a thread, or one **dropped** event:

- ``thread_id``: the ``record_id`` of the thread's first record (stable while that report is kept);
- ``record_id``, ``doc_id``: the record and its report; a ``dropped`` row has ``record_id`` null and
  ``doc_id`` the report from which the action is absent (``continues`` names the last record seen);
- ``council`` (``documents.council`` as written), ``period``, ``period_end``, ``report`` (0-based
  position of the report in the council's series, by period);
- ``kind``, ``action`` (the record's action text, for reading threads without a join), ``status``
  (the record's RAG status), ``state`` (the record's ``state``: complete, on track, cancelled, ...;
  null on dropped and commitment rows) and ``completed`` (the record reports the action done);
- ``change``: ``new`` (continues nothing), ``carried`` (same action, owner, deadline), ``reworded``
  (the action's text changed), ``owner changed`` (another responsible service), ``due moved`` (another
  deadline), ``completed`` (reported done), ``cancelled`` (its state is cancelled or superseded) or
  ``dropped`` (present last time, not completed, absent now); when several apply ``change`` is
  ``completed`` or ``cancelled`` if one of them applies, else the first in that order, and ``changes`` lists all;
- ``link_probability``: 0-1, the match probability of the link to the record continued (null for
  new and dropped rows); ``continues``: the record_id(s) continued (two or more: a **merge**);
  ``relation``: ``one``, ``split`` (one earlier record continued by several: each carries the link,
  the strongest keeps the thread, the others start threads of their own that continue it),
  ``merge`` or ``commitment``; ``evidence``: what made the link, one ``comparison=level(weight)`` per
  compared field.
- A ``commitment`` row (``change`` ``carried``, ``record_id`` null, ``continues`` the last record seen) is
  an action no record of the report continues but whose text a commitment of the report restates
  (a plan with a Commitments column above new action titles): the thread stays open, not dropped;
  ``evidence`` names the record whose commitment restates it.
"""

from __future__ import annotations

import pyarrow as pa

from schemas.records import DATE_TYPE, SCHEMA_VERSION

CHANGES = ("new", "carried", "reworded", "owner changed", "due moved", "completed", "cancelled", "dropped")
RELATIONS = ("one", "split", "merge", "commitment")

LINEAGE_SCHEMA = pa.schema(
    [
        pa.field("thread_id", pa.string(), nullable=False),
        pa.field("record_id", pa.string()),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("council", pa.string(), nullable=False),
        pa.field("period", pa.string()),
        pa.field("period_end", DATE_TYPE),
        pa.field("report", pa.int32(), nullable=False),
        pa.field("kind", pa.string()),
        pa.field("action", pa.string()),
        pa.field("status", pa.string()),
        pa.field("state", pa.string()),
        pa.field("completed", pa.bool_(), nullable=False),
        pa.field("link_probability", pa.float32()),
        pa.field("change", pa.string(), nullable=False),
        pa.field("changes", pa.list_(pa.string())),
        pa.field("continues", pa.list_(pa.string())),
        pa.field("relation", pa.string()),
        pa.field("evidence", pa.string()),
    ],
    metadata={"schema_version": SCHEMA_VERSION, "table": "lineage"},
)
