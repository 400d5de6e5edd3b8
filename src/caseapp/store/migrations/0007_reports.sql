-- Reports: per-case rows that statistics aggregate in SQL (codes, ages and dates only; no names, NIKs or
-- addresses), and the "sudah diinput ke SIMFONI-PPA" flag. Filled when a case is saved; cases stored before
-- this migration get their rows the first time a report is made (services/reports.py).
CREATE TABLE report_cases (
    case_uuid TEXT PRIMARY KEY REFERENCES cases (uuid) ON DELETE CASCADE,
    kecamatan TEXT,
    incident_date TEXT NOT NULL,
    intake_at TEXT NOT NULL,
    closed_on TEXT,
    police_due TEXT,
    police_reported_at TEXT
) WITHOUT ROWID;
CREATE INDEX report_cases_kecamatan ON report_cases (kecamatan);

CREATE TABLE report_people (
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    person_uuid TEXT NOT NULL,
    role TEXT NOT NULL,
    sex TEXT,
    age INTEGER,
    education TEXT,
    occupation TEXT,
    marital_status TEXT,
    disability TEXT,
    PRIMARY KEY (case_uuid, person_uuid)
) WITHOUT ROWID;

CREATE TABLE report_codes (
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    person_uuid TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (case_uuid, kind, person_uuid, code)
) WITHOUT ROWID;
CREATE INDEX report_codes_kind ON report_codes (kind, code);

CREATE TABLE simfoni_entries (
    case_uuid TEXT PRIMARY KEY REFERENCES cases (uuid) ON DELETE CASCADE,
    entered_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

-- A report selects cases by intake date, office and who may see them without reading the case rows.
CREATE INDEX cases_report ON cases (intake_date, owner_office, status, created_by, uuid);
-- The home page: open high-risk cases.
CREATE INDEX cases_open_risk ON cases (risk_level, intake_date) WHERE status != 'selesai';
