"""Score a list of documents (the held-out layouts) apart from the rest of their gold folder.

The held-out third of ``../shared/corpus/layouts`` (``tests/holdout_layouts.txt``) is scored once, at the
end of a round, and must not be mixed into the figures people develop against.  This script runs every
document of the corpus folder that has gold (in process, no tagging), or reads an existing dataset
(``--records``), and prints two reports from ``pipeline.evaluate``: the listed documents, then the rest.
Each gives record precision/recall/F1, the lenient field score (``field(len)``: all 15 fields, empty in
both counts as right) and the strict one (``strict``: only fields gold or the prediction fills)::

    .venv/bin/python benchmarks/score_holdout.py                      # tests/holdout_layouts.txt, layouts
    .venv/bin/python benchmarks/score_holdout.py --list my-list.txt --totals-only
    .venv/bin/python benchmarks/score_holdout.py --records data/processed --json scores.json
    .venv/bin/python benchmarks/score_holdout.py --list some.txt --exclude tests/holdout_layouts.txt

``--exclude LIST`` leaves the documents of another list out of both reports: how to score a development
list apart from the rest without printing a held-out document's line.

The list has one file name per line; ``#`` starts a comment.  A listed name with no gold file is an error
(exit 2) so a typo cannot shrink the held-out set silently.  ``--totals-only`` prints the listed set's
totals without its per-document lines (for a look that should not show which documents fail).
Exit 0 after printing; 2 on a bad list, folder or dataset.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import Report, evaluate, load_gold, read_records, render_report  # noqa: E402

SHARED = ROOT.parent / "shared"


def read_list(path: Path) -> list[str]:
    """File names of a list file: one per line, blank lines and ``#`` comments skipped."""
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


def predicted_records(corpus: Path, names: set[str]) -> list[dict]:
    """Run every file of ``corpus`` named in ``names`` through the pipeline (no tagging): record dicts."""
    from dataclasses import asdict

    from pipeline.run import run_document

    records: list[dict] = []
    for path in sorted(corpus.iterdir()):
        if path.name in names:
            records.extend(asdict(r) for r in run_document(path, tag=False).records)
    return records


def split_reports(gold: dict[str, list[dict]], records: list[dict], listed: set[str]) -> tuple[Report, Report]:
    """(report over the listed documents, report over every other gold document)."""
    inside = {name: recs for name, recs in gold.items() if name in listed}
    outside = {name: recs for name, recs in gold.items() if name not in listed}
    return evaluate(inside, records), evaluate(outside, records)


def totals_line(report: Report) -> str:
    return (f"{len(report.documents)} documents, {report.n_gold} gold / {report.n_pred} predicted / "
            f"{report.n_matched} paired records: P {report.record_precision:.3f} R {report.record_recall:.3f} "
            f"F1 {report.record_f1:.3f}  field(len) {report.field_score:.3f}  strict {report.strict_field_score:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", type=Path, default=ROOT / "tests" / "holdout_layouts.txt",
                        help="file names to score apart (default: %(default)s)")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "layouts",
                        help="folder of the documents (default: %(default)s)")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "layouts",
                        help="folder of their gold JSON (default: %(default)s)")
    parser.add_argument("--records", type=Path, default=None,
                        help="score this dataset (written by `council-extract run`) instead of running the corpus")
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="a list of file names left out of both reports (repeatable)")
    parser.add_argument("--totals-only", action="store_true", help="print only the totals of the listed documents")
    parser.add_argument("--json", type=Path, default=None, help="also write both reports as JSON here")
    args = parser.parse_args(argv)
    try:
        listed = read_list(args.list)
        excluded = {name for path in args.exclude for name in read_list(path)}
        gold = {name: recs for name, recs in load_gold(args.gold).items() if name not in excluded}
    except (OSError, ValueError) as e:
        print(f"score_holdout: {e}", file=sys.stderr)
        return 2
    unknown = sorted(set(listed) - set(gold) - excluded)
    if unknown:
        print(f"score_holdout: {args.list}: {len(unknown)} listed name(s) have no gold in {args.gold}: "
              f"{', '.join(unknown[:5])}; fix the list", file=sys.stderr)
        return 2
    try:
        records = read_records(args.records) if args.records else predicted_records(args.corpus, set(gold))
    except (OSError, ValueError) as e:
        print(f"score_holdout: {e}", file=sys.stderr)
        return 2
    inside, outside = split_reports(gold, records, set(listed) - excluded)
    print(f"== listed in {args.list.name}: {totals_line(inside)}")
    if not args.totals_only:
        print(render_report(inside))
    print(f"\n== the rest of {args.gold.name}: {totals_line(outside)}")
    print(render_report(outside))
    if args.json:
        args.json.write_text(json.dumps({"listed": inside.to_dict(), "rest": outside.to_dict()}, indent=2,
                                        ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
