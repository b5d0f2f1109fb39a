package io.eventline.jobs.orders.envelope;

import static io.eventline.jobs.orders.envelope.TolerantReaderTest.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventApplied;
import io.eventline.events.EventEnvelope;
import io.eventline.events.ReplayInfo;
import io.eventline.jobs.orders.projection.OrderEvents;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The keyed shuffle's envelope: every event arrives equal to what was sent, in all three fingerprint shapes, with
 * and without replay metadata, and the ordering operator's fingerprint of the arrived event is the one Avro computes
 * over its single-object encoding, without encoding it again.
 */
class ShuffledEnvelopeSerializerTest {

    private final OrderEnvelopeCodec codec = new OrderEnvelopeCodec();
    private final TypeSerializer<EventEnvelope> serializer =
            OrderEnvelopes.shuffleType().createSerializer(new SerializerConfigImpl());

    @Test
    void eventsOfEveryShapeArriveUnchangedWithTheirFingerprint() throws Exception {
        EventEnvelope replayed = payment(null);
        replayed.setReplay(new ReplayInfo("orders.dlq:0:3", "project", "unknown-aggregate", 2));
        List<EventEnvelope> events = List.of(
                payment("USD"),                                                          // the v2 shape
                payment(null),                                                           // v3: no currency
                OrderEvents.customerRegistered("cust-1", 1, Instant.EPOCH, "Ada", "gold"), // current: a tier
                replayed);
        assertThat(events.stream().map(OrderEnvelopeCodec::shapeOf))
                .containsExactly(OrderEnvelopeCodec.STABLE, OrderEnvelopeCodec.V3, OrderEnvelopeCodec.CURRENT,
                        OrderEnvelopeCodec.V3);
        for (EventEnvelope sent : events) {
            EventEnvelope arrived = roundTrip(sent);
            assertThat(arrived).isEqualTo(sent).isNotSameAs(sent);
            assertThat(ShuffledEnvelopeSerializer.lastDelivered().event).isSameAs(arrived);
            assertThat(codec.fingerprint(arrived)).isEqualTo(OrderEnvelopeCodec.referenceFingerprint(sent));
        }
    }

    @Test
    void aWholeWorkloadArrivesUnchangedWithAvrosFingerprints() throws Exception {
        OrderWorkload workload = new OrderWorkload(WorkloadSettings.builder().seed(11).events(3_000).aggregates(100)
                .build());
        int events = 0;
        for (Outgoing out; (out = workload.next()) != null; ) {
            if (out.event() != null) {
                EventEnvelope arrived = roundTrip(out.event());
                assertThat(arrived).isEqualTo(out.event());
                assertThat(codec.fingerprint(arrived)).as(out.event().getEventId())
                        .isEqualTo(OrderEnvelopeCodec.referenceFingerprint(out.event()));
                events++;
            }
        }
        assertThat(events).isGreaterThan(2_000);
    }

    @Test
    void onlyTheEventJustDeliveredUsesTheShippedFingerprint() throws Exception {
        EventEnvelope first = roundTrip(payment("USD"));
        EventEnvelope second = roundTrip(payment(null));
        assertThat(ShuffledEnvelopeSerializer.lastDelivered().event).isSameAs(second);
        // the earlier one (e.g. buffered, then released) is fingerprinted by encoding it: the same value
        assertThat(codec.fingerprint(first)).isEqualTo(OrderEnvelopeCodec.referenceFingerprint(payment("USD")));
        assertThat(codec.fingerprint(EventEnvelope.newBuilder(second).build()))
                .isEqualTo(codec.fingerprint(second));
    }

    @Test
    void anEventNoFingerprintShapeCanCarryArrivesUnchangedWithoutOne() throws Exception {
        EventEnvelope audit = EventEnvelope.newBuilder().setEventId("evt-audit").setEventType("EventApplied")
                .setAggregateType("Technical").setAggregateId("orders-job").setSequenceNumber(null)
                .setTimestamp(Instant.EPOCH).setVersion("1.0")
                .setPayload(new EventApplied("evt-1", "OrderPlaced", "Order", "ord-1", 1L, null, null, Instant.EPOCH,
                        "orders-job", "1"))
                .build();
        EventEnvelope arrived = roundTrip(audit);
        assertThat(arrived).isEqualTo(audit);
        assertThat(ShuffledEnvelopeSerializer.lastDelivered().event).isNull();
    }

    private EventEnvelope roundTrip(EventEnvelope event) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(event, out);
        serializer.serialize(payment("EUR"), out); // a second record behind it: each reads exactly its own bytes
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        EventEnvelope arrived = serializer.deserialize(in);
        EventEnvelope next = serializer.deserialize(in);
        assertThat(next).isEqualTo(payment("EUR"));
        assertThat(in.available()).isZero();
        // the first record again, so that it is the one just delivered
        DataOutputSerializer again = new DataOutputSerializer(256);
        serializer.serialize(event, again);
        return serializer.deserialize(new DataInputDeserializer(again.getCopyOfBuffer()));
    }
}
