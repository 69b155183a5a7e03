#!/usr/bin/env bash
# Developer entry point. Installs what is needed, then:
#   bash scripts/dev.sh demo   open the app on a fresh demo database
#   bash scripts/dev.sh test   run the whole test suite (what CI runs)
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv

# Debian packages: Qt's runtime libraries (offscreen and X11), CJK fonts so that
# Chinese renders in screenshots and PDFs, Xvfb for a virtual screen.
DEB_PACKAGES=(
  fonts-noto-cjk xvfb xauth
  libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6
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
    "$VENV/bin/python" -m ruff check chuangcheng_desktop tests benchmarks scripts
    exec "$VENV/bin/python" -m pytest "${@:2}"
    ;;
  *)
    echo "用法：bash scripts/dev.sh demo|test" >&2
    exit 2
    ;;
esac
