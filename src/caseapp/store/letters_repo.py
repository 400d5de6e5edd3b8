"""Referral-letter rows: destinations, letters (content as JSON), the yearly letter sequence and tracking events."""

from __future__ import annotations

from dataclasses import dataclass

import sqlcipher3


@dataclass(frozen=True)
class DestinationRow:
    id: str
    name: str
    type: str
    address: str
    contact_person: str
    phone: str
    addressee: str
    active: bool
    city: str = ""


@dataclass(frozen=True)
class LetterRow:
    id: str
    case_uuid: str
    case_number: str
    destination_id: str
    destination_type: str
    destination_name: str
    hal: str
    status: str
    number: str | None
    seq: int | None
    letter_date: str | None
    verification_code: str | None
    content: str
    created_by: str
    created_at: str
    approved_by: str | None
    approved_at: str | None
    version: int
    tracking: str
    sent_date: str | None
    last_event_date: str | None


@dataclass(frozen=True)
class EventRow:
    event: str
    event_date: str
    note: str
    recorded_by: str
    recorded_at: str


# --- destinations ---------------------------------------------------------------------------------------------

_DEST_COLS = "id, name, type, address, contact_person, phone, addressee, active, city"


def _dest(row) -> DestinationRow:
    return DestinationRow(*row[:7], bool(row[7]), row[8])


def insert_destination(conn: sqlcipher3.Connection, d: DestinationRow, now: str) -> None:
    conn.execute(
        f"INSERT INTO referral_destinations ({_DEST_COLS}, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (d.id, d.name, d.type, d.address, d.contact_person, d.phone, d.addressee, int(d.active), d.city, now, now),
    )


def update_destination(conn: sqlcipher3.Connection, d: DestinationRow, now: str) -> bool:
    cur = conn.execute(
        "UPDATE referral_destinations SET name = ?, type = ?, address = ?, contact_person = ?, phone = ?, "
        "addressee = ?, active = ?, city = ?, updated_at = ? WHERE id = ?",
        (d.name, d.type, d.address, d.contact_person, d.phone, d.addressee, int(d.active), d.city, now, d.id),
    )
    return cur.rowcount == 1


def get_destination(conn: sqlcipher3.Connection, dest_id: str) -> DestinationRow | None:
    row = conn.execute(f"SELECT {_DEST_COLS} FROM referral_destinations WHERE id = ?", (dest_id,)).fetchone()
    return _dest(row) if row else None


def list_destinations(conn: sqlcipher3.Connection, *, include_inactive: bool = False) -> list[DestinationRow]:
    sql = f"SELECT {_DEST_COLS} FROM referral_destinations"
    if not include_inactive:
        sql += " WHERE active = 1"
    return [_dest(r) for r in conn.execute(sql + " ORDER BY name COLLATE NOCASE, rowid")]


# --- letters --------------------------------------------------------------------------------------------------

_LETTER_COLS = ("l.id, l.case_uuid, c.case_number, l.destination_id, l.destination_type, l.destination_name, l.hal, "
                "l.status, l.number, l.seq, l.letter_date, l.verification_code, l.content, l.created_by, l.created_at, "
                "l.approved_by, l.approved_at, l.version, l.tracking, l.sent_date, l.last_event_date")
_FROM = " FROM referral_letters l JOIN cases c ON c.uuid = l.case_uuid"


def insert_letter(conn: sqlcipher3.Connection, *, id: str, case_uuid: str, destination_id: str, destination_type: str,
                  destination_name: str, hal: str, content: str, user_id: str, now: str) -> None:
    conn.execute(
        "INSERT INTO referral_letters (id, case_uuid, destination_id, destination_type, destination_name, hal, content, "
        "created_by, created_at, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (id, case_uuid, destination_id, destination_type, destination_name, hal, content, user_id, now, user_id, now),
    )


def update_draft(conn: sqlcipher3.Connection, letter_id: str, *, expected_version: int, destination_id: str,
                 destination_type: str, destination_name: str, hal: str, content: str, user_id: str, now: str) -> bool:
    """Replace a draft's content if it is still a draft at ``expected_version``."""
    cur = conn.execute(
        "UPDATE referral_letters SET destination_id = ?, destination_type = ?, destination_name = ?, hal = ?, "
        "content = ?, updated_by = ?, updated_at = ?, version = version + 1 "
        "WHERE id = ? AND status = 'draf' AND version = ?",
        (destination_id, destination_type, destination_name, hal, content, user_id, now, letter_id, expected_version),
    )
    return cur.rowcount == 1


def next_sequence(conn: sqlcipher3.Connection, office: str, year: int) -> int:
    """Take the next letter number in the caller's transaction; a rollback gives it back."""
    conn.execute(
        "INSERT INTO letter_sequences (office, year, last) VALUES (?, ?, 1) "
        "ON CONFLICT(office, year) DO UPDATE SET last = last + 1", (office, year),
    )
    return conn.execute("SELECT last FROM letter_sequences WHERE office = ? AND year = ?", (office, year)).fetchone()[0]


def number_taken(conn: sqlcipher3.Connection, number: str) -> bool:
    return conn.execute("SELECT 1 FROM referral_letters WHERE number = ?", (number,)).fetchone() is not None


def number_taken_in_year(conn: sqlcipher3.Connection, number: str, year: int) -> bool:
    """A number typed by hand must be new in its year (compared without case or spacing differences)."""
    key = "".join(number.split()).upper()
    return conn.execute("SELECT 1 FROM referral_letters WHERE seq_year = ? AND upper(replace(number, ' ', '')) = ?",
                        (year, key)).fetchone() is not None


def mark_approved(conn: sqlcipher3.Connection, letter_id: str, *, office: str, year: int, seq: int, number: str,
                  letter_date: str, code: str, content: str, user_id: str, now: str) -> bool:
    cur = conn.execute(
        "UPDATE referral_letters SET status = 'disetujui', office = ?, seq_year = ?, seq = ?, number = ?, "
        "letter_date = ?, verification_code = ?, content = ?, approved_by = ?, approved_at = ?, updated_by = ?, "
        "updated_at = ?, version = version + 1 WHERE id = ? AND status = 'draf'",
        (office, year, seq, number, letter_date, code, content, user_id, now, user_id, now, letter_id),
    )
    return cur.rowcount == 1


def get_letter(conn: sqlcipher3.Connection, letter_id: str) -> LetterRow | None:
    row = conn.execute(f"SELECT {_LETTER_COLS}{_FROM} WHERE l.id = ? OR l.number = ?", (letter_id, letter_id)).fetchone()
    return LetterRow(*row) if row else None


def letter_by_code(conn: sqlcipher3.Connection, code: str) -> LetterRow | None:
    row = conn.execute(f"SELECT {_LETTER_COLS}{_FROM} WHERE l.verification_code = ?", (code,)).fetchone()
    return LetterRow(*row) if row else None


def _visibility(visible_to: tuple[str, str] | None) -> tuple[list[str], list]:
    if visible_to is None:
        return [], []
    user_id, username = visible_to
    return (["(c.created_by = ? OR l.created_by = ? OR EXISTS (SELECT 1 FROM case_assignments a "
             "WHERE a.case_uuid = c.uuid AND a.username = ?))"], [user_id, user_id, username])


def list_letters(conn: sqlcipher3.Connection, *, visible_to: tuple[str, str] | None, text: str = "",
                 status: str | None = None, case_uuid: str | None = None, overdue_before: str | None = None,
                 limit: int = 500, offset: int = 0) -> list[LetterRow]:
    """The register (buku agenda surat keluar), newest first; ``text`` matches number, destination, hal, case."""
    clauses, params = _visibility(visible_to)
    if text.strip():
        like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append("(l.number LIKE ? ESCAPE '\\' OR l.destination_name LIKE ? ESCAPE '\\' "
                       "OR l.hal LIKE ? ESCAPE '\\' OR c.case_number LIKE ? ESCAPE '\\' "
                       "OR l.verification_code LIKE ? ESCAPE '\\')")
        params += [like] * 5
    if status:
        clauses.append("l.status = ?")
        params.append(status)
    if case_uuid:
        clauses.append("l.case_uuid = ?")
        params.append(case_uuid)
    if overdue_before:
        clauses.append("l.tracking = 'dikirim' AND l.sent_date IS NOT NULL AND l.sent_date < ?")
        params.append(overdue_before)
    sql = f"SELECT {_LETTER_COLS}{_FROM}"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY COALESCE(l.approved_at, l.created_at) DESC, l.rowid DESC LIMIT ? OFFSET ?"
    return [LetterRow(*r) for r in conn.execute(sql, params + [limit, offset])]


def approved_numbers(conn: sqlcipher3.Connection, office: str, year: int) -> list[tuple[int, str]]:
    return [tuple(r) for r in conn.execute(
        "SELECT seq, number FROM referral_letters WHERE office = ? AND seq_year = ? AND status = 'disetujui' "
        "ORDER BY seq", (office, year))]


# --- tracking ------------------------------------------------------------------------------------------------

def add_event(conn: sqlcipher3.Connection, letter_id: str, *, event: str, event_date: str, note: str, user: str,
              now: str, sent_date: str | None) -> None:
    conn.execute(
        "INSERT INTO letter_events (letter_id, event, event_date, note, recorded_by, recorded_at) VALUES (?,?,?,?,?,?)",
        (letter_id, event, event_date, note, user, now),
    )
    conn.execute(
        "UPDATE referral_letters SET tracking = ?, last_event_date = ?, sent_date = COALESCE(?, sent_date) WHERE id = ?",
        (event, event_date, sent_date, letter_id),
    )


def events(conn: sqlcipher3.Connection, letter_id: str) -> list[EventRow]:
    return [EventRow(*r) for r in conn.execute(
        "SELECT event, event_date, note, recorded_by, recorded_at FROM letter_events WHERE letter_id = ? ORDER BY id",
        (letter_id,))]
