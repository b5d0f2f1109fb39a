package io.eventline.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generic JSON decoder as a tolerant reader, on a record type that is not an event envelope (the domain-free
 * {@link DeadLetter}, which has non-null defaults: {@code attempt} 1, {@code headers} []). The order envelope's
 * JSON form is covered by the jobs module's {@code OrderEnvelopeJsonTest}.
 */
class AvroJsonDecoderTest {

    private static final String REQUIRED = "\"stage\": \"project\", \"reason\": \"unknown-aggregate\", "
            + "\"message\": \"never placed\", \"jobName\": \"orders-job\", \"failedAt\": \"2025-06-28T10:00:00Z\"";

    private final AvroJsonDecoder<DeadLetter> decoder = new AvroJsonDecoder<>(DeadLetter.class, "stage");

    private DeadLetter decode(String json) throws Exception {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static DeadLetter expected(int attempt) {
        return DeadLetter.newBuilder().setStage("project").setReason("unknown-aggregate").setMessage("never placed")
                .setJobName("orders-job").setFailedAt(Instant.parse("2025-06-28T10:00:00Z"))
                .setHeaders(List.of()).setAttempt(attempt).build();
    }

    @Test
    void missingFieldsTakeTheirSchemaDefaults() throws Exception {
        assertThat(decode("{" + REQUIRED + "}")).isEqualTo(expected(1));
    }

    @Test
    void presentFieldsWinOverDefaults() throws Exception {
        DeadLetter d = decode("{" + REQUIRED + ", \"attempt\": 3, \"eventId\": \"evt-1\"}");
        assertThat(d.getAttempt()).isEqualTo(3);
        assertThat(d.getEventId()).isEqualTo("evt-1");
    }

    @Test
    void anExplicitNullWhereTheSchemaAllowsNoneTakesTheDefault() throws Exception {
        assertThat(decode("{" + REQUIRED + ", \"attempt\": null, \"headers\": null}")).isEqualTo(expected(1));
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() throws Exception {
        DeadLetter d = decode("{" + REQUIRED + ", \"addedLater\": {\"x\": [1, 2]}, "
                + "\"headers\": [{\"key\": \"k\", \"value\": null, \"note\": \"extra\"}]}");
        assertThat(d.getHeaders()).hasSize(1);
        assertThat(d.getHeaders().get(0).getKey()).isEqualTo("k");
        assertThat(d.getHeaders().get(0).getValue()).isNull();
        assertThat(d.getAttempt()).isEqualTo(1);
    }

    @Test
    void aMissingFieldWithoutDefaultIsStillMalformed() {
        assertThatThrownBy(() -> decode("{" + REQUIRED.replace("\"message\": \"never placed\", ", "") + "}"))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("$.message: missing, expected string");
    }
}
