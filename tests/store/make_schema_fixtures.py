"""Generate the fixture stores of every schema version (tests/store/fixtures/schema-NNNN/).

Run once per released schema, from the repository root, and commit the new folder:

    PYTHONPATH=src python -m tests.store.make_schema_fixtures            # writes only missing versions
    PYTHONPATH=src python -m tests.store.make_schema_fixtures --all      # rewrites every version

How: an office with real records (cases, an attachment, a draft, an exchange with a partner office) is made
with the current code; then for each N a new database is built by applying only the first N migration files
and copying into it every row of the tables that exist at that version (the columns both have). The result
is what an installation of that release held. Each folder gets its own key file.

Credentials (test fixtures only, never a real office): user ``admin`` with password FIXTURE_PASSWORD, and the
recovery key made from FIXTURE_SECRET (printed in each folder's README.txt).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import sqlcipher3

from caseapp.crypto.keyslots import KeySlotFile
from caseapp.crypto.recovery_key import format_recovery_key
from caseapp.store.database import _split_sql, migrations, read_salt
from tests.helpers import TEST_KDF

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_PASSWORD = "sandi-admin-rahasia"  # tests.helpers.ADMIN_PASSWORD
FIXTURE_SECRET = bytes(range(32))
FIXTURE_RECOVERY_KEY = format_recovery_key(FIXTURE_SECRET)


def _source_office(root: Path):
    """A full-schema office with one of each kind of record; returns (data key, db path)."""
    from caseapp.services import attachments, cases, drafts, exchange, offices
    from tests.helpers import make_office
    from tests.services.test_exchange import _case

    _dd, res = make_office(root / "bombana")
    _pd, pres = make_office(root / "prov", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
    s, p = res.session, pres.session
    for a, b in ((s, p), (p, s)):
        card = offices.own_card(b)
        offices.trust_card(a, card, card.fingerprint())
    c1 = cases.create_case(s, _case("Siti Fikstur Aminah", nik="7406014503120001"))
    attachments.add_attachment(s, c1.uuid, file_name="persetujuan.pdf", mime_type="application/pdf",
                               data=b"%PDF-1.4 fixture")
    c2 = cases.create_case(s, _case("Wa Ode Fikstur"))
    drafts.save_draft(s, c2)
    bundle = root / "b1.casebundle"
    exchange.export_bundle(s, "74", bundle)
    exchange.import_bundle(p, bundle, receipt_out=bundle.with_suffix(".receipt"))
    exchange.import_bundle(s, bundle.with_suffix(".receipt"))
    key = bytes(s.data_key)
    s.close()
    p.close()
    return key, root / "bombana" / "caseapp.db"


def _keyed(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def build(version: int, key: bytes, source: Path, out_dir: Path) -> None:
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    db_path = out_dir / "caseapp.db"
    src = _keyed(source, key)
    dst = _keyed(db_path, key)
    dst.execute("PRAGMA journal_mode = DELETE")
    for number, _name, sql in migrations()[:version]:
        dst.execute("BEGIN")
        for statement in _split_sql(sql):
            dst.execute(statement)
        dst.execute(f"PRAGMA user_version = {number}")
        dst.execute("COMMIT")
    dst.execute("BEGIN")
    tables = dst.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()
    copied = []
    for table, sql in tables:
        if sql.upper().startswith("CREATE VIRTUAL"):
            continue  # its shadow tables are copied as ordinary tables
        dst_cols = [r[1] for r in dst.execute(f"PRAGMA table_info({table})")]
        src_cols = {r[1] for r in src.execute(f"PRAGMA table_info({table})")}
        cols = [c for c in dst_cols if c in src_cols]
        if not cols:
            continue
        dst.execute(f"DELETE FROM {table}")  # rows a migration seeded (code lists…) come from the source
        names = ", ".join(cols)
        rows = src.execute(f"SELECT {names} FROM {table}").fetchall()
        if table in ("sync_base", "sync_pending") and "document" in cols and "case_uuid" in cols:
            # Before "bases by reference" every base held its own copy of the document (no NULL meaning
            # "the case as stored").
            doc_at, uuid_at = cols.index("document"), cols.index("case_uuid")
            current = dict(src.execute("SELECT uuid, document FROM cases").fetchall())
            rows = [tuple(current[r[uuid_at]] if i == doc_at and v is None else v for i, v in enumerate(r))
                    for r in rows]
        dst.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})", rows)
        copied.append((table, names, rows))
    # A table filled by triggers (the report summaries) may have been copied before the rows whose triggers add to
    # it: copy such a table again, so that it holds exactly the source's rows.
    for table, names, rows in copied:
        if sorted(map(repr, dst.execute(f"SELECT {names} FROM {table}"))) != sorted(map(repr, rows)):
            dst.execute(f"DELETE FROM {table}")
            dst.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * (names.count(', ') + 1))})",
                            rows)
    dst.execute("COMMIT")
    dst.execute("VACUUM")
    db_id = dst.execute("SELECT db_id FROM office").fetchone()[0]
    dst.close()
    src.close()
    keyfile = KeySlotFile(db_id=db_id, db_salt=read_salt(db_path), generation=1)
    keyfile.add_password_slot("admin", FIXTURE_PASSWORD, TEST_KDF)
    keyfile.set_recovery_slot(FIXTURE_SECRET)
    keyfile.seal_all(key, 1)
    keyfile.save(out_dir / "caseapp.keys")
    (out_dir / "README.txt").write_text(
        f"Fixture store at schema version {version} (test data only, fictitious people).\n"
        f"Generated by tests/store/make_schema_fixtures.py.\n"
        f"User: admin   Password: {FIXTURE_PASSWORD}\nRecovery key: {FIXTURE_RECOVERY_KEY}\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="rewrite fixtures that already exist")
    args = parser.parse_args(argv)
    wanted = [n for n, _name, _sql in migrations()
              if args.all or not (FIXTURES / f"schema-{n:04d}" / "caseapp.db").exists()]
    if not wanted:
        print("all fixtures exist")
        return 0
    os.environ.setdefault("CASEAPP_KDF_CALIBRATE", "0")
    with tempfile.TemporaryDirectory() as tmp:
        key, source = _source_office(Path(tmp))
        for n in wanted:
            build(n, key, source, FIXTURES / f"schema-{n:04d}")
            print(f"schema-{n:04d}: {(FIXTURES / f'schema-{n:04d}' / 'caseapp.db').stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
