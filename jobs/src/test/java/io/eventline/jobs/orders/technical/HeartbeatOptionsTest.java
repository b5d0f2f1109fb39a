package io.eventline.jobs.orders.technical;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.jobs.orders.JobCommandLine;
import io.eventline.jobs.orders.JobOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --heartbeats} and {@code --technical-topic [TOPIC]}: off by default, {@code <topic>.technical} without a name. */
class HeartbeatOptionsTest {

    @Test
    void offByDefault() {
        JobOptions options = JobCommandLine.parse("--topic", "orders");
        assertThat(options.technicalTopic()).isNull();
        assertThat(options.heartbeatInterval).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void heartbeatsAloneWriteToTheSourceTopicDotTechnical() {
        assertThat(JobCommandLine.parse("--topic", "shop", "--heartbeats").technicalTopic()).isEqualTo("shop.technical");
        assertThat(JobCommandLine.parse("--topic", "shop", "--technical-topic").technicalTopic()).isEqualTo("shop.technical");
    }

    @Test
    void aNamedTopicTurnsHeartbeatsOn() {
        JobOptions options = JobCommandLine.parse("--technical-topic", "ops.technical", "--topic", "shop",
                "--heartbeat-interval", "PT5S");
        assertThat(options.technicalTopic()).isEqualTo("ops.technical");
        assertThat(options.heartbeatInterval).isEqualTo(Duration.ofSeconds(5));
    }
}
