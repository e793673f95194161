"""Shared test paths.  The corpus lives in ../shared beside the repo (as in CI); tests fail loudly without it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COUNCIL_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
PUBLIC = SHARED / "corpus" / "public"
GOLD_SEEDS = SHARED / "gold" / "seeds"
DATA = REPO / "tests" / "data"
RAW = REPO / "data" / "raw"


def shared_path(*parts: str) -> Path:
    """A path under ../shared that must exist: the corpus is part of the test suite, not optional."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: clone the repo next to shared/ or set COUNCIL_SHARED")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("corpus", "seeds")


@pytest.fixture(scope="session")
def gold_seeds_dir() -> Path:
    return shared_path("gold", "seeds")


@pytest.fixture(scope="session")
def public_dir() -> Path:
    return shared_path("corpus", "public")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """data/raw plus an empty file and a binary file, in a folder the tests may change."""
    folder = tmp_path / "in"
    shutil.copytree(RAW, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.bin").write_bytes(bytes(range(256)) * 8)
    return folder
