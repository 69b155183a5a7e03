"""Bundle budgets: size on disk, frozen cold start to first paint, the --smoke run.

    .venv/bin/python benchmarks/bench_bundle.py [BUNDLE] [--runs N] [--cold]

BUNDLE is the folder built by ``packaging/build.py`` (default ``dist/chuangcheng``).
Each run starts the bundle's ``--smoke`` under the offscreen Qt platform with
``CHUANGCHENG_LAUNCH_TIME`` set just before the process starts, so "first paint" counts
the bootloader, the interpreter start, the imports, the ledger and the window (the smoke's
demo-data generation, which a real start does not do, is subtracted). ``--cold`` drops the
operating system's file cache before each run (Linux, root only) so the bundle is read from
disk as on a first start after boot. Prints figures; asserts nothing. Budgets (issue 8):
bundle ≤ 150 MB, first paint ≤ 2 s, smoke ≤ 20 s.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCH_TIME_ENV = "CHUANGCHENG_LAUNCH_TIME"
FIRST_PAINT = re.compile(r"first paint after ([0-9.]+) s")


def program(bundle: Path) -> Path:
    return bundle / ("chuangcheng-cli.exe" if sys.platform == "win32" else "chuangcheng")


def bundle_mb(bundle: Path) -> tuple[float, int]:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.lstat().st_size for p in files) / 1024 / 1024, len(files)


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
        return True
    except OSError:
        return False


def one_run(bundle: Path, *, cold: bool) -> tuple[float | None, float, bool]:
    dropped = drop_caches() if cold else False
    home = Path(tempfile.mkdtemp(prefix="chuangcheng-bench-home-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"))
    env[LAUNCH_TIME_ENV] = repr(time.time())
    started = time.perf_counter()
    result = subprocess.run([str(program(bundle)), "--smoke"], env=env, capture_output=True,
                            text=True, encoding="utf-8", errors="replace", check=False,
                            timeout=300)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        raise SystemExit(f"--smoke exited {result.returncode}")
    match = FIRST_PAINT.search(result.stdout)
    return (float(match.group(1)) if match else None), seconds, dropped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "chuangcheng")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="drop the file cache before each run")
    args = parser.parse_args()
    if not program(args.bundle).is_file():
        print(f"no bundle at {args.bundle}: run packaging/build.py first", file=sys.stderr)
        return 1
    size, count = bundle_mb(args.bundle)
    print(f"bundle {args.bundle}: {size:.1f} MB in {count} files (budget 150 MB)")
    paints, smokes, all_cold = [], [], True
    for number in range(1, args.runs + 1):
        paint, seconds, dropped = one_run(args.bundle, cold=args.cold)
        all_cold &= dropped
        paints.append(paint)
        smokes.append(seconds)
        state = "cold (file cache dropped)" if dropped else "warm file cache"
        paint_text = f"{paint:.2f} s" if paint is not None else "not reported"
        print(f"run {number} [{state}]: first paint {paint_text}, smoke {seconds:.1f} s")
    known = [p for p in paints if p is not None]
    if known:
        print(f"first paint from process start: median {statistics.median(known):.2f} s, "
              f"worst {max(known):.2f} s (budget 2 s)")
    print(f"smoke run: median {statistics.median(smokes):.1f} s, worst {max(smokes):.1f} s "
          f"(budget 20 s)")
    if args.cold and not all_cold:
        print("note: the file cache could not be dropped (needs root on Linux): runs were warm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
