"""Lineage: follow each council's actions from one report to the next (the ``lineage`` table).

For every council (``documents.council``, compared case- and punctuation-blind) the reports with
records are put in the order of their periods (``period_end``, else ``period_start``; the file name
breaks ties), and each record is linked to the record it continues in the previous report, or in
the one before (``LOOKBACK``): an action missing from one year's appendix and back the next.  Only
records of the same ``kind`` are compared.

**How a pair is scored.**  A Fellegi-Sunter match model, the model Splink fits: each compared field
falls in one level of its comparison (``COMPARISONS``), each level has an m probability (how often
true continuations fall in it) and a u probability (how often unrelated pairs do), and the match
weight ``log2(prior odds) + sum(log2(m/u))`` gives the probability ``1 / (1 + 2**-weight)``.  The
comparisons: the action text (TF-IDF cosine of Snowball-stemmed words of action + detail, with
words common to the whole window weighing little, and rapidfuzz's token-sort ratio for a rewording of
the same sentence), the heading (section and objective as one comparison: an objective is mostly a
section's sub-heading), the commitment, the responsible services, the deadline and reference numbers
("1.2", "EQ-04").  The TF-IDF similarities weigh smoothly within their levels (``smooth_weights``: of two
pairs in one level the more alike weighs more, where one weight per level left them tied).  The m and u
values are set by hand, documented beside each level, and checked against two golds
(``tests/gold/lineage``); the heading's are estimated for each pair of reports (``heading_levels``), so
that a report reorganised under new headings does not count its new headings against every pair.  Vocabulary (stop words,
"NEW" / "Ongoing Project" markers, words saying an action is done) is data:
``pipeline/patterns/lineage.jsonl``.

**Which pairs become links.**  A record and an earlier record that are each other's best match
above ``LINK_THRESHOLD``; a second record whose best match is the same earlier record, nearly as
strongly (``SIMILAR_SHARE``) and itself strongly (``SECOND_LINK_THRESHOLD``), makes a **split** and both
links are kept; an earlier record that is the best match of a later one it is not the best for, as
strongly, makes a **merge**.  An action a report lists twice (``twins``: under two headings) continues, or
is continued by, what its copy is.  An open thread no record continues, whose action a commitment of the
new report restates word for word (``restated``: a plan with a Commitments column above new action
titles), is carried as that commitment (a ``commitment`` row), not dropped.

**Incremental.**  Each council's rows are one Parquet file, ``DIR/lineage/<hh>/<key>.parquet``.  When
the reports added to a council all come after the last one linked, only they are linked, against
the threads open in the last ``LOOKBACK`` reports (read back from the file); otherwise (a report
inserted earlier in the series, removed or re-run) the council is linked again from its first
report.  Both give the same rows: a step reads only its window.

**The package.**  ``items`` (what is compared of a record, the vocabulary), ``scoring`` (the match
model and the links chosen), ``series`` (one council's series linked report by report), ``dataset``
(the lineage table written and extended), ``outcomes`` (threads by outcome, for ``track``), ``gold``
(scoring against a link gold); each imports only those before it.  Every public name is re-exported here.

>>> rows = link_dataset(Path("data/processed"))        # doctest: +SKIP
>>> summary = threads(Path("data/processed"))          # doctest: +SKIP
"""

from __future__ import annotations

from pipeline.lineage.dataset import (
    LINEAGE_DIR,
    RECORD_COLUMNS,
    LinkSummary,
    council_file,
    link_dataset,
    load_items,
    update_council,
    write_council,
)
from pipeline.lineage.gold import (
    LinkScore,
    dropped_without_completion,
    gold_dropped,
    gold_links,
    made_links,
    score_links,
)
from pipeline.lineage.items import (
    Item,
    Link,
    Report,
    Tail,
    council_key,
    item_of,
    reports_done,
    strip_markers,
    words,
)
from pipeline.lineage.outcomes import (
    OUTCOMES,
    Thread,
    read_lineage,
    thread_outcome,
    threads,
)
from pipeline.lineage.scoring import (
    COMPARISONS,
    GAP_WEIGHT,
    HEADING_LEVELS,
    LINK_THRESHOLD,
    PRIOR_LINKS,
    RESTATED_RATIO,
    SECOND_LINK_THRESHOLD,
    SIMILAR_SHARE,
    TEXT_COMPARISONS,
    TWIN_RATIO,
    Level,
    changes_between,
    choose_links,
    context_similarity,
    evidence_text,
    field_levels,
    heading_levels,
    prior_weight,
    restated,
    score,
    sentence_similarity,
    smooth_weights,
    text_similarity,
    twins,
    with_twins,
)
from pipeline.lineage.series import (
    LOOKBACK,
    SeriesState,
    commitment_records,
    link_report,
    link_series,
    order_reports,
    period_label,
    state_from_rows,
)

__all__ = [
    "COMPARISONS",
    "GAP_WEIGHT",
    "HEADING_LEVELS",
    "Item",
    "LINEAGE_DIR",
    "LINK_THRESHOLD",
    "LOOKBACK",
    "Level",
    "Link",
    "LinkScore",
    "LinkSummary",
    "OUTCOMES",
    "PRIOR_LINKS",
    "RESTATED_RATIO",
    "RECORD_COLUMNS",
    "Report",
    "SECOND_LINK_THRESHOLD",
    "SIMILAR_SHARE",
    "SeriesState",
    "TEXT_COMPARISONS",
    "TWIN_RATIO",
    "Tail",
    "Thread",
    "changes_between",
    "choose_links",
    "commitment_records",
    "context_similarity",
    "council_file",
    "council_key",
    "dropped_without_completion",
    "evidence_text",
    "field_levels",
    "gold_dropped",
    "gold_links",
    "heading_levels",
    "item_of",
    "link_dataset",
    "link_report",
    "link_series",
    "load_items",
    "made_links",
    "order_reports",
    "period_label",
    "prior_weight",
    "read_lineage",
    "reports_done",
    "restated",
    "score",
    "score_links",
    "sentence_similarity",
    "smooth_weights",
    "state_from_rows",
    "strip_markers",
    "text_similarity",
    "thread_outcome",
    "threads",
    "twins",
    "update_council",
    "with_twins",
    "words",
    "write_council",
]
