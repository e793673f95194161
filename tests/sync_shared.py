"""Copy the test data the suite needs from ``../shared`` into ``tests/shared/`` (same tree), or check the copy.

``../shared`` (``/work/shared`` beside the clone, or ``$COUNCIL_SHARED``) is the project's read-only store
of corpora, gold and bug cases.  The tests read an in-repo copy so that a fresh clone passes on its own;
this script keeps that copy equal to the store:

    .venv/bin/python tests/sync_shared.py            # copy what changed, delete what the store no longer has
    .venv/bin/python tests/sync_shared.py --check    # list differences; exit 1 if there are any

What is copied: ``MIRRORED`` (whole files and folders) and ``PUBLIC_SUBSET`` (the few files of the 22 MB
public corpus that tests name one by one, under ``tests/shared/corpus/public/``).  The whole public corpus
is not copied: tests over all of it (``tests/test_pdf_public.py``) read ``../shared/corpus/public`` and
skip, naming that folder, where it is absent.  ``tests/test_shared_copy.py`` runs ``--check`` in the suite.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IN_REPO = REPO / "tests" / "shared"
EXTERNAL = Path(os.environ.get("COUNCIL_SHARED", REPO.parent / "shared"))

MIRRORED = (
    "DESIGN.md",
    "STYLE.md",
    "bugcases",
    "corpus/seeds",
    "corpus/layouts",
    "gold",
    "hostile",
)
PUBLIC_SUBSET = (  # corpus/public files that tests open by name (about 0.5 MB)
    "DemocracyClub_yournextrepresentative/example-file.docx",
    "OxfordCityCouncil_OxfordCityCouncil.github.io/local-digital-fund-application.html",
    "icdar2013/competition-dataset-eu/eu-001-str.xml",
    "icdar2013/competition-dataset-eu/eu-002.pdf",
    "icdar2013/competition-dataset-eu/eu-007.pdf",
    "icdar2013/competition-dataset-us/us-028.pdf",
    "jsvine_pdfplumber/150109DSP-Milw-505-90D.pdf",
    "jsvine_pdfplumber/senate-expenditures.pdf",
    "tabulapdf_tabula-java/spanning_cells.pdf",
)


def wanted(external: Path = EXTERNAL) -> list[str]:
    """Every file (path relative to the store, '/'-separated, sorted) the copy must hold.

    Raises FileNotFoundError naming the store when it or one of its listed parts is missing."""
    if not external.is_dir():
        raise FileNotFoundError(f"{external} is missing: set COUNCIL_SHARED to the shared test-data folder")
    out: list[str] = []
    for part in MIRRORED:
        src = external / part
        if src.is_file():
            out.append(part)
        elif src.is_dir():
            out += [p.relative_to(external).as_posix() for p in src.rglob("*") if p.is_file()]
        else:
            raise FileNotFoundError(f"{src} is missing from the shared store")
    out += [f"corpus/public/{rel}" for rel in PUBLIC_SUBSET]
    return sorted(out)


def present(in_repo: Path = IN_REPO) -> list[str]:
    """Every file of the in-repo copy, relative and sorted."""
    return sorted(p.relative_to(in_repo).as_posix() for p in in_repo.rglob("*") if p.is_file()) \
        if in_repo.is_dir() else []


def differences(external: Path = EXTERNAL, in_repo: Path = IN_REPO) -> list[str]:
    """One line per file that differs: 'missing X', 'extra X' (in the copy only) or 'changed X'; [] if equal."""
    want, have = wanted(external), set(present(in_repo))
    lines = [f"missing {rel}" for rel in want if rel not in have]
    lines += [f"extra {rel}" for rel in sorted(have - set(want))]
    lines += [f"changed {rel}" for rel in want
              if rel in have and not filecmp.cmp(external / rel, in_repo / rel, shallow=False)]
    return lines


def sync(external: Path = EXTERNAL, in_repo: Path = IN_REPO) -> list[str]:
    """Make the copy equal to the store; return the differences it mended (as ``differences`` words them)."""
    diff = differences(external, in_repo)
    for line in diff:
        word, rel = line.split(" ", 1)
        dest = in_repo / rel
        if word == "extra":
            dest.unlink()
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".tmp")
        shutil.copyfile(external / rel, tmp)
        tmp.chmod(0o644)
        tmp.replace(dest)
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only list the differences; exit 1 if any")
    args = parser.parse_args(argv)
    lines = differences() if args.check else sync()
    for line in lines:
        print(line)
    if not lines:
        print(f"{IN_REPO.relative_to(REPO)} matches {EXTERNAL}")
    return 1 if args.check and lines else 0


if __name__ == "__main__":
    sys.exit(main())
