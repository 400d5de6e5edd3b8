-- Report summaries: per intake month, office and kecamatan, the counts a recap of whole months needs, kept right by
-- triggers on the report rows (every save, import, bulk insert, hand-over and purge, with no service code), so a
-- recap reads thousands of summary rows instead of hundreds of thousands of report rows. Only codes, ages and
-- counts (no names or case identifiers). kecamatan is '' when unknown (it is part of the key).

-- Cases: status, time to closure (bucket and the sum of days) and the police-report clock. A case not yet reported
-- keeps its deadline in the key (whether it is late depends on when the report is made).
CREATE TABLE report_case_sums (
    month TEXT NOT NULL,
    owner_office TEXT NOT NULL,
    kecamatan TEXT NOT NULL,
    status TEXT NOT NULL,
    closure TEXT NOT NULL,          -- '0_30', '31_90', '91_180', '181_plus' or '' (not closed)
    police TEXT NOT NULL,           -- 'tepat_waktu', 'terlambat', 'open' (not reported yet) or '' (no clock)
    police_due TEXT NOT NULL,       -- the deadline when police = 'open', else ''
    n INTEGER NOT NULL,
    days REAL NOT NULL,             -- sum of the days from intake to closure
    PRIMARY KEY (month, owner_office, kecamatan, status, closure, police, police_due)
) WITHOUT ROWID;

-- People: every victim and perpetrator once under attr 'n'; victims also once under each of 'sex' (with the age,
-- -1 when unknown), 'education', 'occupation', 'marital_status' and 'disability' ('' when unknown).
CREATE TABLE report_people_sums (
    month TEXT NOT NULL,
    owner_office TEXT NOT NULL,
    kecamatan TEXT NOT NULL,
    role TEXT NOT NULL,
    attr TEXT NOT NULL,
    value TEXT NOT NULL,
    age INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (month, owner_office, kecamatan, role, attr, value, age)
) WITHOUT ROWID;

-- Coded rows: one count per case (violence, place, service) or victim (relationship, disability_type) and kind,
-- under the sorted, comma-separated set of its codes. A case counts once in a SIMFONI category that several of
-- its codes map to, whatever the mapping is when the report is made. victims / perpetrators: the case's numbers
-- (violence rows).
CREATE TABLE report_code_sums (
    month TEXT NOT NULL,
    owner_office TEXT NOT NULL,
    kecamatan TEXT NOT NULL,
    kind TEXT NOT NULL,
    codes TEXT NOT NULL,
    n INTEGER NOT NULL,
    victims INTEGER NOT NULL,
    perpetrators INTEGER NOT NULL,
    PRIMARY KEY (month, owner_office, kecamatan, kind, codes)
) WITHOUT ROWID;

-- One case row's contribution (used by the fill and the triggers).
CREATE VIEW report_case_terms AS
SELECT case_uuid, substr(intake_date, 1, 7) AS month, owner_office, coalesce(kecamatan, '') AS kecamatan, status,
       CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90' WHEN d <= 180 THEN '91_180'
            ELSE '181_plus' END AS closure,
       CASE WHEN police_due IS NULL THEN '' WHEN police_reported_at IS NULL THEN 'open'
            WHEN police_reported_at <= police_due THEN 'tepat_waktu' ELSE 'terlambat' END AS police,
       CASE WHEN police_due IS NOT NULL AND police_reported_at IS NULL THEN police_due ELSE '' END AS police_due,
       coalesce(d, 0) AS days
FROM (SELECT *, CASE WHEN status = 'selesai' AND closed_on IS NOT NULL
                     THEN julianday(closed_on) - julianday(intake_date) END AS d FROM report_cases);

INSERT INTO report_case_sums (month, owner_office, kecamatan, status, closure, police, police_due, n, days)
SELECT month, owner_office, kecamatan, status, closure, police, police_due, count(*), sum(days)
FROM report_case_terms GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO report_people_sums (month, owner_office, kecamatan, role, attr, value, age, n)
SELECT month, owner_office, kecamatan, role, attr, value, age, count(*) FROM (
    SELECT substr(intake_date, 1, 7) AS month, owner_office, coalesce(kecamatan, '') AS kecamatan, role,
           'n' AS attr, '' AS value, -1 AS age FROM report_people
    UNION ALL SELECT substr(intake_date, 1, 7), owner_office, coalesce(kecamatan, ''), role, 'sex', coalesce(sex, ''),
           coalesce(age, -1) FROM report_people WHERE role = 'korban'
    UNION ALL SELECT substr(intake_date, 1, 7), owner_office, coalesce(kecamatan, ''), role, 'education',
           coalesce(education, ''), -1 FROM report_people WHERE role = 'korban'
    UNION ALL SELECT substr(intake_date, 1, 7), owner_office, coalesce(kecamatan, ''), role, 'occupation',
           coalesce(occupation, ''), -1 FROM report_people WHERE role = 'korban'
    UNION ALL SELECT substr(intake_date, 1, 7), owner_office, coalesce(kecamatan, ''), role, 'marital_status',
           coalesce(marital_status, ''), -1 FROM report_people WHERE role = 'korban'
    UNION ALL SELECT substr(intake_date, 1, 7), owner_office, coalesce(kecamatan, ''), role, 'disability',
           coalesce(disability, ''), -1 FROM report_people WHERE role = 'korban')
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO report_code_sums (month, owner_office, kecamatan, kind, codes, n, victims, perpetrators)
SELECT month, owner_office, kecamatan, kind, codes, count(*), sum(v), sum(p) FROM (
    SELECT substr(min(intake_date), 1, 7) AS month, min(owner_office) AS owner_office,
           coalesce(min(kecamatan), '') AS kecamatan, kind, group_concat(code, ',' ORDER BY code) AS codes,
           coalesce(max(victims), 0) AS v, coalesce(max(perpetrators), 0) AS p
    FROM report_codes GROUP BY case_uuid, kind, person_uuid)
GROUP BY 1, 2, 3, 4, 5;

-- Triggers: a row's contribution is added on insert, taken away on delete, and moved on update.

CREATE TRIGGER report_cases_sum_ins AFTER INSERT ON report_cases BEGIN
    INSERT INTO report_case_sums (month, owner_office, kecamatan, status, closure, police, police_due, n, days)
    SELECT month, owner_office, kecamatan, status, closure, police, police_due, 1, days FROM report_case_terms
    WHERE case_uuid = NEW.case_uuid
    ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days + excluded.days;
END;

CREATE TRIGGER report_cases_sum_del AFTER DELETE ON report_cases BEGIN
    INSERT INTO report_case_sums (month, owner_office, kecamatan, status, closure, police, police_due, n, days)
    SELECT month, owner_office, kecamatan, status, closure, police, police_due, -1, -days FROM (
        SELECT substr(OLD.intake_date, 1, 7) AS month, OLD.owner_office AS owner_office,
               coalesce(OLD.kecamatan, '') AS kecamatan, OLD.status AS status,
               CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90'
                    WHEN d <= 180 THEN '91_180' ELSE '181_plus' END AS closure,
               CASE WHEN OLD.police_due IS NULL THEN '' WHEN OLD.police_reported_at IS NULL THEN 'open'
                    WHEN OLD.police_reported_at <= OLD.police_due THEN 'tepat_waktu' ELSE 'terlambat' END AS police,
               CASE WHEN OLD.police_due IS NOT NULL AND OLD.police_reported_at IS NULL THEN OLD.police_due
                    ELSE '' END AS police_due,
               coalesce(d, 0) AS days
        FROM (SELECT CASE WHEN OLD.status = 'selesai' AND OLD.closed_on IS NOT NULL
                          THEN julianday(OLD.closed_on) - julianday(OLD.intake_date) END AS d))
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days + excluded.days;
    DELETE FROM report_case_sums WHERE month = substr(OLD.intake_date, 1, 7) AND owner_office = OLD.owner_office
        AND kecamatan = coalesce(OLD.kecamatan, '') AND n = 0;
END;

-- An update is a delete of the old row and an insert of the new one.
CREATE TRIGGER report_cases_sum_upd AFTER UPDATE ON report_cases BEGIN
    INSERT INTO report_case_sums (month, owner_office, kecamatan, status, closure, police, police_due, n, days)
    SELECT month, owner_office, kecamatan, status, closure, police, police_due, -1, -days FROM (
        SELECT substr(OLD.intake_date, 1, 7) AS month, OLD.owner_office AS owner_office,
               coalesce(OLD.kecamatan, '') AS kecamatan, OLD.status AS status,
               CASE WHEN d IS NULL THEN '' WHEN d <= 30 THEN '0_30' WHEN d <= 90 THEN '31_90'
                    WHEN d <= 180 THEN '91_180' ELSE '181_plus' END AS closure,
               CASE WHEN OLD.police_due IS NULL THEN '' WHEN OLD.police_reported_at IS NULL THEN 'open'
                    WHEN OLD.police_reported_at <= OLD.police_due THEN 'tepat_waktu' ELSE 'terlambat' END AS police,
               CASE WHEN OLD.police_due IS NOT NULL AND OLD.police_reported_at IS NULL THEN OLD.police_due
                    ELSE '' END AS police_due,
               coalesce(d, 0) AS days
        FROM (SELECT CASE WHEN OLD.status = 'selesai' AND OLD.closed_on IS NOT NULL
                          THEN julianday(OLD.closed_on) - julianday(OLD.intake_date) END AS d))
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days + excluded.days;
    INSERT INTO report_case_sums (month, owner_office, kecamatan, status, closure, police, police_due, n, days)
    SELECT month, owner_office, kecamatan, status, closure, police, police_due, 1, days FROM report_case_terms
    WHERE case_uuid = NEW.case_uuid
    ON CONFLICT DO UPDATE SET n = n + excluded.n, days = days + excluded.days;
    DELETE FROM report_case_sums WHERE month = substr(OLD.intake_date, 1, 7) AND owner_office = OLD.owner_office
        AND kecamatan = coalesce(OLD.kecamatan, '') AND n = 0;
END;

CREATE TRIGGER report_people_sum_ins AFTER INSERT ON report_people BEGIN
    INSERT INTO report_people_sums (month, owner_office, kecamatan, role, attr, value, age, n)
    SELECT substr(NEW.intake_date, 1, 7), NEW.owner_office, coalesce(NEW.kecamatan, ''), NEW.role, attr, value, age, 1
    FROM (SELECT 'n' AS attr, '' AS value, -1 AS age
          UNION ALL SELECT 'sex', coalesce(NEW.sex, ''), coalesce(NEW.age, -1) WHERE NEW.role = 'korban'
          UNION ALL SELECT 'education', coalesce(NEW.education, ''), -1 WHERE NEW.role = 'korban'
          UNION ALL SELECT 'occupation', coalesce(NEW.occupation, ''), -1 WHERE NEW.role = 'korban'
          UNION ALL SELECT 'marital_status', coalesce(NEW.marital_status, ''), -1 WHERE NEW.role = 'korban'
          UNION ALL SELECT 'disability', coalesce(NEW.disability, ''), -1 WHERE NEW.role = 'korban')
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_sum_del AFTER DELETE ON report_people BEGIN
    INSERT INTO report_people_sums (month, owner_office, kecamatan, role, attr, value, age, n)
    SELECT substr(OLD.intake_date, 1, 7), OLD.owner_office, coalesce(OLD.kecamatan, ''), OLD.role, attr, value, age, -1
    FROM (SELECT 'n' AS attr, '' AS value, -1 AS age
          UNION ALL SELECT 'sex', coalesce(OLD.sex, ''), coalesce(OLD.age, -1) WHERE OLD.role = 'korban'
          UNION ALL SELECT 'education', coalesce(OLD.education, ''), -1 WHERE OLD.role = 'korban'
          UNION ALL SELECT 'occupation', coalesce(OLD.occupation, ''), -1 WHERE OLD.role = 'korban'
          UNION ALL SELECT 'marital_status', coalesce(OLD.marital_status, ''), -1 WHERE OLD.role = 'korban'
          UNION ALL SELECT 'disability', coalesce(OLD.disability, ''), -1 WHERE OLD.role = 'korban')
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
    DELETE FROM report_people_sums WHERE month = substr(OLD.intake_date, 1, 7) AND owner_office = OLD.owner_office
        AND kecamatan = coalesce(OLD.kecamatan, '') AND role = OLD.role AND n = 0;
END;

CREATE TRIGGER report_people_sum_upd AFTER UPDATE ON report_people BEGIN
    INSERT INTO report_people_sums (month, owner_office, kecamatan, role, attr, value, age, n)
    SELECT substr(OLD.intake_date, 1, 7), OLD.owner_office, coalesce(OLD.kecamatan, ''), OLD.role, attr, value, age, -1
    FROM (SELECT 'n' AS attr, '' AS value, -1 AS age
          UNION ALL SELECT 'sex', coalesce(OLD.sex, ''), coalesce(OLD.age, -1) WHERE OLD.role = 'korban'
          UNION ALL SELECT 'education', coalesce(OLD.education, ''), -1 WHERE OLD.role = 'korban'
          UNION ALL SELECT 'occupation', coalesce(OLD.occupation, ''), -1 WHERE OLD.role = 'korban'
          UNION ALL SELECT 'marital_status', coalesce(OLD.marital_status, ''), -1 WHERE OLD.role = 'korban'
          UNION ALL SELECT 'disability', coalesce(OLD.disability, ''), -1 WHERE OLD.role = 'korban')
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_people_sums (month, owner_office, kecamatan, role, attr, value, age, n)
    SELECT substr(NEW.intake_date, 1, 7), NEW.owner_office, coalesce(NEW.kecamatan, ''), NEW.role, attr, value, age, 1
    FROM (SELECT 'n' AS attr, '' AS value, -1 AS age
          UNION ALL SELECT 'sex', coalesce(NEW.sex, ''), coalesce(NEW.age, -1) WHERE NEW.role = 'korban'
          UNION ALL SELECT 'education', coalesce(NEW.education, ''), -1 WHERE NEW.role = 'korban'
          UNION ALL SELECT 'occupation', coalesce(NEW.occupation, ''), -1 WHERE NEW.role = 'korban'
          UNION ALL SELECT 'marital_status', coalesce(NEW.marital_status, ''), -1 WHERE NEW.role = 'korban'
          UNION ALL SELECT 'disability', coalesce(NEW.disability, ''), -1 WHERE NEW.role = 'korban')
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
    DELETE FROM report_people_sums WHERE month = substr(OLD.intake_date, 1, 7) AND owner_office = OLD.owner_office
        AND kecamatan = coalesce(OLD.kecamatan, '') AND role = OLD.role AND n = 0;
END;

-- Coded rows: a row joining (or leaving) its case's / victim's set of codes of one kind moves that case or victim
-- from the set without the code to the set with it (or back).
CREATE TRIGGER report_codes_sum_ins AFTER INSERT ON report_codes BEGIN
    INSERT INTO report_code_sums (month, owner_office, kecamatan, kind, codes, n, victims, perpetrators)
    SELECT substr(NEW.intake_date, 1, 7), NEW.owner_office, coalesce(NEW.kecamatan, ''), NEW.kind, s, -1,
           -coalesce(NEW.victims, 0), -coalesce(NEW.perpetrators, 0)
    FROM (SELECT group_concat(code, ',' ORDER BY code) AS s FROM report_codes WHERE case_uuid = NEW.case_uuid
          AND kind = NEW.kind AND person_uuid = NEW.person_uuid AND code != NEW.code)
    WHERE s IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims + excluded.victims,
        perpetrators = perpetrators + excluded.perpetrators;
    INSERT INTO report_code_sums (month, owner_office, kecamatan, kind, codes, n, victims, perpetrators)
    SELECT substr(NEW.intake_date, 1, 7), NEW.owner_office, coalesce(NEW.kecamatan, ''), NEW.kind, s, 1,
           coalesce(NEW.victims, 0), coalesce(NEW.perpetrators, 0)
    FROM (SELECT group_concat(code, ',' ORDER BY code) AS s FROM report_codes WHERE case_uuid = NEW.case_uuid
          AND kind = NEW.kind AND person_uuid = NEW.person_uuid)
    WHERE s IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims + excluded.victims,
        perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE month = substr(NEW.intake_date, 1, 7) AND owner_office = NEW.owner_office
        AND kecamatan = coalesce(NEW.kecamatan, '') AND kind = NEW.kind AND n = 0;
END;

CREATE TRIGGER report_codes_sum_del AFTER DELETE ON report_codes BEGIN
    INSERT INTO report_code_sums (month, owner_office, kecamatan, kind, codes, n, victims, perpetrators)
    SELECT substr(OLD.intake_date, 1, 7), OLD.owner_office, coalesce(OLD.kecamatan, ''), OLD.kind, s, -1,
           -coalesce(OLD.victims, 0), -coalesce(OLD.perpetrators, 0)
    FROM (SELECT group_concat(code, ',' ORDER BY code) AS s FROM (
              SELECT code FROM report_codes WHERE case_uuid = OLD.case_uuid AND kind = OLD.kind
              AND person_uuid = OLD.person_uuid UNION ALL SELECT OLD.code))
    WHERE s IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims + excluded.victims,
        perpetrators = perpetrators + excluded.perpetrators;
    INSERT INTO report_code_sums (month, owner_office, kecamatan, kind, codes, n, victims, perpetrators)
    SELECT substr(OLD.intake_date, 1, 7), OLD.owner_office, coalesce(OLD.kecamatan, ''), OLD.kind, s, 1,
           coalesce(OLD.victims, 0), coalesce(OLD.perpetrators, 0)
    FROM (SELECT group_concat(code, ',' ORDER BY code) AS s FROM report_codes WHERE case_uuid = OLD.case_uuid
          AND kind = OLD.kind AND person_uuid = OLD.person_uuid)
    WHERE s IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims + excluded.victims,
        perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE month = substr(OLD.intake_date, 1, 7) AND owner_office = OLD.owner_office
        AND kecamatan = coalesce(OLD.kecamatan, '') AND kind = OLD.kind AND n = 0;
END;

-- A hand-over updates every row of the case: the set moves from the old office to the new one once, when its
-- first code's row is updated (rows of a set share their intake date, office, kecamatan and numbers).
CREATE TRIGGER report_codes_sum_upd AFTER UPDATE OF intake_date, owner_office, kecamatan ON report_codes
WHEN NEW.code = (SELECT min(code) FROM report_codes WHERE case_uuid = NEW.case_uuid AND kind = NEW.kind
                 AND person_uuid = NEW.person_uuid)
BEGIN
    INSERT INTO report_code_sums (month, owner_office, kecamatan, kind, codes, n, victims, perpetrators)
    SELECT substr(OLD.intake_date, 1, 7), OLD.owner_office, coalesce(OLD.kecamatan, ''), OLD.kind, s, -1,
           -coalesce(OLD.victims, 0), -coalesce(OLD.perpetrators, 0)
    FROM (SELECT group_concat(code, ',' ORDER BY code) AS s FROM report_codes WHERE case_uuid = NEW.case_uuid
          AND kind = NEW.kind AND person_uuid = NEW.person_uuid)
    WHERE s IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims + excluded.victims,
        perpetrators = perpetrators + excluded.perpetrators;
    INSERT INTO report_code_sums (month, owner_office, kecamatan, kind, codes, n, victims, perpetrators)
    SELECT substr(NEW.intake_date, 1, 7), NEW.owner_office, coalesce(NEW.kecamatan, ''), NEW.kind, s, 1,
           coalesce(NEW.victims, 0), coalesce(NEW.perpetrators, 0)
    FROM (SELECT group_concat(code, ',' ORDER BY code) AS s FROM report_codes WHERE case_uuid = NEW.case_uuid
          AND kind = NEW.kind AND person_uuid = NEW.person_uuid)
    WHERE s IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + excluded.n, victims = victims + excluded.victims,
        perpetrators = perpetrators + excluded.perpetrators;
    DELETE FROM report_code_sums WHERE month = substr(OLD.intake_date, 1, 7) AND owner_office = OLD.owner_office
        AND kecamatan = coalesce(OLD.kecamatan, '') AND kind = OLD.kind AND n = 0;
END;
