package io.eventline.brokers.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A Redis entry id as a dead letter's offset: increasing like the ids, and its milliseconds as the log clock. */
class RedisEntryIdTest {

    @Test
    void entryIdsMapToIncreasingOffsetsAndTheirMilliseconds() {
        assertThat(RedisStreamsConsumer.position("1719568800000-0")).isEqualTo(1719568800000L << 20);
        assertThat(RedisStreamsConsumer.position("1719568800000-5")).isEqualTo((1719568800000L << 20) | 5);
        assertThat(RedisStreamsConsumer.position("1719568800000-5"))
                .isLessThan(RedisStreamsConsumer.position("1719568800001-0"));
        assertThat(RedisStreamsConsumer.millis("1719568800000-5")).isEqualTo(1719568800000L);
    }
}
