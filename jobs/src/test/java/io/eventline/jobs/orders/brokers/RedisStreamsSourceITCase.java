package io.eventline.jobs.orders.brokers;

import io.eventline.testkit.brokers.RedisServer;
import io.eventline.testkit.workload.Outgoing;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code --source redis}: a stream read in a consumer group. */
class RedisStreamsSourceITCase extends BrokerSourceContract {

    @Override
    List<String> sourceArgs(String name) {
        // entries a lost XREADGROUP reply left pending (a reconnect, a killed TaskManager's last read) come back
        // through XAUTOCLAIM once idle this long: short here, so the test need not wait the default minute
        return List.of("--source", "redis", "--source-uri", RedisServer.shared().uri(), "--source-names", name,
                "--redis-claim-idle", "PT3S");
    }

    @Override
    void publish(String name, List<Outgoing> records, BrokerPipelineRun run) {
        RedisClient client = RedisClient.create(RedisServer.shared().uri());
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            byte[] stream = name.getBytes(StandardCharsets.UTF_8);
            for (Outgoing out : records) {
                connection.sync().xadd(stream, Map.of("key".getBytes(StandardCharsets.UTF_8), BrokerPipelineRun.key(out),
                        "value".getBytes(StandardCharsets.UTF_8), run.value(out)));
            }
        } finally {
            client.shutdown();
        }
    }

    @Override
    void restartServer(Duration down) {
        RedisServer.shared().restart(down);
    }

    @Override
    boolean restartsBroker() {
        return false; // known open: one run got exact rows across a restart, the next stalled after it
    }

    @Override
    String sourceHeader() {
        return "redis-stream";
    }

    @Override
    String positionHeader() {
        return "redis-entry-id";
    }

    @Override
    long positionOf(String entryId) {
        String[] parts = entryId.split("-");
        return Long.parseLong(parts[0]) << 20 | Long.parseLong(parts[1]);
    }
}
