package io.eventline.common.technical;

/** What a partition heartbeat reports about its partition. */
public enum PartitionState {
    /** No lag and no committed-offset progress since the previous tick: nothing to read. */
    IDLE,
    /** The committed offset moved since the previous tick, or the partition has had lag for less than the stall threshold. */
    PROGRESSING,
    /** Lag, and no committed-offset progress for the stall threshold. */
    STALLED
}
