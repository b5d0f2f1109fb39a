package io.eventline.common.serde;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A scripted stand-in for a schema registry on loopback (JDK HttpServer): a fault injector for answers a
 * real registry will not give on demand (409 once, 503 twice). Records every request.
 */
public final class FakeRegistry implements AutoCloseable {

    public record Request(String method, String path, String body) {}

    public record Response(int status, String body) {}

    private final HttpServer server;
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeRegistry(Function<Request, Response> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body);
            requests.add(request);
            Response response = script.apply(request);
            byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    public long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
