-- Report summaries: per intake month, office and kecamatan, the counts a recap of whole months needs, kept right by
-- triggers on the report rows (every save, import, bulk insert, hand-over and purge, with no service code), so a
-- recap reads summary rows instead of every report row. Only codes, ages and counts (no names or case
-- identifiers). kecamatan is '' when unknown (it is part of the key). A row whose count falls to zero is deleted (a
-- purged case leaves no row of its own behind).
-- Keys begin with what a recap groups on, then kecamatan and office: a recap of one area or per kecamatan reads
-- each table once in key order and adds up neighbouring rows (no sorting). Only case counts are needed per month
-- and area; the month of the people and code summaries is last (it is only filtered on, or for the violence
-- types per month, grouped on after the code set).

-- Cases: status, time to closure (bucket and the sum of days) and the police-report clock. A case not reported yet
-- keeps the month of its deadline (whether it is late depends on when the report is made; a report looks up the
-- current month's ones in report_cases, by the index below).
CREATE TABLE report_case_sums (
    status TEXT NOT NULL,
    closure TEXT NOT NULL,          -- '0_30', '31_90', '91_180', '181_plus' or '' (not closed)
    police TEXT NOT NULL,           -- 'tepat_waktu', 'terlambat', 'open' (not reported yet) or '' (no clock)
    police_due TEXT NOT NULL,       -- the month (YYYY-MM) of the deadline when police = 'open', else ''
    month TEXT NOT NULL,
    kecamatan TEXT NOT NULL,
    owner_office TEXT NOT NULL,
    n INTEGER NOT NULL,
    days REAL NOT NULL,             -- sum of the days from intake to closure
    PRIMARY KEY (status, closure, police, police_due, month, kecamatan, owner_office)
) WITHOUT ROWID;
CREATE INDEX report_cases_police_open ON report_cases (police_due) WHERE police_reported_at IS NULL;

-- People: every victim and perpetrator once under attr 'n'; victims also once under each of 'sex' (with the age,
-- -1 when unknown), 'education', 'occupation', 'marital_status' and 'disability' ('' when unknown).
CREATE TABLE report_people_sums (
    role TEXT NOT NULL,
    attr TEXT NOT NULL,
    value TEXT NOT NULL,
    age INTEGER NOT NULL,
    kecamatan TEXT NOT NULL,
    owner_office TEXT NOT NULL,
    month TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (role, attr, value, age, kecamatan, owner_office, month)
) WITHOUT ROWID;

-- Coded rows: one count per case (violence, place, service) or victim (relationship, disability_type) and kind,
-- under the sorted, comma-separated set of its codes: a case counts once in a SIMFONI category that several of its
-- codes map to, whatever the mapping is when the report is made. victims / perpetrators: the case's numbers
-- (violence rows; the same on every row of a case).
CREATE TABLE report_code_sums (
    kind TEXT NOT NULL,
    codes TEXT NOT NULL,
    kecamatan TEXT NOT NULL,
    owner_office TEXT NOT NULL,
    month TEXT NOT NULL,
    n INTEGER NOT NULL,
    victims INTEGER NOT NULL,
    perpetrators INTEGER NOT NULL,
    PRIMARY KEY (kind, codes, kecamatan, owner_office, month)
) WITHOUT ROWID;

-- Fill from the rows already stored.
INSERT INTO report_case_sums (status, closure, police, police_due, month, kecamatan, owner_office, n, days)
SELECT status, closure, police, police_due, month, kecamatan, owner_office, count(*), sum(days) FROM (
    SELECT r.status AS status,
           CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90' WHEN d <= 180 THEN
               '91_180' ELSE '181_plus' END AS closure,
           CASE WHEN r.police_due IS NULL THEN '' WHEN r.police_reported_at IS NULL THEN 'open' WHEN
               r.police_reported_at <= r.police_due THEN 'tepat_waktu' ELSE 'terlambat' END AS police,
           CASE WHEN r.police_due IS NOT NULL AND r.police_reported_at IS NULL THEN substr(r.police_due, 1, 7)
               ELSE '' END AS police_due,
           substr(r.intake_date, 1, 7) AS month,
           coalesce(r.kecamatan, '') AS kecamatan,
           r.owner_office AS owner_office,
           coalesce(d, 0) AS days
    FROM (SELECT *, CASE WHEN x.status = 'selesai' AND x.closed_on IS NOT NULL THEN julianday(x.closed_on) -
                 julianday(x.intake_date) END AS d
          FROM report_cases x) r)
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO report_people_sums (role, attr, value, age, month, kecamatan, owner_office, n)
SELECT role, attr, value, age, month, kecamatan, owner_office, count(*) FROM (
    SELECT role, 'n' AS attr, '' AS value, -1 AS age, substr(intake_date, 1, 7) AS month,
           coalesce(kecamatan, '') AS kecamatan, owner_office FROM report_people
    UNION ALL SELECT role, 'sex', coalesce(sex, ''), coalesce(age, -1), substr(intake_date, 1, 7),
           coalesce(kecamatan, ''), owner_office FROM report_people WHERE role = 'korban'
    UNION ALL SELECT role, 'education', coalesce(education, ''), -1, substr(intake_date, 1, 7),
           coalesce(kecamatan, ''), owner_office FROM report_people WHERE role = 'korban'
    UNION ALL SELECT role, 'occupation', coalesce(occupation, ''), -1, substr(intake_date, 1, 7),
           coalesce(kecamatan, ''), owner_office FROM report_people WHERE role = 'korban'
    UNION ALL SELECT role, 'marital_status', coalesce(marital_status, ''), -1, substr(intake_date, 1, 7),
           coalesce(kecamatan, ''), owner_office FROM report_people WHERE role = 'korban'
    UNION ALL SELECT role, 'disability', coalesce(disability, ''), -1, substr(intake_date, 1, 7),
           coalesce(kecamatan, ''), owner_office FROM report_people WHERE role = 'korban'
)
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators)
SELECT kind, codes, month, kecamatan, owner_office, count(*), sum(v), sum(p) FROM (
    SELECT kind, group_concat(code, ',' ORDER BY code) AS codes, substr(min(intake_date), 1, 7) AS month,
           coalesce(min(kecamatan), '') AS kecamatan, min(owner_office) AS owner_office,
           coalesce(max(victims), 0) AS v, coalesce(max(perpetrators), 0) AS p
    FROM report_codes GROUP BY case_uuid, kind, person_uuid)
GROUP BY 1, 2, 3, 4, 5;

-- Triggers: a row's contribution is added on insert, taken away on delete; an update is both.

CREATE TRIGGER report_cases_sum_ins AFTER INSERT ON report_cases BEGIN
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
CREATE TRIGGER report_people_sum_ins AFTER INSERT ON report_people BEGIN
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
-- Coded rows: a row joining (leaving) its case's or victim's set of codes of a kind moves that case or
-- victim from the set without the code to the set with it (and back).
CREATE TRIGGER report_codes_sum_ins AFTER INSERT ON report_codes BEGIN
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        NEW.kind, s, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, -1,
        -coalesce(NEW.victims, 0), -coalesce(NEW.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER
        BY code) FROM report_codes WHERE case_uuid = NEW.case_uuid AND kind = NEW.kind AND person_uuid =
        NEW.person_uuid AND code != NEW.code) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n +
        excluded.n, victims = victims + excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        NEW.kind, s, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, 1,
        coalesce(NEW.victims, 0), coalesce(NEW.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER BY
        code) FROM report_codes WHERE case_uuid = NEW.case_uuid AND kind = NEW.kind AND person_uuid =
        NEW.person_uuid) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims +
        excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE n = 0 AND (kind, codes, month, kecamatan, owner_office) IN (SELECT NEW.kind,
        (SELECT group_concat(code, ',' ORDER BY code) FROM report_codes WHERE case_uuid = NEW.case_uuid AND kind =
        NEW.kind AND person_uuid = NEW.person_uuid AND code != NEW.code), substr(NEW.intake_date, 1, 7),
        coalesce(NEW.kecamatan, ''), NEW.owner_office);
END;
CREATE TRIGGER report_codes_sum_del AFTER DELETE ON report_codes BEGIN
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        OLD.kind, s, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, -1,
        -coalesce(OLD.victims, 0), -coalesce(OLD.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER
        BY code) FROM (SELECT code FROM report_codes WHERE case_uuid = OLD.case_uuid AND kind = OLD.kind AND
        person_uuid = OLD.person_uuid UNION ALL SELECT OLD.code)) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE
        SET n = n + excluded.n, victims = victims + excluded.victims, perpetrators = perpetrators +
        excluded.perpetrators;
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        OLD.kind, s, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, 1,
        coalesce(OLD.victims, 0), coalesce(OLD.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER BY
        code) FROM report_codes WHERE case_uuid = OLD.case_uuid AND kind = OLD.kind AND person_uuid =
        OLD.person_uuid) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims +
        excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE n = 0 AND (kind, codes, month, kecamatan, owner_office) IN (SELECT OLD.kind,
        (SELECT group_concat(code, ',' ORDER BY code) FROM (SELECT code FROM report_codes WHERE case_uuid =
        OLD.case_uuid AND kind = OLD.kind AND person_uuid = OLD.person_uuid UNION ALL SELECT OLD.code)),
        substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office);
END;
-- A hand-over updates every row of the case: each set moves from the old office to the new one once, when
-- the row of its first code is updated (the rows of a set share intake date, office, kecamatan and numbers).
CREATE TRIGGER report_codes_sum_upd AFTER UPDATE OF intake_date, owner_office, kecamatan ON report_codes
WHEN NEW.code = (SELECT min(code) FROM report_codes WHERE case_uuid = NEW.case_uuid AND kind = NEW.kind
                 AND person_uuid = NEW.person_uuid) BEGIN
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        OLD.kind, s, substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''), OLD.owner_office, -1,
        -coalesce(OLD.victims, 0), -coalesce(OLD.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER
        BY code) FROM report_codes WHERE case_uuid = NEW.case_uuid AND kind = NEW.kind AND person_uuid =
        NEW.person_uuid) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims +
        excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    INSERT INTO report_code_sums (kind, codes, month, kecamatan, owner_office, n, victims, perpetrators) SELECT
        NEW.kind, s, substr(NEW.intake_date, 1, 7), coalesce(NEW.kecamatan, ''), NEW.owner_office, 1,
        coalesce(NEW.victims, 0), coalesce(NEW.perpetrators, 0) FROM (SELECT (SELECT group_concat(code, ',' ORDER BY
        code) FROM report_codes WHERE case_uuid = NEW.case_uuid AND kind = NEW.kind AND person_uuid =
        NEW.person_uuid) AS s) WHERE s IS NOT NULL ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims +
        excluded.victims, perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE n = 0 AND (kind, codes, month, kecamatan, owner_office) IN (SELECT OLD.kind,
        (SELECT group_concat(code, ',' ORDER BY code) FROM report_codes WHERE case_uuid = NEW.case_uuid AND kind =
        NEW.kind AND person_uuid = NEW.person_uuid), substr(OLD.intake_date, 1, 7), coalesce(OLD.kecamatan, ''),
        OLD.owner_office);
END;
