"""Shared test paths.

The test data lives in the repository: ``tests/shared/`` is a copy of the parts of ``../shared`` (the
project's read-only store of seeds, layouts, gold, bug cases and hostile files) that the tests read, kept
equal to it by ``tests/sync_shared.py`` (``tests/test_shared_copy.py`` checks that where ``../shared``
exists).  Only the 22 MB public corpus stays outside: ``PUBLIC`` is ``../shared/corpus/public`` (or
``$COUNCIL_SHARED/corpus/public``), and tests over all of it skip, naming the folder, where it is absent.
The handful of public files tests open by name are in the copy (``public_dir``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sync_shared import EXTERNAL, IN_REPO

REPO = Path(__file__).resolve().parents[1]
SHARED = IN_REPO                                  # tests/shared: the in-repo copy of ../shared
SEEDS = SHARED / "corpus" / "seeds"
GOLD_SEEDS = SHARED / "gold" / "seeds"
PUBLIC = EXTERNAL / "corpus" / "public"           # the whole public corpus: outside the repo, may be absent
PUBLIC_SUBSET = SHARED / "corpus" / "public"      # its files that tests name one by one
DATA = REPO / "tests" / "data"
RAW = REPO / "data" / "raw"


def shared_path(*parts: str) -> Path:
    """A path in the in-repo copy of ../shared (tests/shared); FileNotFoundError if the copy lacks it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `.venv/bin/python tests/sync_shared.py` beside ../shared "
                                "and commit tests/shared")
    return path


def public_corpus() -> Path:
    """The whole public corpus (../shared/corpus/public); skips the calling test, naming it, if absent."""
    if not (PUBLIC / "MANIFEST.tsv").exists():
        pytest.skip(f"{PUBLIC} is absent (the 22 MB public corpus is not copied into the repo; "
                    "set COUNCIL_SHARED to the shared folder to run these tests)")
    return PUBLIC


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("corpus", "seeds")


@pytest.fixture(scope="session")
def gold_seeds_dir() -> Path:
    return shared_path("gold", "seeds")


@pytest.fixture(scope="session")
def public_dir() -> Path:
    """tests/shared/corpus/public: the public-corpus files tests name (tests/sync_shared.py PUBLIC_SUBSET)."""
    return shared_path("corpus", "public")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """data/raw plus an empty file and a binary file, in a folder the tests may change."""
    folder = tmp_path / "in"
    shutil.copytree(RAW, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.bin").write_bytes(bytes(range(256)) * 8)
    return folder
