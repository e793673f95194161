"""Walk a run's inputs: every path named, or found under a named folder, is a file to run or a named skip.

Nothing is opened to decide: a FIFO, socket or device, a symlink loop, a link out of the inputs or a
folder that cannot be listed is a counted :class:`Skip` with its reason; hidden names and data/code
files beside the reports are passed over and counted.  Used by :mod:`pipeline.batch` (``run``) and
:mod:`pipeline.review`.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractors import special_file_kind
from pipeline.run import printable

# Names never taken from a folder: hidden files and folders, and Word's lock files (~$report.docx).
SKIP_PREFIXES = (".", "~$")
# Data and code files that sit beside reports in a folder (gold JSON, READMEs, scripts, our own
# Parquet): a folder walk passes them over and the summary counts them; named explicitly, they run.
PASSED_OVER_SUFFIXES = frozenset(
    [".json", ".jsonl", ".xml", ".xsd", ".py", ".md", ".ipynb", ".parquet", ".csv", ".tsv", ".yml", ".yaml", ".toml", ".js", ".css", ".lock"]
)
SKIP_EXAMPLES = 3         # paths named per reason in the summary's "not run" lines


@dataclass(frozen=True, slots=True)
class Skip:
    """An input path that is not a file to run, and why (a named, counted skip)."""

    path: str     # printable (see pipeline.run.printable)
    reason: str   # "not a regular file: a named pipe (FIFO)", "symlink loop", ...


@dataclass(frozen=True, slots=True)
class Walk:
    """What a walk of the inputs found."""

    files: tuple[Path, ...]       # regular files to run, sorted, absolute
    passed_over: int = 0          # data/code files (.json, .md, .py, ...) a folder walk did not take
    skips: tuple[Skip, ...] = ()  # paths that are not files to run
    hidden: int = 0               # hidden names (.x, ~$x) a folder walk did not take


def skip_lines(skips: Sequence[Skip]) -> list[str]:
    """The paths that were not run, grouped by reason, a few named per reason.

    >>> print("\\n".join(skip_lines([Skip("/in/pipe.txt", "not a regular file: a named pipe (FIFO)")])))
    1 paths not run:
      1 not a regular file: a named pipe (FIFO): /in/pipe.txt
    """
    if not skips:
        return []
    by_reason: dict[str, list[str]] = {}
    for s in skips:
        by_reason.setdefault(s.reason, []).append(s.path)
    lines = [f"{len(skips)} paths not run:"]
    for reason, paths in sorted(by_reason.items()):
        more = f" and {len(paths) - SKIP_EXAMPLES} more" if len(paths) > SKIP_EXAMPLES else ""
        lines.append(f"  {len(paths)} {reason}: {', '.join(paths[:SKIP_EXAMPLES])}{more}")
    return lines


def is_skipped_name(name: str) -> bool:
    """Return True for names a folder walk never takes.

    >>> [is_skipped_name(n) for n in (".DS_Store", "~$plan.docx", "plan.docx")]
    [True, True, False]
    """
    return name.startswith(SKIP_PREFIXES)


def find_inputs(inputs: Iterable[Path], out_dir: Path | None = None) -> tuple[Path, ...]:
    """Return the absolute paths of every file named or found under a named folder, in sorted order.

    Folders are walked recursively, skipping hidden files and folders, the output folder itself
    (``run . --out data/processed`` must not read its own Parquet files) and data/code files
    (:data:`PASSED_OVER_SUFFIXES`).  A file named explicitly is always taken.

    >>> [p.name for p in find_inputs([Path("data/raw")])][:2]       # doctest: +SKIP
    ['000_183e9267aebdd3be.txt', '001_bc951520d11eea04.txt']
    """
    return walk_inputs(inputs, out_dir).files


OUTSIDE_LINK = "symlink to a file outside the inputs, not followed (--follow-symlinks to allow it)"


def classify_path(path: Path, roots: Sequence[Path] | None = None) -> Skip | None:
    """Return why ``path`` is not a file to run (never opening it), or None for a regular file.

    A loop, a dangling link, a FIFO, socket or device is a skip; so is a symlink whose target lies
    outside every folder in ``roots`` (resolved input folders and named files; None: any target).
    A path that vanished since it was listed is a skip too: there is nothing left to report on.
    """
    where = printable(str(path))
    try:
        st = path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            return Skip(where, "symlink loop")
        if path.is_symlink():
            return Skip(where, "symlink to nothing (dangling)")
        if e.errno == errno.ENOENT:
            return Skip(where, "vanished before it could be read")
        return Skip(where, f"could not be examined ({e.strerror})")
    kind = special_file_kind(st.st_mode)
    if kind is not None:
        if stat.S_ISDIR(st.st_mode):
            return Skip(where, "symlink to a folder, not followed (name the folder to run it)")
        return Skip(where, f"not a regular file: {kind}")
    if roots is not None and path.is_symlink() and not inside(Path(os.path.realpath(path)), roots):
        return Skip(where, OUTSIDE_LINK)
    return None


def inside(real: Path, roots: Sequence[Path]) -> bool:
    """True when the resolved path ``real`` is one of ``roots`` or lies under one.

    >>> inside(Path("/in/a/b.txt"), [Path("/in")]), inside(Path("/etc/passwd"), [Path("/in"), Path("/x.txt")])
    (True, False)
    """
    return any(real == r or real.is_relative_to(r) for r in roots)


@dataclass
class _Walker:
    """What :func:`walk_inputs` collects as it goes."""

    out_real: Path | None
    roots: Sequence[Path] | None
    found: list[Path] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    passed_over: int = 0
    hidden: int = 0

    def unlistable(self, error: OSError) -> None:
        self.skips.append(Skip(printable(str(error.filename)), f"folder could not be read ({error.strerror})"))

    def take(self, path: Path, roots: Sequence[Path] | None) -> None:
        skip = classify_path(path, roots)
        if skip is None:
            self.found.append(path)
        else:
            self.skips.append(skip)

    def folders(self, root: Path, dirs: list[str]) -> list[str]:
        kept = []
        for d in sorted(dirs):
            if is_skipped_name(d):
                self.hidden += 1
            elif (root / d).resolve() == self.out_real:
                continue
            elif (root / d).is_symlink():   # os.walk does not follow links to folders
                self.skips.append(Skip(printable(str(root / d)),
                                       "symlink to a folder, not followed (name the folder to run it)"))
            else:
                kept.append(d)
        return kept

    def files(self, root: Path, files: list[str]) -> None:
        for f in sorted(files):
            if is_skipped_name(f):
                self.hidden += 1
            elif Path(f).suffix.lower() in PASSED_OVER_SUFFIXES:
                self.passed_over += 1
            else:
                self.take(root / f, self.roots)


def walk_inputs(inputs: Iterable[Path], out_dir: Path | None = None, *, follow_symlinks: bool = False) -> Walk:
    """Return the files :func:`find_inputs` takes, the data/code files and hidden names passed over
    (both counted), and the named skips.

    Folders that cannot be listed and entries that are not regular files (FIFOs, sockets, devices,
    symlink loops, links to folders) are skips; so is a symlink in a folder whose target is outside
    every input (``/etc/passwd``, a key, ``/proc/self/environ``) unless ``follow_symlinks``.  A file
    named explicitly is an input of its own: a link named on the command line is followed.
    Nothing is opened to find out.
    """
    items = [Path(os.path.abspath(i)) for i in inputs]
    roots = None if follow_symlinks else [Path(os.path.realpath(i)) for i in items]
    walker = _Walker(Path(out_dir).resolve() if out_dir is not None else None, roots)
    for item in items:
        if not item.is_dir():
            if not item.exists() and not item.is_symlink():
                raise FileNotFoundError(f"{printable(str(item))}: no such file or folder; check the path")
            walker.take(item, None)
            continue
        for root, dirs, files in os.walk(item, onerror=walker.unlistable):
            dirs[:] = walker.folders(Path(root), dirs)
            walker.files(Path(root), files)
    return Walk(tuple(sorted(dict.fromkeys(walker.found))), walker.passed_over, tuple(walker.skips), walker.hidden)
