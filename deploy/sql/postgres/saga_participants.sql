-- The order-fulfilment saga's participants. Each owns its tables; every one remembers the commands it
-- processed (and the reply it gave), so a redelivered command is answered again, never applied twice.
CREATE TABLE IF NOT EXISTS inventory_stock (
    sku        TEXT PRIMARY KEY,
    available  INTEGER NOT NULL CHECK (available >= 0)   -- stock can never go negative
);
CREATE TABLE IF NOT EXISTS inventory_reservations (
    saga_id    TEXT PRIMARY KEY,
    items      TEXT NOT NULL,                            -- sku:quantity,... ('' for a release that came first)
    status     TEXT NOT NULL                             -- HELD, RELEASED
);
CREATE TABLE IF NOT EXISTS inventory_commands (
    command_id TEXT PRIMARY KEY, reply_id TEXT NOT NULL, reply_type TEXT NOT NULL, reason TEXT
);

CREATE TABLE IF NOT EXISTS payment_limits (
    customer_id TEXT PRIMARY KEY,
    max_amount  NUMERIC(18, 2) NOT NULL
);
CREATE TABLE IF NOT EXISTS payment_authorizations (
    saga_id     TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    amount      NUMERIC(18, 2) NOT NULL,
    currency    TEXT NOT NULL,
    status      TEXT NOT NULL                            -- AUTHORIZED, VOIDED
);
CREATE TABLE IF NOT EXISTS payment_commands (
    command_id TEXT PRIMARY KEY, reply_id TEXT NOT NULL, reply_type TEXT NOT NULL, reason TEXT
);

CREATE TABLE IF NOT EXISTS shipping_blocked_skus (
    sku        TEXT PRIMARY KEY                          -- items no carrier takes
);
CREATE TABLE IF NOT EXISTS shipping_shipments (
    saga_id    TEXT PRIMARY KEY,
    tracking   TEXT NOT NULL,
    status     TEXT NOT NULL                             -- ARRANGED, CANCELLED
);
CREATE TABLE IF NOT EXISTS shipping_commands (
    command_id TEXT PRIMARY KEY, reply_id TEXT NOT NULL, reply_type TEXT NOT NULL, reason TEXT
);
