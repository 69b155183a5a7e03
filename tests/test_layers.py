"""core/ and reports/ never import Qt (checked in a fresh interpreter: pytest-qt loads Qt here)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import chuangcheng_desktop.core
import chuangcheng_desktop.reports

PACKAGE = "chuangcheng_desktop"
PACKAGE_DIR = Path(chuangcheng_desktop.core.__file__).resolve().parent.parent


def _modules(package) -> list[str]:
    return [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]


def test_core_and_reports_do_not_load_pyside6():
    modules = _modules(chuangcheng_desktop.core) + _modules(chuangcheng_desktop.reports)
    assert "chuangcheng_desktop.core.figures.statistics" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_cli_module_does_not_load_qt_for_commands():
    code = (
        "import sys\n"
        "from chuangcheng_desktop.cli import build_parser\n"
        "build_parser()\n"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def _imports_of(path) -> set[str]:
    """Every chuangcheng_desktop module a file imports, at any depth (TYPE_CHECKING included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith(PACKAGE))
    return found


def _package_files() -> dict[str, Path]:
    files = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        files[name.removesuffix(".__init__")] = path
    return files


def test_no_import_circles_between_files():
    files = _package_files()
    graph = {name: _imports_of(path) & files.keys() - {name} for name, path in files.items()}
    circles = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                circles.append([*path[path.index(other):], other])
            elif other not in state:
                visit(other, [*path, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_no_module_over_500_lines():
    long = {name: count for name, path in _package_files().items()
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
