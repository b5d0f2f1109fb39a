package io.eventline.brokers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Acknowledgements follow completed checkpoints only, per consumer, and a completed checkpoint subsumes older ones. */
class PendingAcksTest {

    /** Records what it was asked to acknowledge. */
    static final class RecordingConsumer implements BrokerConsumer {
        final List<List<Long>> acked = new ArrayList<>();

        @Override
        public List<BrokerMessage> poll(Duration maxWait) {
            return List.of();
        }

        @Override
        public void acknowledge(List<BrokerMessage> messages) {
            acked.add(messages.stream().map(BrokerMessage::position).toList());
        }

        @Override
        public void close() {}
    }

    private static BrokerMessage message(BrokerConsumer consumer, long position) {
        return new BrokerMessage("q", position, String.valueOf(position), 0, null, new byte[0], Map.of(), consumer, position);
    }

    @Test
    void messagesAreAcknowledgedWhenTheCheckpointCoveringThemCompletes() {
        RecordingConsumer a = new RecordingConsumer();
        RecordingConsumer b = new RecordingConsumer();
        PendingAcks pending = new PendingAcks();
        pending.emitted(message(a, 1));
        pending.emitted(message(b, 10));
        pending.snapshot(1);
        pending.emitted(message(a, 2)); // after checkpoint 1: belongs to checkpoint 2
        assertThat(pending.pending()).isEqualTo(3);
        assertThat(a.acked).isEmpty();

        pending.complete(1);
        assertThat(a.acked).containsExactly(List.of(1L));
        assertThat(b.acked).containsExactly(List.of(10L));
        assertThat(pending.pending()).isEqualTo(1);

        pending.complete(1); // a repeated notification acknowledges nothing again
        assertThat(a.acked).hasSize(1);
    }

    @Test
    void aCompletedCheckpointSubsumesOlderOnesWhoseNotificationNeverCame() {
        RecordingConsumer a = new RecordingConsumer();
        PendingAcks pending = new PendingAcks();
        pending.emitted(message(a, 1));
        pending.snapshot(1);
        pending.emitted(message(a, 2));
        pending.snapshot(2);
        pending.emitted(message(a, 3));
        pending.snapshot(3);
        pending.complete(2); // 1 was aborted or its notification lost
        assertThat(a.acked).containsExactly(List.of(1L, 2L));
        assertThat(pending.pending()).isEqualTo(1);
        pending.complete(3);
        assertThat(a.acked).containsExactly(List.of(1L, 2L), List.of(3L));
        assertThat(pending.pending()).isZero();
    }
}
