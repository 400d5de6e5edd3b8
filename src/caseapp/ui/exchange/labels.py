"""Indonesian display text for exchange values: scopes, levels, bundle kinds, plan actions, conflict fields."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from caseapp.domain.merge import MISSING
from caseapp.i18n import _, format_date


def scope_label(scope: str) -> str:
    return _("data lengkap") if scope == "full" else _("tanpa identitas")


def level_label(level: str) -> str:
    return _("Provinsi") if level == "provinsi" else _("Kabupaten/Kota")


def kind_label(kind: str) -> str:
    return _("Tanda terima") if kind == "receipt" else _("Paket data")


def action_labels() -> dict[str, str]:
    """Plan actions in the order they are shown."""
    return {"new": _("Baru"), "update": _("Diperbarui"), "conflict": _("Konflik"),
            "unchanged": _("Tidak berubah"), "handback": _("Dilimpahkan ke kantor ini")}


def _field_names() -> dict[str, str]:
    return {
        "case_number": _("Nomor kasus"), "intake_date": _("Tanggal pengaduan"), "intake_time": _("Jam pengaduan"),
        "channel": _("Cara pengaduan"), "status": _("Status"), "closure_reason": _("Alasan penutupan"),
        "risk_level": _("Tingkat risiko"), "competent_office": _("Kantor berwenang"),
        "confidential": _("Rahasia"), "police_reported_at": _("Dilaporkan ke polisi"),
        "persons": _("Orang"), "victims": _("Korban"), "perpetrators": _("Pelaku"), "reporters": _("Pelapor"),
        "relations": _("Hubungan"), "incidents": _("Kejadian"), "assessments": _("Asesmen"),
        "interventions": _("Rencana intervensi"), "services": _("Layanan"), "follow_ups": _("Tindak lanjut"),
        "notes": _("Catatan"), "consents": _("Persetujuan"), "name": _("Nama"), "alias": _("Nama panggilan"),
        "nik": _("NIK"), "sex": _("Jenis kelamin"), "birth_date": _("Tanggal lahir"), "phone": _("Telepon"),
        "street": _("Alamat"), "region_code": _("Wilayah"), "chronology": _("Kronologi"), "place": _("Tempat kejadian"),
        "date": _("Tanggal"), "violence_types": _("Bentuk kekerasan"), "relationship": _("Hubungan dengan korban"),
        "text": _("Isi"), "description": _("Uraian"), "guardian": _("Wali"),
        "child_witnesses": _("Anak saksi"), "legal_process": _("Proses hukum"),
        "police_report_number": _("Nomor Laporan Polisi"), "stage": _("Tahap proses hukum"),
        "court": _("Pengadilan"), "court_case_number": _("Nomor perkara"), "verdict_date": _("Tanggal putusan"),
        "verdict_summary": _("Isi putusan"), "verdict_final": _("Berkekuatan hukum tetap"),
        "restitution_requested_on": _("Restitusi diajukan"), "restitution_lpsk_assessed_on": _("Penilaian LPSK"),
        "restitution_amount": _("Restitusi diputus"), "restitution_paid_amount": _("Restitusi dibayar"),
        "restitution_paid_on": _("Tanggal restitusi dibayar"), "temporary_protection_at": _("Perlindungan sementara"),
        "temporary_protection_by": _("Perlindungan sementara oleh"),
        "protection_requested_at": _("Permintaan perlindungan"),
    }


def field_label(path: tuple[str, ...] | list[str]) -> str:
    """'victims › #uuid › phone' becomes 'Korban › Telepon'; unknown keys are shown as they are."""
    names = _field_names()
    parts = [names.get(p, p) for p in path if not str(p).startswith("#")]
    return " › ".join(parts) or "—"


def value_text(value: Any) -> str:
    """A conflict value as an officer reads it."""
    if value is MISSING:
        return _("(dihapus)")
    if value is None or value == "" or value == []:
        return _("(kosong)")
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return str(value)


def short_date(timestamp: str | None) -> str:
    """'2024-03-05T10:12:00+08:00' → '5 Maret 2024' (empty when there is none)."""
    if not timestamp:
        return ""
    try:
        return format_date(dt.date.fromisoformat(timestamp[:10]))
    except ValueError:
        return timestamp[:10]
