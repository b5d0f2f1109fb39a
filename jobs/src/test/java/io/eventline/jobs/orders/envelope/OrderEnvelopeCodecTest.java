package io.eventline.jobs.orders.envelope;

import static io.eventline.jobs.orders.envelope.TolerantReaderTest.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.events.EventEnvelope;
import io.eventline.events.OrderDelivered;
import io.eventline.events.ReplayInfo;
import io.eventline.testkit.workload.OrderWorkload;
import io.eventline.testkit.workload.Outgoing;
import io.eventline.testkit.workload.WorkloadSettings;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints live in the ordering operator's state: the schema change of v3 (currency optional) must leave
 * every fingerprint that v2 could compute unchanged, and dead-letter values written before v3 must still decode.
 * The pinned numbers and bytes were produced by the v2 code (commit 1e7bdea).
 */
class OrderEnvelopeCodecTest {

    private final OrderEnvelopeCodec codec = new OrderEnvelopeCodec();

    /** {@code EnvelopeAccessor.encode(payment("USD"))} as written by the v2 code. */
    private static final String V2_DEAD_LETTER_VALUE =
            "wwG6yjuZX8h6BA5ldnQtcGF5IlBheW1lbnRBdXRob3JpemVkCk9yZGVyCm9yZC0xAgSAlNbf9mUGMS4wAAACCm9yZC0xCnBheS0xBCcOBlVTRAA=";

    private static EventEnvelope delivered() {
        return EventEnvelope.newBuilder().setEventId("evt-placed").setEventType("OrderDelivered")
                .setAggregateType("Order").setAggregateId("ord-1").setSequenceNumber(5L)
                .setTimestamp(Instant.parse("2025-06-28T10:00:00Z")).setVersion("1.0")
                .setPayload(new OrderDelivered("ord-1")).build();
    }

    @Test
    void fingerprintsOfEventsV2CouldCarryAreThoseV2Computed() {
        assertThat(codec.fingerprint(payment("USD"))).isEqualTo(4168039375386029328L);
        assertThat(codec.fingerprint(delivered())).isEqualTo(1593378807385727202L);
    }

    @Test
    void aPaymentWithoutCurrencyHasItsOwnFingerprintAndAReplayKeepsIt() {
        EventEnvelope replayed = payment(null);
        replayed.setReplay(new ReplayInfo("orders.dlq:0:1", "project", "unknown-aggregate", 2));
        assertThat(codec.fingerprint(payment(null)))
                .isNotEqualTo(codec.fingerprint(payment("USD")))
                .isEqualTo(codec.fingerprint(replayed));
    }

    @Test
    void theStreamedFingerprintIsAvrosOverTheSingleObjectEncoding() {
        OrderWorkload workload = new OrderWorkload(WorkloadSettings.builder().seed(7).events(2_000).aggregates(100)
                .build());
        int events = 0;
        for (Outgoing out; (out = workload.next()) != null; ) {
            if (out.event() != null) {
                assertThat(codec.fingerprint(out.event())).as(out.event().getEventId())
                        .isEqualTo(OrderEnvelopeCodec.referenceFingerprint(out.event()));
                events++;
            }
        }
        assertThat(events).isGreaterThanOrEqualTo(2_000);
        assertThat(codec.fingerprint(payment(null))).isEqualTo(OrderEnvelopeCodec.referenceFingerprint(payment(null)));
    }

    @Test
    void deadLetterValuesWrittenBeforeV3Decode() throws Exception {
        byte[] value = Base64.getDecoder().decode(V2_DEAD_LETTER_VALUE);
        assertThat(OrderEnvelopeCodec.isSingleObject(value)).isTrue();
        assertThat(OrderEnvelopeCodec.decode(value)).isEqualTo(payment("USD"));
    }

    private static EventEnvelope customer(String tier) {
        return EventEnvelope.newBuilder().setEventId("evt-cust-1-1").setEventType("CustomerRegistered")
                .setAggregateType("Customer").setAggregateId("cust-1").setSequenceNumber(1L)
                .setTimestamp(Instant.parse("2025-06-28T10:00:00Z")).setVersion("1.0")
                .setPayload(new io.eventline.events.CustomerRegistered("cust-1", "Ada", "ada@example.com", tier)).build();
    }

    @Test
    void v4KeepsEveryEarlierFingerprintAndGivesACustomerWithATierItsOwn() throws Exception {
        // without a tier a customer event fits v2: its v2 fingerprint, unchanged by v4
        assertThat(codec.fingerprint(customer(null))).isEqualTo(fingerprintIn(OrderEnvelopeCodec.STABLE_IDENTITY_SCHEMA,
                customer(null)));
        // what only v3 could carry keeps its v3-shaped fingerprint
        assertThat(codec.fingerprint(payment(null))).isEqualTo(fingerprintIn(OrderEnvelopeCodec.V3_IDENTITY_SCHEMA,
                payment(null)));
        assertThat(codec.fingerprint(customer("gold"))).isNotEqualTo(codec.fingerprint(customer(null)))
                .isEqualTo(OrderEnvelopeCodec.referenceFingerprint(customer("gold")));
        assertThat(OrderEnvelopeCodec.decode(codec.encode(customer("gold")))).isEqualTo(customer("gold"));
        // a dead-letter value written by v3 (its full schema) still decodes
        byte[] v3Value = toBytes(new org.apache.avro.message.BinaryMessageEncoder<EventEnvelope>(
                new EventEnvelope().getSpecificData(), OrderEnvelopeCodec.PUBLISHED_V3).encode(payment(null)));
        assertThat(OrderEnvelopeCodec.decode(v3Value)).isEqualTo(payment(null));
    }

    private static long fingerprintIn(org.apache.avro.Schema schema, EventEnvelope event) throws Exception {
        return org.apache.avro.SchemaNormalization.fingerprint64(toBytes(new org.apache.avro.message.BinaryMessageEncoder<
                EventEnvelope>(new EventEnvelope().getSpecificData(), schema).encode(event)));
    }

    private static byte[] toBytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void singleObjectEncodingRoundTripsAPaymentWithoutCurrency() throws Exception {
        assertThat(OrderEnvelopeCodec.decode(codec.encode(payment(null)))).isEqualTo(payment(null));
    }
}
