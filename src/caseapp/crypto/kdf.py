"""Argon2id password key derivation with parameters stored beside each key slot."""

from __future__ import annotations

import base64
import os
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

# The floor from the design: never below 64 MiB, 3 passes, 4 lanes in the product.
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
LANES = 4
MAX_MEMORY_KIB = 256 * 1024  # office laptops have 4-8 GB; stay well clear of swapping


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes

    def to_dict(self) -> dict:
        return {
            "alg": "argon2id",
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
            "salt": base64.b64encode(self.salt).decode("ascii"),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "KdfParams":
        if data.get("alg") != "argon2id":
            raise ValueError("unsupported kdf")
        return cls(
            memory_kib=int(data["memory_kib"]),
            iterations=int(data["iterations"]),
            lanes=int(data["lanes"]),
            salt=base64.b64decode(data["salt"], validate=True),
        )

    def derive(self, password: str) -> bytes:
        return Argon2id(
            salt=self.salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        ).derive(password.encode("utf-8"))


@dataclass(frozen=True)
class KdfPolicy:
    """How enrolment chooses parameters.

    ``calibrate`` times Argon2id on this machine and raises memory, then passes, until one
    derivation takes about ``target_seconds``. ``floor()`` skips timing but keeps the minimum.
    ``insecure_for_tests()`` exists only so the test suite runs fast; the product never uses it.
    """

    memory_kib: int = FLOOR_MEMORY_KIB
    iterations: int = FLOOR_ITERATIONS
    lanes: int = LANES
    calibrate: bool = True
    target_seconds: float = 0.7

    @classmethod
    def product(cls) -> "KdfPolicy":
        # CASEAPP_KDF_CALIBRATE=0 keeps the floor parameters without timing (scripted test runs).
        return cls(calibrate=os.environ.get("CASEAPP_KDF_CALIBRATE", "1") != "0")

    @classmethod
    def floor(cls) -> "KdfPolicy":
        return cls(calibrate=False)

    @classmethod
    def insecure_for_tests(cls) -> "KdfPolicy":
        return cls(memory_kib=1024, iterations=1, lanes=1, calibrate=False)

    def new_params(self) -> KdfParams:
        memory, iterations = self.memory_kib, self.iterations
        if self.calibrate:
            memory, iterations = _calibrate(memory, iterations, self.lanes, self.target_seconds)
        return KdfParams(memory, iterations, self.lanes, os.urandom(16))


def _time_once(memory_kib: int, iterations: int, lanes: int) -> float:
    start = time.perf_counter()
    KdfParams(memory_kib, iterations, lanes, os.urandom(16)).derive("calibration")
    return time.perf_counter() - start


def _calibrate(memory_kib: int, iterations: int, lanes: int, target: float) -> tuple[int, int]:
    """Raise memory first (doubling, capped), then passes, towards ``target`` seconds."""
    elapsed = _time_once(memory_kib, iterations, lanes)
    while elapsed * 2 <= target * 1.15 and memory_kib * 2 <= MAX_MEMORY_KIB:
        memory_kib *= 2
        elapsed *= 2
    if elapsed < target:
        per_pass = elapsed / iterations
        iterations = max(iterations, min(12, int(target / per_pass)))
    return memory_kib, iterations
