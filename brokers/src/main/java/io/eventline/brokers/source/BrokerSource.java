package io.eventline.brokers.source;

import java.time.Duration;
import java.util.List;
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

/**
 * A FLIP-27 source over a broker that keeps the consumer's position itself (RabbitMQ, Redis Streams consumer
 * groups, NATS JetStream durable consumers): splits are the queues or streams, handed out statically; messages are
 * acknowledged when the checkpoint covering them completes, so after a failure the broker redelivers exactly what
 * the restored job has not durably processed. Flink 2.x has no maintained connector for these brokers, hence this
 * one on their official clients, on Flink's own connector base ({@code SingleThreadMultiplexSourceReaderBase}).
 *
 * @param <T> what the decoder makes of a message (for the jobs: an event or a dead letter)
 */
public final class BrokerSource<T> implements Source<T, BrokerSplit, List<BrokerSplit>>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final BrokerConnector connector;
    private final BrokerRecordDecoder<T> decoder;
    private final String consumerPrefix;
    private final Duration pollTimeout;

    /**
     * @param consumerPrefix stable name of this job's consumers (Redis consumer names are {@code prefix-split})
     */
    public BrokerSource(BrokerConnector connector, BrokerRecordDecoder<T> decoder, String consumerPrefix) {
        this(connector, decoder, consumerPrefix, Duration.ofMillis(200));
    }

    public BrokerSource(BrokerConnector connector, BrokerRecordDecoder<T> decoder, String consumerPrefix,
            Duration pollTimeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.consumerPrefix = Objects.requireNonNull(consumerPrefix, "consumerPrefix");
        this.pollTimeout = pollTimeout;
        if (connector.splits().isEmpty()) {
            throw new IllegalArgumentException("no " + connector.broker() + " queue or stream to consume");
        }
    }

    @Override
    public Boundedness getBoundedness() {
        return connector.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, BrokerSplit> createReader(SourceReaderContext context) {
        return new BrokerSourceReader<>(connector, decoder, pollTimeout, consumerPrefix, context, new PendingAcks());
    }

    @Override
    public SplitEnumerator<BrokerSplit, List<BrokerSplit>> createEnumerator(SplitEnumeratorContext<BrokerSplit> context) {
        return new StaticSplitEnumerator(context, connector.splits(), connector.bounded());
    }

    @Override
    public SplitEnumerator<BrokerSplit, List<BrokerSplit>> restoreEnumerator(
            SplitEnumeratorContext<BrokerSplit> context, List<BrokerSplit> checkpoint) {
        return new StaticSplitEnumerator(context, checkpoint, connector.bounded());
    }

    @Override
    public SimpleVersionedSerializer<BrokerSplit> getSplitSerializer() {
        return BrokerSplitSerializer.SPLIT;
    }

    @Override
    public SimpleVersionedSerializer<List<BrokerSplit>> getEnumeratorCheckpointSerializer() {
        return BrokerSplitSerializer.UNASSIGNED;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return decoder.producedType();
    }

    public String broker() {
        return connector.broker();
    }
}
