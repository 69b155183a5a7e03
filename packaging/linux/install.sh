#!/bin/sh
# 把“创城台账”加到开始菜单（应用列表）和桌面，只对当前用户生效，不需要管理员权限。
# 用法：在程序文件夹里打开终端，运行  sh install.sh        （卸载菜单项：sh install.sh --remove）
# 程序文件夹可以放在任何位置（如 /opt/chuangcheng 或 主目录下的 chuangcheng）；
# 移动文件夹后请重新运行本脚本。
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
DESKTOP_DIR=$(xdg-user-dir DESKTOP 2>/dev/null || true)
[ -n "$DESKTOP_DIR" ] || DESKTOP_DIR="$HOME/Desktop"
ENTRY=chuangcheng.desktop

if [ "${1:-}" = "--remove" ]; then
  rm -f "$APPS/$ENTRY" "$DESKTOP_DIR/$ENTRY"
  echo "已删除开始菜单和桌面上的“创城台账”图标（程序文件夹和台账数据没有删除）。"
  exit 0
fi

if [ ! -x "$HERE/chuangcheng" ]; then
  echo "错误：本脚本要放在程序文件夹里（与 chuangcheng 程序在一起）运行。" >&2
  exit 1
fi
mkdir -p "$APPS"
sed -e "s|/opt/chuangcheng/_internal|$HERE/_internal|g" \
    -e "s|^Exec=/opt/chuangcheng/chuangcheng|Exec=\"$HERE/chuangcheng\"|" \
    -e "s|^Path=/opt/chuangcheng|Path=$HERE|" \
    "$HERE/$ENTRY" > "$APPS/$ENTRY"
chmod 755 "$APPS/$ENTRY"
WHERE="开始菜单"
if [ -d "$DESKTOP_DIR" ]; then
  WHERE="开始菜单和桌面"
  cp "$APPS/$ENTRY" "$DESKTOP_DIR/$ENTRY"
  chmod 755 "$DESKTOP_DIR/$ENTRY"
  # GNOME-based desktops ask before starting an untrusted launcher; mark it trusted
  gio set "$DESKTOP_DIR/$ENTRY" metadata::trusted true 2>/dev/null || true
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" 2>/dev/null || true
echo "已把“创城台账”加到${WHERE}。"
