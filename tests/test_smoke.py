"""``--smoke`` from source (the same check CI runs on the built bundle), and the resource
lookup as it behaves inside a PyInstaller bundle."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from chuangcheng_desktop import paths

ROOT = Path(__file__).resolve().parent.parent


def run_smoke(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share")}
    return subprocess.run([sys.executable, "-m", "chuangcheng_desktop", "--smoke", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, env=env,
                          cwd=ROOT)


def test_smoke_renders_every_page_and_writes_the_report_and_the_workbook(tmp_path):
    folder = tmp_path / "smoke"
    result = run_smoke("--data-dir", str(folder), home=tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "冒烟测试通过" in result.stdout
    for page in ("首页", "活动台账", "志愿者", "督查整改", "总结报告", "回收站", "设置"):
        assert f"page {page}:" in result.stdout
    assert "first paint after" in result.stdout
    report = folder / "output" / "工作总结.docx"
    workbook = folder / "output" / "迎检台账.xlsx"
    for path, member in ((report, "word/document.xml"), (workbook, "xl/workbook.xml")):
        assert path.stat().st_size > 0
        with zipfile.ZipFile(path) as archive:
            assert archive.getinfo(member).file_size > 0
    # the smoke check wrote nothing outside its folder (no Qt settings, no data folder)
    home = tmp_path / "home"
    assert not home.exists() or not [p for p in home.rglob("*") if p.is_file()
                                      and "fontconfig" not in p.parts]


def test_smoke_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "chuangcheng.db").write_bytes(b"not touched")
    result = run_smoke("--data-dir", str(folder), home=tmp_path / "home")
    assert result.returncode == 1
    assert "冒烟测试失败" in result.stderr and "不是空文件夹" in result.stderr
    assert (folder / "chuangcheng.db").read_bytes() == b"not touched"


def test_resources_and_forms_are_found_inside_a_bundle(tmp_path, monkeypatch):
    """Frozen: resources and forms under sys._MEIPASS, data beside the executable when a
    ``portable`` marker sits there, otherwise never inside the bundle."""
    bundle = tmp_path / "chuangcheng"
    internal = bundle / "_internal"
    (internal / "resources" / "report").mkdir(parents=True)
    (internal / "resources" / "report" / "phrases.json").write_text("{}", encoding="utf-8")
    (internal / "forms").mkdir()
    (internal / "forms" / "activity_dialog.ui").write_text("<ui/>", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "chuangcheng"))
    try:
        assert paths.resource_path("report", "phrases.json").read_text(encoding="utf-8") == "{}"
        assert paths.form_path("activity_dialog.ui").is_file()
        assert paths.install_dir() == bundle.resolve()
        assert not paths.init().is_relative_to(bundle.resolve())
        (bundle / paths.PORTABLE_MARKER).touch()
        assert paths.init() == bundle.resolve() / "data"
    finally:
        paths.init(tmp_path / "after")


def test_every_form_and_resource_is_shipped_by_the_spec():
    """The spec collects the whole resources/ and forms/ folders (build.py checks the built
    bundle file by file); the resources the code names exist."""
    spec = (ROOT / "packaging" / "chuangcheng.spec").read_text(encoding="utf-8")
    assert 'tree("resources") + tree("forms")' in spec
    assert 'collect_data_files("docx")' in spec
    assert (ROOT / "resources" / "report" / "phrases.json").is_file()
    assert (ROOT / "resources" / "icons" / "app.png").is_file()
    assert (ROOT / "resources" / "icons" / "app.ico").is_file()
    assert len(list((ROOT / "forms").glob("*.ui"))) >= 12


def test_the_spec_excludes_no_module_the_code_imports():
    """A Qt module (or library) newly imported by the app must not stay in the spec's
    excludes: the frozen app would fail where the source tree works."""
    import ast
    import re

    spec = (ROOT / "packaging" / "chuangcheng.spec").read_text(encoding="utf-8")
    block = spec[spec.index("excludes = ["):]
    excludes = set(re.findall(r'"([\w.]+)"', block[:block.index("]")]))
    imported = set()
    for path in (ROOT / "chuangcheng_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module)
                imported.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    clashes = {name for name in imported
               if any(name == ex or name.startswith(ex + ".") for ex in excludes)}
    assert not clashes, f"excluded in packaging/chuangcheng.spec but imported: {sorted(clashes)}"
