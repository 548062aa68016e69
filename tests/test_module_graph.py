"""Issue 25: no import cycles among the package's modules, and no module imports another's private names.

The graph is read from the source (ast), not from what happens to be imported at run time:

* an edge is an import statement in module A that names module B of the package, wherever the statement is.
  Function-level ("lazy") imports count: they only put off the moment the two modules need each other, and
  whether a cycle through one breaks depends on which code runs first. The CLI keeps its lazy imports for
  start-up time; they are fine as long as they do not close a circle.
* ``from M import name`` is an edge to ``M.name`` when that is a module, else to ``M``.
* importing ``pkg.sub.mod`` also runs ``pkg/__init__`` and ``pkg/sub/__init__``; those implicit parent
  imports are not edges (every submodule would otherwise "import" its package).
* a private name is one starting with a single ``_``; importing it from another module of the package, or
  reading it as an attribute of an imported package module (``confgen._header``), is a finding.

The checker proves itself on synthetic packages written to tmp_path before it judges the real one.
"""
from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "src" / "asterisk_ara"


@dataclass
class Graph:
    modules: dict[str, Path]
    #: module -> imported module -> line numbers of the import statements
    edges: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: "module:line imports private NAME from OTHER"
    private: list[str] = field(default_factory=list)

    def cycles(self) -> list[list[str]]:
        """Strongly connected components of more than one module, or a module importing itself (Tarjan)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        found: list[list[str]] = []

        def visit(v: str) -> None:
            index[v] = low[v] = len(index)
            stack.append(v)
            on_stack.add(v)
            for w in self.edges.get(v, {}):
                if w not in index:
                    visit(w)
                    low[v] = min(low[v], low[w])
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1 or v in self.edges.get(v, {}):
                    found.append(sorted(component))

        for module in sorted(self.modules):
            if module not in index:
                visit(module)
        return sorted(found)

    def explain(self, component: list[str]) -> str:
        return "; ".join(f"{a} -> {b} (line {', '.join(map(str, lines))})" for a in component
                         for b, lines in sorted(self.edges.get(a, {}).items()) if b in component)


def module_graph(package_dir: Path) -> Graph:
    """The import graph of the package rooted at ``package_dir`` (its name is the directory's name)."""
    name = package_dir.name
    modules: dict[str, Path] = {}
    packages: set[str] = set()
    for path in sorted(package_dir.rglob("*.py")):
        parts = [name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
            packages.add(".".join(parts))
        modules[".".join(parts)] = path
    graph = Graph(modules)

    def private(text: str) -> bool:
        return text.startswith("_") and not text.startswith("__")

    for module, path in modules.items():
        tree = ast.parse(path.read_text(), str(path))
        here = module.split(".") if module in packages else module.split(".")[:-1]  # what "." means
        bound: dict[str, str] = {}  # local name -> package module it stands for
        edges = graph.edges.setdefault(module, {})

        def edge(target: str, line: int) -> None:
            while target not in modules and "." in target:  # pkg.mod.attr -> pkg.mod
                target = target.rsplit(".", 1)[0]
            if target in modules and target != module:
                edges.setdefault(target, []).append(line)

        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[:len(here) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                if source != name and not source.startswith(name + "."):
                    continue
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    if full in modules:
                        edge(full, node.lineno)
                        bound[alias.asname or alias.name] = full
                    else:
                        edge(source, node.lineno)
                    if private(alias.name):
                        graph.private.append(f"{module}:{node.lineno} imports private {alias.name} from {source}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == name or alias.name.startswith(name + "."):
                        edge(alias.name, node.lineno)
                        if alias.asname:
                            bound[alias.asname] = alias.name
                        for part in alias.name.split(".")[1:]:
                            if private(part):
                                graph.private.append(f"{module}:{node.lineno} imports private module {alias.name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                    and private(node.attr) and f"{bound[node.value.id]}.{node.attr}" not in modules):
                graph.private.append(f"{module}:{node.lineno} uses private {node.attr} of {bound[node.value.id]}")
    return graph


def write_package(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root / next(iter(files)).split("/")[0]


CLEAN = {
    "pkg/__init__.py": "from .api import run\n",
    "pkg/api.py": "from . import shared\nfrom .shared import PUBLIC\n\ndef run():\n    from .sub import worker  # lazy\n"
                  "    return worker.go(shared.helper())\n",
    "pkg/shared.py": "import os\nPUBLIC = 1\n_internal = 2\n\ndef helper():\n    return _internal\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/worker.py": "from .. import shared\nfrom ..shared import PUBLIC\n\ndef go(x):\n    return x + PUBLIC\n",
}


def test_a_clean_package_passes_and_its_edges_are_read_right(tmp_path):
    graph = module_graph(write_package(tmp_path, CLEAN))
    assert set(graph.modules) == {"pkg", "pkg.api", "pkg.shared", "pkg.sub", "pkg.sub.worker"}
    assert set(graph.edges["pkg.api"]) == {"pkg.shared", "pkg.sub.worker"}  # the lazy one included
    assert set(graph.edges["pkg.sub.worker"]) == {"pkg.shared"}  # ".." from a subpackage's module
    assert set(graph.edges["pkg"]) == {"pkg.api"}
    assert graph.cycles() == [] and graph.private == []


def test_a_cycle_through_a_lazy_import_is_found(tmp_path):
    files = {**CLEAN, "pkg/shared.py": CLEAN["pkg/shared.py"] + "\ndef back():\n    from .api import run\n    return run\n"}
    graph = module_graph(write_package(tmp_path, files))
    # shared -> api (lazy) closes two circles: api -> shared and api -> sub.worker -> shared.
    assert graph.cycles() == [["pkg.api", "pkg.shared", "pkg.sub.worker"]]
    assert "pkg.shared -> pkg.api (line 9)" in graph.explain(graph.cycles()[0])


def test_a_cycle_of_three_across_packages_and_absolute_imports_is_found(tmp_path):
    files = {**CLEAN, "pkg/sub/worker.py": "import pkg.api as api\n\ndef go(x):\n    return x\n",
             "pkg/shared.py": "from pkg.sub import worker\n\ndef helper():\n    return 1\n"}
    graph = module_graph(write_package(tmp_path, files))
    assert graph.cycles() == [["pkg.api", "pkg.shared", "pkg.sub.worker"]]


def test_private_imports_and_private_attributes_are_found(tmp_path):
    files = {**CLEAN,
             "pkg/api.py": "from .shared import _internal\n\ndef run():\n    return _internal\n",
             "pkg/sub/worker.py": "from .. import shared\n\ndef go(x):\n    return shared._internal + x\n"}
    graph = module_graph(write_package(tmp_path, files))
    assert graph.cycles() == []
    assert graph.private == ["pkg.api:1 imports private _internal from pkg.shared",
                             "pkg.sub.worker:4 uses private _internal of pkg.shared"]


def test_the_package_has_no_import_cycle():
    graph = module_graph(PACKAGE_DIR)
    assert len(graph.modules) > 60
    # The checker sees the real package's edges, lazy ones included (the CLI loads its commands on demand).
    assert "asterisk_ara.conffile" in graph.edges["asterisk_ara.callconf"]
    assert "asterisk_ara.cli.webrtc" in graph.edges["asterisk_ara.cli"]
    assert "asterisk_ara.credformat" in graph.edges["asterisk_ara.validation"]
    cycles = graph.cycles()
    assert not cycles, "import cycles: " + " | ".join(graph.explain(c) for c in cycles)


def test_no_module_imports_a_private_name_of_another():
    graph = module_graph(PACKAGE_DIR)
    assert graph.private == []


#: The database layer: dbapi and every module of the package it imports, lazily or not.
DATABASE_LAYER_ROOT = "dbapi"


def reached_from(graph: Graph, start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others (lazy imports included)."""
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(graph.edges.get(module, {}))
    return seen


def imports_of_package(graph: Graph, layer: set[str], package: str) -> list[str]:
    """The imports from a module of ``layer`` to ``package`` or a module inside it, as "a -> b (line N)"."""
    return [f"{a} -> {b} (line {', '.join(map(str, lines))})" for a in sorted(layer)
            for b, lines in sorted(graph.edges.get(a, {}).items()) if b == package or b.startswith(package + ".")]


def test_an_upward_import_inside_a_function_is_found(tmp_path):
    files = {**CLEAN, "pkg/top/__init__.py": "", "pkg/top/hook.py": "def run():\n    return 1\n",
             "pkg/shared.py": CLEAN["pkg/shared.py"] + "\ndef later():\n    from .top.hook import run\n    return run()\n"}
    graph = module_graph(write_package(tmp_path, files))
    layer = reached_from(graph, "pkg.shared")
    assert layer == {"pkg.shared", "pkg.top.hook"}
    assert imports_of_package(graph, layer, "pkg.top") == ["pkg.shared -> pkg.top.hook (line 9)"]
    assert imports_of_package(graph, reached_from(graph, "pkg.sub.worker"), "pkg.api") == []


def test_the_database_layer_imports_nothing_of_the_ami_package():
    """Issue 29: dbapi runs work after a commit without knowing whose (ami.changes registers its own)."""
    graph = module_graph(PACKAGE_DIR)
    layer = reached_from(graph, f"asterisk_ara.{DATABASE_LAYER_ROOT}")
    assert "asterisk_ara.dburl" in layer and "asterisk_ara.errors" in layer
    assert imports_of_package(graph, layer, "asterisk_ara.ami") == []
    # The AMI package is still on the way of every write, from above: the writers note changes with it.
    assert "asterisk_ara.ami.hook" in graph.edges["asterisk_ara.provisioning"]
