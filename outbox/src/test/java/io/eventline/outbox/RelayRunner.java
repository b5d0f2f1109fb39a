package io.eventline.outbox;

import io.eventline.outbox.relay.OutboxRelayJob;
import io.eventline.outbox.relay.OutboxSource;
import io.eventline.outbox.relay.OutboxSourceSettings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.time.Duration;

/**
 * Submits the relay job (the real source and exactly-once sink) to the test's MiniCluster. A short Kafka
 * transaction timeout: a killed TaskManager's open transaction holds read_committed consumers back until then.
 */
public final class RelayRunner {

    private RelayRunner() {}

    public static JobClient start(OutboxSourceSettings settings, String bootstrapServers, String topic,
            String registryUrl, String transactionalIdPrefix, long checkpointMillis) throws Exception {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        config.set(PipelineOptions.GENERIC_TYPES, false); // no Kryo anywhere in the relay
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(checkpointMillis);
        OutboxRelayJob.defineWorkflow(env, new OutboxSource(settings),
                OutboxRelayJob.kafkaSink(bootstrapServers, topic, registryUrl, transactionalIdPrefix, 15_000));
        return env.executeAsync("outbox-relay " + topic);
    }
}
