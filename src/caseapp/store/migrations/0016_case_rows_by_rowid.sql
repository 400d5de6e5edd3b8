-- Per-case rows keyed so that new cases APPEND to their trees (issue 16: an import into a store of 75,000 cases
-- cost 1.5-1.6 times the same import into an empty store, because every new case inserted entries at random
-- positions of ~20 B-trees keyed by case uuid or intake date, far larger than the page cache).
--
-- * case_people, case_violence: keyed by the case's rowid (cases is a rowid table; case_search and
--   case_assignments.case_rowid already use it), which grows with every new case, instead of its uuid.
-- * report_cases, report_people, report_codes: the case's rowid instead of its uuid text, a person as a small
--   number within the case (its rank among the case's person uuids in text order; 0: the case itself) instead of
--   the person's uuid, clustered by (owner_office, intake_date, case_rowid, ...): a bundle from one district
--   writes only its office's range, and each table's case index (case_rowid) is appended to. A report over a period
--   reads one index range per office (reports_repo lists the offices with a few index probes).
-- * A rowid cannot be the target of a foreign key: the rows of a deleted case (purge) go by the trigger
--   cases_delete_rows instead of ON DELETE CASCADE (their summaries follow through the summary triggers, as before).
-- The summary tables (migrations "report_sums", "report_sums_bulk") keep their rows; their triggers are recreated
-- on the new tables with the same expressions (the code-set lookups by case_rowid and person).

-- Person numbers within a case (rank of the person uuid among the case's, in text order; the same rule as
-- reports_repo._person_numbers).
CREATE TABLE report_person_numbers_v16 (
    case_uuid TEXT NOT NULL,
    person_uuid TEXT NOT NULL,
    person INTEGER NOT NULL,
    PRIMARY KEY (case_uuid, person_uuid)
) WITHOUT ROWID;
INSERT INTO report_person_numbers_v16 (case_uuid, person_uuid, person)
    SELECT case_uuid, person_uuid, row_number() OVER (PARTITION BY case_uuid ORDER BY person_uuid) FROM (
        SELECT case_uuid, person_uuid FROM report_people
        UNION SELECT case_uuid, person_uuid FROM report_codes WHERE person_uuid != '');

CREATE TABLE case_violence_v16 (
    case_rowid INTEGER NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (case_rowid, code)
) WITHOUT ROWID;
INSERT INTO case_violence_v16 (case_rowid, code)
    SELECT c.rowid, v.code FROM case_violence v JOIN cases c ON c.uuid = v.case_uuid ORDER BY 1, 2;

-- A rowid table: its two secondary indexes (duplicate checks) then carry an 8-byte rowid instead of the key.
CREATE TABLE case_people_v16 (
    case_rowid INTEGER NOT NULL,
    person_uuid TEXT NOT NULL,
    role TEXT NOT NULL,
    name_key TEXT NOT NULL,
    nik TEXT,
    birth_date TEXT,
    UNIQUE (case_rowid, person_uuid)
);
INSERT INTO case_people_v16 (case_rowid, person_uuid, role, name_key, nik, birth_date)
    SELECT c.rowid, p.person_uuid, p.role, p.name_key, p.nik, p.birth_date
    FROM case_people p JOIN cases c ON c.uuid = p.case_uuid ORDER BY c.rowid, p.rowid;

CREATE TABLE report_cases_v16 (
    intake_date TEXT NOT NULL,
    case_rowid INTEGER NOT NULL,
    owner_office TEXT NOT NULL,
    kecamatan TEXT,
    status TEXT NOT NULL,
    incident_date TEXT NOT NULL,
    intake_at TEXT NOT NULL,
    closed_on TEXT,
    police_due TEXT,
    police_reported_at TEXT,
    PRIMARY KEY (owner_office, intake_date, case_rowid)
) WITHOUT ROWID;
INSERT INTO report_cases_v16 (intake_date, case_rowid, owner_office, kecamatan, status, incident_date, intake_at,
                              closed_on, police_due, police_reported_at)
    SELECT r.intake_date, c.rowid, r.owner_office, r.kecamatan, r.status, r.incident_date, r.intake_at, r.closed_on,
           r.police_due, r.police_reported_at
    FROM report_cases r JOIN cases c ON c.uuid = r.case_uuid;

CREATE TABLE report_people_v16 (
    intake_date TEXT NOT NULL,
    case_rowid INTEGER NOT NULL,
    owner_office TEXT NOT NULL,
    kecamatan TEXT,
    person INTEGER NOT NULL,
    role TEXT NOT NULL,
    sex TEXT,
    age INTEGER,
    education TEXT,
    occupation TEXT,
    marital_status TEXT,
    disability TEXT,
    PRIMARY KEY (owner_office, intake_date, case_rowid, person)
) WITHOUT ROWID;
INSERT INTO report_people_v16 (intake_date, case_rowid, owner_office, kecamatan, person, role, sex, age, education,
                               occupation, marital_status, disability)
    SELECT r.intake_date, c.rowid, r.owner_office, r.kecamatan, m.person, r.role, r.sex, r.age, r.education,
           r.occupation, r.marital_status, r.disability
    FROM report_people r JOIN cases c ON c.uuid = r.case_uuid
    JOIN report_person_numbers_v16 m ON m.case_uuid = r.case_uuid AND m.person_uuid = r.person_uuid;

-- kind: violence (victims/perpetrators: the case's numbers), place, service (case level, person 0),
-- relationship and disability_type (per victim).
CREATE TABLE report_codes_v16 (
    intake_date TEXT NOT NULL,
    case_rowid INTEGER NOT NULL,
    owner_office TEXT NOT NULL,
    kecamatan TEXT,
    kind TEXT NOT NULL,
    person INTEGER NOT NULL DEFAULT 0,
    code TEXT NOT NULL,
    victims INTEGER,
    perpetrators INTEGER,
    PRIMARY KEY (owner_office, intake_date, case_rowid, kind, person, code)
) WITHOUT ROWID;
INSERT INTO report_codes_v16 (intake_date, case_rowid, owner_office, kecamatan, kind, person, code, victims,
                              perpetrators)
    SELECT r.intake_date, c.rowid, r.owner_office, r.kecamatan, r.kind, coalesce(m.person, 0), r.code, r.victims,
           r.perpetrators
    FROM report_codes r JOIN cases c ON c.uuid = r.case_uuid
    LEFT JOIN report_person_numbers_v16 m ON m.case_uuid = r.case_uuid AND m.person_uuid = r.person_uuid;

DROP TABLE report_person_numbers_v16;

-- Old tables out (with their indexes and summary triggers; dropping a table fires no trigger, so the summaries
-- keep their rows), new ones in under the old names.
DROP TABLE case_violence;
DROP TABLE case_people;
DROP TABLE report_cases;
DROP TABLE report_people;
DROP TABLE report_codes;
ALTER TABLE case_violence_v16 RENAME TO case_violence;
ALTER TABLE case_people_v16 RENAME TO case_people;
ALTER TABLE report_cases_v16 RENAME TO report_cases;
ALTER TABLE report_people_v16 RENAME TO report_people;
ALTER TABLE report_codes_v16 RENAME TO report_codes;

CREATE INDEX case_violence_code ON case_violence (code);
CREATE INDEX case_people_nik ON case_people (nik) WHERE nik IS NOT NULL;
-- The birth date alone: the duplicate check compares the name on the few rows of one birth date; half the entry
-- size of (birth_date, name_key), and this tree takes an entry at a random place for every imported person.
CREATE INDEX case_people_birth ON case_people (birth_date);
-- cases_due (due_at, partial) held the key of cases_sort_due (due_at, migration "case_list_scale"): one tree less
-- for every new case to insert into at a random place; the overdue list reads cases_sort_due.
DROP INDEX cases_due;
CREATE UNIQUE INDEX report_cases_case ON report_cases (case_rowid);
CREATE INDEX report_people_case ON report_people (case_rowid);
CREATE INDEX report_codes_case ON report_codes (case_rowid);
CREATE INDEX report_cases_police_open ON report_cases (police_due) WHERE police_reported_at IS NULL;

-- What ON DELETE CASCADE did: a deleted case takes its side and report rows with it.
CREATE TRIGGER cases_delete_rows AFTER DELETE ON cases BEGIN
    DELETE FROM case_people WHERE case_rowid = OLD.rowid;
    DELETE FROM case_violence WHERE case_rowid = OLD.rowid;
    DELETE FROM report_codes WHERE case_rowid = OLD.rowid;
    DELETE FROM report_people WHERE case_rowid = OLD.rowid;
    DELETE FROM report_cases WHERE case_rowid = OLD.rowid;
END;

-- The summary triggers of "report_sums" / "report_sums_bulk", on the new tables (same expressions; a code set is
-- looked up by case_rowid and person).
CREATE TRIGGER report_cases_sum_ins AFTER INSERT ON report_cases
WHEN NOT EXISTS (SELECT 1 FROM report_sums_bulk) BEGIN
    INSERT INTO report_case_sums (status, closure, police, police_due, month, kecamatan, owner_office, n, days)
        SELECT NEW.status, CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90' WHEN d <=
        180 THEN '91_180' ELSE '181_plus' END, CASE WHEN NEW.police_due IS NULL THEN '' WHEN NEW.police_reported_at
        IS NULL THEN 'open' WHEN NEW.police_reported_at <= NEW.police_due THEN 'tepat_waktu' ELSE 'terlambat' END,
        CASE WHEN NEW.police_due IS NOT NULL AND NEW.police_reported_at IS NULL THEN substr(NEW.police_due, 1, 7)
        ELSE '' END, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, 1, coalesce(d, 0)
        FROM (SELECT CASE WHEN NEW.status = 'selesai' AND NEW.closed_on IS NOT NULL THEN julianday(NEW.closed_on) -
        julianday(NEW.intake_date) END AS d) WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days +
        excluded.days;
END;
CREATE TRIGGER report_cases_sum_del AFTER DELETE ON report_cases BEGIN
    INSERT INTO report_case_sums (status, closure, police, police_due, month, kecamatan, owner_office, n, days)
        SELECT OLD.status, CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90' WHEN d <=
        180 THEN '91_180' ELSE '181_plus' END, CASE WHEN OLD.police_due IS NULL THEN '' WHEN OLD.police_reported_at
        IS NULL THEN 'open' WHEN OLD.police_reported_at <= OLD.police_due THEN 'tepat_waktu' ELSE 'terlambat' END,
        CASE WHEN OLD.police_due IS NOT NULL AND OLD.police_reported_at IS NULL THEN substr(OLD.police_due, 1, 7)
        ELSE '' END, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, -1, -coalesce(d,
        0) FROM (SELECT CASE WHEN OLD.status = 'selesai' AND OLD.closed_on IS NOT NULL THEN julianday(OLD.closed_on)
        - julianday(OLD.intake_date) END AS d) WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days
        + excluded.days;
    DELETE FROM report_case_sums WHERE n = 0 AND (status, closure, police, police_due, month, kecamatan,
        owner_office) IN (SELECT OLD.status, CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN
        '31_90' WHEN d <= 180 THEN '91_180' ELSE '181_plus' END, CASE WHEN OLD.police_due IS NULL THEN '' WHEN
        OLD.police_reported_at IS NULL THEN 'open' WHEN OLD.police_reported_at <= OLD.police_due THEN 'tepat_waktu'
        ELSE 'terlambat' END, CASE WHEN OLD.police_due IS NOT NULL AND OLD.police_reported_at IS NULL THEN
        substr(OLD.police_due, 1, 7) ELSE '' END, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''),
        OLD.owner_office FROM (SELECT CASE WHEN OLD.status = 'selesai' AND OLD.closed_on IS NOT NULL THEN
        julianday(OLD.closed_on) - julianday(OLD.intake_date) END AS d));
END;
CREATE TRIGGER report_cases_sum_upd AFTER UPDATE ON report_cases BEGIN
    INSERT INTO report_case_sums (status, closure, police, police_due, month, kecamatan, owner_office, n, days)
        SELECT OLD.status, CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90' WHEN d <=
        180 THEN '91_180' ELSE '181_plus' END, CASE WHEN OLD.police_due IS NULL THEN '' WHEN OLD.police_reported_at
        IS NULL THEN 'open' WHEN OLD.police_reported_at <= OLD.police_due THEN 'tepat_waktu' ELSE 'terlambat' END,
        CASE WHEN OLD.police_due IS NOT NULL AND OLD.police_reported_at IS NULL THEN substr(OLD.police_due, 1, 7)
        ELSE '' END, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, -1, -coalesce(d,
        0) FROM (SELECT CASE WHEN OLD.status = 'selesai' AND OLD.closed_on IS NOT NULL THEN julianday(OLD.closed_on)
        - julianday(OLD.intake_date) END AS d) WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days
        + excluded.days;
    INSERT INTO report_case_sums (status, closure, police, police_due, month, kecamatan, owner_office, n, days)
        SELECT NEW.status, CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90' WHEN d <=
        180 THEN '91_180' ELSE '181_plus' END, CASE WHEN NEW.police_due IS NULL THEN '' WHEN NEW.police_reported_at
        IS NULL THEN 'open' WHEN NEW.police_reported_at <= NEW.police_due THEN 'tepat_waktu' ELSE 'terlambat' END,
        CASE WHEN NEW.police_due IS NOT NULL AND NEW.police_reported_at IS NULL THEN substr(NEW.police_due, 1, 7)
        ELSE '' END, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, 1, coalesce(d, 0)
        FROM (SELECT CASE WHEN NEW.status = 'selesai' AND NEW.closed_on IS NOT NULL THEN julianday(NEW.closed_on) -
        julianday(NEW.intake_date) END AS d) WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days +
        excluded.days;
    DELETE FROM report_case_sums WHERE n = 0 AND (status, closure, police, police_due, month, kecamatan,
        owner_office) IN (SELECT OLD.status, CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN
        '31_90' WHEN d <= 180 THEN '91_180' ELSE '181_plus' END, CASE WHEN OLD.police_due IS NULL THEN '' WHEN
        OLD.police_reported_at IS NULL THEN 'open' WHEN OLD.police_reported_at <= OLD.police_due THEN 'tepat_waktu'
        ELSE 'terlambat' END, CASE WHEN OLD.police_due IS NOT NULL AND OLD.police_reported_at IS NULL THEN
        substr(OLD.police_due, 1, 7) ELSE '' END, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''),
        OLD.owner_office FROM (SELECT CASE WHEN OLD.status = 'selesai' AND OLD.closed_on IS NOT NULL THEN
        julianday(OLD.closed_on) - julianday(OLD.intake_date) END AS d));
END;
CREATE TRIGGER report_people_sum_ins AFTER INSERT ON report_people
WHEN NOT EXISTS (SELECT 1 FROM report_sums_bulk) BEGIN
    INSERT INTO report_people_sums (role, attr, value, age, month, kecamatan, owner_office, n) SELECT NEW.role,
        attr, value, age, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, 1 FROM
        (SELECT 'n' AS attr, '' AS value, -1 AS age UNION ALL SELECT 'sex', coalesce(NEW.sex, ''), coalesce(NEW.age,
        -1) WHERE NEW.role = 'korban' UNION ALL SELECT 'education', coalesce(NEW.education, ''), -1 WHERE NEW.role =
        'korban' UNION ALL SELECT 'occupation', coalesce(NEW.occupation, ''), -1 WHERE NEW.role = 'korban' UNION ALL
        SELECT 'marital_status', coalesce(NEW.marital_status, ''), -1 WHERE NEW.role = 'korban' UNION ALL SELECT
        'disability', coalesce(NEW.disability, ''), -1 WHERE NEW.role = 'korban') WHERE true ON CONFLICT DO UPDATE
        SET n = n + excluded.n;
END;
CREATE TRIGGER report_people_sum_del AFTER DELETE ON report_people BEGIN
    INSERT INTO report_people_sums (role, attr, value, age, month, kecamatan, owner_office, n) SELECT OLD.role,
        attr, value, age, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, -1 FROM
        (SELECT 'n' AS attr, '' AS value, -1 AS age UNION ALL SELECT 'sex', coalesce(OLD.sex, ''), coalesce(OLD.age,
        -1) WHERE OLD.role = 'korban' UNION ALL SELECT 'education', coalesce(OLD.education, ''), -1 WHERE OLD.role =
        'korban' UNION ALL SELECT 'occupation', coalesce(OLD.occupation, ''), -1 WHERE OLD.role = 'korban' UNION ALL
        SELECT 'marital_status', coalesce(OLD.marital_status, ''), -1 WHERE OLD.role = 'korban' UNION ALL SELECT
        'disability', coalesce(OLD.disability, ''), -1 WHERE OLD.role = 'korban') WHERE true ON CONFLICT DO UPDATE
        SET n = n + excluded.n;
    DELETE FROM report_people_sums WHERE n = 0 AND (role, attr, value, age, month, kecamatan, owner_office) IN
        (SELECT OLD.role, attr, value, age, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''),
        OLD.owner_office FROM (SELECT 'n' AS attr, '' AS value, -1 AS age UNION ALL SELECT 'sex', coalesce(OLD.sex,
        ''), coalesce(OLD.age, -1) WHERE OLD.role = 'korban' UNION ALL SELECT 'education', coalesce(OLD.education,
        ''), -1 WHERE OLD.role = 'korban' UNION ALL SELECT 'occupation', coalesce(OLD.occupation, ''), -1 WHERE
        OLD.role = 'korban' UNION ALL SELECT 'marital_status', coalesce(OLD.marital_status, ''), -1 WHERE OLD.role =
        'korban' UNION ALL SELECT 'disability', coalesce(OLD.disability, ''), -1 WHERE OLD.role = 'korban'));
END;
CREATE TRIGGER report_people_sum_upd AFTER UPDATE ON report_people BEGIN
    INSERT INTO report_people_sums (role, attr, value, age, month, kecamatan, owner_office, n) SELECT OLD.role,
        attr, value, age, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, -1 FROM
        (SELECT 'n' AS attr, '' AS value, -1 AS age UNION ALL SELECT 'sex', coalesce(OLD.sex, ''), coalesce(OLD.age,
        -1) WHERE OLD.role = 'korban' UNION ALL SELECT 'education', coalesce(OLD.education, ''), -1 WHERE OLD.role =
        'korban' UNION ALL SELECT 'occupation', coalesce(OLD.occupation, ''), -1 WHERE OLD.role = 'korban' UNION ALL
        SELECT 'marital_status', coalesce(OLD.marital_status, ''), -1 WHERE OLD.role = 'korban' UNION ALL SELECT
        'disability', coalesce(OLD.disability, ''), -1 WHERE OLD.role = 'korban') WHERE true ON CONFLICT DO UPDATE
        SET n = n + excluded.n;
    INSERT INTO report_people_sums (role, attr, value, age, month, kecamatan, owner_office, n) SELECT NEW.role,
        attr, value, age, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, 1 FROM
        (SELECT 'n' AS attr, '' AS value, -1 AS age UNION ALL SELECT 'sex', coalesce(NEW.sex, ''), coalesce(NEW.age,
        -1) WHERE NEW.role = 'korban' UNION ALL SELECT 'education', coalesce(NEW.education, ''), -1 WHERE NEW.role =
        'korban' UNION ALL SELECT 'occupation', coalesce(NEW.occupation, ''), -1 WHERE NEW.role = 'korban' UNION ALL
        SELECT 'marital_status', coalesce(NEW.marital_status, ''), -1 WHERE NEW.role = 'korban' UNION ALL SELECT
        'disability', coalesce(NEW.disability, ''), -1 WHERE NEW.role = 'korban') WHERE true ON CONFLICT DO UPDATE
        SET n = n + excluded.n;
    DELETE FROM report_people_sums WHERE n = 0 AND (role, attr, value, age, month, kecamatan, owner_office) IN
        (SELECT OLD.role, attr, value, age, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''),
        OLD.owner_office FROM (SELECT 'n' AS attr, '' AS value, -1 AS age UNION ALL SELECT 'sex', coalesce(OLD.sex,
        ''), coalesce(OLD.age, -1) WHERE OLD.role = 'korban' UNION ALL SELECT 'education', coalesce(OLD.education,
        ''), -1 WHERE OLD.role = 'korban' UNION ALL SELECT 'occupation', coalesce(OLD.occupation, ''), -1 WHERE
        OLD.role = 'korban' UNION ALL SELECT 'marital_status', coalesce(OLD.marital_status, ''), -1 WHERE OLD.role =
        'korban' UNION ALL SELECT 'disability', coalesce(OLD.disability, ''), -1 WHERE OLD.role = 'korban'));
END;
CREATE TRIGGER report_codes_sum_ins AFTER INSERT ON report_codes
WHEN NOT EXISTS (SELECT 1 FROM report_sums_bulk) BEGIN
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        NEW.kind, s, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, -1,
        -coalesce(NEW.victims, 0), -coalesce(NEW.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER
        BY code) FROM report_codes WHERE case_rowid = NEW.case_rowid AND kind = NEW.kind AND person =
        NEW.person AND code != NEW.code) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n +
        excluded.n, victims = victims + excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        NEW.kind, s, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, 1,
        coalesce(NEW.victims, 0), coalesce(NEW.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER BY
        code) FROM report_codes WHERE case_rowid = NEW.case_rowid AND kind = NEW.kind AND person =
        NEW.person) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims +
        excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE n = 0 AND (kind, codes, month, kecamatan, owner_office) IN (SELECT NEW.kind,
        (SELECT group_concat(code, ',' ORDER BY code) FROM report_codes WHERE case_rowid = NEW.case_rowid AND kind =
        NEW.kind AND person = NEW.person AND code != NEW.code), substr(NEW.intake_date, 1, 7),
        coalesce(NEW.kecamatan, ''), NEW.owner_office);
END;
CREATE TRIGGER report_codes_sum_del AFTER DELETE ON report_codes BEGIN
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        OLD.kind, s, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, -1,
        -coalesce(OLD.victims, 0), -coalesce(OLD.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER
        BY code) FROM (SELECT code FROM report_codes WHERE case_rowid = OLD.case_rowid AND kind = OLD.kind AND
        person = OLD.person UNION ALL SELECT OLD.code)) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE
        SET n = n + excluded.n, victims = victims + excluded.victims, perpetrators = perpetrators +
        excluded.perpetrators;
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        OLD.kind, s, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, 1,
        coalesce(OLD.victims, 0), coalesce(OLD.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER BY
        code) FROM report_codes WHERE case_rowid = OLD.case_rowid AND kind = OLD.kind AND person =
        OLD.person) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims +
        excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE n = 0 AND (kind, codes, month, kecamatan, owner_office) IN (SELECT OLD.kind,
        (SELECT group_concat(code, ',' ORDER BY code) FROM (SELECT code FROM report_codes WHERE case_rowid =
        OLD.case_rowid AND kind = OLD.kind AND person = OLD.person UNION ALL SELECT OLD.code)),
        substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office);
END;
CREATE TRIGGER report_codes_sum_upd AFTER UPDATE OF intake_date, owner_office, kecamatan ON report_codes
WHEN NEW.code = (SELECT min(code) FROM report_codes WHERE case_rowid = NEW.case_rowid AND kind = NEW.kind
                 AND person = NEW.person) BEGIN
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        OLD.kind, s, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, -1,
        -coalesce(OLD.victims, 0), -coalesce(OLD.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER
        BY code) FROM report_codes WHERE case_rowid = NEW.case_rowid AND kind = NEW.kind AND person =
        NEW.person) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims +
        excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        NEW.kind, s, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, 1,
        coalesce(NEW.victims, 0), coalesce(NEW.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER BY
        code) FROM report_codes WHERE case_rowid = NEW.case_rowid AND kind = NEW.kind AND person =
        NEW.person) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims +
        excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE n = 0 AND (kind, codes, month, kecamatan, owner_office) IN (SELECT OLD.kind,
        (SELECT group_concat(code, ',' ORDER BY code) FROM report_codes WHERE case_rowid = NEW.case_rowid AND kind =
        NEW.kind AND person = NEW.person), substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''),
        OLD.owner_office);
END;
