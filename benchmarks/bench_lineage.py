"""Benchmark the lineage stage: 10,000 records from 200 reports, then one more year added incrementally.

A synthetic dataset (benchmarks/out/lineage/, git-ignored) of ``--councils`` councils x ``--years``
yearly reports x ``--records`` actions is written straight into the store (no extraction: this times
lineage alone).  Each council's plan evolves as real ones do: every year about 70% of actions are
carried (a third of them reworded, some with a new owner or deadline), 10% reported completed,
10% dropped and new ones added, in reordered sections.  Then:

1. ``link_dataset`` over the whole archive (every council linked from its first report);
2. one more yearly report per council is added to the store and ``link_dataset`` run again:
   only the new reports are linked (``extended``);
3. the links of step 1 scored against the generator's truth (an action carried from one year to the next):
   a check that the match model, set by hand on two golds, holds on plans it was not set on;
4. bare pdfplumber text extraction of one PDF page, timed in the same run, as the unit the project
   compares speeds in (``ratio`` columns: lineage time / one pdfplumber page).

    .venv/bin/python benchmarks/bench_lineage.py                  # 20 councils x 10 years x 50 records
    .venv/bin/python benchmarks/bench_lineage.py --councils 4 --years 5

Prints one line per step and writes benchmarks/out/lineage.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.lineage import link_dataset, made_links, read_lineage, score_links  # noqa: E402
from pipeline.run import DocumentResult  # noqa: E402
from pipeline.store import open_store  # noqa: E402
from schemas import ActionRecord, DocumentRow  # noqa: E402

OUT = REPO / "benchmarks" / "out"
VERBS = ("Deliver", "Review", "Develop", "Publish", "Introduce", "Support", "Extend", "Promote", "Improve", "Monitor")
OBJECTS = ("equality training", "staff networks", "the residents' survey", "accessible buildings", "impact assessments",
           "translation of leaflets", "the community forum", "digital skills sessions", "the pay gap report",
           "youth engagement", "the carers' strategy", "hate crime reporting", "the inclusive language guide",
           "the armed forces covenant", "neutral spaces", "community grants", "the diversity calendar")
AUDIENCES = ("for older residents", "for disabled staff", "across all services", "with faith groups", "in libraries",
             "for managers", "with partners", "for young people", "in every ward", "for new councillors")
SERVICES = ("Human Resources", "Policy and Engagement", "Communications", "Property Services", "Libraries",
            "Housing", "Digital Services", "Finance", "Democratic Services")
SECTIONS = ("Community Leader", "Service Provider", "Employer")
REWORD = {"Deliver": "Provide", "Review": "Assess", "Develop": "Build", "Publish": "Produce", "Introduce": "Start",
          "Support": "Help", "Extend": "Expand", "Promote": "Champion", "Improve": "Strengthen", "Monitor": "Track"}


KEYS = itertools.count()     # each action's identity, kept when it is carried: the links' truth


def new_action(rng: random.Random) -> dict:
    return {"key": next(KEYS), "action": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(AUDIENCES)} "
                      f"(ref {rng.randint(100, 999)})",
            "section": rng.choice(SECTIONS), "service": rng.choice(SERVICES), "due": rng.randint(0, 3)}


def next_year(plan: list[dict], rng: random.Random, size: int) -> list[dict]:
    """Carry, reword, reassign, complete, drop and add actions; about ``size`` actions result."""
    out = []
    for a in plan:
        roll = rng.random()
        if roll < 0.1 or a.get("done"):
            continue                                    # dropped, or completed last year
        a = dict(a)
        if roll < 0.2:
            a["done"] = True
        elif roll < 0.45:
            first, rest = a["action"].split(" ", 1)
            a["action"] = f"{REWORD.get(first, first)} {rest}"
        elif roll < 0.55:
            a["service"] = rng.choice(SERVICES)
        elif roll < 0.65:
            a["due"] += 1
        out.append(a)
    while len(out) < size:
        out.append(new_action(rng))
    rng.shuffle(out)
    return out


def report(council: str, year: int, plan: list[dict], n: int) -> DocumentResult:
    doc_id = f"{abs(hash((council, year))) % 16**16:016x}"
    records = tuple(
        ActionRecord(record_id=f"{doc_id}:{i:04d}", doc_id=doc_id, source_file=f"{council}-{year}.pdf", seq=i,
                     kind="action", action=a["action"], section=a["section"], responsible=(a["service"],),
                     services=(a["service"],), progress=("Completed in March.",) if a.get("done") else ("Under way.",),
                     due_date=dt.date(year + 1 + a["due"], 3, 31))
        for i, a in enumerate(plan))
    doc = DocumentRow(doc_id=doc_id, source_file=f"{council}-{year}.pdf", source_path=f"{council}/{year}.pdf",
                      format="pdf", size_bytes=1, council=council, period=f"{year}-{(year + 1) % 100:02d}",
                      period_start=dt.date(year, 4, 1), period_end=dt.date(year + 1, 3, 31), n_records=len(records),
                      pipeline_version="bench")
    return DocumentResult(doc, records, ())


def build(data: Path, councils: int, years: int, size: int,
          seed: int = 7) -> tuple[dict[str, list[dict]], set[tuple[str, str]]]:
    """Write the archive; return each council's last plan (to add the next year from) and the true links
    (earlier record_id, later record_id): an action carried from one year to the next."""
    rng = random.Random(seed)
    plans = {}
    truth = set()
    with open_store(data, durable=False) as store:
        for c in range(councils):
            name = f"Bench {c:02d} District Council"
            plan = [new_action(rng) for _ in range(size)]
            before: dict[int, str] = {}
            for y in range(years):
                if y:
                    plan = next_year(plan, rng, size)
                result = report(name, 2010 + y, plan, size)
                store.write_result(result)
                now = {a["key"]: r.record_id for a, r in zip(plan, result.records, strict=True)}
                truth |= {(before[k], rid) for k, rid in now.items() if k in before}
                before = now
            plans[name] = plan
    return plans, truth


def pdfplumber_page_seconds(repeat: int = 5) -> float:
    """Seconds bare pdfplumber takes to extract one page's text (the best of ``repeat``)."""
    import pdfplumber

    pdf = REPO / "tests" / "data" / "lineage" / "harrowmere" / "2022-23.pdf"
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        with pdfplumber.open(pdf) as doc:
            doc.pages[0].extract_text()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--records", type=int, default=50)
    args = parser.parse_args()
    data = OUT / "lineage"
    shutil.rmtree(data, ignore_errors=True)
    plans, truth = build(data, args.councils, args.years, args.records)
    page = pdfplumber_page_seconds()
    t0 = time.perf_counter()
    full = link_dataset(data)
    full_s = time.perf_counter() - t0
    links = score_links(made_links(read_lineage(data)), truth)
    rng = random.Random(11)
    with open_store(data, durable=False) as store:
        for name, plan in plans.items():
            store.write_result(report(name, 2010 + args.years, next_year(plan, rng, args.records), args.records))
    t0 = time.perf_counter()
    added = link_dataset(data)
    added_s = time.perf_counter() - t0
    n_reports, n_records = args.councils * args.years, args.councils * args.years * args.records
    results = {
        "reports": n_reports, "records": n_records, "full_seconds": round(full_s, 2),
        "full_reports_linked": full.reports_linked, "added_reports": len(added.extended),
        "added_seconds": round(added_s, 2), "pdfplumber_page_seconds": round(page, 4),
        "full_ratio": round(full_s / page, 1), "added_ratio": round(added_s / page, 1),
        "link_precision": round(links.precision, 3), "link_recall": round(links.recall, 3),
    }
    print(f"lineage over {n_records} records from {n_reports} reports: {full_s:.1f} s "
          f"({results['full_ratio']}x one pdfplumber page of {page * 1000:.0f} ms)")
    print(f"links against the generator's truth: P={links.precision:.3f} R={links.recall:.3f} "
          f"({links.true_positives} of {links.made} made, {links.gold} true)")
    print(f"one more year ({len(added.extended)} reports, one per council) added incrementally: {added_s:.1f} s "
          f"({results['added_ratio']}x one pdfplumber page)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "lineage.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
