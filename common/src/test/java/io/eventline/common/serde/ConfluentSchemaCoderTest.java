package io.eventline.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.events.EventEnvelope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The Confluent wire-format header, the caches and serializability, against a scripted registry. */
class ConfluentSchemaCoderTest {

    private static final Schema ENVELOPE = EventEnvelope.getClassSchema();
    private static final int BIG_ID = 0x01020304;

    private static FakeRegistry registry() throws Exception {
        return new FakeRegistry(r -> r.method().equals("POST")
                ? new FakeRegistry.Response(200, "{\"id\":" + BIG_ID + "}")
                : r.path().endsWith("/schemas/ids/" + BIG_ID)
                        ? new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(ENVELOPE))
                        : new FakeRegistry.Response(404, "{\"error_code\":40403}"));
    }

    @Test
    void writesMagicByteAndBigEndianIdAndRegistersOnce() throws Exception {
        try (FakeRegistry fake = registry()) {
            ConfluentSchemaCoder coder = ConfluentSchemaCoderProvider.forTopicValue(SerdeTestConfig.fast(fake.url()), "orders").get();

            for (int i = 0; i < 5; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                coder.writeSchema(ENVELOPE, out);
                assertThat(out.toByteArray()).containsExactly(0, 1, 2, 3, 4);
            }
            assertThat(fake.requests).hasSize(1);
            assertThat(fake.requests.get(0).path()).isEqualTo("/apis/ccompat/v7/subjects/orders-value/versions");
            assertThat(coder.client().httpRequests()).isEqualTo(1);

            // A schema it registered is known for reading without a lookup.
            assertThat(coder.readSchema(new ByteArrayInputStream(new byte[] {0, 1, 2, 3, 4}))).isEqualTo(ENVELOPE);
            assertThat(fake.requests).hasSize(1);
        }
    }

    @Test
    void readsLookUpEachIdOnce() throws Exception {
        try (FakeRegistry fake = registry()) {
            ConfluentSchemaCoder coder = ConfluentSchemaCoderProvider.forReading(SerdeTestConfig.fast(fake.url())).get();

            for (int i = 0; i < 10; i++) {
                ByteArrayInputStream in = new ByteArrayInputStream(new byte[] {0, 1, 2, 3, 4, 99});
                assertThat(coder.readSchema(in)).isEqualTo(ENVELOPE);
                assertThat(in.read()).as("the stream is left at the Avro body").isEqualTo(99);
            }
            assertThat(fake.count("GET")).isEqualTo(1);
            assertThat(fake.requests.get(0).path()).isEqualTo("/apis/ccompat/v7/schemas/ids/" + BIG_ID);

            assertThatThrownBy(() -> coder.readSchema(new ByteArrayInputStream(new byte[] {0, 0, 0, 0, 9})))
                    .isInstanceOf(UnknownSchemaException.class);
            assertThatThrownBy(() -> coder.readSchema(new ByteArrayInputStream(new byte[] {0, 0, 0, 0, 9})))
                    .isInstanceOf(UnknownSchemaException.class);
            assertThat(fake.count("GET")).as("unknown ids are not cached: they may be registered later").isEqualTo(3);
        }
    }

    @Test
    void rejectsWrongMagicByteAndShortHeaderWithoutCallingTheRegistry() throws Exception {
        try (FakeRegistry fake = registry()) {
            ConfluentSchemaCoder coder = ConfluentSchemaCoderProvider.forReading(SerdeTestConfig.fast(fake.url())).get();

            assertThatThrownBy(() -> coder.readSchema(new ByteArrayInputStream(new byte[] {1, 0, 0, 0, 1})))
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessage("unknown magic byte 0x01, expected 0x00 (Confluent wire format)");
            assertThatThrownBy(() -> coder.readSchema(new ByteArrayInputStream(new byte[] {0, 0, 1})))
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessage("truncated record: fewer than 4 bytes of schema id after the magic byte");
            assertThatThrownBy(() -> coder.readSchema(new ByteArrayInputStream(new byte[0])))
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessage("empty record: no magic byte");
            assertThat(fake.requests).isEmpty();
        }
    }

    @Test
    void readOnlyCoderRefusesToWrite() {
        ConfluentSchemaCoder coder = ConfluentSchemaCoderProvider.forReading(RegistryConfig.of("http://127.0.0.1:1")).get();
        assertThatThrownBy(() -> coder.writeSchema(ENVELOPE, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this coder is read-only: it was created without a subject");
    }

    @Test
    void coderAndProviderSurviveJavaSerializationBeforeAndAfterUse() throws Exception {
        try (FakeRegistry fake = registry()) {
            ConfluentSchemaCoderProvider provider = ConfluentSchemaCoderProvider.forTopicValue(SerdeTestConfig.fast(fake.url()), "orders");
            ConfluentSchemaCoderProvider providerCopy = Events.roundTrip(provider);
            assertThat(providerCopy).isEqualTo(provider).hasSameHashCodeAs(provider);
            assertThat(providerCopy.subject()).isEqualTo("orders-value");

            ConfluentSchemaCoder coder = provider.get();
            ConfluentSchemaCoder beforeUse = Events.roundTrip(coder);
            assertThat(beforeUse.idFor(ENVELOPE)).isEqualTo(BIG_ID);

            assertThat(coder.idFor(ENVELOPE)).isEqualTo(BIG_ID);
            assertThat(coder.schemaById(BIG_ID)).isEqualTo(ENVELOPE);
            ConfluentSchemaCoder afterUse = Events.roundTrip(coder);
            assertThat(afterUse.subject()).isEqualTo("orders-value");
            long before = fake.requests.size();
            assertThat(afterUse.idFor(ENVELOPE)).isEqualTo(BIG_ID);
            assertThat(fake.requests.size()).as("caches are transient: the copy registers again").isEqualTo(before + 1);
        }
    }

    @Test
    void providersDifferBySubjectAndConfig() {
        RegistryConfig a = RegistryConfig.of("http://127.0.0.1:1/apis/ccompat/v7");
        assertThat(ConfluentSchemaCoderProvider.forTopicValue(a, "x")).isEqualTo(ConfluentSchemaCoderProvider.forSubject(a, "x-value"));
        assertThat(ConfluentSchemaCoderProvider.forTopicValue(a, "x")).isNotEqualTo(ConfluentSchemaCoderProvider.forTopicValue(a, "y"));
        assertThat(ConfluentSchemaCoderProvider.forReading(a))
                .isNotEqualTo(ConfluentSchemaCoderProvider.forReading(a.toBuilder().maxAttempts(1).build()));
        assertThat(RegistryConfig.of("http://h/apis/ccompat/v7/").url()).isEqualTo("http://h/apis/ccompat/v7");
    }
}
