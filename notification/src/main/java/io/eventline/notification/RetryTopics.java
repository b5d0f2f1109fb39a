package io.eventline.notification;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The retry tiers of a source topic, as Spring Kafka's non-blocking retries name them: {@code <topic>.retry-<delay>}
 * with increasing delays (default 10s, 1m, 10m), then {@code <topic>.dlq}. A notification whose lookups the
 * in-operator retries could not complete goes to tier 0; each tier re-injects it once its delay has passed; after
 * the last tier it is dead-lettered with its history.
 */
public final class RetryTopics implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String sourceTopic;
    private final List<Duration> delays;

    public RetryTopics(String sourceTopic, List<Duration> delays) {
        this.sourceTopic = sourceTopic;
        this.delays = List.copyOf(delays);
        for (int i = 1; i < this.delays.size(); i++) {
            if (this.delays.get(i).compareTo(this.delays.get(i - 1)) < 0) {
                throw new IllegalArgumentException("retry delays must not decrease: " + delays);
            }
        }
    }

    /** No retry topics: transient failures past the in-operator retries are dead-lettered at once. */
    public static RetryTopics none(String sourceTopic) {
        return new RetryTopics(sourceTopic, List.of());
    }

    public int tiers() {
        return delays.size();
    }

    public Duration delay(int tier) {
        return delays.get(tier);
    }

    public String topic(int tier) {
        return sourceTopic + ".retry-" + label(delays.get(tier));
    }

    public List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < delays.size(); i++) {
            topics.add(topic(i));
        }
        return topics;
    }

    /** The tier a retry topic belongs to, or -1. */
    public int tierOf(String topic) {
        for (int i = 0; i < delays.size(); i++) {
            if (topic(i).equals(topic)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code 10s}, {@code 1m}, {@code 2h}, {@code 500ms}: the largest whole unit. */
    static String label(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
