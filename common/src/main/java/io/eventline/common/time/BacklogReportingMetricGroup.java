package io.eventline.common.time;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

/**
 * A reader's metric group, unchanged except that two gauges also go to a backlog: the standard
 * {@code pendingRecords}, and the Kafka consumer's {@code fetch-total} (registered by the Kafka source under
 * {@code KafkaSourceReader.KafkaConsumer}), whose progress shows that the lag is fresh (the consumer still talks to
 * the broker).
 */
final class BacklogReportingMetricGroup extends ForwardingMetricGroup implements SourceReaderMetricGroup {

    static final String KAFKA_READER_GROUP = "KafkaSourceReader";
    static final String KAFKA_CONSUMER_GROUP = "KafkaConsumer";
    static final String KAFKA_FETCH_TOTAL = "fetch-total";

    private final SourceReaderMetricGroup group;
    private final SourceBacklog backlog;

    BacklogReportingMetricGroup(SourceReaderMetricGroup group, SourceBacklog backlog) {
        super(group);
        this.group = group;
        this.backlog = backlog;
    }

    @Override
    public void setPendingRecordsGauge(Gauge<Long> pendingRecordsGauge) {
        backlog.report(pendingRecordsGauge);
        group.setPendingRecordsGauge(pendingRecordsGauge);
    }

    @Override
    public MetricGroup addGroup(String name) {
        MetricGroup added = super.addGroup(name);
        return KAFKA_READER_GROUP.equals(name) ? new KafkaReaderGroup(added, backlog) : added;
    }

    @Override
    public Counter getNumRecordsInErrorsCounter() {
        return group.getNumRecordsInErrorsCounter();
    }

    @Override
    public void setPendingBytesGauge(Gauge<Long> pendingBytesGauge) {
        group.setPendingBytesGauge(pendingBytesGauge);
    }

    @Override
    public OperatorIOMetricGroup getIOMetricGroup() {
        return group.getIOMetricGroup();
    }

    /** {@code KafkaSourceReader}: passes its {@code KafkaConsumer} subgroup's fetch count to the backlog. */
    private static final class KafkaReaderGroup extends ForwardingMetricGroup {
        private final SourceBacklog backlog;

        KafkaReaderGroup(MetricGroup group, SourceBacklog backlog) {
            super(group);
            this.backlog = backlog;
        }

        @Override
        public MetricGroup addGroup(String name) {
            MetricGroup added = super.addGroup(name);
            return KAFKA_CONSUMER_GROUP.equals(name) ? new ForwardingMetricGroup(added) {
                @Override
                public <T, G extends Gauge<T>> G gauge(String metric, G gauge) {
                    if (KAFKA_FETCH_TOTAL.equals(metric)) {
                        backlog.reportFetches(gauge);
                    }
                    return super.gauge(metric, gauge);
                }
            } : added;
        }
    }
}
