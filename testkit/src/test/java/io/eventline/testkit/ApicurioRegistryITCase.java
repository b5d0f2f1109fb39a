package io.eventline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The registry starts on loopback, answers its Confluent-compatible API, and close() stops it. */
class ApicurioRegistryITCase {

    @Test
    void startsAnswersAndStops() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.start();
        try {
            System.out.println("Apicurio registry started in " + registry.startupMillis() + " ms: " + registry);
            assertThat(registry.ccompatUrl()).isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7");
            assertThat(registry.registryV3Url()).isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/registry/v3");
            HttpURLConnection c = (HttpURLConnection) new URL(registry.ccompatUrl() + "/subjects").openConnection();
            assertThat(c.getResponseCode()).isEqualTo(200);
            assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("[]");
            assertThat(registry.isRunning()).isTrue();
            assertThat(Files.size(registry.logFile())).isPositive();
        } finally {
            registry.close();
        }
        assertThat(registry.isRunning()).isFalse();
        HttpURLConnection after = (HttpURLConnection) new URL(registry.ccompatUrl() + "/subjects").openConnection();
        after.setConnectTimeout(1000);
        org.assertj.core.api.Assertions.assertThatThrownBy(after::getResponseCode).isInstanceOf(java.net.ConnectException.class);
    }
}
