package io.eventline.jobs.orders.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.Events;
import io.eventline.common.serde.RegistryHttp;
import io.eventline.common.serde.SchemaRegistryClient;
import io.eventline.common.serde.SerdeTestConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.testkit.ApicurioRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop with a third-party serde: Apicurio's AvroKafkaSerializer/Deserializer 3.1.7, talking the
 * registry's native v3 API, against ours on its Confluent-compatible API. Both sides must agree on the id in
 * the wire format: Apicurio's ccompat API (3.x, default mode) reports <em>content ids</em> as schema ids, and
 * the Apicurio serde's default {@code Default4ByteIdHandler} writes the content id
 * ({@code apicurio.registry.use-id=contentId}) after magic byte 0. Both are set explicitly here.
 */
class ApicurioInteropITCase {

    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.shared();
    }

    private static Map<String, Object> apicurioConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(SchemaResolverConfig.REGISTRY_URL, registry.registryV3Url());
        c.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
        c.put(SerdeConfig.ID_HANDLER, io.apicurio.registry.serde.Default4ByteIdHandler.class.getName());
        c.put(SerdeConfig.USE_ID, IdOption.contentId.name());
        c.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        return c;
    }

    @Test
    void recordsWrittenByApicurioSerializerDecodeThroughOurs() throws Exception {
        String topic = "interop-" + UUID.randomUUID();
        EventEnvelope event = Events.orderPlaced("evt-apicurio", 7);
        byte[] value;
        try (AvroKafkaSerializer<EventEnvelope> theirs = new AvroKafkaSerializer<>()) {
            theirs.configure(apicurioConfig(), false);
            value = theirs.serialize(topic, event);
        }
        assertThat(value[0]).isEqualTo((byte) 0);
        int id = RegistryHttp.idFromWireFormat(value);
        assertThat(id).as("their id is the ccompat id of <topic>-value")
                .isEqualTo(RegistryHttp.latestId(registry.ccompatUrl(), topic + "-value"));

        EnvelopeRecordDeserializer<EventEnvelope> ours = OrderEnvelopes.deserializer(SerdeTestConfig.fast(registry.ccompatUrl()), "serde-test");
        Either<EventEnvelope, DeadLetter> decoded = ours.decode(Events.record(value));
        assertThat(decoded.isLeft()).as("decoded: %s", decoded).isTrue();
        assertThat(decoded.left()).isEqualTo(event);
    }

    @Test
    void recordsWrittenByOurSerializerDecodeThroughApicurios() throws Exception {
        String topic = "interop-" + UUID.randomUUID();
        EventEnvelope event = Events.paymentFailed("evt-ours", 3L, "card declined");
        byte[] value = OrderEnvelopes.serializer(SerdeTestConfig.fast(registry.ccompatUrl()), topic).serializeValue(event);

        Object decoded;
        try (AvroKafkaDeserializer<EventEnvelope> theirs = new AvroKafkaDeserializer<>()) {
            theirs.configure(apicurioConfig(), false);
            decoded = theirs.deserialize(topic, value);
        }
        assertThat(decoded).isInstanceOf(EventEnvelope.class).isEqualTo(event);

        EventEnvelope withMoney = Events.orderPlaced("evt-ours-2", 4);
        byte[] moneyValue = OrderEnvelopes.serializer(SerdeTestConfig.fast(registry.ccompatUrl()), topic).serializeValue(withMoney);
        try (AvroKafkaDeserializer<EventEnvelope> theirs = new AvroKafkaDeserializer<>()) {
            theirs.configure(apicurioConfig(), false);
            assertThat(theirs.deserialize(topic, moneyValue)).isEqualTo(withMoney);
        }
    }

    @Test
    void bothSerializersWriteTheSameAvroBodyAndEquivalentSchemas() throws Exception {
        String topic = "interop-" + UUID.randomUUID();
        EventEnvelope event = Events.orderPlaced("evt-same", 1);
        byte[] ours = OrderEnvelopes.serializer(SerdeTestConfig.fast(registry.ccompatUrl()), topic).serializeValue(event);
        byte[] theirs;
        try (AvroKafkaSerializer<EventEnvelope> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(apicurioConfig(), false);
            theirs = serializer.serialize(topic, event);
        }
        // Same magic byte and Avro body; the ids differ because Apicurio's serializer registers the nested
        // records as schema references of their own, so the envelope's content (and content id) differ.
        assertThat(theirs[0]).isEqualTo(ours[0]).isEqualTo((byte) 0);
        assertThat(Arrays.copyOfRange(theirs, 5, theirs.length)).isEqualTo(Arrays.copyOfRange(ours, 5, ours.length));
        SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(registry.ccompatUrl()));
        assertThat(client.schemaById(RegistryHttp.idFromWireFormat(theirs))).isEqualTo(EventEnvelope.getClassSchema());
        assertThat(client.schemaById(RegistryHttp.idFromWireFormat(ours))).isEqualTo(EventEnvelope.getClassSchema());
        assertThat(RegistryHttp.call("GET", registry.ccompatUrl() + "/schemas/ids/" + RegistryHttp.idFromWireFormat(theirs), null)
                // 12 payload records (8 domain events, the technical EventApplied of v5 and PartitionHeartbeat,
                // SourceStalled, SourceResumed of v6) and the envelope's ReplayInfo (the replay field added for dlq replay)
                .get("references")).as("their envelope refers to its nested records").hasSize(13);
    }
}
