"""The rooms of symgd, and that imports only go down between them.

The import graph of ``symgd/`` and ``derivations/`` is read from the ``ast`` of every file, imports inside
functions included (a lazy import is still a dependency).  Imports under ``if TYPE_CHECKING:`` are never
executed: they count for the layering, not for cycles.  Importing ``a.b.c`` runs ``a/__init__.py`` first;
that implicit edge is not counted (every module would depend on the facade).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# rank of each room: a module may import its own room and rooms of lower rank, nothing else
# (rooms of equal rank are separate: decide and optim never import each other).
RANK = {"core": 0, "decide": 1, "optim": 1, "latex": 2, "bea": 2, "rates": 2, "facade": 3, "derivations": 3, "app": 4}
ROOMS = {"core", "decide", "optim", "latex", "bea", "rates", "app"}  # packages under symgd/
FACADE = {"symgd", "symgd.testing", "symgd.rules", "symgd.optimizers", "symgd.pytest_plugin"}
EXTRA = {("derivations", "facade")}  # a derivation may use the public facade (same rank, one way)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    typing_only: bool

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} (line {self.line})"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of symgd/ and derivations/ by dotted name."""
    return {module_name(p, root): p for top in ("symgd", "derivations") for p in sorted((root / top).rglob("*.py"))}


class _Imports(ast.NodeVisitor):
    """(dotted name, line, under TYPE_CHECKING) of every import statement, at any depth."""

    def __init__(self, name: str, is_package: bool) -> None:
        self.package = name if is_package else name.rpartition(".")[0]
        self.found: list[tuple[tuple[str, ...], int, bool]] = []  # (candidate targets, line, typing only)
        self._typing = False

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        typing = (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
        if not typing:
            self.generic_visit(node)
            return
        before, self._typing = self._typing, True
        for child in node.body:
            self.visit(child)
        self._typing = before
        for child in node.orelse:
            self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        self.found += [((alias.name,), node.lineno, self._typing) for alias in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        self.found += [((f"{module}.{alias.name}", module), node.lineno, self._typing) for alias in node.names]


def graph(mods: dict[str, Path]) -> list[Edge]:
    """The edges between modules of ``mods`` (``from pkg import name`` is an edge to ``pkg.name`` when that is a
    module, else to ``pkg``; an import of a module that does not exist (yet) is no edge)."""
    edges: dict[Edge, None] = {}  # one edge per import statement, in order
    for name, path in mods.items():
        visitor = _Imports(name, path.name == "__init__.py")
        visitor.visit(ast.parse(path.read_text(), str(path)))
        for candidates, line, typing in visitor.found:
            target = next((c for c in candidates if c in mods), None)
            if target is not None and target != name:
                edges[Edge(name, target, line, typing)] = None
    return list(edges)


def room(name: str) -> str:
    parts = name.split(".")
    if parts[0] == "derivations":
        return "derivations"
    if len(parts) > 1 and parts[1] in ROOMS:
        return parts[1]
    if name in FACADE:
        return "facade"
    raise LookupError(f"{name} is in no room: move it into one, or list it in FACADE if it is public API")


def layering_violations(edges: list[Edge]) -> list[str]:
    """Every edge that goes up or sideways between rooms, and every import of the catalogue outside its place."""
    bad = []
    for e in edges:
        a, b = room(e.source), room(e.target)
        if b == "derivations" and a not in ("app", "derivations"):
            bad.append(f"{e}: only symgd/app/ imports the catalogue (derivations/)")
        elif a == "derivations" and b == "derivations":
            own = e.source == "derivations" or e.target.rpartition(".")[2].startswith("_")
            if not own:
                bad.append(f"{e}: a derivation imports another one; shared helpers go to derivations/_common.py")
        elif a != b and RANK[b] >= RANK[a] and (a, b) not in EXTRA:
            bad.append(f"{e}: room {a} (rank {RANK[a]}) may not import room {b} (rank {RANK[b]})")
    return bad


def cycles(edges: list[Edge]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), ignoring typing-only edges."""
    succ: dict[str, list[str]] = {}
    for e in edges:
        if not e.typing_only:
            succ.setdefault(e.source, []).append(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in succ.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(succ):
        if v not in index:
            visit(v)
    return out


@pytest.fixture(scope="module")
def edges() -> list[Edge]:
    return graph(modules())


def test_the_graph_is_read_with_lazy_imports(edges) -> None:
    mods = modules()
    assert {"symgd", "symgd.core.derivation", "symgd.app.cli", "derivations"} <= set(mods)
    pairs = {(e.source, e.target) for e in edges}
    # symgd.app.loader imports the catalogue inside a function only
    assert ("symgd.app.loader", "derivations") in pairs
    assert ("symgd.core.derivation", "symgd.core.claims") in pairs
    for name in mods:
        room(name)  # every module is in a room


def test_no_import_cycles(edges) -> None:
    assert cycles(edges) == []


def test_imports_only_go_down(edges) -> None:
    assert layering_violations(edges) == []


def test_the_checker_catches_each_kind_of_violation(tmp_path) -> None:
    """A small fake tree with one violation of each kind: each is reported (the checks above cannot pass vacuously)."""
    files = {
        "symgd/__init__.py": "",
        "symgd/core/__init__.py": "",
        "symgd/core/a.py": "def f():\n    from symgd.latex import b\n",  # lazy, upward
        "symgd/latex/__init__.py": "",
        "symgd/latex/b.py": "from symgd.core import a\nimport derivations\n",  # fine; catalogue outside app
        "symgd/decide/__init__.py": "from symgd.optim import c\n",  # sideways
        "symgd/optim/__init__.py": "",
        "symgd/optim/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from symgd.decide import x\n",
        "symgd/app/__init__.py": "from derivations import one\n",  # fine
        "derivations/__init__.py": "from . import one, two, _common\n",  # fine: the registry
        "derivations/_common.py": "import symgd\n",
        "derivations/one.py": "from derivations._common import h\nfrom derivations.two import g\n",  # a derivation
        "derivations/two.py": "from symgd.app import cli\n",  # upward
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    fake = graph(modules(tmp_path))
    bad = "\n".join(layering_violations(fake))
    assert "symgd.core.a -> symgd.latex.b (line 2): room core (rank 0) may not import room latex" in bad
    assert "symgd.latex.b -> derivations (line 2): only symgd/app/" in bad
    assert "symgd.decide -> symgd.optim.c (line 1): room decide (rank 1) may not import room optim" in bad
    assert "symgd.optim.c -> symgd.decide" in bad  # typing-only imports still count for the layering
    assert "derivations.one -> derivations.two (line 2): a derivation imports another one" in bad
    assert "derivations.two -> symgd.app" in bad
    assert len(bad.splitlines()) == 6, bad
    # two cycles; the typing-only optim -> decide edge closes none
    assert sorted(cycles(fake)) == [["derivations.one", "derivations.two", "symgd.app"], ["symgd.core.a", "symgd.latex.b"]]
    with pytest.raises(LookupError, match="in no room"):
        room("symgd.stray")
