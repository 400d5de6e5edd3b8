"""Obviously fake sample letters for tests and docs; `python -m tests.letters.sample OUTDIR` writes PDFs and PNGs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from caseapp.domain.referral import (
    DestinationType, OfficeLetterhead, ReferralLetterContent, Signatory, disclosed_victim_fields,
)

VICTIM_FULL_NAME = "Wulandari Sekarsari Fiktiana"
VICTIM = {
    "full_name": VICTIM_FULL_NAME, "sex": "perempuan", "birth_date": dt.date(2010, 3, 14),
    "nik": "7406055403100001", "street": "Jl. Contoh Fiktif No. 0", "village": "Desa Contoh",
    "district": "Kecamatan Fiktif", "regency": "Kabupaten Bombana", "province": "Sulawesi Tenggara",
}
LETTER_DATE = dt.date(2024, 1, 22)


def sample_logo() -> bytes:
    """A neutral placeholder emblem (not any real coat of arms)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (220, 260), "white")
    d = ImageDraw.Draw(img)
    d.polygon([(110, 6), (212, 40), (200, 170), (110, 254), (20, 170), (8, 40)], outline="black", width=8,
              fill=(235, 235, 235))
    d.ellipse((70, 70, 150, 150), outline="black", width=6)
    d.line((110, 150, 110, 215), fill="black", width=6)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def letterhead(logo: bool = True) -> OfficeLetterhead:
    return OfficeLetterhead(
        government="PEMERINTAH KABUPATEN BOMBANA",
        agency="DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
        unit="UPTD PERLINDUNGAN PEREMPUAN DAN ANAK",
        address="Jl. Contoh Poros Kasipute No. 00, Rumbia, Kabupaten Bombana 73771",
        phone="(0000) 000000", email="uptdppa@contoh.invalid", city="Rumbia",
        logo_png=sample_logo() if logo else None, short_name="UPTD PPA Kabupaten Bombana",
    )


def letter(destination: DestinationType = DestinationType.RSUD_PUSKESMAS, **changes) -> ReferralLetterContent:
    content = ReferralLetterContent(
        letterhead=letterhead(),
        number="400.2.4/015/UPTD-PPA/I/2024",
        date=LETTER_DATE,
        destination_position="Direktur",
        destination_name="RSUD Kabupaten Bombana (contoh)",
        destination_address="Jl. Contoh Rumah Sakit No. 0",
        destination_place="Rumbia",
        victim=disclosed_victim_fields(VICTIM, destination, on=LETTER_DATE),
        purpose="Pemeriksaan kesehatan dan visum et repertum atas permintaan penyidik, serta penanganan medis "
                "lanjutan yang diperlukan.",
        services_requested=("Pemeriksaan fisik dan visum et repertum;", "Pemeriksaan kesehatan reproduksi;",
                            "Layanan konseling oleh tenaga kesehatan bila tersedia."),
        chronology="Korban didampingi ibunya melapor ke UPTD PPA pada 19 Januari 2024 terkait kekerasan yang "
                   "dialami di lingkungan rumah. Laporan polisi telah dibuat pada 20 Januari 2024. (Contoh fiktif.)",
        services_given=("Pengaduan dan asesmen awal (19 Januari 2024);",
                        "Pendampingan psikologis awal oleh konselor (20 Januari 2024);",
                        "Pendampingan pelaporan ke Unit PPA Polres (20 Januari 2024)."),
        condition_physical="Tampak lemah, keluhan nyeri; belum diperiksa dokter.",
        condition_psychological="Cemas dan sulit tidur; bersedia didampingi konselor.",
        condition_family="Tinggal sementara bersama ibu di rumah kerabat; ibu mendukung proses layanan.",
        attachments=("Fotokopi Kartu Keluarga;", "Formulir persetujuan (informed consent);",
                     "Salinan laporan polisi."),
        lampiran="1 (satu) berkas",
        contact_name="Nur Contoh, S.Psi.", contact_phone="0800-0000-0000",
        signatory=Signatory(position="Kepala UPTD PPA Kabupaten Bombana", name="Contoh Pejabat, S.Sos., M.Si.",
                            nip="198001012005012001", rank="Penata Tingkat I (III/d)"),
        tembusan=("Kepala Dinas P3A Kabupaten Bombana (sebagai laporan);", "Arsip."),
        verification_code="K7QF-2M9X",
    )
    return dataclasses.replace(content, **changes)


def draft(**changes) -> ReferralLetterContent:
    return letter(number=None, draft=True, **changes)


if __name__ == "__main__":  # pragma: no cover - docs helper
    import pathlib
    import subprocess
    import sys

    from caseapp.letters.recovery_kit import render_recovery_kit
    from caseapp.letters.referral_pdf import render_referral_letter

    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    docs = {
        "letter-referral": render_referral_letter(letter()),
        "letter-draft": render_referral_letter(draft(paper="F4")),
        "recovery-kit": render_recovery_kit("UPTD PPA Kabupaten Bombana (contoh)", "74.06", "db-0000-contoh",
                                            "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789-ABCD-EFGH-JKLM-NPQR-ST7K",
                                            dt.datetime(2024, 1, 22, 9, 30)),
    }
    for name, pdf in docs.items():
        (out / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(out / f"{name}.pdf"), str(out / name)], check=True)
