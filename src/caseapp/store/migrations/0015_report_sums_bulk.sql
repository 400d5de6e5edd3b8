-- Bulk inserts of new cases (cases_repo.insert_cases_bulk, i.e. an import) add to the report summaries of
-- migration "report_sums" with one aggregated statement per summary table over the new cases
-- (reports_repo.write_rows_bulk) instead of one upsert per report row from the insert triggers.
-- While report_sums_bulk holds its row, the insert triggers do nothing. The bulk path adds the row, inserts the
-- report rows, adds their sums and deletes the row, all inside its caller's transaction: a rollback or a crash takes
-- the row away with everything else, and no other connection ever sees it. Delete and update triggers are unchanged.
CREATE TABLE report_sums_bulk (
    one INTEGER PRIMARY KEY CHECK (one = 1)
);

DROP TRIGGER report_cases_sum_ins;
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

DROP TRIGGER report_people_sum_ins;
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

DROP TRIGGER report_codes_sum_ins;
CREATE TRIGGER report_codes_sum_ins AFTER INSERT ON report_codes
WHEN NOT EXISTS (SELECT 1 FROM report_sums_bulk) BEGIN
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
