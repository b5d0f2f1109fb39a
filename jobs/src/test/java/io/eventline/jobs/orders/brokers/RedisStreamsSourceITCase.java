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
        // the default claim idle (a minute): entries a lost XREADGROUP reply left pending (the restart) or a killed
        // TaskManager had read must come back by re-reading the own pending entries, not through XAUTOCLAIM
        return List.of("--source", "redis", "--source-uri", RedisServer.shared().uri(), "--source-names", name);
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
