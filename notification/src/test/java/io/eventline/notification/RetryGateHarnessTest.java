package io.eventline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The retry gate: a notification leaves at its due time, not before; one already due leaves at once; a restore
 * keeps the pending one and its timer (it fires at its own due time, not at the restart); nothing is left after.
 * Also the retry topics' names and the headers' round trip.
 */
class RetryGateHarnessTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, OrderNotification, OrderNotification> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new RetryGate()),
                n -> n.orderId, Types.STRING);
    }

    private static OrderNotification due(String orderId, long dueAt) {
        OrderNotification n = new OrderNotification("evt-" + orderId, "T", orderId, 1);
        n.retry = RetryHistory.origin("n", 0, 7);
        n.retry.dueAt = dueAt;
        return n;
    }

    @Test
    void releasesEachNotificationAtItsDueTimeAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(1_000);
            h.processElement(due("a", 500), 0);    // overdue (e.g. read again after a long stop): at once
            h.processElement(due("b", 3_000), 0);
            h.processElement(due("c", 10_000), 0);
            assertThat(h.extractOutputValues()).extracting(n -> n.orderId).containsExactly("a");
            h.setProcessingTime(2_999);
            assertThat(h.extractOutputValues()).hasSize(1);
            h.setProcessingTime(3_000);
            assertThat(h.extractOutputValues()).extracting(n -> n.orderId).containsExactly("a", "b");
            snapshot = h.snapshot(1, 3_000);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(4_000);            // restarted before c is due: c still waits
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(10_000);
            assertThat(h.extractOutputValues()).extracting(n -> n.orderId).containsExactly("c");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void topicNamesAndHeadersRoundTrip() {
        RetryTopics topics = new RetryTopics("orders",
                List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10)));
        assertThat(topics.topics()).containsExactly("orders.retry-10s", "orders.retry-1m", "orders.retry-10m");
        assertThat(topics.tierOf("orders.retry-1m")).isEqualTo(1);
        assertThat(topics.tierOf("orders")).isEqualTo(-1);
        assertThat(RetryTopics.label(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(RetryTopics.label(Duration.ofHours(2))).isEqualTo("2h");
        NotificationJobOptions options = new NotificationJobOptions();
        new picocli.CommandLine(options).parseArgs("--bootstrap-servers", "b", "--topic", "t", "--output-topic", "o",
                "--details-url", "http://x");
        assertThat(options.retryDelays()).containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10));
        new picocli.CommandLine(options).parseArgs("--bootstrap-servers", "b", "--topic", "t", "--output-topic", "o",
                "--details-url", "http://x", "--retry-delays", "none");
        assertThat(options.retryDelays()).isEmpty();

        RetryHistory h = RetryHistory.origin("orders", 3, 42).failedPass(3, "http-5xx", "HTTP 503", 1_000)
                .failedPass(3, "connect", "refused", 11_000);
        h.retries = 2;
        h.dueAt = 71_000;
        RecordHeaders headers = new RecordHeaders();
        RetryHeaders.write(h, h.lastReason(), headers);
        RetryHistory read = RetryHeaders.read(headers);
        assertThat(read).usingRecursiveComparison().isEqualTo(h);
        assertThat(h.failedAt()).isEqualTo(11_000);
        assertThat(h.lastReason()).isEqualTo("connect");
        assertThat(new String(headers.lastHeader(RetryHeaders.REASON).value())).isEqualTo("connect");
    }
}
