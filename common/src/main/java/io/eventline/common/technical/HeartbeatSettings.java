package io.eventline.common.technical;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the partition heartbeats watch and how often: the input topic, the consumer group whose committed offsets
 * measure progress, the tick interval, the stall threshold, and the broker call timeout (a tick's admin calls run on the heartbeat
 * source's task thread, so a slow broker delays the next tick, never anything else).
 */
public record HeartbeatSettings(String bootstrapServers, String topic, String groupId, Duration interval,
        Duration stallAfter, Duration adminTimeout, Map<String, String> adminProperties) implements Serializable {

    public HeartbeatSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive: " + interval);
        }
        if (stallAfter.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("the stall threshold (" + stallAfter
                    + ") must be longer than the heartbeat interval (" + interval + ")");
        }
        adminProperties = Map.copyOf(adminProperties);
    }

    /**
     * With a broker call timeout of the interval, within 5 to 10 s (a first group-offset fetch finds the group
     * coordinator first, which takes more than a second on a loaded broker; a slow tick only delays the next), and no
     * extra admin client properties.
     */
    public static HeartbeatSettings of(String bootstrapServers, String topic, String groupId, Duration interval,
            Duration stallAfter) {
        Duration timeout = interval.compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT
                : interval.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : interval;
        return new HeartbeatSettings(bootstrapServers, topic, groupId, interval, stallAfter, timeout, Map.of());
    }

    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
}
