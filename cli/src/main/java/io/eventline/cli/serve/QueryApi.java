package io.eventline.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP query API's routes on the JDK's own {@link HttpServer}. Why not Javalin: five GET routes need no
 * framework, and Javalin would bring Jetty and slf4j 2 into a jar whose kafka-clients binds slf4j 1.7 (STACK.md);
 * the JDK server adds nothing to the CLI jar. Every answer is JSON, errors included; see {@code openapi.json}.
 */
final class QueryApi {

    /** What a route does with a validated request. */
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    /** A GET route: a path pattern (group 1, if any, is the id), the query parameters it takes. */
    record Route(Pattern path, List<String> params, Handler handler) {}

    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);

    private final List<Route> routes;

    QueryApi(ReadModelResources readModels, HealthCheck health) {
        byte[] openApi = openApiDocument();
        routes = List.of(
                new Route(Pattern.compile("/orders/([^/]+)"), List.of("minSequence", "wait"), readModels::order),
                new Route(Pattern.compile("/customers/([^/]+)"), List.of(), readModels::customer),
                new Route(Pattern.compile("/status"), List.of(), readModels::statusRows),
                new Route(Pattern.compile("/health"), List.of(), health::health),
                new Route(Pattern.compile("/openapi.json"), List.of(), request -> ApiResponse.raw(200, openApi)));
    }

    HttpServer start(String host, int port, ExecutorService executor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
        return server;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange).write(exchange);
        }
    }

    private ApiResponse answer(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                return ApiResponse.error(405, "method-not-allowed", exchange.getRequestMethod() + " " + path
                        + ": only GET").header("Allow", "GET");
            }
            try {
                String id = m.groupCount() == 0 ? null : decodePathSegment(m.group(1));
                return route.handler().handle(ApiRequest.parse(id, exchange.getRequestURI().getRawQuery(), route.params()));
            } catch (ApiError e) {
                return ApiResponse.error(e.status, e.code, e.getMessage());
            } catch (SQLException e) {
                return ApiResponse.error(503, "unavailable", "read models unreadable: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ApiResponse.error(503, "unavailable", "shutting down");
            } catch (Exception e) {
                LOG.warn("GET {} failed", path, e);
                return ApiResponse.error(500, "internal", e.toString());
            }
        }
        return ApiResponse.error(404, "not-found", "no resource " + path + " (see /openapi.json)");
    }

    /** Percent-decoding only: in a path, '+' is a plus sign. */
    private static String decodePathSegment(String raw) throws ApiError {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed percent-encoding in the path");
        }
    }

    private static byte[] openApiDocument() {
        try (InputStream in = QueryApi.class.getResourceAsStream("openapi.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
