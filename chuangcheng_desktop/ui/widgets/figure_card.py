"""A white card with a grey title, one big figure and a line of detail (首页, 回头看)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def figure_card(title: str, name: str, parent: QWidget, *,
                value_size: str = "20pt") -> tuple[QFrame, QLabel, QLabel]:
    """The card, its value label ("{name}Value") and its detail label ("{name}Detail")."""
    frame = QFrame(parent)
    frame.setObjectName(f"{name}Card")
    frame.setStyleSheet(f"QFrame#{name}Card {{ background: white; border: 1px solid #dcdde1;"
                        " border-radius: 6px; }")
    heading = QLabel(title, frame)
    heading.setStyleSheet("color: #7f8c8d;")
    value = QLabel(frame)
    value.setObjectName(f"{name}Value")
    value.setStyleSheet(f"font-size: {value_size}; font-weight: bold; color: #2c3e50;")
    detail = QLabel(frame)
    detail.setObjectName(f"{name}Detail")
    detail.setWordWrap(True)
    layout = QVBoxLayout(frame)
    layout.addWidget(heading)
    layout.addWidget(value)
    layout.addWidget(detail)
    return frame, value, detail
