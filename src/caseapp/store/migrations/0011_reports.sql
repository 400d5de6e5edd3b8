-- Reports: per-case rows that statistics aggregate in SQL (codes, ages and dates only; no names, NIKs or
-- addresses), and the "sudah diinput ke SIMFONI-PPA" flag. Filled when a case is saved; cases stored before
-- this migration get their rows the first time a report is made (services/reports.py).
-- Every row starts with the intake date, the case, the owning office and the kecamatan, and the tables are
-- ordered by intake date: a report reads each table once over its period and groups on the row's own columns.
CREATE TABLE report_cases (
    intake_date TEXT NOT NULL,
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    owner_office TEXT NOT NULL,
    kecamatan TEXT,
    status TEXT NOT NULL,
    incident_date TEXT NOT NULL,
    intake_at TEXT NOT NULL,
    closed_on TEXT,
    police_due TEXT,
    police_reported_at TEXT,
    PRIMARY KEY (intake_date, case_uuid)
) WITHOUT ROWID;
CREATE UNIQUE INDEX report_cases_case ON report_cases (case_uuid);

CREATE TABLE report_people (
    intake_date TEXT NOT NULL,
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    owner_office TEXT NOT NULL,
    kecamatan TEXT,
    person_uuid TEXT NOT NULL,
    role TEXT NOT NULL,
    sex TEXT,
    age INTEGER,
    education TEXT,
    occupation TEXT,
    marital_status TEXT,
    disability TEXT,
    PRIMARY KEY (intake_date, case_uuid, person_uuid)
) WITHOUT ROWID;
CREATE INDEX report_people_case ON report_people (case_uuid);

-- kind: violence (victims/perpetrators: the case's numbers), place, service (case level, person_uuid ''),
-- relationship and disability_type (per victim).
CREATE TABLE report_codes (
    intake_date TEXT NOT NULL,
    case_uuid TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,
    owner_office TEXT NOT NULL,
    kecamatan TEXT,
    kind TEXT NOT NULL,
    person_uuid TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL,
    victims INTEGER,
    perpetrators INTEGER,
    PRIMARY KEY (intake_date, case_uuid, kind, person_uuid, code)
) WITHOUT ROWID;
CREATE INDEX report_codes_case ON report_codes (case_uuid);

CREATE TABLE simfoni_entries (
    case_uuid TEXT PRIMARY KEY REFERENCES cases (uuid) ON DELETE CASCADE,
    entered_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

-- The home page: open high-risk cases.
CREATE INDEX cases_open_risk ON cases (risk_level, intake_date) WHERE status != 'selesai';
