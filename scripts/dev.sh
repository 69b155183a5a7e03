#!/usr/bin/env bash
# Developer entry point. Installs what is needed, then:
#   bash scripts/dev.sh demo   open the app on a fresh demo database
#   bash scripts/dev.sh test   run the whole test suite, then (with no extra pytest
#                              arguments) build the bundle and run its --smoke (what CI runs)
#   bash scripts/dev.sh bundle build the bundle for this platform and run its --smoke
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv

# Debian packages: Qt's runtime libraries (offscreen and X11), CJK fonts so that
# Chinese renders in screenshots and PDFs, Xvfb for a virtual screen; LibreOffice Writer
# and poppler-utils for the tests that render the .docx documents to PDF and measure them.
DEB_PACKAGES=(
  fonts-noto-cjk xvfb xauth libreoffice-writer-nogui poppler-utils
  libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6
  # the 迎检 workbook rendered as an inspector prints it (tests/reports/workbook/test_render.py);
  # Carlito has Calibri's metrics, the font Excel column widths are measured in
  libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito
)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: skip
  local missing=()
  for package in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  # A bare Debian python3 has no venv module until python3-venv is installed.
  "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "安装系统软件包：${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Building the bundle (PyInstaller): objdump from binutils, and the shared libpython
# (Debian's python3 is linked statically; its libpython3.X.so.1.0 is a separate package).
install_build_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  dpkg-query -W -f='${Status}' binutils 2>/dev/null | grep -q "install ok installed" \
    || missing+=(binutils)
  local libpython
  libpython=$("$PYTHON" -c 'import os, sys, sysconfig as s
lib = os.path.join(s.get_config_var("LIBDIR") or "", s.get_config_var("INSTSONAME") or "")
print("" if os.path.isfile(lib) else "libpython%d.%d" % sys.version_info[:2])')
  if [ -n "$libpython" ]; then
    dpkg-query -W -f='${Status}' "$libpython" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$libpython")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "安装打包所需的系统软件包：${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

build_bundle() {
  install_build_packages
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[build]"
  QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/build.py --smoke
}

install_python_packages() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"
}

command=${1:-}
case "$command" in
  demo)
    install_system_packages
    install_python_packages
    exec "$VENV/bin/python" -m chuangcheng_desktop --demo
    ;;
  test)
    install_system_packages
    install_python_packages
    export QT_QPA_PLATFORM=offscreen
    export CHUANGCHENG_REQUIRE_RENDER=1   # the rendering tests run here, never skip
    "$VENV/bin/python" -m ruff check chuangcheng_desktop tests benchmarks scripts packaging
    "$VENV/bin/python" -m pytest "${@:2}"
    # the whole run (CI) also builds the bundle and fails when its --smoke does not exit 0
    if [ $# -le 1 ]; then
      build_bundle
    fi
    ;;
  bundle)
    install_system_packages
    install_python_packages
    build_bundle
    ;;
  *)
    echo "用法：bash scripts/dev.sh demo|test|bundle" >&2
    exit 2
    ;;
esac
