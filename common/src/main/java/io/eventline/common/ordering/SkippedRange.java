package io.eventline.common.ordering;

/**
 * A run of sequence numbers given up on, kept for {@code dedupeTtl} under its first number so that a missing
 * event arriving late is reported as late rather than as a conflict. A Flink POJO.
 */
public class SkippedRange {

    public long last;
    public long skippedAt;

    public SkippedRange() {}

    SkippedRange(long last, long skippedAt) {
        this.last = last;
        this.skippedAt = skippedAt;
    }
}
