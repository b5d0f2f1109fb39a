-- Transactional outbox (issue 15): the order service's business table, the per-aggregate sequence and the
-- outbox the relay job publishes. Idempotent: safe to run on every start. PostgreSQL 13+ (xid8).

-- The business table of the order service (the command side). Only what the commands check.
CREATE TABLE IF NOT EXISTS orders (
    order_id        TEXT PRIMARY KEY,
    customer_id     TEXT NOT NULL,
    status          TEXT NOT NULL,
    item_count      INTEGER NOT NULL,
    total           NUMERIC(18, 2) NOT NULL,
    currency        TEXT NOT NULL,
    payment_id      TEXT,
    carrier         TEXT,
    tracking_number TEXT,
    cancel_reason   TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The last sequence number given to each aggregate: incremented inside the writing transaction, so a rolled
-- back transaction gives its number back and the numbers stay gap-free.
CREATE TABLE IF NOT EXISTS aggregate_sequence (
    aggregate_type TEXT NOT NULL,
    aggregate_id   TEXT NOT NULL,
    last_sequence  BIGINT NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id)
);

-- One row per event. txid is the writing transaction's id (64-bit, never wraps): the relay reads only rows
-- whose txid is below the oldest transaction still in flight, in (txid, id) order (see OutboxQueries).
-- payload is the whole EventEnvelope in Avro single-object encoding (schema fingerprint + binary).
CREATE TABLE IF NOT EXISTS outbox (
    id              BIGSERIAL PRIMARY KEY,
    txid            XID8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id        TEXT NOT NULL UNIQUE,
    aggregate_type  TEXT NOT NULL,
    aggregate_id    TEXT NOT NULL,
    sequence_number BIGINT NOT NULL,
    event_type      TEXT NOT NULL,
    version         TEXT NOT NULL,
    payload         BYTEA NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    published_at    TIMESTAMPTZ,
    UNIQUE (aggregate_type, aggregate_id, sequence_number)
);
-- The relay's read order.
CREATE INDEX IF NOT EXISTS outbox_relay_order ON outbox (txid, id);
-- Lag (oldest unpublished row, count) and cleanup of published rows.
CREATE INDEX IF NOT EXISTS outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
