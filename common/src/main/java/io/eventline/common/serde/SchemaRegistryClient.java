package io.eventline.common.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A minimal client of the Confluent schema-registry REST API (also served by Apicurio at
 * {@code /apis/ccompat/v7}): register a schema under a subject, look a schema up by id.
 *
 * <p>Serializable: only the {@link RegistryConfig} travels; the {@link HttpClient}, the JSON mapper and the
 * Resilience4j retries are transient and created on first use, so an instance used on the client before job
 * submission still serializes. No caching here: {@link ConfluentSchemaCoder} caches ids and schemas.
 *
 * <p>Outages (connection errors, timeouts, 5xx, 429, 408) are retried with exponential backoff as configured
 * in {@link RegistryConfig} (see there for why the retry is bounded), then surface as
 * {@link RegistryUnavailableException}. A 409 answer to a registration is retried separately: Confluent
 * uses it for an incompatible schema, but registries have answered 409 to two racing first registrations of
 * the same subject, which succeed on the next try.
 */
public class SchemaRegistryClient implements Serializable {

    private static final long serialVersionUID = 1L;

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final RegistryConfig config;
    private final AtomicLong httpRequests = new AtomicLong();

    private transient volatile HttpClient http;
    private transient volatile ObjectMapper mapper;
    private transient volatile Retry outageRetry;
    private transient volatile Retry conflictRetry;
    /** When the current registry outage began (System.nanoTime of its first failed call), 0 when none. */
    private transient volatile long outageSinceNanos;

    public SchemaRegistryClient(RegistryConfig config) {
        this.config = config;
    }

    public RegistryConfig config() {
        return config;
    }

    /** HTTP requests sent so far, retries included (for tests and metrics). */
    public long httpRequests() {
        return httpRequests.get();
    }

    /** Whether the HTTP client has been created (it is after the first request). */
    boolean connected() {
        return http != null;
    }

    /** Registers {@code schema} under {@code subject} (idempotent on the registry) and returns its id. */
    public int register(String subject, Schema schema) throws IOException {
        URI uri = URI.create(config.url() + "/subjects/" + encode(subject) + "/versions");
        byte[] body = mapper().writeValueAsBytes(mapper().createObjectNode().put("schema", schema.toString()));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        JsonNode answer = call(() -> withOutageRetry(() -> send(request, "register under " + subject)), true);
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new RegistryException("registry answered without an id: " + answer, 200);
        }
        return id.intValue();
    }

    /**
     * The schema registered with {@code id}; {@link UnknownSchemaException} where there is none. Schema
     * references (Confluent {@code references}: named types registered under their own subjects, as
     * Apicurio's serializers register nested records) are fetched and parsed first, recursively.
     */
    public Schema schemaById(int id) throws IOException {
        JsonNode answer;
        try {
            answer = get(config.url() + "/schemas/ids/" + id, "look up schema " + id);
        } catch (RegistryException e) {
            if (e.status() == 404) {
                throw new UnknownSchemaException("schema id " + id + " is not in the registry: " + e.getMessage(), id, 404);
            }
            throw e;
        }
        Schema.Parser parser = new Schema.Parser();
        String text = avroText(answer, "schema id " + id, id);
        resolveReferences(answer.get("references"), parser, id, 0);
        try {
            return parser.parse(text);
        } catch (SchemaParseException e) {
            throw new UnknownSchemaException("schema id " + id + " does not parse as Avro: " + e.getMessage(), id, 200);
        }
    }

    private void resolveReferences(JsonNode references, Schema.Parser parser, int id, int depth) throws IOException {
        if (references == null || !references.isArray() || references.isEmpty()) {
            return;
        }
        if (depth > 32) {
            throw new UnknownSchemaException("schema id " + id + ": references nested deeper than 32 levels", id, 200);
        }
        for (JsonNode ref : references) {
            String name = ref.path("name").asText();
            String subject = ref.path("subject").asText();
            String version = ref.path("version").asText();
            if (parser.getTypes().containsKey(name)) {
                continue;
            }
            JsonNode answer;
            try {
                answer = get(config.url() + "/subjects/" + encode(subject) + "/versions/" + encode(version),
                        "look up reference " + name + " (" + subject + " v" + version + ") of schema " + id);
            } catch (RegistryException e) {
                if (e.status() == 404) {
                    throw new UnknownSchemaException("schema id " + id + " references " + name + " (" + subject
                            + " v" + version + "), which is not in the registry", id, 404);
                }
                throw e;
            }
            String text = avroText(answer, "reference " + name + " of schema id " + id, id);
            resolveReferences(answer.get("references"), parser, id, depth + 1);
            if (!parser.getTypes().containsKey(name)) {
                try {
                    parser.parse(text);
                } catch (SchemaParseException e) {
                    throw new UnknownSchemaException("reference " + name + " of schema id " + id
                            + " does not parse as Avro: " + e.getMessage(), id, 200);
                }
            }
        }
    }

    private static String avroText(JsonNode answer, String what, int id) throws UnknownSchemaException {
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new UnknownSchemaException(what + " is a " + type.asText() + " schema, not Avro", id, 200);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new UnknownSchemaException("registry answered without a schema for " + what, id, 200);
        }
        return text.asText();
    }

    private JsonNode get(String url, String what) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE)
                .GET()
                .build();
        return call(() -> withOutageRetry(() -> send(request, what)), false);
    }

    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws IOException;
    }

    private JsonNode call(IoSupplier<JsonNode> attempt, boolean retryConflicts) throws IOException {
        if (!retryConflicts) {
            return attempt.get();
        }
        try {
            return conflictRetry().executeCheckedSupplier(attempt::get);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private JsonNode withOutageRetry(IoSupplier<JsonNode> attempt) throws IOException {
        try {
            JsonNode answer = outageRetry().executeCheckedSupplier(attempt::get);
            outageSinceNanos = 0; // the registry answers: the next outage gets the whole wait again
            return answer;
        } catch (RegistryUnavailableException e) {
            String tried = config.outageWait().isZero() ? "after " + config.maxAttempts() + " attempt(s)"
                    : "for " + Duration.ofNanos(System.nanoTime() - outageSinceNanos).toSeconds()
                            + " s (waited out for up to " + config.outageWait() + ")";
            RegistryUnavailableException out = new RegistryUnavailableException(
                    "schema registry unavailable " + tried + ": " + e.getMessage(), e.status(), e.getCause());
            out.setStackTrace(e.getStackTrace());
            throw out;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private JsonNode send(HttpRequest request, String what) throws IOException {
        HttpResponse<byte[]> response;
        httpRequests.incrementAndGet();
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while trying to " + what);
        } catch (IOException e) {
            // connection refused, reset, timeout: the registry is not there (yet).
            throw new RegistryUnavailableException(
                    "cannot " + what + " at " + request.uri() + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()), -1, e);
        }
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            try {
                return mapper().readTree(body);
            } catch (IOException e) {
                throw new RegistryException("cannot " + what + ": unreadable answer " + abbreviate(body), status);
            }
        }
        String message = "cannot " + what + ": HTTP " + status + " " + abbreviate(body);
        if (status >= 500 || status == 429 || status == 408) {
            throw new RegistryUnavailableException(message, status, null);
        }
        if (status == 409) {
            throw new ConflictException(message);
        }
        throw new RegistryException(message, status);
    }

    /** A 409 answer: retried a few times on registration. */
    static final class ConflictException extends RegistryException {
        private static final long serialVersionUID = 1L;

        ConflictException(String message) {
            super(message, 409);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .connectTimeout(config.connectTimeout())
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                }
                h = http;
            }
        }
        return h;
    }

    private ObjectMapper mapper() {
        ObjectMapper m = mapper;
        if (m == null) {
            m = new ObjectMapper();
            mapper = m;
        }
        return m;
    }

    private Retry outageRetry() {
        Retry r = outageRetry;
        if (r == null) {
            boolean waitOut = !config.outageWait().isZero();
            r = Retry.of("schema-registry-outage", RetryConfig.custom()
                    .maxAttempts(waitOut ? Integer.MAX_VALUE : config.maxAttempts())
                    .intervalFunction(IntervalFunction.ofExponentialBackoff(
                            config.initialBackoff(), config.backoffMultiplier(), config.maxBackoff()))
                    .retryOnException(e -> e instanceof RegistryUnavailableException && (!waitOut || stillWaiting()))
                    .build());
            outageRetry = r;
        }
        return r;
    }

    /** Within the outage wait: the outage starts at its first failed call and ends with a successful one. */
    private boolean stillWaiting() {
        long now = System.nanoTime();
        if (outageSinceNanos == 0) {
            outageSinceNanos = now;
        }
        return now - outageSinceNanos < config.outageWait().toNanos();
    }

    private Retry conflictRetry() {
        Retry r = conflictRetry;
        if (r == null) {
            r = Retry.of("schema-registry-409", RetryConfig.custom()
                    .maxAttempts(config.conflictAttempts())
                    .waitDuration(config.conflictBackoff())
                    .retryOnException(e -> e instanceof ConflictException)
                    .build());
            conflictRetry = r;
        }
        return r;
    }
}
