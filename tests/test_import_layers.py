"""The import structure of pipeline/: no import circle, and the reading core's layers only import downwards.

Every ``import`` / ``from ... import`` in pipeline/ counts, at module level or inside a function (an
import moved into a function to dodge a circle is still a circle).  The layers of pipeline/reading/
are listed in :data:`READING_LAYERS` (the same order as pipeline/reading/model.py's docstring): a
module imports only from layers below its own, and no reader imports another reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PIPELINE = REPO / "pipeline"

# Lowest first.  A module may import from a module of a lower layer only.
READING_LAYERS: tuple[tuple[str, ...], ...] = (
    ("pipeline.reading.model",),
    ("pipeline.reading.evidence",),
    ("pipeline.reading.columns",),
    ("pipeline.reading.shared",),
    ("pipeline.reading.headings",),
    ("pipeline.reading.fit",),
    ("pipeline.reading.readers.*",),
    ("pipeline.reading.loop",),
)


def module_name(path: Path, root: Path = REPO) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, name: str, known: set[str], *, is_package: bool = False) -> set[str]:
    """The modules of ``known`` that module ``name`` imports (any depth in the file; relative imports
    resolved; ``from package import module`` counts as importing the module)."""
    out: set[str] = set()
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for t in targets:
            # "import pipeline.reading.loop" names the package modules on the way too; count the module named.
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def import_graph(root: Path = REPO, package: str = "pipeline") -> dict[str, set[str]]:
    files = sorted((root / package).rglob("*.py"))
    names = {module_name(f, root): f for f in files}
    known = set(names)
    return {n: imports_of(f.read_text(encoding="utf-8"), n, known, is_package=f.name == "__init__.py")
            for n, f in names.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def layer_of(name: str, layers: tuple[tuple[str, ...], ...] = READING_LAYERS) -> int | None:
    for rank, patterns in enumerate(layers):
        for p in patterns:
            if name == p or (p.endswith(".*") and name.startswith(p[:-1]) and name != p[:-2]):
                return rank
    return None


def reader_of(name: str) -> str | None:
    """The reader a module belongs to: ``pipeline.reading.readers.items`` for the package and its parts
    (``...items.lines``), else None."""
    parts = name.split(".")
    return ".".join(parts[:4]) if name.startswith("pipeline.reading.readers.") and len(parts) >= 4 else None


def layer_breaches(graph: dict[str, set[str]], layers: tuple[tuple[str, ...], ...] = READING_LAYERS) -> list[str]:
    """``"a -> b"`` for each import from a layer to the same or a higher one (a reader importing another
    reader included; the parts of one reader package may import each other), and from anything in a layer to a pipeline module above the reading core that
    imports it (records, run, ...: those are not in a layer and may only be imported by the loop's callers)."""
    out = []
    for a, targets in sorted(graph.items()):
        la = layer_of(a, layers)
        if la is None:
            continue
        for b in sorted(targets):
            lb = layer_of(b, layers)
            if lb is None:
                if b.startswith("pipeline.reading"):
                    out.append(f"{a} -> {b} (not in a layer)")
                continue
            if lb >= la and not (reader_of(a) is not None and reader_of(a) == reader_of(b)):
                out.append(f"{a} -> {b}")
    return out


def test_pipeline_has_no_import_circle() -> None:
    found = circles(import_graph())
    assert found == [], f"import circles in pipeline/: {found}"


def test_reading_layers_import_only_downwards() -> None:
    graph = import_graph()
    reading = [n for n in graph if n.startswith("pipeline.reading.") and not n.endswith(("reading", "readers"))]
    unplaced = [n for n in reading if layer_of(n) is None]
    assert unplaced == [], f"modules of pipeline/reading/ in no layer (add them to READING_LAYERS): {unplaced}"
    assert layer_breaches(graph) == []


def test_the_reading_model_imports_nothing_of_the_reading_core() -> None:
    graph = import_graph()
    assert {m for m in graph["pipeline.reading.model"] if m.startswith("pipeline.")} == {"pipeline.vocab"}


def test_extractors_never_import_the_pipeline() -> None:
    pipeline_modules = {module_name(f) for f in PIPELINE.rglob("*.py")}
    found = {module_name(f): imports_of(f.read_text(encoding="utf-8"), module_name(f), pipeline_modules)
             for f in (REPO / "extractors").rglob("*.py")}
    assert {n: ts for n, ts in found.items() if ts} == {}


def test_the_checks_catch_a_circle_and_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a circle hidden in a function-level import, a reader importing a reader,
    and the model importing the loop are all found."""
    reading = tmp_path / "pipeline" / "reading"
    (reading / "readers").mkdir(parents=True)
    for f in ("pipeline/__init__.py", "pipeline/reading/__init__.py", "pipeline/reading/readers/__init__.py"):
        (tmp_path / f).write_text("")
    (reading / "model.py").write_text("def f():\n    from pipeline.reading import loop\n")
    (reading / "loop.py").write_text("from pipeline.reading.readers.a import read_a\n")
    (reading / "readers" / "a.py").write_text("from pipeline.reading.model import f\nfrom .b import read_b\n")
    (reading / "readers" / "b.py").write_text("from pipeline.reading.model import f\n")
    (reading / "readers" / "c").mkdir()   # a reader in parts: the parts may import each other
    (reading / "readers" / "c" / "__init__.py").write_text("from .lines import read_c\n")
    (reading / "readers" / "c" / "lines.py").write_text("from pipeline.reading.readers.b import read_b\n")
    graph = import_graph(tmp_path)
    assert circles(graph) == [["pipeline.reading.loop", "pipeline.reading.model", "pipeline.reading.readers.a",
                               "pipeline.reading.readers.b"]]
    assert layer_breaches(graph) == ["pipeline.reading.model -> pipeline.reading.loop",
                                     "pipeline.reading.readers.a -> pipeline.reading.readers.b",
                                     "pipeline.reading.readers.c.lines -> pipeline.reading.readers.b"]
