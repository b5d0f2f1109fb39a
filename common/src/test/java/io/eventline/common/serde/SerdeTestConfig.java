package io.eventline.common.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.Schema;

/** Registry settings with short retries so that outage tests take milliseconds. */
public final class SerdeTestConfig {

    public static final int ATTEMPTS = 3;

    private SerdeTestConfig() {}

    public static RegistryConfig fast(String url) {
        return RegistryConfig.builder(url)
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(5))
                .maxAttempts(ATTEMPTS)
                .backoff(Duration.ofMillis(20), 2.0, Duration.ofMillis(80))
                .conflictRetry(3, Duration.ofMillis(5))
                .build();
    }

    /** A loopback URL where nothing listens: connection refused. */
    public static String deadUrl() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/apis/ccompat/v7";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String schemaAnswer(Schema schema) {
        try {
            return new ObjectMapper().writeValueAsString(new ObjectMapper().createObjectNode().put("schema", schema.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
