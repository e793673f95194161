"""List every record and document field that differs between two council-extract datasets.

Used to prove that a refactor keeps behaviour: run the same inputs through the code before and after
into two output folders, then::

    .venv/bin/python benchmarks/diff_datasets.py BEFORE_DIR AFTER_DIR [--ignore-column sources]

Records are matched by ``(source_file, seq)``; documents by ``source_file``.  Columns that change on
every run (``processed_at``, ``seconds``, ``pipeline_version``) are never compared.  Prints one line per
difference and a summary; exits 0 when the datasets are equal, 1 when they differ, 2 on a bad folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.store import read_table  # noqa: E402

VOLATILE = {"processed_at", "seconds", "pipeline_version", "record_id", "doc_id", "source_path"}
KEYS = {"records": ("source_file", "seq"), "documents": ("source_file",)}


def _rows(folder: Path, table: str) -> dict[tuple, dict]:
    """``{key: row}`` of one table of a dataset; key columns from :data:`KEYS`."""
    rows = read_table(folder, table).to_pylist()
    return {tuple(row[k] for k in KEYS[table]): row for row in rows}


def diff_table(before: Path, after: Path, table: str, ignore: set[str]) -> list[str]:
    """Human-readable lines, one per missing/extra row or differing field of ``table``."""
    old, new = _rows(before, table), _rows(after, table)
    lines = [f"{table} {key}: only before" for key in sorted(old.keys() - new.keys(), key=str)]
    lines += [f"{table} {key}: only after" for key in sorted(new.keys() - old.keys(), key=str)]
    for key in sorted(old.keys() & new.keys(), key=str):
        for column in sorted(old[key].keys() | new[key].keys()):
            if column in VOLATILE or column in ignore:
                continue
            a, b = old[key].get(column), new[key].get(column)
            if a != b:
                lines.append(f"{table} {key} {column}: {a!r} -> {b!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore-column", action="append", default=[], help="a column not to compare (repeatable)")
    parser.add_argument("--tables", default="documents,records", help="comma-separated tables (default: %(default)s)")
    args = parser.parse_args(argv)
    for folder in (args.before, args.after):
        if not (folder / "records").is_dir():
            print(f"{folder}: not a council-extract dataset (no records/ folder)", file=sys.stderr)
            return 2
    lines: list[str] = []
    for table in args.tables.split(","):
        lines += diff_table(args.before, args.after, table, set(args.ignore_column))
    for line in lines:
        print(line)
    n_records = len(_rows(args.after, "records"))
    print(f"{len(lines)} differences; {n_records} records after")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
