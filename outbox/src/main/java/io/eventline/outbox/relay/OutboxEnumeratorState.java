package io.eventline.outbox.relay;

/**
 * The enumerator's checkpoint: the split when no reader holds it (before the first assignment, or given back
 * after a failure), otherwise {@code null} (the reader's state holds it).
 */
public record OutboxEnumeratorState(OutboxSplit unassigned) {}
