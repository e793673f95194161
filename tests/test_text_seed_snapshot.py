"""The seed renderings (tab-separated rows with inline HTML) give exactly the Layout they gave before the
text table readers (pipes, delimiters, fixed-width columns, <br /> markup) were added.

The snapshot was written from commit e047a88 (before extractors/text_tables.py existed) with
``python tests/test_text_seed_snapshot.py``; rewrite it only for a deliberate change of the seed format's reading.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import SEEDS

from extractors import extract
from extractors.base import Layout

SNAPSHOT = Path(__file__).parent / "data" / "text" / "snapshots" / "seed-layouts.json"


# Fields added to the Layout after the snapshot was written: where a block came from, what was dropped
# (issue 11), the text cues gap_at and blank_lines_before, the pages that failed (issue 9) and the OCR
# words' confidence (issue 22: always empty for text).
PROVENANCE = frozenset({"lines", "line", "index", "struck_text", "dropped", "gap_at", "blank_lines_before",
                        "failed_pages", "word_confidence"})


def layout_to_json(layout: Layout, *, provenance: bool = True) -> dict:
    """A Layout as plain JSON values (the source as its file name only), without the provenance fields
    unless ``provenance``."""
    data = asdict(layout)
    data["source"] = layout.source.name
    for block in data["blocks"]:
        block["type"] = "table" if "rows" in block else "text"
    data = json.loads(json.dumps(data))  # tuples -> lists, as they come back from the file
    return data if provenance else _without(data, PROVENANCE)


def _without(value, keys: frozenset[str]):
    if isinstance(value, dict):
        return {k: _without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_without(v, keys) for v in value]
    return value


def seed_layouts(seeds: Path) -> dict[str, dict]:
    return {p.name: layout_to_json(extract(p)) for p in sorted(seeds.glob("*.txt"))}


def test_snapshot_covers_the_five_seeds(seeds_dir: Path):
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert sorted(snapshot) == sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert sum(b["type"] == "table" for layout in snapshot.values() for b in layout["blocks"]) == 12


@pytest.mark.parametrize("name", sorted(json.loads(SNAPSHOT.read_text(encoding="utf-8"))))
def test_seed_layout_is_unchanged(name: str, seeds_dir: Path):
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = layout_to_json(extract(seeds_dir / name), provenance=False)
    want = _without(snapshot[name], PROVENANCE)
    assert got["warnings"] == want["warnings"]
    assert len(got["blocks"]) == len(want["blocks"])
    for k, (g, w) in enumerate(zip(got["blocks"], want["blocks"])):
        assert g == w, f"block {k} differs"
    assert got == want


if __name__ == "__main__":
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    layouts = seed_layouts(Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS)
    SNAPSHOT.write_text(json.dumps(layouts, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT} ({len(layouts)} seeds)")
