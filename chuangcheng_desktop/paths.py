"""Where things live: the user's data folder and the app's bundled resources.

One ``init()`` decides the data folder for the whole process:
1. an explicit folder (``--data-dir`` on the command line, or a test's ``tmp_path``);
2. portable mode: a file named ``portable`` beside the executable (or beside the
   project root when run from source) keeps data in ``data/`` next to it;
3. otherwise the platform's user data folder (platformdirs).
Resources (``resources/``, ``forms/``) are found both from source and from a
PyInstaller bundle (``sys._MEIPASS``) through :func:`resource_path`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "chuangcheng-desktop"
PORTABLE_MARKER = "portable"

_data_dir: Path | None = None


def init(data_dir: str | Path | None = None) -> Path:
    """Choose the data folder for this process and return it (not created here)."""
    global _data_dir
    if data_dir is not None:
        _data_dir = Path(data_dir).expanduser().resolve()
    elif (install_dir() / PORTABLE_MARKER).exists():
        _data_dir = install_dir() / "data"
    else:
        _data_dir = Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))
    return _data_dir


def data_dir() -> Path:
    """The data folder chosen by :func:`init` (initialising with defaults if needed)."""
    return _data_dir if _data_dir is not None else init()


def attachments_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / "attachments"


def install_dir() -> Path:
    """The folder of the executable when frozen, else the project root."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def bundle_dir() -> Path:
    """Where read-only resources are: the PyInstaller bundle, or the project root."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    return Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under ``resources/`` (icons, phrase banks …)."""
    return bundle_dir().joinpath("resources", *parts)


def form_path(name: str) -> Path:
    """A Qt Designer form under ``forms/``."""
    return bundle_dir() / "forms" / name
