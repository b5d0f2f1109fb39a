package io.eventline.jobs.orders.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.common.serde.ConfluentSchemaCoder;
import io.eventline.common.serde.ConfluentSchemaCoderProvider;
import io.eventline.common.serde.EnvelopeRecordDeserializer;
import io.eventline.common.serde.EnvelopeRecordSerializer;
import io.eventline.common.serde.Events;
import io.eventline.common.serde.RegistryConfig;
import io.eventline.common.serde.RegistryException;
import io.eventline.common.serde.RegistryHttp;
import io.eventline.common.serde.SchemaRegistryClient;
import io.eventline.common.serde.SerdeTestConfig;
import io.eventline.deadletter.DeadLetter;
import io.eventline.events.EventEnvelope;
import io.eventline.events.PaymentFailed;
import io.eventline.testkit.ApicurioRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serdes against a real Apicurio registry (Confluent-compatible API), shared by every test of the JVM. */
class RegistrySerdeITCase {

    private static ApicurioRegistry registry;
    private static RegistryConfig config;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.shared();
        config = SerdeTestConfig.fast(registry.ccompatUrl());
        System.out.println("Apicurio registry at " + registry.ccompatUrl() + " started in " + registry.startupMillis() + " ms");
    }

    private static String topic() {
        return "orders-" + UUID.randomUUID();
    }

    private static EnvelopeRecordDeserializer<EventEnvelope> deserializer() {
        return OrderEnvelopes.deserializer(config, "serde-test");
    }

    @Test
    void roundTripRegistersUnderTopicValueAndDecodesById() throws Exception {
        String topic = topic();
        EnvelopeRecordSerializer<EventEnvelope> serializer = OrderEnvelopes.serializer(config, topic);
        EventEnvelope event = Events.orderPlaced("evt-1", 1);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(event, null, 5L);

        assertThat(record.topic()).isEqualTo(topic);
        assertThat(record.key()).isEqualTo("ord-456".getBytes(StandardCharsets.UTF_8));
        assertThat(record.timestamp()).isEqualTo(Events.OCCURRED.toEpochMilli());
        byte[] value = record.value();
        assertThat(value[0]).isEqualTo((byte) 0);
        int id = RegistryHttp.idFromWireFormat(value);
        assertThat(id).isEqualTo(RegistryHttp.latestId(registry.ccompatUrl(), topic + "-value"));
        assertThat(RegistryHttp.call("GET", registry.ccompatUrl() + "/schemas/ids/" + id, null).get("schema").asText())
                .satisfies(s -> assertThat(new Schema.Parser().parse(s)).isEqualTo(EventEnvelope.getClassSchema()));

        Either<EventEnvelope, DeadLetter> decoded = deserializer().decode(Events.record(value));
        assertThat(decoded.isLeft()).isTrue();
        assertThat(decoded.left()).isEqualTo(event);
        assertThat(decoded.left().getPayload()).isEqualTo(event.getPayload());
    }

    @Test
    void idsAndSchemasAreCached() throws Exception {
        String topic = topic();
        ConfluentSchemaCoder writer = ConfluentSchemaCoderProvider.forTopicValue(config, topic).get();
        for (int i = 0; i < 50; i++) {
            writer.writeSchema(EventEnvelope.getClassSchema(), new ByteArrayOutputStream());
        }
        assertThat(writer.client().httpRequests()).isEqualTo(1);

        EnvelopeRecordSerializer<EventEnvelope> serializer = OrderEnvelopes.serializer(config, topic);
        EnvelopeRecordDeserializer<EventEnvelope> deserializer = deserializer();
        for (int i = 1; i <= 50; i++) {
            EventEnvelope event = Events.orderPlaced("evt-" + i, i);
            assertThat(deserializer.decode(Events.record(serializer.serializeValue(event))).left()).isEqualTo(event);
        }
        assertThat(deserializer.registryHttpRequests()).as("one lookup for 50 records").isEqualTo(1);

        ConfluentSchemaCoder reader = ConfluentSchemaCoderProvider.forReading(config).get();
        int id = writer.idFor(EventEnvelope.getClassSchema());
        byte[] header = {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
        for (int i = 0; i < 20; i++) {
            assertThat(reader.readSchema(new ByteArrayInputStream(header))).isEqualTo(EventEnvelope.getClassSchema());
        }
        assertThat(reader.client().httpRequests()).isEqualTo(1);
    }

    @Test
    void concurrentFirstRegistrationsAgreeOnOneId() throws Exception {
        String topic = topic();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> ConfluentSchemaCoderProvider.forTopicValue(config, topic).get().idFor(EventEnvelope.getClassSchema()));
            }
            List<Integer> ids = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                ids.add(f.get());
            }
            assertThat(ids).hasSize(4).containsOnly(RegistryHttp.latestId(registry.ccompatUrl(), topic + "-value"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void incompatibleSchemaIsRejectedWith409AfterRetries() throws Exception {
        String subject = "compat-" + UUID.randomUUID() + "-value";
        RegistryHttp.call("PUT", registry.ccompatUrl() + "/config/" + subject, "{\"compatibility\":\"BACKWARD\"}");
        Schema v1 = SchemaBuilder.record("Thing").namespace("t").fields().requiredInt("a").endRecord();
        Schema v2 = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("a").endRecord();
        SchemaRegistryClient client = new SchemaRegistryClient(config);
        client.register(subject, v1);

        assertThatThrownBy(() -> client.register(subject, v2))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("cannot register under " + subject + ": HTTP 409 ")
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(409));
        assertThat(client.httpRequests()).as("1 + 3 attempts at the conflicting one").isEqualTo(4);
    }

    @Test
    void unknownSchemaIdIsDeadLettered() throws Exception {
        byte[] value = serializerBytes(Events.orderPlaced("evt-1", 1));
        value[1] = 0x7f; value[2] = (byte) 0xff; value[3] = (byte) 0xff; value[4] = (byte) 0xfe;
        DeadLetter dl = deserializer().decode(Events.record(value)).right();
        assertThat(dl.getStage()).isEqualTo("deserialize");
        assertThat(dl.getReason()).isEqualTo("unknown-schema");
        assertThat(dl.getMessage()).startsWith("schema id 2147483646 is not in the registry: cannot look up schema 2147483646: HTTP 404 ");
        Events.assertSource(dl, value);
    }

    @Test
    void truncatedAvroBodyIsDeadLettered() throws Exception {
        byte[] full = serializerBytes(Events.orderPlaced("evt-1", 1));
        byte[] value = Arrays.copyOf(full, full.length - 3);
        DeadLetter dl = deserializer().decode(Events.record(value)).right();
        assertThat(dl.getStage()).isEqualTo("deserialize");
        assertThat(dl.getReason()).isEqualTo("malformed");
        assertThat(dl.getMessage()).startsWith("cannot decode the Avro body (" + (value.length - 5) + " bytes) with schema id "
                + RegistryHttp.idFromWireFormat(full) + ": ");
        Events.assertSource(dl, value);
    }

    @Test
    void schemaOfAnotherRecordIsUnknownSchema() throws Exception {
        Schema other = SchemaBuilder.record("Unrelated").namespace("x").fields().requiredInt("n").endRecord();
        int id = new SchemaRegistryClient(config).register("other-" + UUID.randomUUID() + "-value", other);
        byte[] value = {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id, 2};
        DeadLetter dl = deserializer().decode(Events.record(value)).right();
        assertThat(dl.getReason()).isEqualTo("unknown-schema");
        assertThat(dl.getMessage()).startsWith("writer schema x.Unrelated (id " + id + ") cannot be read as io.eventline.events.EventEnvelope");
        Events.assertSource(dl, value);
    }

    @Test
    void zeroAndNegativeSequenceNumbersAreInvalidEnvelopes() throws Exception {
        EnvelopeRecordDeserializer<EventEnvelope> deserializer = deserializer();
        for (long seq : new long[] {0, -1, Long.MIN_VALUE}) {
            byte[] value = serializerBytes(Events.orderPlaced("evt-s", seq));
            DeadLetter dl = deserializer.decode(Events.record(value)).right();
            assertThat(dl.getStage()).isEqualTo("validate");
            assertThat(dl.getReason()).isEqualTo("invalid-envelope");
            assertThat(dl.getMessage()).isEqualTo("invalid envelope: sequenceNumber must be null or >= 1, was " + seq);
            assertThat(dl.getSequenceNumber()).isEqualTo(seq);
            Events.assertSource(dl, value);
        }
    }

    @Test
    void oneMebibyteEventRoundTrips() throws Exception {
        EventEnvelope big = Events.paymentFailed("evt-big", 1L, "y".repeat(1 << 20));
        byte[] value = serializerBytes(big);
        EventEnvelope decoded = deserializer().decode(Events.record(value)).left();
        assertThat(decoded).isEqualTo(big);
        assertThat(((PaymentFailed) decoded.getPayload()).getReason()).hasSize(1 << 20);
    }

    @Test
    void serdesSurviveJavaSerializationAfterUse() throws Exception {
        String topic = topic();
        EnvelopeRecordSerializer<EventEnvelope> serializer = OrderEnvelopes.serializer(config, topic);
        EnvelopeRecordDeserializer<EventEnvelope> deserializer = deserializer();
        byte[] value = serializer.serializeValue(Events.orderPlaced("evt-1", 1));
        assertThat(deserializer.decode(Events.record(value)).isLeft()).isTrue();

        EnvelopeRecordSerializer<EventEnvelope> serializerCopy = Events.roundTrip(serializer);
        EnvelopeRecordDeserializer<EventEnvelope> deserializerCopy = Events.roundTrip(deserializer);
        assertThat(serializerCopy.serializeValue(Events.orderPlaced("evt-1", 1))).isEqualTo(value);
        assertThat(deserializerCopy.decode(Events.record(value)).left()).isEqualTo(Events.orderPlaced("evt-1", 1));
        assertThat(deserializerCopy.registryHttpRequests()).isEqualTo(1);
    }

    private static byte[] serializerBytes(EventEnvelope event) {
        return OrderEnvelopes.serializer(config, "serde-it").serializeValue(event);
    }
}
