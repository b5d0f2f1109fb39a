-- Order read models, PostgreSQL 15. Idempotent: safe to run on every start.
-- Rows are absolute snapshots written by version-guarded upserts (see common/.../sink/UpsertTable.java).

CREATE TABLE IF NOT EXISTS order_summary (
    order_id       TEXT           PRIMARY KEY,
    customer_id    TEXT           NOT NULL,
    status         TEXT           NOT NULL,  -- placed, paid, payment_failed, shipped, delivered, cancelled
    item_count     INTEGER        NOT NULL,  -- units: sum of line-item quantities
    total          NUMERIC(18, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    placed_at      TIMESTAMPTZ    NOT NULL,
    updated_at     TIMESTAMPTZ    NOT NULL,  -- occurrence time of the last applied event
    last_sequence  BIGINT         NOT NULL,
    last_event_id  TEXT           NOT NULL,
    version        BIGINT         NOT NULL,
    customer_name  TEXT,                     -- from the customer replica (event-carried state transfer)
    customer_tier  TEXT,
    customer_version BIGINT       NOT NULL DEFAULT 0  -- customer sequence the two were copied at
);

CREATE INDEX IF NOT EXISTS order_summary_customer ON order_summary (customer_id);

CREATE TABLE IF NOT EXISTS customer_orders (
    customer_id      TEXT           PRIMARY KEY,
    orders_placed    INTEGER        NOT NULL,
    orders_cancelled INTEGER        NOT NULL,
    lifetime_value   NUMERIC(18, 2) NOT NULL,  -- totals of paid, shipped or delivered orders
    last_order_at    TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ    NOT NULL,
    version          BIGINT         NOT NULL
);

CREATE TABLE IF NOT EXISTS projection_status (
    projection     TEXT        PRIMARY KEY,
    last_event_at  TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    lag_ms         BIGINT      NOT NULL,
    events_applied BIGINT      NOT NULL,
    version        BIGINT      NOT NULL
);

-- Upgrade of an order_summary created before the customer columns (issue 17; SQLite has no ADD COLUMN IF NOT EXISTS: see README "Replicated customers").
ALTER TABLE order_summary ADD COLUMN IF NOT EXISTS customer_name TEXT;
ALTER TABLE order_summary ADD COLUMN IF NOT EXISTS customer_tier TEXT;
ALTER TABLE order_summary ADD COLUMN IF NOT EXISTS customer_version BIGINT NOT NULL DEFAULT 0;
