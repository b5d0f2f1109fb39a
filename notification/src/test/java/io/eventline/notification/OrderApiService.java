package io.eventline.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The downstream the notification job enriches from: a small order API over real HTTP ({@code GET
 * /orders/{id}} answers the order's details as JSON, 404 for unknown ids), with faults to inject: latency on every
 * answer, a 503 on every n-th request or on every request for some orders, every n-th request hanging past the
 * client's timeout, and an outage (the
 * server stopped: connections refused) until {@link #recover}.
 */
final class OrderApiService implements AutoCloseable {

    private final Map<String, String> orders = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final int port;
    private volatile HttpServer server;
    volatile long latencyMs;
    volatile int failEvery;
    volatile int hangEvery;
    volatile long hangMs;
    /** Orders whose every lookup answers 503: a downstream that stays broken for them. */
    final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();

    OrderApiService() throws IOException {
        server = start(0);
        port = server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void put(String orderId, String customerId, String customerName, String status, int items, String total) {
        orders.put(orderId, "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customerId + "\",\"customerName\":\""
                + customerName + "\",\"status\":\"" + status + "\",\"itemCount\":" + items + ",\"total\":" + total
                + ",\"currency\":\"USD\",\"ignoredByTolerantReaders\":true}");
    }

    long requests() {
        return requests.get();
    }

    void healthy() {
        latencyMs = 0;
        failEvery = 0;
        hangEvery = 0;
    }

    /** Stops listening: calls are refused until {@link #recover}. */
    void outage() {
        server.stop(0);
    }

    void recover() throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                server = start(port);
                return;
            } catch (BindException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private HttpServer start(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        s.createContext("/orders/", this::answer);
        s.setExecutor(threads);
        s.start();
        return s;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            long n = requests.incrementAndGet();
            sleep(latencyMs);
            if (hangEvery > 0 && n % hangEvery == 0) {
                sleep(hangMs);
            }
            if (failEvery > 0 && n % failEvery == 0) {
                send(exchange, 503, "{\"error\":\"injected\"}");
                return;
            }
            String id = exchange.getRequestURI().getPath().substring("/orders/".length());
            if (failing.contains(id)) {
                send(exchange, 503, "{\"error\":\"injected for this order\"}");
                return;
            }
            String body = orders.get(id);
            send(exchange, body == null ? 404 : 200, body == null ? "{\"error\":\"no such order\"}" : body);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // the client timed out and closed the connection: nothing to answer
        }
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
