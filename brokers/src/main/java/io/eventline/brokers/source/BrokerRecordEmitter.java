package io.eventline.brokers.source;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.util.Collector;

/**
 * Decodes each message on the task thread, emits its records with the message's timestamp (the log clock of this
 * split), and notes the message for acknowledgement at the next checkpoint.
 */
final class BrokerRecordEmitter<T> implements RecordEmitter<BrokerMessage, T, BrokerSplit> {

    private final BrokerRecordDecoder<T> decoder;
    private final PendingAcks pending;
    private final TimestampedCollector<T> collector = new TimestampedCollector<>();

    BrokerRecordEmitter(BrokerRecordDecoder<T> decoder, PendingAcks pending) {
        this.decoder = decoder;
        this.pending = pending;
    }

    @Override
    public void emitRecord(BrokerMessage message, SourceOutput<T> output, BrokerSplit split) throws Exception {
        collector.output = output;
        collector.timestamp = message.timestamp();
        decoder.decode(message, collector);
        pending.emitted(message);
    }

    private static final class TimestampedCollector<T> implements Collector<T> {
        SourceOutput<T> output;
        long timestamp;

        @Override
        public void collect(T record) {
            output.collect(record, timestamp);
        }

        @Override
        public void close() {}
    }
}
