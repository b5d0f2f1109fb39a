-- Audit stream of applied events (--audit-table), PostgreSQL 15. Idempotent: safe to run on every start.
-- One row per event a job applied; written once (version is always 1, so a replay leaves the row as it is).

CREATE TABLE IF NOT EXISTS event_audit (
    job_name        TEXT        NOT NULL,
    event_id        TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    aggregate_type  TEXT        NOT NULL,
    aggregate_id    TEXT        NOT NULL,
    sequence_number BIGINT,                  -- null for integration events
    causation_id    TEXT,
    correlation_id  TEXT,
    applied_at      TIMESTAMPTZ NOT NULL,    -- log time (source record timestamp) of the application
    job_version     TEXT        NOT NULL,
    version         BIGINT      NOT NULL,
    PRIMARY KEY (job_name, event_id)
);

CREATE INDEX IF NOT EXISTS event_audit_aggregate ON event_audit (aggregate_id, sequence_number);
