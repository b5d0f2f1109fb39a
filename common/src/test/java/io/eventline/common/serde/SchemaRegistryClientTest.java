package io.eventline.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.events.EventEnvelope;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The registry client against a scripted fake: 409 and outage retries, error mapping. */
class SchemaRegistryClientTest {

    private static final Schema ENVELOPE = EventEnvelope.getClassSchema();

    @Test
    void conflictOnFirstRegistrationIsRetried() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (FakeRegistry fake = new FakeRegistry(r -> posts.incrementAndGet() == 1
                ? new FakeRegistry.Response(409, "{\"error_code\":409,\"message\":\"conflict\"}")
                : new FakeRegistry.Response(200, "{\"id\":7}"))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));

            assertThat(client.register("orders-value", ENVELOPE)).isEqualTo(7);
            assertThat(client.httpRequests()).isEqualTo(2);
            assertThat(fake.requests).extracting(FakeRegistry.Request::method, FakeRegistry.Request::path)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("POST", "/apis/ccompat/v7/subjects/orders-value/versions"),
                            org.assertj.core.groups.Tuple.tuple("POST", "/apis/ccompat/v7/subjects/orders-value/versions"));
            assertThat(fake.requests.get(1).body()).isEqualTo(SerdeTestConfig.schemaAnswer(ENVELOPE));
        }
    }

    @Test
    void persistentConflictFailsAfterTheConfiguredAttempts() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(r -> new FakeRegistry.Response(409, "{\"error_code\":409}"))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));

            assertThatThrownBy(() -> client.register("orders-value", ENVELOPE))
                    .isInstanceOf(RegistryException.class)
                    .isNotInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 409")
                    .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(409));
            assertThat(fake.requests).hasSize(3);
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheRegistryAnswers() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        try (FakeRegistry fake = new FakeRegistry(r -> gets.incrementAndGet() <= 2
                ? new FakeRegistry.Response(503, "{\"message\":\"starting\"}")
                : new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(ENVELOPE)))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));

            long t0 = System.nanoTime();
            assertThat(client.schemaById(5)).isEqualTo(ENVELOPE);
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

            assertThat(fake.requests).hasSize(3).allSatisfy(r -> assertThat(r.path()).isEqualTo("/apis/ccompat/v7/schemas/ids/5"));
            assertThat(elapsedMs).as("backoff 20 ms then 40 ms").isGreaterThanOrEqualTo(60);
        }
    }

    @Test
    void persistentServerErrorsEndAsRegistryUnavailable() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(r -> new FakeRegistry.Response(500, "boom"))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));

            assertThatThrownBy(() -> client.schemaById(5))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessage("schema registry unavailable after 3 attempt(s): cannot look up schema 5: HTTP 500 boom");
            assertThat(fake.requests).hasSize(3);
        }
    }

    @Test
    void connectionRefusedIsRetriedThenRegistryUnavailable() {
        SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(SerdeTestConfig.deadUrl()));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageStartingWith("schema registry unavailable after 3 attempt(s): cannot look up schema 1 at http://127.0.0.1:")
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(client.httpRequests()).isEqualTo(3);
    }

    @Test
    void withAnOutageWaitAnOutageLongerThanTheAttemptsIsWaitedOut() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        try (FakeRegistry fake = new FakeRegistry(r -> gets.incrementAndGet() <= 2 * SerdeTestConfig.ATTEMPTS
                ? new FakeRegistry.Response(503, "{\"message\":\"down\"}")
                : new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(ENVELOPE)))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()).toBuilder()
                    .outageWait(Duration.ofSeconds(5)).build());

            // down for twice the attempts that end a call without an outage wait
            assertThat(client.schemaById(5)).isEqualTo(ENVELOPE);
            assertThat(fake.requests).hasSize(2 * SerdeTestConfig.ATTEMPTS + 1);
        }
    }

    @Test
    void pastTheOutageWaitCallsFailAtOnceUntilTheRegistryAnswersAgain() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
        try (FakeRegistry fake = new FakeRegistry(r -> up.get()
                ? new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(ENVELOPE))
                : new FakeRegistry.Response(503, "{\"message\":\"down\"}"))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()).toBuilder()
                    .outageWait(Duration.ofMillis(300)).build());

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.schemaById(5)).isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("(waited out for up to PT0.3S)");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            int afterFirst = fake.requests.size();
            assertThatThrownBy(() -> client.schemaById(6)).isInstanceOf(RegistryUnavailableException.class);
            assertThat(fake.requests).hasSize(afterFirst + 1); // the outage already outlasted the wait: one try

            up.set(true);
            assertThat(client.schemaById(8)).isEqualTo(ENVELOPE);
            up.set(false); // a new outage gets the whole wait again
            long t1 = System.nanoTime();
            assertThatThrownBy(() -> client.schemaById(7)).isInstanceOf(RegistryUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void unknownIdIsNotRetried() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(r -> new FakeRegistry.Response(404,
                "{\"message\":\"Schema 99 not found.\",\"error_code\":40403}"))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));

            assertThatThrownBy(() -> client.schemaById(99))
                    .isInstanceOf(UnknownSchemaException.class)
                    .hasMessage("schema id 99 is not in the registry: cannot look up schema 99: HTTP 404 "
                            + "{\"message\":\"Schema 99 not found.\",\"error_code\":40403}")
                    .satisfies(e -> assertThat(((UnknownSchemaException) e).schemaId()).isEqualTo(99));
            assertThat(fake.requests).hasSize(1);
        }
    }

    @Test
    void nonAvroSchemasAreUnknown() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(r -> new FakeRegistry.Response(200,
                "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}"))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));

            assertThatThrownBy(() -> client.schemaById(4))
                    .isInstanceOf(UnknownSchemaException.class)
                    .hasMessage("schema id 4 is a PROTOBUF schema, not Avro");
        }
    }

    @Test
    void survivesJavaSerializationBeforeAndAfterUse() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(r -> new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(ENVELOPE)))) {
            SchemaRegistryClient fresh = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));
            SchemaRegistryClient copyBeforeUse = Events.roundTrip(fresh);
            assertThat(copyBeforeUse.schemaById(1)).isEqualTo(ENVELOPE);

            assertThat(fresh.schemaById(1)).isEqualTo(ENVELOPE);
            assertThat(fresh.connected()).isTrue();
            SchemaRegistryClient copyAfterUse = Events.roundTrip(fresh);
            assertThat(copyAfterUse.connected()).isFalse();
            assertThat(copyAfterUse.schemaById(1)).isEqualTo(ENVELOPE);
            assertThat(copyAfterUse.config()).isEqualTo(fresh.config());
        }
    }

    @Test
    void schemaReferencesAreResolvedRecursively() throws Exception {
        Schema leaf = org.apache.avro.SchemaBuilder.record("Leaf").namespace("x").fields().requiredString("s").endRecord();
        String middle = "{\"type\":\"record\",\"name\":\"Middle\",\"namespace\":\"x\",\"fields\":[{\"name\":\"leaf\",\"type\":\"x.Leaf\"}]}";
        String top = "{\"type\":\"record\",\"name\":\"Top\",\"namespace\":\"x\",\"fields\":[{\"name\":\"m\",\"type\":\"x.Middle\"},{\"name\":\"l\",\"type\":\"x.Leaf\"}]}";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String topAnswer = json.createObjectNode().put("schema", top).set("references", json.readTree(
                "[{\"name\":\"x.Middle\",\"subject\":\"x.Middle\",\"version\":1},{\"name\":\"x.Leaf\",\"subject\":\"x.Leaf\",\"version\":2}]")).toString();
        String middleAnswer = json.createObjectNode().put("schema", middle).set("references", json.readTree(
                "[{\"name\":\"x.Leaf\",\"subject\":\"x.Leaf\",\"version\":2}]")).toString();
        try (FakeRegistry fake = new FakeRegistry(r -> switch (r.path()) {
            case "/apis/ccompat/v7/schemas/ids/3" -> new FakeRegistry.Response(200, topAnswer);
            case "/apis/ccompat/v7/subjects/x.Middle/versions/1" -> new FakeRegistry.Response(200, middleAnswer);
            case "/apis/ccompat/v7/subjects/x.Leaf/versions/2" -> new FakeRegistry.Response(200, SerdeTestConfig.schemaAnswer(leaf));
            default -> new FakeRegistry.Response(404, "{\"error_code\":40401}");
        })) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));

            Schema schema = client.schemaById(3);

            assertThat(schema.getFullName()).isEqualTo("x.Top");
            assertThat(schema.getField("m").schema().getField("leaf").schema()).isEqualTo(leaf);
            assertThat(schema.getField("l").schema()).isEqualTo(leaf);
            assertThat(fake.requests).extracting(FakeRegistry.Request::path).containsExactly(
                    "/apis/ccompat/v7/schemas/ids/3",
                    "/apis/ccompat/v7/subjects/x.Middle/versions/1",
                    "/apis/ccompat/v7/subjects/x.Leaf/versions/2");
        }
    }

    @Test
    void missingReferenceIsAnUnknownSchema() throws Exception {
        String answer = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"T\\\",\\\"fields\\\":[{\\\"name\\\":\\\"g\\\",\\\"type\\\":\\\"Gone\\\"}]}\","
                + "\"references\":[{\"name\":\"Gone\",\"subject\":\"Gone\",\"version\":1}]}";
        try (FakeRegistry fake = new FakeRegistry(r -> r.path().endsWith("/schemas/ids/4")
                ? new FakeRegistry.Response(200, answer) : new FakeRegistry.Response(404, "{}"))) {
            SchemaRegistryClient client = new SchemaRegistryClient(SerdeTestConfig.fast(fake.url()));
            assertThatThrownBy(() -> client.schemaById(4))
                    .isInstanceOf(UnknownSchemaException.class)
                    .hasMessage("schema id 4 references Gone (Gone v1), which is not in the registry");
        }
    }
}
