package io.eventline.bench;

/**
 * The Kafka record timestamps of the backlog: a synthetic log clock that advances by a fixed step per record sent,
 * {@code logRate} records per second of log time, ending at the moment the backlog is produced.
 *
 * <p>Why not the events' own occurrence times: the job's gap timeout runs on the log's clock (record timestamps as
 * watermarks), and the workload's occurrence times are EPOCH + 7 s per order index + 10 min per sequence number, so
 * consecutive records differ by hours of "log time". A merely displaced event then arrived hours of log time after
 * its successor, its gap had expired, and it was dead-lettered {@code late-after-skip} (the quick mode's "a few
 * orders one version short"). Why not the wall clock at send: the decisions would depend on how fast this machine
 * produced the backlog; with a fixed step they depend only on the records, as on a real log, and a run is
 * repeatable. The step also fixes what a gap timeout means in records: {@code gapTimeout × logRate} records, against
 * which the workload's displacements (at most {@code holdWindow} records; the displaced backlog's distance) must be
 * small.
 */
final class BacklogLogTime {

    private final double stepMillis;
    private final long start;
    private long sent;

    /**
     * @param logRate records per second of log time
     * @param records about how many records follow (the log ends near {@code now}: later records, e.g. the latency
     *     phase's on the wall clock, are after it)
     */
    BacklogLogTime(double logRate, long records, long nowMillis) {
        if (!(logRate > 0)) {
            throw new IllegalArgumentException("log rate must be positive: " + logRate);
        }
        this.stepMillis = 1000.0 / logRate;
        this.start = nowMillis - (long) Math.ceil(records * stepMillis) - 1;
    }

    /** The record timestamp of the next record. */
    long next() {
        return start + (long) (sent++ * stepMillis);
    }
}
