package io.eventline.outbox.relay;

import io.eventline.events.EventEnvelope;

/** One outbox row as fetched: its place in the read order and the decoded envelope. Never leaves the reader. */
record OutboxRecord(long txid, long id, EventEnvelope event) {}
