"""Windows that fit the screen they are on (a 1366×768 office screen with a taskbar leaves
about 1366×697; small laptops 1280×720).

- ``scrollable(page)``: a page inside a frameless scroll area, so a page scrolls instead of
  forcing the window taller than the screen.
- ``place_main_window``: the saved geometry kept inside the available screen; on first start
  a small screen opens the window maximised.
- ``ScreenFit``: keeps every dialog and wizard inside the available screen when it is
  shown (activated) (a dialog asking for 980×700 on a 697 px high screen
  is shrunk to the screen; its contents scroll or its layout gives way).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QScrollArea, QWidget

logger = logging.getLogger(__name__)

# the screens the window must fit (usable area: a 1366×768 screen less a 40 px taskbar)
TARGET_SCREENS = (QSize(1366, 697), QSize(1280, 720))
# a window's title bar and borders drawn by the system around the client area
FRAME_ALLOWANCE = QSize(16, 40)
# a screen smaller than this opens the main window maximised on first start
SMALL_SCREEN = QSize(1440, 860)
DEFAULT_SIZE = QSize(1280, 800)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area (without taskbar) of the screen ``widget`` is on, or the primary one."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 697)


def client_limit(available: QRect) -> QSize:
    """The largest client size a window can have on ``available`` with its frame."""
    return QSize(max(available.width() - FRAME_ALLOWANCE.width(), 200),
                 max(available.height() - FRAME_ALLOWANCE.height(), 200))


def effective_minimum(widget: QWidget) -> QSize:
    """The smallest size the layout lets ``widget`` have."""
    return widget.minimumSize().expandedTo(widget.minimumSizeHint())


def scrollable(page: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``page`` in a frameless scroll area that resizes it: it fills the area when there is
    room and scrolls when the screen is smaller than the page's minimum size."""
    area = QScrollArea(parent)
    area.setObjectName(f"{page.objectName() or type(page).__name__}Scroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(page)
    return area


def fit_inside(widget: QWidget, available: QRect | None = None) -> None:
    """Shrink ``widget`` (a top-level window) to the available screen and move it onto it."""
    area = available if available is not None else available_geometry(widget)
    limit = client_limit(area)
    size = widget.size().boundedTo(limit).expandedTo(effective_minimum(widget).boundedTo(limit))
    if size != widget.size():
        widget.resize(size)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        widget.move(max(x, area.x()), max(y, area.y()))


def place_main_window(window: QWidget, geometry: object,
                      available: QRect | None = None) -> bool:
    """Restore ``geometry`` (QSettings bytes) inside the screen; without one, a default size
    that fits, maximised on a small screen. Returns True when the window should be shown
    maximised."""
    area = available if available is not None else available_geometry(window)
    restored = isinstance(geometry, QByteArray | bytes) and bool(geometry) \
        and window.restoreGeometry(geometry)
    if restored:
        fit_inside(window, area)
        return window.isMaximized()
    window.resize(DEFAULT_SIZE.boundedTo(client_limit(area)))
    fit_inside(window, area)
    return area.width() < SMALL_SCREEN.width() or area.height() < SMALL_SCREEN.height()


class ScreenFit(QObject):
    """Keeps every dialog (and wizard) inside the available screen when it is shown: it
    listens to the window that gets the focus (one signal per window shown, not a filter
    on every event of the application)."""

    def window_activated(self, window: QWindow | None) -> None:
        if window is None:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.windowHandle() is window:
                fit_inside(widget)
                return


_installed: ScreenFit | None = None


def install_screen_fit() -> None:
    """Connect the dialog fitting once per application."""
    global _installed
    app = QApplication.instance()
    if app is None or _installed is not None:
        return
    _installed = ScreenFit(app)
    app.focusWindowChanged.connect(_installed.window_activated)
