package io.eventline.common.technical;

import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The per-partition heartbeat source: a tick every interval, each tick one list of {@link PartitionSignal}s for the
 * watched topic's partitions.
 *
 * <p>Why a source of its own and not a hook in the Kafka source: inside a FLIP-27 source operator only the reader
 * sees its splits, and neither its record emitter nor the watermark generators can emit records that are not the
 * topic's (the subtask stall detector in {@code common/time} lives in the watermark generator and is metric-only, one
 * lag per subtask). Flink's own {@link DataGeneratorSource} with a {@link RateLimiterStrategy} gives a checkpointed,
 * stoppable, rate-limited tick whose generator function has a reader lifecycle (open/close for the admin client);
 * the offsets it compares are the ones the Kafka source commits on checkpoints, as an external lag monitor reads
 * them, so it reports what an operator would see, per partition, whichever source subtask reads the partition.
 */
public final class PartitionHeartbeats {

    public static final TypeInformation<List<PartitionSignal>> TYPE = Types.LIST(Types.POJO(PartitionSignal.class));

    private PartitionHeartbeats() {}

    public static DataGeneratorSource<List<PartitionSignal>> source(HeartbeatSettings settings) {
        double perSecond = 1000.0 / settings.interval().toMillis();
        return new DataGeneratorSource<>(new PartitionHeartbeatGenerator(settings), Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(perSecond), TYPE);
    }

    /** The heartbeat ticks as a stream of parallelism 1 with a stable uid. */
    public static DataStream<List<PartitionSignal>> stream(StreamExecutionEnvironment env, HeartbeatSettings settings,
            String uid) {
        return env.fromSource(source(settings), WatermarkStrategy.noWatermarks(), "partition heartbeats: " + settings.topic())
                .setParallelism(1)
                .uid(uid);
    }
}
