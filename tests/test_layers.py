"""core/ and reports/ never import Qt (checked in a fresh interpreter: pytest-qt loads Qt here)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import chuangcheng_desktop.core
import chuangcheng_desktop.reports


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
