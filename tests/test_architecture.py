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
    # project.py reads the clock (reference_date); publish/build.py passes a fixed SOURCE_DATE_EPOCH
    # to the engine for the sitemap's dates, which is not a "today".
    assert sorted(readers) == ["hhz/project.py", "hhz/publish/build.py"]
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


# The stages, lowest first (ARCHITECTURE.md). A module may import from its own package and
# from any lower layer, never from a higher one: data flows load -> validate -> derive ->
# render -> publish, and the commands sit on top.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("hhz", "vocabulary", "urls", "diagnostics", "parallel", "config", "sitefolder"),
    ("load", "models", "geo"),
    ("dataset", "project"),
    ("validate",),
    ("derive",),
    ("schema",),
    ("editing",),
    ("render",),
    ("publish",),
    ("review",),
    ("cli",),
    ("__main__",),
)
TOP_LEVEL_LIMIT = 15


def layer_of(module: str) -> tuple[int, str]:
    """(rank, room) of an hhz module: its package directly under hhz, or the top-level module."""
    parts = module.split(".")
    room = parts[1] if len(parts) > 1 else "hhz"
    if room == "__version__":  # `from hhz import __version__`
        room = "hhz"
    for rank, rooms in enumerate(LAYERS):
        if room in rooms:
            return rank, room
    raise AssertionError(f"{module}: not in any layer of LAYERS (tests/test_architecture.py); add it where it belongs")


def upward_imports(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        name = module_name(path)
        rank, room = layer_of(name)
        for target in sorted(_imports(path)):
            target_rank, target_room = layer_of(target)
            if target_room != room and target_rank >= rank:
                found.append(f"{rel(path)} imports {target} ({target_room} is not below {room})")
    return found


def test_imports_run_down_the_layers() -> None:
    assert upward_imports(modules()) == []


def test_the_layer_contract_fails_on_an_upward_import(tmp_path: Path) -> None:
    """The contract can fail: a validation module that imports the renderer is reported."""
    fake = PACKAGE / "validate" / "_upward_probe.py"
    try:
        fake.write_text("from ..render.outputs import render_site\n", encoding="utf-8")
        assert "hhz/validate/_upward_probe.py imports hhz.render.outputs (render is not below validate)" in (
            upward_imports([fake])
        )
    finally:
        fake.unlink()


def test_few_modules_at_the_top_and_no_prefixed_families() -> None:
    top = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))
    assert len(top) <= TOP_LEVEL_LIMIT, top
    prefixes = {}
    for name in top:
        prefixes.setdefault(name.split("_")[0], []).append(name)
    assert {k: v for k, v in prefixes.items() if len(v) > 1} == {}


def _room_blocks(text: str) -> dict[str, str]:
    """The text about each room: a `### room/` section or a `- `room/`` bullet of ARCHITECTURE.md."""
    blocks: dict[str, str] = {}
    for chunk in re.split(r"\n(?=### |- `)", text):
        heading = re.match(r"(?:### |- `)(\w+)/", chunk)
        if heading:
            blocks[heading.group(1)] = blocks.get(heading.group(1), "") + chunk
    return blocks


def test_architecture_md_names_every_module() -> None:
    """ARCHITECTURE.md is the map of the package: a module it does not name in its room's
    section is a room nobody can find."""
    text = (PACKAGE.parents[1] / "ARCHITECTURE.md").read_text(encoding="utf-8")
    blocks = _room_blocks(text)
    missing = []
    for path in modules():
        parts = path.relative_to(PACKAGE).parts
        if path.name == "__init__.py" and len(parts) <= 2:
            continue  # a room's docstring; the room itself is checked through its modules
        where = text if len(parts) == 1 else blocks.get(parts[0], "")
        name = f"`{parts[-2]}/`" if path.name == "__init__.py" else f"`{path.name}`"
        if name not in where:
            missing.append(path.relative_to(PACKAGE).as_posix())
    assert missing == [], "name these in their room's section of ARCHITECTURE.md"
