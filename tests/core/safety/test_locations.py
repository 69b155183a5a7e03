"""Network shares and cloud-synced folders get a warning; local folders do not."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

import pytest

from chuangcheng_desktop.core.safety.locations import mount_type, storage_warning

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
/dev/sdb1 /home ext4 rw,relatime 0 0
server:/export /mnt/nas nfs4 rw,vers=4.2 0 0
//pc/共享 /mnt/office\\040share cifs rw 0 0
me@host:/data /home/me/remote fuse.sshfs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize("folder, expected", [
    ("/home/me/创城台账", None),
    ("/tmp/data", None),
    ("/mnt/nas/社区/data", "nfs4"),
    ("/mnt/office share/data", "cifs"),
    ("/home/me/remote/台账", "fuse.sshfs"),
    ("/mnt/nasty", None),  # a prefix of a mount point name is not inside it
])
def test_linux_mounts(folder, expected):
    warning = storage_warning(folder, mounts=MOUNTS, windows=False)
    if expected is None:
        assert warning is None
    else:
        assert warning is not None and "网络共享" in warning and expected in warning


def test_mount_type_picks_the_longest_mount_point():
    assert mount_type("/home/me/remote/x", MOUNTS) == "fuse.sshfs"
    assert mount_type("/home/me/x", MOUNTS) == "ext4"


@pytest.mark.parametrize("folder", [
    r"\\server\共享\创城台账",
    "//server/share/data",
])
def test_unc_paths(folder):
    warning = storage_warning(folder, windows=True)
    assert warning is not None and "UNC" in warning


@pytest.mark.parametrize("folder, service", [
    (r"C:\Users\王芳\OneDrive\文档\创城台账", "OneDrive"),
    (r"C:\Users\王芳\OneDrive - 青松社区\台账", "OneDrive"),
    (r"D:\Dropbox\data", "Dropbox"),
    (r"C:\Users\王芳\Nutstore\data", "坚果云"),
    (r"C:\Users\王芳\我的坚果云\data", "坚果云"),
    (r"D:\BaiduNetdiskWorkspace\台账", "百度网盘"),
    (r"C:\Users\王芳\iCloudDrive\台账", "iCloud"),
    (r"C:\Users\王芳\WPS云盘\台账", "WPS云盘"),
])
def test_cloud_folders_on_windows(folder, service):
    warning = storage_warning(folder, windows=True)
    assert warning is not None and service in warning and "同步" in warning


def test_cloud_folders_on_linux_and_local_folders_clean():
    assert "坚果云" in storage_warning("/home/me/Nutstore Files/Nutstore/data", mounts=MOUNTS,
                                       windows=False)
    assert storage_warning(r"C:\Users\王芳\AppData\Local\chuangcheng-desktop", windows=True) is None
    assert storage_warning("/home/me/.local/share/chuangcheng-desktop", mounts=MOUNTS,
                           windows=False) is None


def test_paths_are_accepted_as_pure_paths():
    assert storage_warning(PureWindowsPath(r"\\nas\a"), windows=True)
    assert storage_warning(PurePosixPath("/mnt/nas/a"), mounts=MOUNTS, windows=False)
