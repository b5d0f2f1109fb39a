package io.eventline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ControlCommandTest {

    @Test
    void unparkIsTheDocumentedJson() {
        assertThat(new String(ControlCommand.unpark("ord-1").toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"UNPARK\",\"aggregateId\":\"ord-1\"}");
        assertThat(ControlCommand.fromJson("{\"aggregateId\": \"ord-1\", \"type\": \"UNPARK\", \"by\": \"ops\"}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(ControlCommand.unpark("ord-1"));
    }

    @Test
    void anythingElseIsRejectedWithTheReason() {
        assertThatThrownBy(() -> ControlCommand.fromJson(bytes("{\"type\":\"PARK\",\"aggregateId\":\"a\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown type PARK");
        assertThatThrownBy(() -> ControlCommand.fromJson(bytes("{\"type\":\"UNPARK\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("aggregateId is missing");
        assertThatThrownBy(() -> ControlCommand.fromJson(bytes("not json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> ControlCommand.fromJson(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicNamesDeriveFromTheSourceTopic() {
        assertThat(DeadLetterTopics.dlqTopicFor("orders")).isEqualTo("orders.dlq");
        assertThat(DeadLetterTopics.replayLogFor(DeadLetterTopics.dlqTopicFor("orders"))).isEqualTo("orders.dlq.replayed");
        assertThat(DeadLetterTopics.controlTopicFor("orders")).isEqualTo("orders.control");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
