"""Build the 创城台账 bundle for the platform this runs on (PyInstaller, onedir).

    .venv/bin/python packaging/build.py [--smoke] [--clean] [--archive] [--max-glibc 2.28]
    .venv\\Scripts\\python packaging\\build.py [--smoke] [--archive]          (Windows)

Installs nothing itself: run ``pip install -e .[build]`` first (scripts/dev.sh does).
Writes ``dist/chuangcheng/`` (the folder users copy) and prints its size against the
150 MB budget. Checks that every file of ``resources/`` and ``forms/`` is in the bundle.
With ``--smoke`` it then runs the built executable's ``--smoke`` under the offscreen Qt
platform (in an empty temporary HOME, without network where ``unshare`` allows) and exits
non-zero when that fails. ``--archive`` also writes ``dist/chuangcheng-<version>-<platform>``
``.zip`` (Windows) or ``.tar.gz`` (Linux, keeps the symbolic links). On Linux it prints
the newest glibc the bundle needs; ``--max-glibc 2.28`` fails the build when that is newer
(use it for release builds on the oldest target).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "chuangcheng.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "chuangcheng"
BUDGET_MB = 150
SMOKE_BUDGET_S = 20
WINDOWS = sys.platform == "win32"
LAUNCH_TIME_ENV = "CHUANGCHENG_LAUNCH_TIME"


def version() -> str:
    text = (ROOT / "chuangcheng_desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def executable(bundle: Path = BUNDLE, *, console: bool = True) -> Path:
    """The bundle's program; on Windows the console one for the command line."""
    if WINDOWS:
        return bundle / ("chuangcheng-cli.exe" if console else "chuangcheng.exe")
    return bundle / "chuangcheng"


def folder_mb(folder: Path) -> float:
    """Size on disk; symbolic links (PyInstaller links some Qt libraries) count once."""
    return sum(p.lstat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink()) / 1024 / 1024


def build(*, clean: bool) -> float:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("错误：没有安装 PyInstaller。请先运行：pip install -e .[build]")
    started = time.perf_counter()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    print("构建：" + " ".join(command), flush=True)
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        sys.exit("错误：PyInstaller 构建失败（见上面的输出）。")
    if not WINDOWS:  # the menu entry and its installer go beside the executable
        for name in ("chuangcheng.desktop", "install.sh"):
            shutil.copy2(ROOT / "packaging" / "linux" / name, BUNDLE / name)
    seconds = time.perf_counter() - started
    print(f"构建用时 {seconds:.0f} 秒", flush=True)
    return seconds


def glibc_needed(bundle: Path = BUNDLE) -> tuple[tuple[int, ...], str]:
    """The newest GLIBC_x.y symbol version any ELF file of the bundle needs, and that file."""
    newest, where = (0,), ""
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True,
                             check=False).stdout
        for match in re.finditer(r"GLIBC_(\d+(?:\.\d+)+)", out):
            found = tuple(int(part) for part in match.group(1).split("."))
            if found > newest:
                newest, where = found, str(path.relative_to(bundle))
    return newest, where


def check_contents(bundle: Path = BUNDLE) -> list[str]:
    """Files of resources/ and forms/ missing from the bundle (empty when all are there)."""
    internal = bundle / "_internal"
    missing = []
    for folder in ("resources", "forms"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.name != "README.md" and "__pycache__" not in path.parts:
                relative = path.relative_to(ROOT)
                if not (internal / relative).is_file():
                    missing.append(str(relative))
    if not list(internal.glob("docx/templates/default.docx")):
        missing.append("docx/templates/default.docx")
    return missing


def smoke(bundle: Path = BUNDLE) -> int:
    """Run the built program's --smoke offscreen, as a first start on a clean account."""
    program = executable(bundle)
    home = Path(tempfile.mkdtemp(prefix="chuangcheng-smoke-home-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_CACHE_HOME=str(home / ".cache"), TMPDIR=str(home / "tmp"))
    if WINDOWS:
        env.update(APPDATA=str(home / "AppData" / "Roaming"),
                   LOCALAPPDATA=str(home / "AppData" / "Local"), TEMP=str(home / "tmp"),
                   TMP=str(home / "tmp"))
    (home / "tmp").mkdir()
    command = [str(program), "--smoke"]
    if not WINDOWS and shutil.which("unshare") and subprocess.run(
            ["unshare", "--user", "--map-root-user", "--net", "true"],
            capture_output=True, check=False).returncode == 0:
        command = ["unshare", "--user", "--map-root-user", "--net", *command]
        print("冒烟测试在没有网络的环境中运行（unshare --net）", flush=True)
    print("冒烟测试：" + " ".join(command), flush=True)
    started = time.perf_counter()
    env[LAUNCH_TIME_ENV] = repr(time.time())
    result = subprocess.run(command, env=env, check=False, timeout=300)
    seconds = time.perf_counter() - started
    leftovers = sorted(str(p.relative_to(home)) for p in home.rglob("*")
                       if p.is_file() and "fontconfig" not in p.parts)
    shutil.rmtree(home, ignore_errors=True)
    print(f"冒烟测试用时 {seconds:.1f} 秒（预算 {SMOKE_BUDGET_S} 秒），退出码 {result.returncode}",
          flush=True)
    if result.returncode != 0:
        print("错误：打包后的程序冒烟测试失败。", file=sys.stderr)
        return result.returncode or 1
    if leftovers:
        print("错误：冒烟测试在临时文件夹之外留下了文件：" + "、".join(leftovers), file=sys.stderr)
        return 1
    return 0


def make_archive() -> Path:
    """Windows: a .zip; Linux: a .tar.gz, which keeps the bundle's symbolic links (a zip
    would store every linked Qt library twice)."""
    tag = f"{'windows' if WINDOWS else 'linux'}-{platform.machine().lower()}"
    base = DIST / f"chuangcheng-{version()}-{tag}"
    archive = Path(shutil.make_archive(str(base), "zip" if WINDOWS else "gztar", root_dir=DIST,
                                       base_dir=BUNDLE.name))
    print(f"压缩包：{archive}（{archive.stat().st_size / 1024 / 1024:.1f} MB）")
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="构建创城台账的安装文件夹（PyInstaller onedir）")
    parser.add_argument("--smoke", action="store_true", help="构建后运行打包程序的 --smoke")
    parser.add_argument("--clean", action="store_true", help="清除 PyInstaller 缓存后重新构建")
    parser.add_argument("--archive", action="store_true",
                        help="另外打成压缩包（Windows：.zip；Linux：.tar.gz）")
    parser.add_argument("--max-glibc", metavar="2.28",
                        help="Linux：打包文件需要的 glibc 比这个版本新时报错（发布时用 2.28）")
    parser.add_argument("--skip-build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not args.skip_build:
        build(clean=args.clean)
    if not executable().is_file():
        print(f"错误：没有找到构建出的程序 {executable()}", file=sys.stderr)
        return 1
    size = folder_mb(BUNDLE)
    print(f"安装文件夹：{BUNDLE}，大小 {size:.1f} MB（预算 {BUDGET_MB} MB）", flush=True)
    status = 0
    if not WINDOWS and shutil.which("objdump"):
        newest, where = glibc_needed()
        needed = ".".join(map(str, newest))
        print(f"需要 glibc ≥ {needed}（{where}；构建机 glibc {platform.libc_ver()[1]}）", flush=True)
        if args.max_glibc and newest > tuple(int(p) for p in args.max_glibc.split(".")):
            print(f"错误：需要的 glibc {needed} 比目标系统的 {args.max_glibc} 新。"
                  "请在最旧的目标系统（glibc 2.28）或相同的容器里构建。", file=sys.stderr)
            status = 1
    if missing := check_contents():
        print("错误：安装文件夹缺少文件：" + "、".join(missing), file=sys.stderr)
        status = 1
    if size > BUDGET_MB:
        print(f"错误：安装文件夹超过 {BUDGET_MB} MB", file=sys.stderr)
        status = 1
    if args.archive and status == 0:
        make_archive()
    if args.smoke and status == 0:
        status = smoke()
    return status


if __name__ == "__main__":
    sys.exit(main())
