-- Audit stream of applied events (--audit-table), SQLite 3.51. Idempotent: safe to run on every start.
-- One row per event a job applied; written once (version is always 1, so a replay leaves the row as it is).
-- Instants are TEXT in fixed-width ISO-8601 UTC, as in 001_read_models.sql.

CREATE TABLE IF NOT EXISTS event_audit (
    job_name        TEXT    NOT NULL,
    event_id        TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    aggregate_type  TEXT    NOT NULL,
    aggregate_id    TEXT    NOT NULL,
    sequence_number INTEGER,
    causation_id    TEXT,
    correlation_id  TEXT,
    applied_at      TEXT    NOT NULL,
    job_version     TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    PRIMARY KEY (job_name, event_id)
);

CREATE INDEX IF NOT EXISTS event_audit_aggregate ON event_audit (aggregate_id, sequence_number);
