"""Is the data folder somewhere SQLite is not safe? Network shares and cloud-synced folders.

SQLite's locking and atomic commit rely on the local file system. On a network share
(UNC path, mapped network drive, NFS/CIFS/SMB/sshfs mount) locks may not work and two
PCs can corrupt the file; inside a folder that a sync client (OneDrive, 坚果云 …) uploads,
the client may copy a half-written database or restore an old copy over it. The app still
opens such a folder, but warns once at start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p",
    "afs", "ncpfs", "coda", "davfs", "fuse.davfs2", "fuse.rclone", "fuse.gvfsd-fuse",
    "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "gpfs", "beegfs",
})
# Folder names (compared case-insensitively, and as a prefix for "OneDrive - 单位名") that
# sync clients create.
CLOUD_FOLDERS = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "nutstore": "坚果云",
    "坚果云": "坚果云",
    "我的坚果云": "坚果云",
    "baidunetdisk": "百度网盘",
    "baidunetdiskworkspace": "百度网盘",
    "baidusyncdisk": "百度网盘",
    "百度网盘": "百度网盘",
    "百度网盘同步空间": "百度网盘",
    "icloud drive": "iCloud",
    "iclouddrive": "iCloud",
    "mobile documents": "iCloud",
    "wps云盘": "WPS云盘",
    "wps cloud files": "WPS云盘",
    "wpsdrive": "WPS云盘",
    "google drive": "Google 云端硬盘",
    "googledrive": "Google 云端硬盘",
    "my drive": "Google 云端硬盘",
    "阿里云盘": "阿里云盘",
    "aliyundrive": "阿里云盘",
    "weiyun": "腾讯微云",
    "微云同步盘": "腾讯微云",
    "腾讯微云": "腾讯微云",
    "115sync": "115网盘",
    "seafile": "Seafile",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "box sync": "Box",
    "pcloud drive": "pCloud",
    "360云盘": "360云盘",
    "天翼云盘": "天翼云盘",
    "ecloud": "天翼云盘",
}
DRIVE_REMOTE = 4  # GetDriveTypeW

TEXT = {
    "network": ("数据文件夹“{folder}”在网络共享位置上（{how}）。数据库放在网络上，断网或两台电脑"
                "同时打开时可能损坏。建议把数据文件夹放在本机硬盘上，用“备份”把备份存到别处。"),
    "cloud": ("数据文件夹“{folder}”在{service}同步文件夹里。同步软件可能在保存过程中上传半个文件，"
              "或用旧文件覆盖新数据，导致台账损坏。建议把数据文件夹移到同步文件夹以外，"
              "把“备份文件夹”设到同步文件夹里（备份文件是完整的，适合同步）。"),
    "unc": "UNC 路径",
    "mapped": "映射的网络驱动器",
    "mount": "{fs} 挂载",
}


def storage_warning(folder: Path | str, *, mounts: str | None = None,
                    windows: bool | None = None) -> str | None:
    """A Chinese warning when ``folder`` is on a network share or in a synced folder.

    ``mounts`` (the text of /proc/mounts) and ``windows`` can be given by tests.
    """
    windows = sys.platform == "win32" if windows is None else windows
    text = str(folder)
    pure: PurePath = PureWindowsPath(text) if windows else PurePosixPath(text)
    how = network_kind(pure, mounts=mounts, windows=windows)
    if how:
        return TEXT["network"].format(folder=text, how=how)
    service = cloud_service(pure)
    if service:
        return TEXT["cloud"].format(folder=text, service=service)
    return None


def network_kind(path: PurePath, *, mounts: str | None = None,
                 windows: bool = False) -> str | None:
    """How ``path`` is on the network ("UNC 路径", "nfs4 挂载" …), or None when local."""
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return TEXT["unc"]
    if text.startswith("\\\\?\\UNC\\"):
        return TEXT["unc"]
    if windows:
        drive = PureWindowsPath(text).drive
        if drive and _is_remote_drive(drive):
            return TEXT["mapped"]
        return None
    if mounts is None:
        mounts = _read_mounts()
    fs = mount_type(text, mounts)
    if fs and (fs in NETWORK_FS_TYPES or fs.split(".")[-1] in NETWORK_FS_TYPES):
        return TEXT["mount"].format(fs=fs)
    return None


def mount_type(path: str, mounts: str) -> str | None:
    """The file system type of the longest mount point containing ``path`` (Linux)."""
    best, best_type = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        inside = path == point or path.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and len(point) >= len(best):
            best, best_type = point, parts[2].lower()
    return best_type


def cloud_service(path: PurePath) -> str | None:
    """The sync service whose folder contains ``path`` (by folder name), or None."""
    for part in path.parts:
        name = part.strip().lower()
        if name in CLOUD_FOLDERS:
            return CLOUD_FOLDERS[name]
        if name.startswith(("onedrive -", "onedrive-")):
            return "OneDrive"
        if name.startswith("dropbox ("):
            return "Dropbox"
    return None


def _unescape_mount(text: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        text = text.replace(code, char)
    return text


def _read_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _is_remote_drive(drive: str) -> bool:
    if os.name != "nt":
        return False
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(drive.rstrip("\\") + "\\") == DRIVE_REMOTE
