-- The saga_instance read model: one row per saga, the absolute state after its last transition.
CREATE TABLE IF NOT EXISTS saga_instance (
    saga_id        TEXT PRIMARY KEY,
    saga_type      TEXT NOT NULL,
    state          TEXT NOT NULL,          -- RUNNING, COMPENSATING, COMPLETED, COMPENSATED, STUCK
    current_step   TEXT,                   -- the step running or being compensated; null once final
    attempts       INTEGER NOT NULL,       -- attempts of the current command
    deadline       TIMESTAMPTZ,            -- when the current command times out; null when nothing waits
    compensated    INTEGER NOT NULL,       -- compensations acknowledged ...
    to_compensate  INTEGER NOT NULL,       -- ... of this many
    last_error     TEXT,
    started_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    version        BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS saga_instance_state ON saga_instance (state, deadline);
