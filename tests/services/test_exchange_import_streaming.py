"""The import reads a bundle's records as a stream, twice (check every record while the bundle is verified, then
apply), a batch at a time: mistakes of that kind must show here.

- a refusal at the last record of a large bundle (after several batches were checked) still leaves the store
  exactly as it was, names that case, and the first offending record in bundle order is the one named;
- a case held twice far apart (in different batches) is refused;
- 1,200 new cases, some with numbers colliding with each other (across chunks and batches) or with the store,
  get the same numbers and documents as the importer before issue 16 stored (``importer_reference``);
- the plan the import returns keeps no documents.
"""

from __future__ import annotations

import dataclasses
import tempfile

import orjson
import pytest

from caseapp.domain.exchange_authority import AuthorityRefused
from caseapp.services import cases, demo_data, exchange
from caseapp.services.exchange import ImportRefused
from caseapp.store import cases_repo, exchange_repo
from tests.services.importer_reference import reference_new_cases
from tests.services.test_exchange_import_pipeline import _export_with, _no_checking_thread_left
from tests.services.test_exchange_robustness import _pair
from tests.services.test_exchange_stream_reference import _decrypted

N = 1_200


@pytest.fixture(scope="module")
def offices_with_1200_cases(tmp_path_factory):
    district, province = _pair(tmp_path_factory.mktemp("streaming"))
    demo_data.make_demo_cases(district, N, seed=16)
    yield district, province
    district.close()
    province.close()


def test_more_records_than_one_batch():
    assert N > 2 * exchange.IMPORT_BATCH  # the tests below span several batches of the first pass


def _foreign_owner(indexes: set[int], named: list):
    def change(i, row):
        if i not in indexes:
            return row
        named.append(row)
        return dataclasses.replace(row, owner_office="74.01")  # a district that is not the sender
    return change


def test_an_authority_refusal_at_the_last_record_changes_nothing_and_names_that_case(offices_with_1200_cases,
                                                                                   monkeypatch, tmp_path):
    district, province = offices_with_1200_cases
    named: list = []
    bundle = tmp_path / "last.casebundle"
    assert _export_with(monkeypatch, district, bundle, _foreign_owner({N - 1}, named)).case_count == N
    before = exchange_repo.canonical_dump(province.db.conn)
    for dry_run in (True, False):
        with pytest.raises(AuthorityRefused) as refused:
            exchange.import_bundle(province, bundle, receipt_out=tmp_path / "r", dry_run=dry_run)
        assert named[0].document["case_number"] in str(refused.value) and "74.01" in str(refused.value)
        assert exchange_repo.canonical_dump(province.db.conn) == before
    assert not (tmp_path / "r").exists()
    assert _no_checking_thread_left()


def test_the_first_offending_record_in_bundle_order_is_named(offices_with_1200_cases, monkeypatch, tmp_path):
    district, province = offices_with_1200_cases
    named: list = []
    bundle = tmp_path / "two.casebundle"
    _export_with(monkeypatch, district, bundle, _foreign_owner({N - 1, 700}, named))
    first, last = named[0].document["case_number"], named[1].document["case_number"]
    before = exchange_repo.canonical_dump(province.db.conn)
    with pytest.raises(AuthorityRefused) as refused:
        exchange.import_bundle(province, bundle)
    assert first in str(refused.value) and last not in str(refused.value)
    assert exchange_repo.canonical_dump(province.db.conn) == before


def test_a_case_held_twice_600_records_apart_is_refused(offices_with_1200_cases, monkeypatch, tmp_path):
    district, province = offices_with_1200_cases
    kept = {}

    def twice(i, row):
        if i == 100:
            kept["row"] = row
        return kept["row"] if i == 700 else row

    bundle = tmp_path / "twice.casebundle"
    _export_with(monkeypatch, district, bundle, twice)
    before = exchange_repo.canonical_dump(province.db.conn)
    for dry_run in (True, False):
        with pytest.raises(ImportRefused) as refused:
            exchange.import_bundle(province, bundle, dry_run=dry_run)
        assert "lebih dari sekali" in str(refused.value) and kept["row"].uuid[:8] in str(refused.value)
        assert exchange_repo.canonical_dump(province.db.conn) == before


def test_1200_new_cases_get_the_numbers_and_documents_the_importer_before_streaming_stored(
        offices_with_1200_cases, monkeypatch, tmp_path):
    district, province = offices_with_1200_cases
    assert cases.count_cases(province, cases.CaseFilter()) == 0  # the tests above changed nothing
    # A case the province holds already; its number comes again in the bundle.
    some = cases.get_case(district, cases.list_cases(district, cases.CaseFilter(), limit=1)[0].uuid)
    held = cases.create_case(province, dataclasses.replace(some, uuid="6f1d0c52-7a43-4e1b-9a43-2f7d1a1a0016",
                                                           case_number=None)).case_number
    rows: dict[int, object] = {}

    def collide(i, row):
        rows[i] = row
        if i == 5:   # takes the number the first collision with the store would get
            return dataclasses.replace(row, document={**row.document, "case_number": f"{held}@74.06"})
        if i in (10, 70, 510, N - 10):  # the store's number, in different chunks and batches
            return dataclasses.replace(row, document={**row.document, "case_number": held})
        if i in (520, 1100):  # the number of record 20: a collision inside the bundle only
            return dataclasses.replace(row, document={**row.document, "case_number": rows[20].document["case_number"]})
        return row

    bundle = tmp_path / "numbers.casebundle"
    _export_with(monkeypatch, district, bundle, collide)
    records = [orjson.loads(line) for line in _decrypted(bundle, province)[0].splitlines()]
    assert len(records) == N
    in_store = {c.case_number for c in cases.list_cases(province, cases.CaseFilter(), limit=10)}
    want = reference_new_cases(records, in_store, "74.06")

    preview = exchange.import_bundle(province, bundle, dry_run=True)
    assert preview.plan.count("new") == N and cases.count_cases(province, cases.CaseFilter()) == 1
    assert all(cp.document is None and cp.remote is None and cp.parsed is None for cp in preview.plan.cases)

    result = exchange.import_bundle(province, bundle, receipt_out=tmp_path / "receipt")
    assert result.plan.count("new") == N
    assert [cp.uuid for cp in result.plan.cases] == [r["uuid"] for r in records]
    conn = province.db.conn
    got = {u: orjson.loads(cases_repo.get_case(conn, u).document) for u in want}
    assert got == want
    numbers = [d["case_number"] for d in got.values()] + [held]
    assert len(set(numbers)) == N + 1
    assert got[records[10]["uuid"]]["case_number"] == f"{held}@74.06-2"  # sanity: the collisions did happen
    # The plan returned keeps no documents (what the screens and the receipt use is still there).
    assert all(cp.document is None and cp.remote is None and cp.parsed is None for cp in result.plan.cases)
    assert not any(cp.attachments for cp in result.plan.cases)
    assert _no_checking_thread_left()


class _StreamingStandIn:
    """An opened bundle as the streaming reader hands it out: fresh records on every pass, and ``close``."""

    def __init__(self, opened, log: list):
        self._opened, self._log = opened, log
        self._lines = [orjson.dumps(r) for r in opened.iter_records()]

    def __getattr__(self, name):
        return getattr(self._opened, name)

    def iter_records(self):
        self._log.append("pass")
        return (orjson.loads(line) for line in self._lines)

    def close(self):
        self._log.append("close")


def test_a_reader_that_streams_is_read_once_after_opening_and_closed(monkeypatch, tmp_path):
    """Every record is checked in the pass that verifies the bundle on opening; one more pass applies (or plans)
    them, and the bundle is closed. A refusal in that first pass leaves no private copy of the payload behind."""
    district, province = _pair(tmp_path)
    try:
        demo_data.make_demo_cases(district, 30, seed=4)
        exchange.export_bundle(district, "74", tmp_path / "b.casebundle")
        log: list = []
        real = exchange.open_bundle
        monkeypatch.setattr(exchange, "open_bundle", lambda *a, **k: _StreamingStandIn(real(*a, **k), log))
        preview = exchange.import_bundle(province, tmp_path / "b.casebundle", dry_run=True)
        assert preview.plan.count("new") == 30 and log == ["pass", "close"]
        log.clear()
        result = exchange.import_bundle(province, tmp_path / "b.casebundle")
        assert result.plan.count("new") == 30 == cases.count_cases(province, cases.CaseFilter())
        assert log == ["pass", "close"]
        # A refusal while opening (the same bundle again is a replay, refused before it is opened: forge a
        # duplicate instead) leaves nothing open: no pass after opening, no private copy of the payload.
        log.clear()
        kept = {}

        def twice(i, row):
            kept.setdefault("row", row)
            return kept["row"] if i == 20 else row

        _export_with(monkeypatch, district, tmp_path / "twice.casebundle", twice)
        private = tmp_path / "private"
        private.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(private))
        with pytest.raises(ImportRefused, match="lebih dari sekali"):
            exchange.import_bundle(province, tmp_path / "twice.casebundle")
        assert log == [] and list(private.iterdir()) == []
        assert cases.count_cases(province, cases.CaseFilter()) == 30
    finally:
        district.close()
        province.close()
