"""Render packaging/icons/caseapp.svg to the PNG (Linux menus) and ICO (Windows executables, installer).

Build-time only: ``python packaging/icons/render_icons.py OUT_DIR`` writes OUT_DIR/caseapp.png (256 px),
OUT_DIR/caseapp-48.png and OUT_DIR/caseapp.ico, using the Qt the build already has (QtSvg and Qt's ICO writer).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

SVG = Path(__file__).resolve().with_name("caseapp.svg")


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    return image


def main(out: Path) -> int:
    _app = QGuiApplication([])
    out.mkdir(parents=True, exist_ok=True)
    ok = render(256).save(str(out / "caseapp.png"), "PNG")
    ok &= render(48).save(str(out / "caseapp-48.png"), "PNG")
    ok &= render(256).save(str(out / "caseapp.ico"), "ICO")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
