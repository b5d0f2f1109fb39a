package io.eventline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatibilityGateTest {

    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    private static String publishedEnvelope() throws IOException {
        return Files.readString(MODULE.resolve("published/EventEnvelope/v1.avsc"));
    }

    private static List<String> checkAgainstPublished(String candidateJson, CompatibilityMode mode) throws IOException {
        Schema candidate = new Schema.Parser().parse(candidateJson);
        return CompatibilityChecker.check(candidate, List.of(new Schema.Parser().parse(publishedEnvelope())), mode);
    }

    @Test
    void shippedSchemasAreCompatibleWithTheirPublishedVersions() throws IOException {
        assertThat(CompatibilityGate.run(MODULE.resolve("src/main/avro"), MODULE.resolve("published"),
                MODULE.resolve("compatibility.properties"))).isEmpty();
    }

    @Test
    void optionalFieldWithDefaultIsAccepted() throws IOException {
        String candidate = publishedEnvelope().replace(
                "{\"name\": \"causationId\"",
                "{\"name\": \"tenantId\", \"type\": [\"null\", \"string\"], \"default\": null},\n    {\"name\": \"causationId\"");
        assertThat(candidate).contains("tenantId");
        assertThat(checkAgainstPublished(candidate, CompatibilityMode.BACKWARD)).isEmpty();
        assertThat(checkAgainstPublished(candidate, CompatibilityMode.FULL)).isEmpty();
    }

    @Test
    void newEventTypeInThePayloadUnionIsAccepted() throws IOException {
        String candidate = publishedEnvelope().replace(
                "{\"type\": \"record\", \"name\": \"OrderDelivered\"",
                "{\"type\": \"record\", \"name\": \"OrderReturned\", \"fields\": [{\"name\": \"orderId\", \"type\": \"string\"}]},\n"
                        + "      {\"type\": \"record\", \"name\": \"OrderDelivered\"");
        assertThat(candidate).contains("OrderReturned");
        assertThat(checkAgainstPublished(candidate, CompatibilityMode.BACKWARD)).isEmpty();
    }

    @Test
    void requiredFieldWithoutDefaultIsRejectedNamingTheField() throws IOException {
        String candidate = publishedEnvelope().replace(
                "{\"name\": \"causationId\"",
                "{\"name\": \"tenantId\", \"type\": \"string\"},\n    {\"name\": \"causationId\"");
        List<String> problems = checkAgainstPublished(candidate, CompatibilityMode.BACKWARD);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("field 'tenantId'").contains("added without a default");
    }

    @Test
    void typeChangeOfANestedFieldIsRejectedNamingItsPath() throws IOException {
        String candidate = publishedEnvelope().replace(
                "{\"name\": \"quantity\", \"type\": \"int\"}", "{\"name\": \"quantity\", \"type\": \"string\"}");
        assertThat(candidate).contains("\"quantity\", \"type\": \"string\"");
        List<String> problems = checkAgainstPublished(candidate, CompatibilityMode.BACKWARD);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("field 'payload.OrderPlaced.items.quantity'")
                .contains("reader type STRING cannot read writer type INT");
    }

    @Test
    void removedEventTypeIsRejectedUnderBackward() throws IOException {
        String candidate = publishedEnvelope().replaceAll(
                "\\{\"type\": \"record\", \"name\": \"OrderDelivered\", \"fields\": \\[\\s*\\{\"name\": \"orderId\", \"type\": \"string\"}\\s*]},", "");
        assertThat(candidate).doesNotContain("OrderDelivered");
        List<String> problems = checkAgainstPublished(candidate, CompatibilityMode.BACKWARD);
        assertThat(problems).singleElement().asString().contains("field 'payload'")
                .contains("no reader type accepts the writer's RECORD OrderDelivered");
    }

    @Test
    void gateReadsTheModeAndFailsOnABreakingChange(@TempDir Path dir) throws IOException {
        Path current = Files.createDirectories(dir.resolve("avro"));
        Path published = Files.createDirectories(dir.resolve("published/EventEnvelope"));
        Files.writeString(published.resolve("v1.avsc"), publishedEnvelope());
        Files.writeString(current.resolve("EventEnvelope.avsc"),
                publishedEnvelope().replace("{\"name\": \"version\", \"type\": \"string\"", "{\"name\": \"version\", \"type\": \"int\""));
        Path settings = dir.resolve("compatibility.properties");

        Files.writeString(settings, "default=BACKWARD\n");
        assertThat(CompatibilityGate.run(current, dir.resolve("published"), settings))
                .singleElement().asString().startsWith("io.eventline.events.EventEnvelope (BACKWARD)").contains("field 'version'");

        Files.writeString(settings, "default=BACKWARD\nEventEnvelope=NONE\n");
        assertThat(CompatibilityGate.run(current, dir.resolve("published"), settings)).isEmpty();
    }

    @Test
    void transitiveModeChecksEveryPublishedVersion() throws IOException {
        Schema v1 = new Schema.Parser().parse(publishedEnvelope());
        // v2 dropped correlationId; v3 brings it back as required: fine against v2, breaking against v1.
        Schema v2 = new Schema.Parser().parse(publishedEnvelope().replace(
                "{\"name\": \"correlationId\", \"type\": [\"null\", \"string\"], \"default\": null},", ""));
        Schema v3 = new Schema.Parser().parse(publishedEnvelope().replace(
                "{\"name\": \"correlationId\", \"type\": [\"null\", \"string\"], \"default\": null}",
                "{\"name\": \"correlationId\", \"type\": \"long\", \"default\": 0}"));
        assertThat(CompatibilityChecker.check(v3, List.of(v1, v2), CompatibilityMode.BACKWARD)).isEmpty();
        assertThat(CompatibilityChecker.check(v3, List.of(v1, v2), CompatibilityMode.BACKWARD_TRANSITIVE)).containsExactly(
                "new schema cannot read data written with published v1: field 'correlationId': no reader type accepts the writer's NULL",
                "new schema cannot read data written with published v1: field 'correlationId': no reader type accepts the writer's STRING");
    }

    /** The saga messages are in the gate: a new required reply field breaks old replies and fails the build. */
    @Test
    void aRequiredFieldAddedToSagaReplyIsReported(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path current = Files.createDirectories(dir.resolve("avro"));
        Files.writeString(current.resolve("SagaReply.avsc"), Files.readString(MODULE.resolve("src/main/avro/SagaReply.avsc"))
                .replace("{\"name\": \"participant\"", "{\"name\": \"amount\", \"type\": \"long\"},\n    {\"name\": \"participant\""));
        assertThat(CompatibilityGate.run(current, MODULE.resolve("published"), MODULE.resolve("compatibility.properties")))
                .containsExactly("io.eventline.sagas.SagaReply (FULL_TRANSITIVE): new schema cannot read data written with"
                        + " published v1: field 'amount': added without a default, so data written before it cannot be read");
    }
}
