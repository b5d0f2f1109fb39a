package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.deadletter.DeadLetters;
import io.eventline.common.deadletter.Stage;
import io.eventline.common.ordering.OrderingCommand;
import io.eventline.deadletter.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class PoisonHoldsTest {

    @Test
    void aDecodeOrValidationDeadLetterWithAggregateAndSequenceBecomesAHold() {
        assertThat(holds(letter(Stage.DESERIALIZE, "malformed", "ord-1", 2L)))
                .containsExactly(OrderingCommand.hold("ord-1", 2, "malformed", "orders:1:42"));
        assertThat(holds(letter(Stage.VALIDATE, "invalid-envelope", "ord-2", 5L)))
                .containsExactly(OrderingCommand.hold("ord-2", 5, "invalid-envelope", "orders:1:42"));
    }

    @Test
    void nothingWithoutBothFieldsOrFromLaterStages() {
        assertThat(holds(letter(Stage.DESERIALIZE, "unknown-schema", null, null))).isEmpty();
        assertThat(holds(letter(Stage.DESERIALIZE, "malformed", "ord-1", null))).isEmpty();
        assertThat(holds(letter(Stage.DESERIALIZE, "malformed", " ", 2L))).isEmpty();
        assertThat(holds(letter(Stage.VALIDATE, "invalid-envelope", "ord-1", 0L))).isEmpty();
        // The ordering operator and the projection hold by themselves; their dead letters must not loop back.
        assertThat(holds(letter(Stage.ORDER, "gap-timeout", "ord-1", 2L))).isEmpty();
        assertThat(holds(letter(Stage.PROJECT, "illegal-transition", "ord-1", 3L))).isEmpty();
    }

    private static DeadLetter letter(Stage stage, String reason, String aggregateId, Long sequence) {
        return DeadLetters.builder(stage, reason, "failed", "orders-job")
                .setSourceTopic("orders").setPartition(1).setOffset(42L)
                .setAggregateId(aggregateId).setSequenceNumber(sequence)
                .build();
    }

    private static List<OrderingCommand> holds(DeadLetter letter) {
        List<OrderingCommand> out = new ArrayList<>();
        new PoisonHolds().flatMap(letter, new ListCollector<>(out));
        return out;
    }
}
