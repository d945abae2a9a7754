"""No module of the project imports another that imports it back, directly or through others."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app_pages", "benchmarks", "data", "model", "tests", "ui")


def project_modules() -> dict[str, Path]:
    modules = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules a file imports anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in modules}
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every module that can reach itself, with the path that does it."""
    cycles = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            module, path = stack.pop()
            for imported in sorted(graph[module]):
                if imported == start:
                    cycles.append([*path, start])
                    stack = []
                    break
                if imported not in seen:
                    seen.add(imported)
                    stack.append((imported, [*path, imported]))
    return cycles


def graph_of_project() -> dict[str, set[str]]:
    modules = project_modules()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    for name in graph:  # importing a.b runs a/__init__.py too, unless a is already running
        parents = {".".join(n.split(".")[:-1]) for n in graph[name] if "." in n} & set(graph)
        graph[name] |= {p for p in parents if p != name and not name.startswith(p + ".")}
    return graph


def test_no_module_imports_one_that_imports_it_back():
    cycles = import_cycles(graph_of_project())
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_check_finds_a_circle_through_a_third_module():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert ["a", "b", "c", "a"] in import_cycles(graph)
    assert not any(cycle[0] == "d" for cycle in import_cycles(graph))


def test_a_module_that_imports_its_own_packages_face_is_a_circle():
    """Inside a package, siblings import each other by their own names, never the face."""
    graph = {"p": {"p.a", "p.b"}, "p.a": {"p.b"}, "p.b": {"p"}}
    assert ["p.b", "p", "p.b"] in import_cycles(graph)


def test_the_loader_sits_above_training_and_the_artefact():
    graph = graph_of_project()
    assert {"model.churn.fit", "model.churn.artefact"} <= graph["model.churn.loader"]
    assert "model.churn.fit" not in graph["model.churn.churn_model"] | graph["model.churn.artefact"]
