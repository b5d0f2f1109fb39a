package io.eventline.outbox.relay;

import io.eventline.events.EventEnvelope;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * A FLIP-27 source over the PostgreSQL outbox table: one split whose state is the (txid, id) position, read in
 * commit-safe order (see {@link OutboxQueries} for the method and its proof sketch), unbounded.
 *
 * <h2>Why not Debezium CDC</h2>
 * debezium-embedded with debezium-connector-postgres 3.x (on Maven Central) would read the WAL through a logical
 * replication slot: commit order for free, no polling, no xmin stall behind long transactions, and deletes would
 * not need a second statement. What it costs here: a replication slot that retains WAL without bound while the
 * relay is down (a disk-filling failure mode of its own), {@code wal_level=logical} and a replication role on the
 * business database, Debezium's own offset store to reconcile with Flink checkpoints (the embedded engine commits
 * offsets on its own schedule; exactly-once needs the offset in Flink state and a slot that can be rewound to it,
 * which is what Flink CDC does and Flink CDC does not run on Flink 2.x yet), Kafka Connect's runtime and its
 * dependency tree in the job jar, and a decoder for pgoutput rows back into our envelope. The polling query
 * needs none of that, is ~300 lines, works on any PostgreSQL 13+ with a plain user, and its position is one pair
 * of longs in Flink state. Debezium becomes the better choice when many tables must be relayed, when polling load
 * matters, or when a second consumer of the same changes exists.
 */
public final class OutboxSource implements Source<EventEnvelope, OutboxSplit, OutboxEnumeratorState>,
        ResultTypeQueryable<EventEnvelope> {

    private static final long serialVersionUID = 1L;

    private final OutboxSourceSettings settings;

    public OutboxSource(OutboxSourceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<EventEnvelope, OutboxSplit> createReader(SourceReaderContext context) {
        OutboxLagGauges lag = new OutboxLagGauges();
        lag.register(context.metricGroup());
        return new OutboxSourceReader(settings, lag, context);
    }

    @Override
    public SplitEnumerator<OutboxSplit, OutboxEnumeratorState> createEnumerator(
            SplitEnumeratorContext<OutboxSplit> context) {
        return new OutboxEnumerator(context, new OutboxSplit(OutboxPosition.START));
    }

    @Override
    public SplitEnumerator<OutboxSplit, OutboxEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<OutboxSplit> context, OutboxEnumeratorState checkpoint) {
        return new OutboxEnumerator(context, checkpoint.unassigned());
    }

    @Override
    public SimpleVersionedSerializer<OutboxSplit> getSplitSerializer() {
        return OutboxSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<OutboxEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new OutboxEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<EventEnvelope> getProducedType() {
        return new AvroTypeInfo<>(EventEnvelope.class);
    }
}
