-- Order read models, SQLite 3.51. Idempotent: safe to run on every start.
-- Money is TEXT ('99.98'): SQLite's NUMERIC affinity would turn it into a binary double.
-- Instants are TEXT in fixed-width ISO-8601 UTC ('2025-06-28T10:00:00.000Z'): sortable, and SQLite's date
-- functions read them.

CREATE TABLE IF NOT EXISTS order_summary (
    order_id       TEXT    PRIMARY KEY NOT NULL,
    customer_id    TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    item_count     INTEGER NOT NULL,
    total          TEXT    NOT NULL,
    currency       TEXT    NOT NULL,
    placed_at      TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    last_sequence  INTEGER NOT NULL,
    last_event_id  TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    customer_name  TEXT,             -- from the customer replica (event-carried state transfer)
    customer_tier  TEXT,
    customer_version INTEGER NOT NULL DEFAULT 0  -- customer sequence the two were copied at
);

CREATE INDEX IF NOT EXISTS order_summary_customer ON order_summary (customer_id);

CREATE TABLE IF NOT EXISTS customer_orders (
    customer_id      TEXT    PRIMARY KEY NOT NULL,
    orders_placed    INTEGER NOT NULL,
    orders_cancelled INTEGER NOT NULL,
    lifetime_value   TEXT    NOT NULL,
    last_order_at    TEXT,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS projection_status (
    projection     TEXT    PRIMARY KEY NOT NULL,
    last_event_at  TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    lag_ms         INTEGER NOT NULL,
    events_applied INTEGER NOT NULL,
    version        INTEGER NOT NULL
);
