"""User accounts: add, disable, remove (with a database re-key), reset and change passwords."""

from __future__ import annotations

import os
import uuid

from caseapp.domain.accounts import (
    NewUser, Permission, Role, User, validate_new_user, validate_password, validate_username,
)
from caseapp.domain.errors import CaseappError, NotFound, PermissionDenied, ValidationError
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import accounts_repo, audit_log


def list_users(session: Session) -> list[User]:
    return accounts_repo.list_users(session.db.conn)


def _get(session: Session, username: str) -> User:
    user = accounts_repo.get_user(session.db.conn, username)
    if user is None:
        raise NotFound(_("Pengguna '{u}' tidak ditemukan.").format(u=username))
    return user


def add_user(session: Session, new: NewUser, password: str) -> User:
    session.require(Permission.MANAGE_USERS)
    new = validate_new_user(new)
    validate_password(password)
    if accounts_repo.username_taken(session.db.conn, new.username):
        raise ValidationError(_("Nama pengguna '{u}' sudah dipakai.").format(u=new.username), field="username")
    user_id = str(uuid.uuid4())
    slot, _private = session.keyfile.add_password_slot(new.username, password, session.kdf_policy)
    session.keyfile.seal(slot, bytes(session.data_key), session.keyfile.generation)
    with session.db.transaction() as c:
        now = clock.timestamp()
        accounts_repo.insert_user(c, user_id, new, now)
        session.audit("user_added", "user", user_id, conn=c)
        # The slot is written before the row commits: a crash in between leaves a harmless slot
        # without an account, never an account whose slot was lost.
        session.save_keyfile()
    return _get(session, new.username)


def _guard_admin_change(session: Session, target: User) -> None:
    if target.username == session.user.username:
        raise PermissionDenied(_("Anda tidak dapat menonaktifkan atau menghapus akun Anda sendiri."))
    if target.role is Role.ADMIN and accounts_repo.count_active_admins(session.db.conn) <= 1:
        raise PermissionDenied(_("Harus tetap ada setidaknya satu administrator aktif."))


def set_user_active(session: Session, username: str, active: bool) -> None:
    session.require(Permission.MANAGE_USERS)
    target = _get(session, username)
    if not active:
        _guard_admin_change(session, target)
    with session.db.transaction() as c:
        accounts_repo.set_active(c, username, active, clock.timestamp())
        session.audit("user_enabled" if active else "user_disabled", "user", target.id, conn=c)


def update_user(session: Session, username: str, *, full_name: str, nip: str, position: str, role: Role) -> User:
    session.require(Permission.MANAGE_USERS)
    target = _get(session, username)
    checked = validate_new_user(NewUser(username, full_name, Role(role), nip, position))
    if target.role is Role.ADMIN and checked.role is not Role.ADMIN:
        _guard_admin_change(session, target)
    with session.db.transaction() as c:
        accounts_repo.update_profile(c, username, full_name=checked.full_name, nip=checked.nip,
                                     position=checked.position, role=checked.role, now=clock.timestamp())
        session.audit("user_updated", "user", target.id, conn=c)
    return _get(session, username)


def remove_user(session: Session, username: str) -> None:
    """Remove an account and re-key the database, so the old key slot (or a copy of it) opens nothing."""
    session.require(Permission.MANAGE_USERS)
    target = _get(session, username)
    _guard_admin_change(session, target)
    with session.db.transaction() as c:
        accounts_repo.mark_removed(c, username, clock.timestamp())
        session.audit("user_removed", "user", target.id, conn=c)
    rekey(session)


def rekey(session: Session) -> None:
    """Give the database a new data key sealed only to the slots of current accounts.

    Order matters for crash safety: (1) the key file holds both generations, (2) SQLCipher
    re-encrypts every page in one transaction, (3) the old generation is dropped. Whichever
    step a crash interrupts, the next unlock finds a key that opens the store.
    """
    with session.key_change:
        _rekey(session)


def _rekey(session: Session) -> None:
    keyfile = session.keyfile
    conn = session.db.conn
    live = {u.username for u in accounts_repo.list_users(conn)}
    for user in list(keyfile.users()):
        if user not in live:
            keyfile.remove_user(user)
    new_key = os.urandom(32)
    new_generation = keyfile.generation + 1
    keyfile.seal_all(new_key, new_generation)
    session.save_keyfile()
    session.db.rekey(new_key)
    keyfile.keep_only_generation(new_generation)
    keyfile.generation = new_generation
    # The audit seal is authenticated with the data key: renew it under the new key in the same write.
    keyfile.seal_audit_tail(new_key, *audit_log.head(conn, session.office.db_id))
    session.save_keyfile()
    for i in range(len(session.data_key)):
        session.data_key[i] = 0
    session.data_key = bytearray(new_key)
    session.audit("database_rekeyed")


def finish_pending_removals(session: Session) -> None:
    """If a removal was interrupted before its re-key, the next unlock completes it, whoever unlocks.

    No password is needed to re-seal the slots, so an officer's unlock cuts the removed user off as
    surely as an administrator's would; until then that user's old slot would still open the store.
    """
    conn = session.db.conn
    stale = [u for u in session.keyfile.users() if accounts_repo.get_user(conn, u) is None
             and accounts_repo.username_taken(conn, u)]
    if stale:
        rekey(session)


def reset_password(session: Session, username: str, new_password: str) -> None:
    """An admin sets a temporary password; the user must change it at the next unlock."""
    session.require(Permission.MANAGE_USERS)
    target = _get(session, username)
    validate_password(new_password)
    slot, _private = session.keyfile.add_password_slot(username, new_password, session.kdf_policy)
    session.keyfile.seal(slot, bytes(session.data_key), session.keyfile.generation)
    with session.db.transaction() as c:
        accounts_repo.set_must_change_password(c, username, target.username != session.user.username, clock.timestamp())
        session.audit("password_reset", "user", target.id, conn=c)
        session.save_keyfile()


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    username = session.user.username
    slot = session.keyfile.password_slot(username)
    if slot is None:
        raise CaseappError(_("Slot kunci akun Anda tidak ditemukan. Hubungi administrator."))
    private = session.keyfile.unwrap_private(slot, old_password)
    validate_password(new_password)
    if new_password == old_password:
        raise ValidationError(_("Kata sandi baru harus berbeda dari yang lama."), field="password")
    # A new key pair, not the old one re-wrapped: an old copy of the key file and the old password
    # then open nothing of the new slot, and nothing at all after the next re-key.
    session.keyfile.change_password(slot, private, new_password, session.kdf_policy)
    with session.db.transaction() as c:
        accounts_repo.set_must_change_password(c, username, False, clock.timestamp())
        session.audit("password_changed", "user", session.user.id, conn=c)
        session.save_keyfile()
    session.user = _get(session, username)


def check_username(username: str) -> str:
    return validate_username(username)
