package io.eventline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.deadletter.DeadLetter;
import io.eventline.testkit.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retry topics through the real broker and the real HTTP order API: in-operator retries cut to 2 attempts, retry
 topics of 1 s, 2 s and 8 s (the job's production wiring, its own topics created at start). An outage longer than
 * the in-operator budget sends notifications through the retry topics; they all end enriched, exactly once, in
 * sequence per order. A lookup that keeps failing passes every retry topic and ends in the DLQ with its history,
 * and the order's later notification, held behind it, follows it there in order.
 */
class NotificationRetryTopicsITCase {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int ORDERS = 6;
    private static final String[] TYPES = {"OrderPlacedNotification", "OrderPaidNotification", "OrderShippedNotification"};

    static final EmbeddedKafka KAFKA = EmbeddedKafka.shared();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void anOutagePastTheInOperatorRetriesGoesThroughRetryTopicsAndAPermanentFailureEndsInTheDlq() throws Exception {
        String topic = "retry-notifications-" + System.nanoTime();
        String outputTopic = topic + ".enriched";
        KAFKA.createTopics(2, topic, outputTopic, topic + ".dlq");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        JobClient job = null;
        try (OrderApiService api = new OrderApiService();
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
                TopicTail output = new TopicTail(KAFKA.bootstrapServers(), outputTopic, 2);
                TopicTail deadLetters = new TopicTail(KAFKA.bootstrapServers(), topic + ".dlq", 2)) {
            job = NotificationJobITCase.startJob("notification-retry-topics-it",
                    "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", topic, "--output-topic", outputTopic,
                    "--group-id", topic, "--details-url", api.url(), "--starting-offsets", "earliest",
                    "--call-timeout", "PT0.5S", "--max-attempts", "2", "--initial-backoff", "PT0.05S",
                    "--max-backoff", "PT0.1S", "--operator-timeout", "PT30S", "--capacity", "20",
                    "--breaker-window", "4", "--breaker-open-wait", "PT0.5S", "--retry-delays", "PT1S,PT2S,PT8S",
                    "--checkpoint-interval", "PT0.5S", "--parallelism", "2");
            TopicTail firstRetryTopic = new TopicTail(KAFKA.bootstrapServers(), topic + ".retry-1s", 2);

            // 1. the API down for 2 s: longer than 2 attempts 50-100 ms apart, shorter than the retry topics' 11 s (room for a breaker still open)
            List<EnrichedNotification> expected = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                api.put("out-ord-" + i, "cust-" + i, "Customer " + i, "paid", 1 + i % 3, (10 + i) + ".50");
            }
            api.outage();
            long start = System.nanoTime();
            for (int seq = 1; seq <= 3; seq++) {
                for (int i = 0; i < ORDERS; i++) {
                    String id = "out-ord-" + i;
                    String eventId = "evt-" + id + "-" + seq;
                    producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                            NotificationJobITCase.json(eventId, TYPES[seq - 1], id, seq)));
                    expected.add(NotificationJobITCase.enriched(eventId, TYPES[seq - 1], id, seq, "cust-" + i,
                            "Customer " + i, "paid", 1 + i % 3, (10 + i) + ".50"));
                }
            }
            producer.flush();
            // every order's first notification reaches the first retry topic while the API is down
            firstRetryTopic.await(r -> key(r).startsWith("out-"), ORDERS, WAIT);
            Thread.sleep(Math.max(0, 2_000 - (System.nanoTime() - start) / 1_000_000));
            assertThat(output.matching(r -> true)).as("published during the outage").isEmpty();
            api.recover();

            List<TopicTail.Received> received;
            try {
                received = output.await(r -> key(r).startsWith("out-"), expected.size(), WAIT);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; published " + output.matching(r -> true).stream()
                        .map(r -> new String(r.record().value(), StandardCharsets.UTF_8).replaceAll(",\"order\".*", ""))
                        .sorted().toList() + "; first retry topic " + firstRetryTopic.matching(r -> true).stream()
                        .map(r -> new String(r.record().value(), StandardCharsets.UTF_8)).toList()
                        + "; dead letters " + deadLetters.matching(r -> true).stream()
                        .map(r -> header(r, "dlq-reason") + " " + header(r, "dlq-event-id")).toList(), e);
            }
            List<EnrichedNotification> got = new ArrayList<>();
            Map<String, List<Long>> sequences = new LinkedHashMap<>();
            for (TopicTail.Received r : received) {
                EnrichedNotification e = NotificationJson.MAPPER.readValue(r.record().value(), EnrichedNotification.class);
                got.add(e);
                sequences.computeIfAbsent(e.orderId, k -> new ArrayList<>()).add(e.sequenceNumber);
            }
            assertThat(got).containsExactlyInAnyOrderElementsOf(expected); // none lost, none twice, exact fields
            assertThat(sequences).hasSize(ORDERS)
                    .allSatisfy((order, seqs) -> assertThat(seqs).as(order).containsExactly(1L, 2L, 3L));
            List<TopicTail.Received> retried = firstRetryTopic.matching(r -> key(r).startsWith("out-"));
            assertThat(retried).allSatisfy(r -> {
                // a first retry, or a re-lookup at once of one that waited behind another (no retry topic used yet)
                assertThat(header(r.record(), RetryHeaders.RETRIES)).isIn("0", "1");
                assertThat(Integer.parseInt(header(r.record(), RetryHeaders.ATTEMPTS)))
                        .isEqualTo(2 * (int) header(r.record(), RetryHeaders.FAILURES).lines().count());
                assertThat(header(r.record(), RetryHeaders.ORIGINAL_TOPIC)).isEqualTo(topic);
                assertThat(header(r.record(), RetryHeaders.REASON)).isIn("connect", "circuit-open", "timeout", "io");
            });
            System.out.printf("retry topics: %d notifications through %s, all %d enriched %.1f s after the outage began%n",
                    retried.size(), topic + ".retry-1s", got.size(),
                    (received.stream().mapToLong(TopicTail.Received::atNanos).max().orElseThrow() - start) / 1e9);
            assertThat(deadLetters.matching(r -> !"dead-ord-1".equals(header(r, "dlq-aggregate-id")))).isEmpty();

            // 2. an order whose lookups always fail (after 1: its 503s would open the breaker for the others too): its
            // first notification passes all three retry topics and is dead-lettered with its history; its second
            // waits behind it, is looked up again at once when it is released, then passes the retry topics too
            api.put("dead-ord-1", "cust-9", "Customer 9", "paid", 1, "1.00");
            api.failing.add("dead-ord-1");
            for (int seq = 1; seq <= 2; seq++) {
                producer.send(new ProducerRecord<>(topic, "dead-ord-1".getBytes(StandardCharsets.UTF_8),
                        NotificationJobITCase.json("evt-dead-" + seq, TYPES[seq - 1], "dead-ord-1", seq)));
            }
            producer.flush();
            List<TopicTail.Received> letters = deadLetters.await(r -> true, 2, WAIT);
            List<DeadLetter> decoded = new ArrayList<>();
            for (TopicTail.Received r : letters) {
                decoded.add(DeadLetter.getDecoder().decode(r.record().value()));
            }
            assertThat(decoded).extracting(d -> d.getEventId().toString(), d -> d.getStage().toString(),
                            d -> d.getReason().toString(), DeadLetter::getAttempt, d -> d.getSourceTopic().toString())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("evt-dead-1", "enrich", "retries-exhausted", 8, topic),
                            // 2 attempts while it waited, 2 at once on release, then 2 per retry topic
                            org.assertj.core.groups.Tuple.tuple("evt-dead-2", "enrich", "retries-exhausted", 10, topic));
            for (DeadLetter d : decoded) {
                String failures = headerValue(d, RetryHeaders.FAILURES);
                assertThat(failures.lines()).hasSize(d.getAttempt() / 2).allSatisfy(line -> assertThat(line).matches("\\d+ (http-5xx|circuit-open|connect|timeout|io): .*"));
                assertThat(headerValue(d, RetryHeaders.RETRIES)).isEqualTo("3");
                assertThat(headerValue(d, RetryHeaders.ATTEMPTS)).isEqualTo(String.valueOf(d.getAttempt()));
                assertThat(Long.parseLong(headerValue(d, RetryHeaders.FIRST_FAILURE_AT)))
                        .isEqualTo(Long.parseLong(failures.lines().findFirst().orElseThrow().split(" ")[0]));
                assertThat(d.getMessage().toString()).contains("3 retry topics [" + topic + ".retry-1s, "
                        + topic + ".retry-2s, " + topic + ".retry-8s]");
            }
            // the retries waited their delays: 1 + 2 + 8 s at least between the first and the last failure
            List<Long> times = headerValue(decoded.get(0), RetryHeaders.FAILURES).lines()
                    .map(l -> Long.parseLong(l.split(" ")[0])).toList();
            assertThat(times.get(3) - times.get(0)).isGreaterThanOrEqualTo(11_000);
            assertThat(output.matching(r -> key(r).startsWith("dead-"))).isEmpty();
            firstRetryTopic.close();
        } finally {
            if (job != null) {
                job.cancel().get();
            }
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String header(TopicTail.Received received, String name) {
        return header(received.record(), name);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String headerValue(DeadLetter d, String name) {
        return d.getHeaders().stream().filter(h -> h.getKey().toString().equals(name)).map(h -> {
            ByteBuffer b = h.getValue().duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }).findFirst().orElseThrow(() -> new AssertionError("no header " + name));
    }
}
