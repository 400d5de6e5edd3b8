"""The Qt widgets user interface: the only package that imports PySide6."""

from caseapp.ui.qt_refcounts import make_singletons_immortal

make_singletons_immortal()  # before any Qt object exists: see qt_refcounts
