package io.eventline.cli.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The two calls of a Confluent-compatible schema registry the CLI needs, cached: the schema of an id (to read a
 * dead letter) and the id of a schema under a subject (to republish an event). The job's own client lives in
 * common/serde, which is a Flink module the CLI may not depend on; a CLI run is short, so no retry or backoff.
 */
public final class RegistryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();

    /** @param url e.g. {@code http://localhost:8085/apis/ccompat/v7} */
    public RegistryClient(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Schema schemaById(int id) throws IOException {
        Schema known = schemas.get(id);
        if (known == null) {
            JsonNode answer = call(HttpRequest.newBuilder(URI.create(url + "/schemas/ids/" + id)).GET());
            known = new Schema.Parser().parse(answer.path("schema").asText());
            schemas.put(id, known);
        }
        return known;
    }

    /** Registers {@code schema} under {@code subject} unless it is there; returns its id. */
    public int idOf(String subject, Schema schema) throws IOException {
        String key = subject + "\n" + schema;
        Integer known = ids.get(key);
        if (known == null) {
            String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
            URI uri = URI.create(url + "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions");
            known = call(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))).path("id").asInt();
            ids.put(key, known);
            schemas.putIfAbsent(known, schema);
        }
        return known;
    }

    private JsonNode call(HttpRequest.Builder request) throws IOException {
        HttpRequest built = request.timeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + built.uri(), e);
        } catch (IOException e) {
            throw new IOException("schema registry unreachable at " + built.uri() + ": " + e, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("schema registry answered " + response.statusCode() + " to " + built.method() + " "
                    + built.uri() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
