package io.eventline.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.common.technical.HeartbeatSettings;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** What {@code --heartbeats} watches, and the settings it refuses at start. */
class HeartbeatWiringTest {

    @Test
    void theInputTopicAndTheJobsConsumerGroup() {
        StreamExecutionEnvironment env = environment(Duration.ofSeconds(10));
        HeartbeatSettings settings = OrderProjectionsJob.heartbeatSettings(env, JobCommandLine.parse(
                "--heartbeats", "--topic", "shop", "--group-id", "shop-projections", "--bootstrap-servers", "b:9092"));
        assertThat(settings).isEqualTo(new HeartbeatSettings("b:9092", "shop", "shop-projections",
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10), java.util.Map.of()));
    }

    @Test
    void aStallThresholdWithinTheCheckpointIntervalIsRefused() {
        // committed offsets move only on checkpoints: every partition with lag would count as stalled
        assertThatThrownBy(() -> OrderProjectionsJob.heartbeatSettings(environment(Duration.ofSeconds(30)),
                JobCommandLine.parse("--heartbeats", "--stall-after", "PT30S", "--heartbeat-interval", "PT5S")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--stall-after (PT30S) must exceed the checkpoint interval (PT30S): committed offsets move only on checkpoints");
    }

    @Test
    void aStallThresholdWithinTheHeartbeatIntervalIsRefused() {
        assertThatThrownBy(() -> OrderProjectionsJob.heartbeatSettings(environment(Duration.ofSeconds(1)),
                JobCommandLine.parse("--heartbeats", "--stall-after", "PT10S", "--heartbeat-interval", "PT10S")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stall threshold (PT10S) must be longer than the heartbeat interval (PT10S)");
    }

    @Test
    void anotherBrokersInputIsRefused() {
        assertThatThrownBy(() -> OrderProjectionsJob.heartbeatSettings(environment(Duration.ofSeconds(10)),
                JobCommandLine.parse("--heartbeats", "--source", "rabbitmq")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--heartbeats watches a Kafka input's partitions; --source is RABBITMQ");
    }

    private static StreamExecutionEnvironment environment(Duration checkpointInterval) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(checkpointInterval.toMillis());
        return env;
    }
}
