"""Every way a bundle can be refused, each with its own exception class, exit code and Indonesian message."""

from __future__ import annotations

from caseapp.domain.entry_limits import MAX_ATTACHMENT_BYTES, MAX_TEXT_CHARS, number_text
from caseapp.domain.errors import CaseappError
from caseapp.i18n import _


class BundleError(CaseappError):
    """Base of all exchange-bundle failures (exit codes 40–51 and 80–92 belong to bundles; 52 is OfficeCardInvalid in crypto)."""

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


# --- bounds on what a bundle can make the recipient do (exit codes 80–92) ---------------------------------------
# A trusted sender's keys can be stolen, or its software can be wrong: whatever a signed bundle says, importing it
# stays within these bounds. See "Limits" in docs/exchange.md.

class BundleSequenceInvalid(BundleError):
    """Sequence number 0: a sender's bundles are numbered from 1."""

    exit_code = 80
    default_message = ("Nomor urut paket tidak sah: paket dari sebuah kantor bernomor mulai dari 1. "
                       "Paket tidak diimpor; hubungi kantor pengirim.")


class BundleSequenceTooFar(BundleError):
    """The sequence number jumps further ahead of the last one received than the window allows."""

    exit_code = 81
    default_message = ("Nomor urut paket melompat terlalu jauh dari paket terakhir yang diterima dari kantor ini. "
                       "Paket tidak diimpor; hubungi kantor pengirim.")


class BundleForked(BundleError):
    """The previous-bundle hash does not name the bundle this office received under that number."""

    exit_code = 82
    default_message = ("Paket ini tidak bersambung dengan paket sebelumnya yang sudah diterima dari kantor yang "
                       "sama (rantai paket bercabang). Paket tidak diimpor. Hubungi kantor pengirim: mungkin ada "
                       "paket palsu atau aplikasinya dipulihkan dari cadangan lama.")


class BundleContentTooLarge(BundleError):
    """Decompressed, the payload is larger than allowed (in total, for its size, or one of its files)."""

    exit_code = 83
    default_message = ("Isi paket terlalu besar setelah dibuka, jauh melebihi ukuran berkasnya atau batas aplikasi. "
                       "Paket tidak diimpor.")


class BundleTooManyRecords(BundleError):
    """More records than one bundle may carry."""

    exit_code = 84
    default_message = "Paket berisi terlalu banyak rekaman. Paket tidak diimpor; minta pengirim membaginya."


class BundleRecordTooLarge(BundleError):
    """One record (one line of records.jsonl) is larger than any case can be."""

    exit_code = 85
    default_message = "Salah satu rekaman di dalam paket terlalu besar untuk sebuah kasus. Paket tidak diimpor."


class BundleFieldTooLong(BundleError):
    """A text is longer than local entry allows."""

    exit_code = 86
    default_message = ("Salah satu isian di dalam paket lebih panjang daripada yang boleh diisi di aplikasi "
                       "(maksimal {limit} karakter). Paket tidak diimpor.")

    def __init__(self, message: str | None = None, *, field: str | None = None, where: str | None = None,
                 limit: int = MAX_TEXT_CHARS):
        if message is None and where is not None and field is not None:
            message = _("Isian {field} pada rekaman {where} di dalam paket lebih panjang daripada yang boleh diisi di "
                        "aplikasi (maksimal {limit} karakter). Paket tidak diimpor.").format(
                field=field, where=where, limit=number_text(limit))
        super().__init__(message if message is not None
                         else _(self.default_message).format(limit=number_text(limit)), field=field)
        self.limit = limit


class BundleNestingTooDeep(BundleError):
    """A record nests lists and objects deeper than any case does."""

    exit_code = 87
    default_message = "Salah satu rekaman di dalam paket bersarang terlalu dalam. Paket tidak diimpor."


class BundleUnknownField(BundleError):
    """A record carries a field that format version 1 does not define."""

    exit_code = 88
    default_message = ("Paket berisi kolom yang tidak dikenal oleh format paket versi 1. Paket tidak diimpor; "
                       "mungkin paket dibuat oleh aplikasi versi lain.")


class BundleMalformedRecord(BundleError):
    """A record value has the wrong shape (e.g. an attachment list that is not a list)."""

    exit_code = 89
    default_message = "Salah satu rekaman di dalam paket tidak berbentuk sebagaimana mestinya. Paket tidak diimpor."


class BundleAttachmentTooLarge(BundleError):
    """An attachment is larger than local entry allows."""

    exit_code = 90
    default_message = "Paket berisi lampiran yang lebih besar dari batas {limit} MB. Paket tidak diimpor."

    def __init__(self, message: str | None = None, *, field: str | None = None):
        super().__init__(message if message is not None
                         else _(self.default_message).format(limit=MAX_ATTACHMENT_BYTES // 1_048_576), field=field)


class BundleAttachmentType(BundleError):
    """An attachment's file type is not one that may be attached locally."""

    exit_code = 91
    default_message = ("Paket berisi lampiran berjenis yang tidak diizinkan (hanya PDF, JPEG, PNG, TIFF atau teks). "
                       "Paket tidak diimpor.")


class BundleAttachmentName(BundleError):
    """An attachment's file name holds a folder path, control characters, or is too long."""

    exit_code = 92
    default_message = ("Paket berisi lampiran dengan nama berkas yang tidak sah (memuat jalur folder, karakter "
                       "kendali, atau terlalu panjang). Paket tidak diimpor.")


class BundleCopyFailed(BundleError):
    """The private copy of the encrypted payload (what is verified and decrypted) could not be written: the disk
    is full or the work folder cannot be written. Nothing is left behind."""

    exit_code = 93
    default_message = ("Paket tidak dapat dibuka karena ruang disk di komputer ini tidak cukup untuk salinan "
                       "sementaranya. Kosongkan sebagian ruang disk lalu coba lagi. Paket tidak diimpor.")


ALL_ERRORS = (
    BundleDamaged, BundleSignatureInvalid, BundleUntrustedSender, BundleWrongRecipient,
    BundleUnsupportedVersion, BundleDecryptFailed, BundleManifestMismatch, BundleReplayed,
    BundleGap, BundleCancelled, BundleTooLarge,
    BundleSequenceInvalid, BundleSequenceTooFar, BundleForked, BundleContentTooLarge, BundleTooManyRecords,
    BundleRecordTooLarge, BundleFieldTooLong, BundleNestingTooDeep, BundleUnknownField, BundleMalformedRecord,
    BundleAttachmentTooLarge, BundleAttachmentType, BundleAttachmentName, BundleCopyFailed,
)
