"""The stages flow one way (read → repair → parse → normalize → write): walk every module's imports
(at any depth in the module, lazy imports included) and fail when an earlier stage imports a later
one, or when modules import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the package-dir mapping of pyproject.toml: folder → the package it installs as
PACKAGES = {"vnplan": "vnplan", "extract": "vnplan.extract", "normalize": "vnplan.normalize",
            "models": "vnplan.models", "output": "vnplan.output"}
# an earlier stage must never import a later one
FORBIDDEN = {
    "vnplan.extract": ("vnplan.normalize", "vnplan.output", "vnplan.pipeline", "vnplan.api", "vnplan.cli",
                       "vnplan.batch", "vnplan.worker"),
    "vnplan.normalize": ("vnplan.output", "vnplan.pipeline", "vnplan.api", "vnplan.cli", "vnplan.batch",
                         "vnplan.worker"),
    "vnplan.models": ("vnplan.extract", "vnplan.normalize", "vnplan.output", "vnplan.lang"),
    "vnplan.lang": ("vnplan.extract", "vnplan.normalize", "vnplan.output", "vnplan.pipeline"),
}
# what a later stage may take from an earlier one: the values handed over, not its functions
# (normalize calling back into a parser would make the flow run backwards)
HANDED_OVER = {"vnplan.normalize": ("vnplan.extract.document", "vnplan.extract.flat_tables.evidence")}
# issue 16 splits the shared layout code out of pdf.py (extract/layout.py), which ends this circle
KNOWN_CYCLES = [frozenset({"vnplan.extract.ocr", "vnplan.extract.pdf"})]


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(name: str) -> str | None:
    """The most specific of our modules that `name` names (a module, or a name inside one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    package = module if _is_package(module) else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            # `from pkg import sub` imports the module pkg.sub when there is one
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("vnplan"):
                resolved = _resolve(name)
                if resolved and resolved != module:
                    targets.add(resolved)
    return targets


GRAPH = {module: _imports(module) for module in MODULES}


def _cycles() -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(frozenset(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def test_the_walk_sees_every_stage():
    for package in ("vnplan.extract", "vnplan.extract.repair", "vnplan.extract.flat_tables", "vnplan.normalize",
                    "vnplan.models", "vnplan.output", "vnplan.lang.vi", "vnplan.pipeline"):
        assert package in MODULES
    assert "vnplan.normalize.time_in_text" in GRAPH["vnplan.normalize.nlp"]
    assert "vnplan.normalize.deadlines" in GRAPH["vnplan.normalize.time_in_text"]


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_no_stage_imports_a_later_one(stage):
    wrong = sorted((module, target) for module, targets in GRAPH.items()
                   if module == stage or module.startswith(stage + ".")
                   for target in targets
                   if any(target == later or target.startswith(later + ".") for later in FORBIDDEN[stage]))
    assert wrong == [], f"{stage} imports a later stage (module, import): {wrong}"


@pytest.mark.parametrize("stage", sorted(HANDED_OVER))
def test_a_later_stage_takes_only_the_values_handed_over(stage):
    wrong = sorted((module, target) for module, targets in GRAPH.items()
                   if module == stage or module.startswith(stage + ".")
                   for target in targets
                   if target.startswith("vnplan.extract") and target not in HANDED_OVER[stage])
    assert wrong == [], f"{stage} calls into extract/ (module, import): {wrong}"


def test_no_import_cycles():
    cycles = [sorted(c) for c in _cycles() if c not in KNOWN_CYCLES]
    assert cycles == [], f"modules that import each other in a circle: {cycles}"


def test_ocr_and_pdf_do_not_import_each_other():
    assert not any(c & KNOWN_CYCLES[0] for c in _cycles())
