package io.eventline.history.state;

/**
 * One aggregate's ordering state as a savepoint holds it. A POJO of plain fields (Flink serializes it without Kryo);
 * lists are kept as comma-separated text for the same reason.
 */
public class AggregateState {
    public String aggregateId;
    /** Every number below this one was applied or skipped. */
    public long nextExpected;
    /** Sequence numbers waiting in the buffer, ascending, e.g. {@code "3,4"}; empty when none. */
    public String bufferedSequences = "";
    /** The waiting events' ids, in the same order. */
    public String bufferedEventIds = "";
    public int buffered;
    public long bufferedBytes;
    public boolean parked;
    /** The lowest held number (a poison event upstream), 0 if none. */
    public long heldAt;
    /** Held numbers with their dead-letter references, e.g. {@code "2=orders:0:17"}. */
    public String holds = "";
    public int skippedRanges;
    /** Log time (epoch millis) at which the open gap's timer fires, 0 if none. */
    public long gapTimerAt;
    /** The latest record time this aggregate has seen (epoch millis). */
    public long lastActivityAt;

    public AggregateState() {}

    public boolean isWaiting() {
        return buffered > 0 || parked || heldAt > 0;
    }
}
