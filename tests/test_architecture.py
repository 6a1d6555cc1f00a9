"""The shape of the package: one owner per idea, small modules and functions, imports one way.

These are the limits docs/architectuur.md promises; a change that breaks one fails here
with the place to look at.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator" / "hhz"
TEMPLATES = Path(__file__).resolve().parents[1] / "site_templates"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def rel(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def test_no_module_is_longer_than_the_limit() -> None:
    long = {rel(p): n for p in modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}, f"more than {MAX_MODULE_LINES} lines: split by job"


def test_no_function_is_longer_than_the_limit() -> None:
    long = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{rel(path)}:{node.lineno} {node.name}"] = length
    assert long == {}, f"functions over {MAX_FUNCTION_LINES} lines"


def _imports(path: Path) -> set[str]:
    """The hhz modules that ``path`` imports (at any level, also inside functions)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found.update(c for c in candidates if c.startswith("hhz"))
    return found


def test_imports_run_one_way_without_cycles() -> None:
    names = {module_name(p): p for p in modules()}
    graph = {name: {t for t in _imports(path) if t in names and t != name} for name, path in names.items()}
    # a package's __init__ may re-export its parts; the parts must not import each other in a circle
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        for target in graph[node]:
            if target in trail:
                cycle = trail[trail.index(target):] + [target]
                if not all(n == cycle[0] or n.startswith(cycle[0] + ".") or cycle[0].startswith(n) for n in cycle):
                    cycles.append(" -> ".join(cycle))
            elif len(trail) < 30:
                visit(target, trail + [target])

    for name in graph:
        visit(name, [name])
    assert sorted(set(cycles)) == []


def test_the_clock_is_read_in_one_function() -> None:
    readers = [
        rel(p)
        for p in modules()
        if re.search(r"date\.today\(|datetime\.now\(|\bSOURCE_DATE_EPOCH\b|time\.time\(", p.read_text(encoding="utf-8"))
    ]
    # project.py reads the clock (reference_date); build.py passes a fixed SOURCE_DATE_EPOCH
    # to the engine for the sitemap's dates, which is not a "today".
    assert sorted(readers) == ["hhz/build.py", "hhz/project.py"]
    text = (PACKAGE / "project.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    clock = [
        f.name
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef) and "date.today(" in ast.get_source_segment(text, f)
    ]
    assert clock == ["reference_date"]


PAGE_PATH = re.compile(r"""["'/](regios|bouwstenen|goede-voorbeelden)/""")


@pytest.mark.parametrize("where", ["python", "templates"])
def test_site_paths_come_from_the_url_builder(where: str) -> None:
    """No hand-built `regios/…`, `bouwstenen/…` or `goede-voorbeelden/…` page path outside
    urls.py (data folders such as `bouwstenen/schaal.yaml` are not site paths)."""
    files = modules() if where == "python" else sorted(TEMPLATES.glob("*.j2"))
    found = []
    for path in files:
        if path.name in ("urls.py", "vocabulary.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("#") or ".yaml" in line or "schaal" in line:
                continue
            if PAGE_PATH.search(line) and (".md" in line or ".html" in line or "~" in line):
                found.append(f"{path.name}:{number}: {stripped[:100]}")
    assert found == []
