"""The layers of the architecture notes, checked on the source (no Django needed).

Lower rooms never import upper ones: ``scheduling`` imports nothing of the
project and no Django; ``core`` imports no domain app (the apps register their
import kinds, exports and permission answers with it from ``AppConfig.ready()``).
And no two modules of the project import each other, directly or round a
circle — imports inside functions count too, since they are how circles hide.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "pavilion"

# Every app above core. A new app must be added here (a test below checks).
DOMAIN_APPS = (
    "accounts",
    "api",
    "companies",
    "consultations",
    "demo",
    "funds",
    "meetings",
    "notifications",
    "partners",
    "planning",
    "public",
    "reports",
    "scanning",
    "shows",
    "stage",
)
LOWER = ("core", "scheduling")
NOT_APPS = ("locale", "static", "templates")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules(root: Path | None = None) -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in sorted((root or PACKAGE).rglob("*.py"))
        if "migrations" not in path.relative_to(PACKAGE).parts
    }


def imported_names(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path}:{node.lineno}: use absolute imports")
    return found


def _is_under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def forbidden_imports(room: str, forbidden: tuple[str, ...]) -> list[str]:
    problems = []
    for module, path in _modules(PACKAGE / room).items():
        for line, name in imported_names(path):
            if any(_is_under(name, package) for package in forbidden):
                problems.append(f"{path.relative_to(SRC)}:{line} {module} imports {name}")
    return problems


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (``from a import b``: a.b if it is a module)."""
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        targets = set()
        for _line, name in imported_names(path):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module and name != "pavilion":
                targets.add(name)
        graph[module] = targets
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, without recursion)."""
    index, low, on_stack, stack, circles = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))
    return circles


def test_every_app_is_placed_in_a_layer():
    packages = {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
    }
    assert packages - set(NOT_APPS) == set(DOMAIN_APPS) | set(LOWER)


def test_core_imports_no_domain_app():
    forbidden = tuple(f"pavilion.{app}" for app in DOMAIN_APPS)
    assert forbidden_imports("core", forbidden) == []


def test_scheduling_imports_nothing_of_the_project_nor_django():
    forbidden = (*(f"pavilion.{app}" for app in (*DOMAIN_APPS, "core")), "django")
    assert forbidden_imports("scheduling", forbidden) == []


@pytest.mark.parametrize(
    "first, second",
    [
        ("pavilion.core.transfer", "pavilion.companies.transfer"),
        ("pavilion.core.transfer", "pavilion.planning.integration"),
        ("pavilion.meetings.services", "pavilion.stage.services"),
        ("pavilion.core.import_runs", "pavilion.core.tasks"),
        ("pavilion.meetings.scheduling", "pavilion.meetings.tasks"),
    ],
)
def test_the_circles_once_found_stay_open(first, second):
    circles = import_circles(import_graph())
    assert not [c for c in circles if first in c and second in c]


def test_no_two_modules_import_each_other():
    assert import_circles(import_graph()) == []


def test_the_check_sees_a_planted_circle():
    # The checks themselves can fail: a planted circle is found.
    assert import_circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_circles({"a": {"b"}, "b": set()}) == []
