package io.eventline.common.technical;

import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One heartbeat tick: the partitions' offsets from the broker, through the stall rule, into signals. A broker call
 * that fails or times out is logged and counted and the tick yields nothing (the next tick tries again): watching the
 * source never fails the job.
 */
public final class PartitionHeartbeatProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionHeartbeatProbe.class);

    private final PartitionOffsetsReader reader;
    private final UnreadableTails tails;
    private final PartitionProgressRule rule;
    private final LongSupplier clock;
    private long failures;

    public PartitionHeartbeatProbe(HeartbeatSettings settings, LongSupplier clock) {
        this.reader = new PartitionOffsetsReader(settings);
        this.tails = new UnreadableTails(settings);
        this.rule = new PartitionProgressRule(settings.groupId(), settings.stallAfter());
        this.clock = clock;
    }

    /** This tick's signals, none when the broker could not be asked. */
    public List<PartitionSignal> tick() throws InterruptedException {
        List<PartitionOffsets> offsets;
        try {
            offsets = tails.apply(reader.read());
        } catch (InterruptedException e) {
            throw e; // the task is being cancelled
        } catch (Exception e) {
            failures++;
            LOG.warn("partition heartbeat: could not read offsets ({} failures so far), trying again next tick: {}",
                    failures, e.toString());
            return List.of();
        }
        return rule.observe(offsets, clock.getAsLong());
    }

    /** Ticks whose broker calls failed. */
    public long failures() {
        return failures;
    }

    public long stalledPartitions() {
        return rule.stalledPartitions();
    }

    @Override
    public void close() {
        try (reader) {
            tails.close();
        }
    }
}
