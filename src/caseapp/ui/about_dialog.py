"""The About dialog: version, purpose, and the credits and licences of what caseapp ships and uses."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from caseapp import __version__
from caseapp.i18n import _
from caseapp.resources import resource_path
from caseapp.ui.widgets import HeaderBand


def credits() -> list[tuple[str, str, str]]:
    """(component, what it does here, licence)."""
    return [
        (_("Data kode wilayah (idn-area-data)"), _("kode dan nama provinsi, kabupaten/kota, kecamatan, desa"),
         "Open Database License (ODbL) 1.0"),
        ("Liberation Sans / Mono", _("huruf pada layar dan surat"), "SIL Open Font License 1.1"),
        ("Qt 6 / PySide6", _("antarmuka jendela, pencetakan, pratinjau PDF"), "LGPLv3"),
        ("SQLCipher", _("basis data terenkripsi"), _("BSD-style")),
        ("reportlab", _("pembuatan surat PDF"), "BSD"),
        ("cryptography", _("Argon2id, ChaCha20-Poly1305, X25519, Ed25519"), "Apache-2.0 / BSD"),
        ("pyrage / age", _("enkripsi berkas pertukaran data (format age v1)"), "MIT / Apache-2.0"),
    ]


def region_source_text() -> str:
    path = resource_path("wilayah", "SOURCE.md")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def about_markdown() -> str:
    rows = "\n".join(f"| {name} | {use} | {licence} |" for name, use, licence in credits())
    text = (f"### {_('Komponen dan lisensi')}\n\n| {_('Komponen')} | {_('Kegunaan')} | {_('Lisensi')} |\n"
            f"|---|---|---|\n{rows}\n\n")
    source = region_source_text()
    if source:
        text += f"### {_('Sumber data kode wilayah')}\n\n" + source.split("\n", 1)[-1].strip() + "\n"
    return text


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Tentang caseapp"))
        header = HeaderBand(_("caseapp untuk UPTD PPA"), _("Versi {v}").format(v=__version__))
        purpose = QLabel(_("Pencatatan kasus kekerasan terhadap perempuan dan anak, surat rujukan, dan pertukaran "
                           "data terenkripsi antara UPTD PPA kabupaten/kota dan provinsi. Seluruh data kasus "
                           "disimpan terenkripsi di laptop kantor."))
        purpose.setWordWrap(True)
        self.browser = QTextBrowser(objectName="aboutCredits")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(about_markdown())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        buttons.rejected.connect(self.reject)
        body = QVBoxLayout()
        body.setContentsMargins(20, 14, 20, 16)
        body.setSpacing(12)
        body.addWidget(purpose)
        body.addWidget(self.browser, 1)
        body.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(body)
        self.resize(720, 560)
