"""The one way to use a Qt Designer form from ``forms/``: ``self.ui = load_form(name, self)``.

The loaded widget is placed inside ``parent`` (which gets a zero-margin layout holding it)
and returned; child widgets are reached by their Designer object names, e.g.
``self.ui.findChild(QLineEdit, "nameEdit")`` or, for brevity, ``child(self.ui, QLineEdit,
"nameEdit")``, which raises when a name is missing so a renamed widget fails loudly.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from chuangcheng_desktop.paths import form_path

T = TypeVar("T", bound=QObject)


def load_form(name: str, parent: QWidget) -> QWidget:
    """Load ``forms/<name>`` into ``parent`` and return the loaded top-level widget."""
    path = form_path(name)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"form not found: {path}")
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"form could not be loaded: {path}")
    layout = parent.layout()
    if layout is None:
        layout = QVBoxLayout(parent)
        layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    return widget


def child(form: QWidget, kind: type[T], name: str) -> T:
    """The child ``name`` of a loaded form; raises LookupError when the form lacks it."""
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"{name!r} ({kind.__name__}) is not in the form")
    return found
