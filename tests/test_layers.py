"""One direction: the package's imports form no circle and never reach from a lower layer to a higher one.

The imports are read statically (``ast``), every one of them, also those inside
functions, so a lazy import cannot hide a circle.  The layer table is data
(:data:`LAYERS`, the table of ``docs/architecture.md``): a new module must be
given its layer here, or this test fails and says so.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "windoweval"

#: Layers from the bottom up; a module may import its own layer (without a circle) and the layers below it.
#: A name covers the module and, for a package, every module in it unless a longer name says otherwise.
LAYERS: list[tuple[str, list[str]]] = [
    ("base", ["_version", "paths", "errors", "atomic", "calendar", "privacy", "cells", "i18n", "population", "numbers",
              "safepath", "html", "pools", "years"]),
    ("records", ["records",
                 # the survey's ingest: instruments, delivery checks and the survey store
                 "survey", "survey.instrument", "survey.delivery", "survey.screening", "survey.store",
                 "survey.template"]),
    ("rules", ["kernels", "dialogue", "catalog", "promise_register"]),
    ("engine", ["engine", "scoring", "summaries"]),
    ("evaluations", ["evaluation", "sections", "complaints", "promises", "review", "waiting", "survey.estimate", "survey.analysis",
                     "survey.design", "survey.fieldwork", "survey.pls"]),
    ("presentation", ["present", "exports", "report", "browser", "console", "params"]),
    # the entry points: the public API (the package itself), the demo's resolution, commands, demo generators
    ("edges", ["", "__main__", "program", "datadir", "cli", "demo"]),
]

#: Circles known and left for their own issue (each pair named, with why).  Any other circle fails.  None is left.
KNOWN_CIRCLES: dict[frozenset, str] = {}


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = list(f.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its code (``from a import b``: ``a.b`` if a module)."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            for a in node.names:
                sub = f"{mod}.{a.name}"
                found.add(sub if sub in modules else mod)
    out = set()
    for m in found:  # a module of the package, or the nearest package above a name in it
        while m and m not in modules:
            m = m.rpartition(".")[0]
        if m.startswith("windoweval") and m != name:
            out.add(m)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _layer(module: str) -> tuple[int, str] | None:
    """(rank, layer name) of ``module`` by the longest matching name of :data:`LAYERS`."""
    rel = module[len("windoweval"):].lstrip(".")
    best = None
    for rank, (layer, names) in enumerate(LAYERS):
        for n in names:
            if rel == n or (n and rel.startswith(n + ".")) or (n == "" and rel == ""):
                if best is None or len(n) > best[0]:
                    best = (len(n), rank, layer)
    return None if best is None else best[1:]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


GRAPH = _graph()


def test_the_walker_sees_function_level_and_relative_imports():
    # kernels reads record contracts inside a function; cli imports the survey's commands by a relative name
    assert "windoweval.records" in GRAPH["windoweval.kernels.promises"]
    assert "windoweval.cli.survey" in GRAPH["windoweval.cli"]
    assert "windoweval.paths" in GRAPH["windoweval.survey.instrument"]   # `from windoweval import paths`
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_has_a_layer():
    missing = sorted(m for m in GRAPH if _layer(m) is None)
    assert not missing, f"give these modules a layer in tests/test_layers.py LAYERS and docs/architecture.md: {missing}"


def test_no_import_reaches_up():
    bad = []
    for src, targets in GRAPH.items():
        s = _layer(src)
        for dst in sorted(targets):
            d = _layer(dst)
            if s and d and d[0] > s[0]:
                bad.append(f"{src} ({s[1]}) imports {dst} ({d[1]})")
    assert not bad, "imports from a lower layer to a higher one:\n" + "\n".join(bad)


def test_no_import_circle():
    circles = [c for c in _cycles(GRAPH) if frozenset(c) not in KNOWN_CIRCLES]
    assert not circles, "import circles:\n" + "\n".join(" <-> ".join(c) for c in circles)


@pytest.mark.parametrize("module", ["windoweval.records", "windoweval.records.workspace", "windoweval.records.store",
                                   "windoweval.engine", "windoweval.scoring", "windoweval.complaints",
                                   "windoweval.review", "windoweval.promises", "windoweval.evaluation",
                                   "windoweval.report"])
def test_the_core_never_reaches_for_the_demo(module):
    demo = {m for m in GRAPH if m == "windoweval.demo" or m.startswith("windoweval.demo.")} | {"windoweval.datadir"}
    assert not GRAPH[module] & demo


def test_no_dynamic_import_of_the_package_and_no_optional_own_module():
    """Subcommands and demo parts are imported by name, never through importlib or ``except ImportError``."""
    bad = []
    for f in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and any(
                    isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                    for h in node.handlers):
                own = [n for b in node.body for n in ast.walk(b)
                       if isinstance(n, ast.ImportFrom) and (n.level or (n.module or "").startswith("windoweval"))]
                if own:
                    bad.append(f"{f.name}:{node.lineno} imports the package's own module as optional")
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("import_module") and node.args \
                    and not isinstance(node.args[0], ast.Constant):
                bad.append(f"{f.name}:{node.lineno} imports a module by a computed name")
    assert not bad, "\n".join(bad)


def test_notebooks_import_the_package_plainly():
    nb = PACKAGE.parent / "notebooks"
    bad = [f"{p.name}: {line.strip()[:80]}" for p in sorted(nb.glob("*.ipynb"))
           for line in p.read_text(encoding="utf-8").splitlines() if 'optional(\\"windoweval' in line]
    assert not bad, "notebooks treat the package's own modules as optional:\n" + "\n".join(bad)


def test_the_architecture_page_names_every_layer_as_this_table_does():
    """``docs/architecture.md``'s layer table is the one a developer reads; it had left out ``cells``, ``numbers``
    (base) and ``summaries`` (engine), which :data:`LAYERS` places.  Every name of :data:`LAYERS` (but the package
    itself and ``__main__``) stands, in backquotes, in its own layer's row of the page."""
    import re

    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| (\w+) \| (.*)$", page, re.M)}
    absent = {layer: [n for n in names if n not in ("", "__main__")
                      and f"`{n}`" not in rows.get(layer, "") and f"`{n}/`" not in rows.get(layer, "")]
              for layer, names in LAYERS}
    assert not {k: v for k, v in absent.items() if v}, f"not in docs/architecture.md's row of its layer: {absent}"
