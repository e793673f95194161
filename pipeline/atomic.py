"""One way to write a user-facing file (an export, a review page) so that it is never half written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; when the block ends without an error, give it the
    permissions an ordinary new file gets (``0o666`` less the umask: ``mkstemp`` makes it private) and
    move it onto ``out`` with ``os.replace``.  The temporary file never outlives the block.

    Parent folders are created.  Errors are the caller's (``OSError`` for a full disk or a read-only
    folder).

    >>> import tempfile as t; folder = Path(t.mkdtemp())
    >>> with atomic_file(folder / "a.csv") as tmp: _ = tmp.write_text("x,y\\n")
    >>> (folder / "a.csv").read_text(), sorted(p.name for p in folder.iterdir())
    ('x,y\\n', ['a.csv'])
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
