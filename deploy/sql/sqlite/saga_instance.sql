-- The saga_instance read model: one row per saga, the absolute state after its last transition.
-- Times are ISO-8601 UTC text, as in the other SQLite read models.
CREATE TABLE IF NOT EXISTS saga_instance (
    saga_id        TEXT PRIMARY KEY,
    saga_type      TEXT NOT NULL,
    state          TEXT NOT NULL,
    current_step   TEXT,
    attempts       INTEGER NOT NULL,
    deadline       TEXT,
    compensated    INTEGER NOT NULL,
    to_compensate  INTEGER NOT NULL,
    last_error     TEXT,
    started_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS saga_instance_state ON saga_instance (state, deadline);
