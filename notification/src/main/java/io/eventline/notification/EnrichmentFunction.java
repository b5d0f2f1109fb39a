package io.eventline.notification;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * One lookup per notification, behind a Resilience4j circuit breaker and thread-pool bulkhead (one of each per
 * subtask). The bulkhead's threads are the only ones that call the API, at most {@code maxConcurrentCalls} at once;
 * the rest queue in it (its queue holds the operator's whole capacity, so it is never full in practice). A call the
 * open breaker refuses is not made: it becomes a transient failure that the operator's retry strategy backs off and
 * retries, so while the API is down the job waits (and backpressures when its capacity is full) instead of
 * hammering it, and drops nothing.
 *
 * <p>Metrics (operator scope): {@code circuitBreakerState} (0 closed, 1 open, 2 half-open, 3 other),
 * {@code circuitBreakerTransitions{transition=CLOSED_TO_OPEN|OPEN_TO_HALF_OPEN|HALF_OPEN_TO_CLOSED|...}},
 * {@code enrichmentCalls}, {@code enrichmentFailures{reason=...}}.
 */
final class EnrichmentFunction extends RichAsyncFunction<OrderNotification, Enrichment> {

    private static final long serialVersionUID = 1L;

    static final String CIRCUIT_OPEN = "circuit-open";
    static final String BULKHEAD_FULL = "bulkhead-full";
    static final String OPERATOR_TIMEOUT = "operator-timeout";
    private static final List<String> REASONS = List.of(OrderDetailsClient.HTTP_5XX, OrderDetailsClient.TIMEOUT,
            OrderDetailsClient.CONNECT, OrderDetailsClient.IO, OrderDetailsClient.ORDER_UNKNOWN,
            OrderDetailsClient.HTTP_4XX, OrderDetailsClient.BAD_RESPONSE, CIRCUIT_OPEN, BULKHEAD_FULL, OPERATOR_TIMEOUT);

    private final EnrichmentSettings settings;
    private transient OrderDetailsClient client;
    private transient CircuitBreaker breaker;
    private transient ThreadPoolBulkhead bulkhead;
    private transient Counter calls;
    private transient Map<String, Counter> failures;

    EnrichmentFunction(EnrichmentSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        client = new OrderDetailsClient(settings.detailsUrl(), settings.callTimeout());
        breaker = CircuitBreaker.of("order-api", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerWindow())
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenWait())
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
        bulkhead = ThreadPoolBulkhead.of("order-api", ThreadPoolBulkheadConfig.custom()
                .coreThreadPoolSize(settings.maxConcurrentCalls())
                .maxThreadPoolSize(settings.maxConcurrentCalls())
                .queueCapacity(settings.capacity())
                .build());

        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        metrics.gauge("circuitBreakerState", () -> switch (breaker.getState()) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        });
        Map<CircuitBreaker.StateTransition, Counter> transitions = new EnumMap<>(CircuitBreaker.StateTransition.class);
        for (CircuitBreaker.StateTransition t : CircuitBreaker.StateTransition.values()) {
            transitions.put(t, metrics.addGroup("transition", t.name()).counter("circuitBreakerTransitions"));
        }
        breaker.getEventPublisher().onStateTransition(e -> transitions.get(e.getStateTransition()).inc());
        calls = metrics.counter("enrichmentCalls");
        failures = new HashMap<>();
        for (String reason : REASONS) {
            failures.put(reason, metrics.addGroup("reason", reason).counter("enrichmentFailures"));
        }
    }

    @Override
    public void asyncInvoke(OrderNotification n, ResultFuture<Enrichment> result) {
        if (!breaker.tryAcquirePermission()) {
            complete(result, Enrichment.failure(n, CIRCUIT_OPEN, "circuit breaker open: order API presumed down", true));
            return;
        }
        try {
            bulkhead.executeSupplier(() -> call(n)).whenComplete((r, unexpected) -> complete(result, r != null ? r
                    : Enrichment.failure(n, OrderDetailsClient.IO, String.valueOf(unexpected), true)));
        } catch (BulkheadFullException e) {
            breaker.releasePermission();
            complete(result, Enrichment.failure(n, BULKHEAD_FULL, e.getMessage(), true));
        }
    }

    /** On a bulkhead thread: the call, and what the breaker learns from it. */
    private Enrichment call(OrderNotification n) {
        calls.inc();
        long start = System.nanoTime();
        Enrichment r = client.enrich(n);
        long took = System.nanoTime() - start;
        if (r.succeeded() || !r.transientFailure) {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS); // the API answered: a 404 is not an outage
        } else {
            breaker.onError(took, TimeUnit.NANOSECONDS, new EnrichmentFailure(r.failureReason, r.failureMessage));
        }
        return r;
    }

    /** Over the operator's timeout (all attempts): a transient failure the job dead-letters, never an exception. */
    @Override
    public void timeout(OrderNotification n, ResultFuture<Enrichment> result) {
        complete(result, Enrichment.failure(n, OPERATOR_TIMEOUT,
                "no answer within " + settings.operatorTimeout().toMillis() + " ms over all attempts", true));
    }

    private void complete(ResultFuture<Enrichment> result, Enrichment r) {
        if (!r.succeeded()) {
            failures.get(r.failureReason).inc();
        }
        result.complete(List.of(r));
    }

    @Override
    public void close() throws Exception {
        if (bulkhead != null) {
            bulkhead.close();
        }
    }

    /** What the breaker records for a failed call. */
    static final class EnrichmentFailure extends RuntimeException {
        EnrichmentFailure(String reason, String message) {
            super(reason + ": " + message, null, false, false);
        }
    }
}
