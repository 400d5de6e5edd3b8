"""Stores of every released schema version open in this version: backed up first, then migrated, records intact.

The fixtures are made by tests/store/make_schema_fixtures.py (user ``admin``, password and recovery key in
each folder's README.txt). A new migration needs a new fixture: run that script and commit its output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from caseapp.datadir import DataDir
from caseapp.services import backup, cases
from caseapp.services.backup import Credential
from caseapp.store import audit_log
from caseapp.store.database import migrations
from tests.helpers import unlock
from tests.store.make_schema_fixtures import FIXTURE_PASSWORD, FIXTURE_RECOVERY_KEY, FIXTURES

FIXTURE_DIRS = sorted(p for p in FIXTURES.glob("schema-*") if (p / "caseapp.db").exists())


def _version(folder: Path) -> int:
    return int(folder.name.split("-")[1])


def test_a_fixture_exists_for_every_released_schema_version():
    assert [_version(p) for p in FIXTURE_DIRS] == list(range(1, len(FIXTURE_DIRS) + 1))
    # Fixtures are added when a schema is released (make_schema_fixtures.py); none can be newer than the code.
    assert 6 <= len(FIXTURE_DIRS) <= len(migrations())


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=lambda p: p.name)
def test_fixture_store_opens_after_a_backup_and_migrates(fixture, tmp_path):
    version = _version(fixture)
    shutil.copytree(fixture, tmp_path / "data")
    data_dir = DataDir(tmp_path / "data")
    with unlock(data_dir, "admin", FIXTURE_PASSWORD) as session:
        conn = session.db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations())
        assert session.db.integrity_problems() == []
        assert audit_log.verify(conn, session.office.db_id).ok
        assert session.office.code == "74.06"
        if version >= 2:
            listed = cases.list_cases(session, cases.CaseFilter())
            assert len(listed) == 2
            for item in listed:  # every document still reads with today's case format
                assert cases.get_case(session, item.uuid).victims
        made = sorted(backup.backups_folder(data_dir).glob("*.casebackup"))
    if version < len(migrations()):
        assert len(made) == 1 and f"skema{version}" in made[0].name
        report = backup.verify_backup(made[0], Credential(recovery_key=FIXTURE_RECOVERY_KEY))
        assert report.opened and report.header.schema_version == version
        # Opening again does not make another backup: the store is at the current schema now.
        unlock(data_dir, "admin", FIXTURE_PASSWORD).close()
        assert sorted(backup.backups_folder(data_dir).glob("*.casebackup")) == made
        # And the pre-upgrade backup restores into an empty folder, where it is migrated as it is opened.
        target = DataDir(tmp_path / "restored")
        backup.restore_backup(target, made[0], Credential(recovery_key=FIXTURE_RECOVERY_KEY))
        with unlock(target, "admin", FIXTURE_PASSWORD) as restored:
            assert restored.db.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations())
    else:
        assert made == []


def test_upgrade_is_refused_and_the_store_untouched_when_the_backup_cannot_be_written(tmp_path):
    from caseapp.domain.errors import MediaWriteFailed
    from tests.helpers import snapshot

    older = [p for p in FIXTURE_DIRS if _version(p) < len(migrations())]
    if not older:
        pytest.skip("no fixture older than the current schema")
    shutil.copytree(older[-1], tmp_path / "data")
    data_dir = DataDir(tmp_path / "data")
    (tmp_path / "data" / "backups").write_text("not a folder")  # backups/ cannot be created
    before = snapshot(data_dir.root)
    with pytest.raises(MediaWriteFailed):
        unlock(data_dir, "admin", FIXTURE_PASSWORD)
    assert snapshot(data_dir.root) == before
