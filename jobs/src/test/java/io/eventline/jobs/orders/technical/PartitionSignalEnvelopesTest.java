package io.eventline.jobs.orders.technical;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.common.technical.PartitionOffsets;
import io.eventline.common.technical.PartitionSignal;
import io.eventline.common.technical.PartitionState;
import io.eventline.events.EventEnvelope;
import io.eventline.events.PartitionHeartbeat;
import io.eventline.events.SourceResumed;
import io.eventline.events.SourceStalled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** Each signal kind as its technical envelope, exactly, and through the Avro binary form and back. */
class PartitionSignalEnvelopesTest {

    private final PartitionSignalEnvelopes envelopes = new PartitionSignalEnvelopes("orders-job");

    @Test
    void aTickBecomesOneEnvelopePerSignalInOrder() throws Exception {
        PartitionSignal stalled = signal(PartitionSignal.Kind.STALLED, PartitionState.STALLED, 4);
        PartitionSignal heartbeat = signal(PartitionSignal.Kind.HEARTBEAT, PartitionState.STALLED, 4);
        PartitionSignal resumed = signal(PartitionSignal.Kind.RESUMED, PartitionState.PROGRESSING, PartitionOffsets.NONE);
        List<EventEnvelope> out = new ArrayList<>();
        envelopes.flatMap(List.of(stalled, heartbeat, resumed), collector(out));

        assertThat(out).extracting(EventEnvelope::getEventType, EventEnvelope::getEventId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SourceStalled", "stalled:orders-job:orders:1:1000"),
                org.assertj.core.groups.Tuple.tuple("PartitionHeartbeat", "heartbeat:orders-job:orders:1:61000"),
                org.assertj.core.groups.Tuple.tuple("SourceResumed", "resumed:orders-job:orders:1:1000"));
        for (EventEnvelope e : out) {
            assertThat(e.getAggregateType()).isEqualTo("Technical");
            assertThat(e.getAggregateId()).isEqualTo("orders-job:orders:1");
            assertThat(e.getSequenceNumber()).isNull();
            assertThat(e.getTimestamp()).isEqualTo(Instant.ofEpochMilli(61_000));
            assertThat(e.getVersion()).isEqualTo("1.0");
            // the v6 schema carries it: binary form and back
            assertThat(EventEnvelope.fromByteBuffer(e.toByteBuffer())).isEqualTo(e);
        }
        assertThat(out.get(0).getPayload()).isEqualTo(SourceStalled.newBuilder().setTopic("orders").setPartition(1)
                .setGroupId("group-1").setEndOffset(10).setCommittedOffset(4L).setLag(6)
                .setNoProgressSince(Instant.ofEpochMilli(1_000)).setObservedAt(Instant.ofEpochMilli(61_000)).build());
        assertThat(out.get(1).getPayload()).isEqualTo(PartitionHeartbeat.newBuilder().setTopic("orders").setPartition(1)
                .setGroupId("group-1").setEndOffset(10).setCommittedOffset(4L).setLag(6).setState("STALLED")
                .setStateSince(Instant.ofEpochMilli(61_000)).setObservedAt(Instant.ofEpochMilli(61_000)).build());
        assertThat(out.get(2).getPayload()).as("no commit yet: a null committed offset").isEqualTo(
                SourceResumed.newBuilder().setTopic("orders").setPartition(1).setGroupId("group-1").setEndOffset(10)
                        .setCommittedOffset(null).setLag(6).setNoProgressSince(Instant.ofEpochMilli(1_000))
                        .setObservedAt(Instant.ofEpochMilli(61_000)).build());
    }

    private static PartitionSignal signal(PartitionSignal.Kind kind, PartitionState state, long committed) {
        PartitionSignal s = new PartitionSignal();
        s.kind = kind;
        s.topic = "orders";
        s.partition = 1;
        s.groupId = "group-1";
        s.endOffset = 10;
        s.committedOffset = committed;
        s.lag = 6;
        s.state = state;
        s.stateSince = 61_000;
        s.noProgressSince = 1_000;
        s.observedAt = 61_000;
        return s;
    }

    private static Collector<EventEnvelope> collector(List<EventEnvelope> out) {
        return new Collector<>() {
            @Override
            public void collect(EventEnvelope record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
