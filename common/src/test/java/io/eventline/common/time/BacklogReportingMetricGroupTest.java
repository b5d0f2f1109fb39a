package io.eventline.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.flink.connector.kafka.source.metrics.KafkaSourceReaderMetrics;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The Kafka source's own metric registration reaches the backlog (the names are the connector's, not ours). */
class BacklogReportingMetricGroupTest {

    private long nanos;

    @Test
    void theKafkaConsumersFetchCountReachesTheBacklog() {
        SourceBacklog backlog = new SourceBacklog(() -> nanos);
        BacklogReportingMetricGroup group =
                new BacklogReportingMetricGroup(UnregisteredMetricsGroup.createSourceReaderMetricGroup(), backlog);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // never reached: no fetch completes
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            new KafkaSourceReaderMetrics(group).registerKafkaConsumerMetrics(consumer);
            backlog.report(() -> 0L);
            assertThat(backlog.state()).isEqualTo(SourceBacklog.State.CAUGHT_UP);
            nanos += SourceBacklog.FRESH_FETCH_NANOS + 1;
            // Had fetch-total not been captured, the lag alone (0) would still say caught up.
            assertThat(backlog.state()).isEqualTo(SourceBacklog.State.UNKNOWN);
        }
    }
}
