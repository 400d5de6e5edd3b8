"""Shared keys and a sample bundle for the bundle tests."""

from __future__ import annotations

import pytest

from caseapp.crypto.office_identity import OfficeIdentity
from tests.bundles.helpers import make_writer


@pytest.fixture(scope="session")
def district() -> OfficeIdentity:
    return OfficeIdentity.generate("74.06", "UPTD PPA Kabupaten Bombana", "kabupaten")


@pytest.fixture(scope="session")
def province() -> OfficeIdentity:
    return OfficeIdentity.generate("74", "UPTD PPA Provinsi Sulawesi Tenggara", "provinsi")


@pytest.fixture(scope="session")
def stranger() -> OfficeIdentity:
    return OfficeIdentity.generate("74.05", "UPTD PPA Kabupaten Muna", "kabupaten")


@pytest.fixture(scope="session")
def sample_bundle(tmp_path_factory, district, province):
    """(path, WrittenBundle) of a small data bundle from the district to the province."""
    path = tmp_path_factory.mktemp("sample") / "sample.casebundle"
    written = make_writer(district, province).write_atomic(path)
    return path, written
