"""Splink against pipeline.lineage on the two link golds: the measurement behind choosing our own model.

Splink 5 (DuckDB backend) links each pair of consecutive reports of a series: Jaccard of the action +
detail words, Jaro-Winkler of the action, exact section, services intersecting, exact deadline; u by
random sampling, m by EM (blocked on kind), the same prior as pipeline.lineage (1.2 links per record of
the smaller report), then the same mutual-best choice at probability 0.5.  It reads datasets written by
`council-extract run` and the gold folders of tests/gold/lineage.

Splink is not a dependency of council-extract: run this in a separate venv.

    python3 -m venv /tmp/splinkvenv && /tmp/splinkvenv/bin/pip install splink pandas pyarrow
    .venv/bin/council-extract run data/raw --out /tmp/seeds && .venv/bin/council-extract run tests/data/lineage/harrowmere --out /tmp/made
    /tmp/splinkvenv/bin/python benchmarks/compare_splink.py /tmp/seeds tests/gold/lineage/maidstone /tmp/made tests/gold/lineage/harrowmere

Measured 2026-12-07 (this machine, 2 shared cores): Splink P=1.00 R=0.13 on the seeds (2 of 15 links),
P=1.00 R=0.56 on the made series (10 of 18), 3-20 s per series; pipeline.lineage P=0.82 R=0.60 and
P=1.00 R=1.00 in under a second (branch links, same day: P=0.92 R=0.73 and P=1.00 R=1.00).
"""
import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def load(data):
    con = duckdb.connect()
    docs = con.execute(f"select doc_id, source_file, coalesce(period_end, period_start) e from read_parquet('{data}/documents/*/*.parquet') where council is not null order by e, source_file").df()
    recs = con.execute(f"select record_id, doc_id, source_file, kind, action, coalesce(detail,'') detail, coalesce(section,'') section, services, cast(due_date as varchar) due from read_parquet('{data}/records/*/*.parquet')").df()
    recs["text"] = (recs.action + " " + recs.detail).str.lower().str.replace(r"[^a-z0-9 ]", " ", regex=True).str.split().str.join(" ")
    recs["action_l"] = recs.action.str.lower().str.replace(r"[^a-z0-9 ]", " ", regex=True).str.split().str.join(" ")
    recs["services"] = recs.services.apply(list)
    return list(docs.doc_id), recs

def link_pair(a, b):
    db = DuckDBAPI()
    settings = SettingsCreator(link_type="link_only", unique_id_column_name="record_id",
        comparisons=[cl.JaccardAtThresholds("text", [0.5, 0.3, 0.15]), cl.JaroWinklerAtThresholds("action_l", [0.9, 0.8]),
                     cl.ExactMatch("section"), cl.ArrayIntersectAtSizes("services", [1]), cl.ExactMatch("due")],
        blocking_rules_to_generate_predictions=[block_on("kind")],
        probability_two_random_records_match=1.2 * min(len(a), len(b)) / (len(a) * len(b)))
    sa = db.register(a[["record_id","kind","text","action_l","section","services","due"]], dataset_display_name="a")
    sb = db.register(b[["record_id","kind","text","action_l","section","services","due"]], dataset_display_name="b")
    linker = Linker([sa, sb], settings, log_level=40)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e5)
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("kind"))
    except Exception as e:
        print("EM failed:", str(e)[:120])
    p = linker.inference.predict().as_pandas_dataframe()
    return p

import csv
from pathlib import Path


def find(recs: list[dict], source_file: str, start: str) -> str:
    """The record_id of the one record of ``source_file`` whose action starts with ``start``."""
    key = " ".join(start.casefold().split())
    hits = [r["record_id"] for r in recs
            if r["source_file"] == source_file and " ".join(r["action"].casefold().split()).startswith(key)]
    assert len(hits) == 1, (source_file, start)
    return hits[0]


def gold_links(gold: Path, recs: list[dict]) -> set[tuple[str, str]]:
    with (gold / "links.csv").open(encoding="utf-8") as f:
        return {(find(recs, r["earlier_file"], r["earlier_action"]), find(recs, r["later_file"], r["later_action"]))
                for r in csv.DictReader(f)}


def main(args: list[str]) -> None:
    for data, gold in zip(args[::2], args[1::2], strict=True):
        t0 = time.time()
        order, recs = load(data)
        made: set[tuple[str, str]] = set()
        for x, y in zip(order, order[1:], strict=False):
            p = link_pair(recs[recs.doc_id == x], recs[recs.doc_id == y])
            p = p[p.match_probability >= 0.5]
            best_l = p.sort_values("match_probability").groupby("record_id_l").tail(1)
            best_r = p.sort_values("match_probability").groupby("record_id_r").tail(1)
            made |= set(zip(best_l.record_id_l, best_l.record_id_r, strict=True)) & set(
                zip(best_r.record_id_l, best_r.record_id_r, strict=True))
        truth = gold_links(Path(gold), recs.to_dict("records"))
        tp = len(made & truth)
        print(f"{Path(gold).name}: splink P={tp / len(made) if made else 1:.2f} R={tp / len(truth):.2f} "
              f"({tp} of {len(made)} made, gold {len(truth)}) {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
