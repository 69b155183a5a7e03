"""Draw the app icon once: ``resources/icons/app.png`` (256 px) and ``app.ico`` (16–256 px).

    .venv/bin/python packaging/make_icon.py

A red rounded square (the navigation's accent colour), a white ledger sheet with ruled
lines and a gold star: shapes only, no text, so the result does not depend on the fonts of
the machine that draws it. The outputs are committed; run again only to change the design.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int = 256):
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen, QPolygonF

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)

    # background: red rounded square with a soft vertical gradient
    gradient = QLinearGradient(0, 0, 0, 256)
    gradient.setColorAt(0, QColor("#d64535"))
    gradient.setColorAt(1, QColor("#a93226"))
    background = QPainterPath()
    background.addRoundedRect(QRectF(8, 8, 240, 240), 48, 48)
    p.fillPath(background, gradient)

    # the ledger sheet: white, slightly shadowed, with a folded corner
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 50))
    p.drawRoundedRect(QRectF(62, 46, 128, 168), 12, 12)
    sheet = QPainterPath()
    sheet.moveTo(66, 40)
    sheet.lineTo(156, 40)
    sheet.lineTo(186, 70)
    sheet.lineTo(186, 200)
    sheet.quadTo(186, 208, 178, 208)
    sheet.lineTo(66, 208)
    sheet.quadTo(58, 208, 58, 200)
    sheet.lineTo(58, 48)
    sheet.quadTo(58, 40, 66, 40)
    p.fillPath(sheet, QColor("#fdfefe"))
    fold = QPolygonF([QPointF(156, 40), QPointF(156, 70), QPointF(186, 70)])
    p.setBrush(QColor("#d5d8dc"))
    p.drawPolygon(fold)

    # ruled lines: a heading bar and four rows
    p.setBrush(QColor("#c0392b"))
    p.drawRoundedRect(QRectF(76, 62, 62, 12), 6, 6)
    pen = QPen(QColor("#95a5a6"), 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    for y, right in ((98, 168), (122, 168), (146, 150), (170, 126)):
        p.drawLine(QPointF(80, y), QPointF(right, y))

    # the gold star badge, lower right
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#f4d03f"))
    p.drawEllipse(QPointF(182, 186), 42, 42)
    import math

    star = QPolygonF()
    for k in range(10):
        radius = 30 if k % 2 == 0 else 12.5
        angle = -math.pi / 2 + k * math.pi / 5
        star.append(QPointF(182 + radius * math.cos(angle), 188 + radius * math.sin(angle)))
    p.setBrush(QColor("#c0392b"))
    p.drawPolygon(star)
    p.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841 - needed for QImage
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw(256)
    image.save(str(OUT / "app.png"), "PNG")

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    draw(256).save(buffer, "PNG")
    big = Image.open(io.BytesIO(bytes(buffer.data())))
    # small sizes drawn at their own size look crisper than downscaled ones
    frames = []
    for size in ICO_SIZES:
        frame_buffer = QBuffer()
        frame_buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        draw(size).save(frame_buffer, "PNG")
        frames.append(Image.open(io.BytesIO(bytes(frame_buffer.data()))).convert("RGBA"))
    big.convert("RGBA").save(OUT / "app.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                             append_images=frames)
    for path in (OUT / "app.png", OUT / "app.ico"):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
