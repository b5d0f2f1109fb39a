package io.eventline.common.technical;

/**
 * One partition's offsets as the broker reports them at one moment: its log start and end offsets and the consumer
 * group's committed offset ({@link #NONE} before the group's first commit).
 */
public record PartitionOffsets(String topic, int partition, long startOffset, long endOffset, long committedOffset) {

    public static final long NONE = -1L;

    /** Records between where the group would resume and the log end (from the log start before a first commit). */
    public long lag() {
        long resumeAt = committedOffset == NONE ? startOffset : Math.max(committedOffset, startOffset);
        return Math.max(0, endOffset - resumeAt);
    }
}
