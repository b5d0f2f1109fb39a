package io.eventline.brokers.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/** Polls the consumers of this reader's splits on the fetcher thread, in turns of at most {@code maxWait}. */
final class BrokerSplitReader implements SplitReader<BrokerMessage, BrokerSplit> {

    private final BrokerConnector connector;
    private final String consumerPrefix;
    private final Duration maxWait;
    private final Map<String, BrokerConsumer> consumers = new LinkedHashMap<>();

    BrokerSplitReader(BrokerConnector connector, String consumerPrefix, Duration maxWait) {
        this.connector = connector;
        this.consumerPrefix = consumerPrefix;
        this.maxWait = maxWait;
    }

    @Override
    public RecordsWithSplitIds<BrokerMessage> fetch() throws java.io.IOException {
        RecordsBySplits.Builder<BrokerMessage> records = new RecordsBySplits.Builder<>();
        if (consumers.isEmpty()) {
            sleep(maxWait);
            return records.build();
        }
        Duration each = maxWait.dividedBy(consumers.size());
        for (Map.Entry<String, BrokerConsumer> entry : new ArrayList<>(consumers.entrySet())) {
            List<BrokerMessage> messages;
            try {
                messages = entry.getValue().poll(each);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while polling " + entry.getKey());
            } catch (Exception e) {
                throw new java.io.IOException("cannot poll " + connector.broker() + " split " + entry.getKey(), e);
            }
            if (messages == null) {
                records.addFinishedSplit(entry.getKey());
                consumers.remove(entry.getKey()).close();
            } else {
                records.addAll(entry.getKey(), messages);
            }
        }
        return records.build();
    }

    @Override
    public void handleSplitsChanges(SplitsChange<BrokerSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change);
        }
        for (BrokerSplit split : change.splits()) {
            try {
                consumers.put(split.splitId(), connector.open(split, consumerPrefix + "-" + split.name()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot open " + connector.broker() + " split " + split.name(), e);
            }
        }
    }

    @Override
    public void wakeUp() {
        consumers.values().forEach(BrokerConsumer::wakeUp);
    }

    @Override
    public void close() {
        consumers.values().forEach(BrokerConsumer::close);
        consumers.clear();
    }

    private static void sleep(Duration d) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }
}
