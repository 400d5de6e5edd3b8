"""Import checks records in a second thread while it writes new cases in bulk; nothing of that may show.

A record refused or a cancel half-way through (after a bulk insert already went in) leaves the store exactly
as it was and no thread behind; case numbers stay unique however often a bundle repeats one.
"""

from __future__ import annotations

import dataclasses
import threading

import pytest

from caseapp.bundles.errors import BundleCancelled
from caseapp.services import cases, demo_data, exchange
from caseapp.services.exchange import ImportRefused
from caseapp.store import exchange_repo
from tests.services.test_exchange_robustness import _pair


def _no_checking_thread_left() -> bool:
    return not any(t.name == "caseapp-import-check" and t.is_alive() for t in threading.enumerate())


def _export_with(monkeypatch, district, path, change):
    """Export every case, ``change(index, row)`` deciding what each record's document becomes (signed as is)."""
    real = exchange._export_rows

    def rows(*args, **kwargs):
        return [change(i, row) for i, row in enumerate(real(*args, **kwargs))]

    monkeypatch.setattr(exchange, "_export_rows", rows)
    try:
        return exchange.export_bundle(district, "74", path)
    finally:
        monkeypatch.setattr(exchange, "_export_rows", real)


@pytest.fixture(scope="module")
def offices_with_600_cases(tmp_path_factory):
    district, province = _pair(tmp_path_factory.mktemp("pipeline"))
    demo_data.make_demo_cases(district, 600, seed=11)
    yield district, province
    district.close()
    province.close()


def test_a_bad_record_after_the_first_bulk_insert_refuses_all_and_changes_nothing(offices_with_600_cases,
                                                                                  monkeypatch, tmp_path):
    district, province = offices_with_600_cases
    bad = {}

    def break_one(i, row):
        if i != 520:
            return row
        bad["uuid"] = row.uuid
        return dataclasses.replace(row, document={**row.document, "intake_date": "2024-02-30"})

    bundle = tmp_path / "bad.casebundle"
    _export_with(monkeypatch, district, bundle, break_one)
    before = exchange_repo.canonical_dump(province.db.conn)
    with pytest.raises(ImportRefused) as refused:
        exchange.import_bundle(province, bundle, receipt_out=tmp_path / "r")
    assert bad["uuid"][:8] in str(refused.value)
    assert exchange_repo.canonical_dump(province.db.conn) == before
    assert cases.count_cases(province, cases.CaseFilter()) == 0
    assert not (tmp_path / "r").exists()
    assert _no_checking_thread_left()


def test_cancel_half_way_leaves_the_store_as_it_was(offices_with_600_cases, tmp_path):
    district, province = offices_with_600_cases
    bundle = tmp_path / "all.casebundle"
    exchange.export_bundle(district, "74", bundle)
    before = exchange_repo.canonical_dump(province.db.conn)
    stop = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        if done >= 400:  # the first 250 new cases are already inserted
            stop.set()

    with pytest.raises(BundleCancelled):
        exchange.import_bundle(province, bundle, progress=progress, cancel=stop)
    assert max(seen) >= 400
    assert exchange_repo.canonical_dump(province.db.conn) == before
    assert _no_checking_thread_left()
    # The same bundle still imports whole afterwards.
    result = exchange.import_bundle(province, bundle)
    assert result.plan.count("new") == 600 == cases.count_cases(province, cases.CaseFilter())
    assert _no_checking_thread_left()


def test_a_number_repeated_in_one_bundle_gets_a_unique_number_each_time(monkeypatch, tmp_path):
    district, province = _pair(tmp_path)
    try:
        demo_data.make_demo_cases(district, 5, seed=3)
        taken = cases.create_case(province, dataclasses.replace(
            cases.get_case(district, cases.list_cases(district, cases.CaseFilter(), limit=1)[0].uuid),
            uuid="6f1d0c52-7a43-4e1b-9a43-2f7d1a1a0001", case_number=None))
        repeated = taken.case_number

        def same_number(i, row):
            return dataclasses.replace(row, document={**row.document, "case_number": repeated}) if i < 4 else row

        _export_with(monkeypatch, district, tmp_path / "b.casebundle", same_number)
        result = exchange.import_bundle(province, tmp_path / "b.casebundle")
        assert result.plan.count("new") == 5
        numbers = [c.case_number for c in cases.list_cases(province, cases.CaseFilter(), limit=100)]
        assert len(numbers) == len(set(numbers)) == 6
        assert {n for n in numbers if n.startswith(repeated)} == {
            repeated, f"{repeated}@74.06", f"{repeated}@74.06-2", f"{repeated}@74.06-3", f"{repeated}@74.06-4"}
    finally:
        district.close()
        province.close()


def test_a_bundle_holding_one_case_twice_is_refused_with_its_message(monkeypatch, tmp_path):
    district, province = _pair(tmp_path)
    try:
        demo_data.make_demo_cases(district, 3, seed=5)
        first = {}

        def twice(i, row):
            first.setdefault("row", row)
            return first["row"] if i == 2 else row

        _export_with(monkeypatch, district, tmp_path / "b.casebundle", twice)
        before = exchange_repo.canonical_dump(province.db.conn)
        with pytest.raises(ImportRefused) as refused:
            exchange.import_bundle(province, tmp_path / "b.casebundle")
        assert "lebih dari sekali" in str(refused.value) and first["row"].uuid[:8] in str(refused.value)
        assert exchange_repo.canonical_dump(province.db.conn) == before
    finally:
        district.close()
        province.close()
