"""Bounds on what a trusted partner's bundle can make this office do (issue 9, item 2).

Bundles are forged with the sending office's own exported keys (``tests/bundles/forge.py``), as a hostile partner
with a stolen recovery kit or a broken script could make them. Each one is refused with its own message and exit
code, leaves the store's canonical dump unchanged, and prints no traceback through the CLI.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caseapp.bundles import format_v1 as fmt
from caseapp.bundles import errors as be
from caseapp.datadir import DataDir
from caseapp.domain.case_json import case_to_json
from caseapp.domain.entry_limits import ADDRESS_CHARS, MAX_ATTACHMENT_BYTES, MAX_TEXT_CHARS, SHORT_TEXT_CHARS
from caseapp.services import cases, exchange, offices
from caseapp.store import exchange_repo
from tests.bundles.forge import attachment_entry, case_record, forge, stolen_identity
from tests.helpers import ADMIN_PASSWORD, make_office, run_cli, unlock
from tests.services.test_exchange import _case

PDF = b"%PDF-1.4 pindaian surat persetujuan\n" * 40


class World:
    """A district (74.06) and its province (74) that trust each other; the district's keys are in the wrong hands."""

    def __init__(self, root: Path):
        self.root = root
        self.district_root, self.province_root = root / "74.06", root / "74"
        _dd, d = make_office(self.district_root, code="74.06", name="UPTD PPA Kabupaten Bombana")
        _pd, p = make_office(self.province_root, code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
        district, province = d.session, p.session
        for a, b in ((district, province), (province, district)):
            card = offices.own_card(b)
            offices.trust_card(a, card, card.fingerprint())
        created = cases.create_case(district, _case("Siti Aminah"))
        document = case_to_json(cases.get_case(district, created.uuid))
        document.pop("assigned_officers", None)
        self.document = document
        offices.export_private_keys(district, root / "kit")
        self.sender = stolen_identity(root / "kit")
        self.province_card = offices.own_card(province)
        district.close()
        province.close()
        self._n = 0

    def province(self):
        return unlock(DataDir(self.province_root))

    def document_with(self, **changes) -> dict:
        doc = json.loads(json.dumps(self.document))
        for key, value in changes.items():
            if key == "chronology":
                doc["incidents"][0]["chronology"] = value
            else:
                doc[key] = value
        return doc

    def bundle(self, label: str = "b", **kwargs) -> Path:
        """A forged bundle from the district to the province; valid unless ``kwargs`` say otherwise."""
        self._n += 1
        path = self.root / f"{label}-{self._n}.casebundle"
        if not any(k in kwargs for k in ("records", "record_lines", "record_chunks")):
            kwargs["records"] = [case_record(self.document)]
        forge(path, self.sender, self.province_card, **kwargs)
        return path


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return World(tmp_path_factory.mktemp("bounds"))


@pytest.fixture
def fresh(tmp_path):
    """A world of its own, for tests that import bundles successfully."""
    return World(tmp_path)


def _deep(levels: int):
    value: object = "x"
    for _ in range(levels):
        value = [value]
    return value


def _inflating_records(total: int):
    """records.jsonl of one case record whose chronology is ``total`` bytes of "A", produced chunk by chunk."""
    def chunks():
        head, tail = json.dumps(case_record(_PLACEHOLDER_DOC)).encode().split(b"@@CHRONOLOGY@@")
        yield head
        block = b"A" * (1 << 20)
        for _ in range(total // len(block)):
            yield block
        yield tail + b"\n"
    return chunks


_PLACEHOLDER_DOC = {"uuid": "0b6f2a1e-0000-4000-8000-00000000a001", "incidents": [{"chronology": "@@CHRONOLOGY@@"}]}


def _refusals(world: World) -> list[tuple[str, Path, type[be.BundleError]]]:
    """(label, forged bundle, the refusal expected) for every bound a bundle can break on its own."""
    w = world
    ok_doc = w.document
    return [
        ("sequence 0", w.bundle("seq0", sequence=0), be.BundleSequenceInvalid),
        ("sequence 20,000,000", w.bundle("seq20m", sequence=20_000_000), be.BundleSequenceTooFar),
        ("sequence 10^18 - 1", w.bundle("seq1e18m1", sequence=10**18 - 1), be.BundleSequenceTooFar),
        ("sequence 10^18 (more digits than the format has)", w.bundle("seq1e18", sequence=10**18), be.BundleDamaged),
        ("sequence 10,001 before any bundle", w.bundle("seq10001", sequence=fmt.SEQUENCE_WINDOW + 1),
         be.BundleSequenceTooFar),
        ("first bundle with a previous hash", w.bundle("prev", previous_hash="ab" * 32), be.BundleForked),
        ("records inflating to 150 MB (one 150 MB chronology)",
         w.bundle("field150mb", record_chunks=_inflating_records(150 << 20)), be.BundleContentTooLarge),
        ("one record line over the line limit", w.bundle("line", record_chunks=_inflating_records(fmt.MAX_RECORD_LINE)),
         be.BundleRecordTooLarge),
        ("a chronology one character over the local limit",
         w.bundle("field", records=[case_record(w.document_with(chronology="a" * (MAX_TEXT_CHARS + 1)))]),
         be.BundleFieldTooLong),
        ("a victim's name one character over the local limit for names",
         w.bundle("name", records=[case_record(w.document_with(
             victims=[{**ok_doc["victims"][0], "name": "N" * (SHORT_TEXT_CHARS + 1)}]))]),
         be.BundleFieldTooLong),
        ("a street one character over the local limit for addresses",
         w.bundle("street", records=[case_record(w.document_with(
             victims=[{**ok_doc["victims"][0], "street": "J" * (ADDRESS_CHARS + 1)}]))]),
         be.BundleFieldTooLong),
        ("nesting 40 deep", w.bundle("deep", records=[case_record(w.document_with(notes=_deep(40)))]),
         be.BundleNestingTooDeep),
        ("more records than allowed", w.bundle("many", record_lines=[b"{}"] * (fmt.MAX_RECORDS + 1)),
         be.BundleTooManyRecords),
        ("unknown record field", w.bundle("unknown", records=[case_record(ok_doc, diagnosis="x")]),
         be.BundleUnknownField),
        ("unknown attachment field", w.bundle("unknown-att", attachments=[PDF], records=[
            case_record(ok_doc, attachments=[attachment_entry(PDF, path="/tmp/x")])]), be.BundleUnknownField),
        ("attachment list is a text", w.bundle("att-text", records=[case_record(ok_doc, attachments="scan.pdf")]),
         be.BundleMalformedRecord),
        ("attachment list of numbers", w.bundle("att-num", records=[case_record(ok_doc, attachments=[1, 2])]),
         be.BundleMalformedRecord),
        ("attachment not in the bundle", w.bundle("att-missing", records=[
            case_record(ok_doc, attachments=[attachment_entry(b"not sent")])]), be.BundleMalformedRecord),
        ("record of another type", w.bundle("type", records=[case_record(ok_doc, type="user")]),
         be.BundleMalformedRecord),
        ("attachment over 20 MB", w.bundle("att-big", attachments=[b"B" * (MAX_ATTACHMENT_BYTES + 1)], records=[
            case_record(ok_doc, attachments=[attachment_entry(b"B" * (MAX_ATTACHMENT_BYTES + 1))])]),
         be.BundleAttachmentTooLarge),
        ("attachment of type text/html", w.bundle("att-html", attachments=[PDF], records=[
            case_record(ok_doc, attachments=[attachment_entry(PDF, file_name="surat.html", mime_type="text/html")])]),
         be.BundleAttachmentType),
        ("attachment named ../../evil.html", w.bundle("att-path", attachments=[PDF], records=[
            case_record(ok_doc, attachments=[attachment_entry(PDF, file_name="../../evil.html")])]),
         be.BundleAttachmentName),
    ]


@pytest.fixture(scope="module")
def refusals(world):
    return _refusals(world)


def test_each_forged_bundle_is_refused_with_its_own_error_and_the_store_unchanged(world, refusals):
    province = world.province()
    try:
        before = exchange_repo.canonical_dump(province.db.conn)
        for label, path, error in refusals:
            for dry_run in (False, True):
                with pytest.raises(be.BundleError) as refused:
                    exchange.import_bundle(province, path, receipt_out=world.root / "never.receipt", dry_run=dry_run)
                assert type(refused.value) is error, f"{label}: {type(refused.value).__name__}"
                assert refused.value.message and "{" not in refused.value.message, label
            assert exchange_repo.canonical_dump(province.db.conn) == before, label
        assert not (world.root / "never.receipt").exists()
    finally:
        province.close()
    bound_errors = {e for _l, _p, e in refusals} - {be.BundleDamaged}
    messages = {e().message for e in bound_errors}
    codes = {e.exit_code for e in bound_errors}
    assert len(messages) == len(codes) == len(bound_errors) == 13


def test_the_same_record_within_the_limits_is_imported(fresh):
    """The refusals above are about the bounds, not the forging: within them the same content goes in."""
    at_limit = fresh.document_with(chronology="a" * MAX_TEXT_CHARS)
    path = fresh.bundle("ok", attachments=[PDF], records=[
        case_record(at_limit, attachments=[attachment_entry(PDF, file_name="Surat: persetujuan (1).pdf")])])
    province = fresh.province()
    try:
        result = exchange.import_bundle(province, path)
        assert result.plan.summary()["new"] == 1
        stored = cases.get_case(province, at_limit["uuid"])
        assert len(stored.incidents[0].chronology) == MAX_TEXT_CHARS
        from caseapp.services import attachments
        [att] = attachments.list_attachments(province, at_limit["uuid"])
        assert (att.file_name, att.mime_type, att.size) == ("Surat: persetujuan (1).pdf", "application/pdf", len(PDF))
    finally:
        province.close()


def _cli_content(root: Path):
    session = unlock(DataDir(root))
    try:
        conn = session.db.conn
        tables = [t for t in exchange_repo.canonical_dump(conn) if t[0] != "audit_log"]
        actions = [a for (a,) in conn.execute("SELECT action FROM audit_log ORDER BY seq") if a not in ("login", "lock")]
        return tables, actions
    finally:
        session.close(action=None)


def test_through_the_cli_each_refusal_has_its_exit_code_one_line_and_no_traceback(world, refusals):
    before = _cli_content(world.province_root)
    for label, path, error in refusals:
        r = run_cli(["bundle", "import", str(path)], data_dir=world.province_root, user="admin",
                    password=ADMIN_PASSWORD)
        assert r.returncode == error.exit_code, f"{label}: {r.returncode} {r.stderr}"
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in r.stderr and "Error" not in r.stderr, f"{label}: {r.stderr}"
        assert lines[0].startswith("caseapp-cli: ") and ("Paket" in lines[0] or "paket" in lines[0]), lines[0]
    assert _cli_content(world.province_root) == before


# --- sequence numbers and the chain -------------------------------------------------------------------------------

def test_previous_hash_must_name_the_bundle_received_before(fresh):
    first = fresh.bundle("one", records=[case_record(fresh.document)])
    province = fresh.province()
    try:
        exchange.import_bundle(province, first)
        first_hash = exchange.inspect(province, first).bundle_hash
        before = exchange_repo.canonical_dump(province.db.conn)
        wrong = fresh.bundle("two-wrong", sequence=2, previous_hash="cd" * 32, records=[])
        with pytest.raises(be.BundleForked) as refused:
            exchange.import_bundle(province, wrong)
        assert "no. 2 dari 74.06" in refused.value.message and "bercabang" in refused.value.message
        assert exchange_repo.canonical_dump(province.db.conn) == before
        right = fresh.bundle("two", sequence=2, previous_hash=first_hash, records=[])
        assert exchange.import_bundle(province, right).plan.gaps == []
    finally:
        province.close()


def test_a_bundle_filling_a_gap_must_be_the_one_the_next_bundle_named(fresh):
    """Bundle 3 arrives first and names a bundle 2; a different bundle 2 arriving later is a fork."""
    province = fresh.province()
    try:
        one = fresh.bundle("one", records=[])
        exchange.import_bundle(province, one)
        one_hash = exchange.inspect(province, one).bundle_hash
        two = fresh.bundle("two", sequence=2, previous_hash=one_hash, records=[])
        two_hash = exchange.inspect(province, two).bundle_hash
        three = fresh.bundle("three", sequence=3, previous_hash=two_hash, records=[])
        assert exchange.import_bundle(province, three).plan.gaps == [2]
        other_two = fresh.bundle("two-other", sequence=2, previous_hash=one_hash,
                                 records=[case_record(fresh.document)])
        before = exchange_repo.canonical_dump(province.db.conn)
        with pytest.raises(be.BundleForked):
            exchange.import_bundle(province, other_two)
        assert exchange_repo.canonical_dump(province.db.conn) == before
        exchange.import_bundle(province, two)  # the real one fills the gap
        assert exchange.sources(province)[0].gaps == []
    finally:
        province.close()


def test_the_window_counts_from_the_last_bundle_received(fresh):
    province = fresh.province()
    try:
        exchange.import_bundle(province, fresh.bundle("one", records=[]))
        before = exchange_repo.canonical_dump(province.db.conn)
        too_far = fresh.bundle("far", sequence=1 + fmt.SEQUENCE_WINDOW + 1, previous_hash="ef" * 32, records=[])
        with pytest.raises(be.BundleSequenceTooFar) as refused:
            exchange.import_bundle(province, too_far)
        assert "bernomor 1" in refused.value.message and str(1 + fmt.SEQUENCE_WINDOW) in refused.value.message
        assert exchange_repo.canonical_dump(province.db.conn) == before
        at_edge = fresh.bundle("edge", sequence=1 + fmt.SEQUENCE_WINDOW, previous_hash="ef" * 32, records=[])
        plan = exchange.import_bundle(province, at_edge).plan
        assert plan.gaps.ranges == ((2, fmt.SEQUENCE_WINDOW),)
    finally:
        province.close()


def test_a_large_accepted_gap_is_listed_as_one_range(fresh):
    province = fresh.province()
    try:
        exchange.import_bundle(province, fresh.bundle("one", records=[]))
        result = exchange.import_bundle(province, fresh.bundle("later", sequence=9_000, previous_hash="12" * 32,
                                                               records=[]))
        assert result.plan.gaps.ranges == ((2, 8_999),) and result.plan.gaps.count == 8_998
        [source] = exchange.sources(province)
        assert source.gaps.ranges == ((2, 8_999),) and 5_000 in source.gaps and 9_000 not in source.gaps
    finally:
        province.close()
    cli = dict(data_dir=fresh.province_root, user="admin", password=ADMIN_PASSWORD)
    r = run_cli(["office", "list"], **cli)
    assert r.returncode == 0, r.stderr
    warnings = r.stderr.strip().splitlines()
    assert warnings == ["Peringatan: paket no. 2 dari 74.06 belum diterima, begitu pula no. 3\u20138999 "
                        "(seluruhnya 8998 paket)."]
    row = next(line for line in r.stdout.splitlines() if line.startswith("74.06"))
    assert "2\u20138999" in row and "4999" not in r.stdout
    view = {o["code"]: o for o in json.loads(run_cli(["office", "list", "--json"], **cli).stdout)}
    assert view["74.06"]["gap_ranges"] == [[2, 8_999]] and view["74.06"]["missing_count"] == 8_998
    assert view["74.06"]["gaps"][:3] == [2, 3, 4] and len(view["74.06"]["gaps"]) == 1000


# --- memory -------------------------------------------------------------------------------------------------------

_MEASURE = """
import json, resource, subprocess, sys
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"rc": r.returncode, "stderr": r.stderr,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def test_a_1_mb_bundle_inflating_to_1_gib_is_refused_early_in_little_memory(world):
    bomb = world.bundle("bomb", record_chunks=_inflating_records(1 << 30))
    assert bomb.stat().st_size < 1_500_000
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEAPP_")}
    env.update(CASEAPP_KDF_CALIBRATE="0", CASEAPP_PASSWORD=ADMIN_PASSWORD)
    cmd = [sys.executable, "-m", "caseapp.cli", "--data-dir", str(world.province_root), "--user", "admin",
           "bundle", "import", str(bomb)]
    before = _cli_content(world.province_root)
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, env=env,
                         timeout=300, check=True)
    result = json.loads(out.stdout)
    assert result["rc"] == be.BundleContentTooLarge.exit_code, result
    assert "Traceback" not in result["stderr"] and len(result["stderr"].strip().splitlines()) == 1
    print(f"bundle {bomb.stat().st_size} bytes, import peak RSS {result['maxrss_kb'] // 1024} MB")
    assert result["maxrss_kb"] < 300 * 1024, f"peak RSS {result['maxrss_kb'] // 1024} MB"
    assert _cli_content(world.province_root) == before
    # The same through the service: refused before any record is read.
    province = world.province()
    try:
        with pytest.raises(be.BundleContentTooLarge):
            exchange.import_bundle(province, bomb)
    finally:
        province.close()


# --- malformed values anywhere ------------------------------------------------------------------------------------

_ODD_VALUES = (None, 0, -1, 1.5, True, "", "x" * 300, [], [1], {}, {"a": 1}, [[[]]])


def test_a_malformed_value_in_any_field_is_a_bundle_or_import_refusal_never_an_unexpected_error(world):
    """Every field of a case record, of its attachment entry and at the top of its document, replaced by values
    of every other shape: the import either works or is refused with a CaseappError (never exit 70)."""
    base = case_record(world.document, attachments=[attachment_entry(PDF)])
    variants = []
    for key in sorted(base):
        variants += [{**base, key: v} for v in _ODD_VALUES]
    for key in sorted(base["attachments"][0]):
        variants += [{**base, "attachments": [{**base["attachments"][0], key: v}]} for v in _ODD_VALUES]
    for key in sorted(world.document):
        if key != "uuid":
            variants += [{**base, "document": {**world.document, key: v}} for v in _ODD_VALUES]
    province = world.province()
    outcomes: dict[str, int] = {}
    try:
        before = exchange_repo.canonical_dump(province.db.conn)
        for record in variants:
            path = world.bundle("odd", attachments=[PDF], records=[record])
            try:
                exchange.import_bundle(province, path, dry_run=True)
                outcome = "planned"
            except be.BundleError as exc:
                outcome = type(exc).__name__
            except exchange.ImportRefused:
                outcome = "ImportRefused"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            path.unlink()
        assert exchange_repo.canonical_dump(province.db.conn) == before
    finally:
        province.close()
    assert len(variants) > 300
    assert {"BundleMalformedRecord", "BundleAttachmentType", "BundleAttachmentName",
            "ImportRefused", "planned"} <= set(outcomes), outcomes
