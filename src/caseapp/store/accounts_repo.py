"""Rows of the office, users and settings tables as domain objects."""

from __future__ import annotations

import sqlcipher3

from caseapp.domain.accounts import NewUser, Office, OfficeLevel, Role, User

_USER_COLS = "id, username, full_name, role, nip, position, active, must_change_password, rank, signs_as"


def _user(row) -> User:
    return User(id=row[0], username=row[1], full_name=row[2], role=Role(row[3]), nip=row[4],
                position=row[5], active=bool(row[6]), must_change_password=bool(row[7]), rank=row[8],
                signs_as=row[9])


def insert_office(conn: sqlcipher3.Connection, office: Office, created_at: str) -> None:
    conn.execute(
        "INSERT INTO office (id, db_id, code, name, level, address, phone, email, created_at) VALUES (1,?,?,?,?,?,?,?,?)",
        (office.db_id, office.code, office.name, office.level.value, office.address, office.phone, office.email, created_at),
    )


def get_office(conn: sqlcipher3.Connection) -> Office:
    row = conn.execute("SELECT db_id, code, name, level, address, phone, email FROM office WHERE id = 1").fetchone()
    if row is None:
        raise LookupError("office row missing")
    return Office(row[0], row[1], row[2], OfficeLevel(row[3]), row[4], row[5], row[6])


def update_office_contact(conn: sqlcipher3.Connection, *, name: str, address: str, phone: str, email: str) -> None:
    conn.execute("UPDATE office SET name = ?, address = ?, phone = ?, email = ? WHERE id = 1", (name, address, phone, email))


def insert_user(conn: sqlcipher3.Connection, user_id: str, new: NewUser, now: str, *, must_change_password: bool = False) -> None:
    conn.execute(
        "INSERT INTO users (id, username, full_name, nip, position, role, active, removed, must_change_password, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,1,0,?,?,?)",
        (user_id, new.username, new.full_name, new.nip, new.position, new.role.value, int(must_change_password), now, now),
    )


def get_user(conn: sqlcipher3.Connection, username: str, *, include_removed: bool = False) -> User | None:
    sql = f"SELECT {_USER_COLS} FROM users WHERE username = ?"
    if not include_removed:
        sql += " AND removed = 0"
    row = conn.execute(sql, (username,)).fetchone()
    return _user(row) if row else None


def get_user_by_id(conn: sqlcipher3.Connection, user_id: str) -> User | None:
    row = conn.execute(f"SELECT {_USER_COLS} FROM users WHERE id = ?", (user_id,)).fetchone()
    return _user(row) if row else None


def list_users(conn: sqlcipher3.Connection) -> list[User]:
    rows = conn.execute(f"SELECT {_USER_COLS} FROM users WHERE removed = 0 ORDER BY username").fetchall()
    return [_user(r) for r in rows]


def username_taken(conn: sqlcipher3.Connection, username: str) -> bool:
    return conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone() is not None


def set_active(conn: sqlcipher3.Connection, username: str, active: bool, now: str) -> None:
    conn.execute("UPDATE users SET active = ?, updated_at = ? WHERE username = ?", (int(active), now, username))


def mark_removed(conn: sqlcipher3.Connection, username: str, now: str) -> None:
    """Keep the row so audit entries still resolve to a person; the account can never log in again."""
    conn.execute("UPDATE users SET removed = 1, active = 0, updated_at = ? WHERE username = ?", (now, username))


def set_must_change_password(conn: sqlcipher3.Connection, username: str, value: bool, now: str) -> None:
    conn.execute("UPDATE users SET must_change_password = ?, updated_at = ? WHERE username = ?", (int(value), now, username))


def update_profile(conn: sqlcipher3.Connection, username: str, *, full_name: str, nip: str, position: str, role: Role, now: str) -> None:
    conn.execute(
        "UPDATE users SET full_name = ?, nip = ?, position = ?, role = ?, updated_at = ? WHERE username = ?",
        (full_name, nip, position, role.value, now, username),
    )


def count_active_admins(conn: sqlcipher3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND removed = 0").fetchone()[0]


def get_setting(conn: sqlcipher3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_setting(conn: sqlcipher3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def update_signing(conn: sqlcipher3.Connection, username: str, *, rank: str, signs_as: str, now: str) -> None:
    """Pangkat/golongan and signing authority ('', 'an', 'plt', 'plh') of an account."""
    conn.execute("UPDATE users SET rank = ?, signs_as = ?, updated_at = ? WHERE username = ?",
                 (rank, signs_as, now, username))
