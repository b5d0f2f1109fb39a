package io.eventline.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The ledger's counting by dead-letter id, fed headers directly (its Kafka side is exercised by the fault suite). */
class DeadLetterLedgerTest {

    private static RecordHeaders letter(String id, String reason, String eventId, String offset) {
        RecordHeaders h = new RecordHeaders();
        if (id != null) {
            h.add("dlq-id", id.getBytes(StandardCharsets.UTF_8));
        }
        h.add("dlq-reason", reason.getBytes(StandardCharsets.UTF_8));
        h.add("dlq-stage", "order".getBytes(StandardCharsets.UTF_8));
        if (eventId != null) {
            h.add("dlq-event-id", eventId.getBytes(StandardCharsets.UTF_8));
        }
        h.add("dlq-source-topic", "orders".getBytes(StandardCharsets.UTF_8));
        h.add("dlq-source-partition", "0".getBytes(StandardCharsets.UTF_8));
        h.add("dlq-source-offset", offset.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    @Test
    void countsEachDeadLetterIdOnceAndFindsAnEventUnderTwoIds() {
        try (DeadLetterLedger ledger = new DeadLetterLedger("127.0.0.1:1", "unused")) {
            ledger.add(letter("id-1", "malformed", null, "5"));
            ledger.add(letter("id-1", "malformed", null, "5")); // rewritten after a restart
            ledger.add(letter("id-2", "illegal-transition", "evt-7", "9"));
            ledger.add(letter("id-3", "illegal-transition", "evt-7", "12")); // the same event failed again
            assertThat(ledger.records()).isEqualTo(4);
            assertThat(ledger.distinct()).isEqualTo(3);
            assertThat(ledger.byReason()).isEqualTo(Map.of("malformed", 1L, "illegal-transition", 2L));
            assertThat(ledger.eventIdsUnderSeveralIds()).isEqualTo(Map.of("evt-7", Set.of("id-2", "id-3")));
        }
    }

    @Test
    void withoutAnIdHeaderTheSourceCoordinatesIdentifyTheFailure() {
        try (DeadLetterLedger ledger = new DeadLetterLedger("127.0.0.1:1", "unused")) {
            ledger.add(letter(null, "gap-timeout", null, "3"));
            ledger.add(letter(null, "gap-timeout", null, "3"));
            ledger.add(letter(null, "gap-timeout", null, "4"));
            assertThat(ledger.byReason()).isEqualTo(Map.of("gap-timeout", 2L));
        }
    }
}
