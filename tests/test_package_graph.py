"""The packages form a graph without cycles, and every step the docs call pure imports no Django.

The graph counts every import in a package's code (tests, migrations and test helpers aside),
including imports inside functions: a lazy import hides a cycle from Python, not from a reader.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "broadsheet"
NOT_CODE = {"tests", "migrations", "testing"}


def _is_code(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return not NOT_CODE.intersection(parts) and path.name != "conftest.py"


def _imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def package_graph() -> dict[str, set[str]]:
    """broadsheet.X -> the other broadsheet packages its code imports."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        if not _is_code(path):
            continue
        owner = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for name in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            parts = name.split(".")
            if parts[0] == "broadsheet" and len(parts) > 1 and parts[1] != owner:
                graph[owner].add(parts[1])
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of `graph` as a path that comes back to its start, or [] when there is none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_find_cycle_finds_one_and_only_one_that_exists() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_package_graph_has_no_cycle() -> None:
    graph = package_graph()
    assert graph["ingest"] >= {"feeds", "articles"}  # the scan sees real imports
    assert find_cycle(graph) == [], " -> ".join(find_cycle(graph))


def test_lib_is_a_leaf() -> None:
    assert package_graph().get("lib", set()) == set()


def documented_pure_steps() -> list[str]:
    """The paths docs/architecture.md lists under **Pure steps**."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    match = re.search(r"\*\*Pure steps\*\* \((.*?)\)", text, re.S)
    assert match, "docs/architecture.md has no **Pure steps** (...) list"
    return re.findall(r"`([^`]+)`", match.group(1))


def _module(step: str) -> str:
    assert (PACKAGE / step).exists(), f"docs/architecture.md names {step}, which does not exist"
    return "broadsheet." + step.removesuffix("/").removesuffix(".py").replace("/", ".")


def test_every_step_the_docs_call_pure_imports_no_django() -> None:
    steps = documented_pure_steps()
    assert {"feeds/", "extraction/", "ingest/pipeline.py", "articles/drafts.py"} <= set(steps)
    modules = [_module(step) for step in steps]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'django' in sys.modules:\n"
        "        print(name); break\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{out.stdout.strip()} loads Django"
