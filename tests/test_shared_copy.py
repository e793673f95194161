"""tests/shared is an exact copy of what the tests need from ../shared (tests/sync_shared.py keeps it so).

Where ../shared (or $COUNCIL_SHARED) is present, as in CI, every file listed by the sync script must be
byte-identical in the copy, and the copy must hold nothing else; a fresh clone without ../shared skips
the comparison, saying why, and still checks that the copy is complete enough to run the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sync_shared
from conftest import SHARED


def test_copy_matches_the_shared_store() -> None:
    if not sync_shared.EXTERNAL.is_dir():
        pytest.skip(f"{sync_shared.EXTERNAL} is absent: nothing to compare tests/shared with")
    assert sync_shared.differences() == [], "run `.venv/bin/python tests/sync_shared.py` and commit tests/shared"


def test_copy_holds_every_part_the_tests_read() -> None:
    for part in sync_shared.MIRRORED:
        assert (SHARED / part).exists(), part
    for rel in sync_shared.PUBLIC_SUBSET:
        assert (SHARED / "corpus" / "public" / rel).is_file(), rel
    assert len(list((SHARED / "corpus" / "seeds").glob("*.txt"))) == 5
    assert len(list((SHARED / "gold" / "seeds").glob("*.json"))) == 5


def test_differences_name_missing_extra_and_changed_files(tmp_path: Path) -> None:
    store, copy = tmp_path / "store", tmp_path / "copy"
    for part in sync_shared.MIRRORED:
        (store / part).parent.mkdir(parents=True, exist_ok=True)
        if "." in Path(part).name:
            (store / part).write_text(part)
        else:
            (store / part).mkdir()
            (store / part / "a.txt").write_text("a")
    for rel in sync_shared.PUBLIC_SUBSET:
        (store / "corpus" / "public" / rel).parent.mkdir(parents=True, exist_ok=True)
        (store / "corpus" / "public" / rel).write_bytes(b"x")
    assert sync_shared.sync(store, copy)[0].startswith("missing ")
    assert sync_shared.differences(store, copy) == []
    (copy / "gold" / "a.txt").write_text("b")
    (copy / "hostile" / "stray.txt").write_text("s")
    assert sync_shared.differences(store, copy) == ["extra hostile/stray.txt", "changed gold/a.txt"]
    sync_shared.sync(store, copy)
    assert sync_shared.differences(store, copy) == []
