"""Acceptance: a whole exchange through caseapp-cli across three data directories, and every refusal's exit code.

Two districts (Bombana 74.06, Kolaka 74.01) and their province (74) each have their own data directory; they
swap office cards, trust them by fingerprint, send cases up with receipts, and the province hands a case over
to a district. Each kind of bad file then exits with its own code and leaves the receiving store unchanged.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles.container import ContainerWriter, dos_datetime
from caseapp.bundles.errors import (BundleDamaged, BundleReplayed, BundleSignatureInvalid, BundleUnsupportedVersion,
                                    BundleUntrustedSender, BundleWrongRecipient)
from caseapp.datadir import DataDir
from caseapp.store.exchange_repo import canonical_dump
from tests.helpers import run_cli, unlock

PW = "sandi-admin-pertukaran-1"
OFFICES = {
    "74.06": "UPTD PPA Kabupaten Bombana",
    "74.01": "UPTD PPA Kabupaten Kolaka",
    "74": "UPTD PPA Provinsi Sulawesi Tenggara",
    "73.01": "UPTD PPA Kabupaten Kepulauan Selayar",  # a stranger the province never trusts
}
SESSION_ACTIONS = {"login", "lock"}


def cli(root: Path, *args: str) -> "subprocess.CompletedProcess":  # noqa: F821
    return run_cli(list(args), data_dir=root, user="admin", password=PW)


def ok(root: Path, *args: str) -> str:
    r = cli(root, *args)
    assert r.returncode == 0, f"{args}: {r.returncode} {r.stderr}"
    assert "Traceback" not in r.stderr
    return r.stdout


def content(root: Path):
    """The store's content apart from the login/lock rows every CLI session writes to the audit log."""
    session = unlock(DataDir(root), password=PW)
    try:
        conn = session.db.conn
        tables = [t for t in canonical_dump(conn) if t[0] != "audit_log"]
        actions = [a for (a,) in conn.execute("SELECT action FROM audit_log ORDER BY seq") if a not in SESSION_ACTIONS]
        return tables, actions
    finally:
        session.close(action=None)


def _case_json(name: str, region: str, nik: str, phone: str) -> dict:
    return {"intake_date": "2024-01-22", "channel": "datang_langsung",
            "victims": [{"name": name, "sex": "P", "birth_date": "2012-03-04", "region_code": region, "nik": nik,
                         "phone": phone, "street": "Jl. Melati No. 3"}],
            "perpetrators": [{"name": "Pelaku " + name, "sex": "L", "relationship": "tetangga"}],
            "violence_types": ["seksual"], "incident_date": "2024-01-20", "place": "rumah_tangga",
            "chronology": f"{name} melapor bersama ibunya."}


def _fingerprint(stdout: str) -> str:
    line = next(x for x in stdout.splitlines() if x.startswith("Sidik jari"))
    return line.split(":", 1)[1].strip()


def _rebuild(bundle: Path, out: Path, change) -> Path:
    """Re-pack a bundle's members canonically after ``change(parts)``: ZIP checksums stay right."""
    with zipfile.ZipFile(bundle) as zf:
        parts = {n: zf.read(n) for n in fmt.MEMBERS}
    change(parts)
    buf = io.BytesIO()
    writer = ContainerWriter(buf, dos_datetime(json.loads(parts[fmt.HEADER])["created_at"]))
    for name in fmt.MEMBERS:
        writer.add(name, parts[name])
    writer.finish()
    out.write_bytes(buf.getvalue())
    return out


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    base = tmp_path_factory.mktemp("exchange-cli")
    roots = {code: base / code for code in OFFICES}
    cards = {}
    for code, name in OFFICES.items():
        r = run_cli(["init", "--office-code", code, "--office-name", name, "--admin", "admin",
                     "--admin-full-name", "Admin " + code], data_dir=roots[code], password=PW)
        assert r.returncode == 0, r.stderr
        out = ok(roots[code], "office", "card", "--out", str(base / f"{code}.card.json"))
        assert f"Kode kantor : {code}" in out and "Dalam kata" in out
        words = next(x for x in out.splitlines() if x.startswith("Dalam kata")).split(":", 1)[1].split()
        assert len(words) == 8
        cards[code] = (base / f"{code}.card.json", _fingerprint(out))
    trust = {"74.06": ["74", "74.01"], "74.01": ["74", "74.06"], "74": ["74.06", "74.01"], "73.01": ["74"]}
    for code, others in trust.items():
        for other in others:
            path, fp = cards[other]
            out = ok(roots[code], "office", "trust", str(path), "--fingerprint", fp)
            assert f"Kantor {other}" in out
    return base, roots, cards


def test_wrong_fingerprint_is_refused(region):
    base, roots, cards = region
    path, fp = cards["73.01"]
    before = content(roots["74"])
    wrong = ("0" if fp[0] != "0" else "1") + fp[1:]
    r = cli(roots["74"], "office", "trust", str(path), "--fingerprint", wrong)
    assert r.returncode == 53 and "tidak cocok" in r.stderr and "Traceback" not in r.stderr
    assert content(roots["74"]) == before


def test_whole_exchange_through_the_cli(region):
    base, roots, _cards = region
    bmb, klk, prov = roots["74.06"], roots["74.01"], roots["74"]
    added = {}
    for code, name, nik, phone in (("74.06", "Siti Aminah", "7406014403120001", "081234567890"),
                                   ("74.06", "Wa Ode Sari", "7406014403120002", "081234567891"),
                                   ("74.01", "Nur Hidayah", "7401014403120003", "081234567892")):
        src = base / f"case-{nik}.json"
        region_code = "74.06.01.1007" if code == "74.06" else "74.01.01.1001"
        src.write_text(json.dumps(_case_json(name, region_code, nik, phone)), encoding="utf-8")
        uuid, number = ok(roots[code], "case", "add", "--from", str(src)).split()[:2]
        added.setdefault(code, []).append((uuid, number))

    # Bombana → province, with the cover note.
    b1, note = base / "bmb-74-001.casebundle", base / "bmb-74-001.pdf"
    out = ok(bmb, "bundle", "export", "--to", "74", "--out", str(b1), "--note", str(note))
    assert str(b1) in out and "Nomor urut : 1" in out and "Kasus      : 2" in out and "Sidik paket:" in out
    assert note.read_bytes().startswith(b"%PDF")
    out = ok(prov, "bundle", "inspect", str(b1))
    assert "Tanda tangan sah" in out and "74.06" in out and "Nomor urut : 1" in out
    info = json.loads(ok(prov, "bundle", "inspect", str(b1), "--json"))
    assert info["sequence"] == 1 and info["sender"]["code"] == "74.06" and info["for_this_office"]

    before = content(prov)
    out = ok(prov, "bundle", "import", str(b1), "--dry-run")
    assert "Pratinjau" in out and "Kasus baru: 2" in out
    assert content(prov) == before  # a preview changes nothing

    r1 = base / "bmb-74-001.receipt"
    out = ok(prov, "bundle", "import", str(b1), "--receipt-out", str(r1))
    assert "Kasus baru: 2, diperbarui: 0, konflik: 0, tidak berubah: 0" in out and r1.exists()
    listed = json.loads(ok(bmb, "office", "list", "--json"))
    assert next(o for o in listed if o["code"] == "74")["unacknowledged_out"] == 1
    out = ok(bmb, "bundle", "import", str(r1))
    assert "Tanda terima dari 74 untuk paket no. 1 dicatat" in out
    listed = json.loads(ok(bmb, "office", "list", "--json"))
    assert next(o for o in listed if o["code"] == "74")["unacknowledged_out"] == 0  # acknowledged
    assert "semua diakui" in ok(bmb, "office", "list")

    # Kolaka → province.
    k1, kr1 = base / "klk-74-001.casebundle", base / "klk-74-001.receipt"
    ok(klk, "bundle", "export", "--to", "74", "--out", str(k1))
    assert "Kasus baru: 1" in ok(prov, "bundle", "import", str(k1), "--receipt-out", str(kr1))
    ok(klk, "bundle", "import", str(kr1))

    # The province's view of its sources.
    view = {o["code"]: o for o in json.loads(ok(prov, "office", "list", "--json"))}
    assert view["74.06"]["last_sequence"] == 1 and view["74.01"]["last_sequence"] == 1
    assert view["74.06"]["gaps"] == [] and view["74.06"]["days_since"] == 0
    assert view["74.06"]["fingerprint"] and len(view["74.06"]["fingerprint_words"]) == 8
    text = ok(prov, "office", "list")
    assert "74.06" in text and "74.01" in text and "0 hari" in text

    # Hand-over: the province passes one of Bombana's cases to Kolaka.
    moved_uuid = added["74.06"][0][0]
    h1, hr1 = base / "prov-klk-001.casebundle", base / "prov-klk-001.receipt"
    out = ok(prov, "bundle", "export", "--to", "74.01", "--out", str(h1), "--cases", moved_uuid, "--transfer")
    assert "pelimpahan" in out and "Kasus      : 1" in out
    out = ok(klk, "bundle", "import", str(h1), "--receipt-out", str(hr1))
    assert "Kasus baru: 1" in out
    ok(prov, "bundle", "import", str(hr1))
    from caseapp.services import cases

    for root in (prov, klk):
        session = unlock(DataDir(root), password=PW)
        try:
            state = cases.case_state(session, moved_uuid)
        finally:
            session.close(action=None)
        if root == prov:
            assert state.read_only and state.handed_over_to == "74.01"
        else:
            assert not state.read_only and state.owner_office == "74.01"
    assert "Tidak ada konflik" in ok(prov, "bundle", "conflicts")


def test_conflict_listed_and_resolved_through_the_cli(region):
    base, roots, _cards = region
    bmb, prov = roots["74.06"], roots["74"]
    src = base / "conflict-case.json"
    src.write_text(json.dumps(_case_json("Rina Konflik", "74.06.01.1007", "7406014403120009", "")), encoding="utf-8")
    uuid = ok(bmb, "case", "add", "--from", str(src)).split()[0]

    def send(name: str) -> None:
        bundle, receipt = base / f"conflict-{name}.casebundle", base / f"conflict-{name}.receipt"
        ok(bmb, "bundle", "export", "--to", "74", "--out", str(bundle), "--cases", uuid)
        ok(prov, "bundle", "import", str(bundle), "--receipt-out", str(receipt))
        ok(bmb, "bundle", "import", str(receipt))

    send("1")
    for root, risk in ((bmb, "tinggi"), (prov, "rendah")):
        session = unlock(DataDir(root), password=PW)
        try:
            import dataclasses

            from caseapp.services import cases

            cases.save_case(session, dataclasses.replace(cases.get_case(session, uuid), risk_level=risk))
        finally:
            session.close(action=None)
    send("2")
    listed = json.loads(ok(prov, "bundle", "conflicts", uuid, "--json"))
    assert [(c["path"], c["local"], c["remote"]) for c in listed] == [(["risk_level"], "rendah", "tinggi")]
    assert "risk_level" in ok(prov, "bundle", "conflicts")
    out = ok(prov, "bundle", "resolve", listed[0]["id"][:8], "--take", "remote")
    assert "diputuskan" in out
    assert json.loads(ok(prov, "bundle", "conflicts", "--json")) == []
    r = cli(prov, "bundle", "resolve", listed[0]["id"], "--take", "local")
    assert r.returncode != 0 and "Konflik tidak ditemukan" in r.stderr


@pytest.fixture(scope="module")
def fresh_bundle(region):
    """A second, not yet imported bundle from Bombana to the province."""
    base, roots, _cards = region
    src = base / "late-case.json"
    src.write_text(json.dumps(_case_json("Lina Terakhir", "74.06.01.1007", "7406014403120005", "")), encoding="utf-8")
    ok(roots["74.06"], "case", "add", "--from", str(src))
    path = base / "bmb-74-late.casebundle"
    ok(roots["74.06"], "bundle", "export", "--to", "74", "--out", str(path))
    return path


def _refusal_cases(base: Path, roots: dict, fresh: Path) -> list[tuple[str, Path, Path, type]]:
    """(label, receiving data dir, file, expected error)."""
    tampered = _rebuild(fresh, base / "tampered.casebundle",
                        lambda p: p.__setitem__(fmt.PAYLOAD, p[fmt.PAYLOAD][:500] + bytes([p[fmt.PAYLOAD][500] ^ 1])
                                                + p[fmt.PAYLOAD][501:]))
    truncated = base / "truncated.casebundle"
    data = fresh.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    future = _rebuild(fresh, base / "future.casebundle", lambda p: p.__setitem__(
        fmt.SIGNATURE, p[fmt.SIGNATURE].replace(b"caseapp-bundle v1 ", b"caseapp-bundle v2 ")))
    future_header = base / "future-header.casebundle"
    _rebuild(fresh, future_header, lambda p: p.__setitem__(
        fmt.HEADER, p[fmt.HEADER].replace(b'"version": 1', b'"version": 2')))
    stranger = base / "stranger.casebundle"
    if not stranger.exists():
        ok(roots["73.01"], "bundle", "export", "--to", "74", "--out", str(stranger))
    replayed = base / "klk-74-replayed.casebundle"
    if not replayed.exists():
        src = base / "replay-case.json"
        src.write_text(json.dumps(_case_json("Ani Ulangan", "74.01.01.1001", "7401014403120007", "")),
                       encoding="utf-8")
        uuid = ok(roots["74.01"], "case", "add", "--from", str(src)).split()[0]
        ok(roots["74.01"], "bundle", "export", "--to", "74", "--out", str(replayed), "--cases", uuid)
        ok(roots["74"], "bundle", "import", str(replayed))
    return [
        ("tampered", roots["74"], tampered, BundleSignatureInvalid),
        ("truncated", roots["74"], truncated, BundleDamaged),
        ("wrong recipient", roots["74.01"], fresh, BundleWrongRecipient),
        ("untrusted sender", roots["74"], stranger, BundleUntrustedSender),
        ("replay", roots["74"], replayed, BundleReplayed),
        ("unknown version (signed comment)", roots["74"], future, BundleUnsupportedVersion),
        ("unknown version (header.json)", roots["74"], future_header, BundleUnsupportedVersion),
    ]


def test_refusals_exit_with_their_own_code_and_leave_the_store_unchanged(region, fresh_bundle):
    base, roots, _cards = region
    seen_codes = set()
    for label, root, path, error in _refusal_cases(base, roots, fresh_bundle):
        before = content(root)
        for args in (["bundle", "import", str(path), "--receipt-out", str(base / "never.receipt")],
                     ["bundle", "import", str(path), "--dry-run"]):
            r = cli(root, *args)
            assert r.returncode == error.exit_code, f"{label}: {r.returncode} {r.stderr}"
            lines = r.stderr.strip().splitlines()
            assert len(lines) == 1 and "Traceback" not in r.stderr, f"{label}: {r.stderr}"
            assert re.search(r"[Pp]aket|[Bb]erkas", lines[0]), lines[0]
        assert content(root) == before, label
        assert not (base / "never.receipt").exists()
        seen_codes.add(error.exit_code)
    assert seen_codes == {41, 42, 43, 44, 45, 48}
    # The claimed sender is named, so the operator knows whom to call.
    r = cli(roots["74"], "bundle", "import", str(base / "stranger.casebundle"))
    assert "73.01" in r.stderr
    r = cli(roots["74.01"], "bundle", "inspect", str(fresh_bundle))
    assert r.returncode == 0 and "bukan untuk kantor ini" in r.stderr


def test_gap_is_warned_and_export_keys_warns(region, fresh_bundle):
    base, roots, _cards = region
    bmb, prov = roots["74.06"], roots["74"]
    # Bombana sends two more; the province receives only the later one.
    skipped, later = base / "bmb-skip.casebundle", base / "bmb-later.casebundle"
    # fresh_bundle (not yet imported) and `skipped` are missing at the province when `later` arrives.
    ok(bmb, "bundle", "export", "--to", "74", "--out", str(skipped))
    ok(bmb, "bundle", "export", "--to", "74", "--out", str(later))
    seq_fresh = json.loads(ok(prov, "bundle", "inspect", str(fresh_bundle), "--json"))["sequence"]
    seq_later = json.loads(ok(prov, "bundle", "inspect", str(later), "--json"))["sequence"]
    r = cli(prov, "bundle", "import", str(later))
    assert r.returncode == 0, r.stderr
    assert f"Peringatan: paket no. {seq_fresh} dari 74.06 belum diterima" in r.stderr
    view = {o["code"]: o for o in json.loads(ok(prov, "office", "list", "--json"))}
    assert view["74.06"]["last_sequence"] == seq_later and seq_fresh in view["74.06"]["gaps"]
    r = cli(prov, "office", "list")
    assert f"Peringatan: paket no. {seq_fresh} dari 74.06 belum diterima" in r.stderr
    # No receipt was asked for on import: it can be made afterwards, but only for an imported bundle.
    receipt = base / "bmb-later.receipt"
    r = cli(prov, "bundle", "receipt", str(skipped), "--out", str(receipt))
    assert r.returncode != 0 and "belum diimpor" in r.stderr and not receipt.exists()
    ok(prov, "bundle", "receipt", str(later), "--out", str(receipt))
    assert "Tanda terima dari 74" in ok(bmb, "bundle", "import", str(receipt))

    keys = base / "kunci-darurat"
    r = cli(prov, "office", "export-keys", "--out", str(keys))
    assert r.returncode == 0 and "KUNCI PRIVAT" in r.stderr
    assert {p.name for p in keys.iterdir()} == {"office.minisign.pub", "office.minisign.key", "office.age.key",
                                                 "office.card.json"}
    pdf = base / "kartu-74.pdf"
    ok(prov, "office", "card-pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
