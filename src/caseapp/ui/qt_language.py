"""Qt's own texts and formats in the UI language: button boxes (OK/Batal), file and print dialogs, text-field menus,
calendar month and day names.

Qt ships no Indonesian catalogue (there is no ``qtbase_id.qm``), so the app ships its own for the strings an officer
meets: ``resources/i18n/qt/qt_id.ts`` (Qt Linguist source) compiled with ``pyside6-lrelease`` into ``qt_id.qm``.
For other languages Qt's own ``qtbase_<lang>.qm`` is loaded when it exists.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from caseapp.resources import resource_path

LOCALES = {
    "id": (QLocale.Language.Indonesian, QLocale.Country.Indonesia),
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),  # day-first dates, as officers write them
}
_installed: list[QTranslator] = []
_initial: QLocale | None = None  # the default locale before the first ``apply`` (for ``reset``)


def locale_for(lang: str) -> QLocale:
    language, country = LOCALES.get(lang, LOCALES["id"])
    return QLocale(language, country)


def apply(lang: str) -> bool:
    """Set Qt's default locale and translators for ``lang``; True when a Qt catalogue was loaded.

    Widgets made afterwards use the new locale; the app rebuilds its windows on a language switch anyway.
    """
    global _initial
    if _initial is None:
        _initial = QLocale()
    QLocale.setDefault(locale_for(lang))
    app = QCoreApplication.instance()
    if app is None:
        return False
    while _installed:
        app.removeTranslator(_installed.pop())
    loaded = False
    for path in _catalogues(lang):
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded = True
    return loaded


def reset() -> None:
    """Back to Qt's own texts and the default locale from before ``apply`` (tests)."""
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    if _initial is not None:
        QLocale.setDefault(_initial)


def _catalogues(lang: str) -> list[str]:
    if lang == "en":
        return []  # Qt's source texts are English
    ours = resource_path("i18n", "qt", f"qt_{lang}.qm")
    if ours.is_file():
        return [str(ours)]
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return [f"{qt_dir}/qtbase_{lang}.qm"]
