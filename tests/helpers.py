"""Shared test helpers: a fresh office store with cheap KDF parameters (tests only)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from caseapp.crypto.kdf import KdfPolicy
from caseapp.datadir import DataDir
from caseapp.domain.accounts import NewUser, OfficeLevel, Role

TEST_KDF = KdfPolicy.insecure_for_tests()
ADMIN_PASSWORD = "sandi-admin-rahasia"
OFFICER_PASSWORD = "sandi-petugas-rahasia"
REPO = Path(__file__).resolve().parents[1]


def make_office(root: Path, *, code: str = "74.06", name: str = "UPTD PPA Kabupaten Bombana",
                admin: str = "admin", admin_full_name: str = "Wa Ode Administrator"):
    """Create an office; returns (DataDir, SetupResult) with the admin's session open."""
    from caseapp.services.setup import OfficeProfile, initialize_office

    level = OfficeLevel.PROVINSI if "." not in code else OfficeLevel.KABUPATEN
    data_dir = DataDir(Path(root))
    result = initialize_office(
        data_dir, OfficeProfile(code, name, level, "Jl. Poros Kasipute No. 1", "0401-000000", "uptdppa@example.go.id"),
        NewUser(admin, admin_full_name, Role.ADMIN), ADMIN_PASSWORD, kdf_policy=TEST_KDF,
    )
    return data_dir, result


def add_officer(session, username: str = "petugas1", full_name: str = "Petugas Satu", role: Role = Role.OFFICER):
    from caseapp.services.accounts import add_user

    return add_user(session, NewUser(username, full_name, role), OFFICER_PASSWORD)


def unlock(data_dir: DataDir, username: str = "admin", password: str = ADMIN_PASSWORD):
    from caseapp.services.session import unlock as _unlock

    return _unlock(data_dir, username, password, kdf_policy=TEST_KDF)


def snapshot(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` except the lock file (content, not timestamps)."""
    out = {}
    for path in sorted(Path(root).rglob("*")):
        if path.is_file() and path.name != "caseapp.lock":
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def files_containing(root: Path, marker: str) -> list[str]:
    """Files under ``root`` whose bytes contain ``marker`` as UTF-8 or UTF-16."""
    needles = [marker.encode("utf-8"), marker.encode("utf-16-le")]
    found = []
    for path in Path(root).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                found.append(str(path))
    return found


def run_cli(args: list[str], *, data_dir: Path, password: str | None = None, new_password: str | None = None,
            stdin: str | None = None, user: str | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run ``caseapp-cli`` in a subprocess, as an officer's script would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEAPP_")}
    env["CASEAPP_KDF_CALIBRATE"] = "0"  # floor parameters (64 MiB, 3 passes) without timing
    if password is not None:
        env["CASEAPP_PASSWORD"] = password
    if new_password is not None:
        env["CASEAPP_NEW_PASSWORD"] = new_password
    cmd = [sys.executable, "-m", "caseapp.cli", "--data-dir", str(data_dir)]
    if user:
        cmd += ["--user", user]
    return subprocess.run(cmd + args, input=stdin, capture_output=True, text=True, env=env, timeout=timeout)
