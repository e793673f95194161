"""Score extracted records against hand-labelled gold (tests/shared/gold/SPEC.md, a copy of ../shared/gold/SPEC.md).

Per document:

- records are paired one-to-one, greedily by the similarity of their ``action`` text (best pairs
  first; a pair needs similarity ≥ :data:`MATCH_THRESHOLD`); record precision = pairs / predicted,
  recall = pairs / gold, F1 their harmonic mean;
- every paired record scores each gold field in [0, 1]: categorical fields (kind, statuses, start,
  due) count only if equal; text fields score their similarity (difflib ratio after whitespace
  normalisation); list fields pair their items the same way and divide the summed similarity by the
  longer list's length, so a missing or extra item costs as much as a wrong one;
- the *lenient* field score of a document (``field_score``, column ``field(len)``) is the mean over its
  paired records and all 15 fields, so a field empty in both gold and prediction counts as a match;
- the *strict* field score (``strict_field_score``, column ``strict``) scores only the (record, field)
  pairs where gold or the prediction has a value (:func:`has_value`): it is the mean similarity over
  those filled pairs, 0.0 when a document has paired records but no filled field, and it is what the
  lenient score hides (a document whose records are right but whose objectives are all lost scores
  well leniently: most fields are empty on both sides).  Per field, ``strict_fields[f]`` is the mean over
  the paired records where gold or prediction fills ``f`` (None when neither ever does) and
  ``strict_counts[f]`` how many such pairs there were.

The totals pool every document: record P/R/F1 from summed counts, lenient field score as the mean of
the per-field means over all pairs, strict field score over all filled (record, field) pairs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

MATCH_THRESHOLD = 0.6
FIELDS = (
    "kind", "section", "section_status", "objective", "commitment", "action", "detail", "progress", "issues",
    "measures", "responsible", "timescale", "start", "due", "status",
)
CATEGORICAL = {"kind", "section_status", "status", "start", "due"}
LISTS = {"progress", "issues", "measures", "responsible", "due"}
_WS = re.compile(r"\s+")


def norm(value: Any) -> str:
    return _WS.sub(" ", str(value)).strip() if value is not None else ""


def text_similarity(a: Any, b: Any) -> float:
    """1.0 for equal text (whitespace-normalised), else difflib's ratio; two empty values are equal.

    >>> text_similarity("Stress  Survey", "Stress Survey"), round(text_similarity("Stress Survey", "Stress"), 2)
    (1.0, 0.63)
    """
    a, b = norm(a), norm(b)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def list_similarity(gold: Sequence[str], pred: Sequence[str], exact: bool = False) -> float:
    """Pair items greedily by similarity; summed similarity over the longer list's length.

    >>> list_similarity(["HR", "Housing"], ["Housing"])        # a missing item costs as much as a wrong one
    0.5
    """
    gold, pred = [norm(g) for g in gold or ()], [norm(p) for p in pred or ()]
    if not gold and not pred:
        return 1.0
    if not gold or not pred:
        return 0.0
    if exact:
        remaining = list(pred)
        hits = 0
        for g in gold:
            if g in remaining:
                remaining.remove(g)
                hits += 1
        return hits / max(len(gold), len(pred))
    scores = sorted(
        ((text_similarity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    total = 0.0
    for s, i, j in scores:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        total += s
    return total / max(len(gold), len(pred))


def has_value(value: Any) -> bool:
    """True when a field holds something: not None, not blank text, not an empty list.

    >>> has_value(None), has_value("  "), has_value(()), has_value(["HR"]), has_value("done")
    (False, False, False, True, True)
    """
    if value is None:
        return False
    if isinstance(value, (list, tuple)):
        return any(norm(v) for v in value)
    return bool(norm(value))


def field_similarity(name: str, gold: Any, pred: Any) -> float:
    if name in LISTS:
        return list_similarity(gold or (), pred or (), exact=name in CATEGORICAL)
    if name in CATEGORICAL:
        return 1.0 if norm(gold) == norm(pred) else 0.0
    return text_similarity(gold, pred)


@dataclass
class DocScore:
    file: str
    n_gold: int
    n_pred: int
    n_matched: int
    field_sums: dict[str, float] = field(default_factory=dict)
    strict_sums: dict[str, float] = field(default_factory=dict)  # summed over pairs where either side has a value
    strict_counts: dict[str, int] = field(default_factory=dict)  # how many such pairs, per field
    misses: list[str] = field(default_factory=list)      # gold actions with no partner
    extras: list[str] = field(default_factory=list)      # predicted actions with no partner

    @property
    def precision(self) -> float:
        return self.n_matched / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.n_matched / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def field_mean(self, name: str) -> float:
        return self.field_sums.get(name, 0.0) / self.n_matched if self.n_matched else 0.0

    @property
    def field_score(self) -> float:
        if not self.n_matched:
            return 0.0
        return sum(self.field_sums.values()) / (self.n_matched * len(FIELDS))

    def strict_mean(self, name: str) -> float | None:
        """Mean similarity of ``name`` over the pairs where gold or prediction fills it; None if none does."""
        n = self.strict_counts.get(name, 0)
        return self.strict_sums.get(name, 0.0) / n if n else None

    @property
    def strict_field_score(self) -> float:
        """Mean similarity over every filled (paired record, field); 0.0 with no pair or no filled field."""
        n = sum(self.strict_counts.values())
        return sum(self.strict_sums.values()) / n if n else 0.0


@dataclass
class Report:
    documents: list[DocScore]

    @property
    def n_gold(self) -> int:
        return sum(d.n_gold for d in self.documents)

    @property
    def n_pred(self) -> int:
        return sum(d.n_pred for d in self.documents)

    @property
    def n_matched(self) -> int:
        return sum(d.n_matched for d in self.documents)

    @property
    def record_precision(self) -> float:
        return self.n_matched / self.n_pred if self.n_pred else 0.0

    @property
    def record_recall(self) -> float:
        return self.n_matched / self.n_gold if self.n_gold else 0.0

    @property
    def record_f1(self) -> float:
        p, r = self.record_precision, self.record_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def field_mean(self, name: str) -> float:
        n = self.n_matched
        return sum(d.field_sums.get(name, 0.0) for d in self.documents) / n if n else 0.0

    @property
    def field_score(self) -> float:
        return sum(self.field_mean(f) for f in FIELDS) / len(FIELDS) if self.n_matched else 0.0

    def strict_count(self, name: str) -> int:
        return sum(d.strict_counts.get(name, 0) for d in self.documents)

    def strict_mean(self, name: str) -> float | None:
        """Pooled over every document's pairs where gold or prediction fills ``name``; None if none does."""
        n = self.strict_count(name)
        return sum(d.strict_sums.get(name, 0.0) for d in self.documents) / n if n else None

    @property
    def strict_field_score(self) -> float:
        """Pooled over every filled (paired record, field) of every document."""
        n = sum(self.strict_count(f) for f in FIELDS)
        return sum(d.strict_sums.get(f, 0.0) for d in self.documents for f in FIELDS) / n if n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_precision": self.record_precision,
            "record_recall": self.record_recall,
            "record_f1": self.record_f1,
            "field_score": self.field_score,
            "strict_field_score": self.strict_field_score,
            "fields": {f: self.field_mean(f) for f in FIELDS},
            "strict_fields": {f: self.strict_mean(f) for f in FIELDS},
            "strict_counts": {f: self.strict_count(f) for f in FIELDS},
            "documents": [
                {
                    "file": d.file, "n_gold": d.n_gold, "n_pred": d.n_pred, "n_matched": d.n_matched,
                    "precision": d.precision, "recall": d.recall, "f1": d.f1, "field_score": d.field_score,
                    "strict_field_score": d.strict_field_score,
                    "fields": {f: d.field_mean(f) for f in FIELDS},
                    "strict_fields": {f: d.strict_mean(f) for f in FIELDS},
                    "strict_counts": {f: d.strict_counts.get(f, 0) for f in FIELDS},
                    "misses": d.misses, "extras": d.extras,
                }
                for d in self.documents
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


def score_document(file: str, gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]) -> DocScore:
    """Pair gold and predicted records of one document and score their fields."""
    # Ties (the same action twice, e.g. "Other work" under two workstreams) go to the pair whose
    # positions in their documents are closest.
    pairs = sorted(
        (
            (text_similarity(g.get("action"), p.get("action")), -abs(i / len(gold) - j / len(pred)), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(pred)
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    score = DocScore(file=file, n_gold=len(gold), n_pred=len(pred), n_matched=0, field_sums={f: 0.0 for f in FIELDS},
                     strict_sums={f: 0.0 for f in FIELDS}, strict_counts={f: 0 for f in FIELDS})
    for s, _, i, j in pairs:
        if s < MATCH_THRESHOLD:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        score.n_matched += 1
        for f in FIELDS:
            g, p = gold[i].get(f), pred[j].get(f)
            similarity = field_similarity(f, g, p)
            score.field_sums[f] += similarity
            if has_value(g) or has_value(p):
                score.strict_sums[f] += similarity
                score.strict_counts[f] += 1
    score.misses = [norm(g.get("action"))[:80] for i, g in enumerate(gold) if i not in used_g]
    score.extras = [norm(p.get("action"))[:80] for j, p in enumerate(pred) if j not in used_p]
    return score


def load_gold(gold_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Read every ``*.json`` gold file in a folder: file name -> gold records."""
    gold: dict[str, list[dict[str, Any]]] = {}
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"{gold_dir}: no *.json gold files here (format: tests/shared/gold/SPEC.md)")
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "file" not in data or "records" not in data:
            continue  # not a gold file (e.g. an entity label set)
        gold[data["file"]] = data["records"]
    return gold


def evaluate(gold: Mapping[str, Sequence[Mapping[str, Any]]], predicted: Iterable[Mapping[str, Any]]) -> Report:
    """Score predicted records (dicts with ``source_file`` and the gold fields) against gold by file name."""
    by_file: dict[str, list[Mapping[str, Any]]] = {}
    for rec in predicted:
        by_file.setdefault(rec["source_file"], []).append(rec)
    return Report([score_document(name, recs, by_file.get(name, [])) for name, recs in sorted(gold.items())])


def evaluate_results(gold_dir: Path, results: Iterable[Any]) -> Report:
    """Score in-memory ``pipeline.run.DocumentResult`` values against the gold in ``gold_dir``."""
    from dataclasses import asdict as _asdict

    predicted = [_asdict(r) for res in results for r in res.records]
    return evaluate(load_gold(gold_dir), predicted)


def read_records(records_dir: Path) -> list[dict[str, Any]]:
    """Read a records dataset (the run's output folder or its ``records/`` subfolder) as dicts."""
    from pipeline.store import read_table

    return read_table(Path(records_dir), "records").to_pylist()


def evaluate_dirs(gold_dir: Path, records_dir: Path) -> Report:
    """Score a records dataset on disk against a folder of gold JSON files."""
    return evaluate(load_gold(gold_dir), read_records(records_dir))


def dataset_files(records_dir: Path, records: list[dict[str, Any]]) -> set[str]:
    """The source file names of a dataset's documents (its ``documents/`` table) and of its ``records``
    (read from ``records_dir`` already; a ``records/`` folder copied on its own has only those): what
    gold files are matched against."""
    from pipeline.store import read_table

    files = {r["source_file"] for r in records}
    try:
        files.update(read_table(Path(records_dir), "documents", ["source_file"]).column("source_file").to_pylist())
    except (OSError, ValueError):  # a records/ folder copied on its own: the records' files are all there is
        pass
    return files


def no_gold_match(gold: dict[str, list[dict[str, Any]]], files: set[str], gold_dir: Path,
                  records_dir: Path) -> str | None:
    """A one-line warning when no gold file names a document of the dataset (every score would be 0),
    else None.  Gold files are matched to documents by file name (``gold/SPEC.md``: ``file``); ``gold``
    is :func:`load_gold`'s, ``files`` :func:`dataset_files`'.
    """
    if not gold or set(gold) & files:
        return None
    return (f"warning: no gold document in {gold_dir} matches a document in the dataset {records_dir} "
            f"({len(gold)} gold files, e.g. {min(gold)}; {len(files)} documents"
            f"{', e.g. ' + min(files) if files else ''}): every score below is 0; check --gold and --records")


LEGEND = ("P/R = record precision/recall (paired/predicted, paired/gold); field(len) = lenient field score "
          "(all 15 fields of each paired record, empty-in-both counts as right); strict = only the fields gold "
          "or the prediction fills")


def _strict_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render_report(report: Report) -> str:
    """A plain-text table: one line per document (record P/R/F1, lenient and strict field score), the
    totals, the per-field means (lenient, then strict with the number of filled pairs), and the legend."""
    lines = [f"{'document':<34} {'gold':>4} {'pred':>4} {'match':>5} {'P':>6} {'R':>6} {'F1':>6} "
             f"{'field(len)':>10} {'strict':>6}"]
    for d in report.documents:
        lines.append(
            f"{d.file[:34]:<34} {d.n_gold:>4} {d.n_pred:>4} {d.n_matched:>5} "
            f"{d.precision:6.3f} {d.recall:6.3f} {d.f1:6.3f} {d.field_score:10.3f} {d.strict_field_score:6.3f}"
        )
    lines.append(
        f"{'TOTAL':<34} {report.n_gold:>4} {report.n_pred:>4} {report.n_matched:>5} {report.record_precision:6.3f} "
        f"{report.record_recall:6.3f} {report.record_f1:6.3f} {report.field_score:10.3f} "
        f"{report.strict_field_score:6.3f}"
    )
    lines.append("fields (lenient): " + "  ".join(f"{f}={report.field_mean(f):.3f}" for f in FIELDS))
    lines.append("fields (strict):  " + "  ".join(
        f"{f}={_strict_text(report.strict_mean(f))}/{report.strict_count(f)}" for f in FIELDS))
    lines.append(LEGEND)
    for d in report.documents:
        for m in d.misses:
            lines.append(f"  missed  {d.file}: {m}")
        for x in d.extras:
            lines.append(f"  extra   {d.file}: {x}")
    return "\n".join(lines)


__all__ = [
    "FIELDS", "DocScore", "Report", "dataset_files", "evaluate", "evaluate_dirs", "evaluate_results", "has_value",
    "load_gold",
    "no_gold_match", "read_records", "render_report", "score_document",
]
