package io.eventline.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The log clock wired to a real Kafka source: the reader's consumer lag reaches the split watermark generators
 * through {@link LogClock}, so at the end of a backlog (an hour old) the empty partition is marked idle after
 * {@code idleAfter} and the read one's clock runs on from its last record. Were the reader's backlog not shared with
 * the generators (nothing reported), the read partition would never fall back and the empty one would wait 30 s.
 */
class LogClockITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final AtomicLong WATERMARK = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong RECORDS = new AtomicLong();

    @Test
    void atTheEndOfABacklogTheClockFallsBackOnlyOnceTheReaderReportsItIsCaughtUp() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String topic = "log-clock-" + System.nanoTime();
        kafka.createTopics(2, topic);
        long t0 = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) { // all into partition 0: partition 1 stays empty
                producer.send(new ProducerRecord<>(topic, 0, t0 + i, "k", "v" + i));
            }
        }

        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId("log-clock")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        LogClock<String, ?, ?> clock = LogClock.of(source, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().setAutoWatermarkInterval(100);
        env.fromSource(clock.source(), clock.watermarks(), "kafka")
                .transform("watermarks", Types.STRING, new WatermarkRecorder());
        JobClient job = env.executeAsync("log clock");
        try {
            // Unshared, the read partition's clock would stay at t0 + 98 for good (nothing reported: no fallback).
            Awaitility.await().atMost(Duration.ofSeconds(25)).until(() -> WATERMARK.get() > t0 + 99);
            assertThat(RECORDS.get()).isEqualTo(100);
        } finally {
            job.cancel().get();
        }
    }

    /** Records the operator's input watermark and counts the records. */
    private static final class WatermarkRecorder extends AbstractStreamOperator<String>
            implements OneInputStreamOperator<String, String> {

        @Override
        public void processElement(StreamRecord<String> element) {
            RECORDS.incrementAndGet();
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            WATERMARK.set(mark.getTimestamp());
            super.processWatermark(mark);
        }
    }
}
