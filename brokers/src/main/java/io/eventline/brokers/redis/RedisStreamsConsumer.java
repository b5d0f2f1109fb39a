package io.eventline.brokers.redis;

import io.eventline.brokers.source.BrokerConsumer;
import io.eventline.brokers.source.BrokerMessage;
import io.eventline.brokers.source.Headers;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream in a consumer group on Lettuce. Entry layout: field {@code value} (the event bytes), optional
 * {@code key}, any other field is a header. Reading starts with this consumer's own pending entries (delivered
 * before a crash, never acknowledged), then new ones ({@code >}); every {@code claimIdle} it takes over entries
 * pending that long for other consumers (XAUTOCLAIM). After a connection error or a reconnect it reads its pending
 * entries again.
 * New entries are read only while fewer than {@code maxUnacknowledged} delivered entries wait for their XACK (what
 * RabbitMQ's prefetch and JetStream's max ack pending do on the server). XACK goes over a second connection,
 * because a blocking XREADGROUP holds the first.
 *
 * <p>Dead-letter coordinates: source topic = the stream, offset = the entry id as {@code ms << 20 | seq}
 * (monotonic), headers {@code redis-stream}, {@code redis-entry-id} (the id as Redis spells it),
 * {@code redis-group}. The log clock is the id's milliseconds: the time Redis appended the entry.
 */
final class RedisStreamsConsumer implements BrokerConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsConsumer.class);
    /** A command waits this long for a reply, also across a reconnect (Lettuce's default is a minute). */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final RedisStreamsConnector settings;
    private final byte[] stream;
    private final String streamName;
    private final Consumer<byte[]> consumer;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> reads;
    private final StatefulRedisConnection<byte[], byte[]> acks;
    /** Set by Lettuce on every (re)connect: the fetcher thread then reads this consumer's pending entries again. */
    private final AtomicBoolean connected = new AtomicBoolean();
    /** Entries delivered and not yet acknowledged (the poll adds, acks subtract): bounds new reads. */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private boolean readPending = true;
    private String pendingAfter = "0";
    private boolean groupReady;
    private long nextClaimAt;

    RedisStreamsConsumer(RedisStreamsConnector settings, String stream, String consumerName) {
        this.settings = settings;
        this.streamName = stream;
        this.stream = stream.getBytes(StandardCharsets.UTF_8);
        this.consumer = Consumer.from(settings.group().getBytes(StandardCharsets.UTF_8),
                consumerName.getBytes(StandardCharsets.UTF_8));
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(uri);
        // Lettuce reconnects by itself and re-sends a command whose reply the outage swallowed: an XREADGROUP the
        // server had already served leaves its entries pending for this consumer, and no error tells us. So every
        // reconnect makes the next poll read the own pending entries (from 0) again.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                connected.set(true);
            }
        });
        this.reads = client.connect(ByteArrayCodec.INSTANCE);
        this.acks = client.connect(ByteArrayCodec.INSTANCE);
    }

    @Override
    public List<BrokerMessage> poll(Duration maxWait) throws InterruptedException {
        try {
            if (connected.getAndSet(false)) {
                readPending = true;
                pendingAfter = "0";
            }
            if (readPending && "0".equals(pendingAfter)) {
                unacknowledged.set(0); // the pending pass delivers (and counts) them all again
            }
            ensureGroup();
            List<BrokerMessage> claimed = claimIfDue();
            if (!claimed.isEmpty()) {
                return claimed;
            }
            if (readPending) {
                // XREADGROUP from an id returns this consumer's pending entries after it: page through them
                List<StreamMessage<byte[], byte[]>> pending = reads.sync().xreadgroup(consumer,
                        XReadArgs.Builder.count(settings.count()), XReadArgs.StreamOffset.from(stream, pendingAfter));
                if (pending.isEmpty()) {
                    readPending = false; // own backlog done: from now on only new entries
                } else {
                    pendingAfter = pending.get(pending.size() - 1).getId();
                    return messages(pending);
                }
            }
            int room = Math.min(settings.count(), settings.maxUnacknowledged() - unacknowledged.get());
            if (room <= 0) {
                Thread.sleep(maxWait.toMillis()); // wait for a checkpoint to acknowledge
                return List.of();
            }
            List<StreamMessage<byte[], byte[]>> entries = reads.sync().xreadgroup(consumer,
                    XReadArgs.Builder.count(room).block(Math.max(1, maxWait.toMillis())),
                    XReadArgs.StreamOffset.lastConsumed(stream));
            return messages(entries);
        } catch (RedisException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while reading " + streamName);
            }
            LOG.warn("reading stream {} failed, retrying (pending entries are read again): {}", streamName, e.toString());
            readPending = true;
            pendingAfter = "0";
            groupReady = false;
            Thread.sleep(Math.max(100, maxWait.toMillis()));
            return List.of();
        }
    }

    private void ensureGroup() {
        if (groupReady) {
            return;
        }
        try {
            reads.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), consumer.getGroup(),
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException exists) {
            // BUSYGROUP: the group is there already
        }
        groupReady = true;
    }

    private List<BrokerMessage> claimIfDue() {
        long now = System.currentTimeMillis();
        if (now < nextClaimAt) {
            return List.of();
        }
        nextClaimAt = now + settings.claimIdle().toMillis();
        List<BrokerMessage> claimed = new ArrayList<>();
        String start = "0-0";
        do {
            ClaimedMessages<byte[], byte[]> page = reads.sync().xautoclaim(stream,
                    XAutoClaimArgs.Builder.xautoclaim(consumer, settings.claimIdle(), start).count(settings.count()));
            claimed.addAll(messages(page.getMessages()));
            start = page.getId();
        } while (!"0-0".equals(start) && claimed.size() < settings.count());
        if (!claimed.isEmpty()) {
            LOG.info("took over {} entries of stream {} pending for other consumers", claimed.size(), streamName);
        }
        return claimed;
    }

    private List<BrokerMessage> messages(List<StreamMessage<byte[], byte[]>> entries) {
        unacknowledged.addAndGet(entries.size());
        List<BrokerMessage> out = new ArrayList<>(entries.size());
        for (StreamMessage<byte[], byte[]> entry : entries) {
            out.add(message(entry));
        }
        return out;
    }

    private BrokerMessage message(StreamMessage<byte[], byte[]> entry) {
        String id = entry.getId();
        Headers headers = new Headers();
        byte[] key = null;
        byte[] value = null;
        Map<byte[], byte[]> body = entry.getBody();
        if (body != null) {
            for (Map.Entry<byte[], byte[]> field : body.entrySet()) {
                String name = new String(field.getKey(), StandardCharsets.UTF_8);
                switch (name) {
                    case "value" -> value = field.getValue();
                    case "key" -> key = field.getValue();
                    default -> headers.put(name, field.getValue());
                }
            }
        }
        headers.put("redis-stream", streamName).put("redis-entry-id", id).put("redis-group", settings.group());
        return new BrokerMessage(streamName, position(id), id, millis(id), key, value, headers.build(), this, id);
    }

    /** The entry id {@code ms-seq} as one increasing long: {@code ms << 20 | seq} (seq capped at 2^20 - 1). */
    static long position(String id) {
        int dash = id.indexOf('-');
        long ms = Long.parseLong(id.substring(0, dash));
        long seq = Math.min(Long.parseLong(id.substring(dash + 1)), (1L << 20) - 1);
        return ms << 20 | seq;
    }

    static long millis(String id) {
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    @Override
    public void acknowledge(List<BrokerMessage> messages) {
        String[] ids = messages.stream().map(m -> (String) m.ackToken()).toArray(String[]::new);
        unacknowledged.accumulateAndGet(ids.length, (n, acked) -> Math.max(0, n - acked));
        try {
            acks.sync().xack(stream, consumer.getGroup(), ids);
        } catch (RedisException e) {
            LOG.warn("could not XACK {} entries of stream {} (they stay pending and are read again): {}", ids.length,
                    streamName, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            reads.close();
            acks.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
