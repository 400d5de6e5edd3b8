"""Every way a bundle can be refused, each with its own exception class, exit code and Indonesian message."""

from __future__ import annotations

from caseapp.domain.errors import CaseappError
from caseapp.i18n import _


class BundleError(CaseappError):
    """Base of all exchange-bundle failures (exit codes 40–51 belong to bundles; 52 is OfficeCardInvalid in crypto)."""

    exit_code = 40
    default_message = "Berkas paket tidak dapat diproses."
    header = None  # the signed BundleHeader when it was already read (e.g. who the untrusted sender claims to be)

    def __init__(self, message: str | None = None, *, field: str | None = None):
        super().__init__(message if message is not None else _(self.default_message), field=field)


class BundleDamaged(BundleError):
    """Not a bundle file at all, or a truncated / damaged one."""

    exit_code = 41
    default_message = "Berkas ini bukan paket kasus yang utuh: rusak atau terpotong. Minta pengirim membuat ulang paketnya."


class BundleSignatureInvalid(BundleError):
    """The minisign or manifest signature does not verify: the file was changed after signing."""

    exit_code = 42
    default_message = "Tanda tangan paket tidak sah: isi paket telah diubah setelah ditandatangani. Jangan gunakan paket ini."


class BundleUntrustedSender(BundleError):
    """The signing key is not on any trusted office card."""

    exit_code = 43
    default_message = "Pengirim paket belum dipercaya: kartu kantor pengirim belum dikonfirmasi di aplikasi ini."


class BundleWrongRecipient(BundleError):
    """The bundle is addressed to another office (or to a key this office no longer holds)."""

    exit_code = 44
    default_message = "Paket ini ditujukan untuk kantor lain, bukan untuk kantor ini."


class BundleUnsupportedVersion(BundleError):
    """The bundle names a format version this application cannot read."""

    exit_code = 45
    default_message = "Versi format paket tidak dikenal. Perbarui aplikasi untuk membuka paket ini."


class BundleDecryptFailed(BundleError):
    """The age payload cannot be decrypted with this office's key."""

    exit_code = 46
    default_message = "Isi paket tidak dapat didekripsi dengan kunci kantor ini."


class BundleManifestMismatch(BundleError):
    """The signed inner manifest disagrees with the outer signature or with the files it lists."""

    exit_code = 47
    default_message = "Daftar isi paket tidak cocok dengan isinya. Jangan gunakan paket ini."


class BundleReplayed(BundleError):
    """This bundle (sequence) was already imported. Raised by services, defined here with the rest."""

    exit_code = 48
    default_message = "Paket ini sudah pernah diimpor sebelumnya."


class BundleGap(BundleError):
    """One or more earlier bundles from this sender are missing. Raised by services."""

    exit_code = 49
    default_message = "Ada paket sebelumnya dari pengirim ini yang belum diimpor."


class BundleCancelled(BundleError):
    """The user cancelled writing; no file was left behind."""

    exit_code = 50
    default_message = "Pembuatan paket dibatalkan."


class BundleTooLarge(BundleError):
    """The payload would exceed the 4 GiB limit of the format (and of FAT32 USB sticks)."""

    exit_code = 51
    default_message = "Paket terlalu besar (batas 4 GiB). Bagi pengiriman menjadi beberapa paket."


ALL_ERRORS = (
    BundleDamaged, BundleSignatureInvalid, BundleUntrustedSender, BundleWrongRecipient,
    BundleUnsupportedVersion, BundleDecryptFailed, BundleManifestMismatch, BundleReplayed,
    BundleGap, BundleCancelled, BundleTooLarge,
)
