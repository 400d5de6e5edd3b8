"""Key slots: wrapping, associated-data binding, recovery key format."""

import json

import pytest
from hypothesis import given, strategies as st

from caseapp.crypto.kdf import FLOOR_ITERATIONS, FLOOR_MEMORY_KIB, KdfPolicy
from caseapp.crypto.keyslots import KeySlotFile
from caseapp.crypto.recovery_key import format_recovery_key, parse_recovery_key, new_recovery_secret
from caseapp.domain.errors import DamagedStore, ValidationError, WrongPassword

P = KdfPolicy.insecure_for_tests()


def _file():
    kf = KeySlotFile(db_id="db-1", db_salt=b"s" * 16, generation=1)
    slot, _ = kf.add_password_slot("ani", "kata-sandi-ani", P)
    kf.seal_all(b"K" * 32, 1)
    return kf, slot


def test_password_opens_data_key_and_wrong_password_does_not():
    kf, slot = _file()
    private = kf.unwrap_private(slot, "kata-sandi-ani")
    assert kf.open_envelopes(slot, private) == [(1, b"K" * 32)]
    with pytest.raises(WrongPassword):
        kf.unwrap_private(slot, "salah")


@pytest.mark.parametrize("field,value", [("user", "budi"), ("id", "other-slot")])
def test_slot_moved_to_another_user_or_id_does_not_open(field, value):
    kf, slot = _file()
    setattr(slot, field, value)
    with pytest.raises(WrongPassword):
        kf.unwrap_private(slot, "kata-sandi-ani")


def test_slot_copied_into_another_databases_file_does_not_open():
    kf, slot = _file()
    other = KeySlotFile(db_id="db-2", db_salt=b"t" * 16, generation=1, slots=[slot])
    with pytest.raises(WrongPassword):
        other.unwrap_private(slot, "kata-sandi-ani")


def test_lowering_kdf_parameters_in_the_file_breaks_the_slot():
    kf, slot = _file()
    raw = json.loads(kf.to_bytes())
    raw["slots"][0]["kdf"]["iterations"] = 2
    tampered = KeySlotFile.from_bytes(json.dumps(raw).encode())
    with pytest.raises(WrongPassword):
        tampered.unwrap_private(tampered.slots[0], "kata-sandi-ani")


def test_round_trip_and_damaged_file_message():
    kf, _ = _file()
    again = KeySlotFile.from_bytes(kf.to_bytes())
    assert again.users() == ["ani"]
    for bad in (b"", b"{", kf.to_bytes()[:100], b'{"format": "x"}'):
        with pytest.raises(DamagedStore):
            KeySlotFile.from_bytes(bad)


def test_product_policy_never_goes_below_the_floor():
    params = KdfPolicy.floor().new_params()
    assert params.memory_kib >= FLOOR_MEMORY_KIB and params.iterations >= FLOOR_ITERATIONS and params.lanes == 4
    calibrated = KdfPolicy(target_seconds=0.05).new_params()
    assert calibrated.memory_kib >= FLOOR_MEMORY_KIB and calibrated.iterations >= FLOOR_ITERATIONS


@given(st.binary(min_size=32, max_size=32))
def test_recovery_key_round_trips_with_any_spacing_and_case(secret):
    text = format_recovery_key(secret)
    assert len(text.split("-")) == 11
    assert parse_recovery_key(text) == secret
    assert parse_recovery_key(text.lower().replace("-", " ")) == secret


def test_recovery_key_typo_is_caught_by_checksum():
    text = format_recovery_key(new_recovery_secret())
    i = 3
    typo = text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1:]
    with pytest.raises(ValidationError):
        parse_recovery_key(typo)
    with pytest.raises(ValidationError):
        parse_recovery_key(text[:-5])
